"""What every `foi` command module shares: the --index option and the settings from the environment."""

from __future__ import annotations

import click

from core.errors import FoiError
from core.settings import Settings

INDEX = click.option(
    "--index",
    "location",
    help="Index folder or OpenSearch URL (default: $FOI_INDEX_DIR, else $FOI_OPENSEARCH_URL, else foi-index).",
)


def settings_from_env() -> Settings:
    try:
        return Settings.from_env()
    except FoiError as e:
        raise click.ClickException(str(e)) from e
