"""The ingest package's one error hierarchy.

Library errors (unstructured, pdfminer, zipfile, email, ...) are wrapped at the
boundary with `raise ... from e`; only the edge (CLI, UI) turns them into
messages. A per-file error ends up in the ledger with its `reason`.
"""

from __future__ import annotations

from core.errors import FoiError


class IngestError(FoiError):
    """Base of every ingest error."""


class FileProblemError(IngestError):
    """One input cannot be indexed; the run goes on and the ledger records why.

    `reason` is the short, user-facing explanation written to the ledger.
    """

    status = "failed"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[FileProblemError], tuple[str, str]]:
        # Problems travel back from worker processes: pickle the real arguments.
        return (type(self), (self.path, self.reason))


class UnsupportedFormatError(FileProblemError):
    """Not a format we read (recorded as skipped, not failed)."""

    status = "skipped"


class EmptyFileError(FileProblemError):
    """The file has no content to index (recorded as skipped)."""

    status = "skipped"


class TinyImageError(FileProblemError):
    """An image too small to hold text (a logo, signature or spacer): not OCR'd (recorded as skipped)."""

    status = "skipped"


class EncryptedFileError(FileProblemError):
    """Password-protected PDF, Office file or archive member."""


class CorruptFileError(FileProblemError):
    """The file claims a format but cannot be parsed as it."""


class FileTooLargeError(FileProblemError):
    """Over the configured size limit (FOI_MAX_FILE_MB)."""


class ArchiveLimitError(FileProblemError):
    """An archive member escapes its folder, or the archive exceeds the expansion or depth limits."""


class ExpansionLimitError(ArchiveLimitError):
    """The expansion budget of one input file is spent: the remaining members are not opened."""


class ExtractionTimeoutError(FileProblemError):
    """Extraction ran past the per-file time limit (FOI_FILE_TIMEOUT_S)."""


class ExtractionError(FileProblemError):
    """Any other failure of an extractor on one file."""


class LedgerError(IngestError):
    """The ingest ledger of an index cannot be read or written."""


class FoiDataError(IngestError):
    """The FOI rules or the authority gazetteer (shipped or user-supplied) cannot be read."""
