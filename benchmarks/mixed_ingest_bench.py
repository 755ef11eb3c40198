"""End to end on a generated collection of mixed formats: files/s, chunks/s, and how busy the cores were.

    .venv/bin/python benchmarks/mixed_ingest_bench.py --files 2000 [--corpus DIR] [--keep]

Writes `--files` FOI responses (once; `--corpus DIR` keeps them for the next run), cycling through
the formats authorities send: text PDF, scanned PDF, DOCX, XLSX, email with a PDF letter attached,
saved WhatDoTheyKnow page and plain text, with the writers of scripts/make_sample_corpus.py. Each
letter is made of sentences drawn (seeded) from the sample letters, so no two files and almost no
two chunks are alike and the embedding cache does not short-cut the run. Then ingests them into a
fresh embedded index with the settings from the environment (FOI_EMBEDDING_BACKEND,
FOI_INGEST_WORKERS), and again unchanged. "CPU busy" is the CPU time of this process and all its
children (extraction workers, LibreOffice, Tesseract) over wall time and cores: 100% is every
core busy through the run.

The first run also checks the progress bar's ETA: the same rich task as `foi ingest`'s bar (its
default 30-second speed window) is advanced for every file, and its time remaining is compared,
after the first minute and until 90% of the files are done, with the time the run really took
to finish: the share of those readings within 20%, and their median and worst error.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import make_sample_corpus as sample  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402

from core.embed import make_encoder  # noqa: E402
from core.settings import Settings  # noqa: E402
from ingest.pipeline import IndexForIngest  # noqa: E402

console = Console(width=120)
FORMATS = ("text-pdf", "scanned-pdf", "docx", "xlsx", "eml", "html", "txt")
AUTHORITIES = ("Kent Police", "Leeds City Council", "Home Office", "NHS England", "Department for Transport")


def sentences() -> list[str]:
    pool: list[str] = []
    for letter in sorted(sample.LETTERS.glob("*.txt")):
        for paragraph in sample.letter_paragraphs(letter.read_text()):
            pool.extend(part.strip() + "." for part in paragraph.replace("\n", " ").split(". ") if len(part) > 30)
    return pool


def letter(rng: random.Random, pool: list[str], number: int) -> list[str]:
    authority = rng.choice(AUTHORITIES)
    heading = f"{authority}\nFreedom of Information request FOI-BENCH-{number:05d}"
    body = [" ".join(rng.sample(pool, rng.randint(2, 5))) for _ in range(rng.randint(4, 9))]
    return [heading, *body, f"Yours sincerely,\n{authority} Information Rights Team"]


def write_corpus(out: Path, count: int) -> None:
    rng = random.Random(20261206)
    pool = sentences()
    out.mkdir(parents=True, exist_ok=True)
    pending_pdfs: list[tuple[Path, Path]] = []  # (docx written, where its PDF goes)
    scratch = Path(tempfile.mkdtemp(prefix="foi-mixed-docx-"))
    for number in range(count):
        kind = FORMATS[number % len(FORMATS)]
        paragraphs = letter(rng, pool, number)
        stem = out / f"{number:05d}-{kind}"
        if kind in ("text-pdf", "eml"):
            pending_pdfs.append((sample.write_docx(scratch / f"{stem.name}.docx", paragraphs), stem))
        else:
            _write(kind, stem, paragraphs, rng, number)
    _convert_and_place(pending_pdfs, scratch)
    shutil.rmtree(scratch, ignore_errors=True)


def _write(kind: str, stem: Path, paragraphs: list[str], rng: random.Random, number: int) -> None:
    authority, title = paragraphs[0].split("\n")
    if kind == "scanned-pdf":
        sample.write_scanned_pdf(stem.with_suffix(".pdf"), paragraphs, seed=number)
    elif kind == "docx":
        sample.write_docx(stem.with_suffix(".docx"), paragraphs)
    elif kind == "xlsx":
        sample.write_xlsx(stem.with_suffix(".xlsx"), {"Figures": _figures(rng, paragraphs)})
    elif kind == "html":
        messages = [(authority, "1 March 2024", "incoming", paragraphs[1:])]
        sample.write_request_page(
            stem.with_suffix(".html"),
            title=title,
            requester="A Requester",
            authority=authority,
            status="Information disclosed.",
            messages=messages,
        )
    else:
        stem.with_suffix(".txt").write_text("\n\n".join(paragraphs))


def _figures(rng: random.Random, paragraphs: list[str]) -> list[list[object]]:
    rows: list[list[object]] = [["Year", "Requests", "Refused", "Note"]]
    rows += [
        [year, rng.randint(50, 900), rng.randint(0, 60), rng.choice(paragraphs[1:])[:80]] for year in range(2015, 2024)
    ]
    return rows


def _convert_and_place(pending: list[tuple[Path, Path]], scratch: Path) -> None:
    """One LibreOffice run converts every letter (one run per file took over a second each)."""
    if not pending:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the text PDFs")
    pdfs = scratch / "pdf"
    for start in range(0, len(pending), 200):
        batch = [str(docx) for docx, _ in pending[start : start + 200]]
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(pdfs), *batch],
            check=True,
            capture_output=True,
        )
    for docx, stem in pending:
        pdf = pdfs / f"{docx.stem}.pdf"
        if stem.name.endswith("eml"):
            sample.write_eml(
                stem.with_suffix(".eml"),
                sender="Information Rights <foi@authority.example>",
                to="A Requester <request@example.invalid>",
                subject=f"Your FOI request {stem.name}",
                date="Tue, 05 Mar 2024 10:00:00 +0000",
                message_id=f"<{stem.name}@bench.invalid>",
                body="Dear Requester,\n\nPlease find our response attached.\n\nInformation Rights Team\n",
                attachments=[(f"{stem.name}-response.pdf", pdf.read_bytes(), "application/pdf")],
            )
        else:
            shutil.copyfile(pdf, stem.with_suffix(".pdf"))


class EtaReadings:
    """What `foi ingest`'s bar would have said was left, file by file, against what was left."""

    def __init__(self, total: int) -> None:
        self._progress = Progress(disable=True)
        self._task = self._progress.add_task("ingesting", total=total)
        self._total = total
        self._started = time.monotonic()
        self._readings: list[tuple[float, int, float | None]] = []  # (elapsed, files done, ETA)
        self._end = 0.0

    def file_done(self, path: str, outcome: str) -> None:
        self._progress.update(self._task, advance=1)
        task = self._progress.tasks[0]
        self._readings.append((time.monotonic() - self._started, int(task.completed), task.time_remaining))

    def finished(self) -> None:
        self._end = time.monotonic() - self._started

    def summary(self) -> str:
        errors = sorted(
            abs(eta - (self._end - elapsed)) / (self._end - elapsed)
            for elapsed, done, eta in self._readings
            if eta is not None and elapsed >= 60 and done <= 0.9 * self._total and self._end > elapsed
        )
        if not errors:
            return "ETA: the run was too short to judge (under a minute)"
        within = sum(error <= 0.2 for error in errors) / len(errors)
        return (
            f"ETA after the first minute (until 90% done, {len(errors)} readings): {100 * within:.0f}% within 20% "
            f"of the time really left; median error {100 * statistics.median(errors):.0f}%, "
            f"worst {100 * errors[-1]:.0f}%"
        )


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, help="where the generated files are kept (made when missing)")
    args = parser.parse_args()
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix="foi-mixed-")) / "files"
    if not corpus.is_dir() or len(list(corpus.iterdir())) < args.files:
        started = time.perf_counter()
        write_corpus(corpus, args.files)
        console.print(f"wrote {args.files} files to {corpus} in {time.perf_counter() - started:.0f} s")
    settings = Settings.from_env()
    encoder = make_encoder(settings)
    encoder.encode(["warm up"])  # the model loads (or exports) outside the timing
    index = Path(tempfile.mkdtemp(prefix="foi-mixed-index-"))
    table = Table(title=f"End to end, {args.files} files of {len(FORMATS)} formats ({encoder.name})")
    for column in ("run", "files", "documents", "chunks", "embedded", "s", "files/s", "chunks/s", "CPU busy"):
        table.add_column(column, justify="right")
    eta = EtaReadings(len(list(corpus.iterdir())))
    try:
        for label in ("first", "unchanged re-run"):
            cpu, wall = cpu_seconds(), time.perf_counter()
            callback = eta.file_done if label == "first" else None
            with IndexForIngest(index, settings, encoder, callback) as ingestor:
                report = ingestor.run([corpus])
            cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
            if label == "first":
                eta.finished()
            table.add_row(
                label,
                str(report.inputs),
                str(report.documents),
                str(report.chunks),
                str(report.embeddings_computed),
                f"{wall:.1f}",
                f"{report.inputs / wall:.1f}",
                f"{report.chunks / wall:.1f}",
                f"{100 * cpu / wall / (os.cpu_count() or 1):.0f}%",
            )
    finally:
        shutil.rmtree(index, ignore_errors=True)
    console.print(table)
    console.print(eta.summary())


if __name__ == "__main__":
    main()
