"""The root of every error the product raises, and the core package's own errors.

Each package keeps one hierarchy under FoiError (core here, search.errors, ingest.errors), so an
edge (CLI, UI) that turns errors into messages can catch them all at once.
"""

from __future__ import annotations


class FoiError(Exception):
    """Base of every error the product raises on purpose."""


class CoreError(FoiError):
    """Base of the core package's errors."""


class SettingsError(CoreError):
    """An FOI_* environment variable (or a settings field) has a value that cannot be used."""


class EncoderError(CoreError):
    """The embedding model cannot be loaded or run."""
