"""What every `foi` command module shares: the --index option and the settings from the environment."""

from __future__ import annotations

from dataclasses import replace

import click

from core.errors import FoiError
from core.settings import Settings

INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    metavar="DIR_OR_URL",
    help="Index folder or OpenSearch URL (default: $FOI_INDEX_DIR, else $FOI_OPENSEARCH_URL, else foi-index).",
)


def settings_from_env(**overrides: str | None) -> Settings:
    """The environment's settings, with the options given on the command line."""
    try:
        settings = Settings.from_env()
        given = {name: value for name, value in overrides.items() if value is not None}
        return replace(settings, **given) if given else settings  # type: ignore[arg-type]
    except FoiError as e:
        raise click.ClickException(str(e)) from e
