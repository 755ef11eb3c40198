"""`foi compare`: one round-robin campaign, authority by authority."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.options import INDEX_OPTION, settings_from_env
from core.errors import FoiError
from core.location import IndexLocation
from core.settings import Settings
from search.client import SearchClient
from search.compare import Comparison
from search.serialize import comparison_to_dict

console = Console()


@click.command()
@click.argument("campaign_id")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: counts, then one answer per authority.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per authority.")
def compare(campaign_id: str, index_dir: str | None, as_json: bool, as_csv: bool) -> None:
    """Compare the answers to one round-robin request (the same question sent to many authorities):
    who disclosed, who refused and under which section, who has not answered.

    Campaign ids are in `foi search --json` (`campaign_id`) and `foi search --group campaign`.

    Example: foi compare cmp-3f2a9c1b7d4e --index foi-index --csv > answers.csv
    """
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    settings = settings_from_env()
    try:
        client = SearchClient.open(IndexLocation.resolve(index_dir, settings), settings)
        comparison = client.compare(campaign_id, complete_sets(settings))
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(comparison_to_dict(comparison), ensure_ascii=False))
    elif as_csv:
        click.echo(comparison.to_csv(), nl=False)
    else:
        _print(comparison)


def complete_sets(settings: Settings) -> dict[str, tuple[tuple[str, str], ...]]:
    """The gazetteer's sets of authorities listed in full (with the user's CSV, when set)."""
    from ingest.foi.authorities import gazetteer_for  # FOI rules load only for the command that needs them

    return gazetteer_for(settings.authorities_csv).complete_set_members()


def _print(comparison: Comparison) -> None:
    console.print(f"[bold]{escape(comparison.campaign_id)}[/]: {escape(comparison.summary())}", soft_wrap=True)
    if comparison.request_text:
        console.print(f"[dim]request:[/] {escape(comparison.request_text[:600])}", soft_wrap=True)
    table = Table(show_lines=True)
    for column in ("authority", "date", "outcome", "exemptions", "reference", "key sentence"):
        table.add_column(column)
    for answer in comparison.answers:
        table.add_row(
            escape(answer.authority),
            str(answer.response_date or ""),
            escape((answer.outcome or "unknown").replace("_", " ")),
            escape(", ".join(answer.exemptions)),
            escape(answer.reference or ""),
            escape(answer.key_sentence or ""),
        )
    console.print(table)
    if comparison.not_answered:
        names = ", ".join(comparison.not_answered)
        console.print(f"[bold]not answered[/] ({comparison.authority_set}): {escape(names)}", soft_wrap=True)
