"""The `foi` command line. Errors become one-line messages here and nowhere else.

foi ingest sample_corpus --index foi-index
foi search '"neither confirm nor deny" exemption:s23' --index foi-index --mode keyword
foi search "officers abusing their position" --index foi-index --json
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.embed import SentenceTransformerEncoder
from ingest.pipeline import ingest as run_ingest
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from search.client import SearchClient
from search.errors import SearchError
from search.model import Filters, Mode, Result, Sort
from search.query import normalise_exemption, normalise_outcome
from search.serialize import result_to_dict
from search.settings import Settings

console = Console()
errors = Console(stderr=True)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SearchError as e:
        raise click.ClickException(str(e)) from e


@click.group()
@click.version_option(package_name="foi-search")
def main() -> None:
    """FOI search: ingest FOI responses and search them by keyword, meaning and FOI facets."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder (default: $FOI_INDEX_DIR).")
def ingest(paths: tuple[Path, ...], index_dir: Path | None) -> None:
    """Index files and folders (this version reads .txt and .md).

    Example: foi ingest sample_corpus --index foi-index
    """
    settings = _settings()
    folder = index_dir or settings.index_dir
    encoder = SentenceTransformerEncoder(
        settings.embedding_model, settings.embedding_device, settings.embedding_batch_size
    )
    try:
        backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), settings)
        try:
            report = run_ingest(paths, backend, encoder, progress=lambda name: errors.print(f"indexed {escape(name)}"))
            counts = backend.counts()
        finally:
            backend.close()
    except SearchError as e:
        raise click.ClickException(str(e)) from e
    for name, reason in report.skipped:
        errors.print(f"[yellow]skipped[/] {escape(name)}: {escape(reason)}")
    for name, reason in report.failed:
        errors.print(f"[red]failed[/] {escape(name)}: {escape(reason)}")
    console.print(
        f"{len(report.indexed)} indexed ({report.chunks} chunks), {len(report.unchanged)} unchanged, "
        f"{len(report.skipped)} skipped, {len(report.failed)} failed; "
        f"index {folder} now holds {counts.documents} documents, {counts.chunks} chunks"
    )
    if report.failed:
        sys.exit(1)


def _parse_date(_: click.Context, parameter: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param=parameter) from e


def _exemptions(_: click.Context, parameter: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    codes = []
    for value in values:
        code = normalise_exemption(value)
        if code is None:
            raise click.BadParameter(
                f"{value!r} is not an exemption such as s40, s31(1)(a) or eir12(5)(e)", param=parameter
            )
        codes.append(code)
    return tuple(codes)


def _outcomes(_: click.Context, parameter: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    outcomes = []
    for value in values:
        outcome = normalise_outcome(value)
        if outcome is None:
            raise click.BadParameter(f"{value!r} is not an outcome such as refused or not_held", param=parameter)
        outcomes.append(outcome)
    return tuple(outcomes)


@main.command()
@click.argument("text", default="")
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder (default: $FOI_INDEX_DIR).")
@click.option("--mode", type=click.Choice([mode.value for mode in Mode]), default=Mode.HYBRID.value, show_default=True)
@click.option("--authority", multiple=True, help="Authority (repeat for any of several).")
@click.option("--exemption", multiple=True, callback=_exemptions, help="Exemption, e.g. s40 or s31(1)(a); repeatable.")
@click.option("--outcome", multiple=True, callback=_outcomes, help="Outcome, e.g. refused; repeatable.")
@click.option("--type", "doc_types", multiple=True, help="Document type, e.g. pdf, email; repeatable.")
@click.option("--path", "path_prefix", help="Only documents under this source path.")
@click.option("--after", callback=_parse_date, help="On or after this date (YYYY-MM-DD).")
@click.option("--before", callback=_parse_date, help="On or before this date (YYYY-MM-DD).")
@click.option(
    "--sort", type=click.Choice([sort.value for sort in Sort]), default=Sort.RELEVANCE.value, show_default=True
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the shape documented in the README).")
def search(
    text: str,
    index_dir: Path | None,
    mode: str,
    authority: tuple[str, ...],
    exemption: tuple[str, ...],
    outcome: tuple[str, ...],
    doc_types: tuple[str, ...],
    path_prefix: str | None,
    after: date | None,
    before: date | None,
    sort: str,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Search an index with the query syntax ("phrase", -word, OR, exemption:s40, after:2020-01-01 ...).

    Example: foi search '"neither confirms nor denies"' --index foi-index --mode keyword
    """
    settings = _settings()
    filters = Filters(
        authorities=authority,
        exemptions=exemption,
        outcomes=outcome,
        doc_types=doc_types,
        path_prefix=path_prefix,
        date_from=after,
        date_to=before,
    )
    try:
        client = SearchClient.open(index_dir or settings.index_dir, settings)
        result = client.search(text, mode=mode, filters=filters, limit=limit, offset=offset, sort=sort)
    except SearchError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(result_to_dict(result), ensure_ascii=False))
    else:
        _print_result(result, offset)


def _print_result(result: Result, offset: int) -> None:
    for warning in result.warnings:
        errors.print(f"[yellow]warning:[/] {escape(warning)}")
    table = Table(show_lines=True)
    for column in ("#", "document", "authority / date", "best passage", "score"):
        table.add_column(column)
    for rank, hit in enumerate(result.hits, start=offset + 1):
        document = hit.document
        best = hit.best
        snippet = _terminal_snippet(best.snippet) if best else ""
        page = f" (p. {best.page})" if best and best.page else ""
        table.add_row(
            str(rank),
            f"[bold]{escape(document.title)}[/]\n{escape(document.source_path)}",
            f"{escape(document.authority or '')}\n{document.date or ''}",
            snippet + page,
            f"{hit.score:.4f}",
        )
    console.print(table)
    console.print(f"{result.total} documents, {result.timings.total_ms:.0f} ms")


def _terminal_snippet(snippet_html: str) -> str:
    import html

    marked = escape(html.unescape(snippet_html.replace("<mark>", "\x00").replace("</mark>", "\x01")))
    return marked.replace("\x00", "[reverse]").replace("\x01", "[/reverse]")


if __name__ == "__main__":
    main()
