"""The `foi` command line. Errors become one-line messages here and nowhere else.

foi ingest sample_corpus --index foi-index
foi status --index foi-index
foi failures --index foi-index
foi retry --index foi-index
foi search '"neither confirm nor deny" exemption:s23' --index foi-index --mode keyword
foi search "officers abusing their position" --index foi-index --json
foi show --index foi-index letters/herts.txt
foi ui --index foi-index
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from cli.api_commands import keys, serve
from cli.campaign_commands import compare
from cli.options import INDEX_OPTION, settings_from_env
from core.codes import normalise_exemption, normalise_outcome
from core.errors import FoiError
from core.location import IndexLocation
from core.model import Document
from core.settings import Settings
from ingest.errors import IngestError
from ingest.ledger import FAILED, INDEXED, SKIPPED, Ledger
from search.client import SearchClient
from search.errors import DocumentNotFoundError
from search.model import DocumentHit, Filters, Mode, Result, Sort
from search.pages import in_groups
from search.serialize import document_to_dict, result_to_dict

if TYPE_CHECKING:
    # The ingest pipeline pulls in unstructured and torch: search commands must not pay for them.
    from ingest.pipeline import ChunkProgressCallback, Ingestor, IngestReport, ProgressCallback

console = Console()
errors = Console(stderr=True)


@click.group()
@click.version_option(package_name="foi-search")
def main() -> None:
    """FOI search: ingest FOI responses and search them by keyword, meaning and FOI facets."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@INDEX_OPTION
@click.option("--force", is_flag=True, help="Re-read every file, even those the ledger says are unchanged.")
@click.option(
    "--collection",
    help="Put the documents in this collection (default: $FOI_INGEST_COLLECTION, else public); "
    "files ingested before into another one move.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as one JSON object.")
def ingest(paths: tuple[Path, ...], index_dir: str | None, force: bool, collection: str | None, as_json: bool) -> None:
    """Index files, folders, archives, mailboxes and saved web pages.

    Every input ends in the ledger as indexed, skipped or failed (with why);
    unchanged files are skipped in milliseconds. Exits 0 when the run completed,
    even if some files failed (see `foi failures`).

    Example: foi ingest letters/ replies.mbox disclosure-log.zip --index foi-index --collection newsroom
    """
    from ingest.sources import discover

    settings = settings_from_env(ingest_collection=collection)
    inputs = list(discover(paths))
    with _ingest_progress(len(inputs), quiet=as_json) as progress:
        report = _run_ingest(settings, index_dir, progress, lambda ingestor: ingestor.run_inputs(inputs, force))
    _print_report(report, as_json)


@main.command()
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as one JSON object.")
def retry(index_dir: str | None, as_json: bool) -> None:
    """Re-run only the inputs that failed (or had a member fail) in earlier runs.

    Example: foi retry --index foi-index
    """
    settings = settings_from_env()
    ledger = _open_ledger(IndexLocation.resolve(index_dir, settings).ledger_folder)
    total = len({entry.path for entry in ledger.entries([FAILED])})
    ledger.close()
    with _ingest_progress(total, quiet=as_json) as progress:
        report = _run_ingest(settings, index_dir, progress, lambda ingestor: ingestor.retry())
    _print_report(report, as_json)


@main.command()
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status(index_dir: str | None, as_json: bool) -> None:
    """Summarise an index: inputs indexed, skipped and failed; documents and chunks.

    Example: foi status --index foi-index --json
    """
    settings = settings_from_env()
    location = IndexLocation.resolve(index_dir, settings)
    ledger = _open_ledger(location.ledger_folder)
    summary = ledger.summary()
    ledger.close()
    try:
        client = SearchClient.open(location, settings)
        counts = client.counts()
        client.close()
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    data = {"index": str(location), **summary, "documents": counts.documents, "chunks": counts.chunks}
    if as_json:
        click.echo(json.dumps(data))
        return
    console.print(
        f"{location}: {counts.documents} documents, {counts.chunks} chunks from {summary[INDEXED]} inputs indexed; "
        f"{summary[SKIPPED]} skipped, {summary[FAILED]} failed, {summary['member_problems']} problem members "
        "inside archives or messages (see foi failures)"
    )


@main.command()
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def failures(index_dir: str | None, as_json: bool) -> None:
    """List every failed or skipped input (and archive or message member) with its reason.

    Example: foi failures --index foi-index
    """
    settings = settings_from_env()
    ledger = _open_ledger(IndexLocation.resolve(index_dir, settings).ledger_folder)
    problems = ledger.problems()
    ledger.close()
    if as_json:
        rows = [
            {"path": e.path, "member_path": e.member_path, "status": e.status, "reason": e.reason} for e in problems
        ]
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table()
    for column in ("status", "input", "reason"):
        table.add_column(column)
    for entry in problems:
        colour = "red" if entry.status == FAILED else "yellow"
        table.add_row(f"[{colour}]{entry.status}[/]", escape(entry.label), escape(entry.reason))
    console.print(table)
    console.print(f"{len(problems)} problems")


def _open_ledger(folder: Path) -> Ledger:
    try:
        return Ledger.open(folder, create=False)
    except IngestError as e:
        raise click.ClickException(str(e)) from e


def _run_ingest(
    settings: Settings, index_dir: str | None, progress: _IngestBar, job: Callable[[Ingestor], IngestReport]
) -> IngestReport:
    from core.embed import make_encoder, prepare_query_encoder
    from ingest.pipeline import IndexForIngest

    location = IndexLocation.resolve(index_dir, settings)
    try:
        encoder = make_encoder(settings)
        with IndexForIngest(location, settings, encoder, progress.file_done, progress.chunks_embedded) as ingestor:
            report = job(ingestor)
        prepare_query_encoder(settings)
        return report
    except FoiError as e:
        raise click.ClickException(str(e)) from e


@dataclass(frozen=True)
class _IngestBar:
    """The progress display's two rows: input files done, and the chunks of the document being embedded."""

    file_done: ProgressCallback
    chunks_embedded: ChunkProgressCallback


@contextmanager
def _ingest_progress(total: int, quiet: bool) -> Iterator[_IngestBar]:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=errors, disable=quiet) as bar:
        task = bar.add_task("ingesting", total=total, rate="")
        started = time.monotonic()
        files_done = 0
        chunks_done = 0

        def rates() -> str:
            elapsed = max(time.monotonic() - started, 1e-6)
            return f"{files_done / elapsed:.2f} files/s, {chunks_done / elapsed:.1f} chunks/s"

        def advance(path: str, outcome: str) -> None:
            nonlocal files_done
            files_done += 1
            bar.update(task, advance=1, rate=rates(), description=f"{outcome} {Path(path).name[:40]}")

        # Its own row: one big file's chunks can take many minutes to embed while the file count stands still.
        embedding = bar.add_task("embedding", total=None, rate="", visible=False)

        def embedded(path: str, done: int, chunks: int) -> None:
            nonlocal chunks_done
            if done == chunks:  # a batch is complete: count its chunks once
                chunks_done += chunks
            name = Path(path).name[:40]
            bar.update(embedding, completed=done, total=chunks, description=f"embedding {name}", visible=True)
            bar.update(task, rate=rates())

        yield _IngestBar(advance, embedded)


def _print_report(report: IngestReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(asdict(report)))
        return
    for name, reason in report.skipped:
        errors.print(f"[yellow]skipped[/] {escape(name)}: {escape(reason)}")
    for name, reason in report.failed:
        errors.print(f"[red]failed[/] {escape(name)}: {escape(reason)}")
    for name, member, reason in report.member_problems:
        errors.print(f"[yellow]problem[/] {escape(name)} -> {escape(member)}: {escape(reason)}")
    console.print(
        f"{report.inputs} inputs in {report.elapsed_s:.1f} s: {len(report.indexed)} indexed "
        f"({report.documents} documents, {report.chunks} chunks, {report.embeddings_computed} embeddings computed), "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped, {len(report.failed)} failed"
        + (f", {len(report.member_problems)} problem members" if report.member_problems else "")
    )


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
@INDEX_OPTION
@click.option("--mode", type=click.Choice([mode.value for mode in Mode]), default=Mode.HYBRID.value, show_default=True)
@click.option("--authority", multiple=True, help="Authority (repeat for any of several).")
@click.option("--exemption", multiple=True, callback=_exemptions, help="Exemption, e.g. s40 or s31(1)(a); repeatable.")
@click.option("--outcome", multiple=True, callback=_outcomes, help="Outcome, e.g. refused; repeatable.")
@click.option("--type", "doc_types", multiple=True, help="Document type, e.g. pdf, email; repeatable.")
@click.option("--path", "path_prefix", help="Only documents under this source path.")
@click.option("--collection", "collections", multiple=True, help="Only this collection (repeat for any of several).")
@click.option("--after", callback=_parse_date, help="On or after this date (YYYY-MM-DD).")
@click.option("--before", callback=_parse_date, help="On or before this date (YYYY-MM-DD).")
@click.option(
    "--sort", type=click.Choice([sort.value for sort in Sort]), default=Sort.RELEVANCE.value, show_default=True
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--group",
    type=click.Choice(["document", "request", "campaign"]),
    default="document",
    show_default=True,
    help="request: the page's documents by request thread; campaign: by round-robin campaign, each with "
    "every matching document of it (JSON: a `groups` list).",
)
@click.option(
    "--duplicates", "show_duplicates", is_flag=True, help="Also list copies of a document (hidden by default)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the shape documented in the README).")
def search(
    text: str,
    index_dir: str | None,
    mode: str,
    authority: tuple[str, ...],
    exemption: tuple[str, ...],
    outcome: tuple[str, ...],
    doc_types: tuple[str, ...],
    path_prefix: str | None,
    collections: tuple[str, ...],
    after: date | None,
    before: date | None,
    sort: str,
    limit: int,
    offset: int,
    group: str,
    show_duplicates: bool,
    as_json: bool,
) -> None:
    """Search an index with the query syntax ("phrase", -word, OR, exemption:s40, after:2020-01-01 ...).

    Example: foi search '"neither confirms nor denies"' --index foi-index --mode keyword
    """
    settings = settings_from_env()
    filters = Filters(
        authorities=authority,
        exemptions=exemption,
        outcomes=outcome,
        doc_types=doc_types,
        path_prefix=path_prefix,
        date_from=after,
        date_to=before,
        collections=collections or None,
        duplicates=show_duplicates,
    )
    try:
        client = SearchClient.open(IndexLocation.resolve(index_dir, settings), settings)
        query = client.build_query(text, mode=mode, filters=filters, limit=limit, offset=offset, sort=sort)
        result = client.run(query)
        campaigns = client.campaign_groups(query, result) if group == "campaign" else None
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        data = result_to_dict(result, by_request_thread=group == "request", campaigns=campaigns)
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        _print_result(result, offset, group, campaigns)


@main.command(name="eval")
@INDEX_OPTION
@click.option("--queries", "queries_file", type=click.Path(path_type=Path), help="Judged queries, JSON lines.")
@click.option("--beir", "beir_dir", type=click.Path(path_type=Path), help="A BEIR dataset folder instead.")
@click.option("--split", help="BEIR qrels split (default: test, else dev, else train).")
@click.option("--modes", default="keyword,semantic,hybrid", show_default=True, help="Modes, comma-separated.")
@click.option("--k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Cut-off of nDCG, recall, MRR.")
@click.option("--root", help="Ingest root for absolute source paths (default: their common folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the table as one JSON object.")
def evaluate(
    index_dir: str | None,
    queries_file: Path | None,
    beir_dir: Path | None,
    split: str | None,
    modes: str,
    k: int,
    root: str | None,
    as_json: bool,
) -> None:
    """Measure search quality: nDCG, recall, MRR and latency per mode, side by side.

    A judged unit is a path relative to the ingested folder: a file, or a folder
    (one request thread) whose files all count. Example:
    foi eval --index foi-index --queries queries.jsonl --modes keyword,hybrid
    """
    from search.evaluation.beir import read_beir
    from search.evaluation.queries import read_queries
    from search.evaluation.report import evaluation_to_dict, print_evaluation
    from search.evaluation.runner import evaluate as run_evaluation
    from search.evaluation.runner import parse_modes

    if (queries_file is None) == (beir_dir is None):
        raise click.UsageError("give exactly one of --queries FILE.jsonl and --beir DIR")
    settings = settings_from_env()
    try:
        queries = read_queries(queries_file) if queries_file else read_beir(beir_dir, split)  # type: ignore[arg-type]
        client = SearchClient.open(IndexLocation.resolve(index_dir, settings), settings)
        evaluation = run_evaluation(client, queries, parse_modes(modes), k=k, root=root)
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(evaluation_to_dict(evaluation), ensure_ascii=False))
    else:
        print_evaluation(console, evaluation)


@main.command()
@click.argument("target")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the FOI fields and their evidence.")
def show(target: str, index_dir: str | None, as_json: bool) -> None:
    """Show one document's FOI metadata, each field with the sentence it came from.

    TARGET is a document id or a source path as indexed. Example: foi show --index foi-index letters/herts.txt
    """
    settings = settings_from_env()
    try:
        client = SearchClient.open(IndexLocation.resolve(index_dir, settings), settings)
        document = _find_document(client, target)
        attachments = client.attachments(document.id)
        copies = [client.document(copy) for copy in document.duplicates]
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    fields = _foi_fields(document, attachments, copies)
    if as_json:
        click.echo(json.dumps(fields, ensure_ascii=False))
    else:
        _print_foi_fields(fields, document.evidence)


_FOI_FIELDS = (
    "authority",
    "authority_id",
    "reference",
    "references",
    "request_date",
    "response_date",
    "requester",
    "exemptions",
    "outcome",
    "source_status",
    "request_id",
    "parent_id",
)


def _find_document(client: SearchClient, target: str) -> Document:
    """A document by id, else by source path (exactly; a path that names one document under it also works)."""
    try:
        return client.document(target)
    except DocumentNotFoundError:
        pass
    if Path(target).exists():
        target = Path(target).resolve().as_posix()  # source paths are stored absolute
    candidates = client.browse(Filters(path_prefix=target), limit=100)
    exact = [doc for doc in candidates if doc.source_path == target]
    matches = sorted(exact, key=lambda doc: doc.member_path is not None) or candidates
    if len(matches) == 1 or exact:
        return matches[0]
    if not matches:
        raise click.ClickException(f"no document with id or source path {target!r} in this index")
    names = ", ".join(doc.source_path for doc in matches[:5])
    raise click.ClickException(f"{target!r} matches {len(matches)} documents ({names} ...): give one path or an id")


def _foi_fields(document: Document, attachments: list[Document], copies: list[Document]) -> dict[str, object]:
    data = document_to_dict(document, with_text=False)
    fields: dict[str, object] = {name: data.get(name) for name in ("id", "source_path", "member_path", "title")}
    fields.update({name: data.get(name) for name in _FOI_FIELDS})
    fields["attachments"] = [_listed(attachment) for attachment in attachments]
    fields["request_text"] = document.request_text
    fields["campaign_id"] = document.campaign_id
    fields["duplicate_of"] = document.duplicate_of
    fields["duplicates"] = [_listed(copy) for copy in copies]
    fields["evidence"] = dict(document.evidence)
    return fields


def _print_foi_fields(fields: dict[str, object], evidence: dict[str, str]) -> None:
    # Plain lines rather than a table: evidence sentences stay whole, and can be grepped.
    console.print(f"[bold]{escape(str(fields['title'] or fields['source_path']))}[/]", soft_wrap=True)
    console.print(f"id {escape(str(fields['id']))}  source {escape(str(fields['source_path']))}", soft_wrap=True)
    for name in _FOI_FIELDS:
        value = fields[name]
        if name == "exemptions" and isinstance(value, list) and value:
            for code in value:
                _print_field("exemption", code, evidence.get(f"exemptions:{code}"))
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
        _print_field(name, shown or "-", evidence.get(name))
    attachments = fields["attachments"]
    if isinstance(attachments, list):
        for attachment in attachments:
            _print_field("attachment", f"{attachment['member_path'] or attachment['title']} ({attachment['id']})", None)
    if fields["request_text"]:
        _print_field("request", str(fields["request_text"])[:600], None)
    if fields["campaign_id"]:
        _print_field("campaign", f"{fields['campaign_id']} (foi compare {fields['campaign_id']})", None)
    if fields["duplicate_of"]:
        _print_field("copy of", str(fields["duplicate_of"]), None)
    copies = fields["duplicates"]
    if isinstance(copies, list):
        for copy in copies:
            _print_field("also found as", f"{copy['member_path'] or copy['source_path']} ({copy['id']})", None)


def _listed(document: Document) -> dict[str, str | None]:
    return {
        "id": document.id,
        "source_path": document.source_path,
        "member_path": document.member_path,
        "title": document.title,
    }


def _print_field(name: str, value: str, evidence: str | None) -> None:
    console.print(f"[bold]{name:<14}[/] {escape(value)}", soft_wrap=True)
    if evidence:
        console.print(f"{'':<14} [dim]<- {escape(evidence)}[/]", soft_wrap=True)


def _print_result(
    result: Result,
    offset: int,
    group: str = "document",
    campaigns: list[tuple[str | None, list[DocumentHit]]] | None = None,
) -> None:
    for warning in result.warnings:
        errors.print(f"[yellow]warning:[/] {escape(warning)}")
    table = Table(show_lines=True)
    for column in ("#", "document", "authority / date", "best passage", "score"):
        table.add_column(column)
    ranked = list(enumerate(result.hits, start=offset + 1))
    if campaigns is not None:
        for campaign_id, hits in campaigns:
            if campaign_id is not None:
                authorities = len({hit.document.authority_id or hit.document.authority for hit in hits})
                table.add_row(
                    "",
                    f"[italic]campaign {escape(campaign_id)}: {len(hits)} documents from "
                    f"{authorities} authorities (foi compare {escape(campaign_id)})[/]",
                )
            _add_hit_rows(table, list(enumerate(hits, start=1)))
    else:
        groups = in_groups(ranked, lambda pair: pair[1].document.request_id) if group == "request" else [(None, ranked)]
        for request_id, members in groups:
            if request_id is not None:
                table.add_row("", f"[italic]request thread {escape(request_id)}: {len(members)} on this page[/]")
            _add_hit_rows(table, members)
    console.print(table)
    console.print(f"{result.total} documents, {result.timings.total_ms:.0f} ms")


def _add_hit_rows(table: Table, ranked: list[tuple[int, DocumentHit]]) -> None:
    for rank, hit in ranked:
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


def _terminal_snippet(snippet_html: str) -> str:
    import html

    marked = escape(html.unescape(snippet_html.replace("<mark>", "\x00").replace("</mark>", "\x01")))
    return marked.replace("\x00", "[reverse]").replace("\x01", "[/reverse]")


@main.command()
@INDEX_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Port to listen on.")
def ui(index_dir: str | None, host: str, port: int) -> None:
    """Serve the search interface (Streamlit, headless, no usage statistics) until Ctrl+C.

    Example: foi ui --index foi-index, then open http://127.0.0.1:8501
    """
    import importlib.util
    import os
    import subprocess
    import sys

    settings = settings_from_env()
    index = IndexLocation.resolve(index_dir, settings)
    # The app runs in its own process, perhaps in another folder: it gets the location, made absolute.
    target = index.target if index.is_url else str(Path(index.target).resolve())
    app = importlib.util.find_spec("ui.app")
    if importlib.util.find_spec("streamlit") is None or app is None or app.origin is None:
        raise click.ClickException("the UI needs Streamlit: pip install 'foi-search[ui]'")
    command = [
        sys.executable, "-m", "streamlit", "run", app.origin,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.address", host,
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
        # The app sets its widgets from the URL through the Session State API, by design.
        "--global.disableWidgetStateDuplicationWarning", "true",
    ]  # fmt: skip
    console.print(f"FOI search on http://{host}:{port} (index {escape(target)}); Ctrl+C stops it")
    try:
        completed = subprocess.run(command, env={**os.environ, "FOI_INDEX_DIR": target}, check=False)
    except KeyboardInterrupt:
        return
    if completed.returncode:
        sys.exit(completed.returncode)


main.add_command(serve)
main.add_command(keys)
main.add_command(compare)

if __name__ == "__main__":
    main()
