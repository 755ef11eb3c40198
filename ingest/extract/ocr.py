"""OCR: page images to text blocks with Tesseract, several pages at once.

unstructured's `ocr_only` strategy took about 8 s a page here (README): it saves each page
as a PNG (1.4 s of a 2-page letter's profile went to PNG compression alone), runs Tesseract
through hOCR, then classifies the text. Here each page is rendered once (PDFium, 400 dpi,
greyscale), handed to the `tesseract` command as an
uncompressed PGM on its standard input, and read back as TSV: Tesseract's own paragraphs
become blocks, classed like a text layer's (`ingest.extract.pdf_text.block_kind`). Each
Tesseract runs on one thread (`OMP_THREAD_LIMIT=1`) and pages run side by side, one per core:
OpenMP inside one Tesseract gained nothing on these CPUs (1.51 s a page with 1 or 2 threads),
two pages at once took 1.78 s (at 300 dpi). Figures: benchmarks/pdf_bench.py.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.errors import ExtractionError
from ingest.extract.model import Block
from ingest.extract.pdf_text import block_kind

if TYPE_CHECKING:
    from PIL.Image import Image

# Scanned PDF pages are rendered at this resolution. Tesseract wants 300 dpi or more; on the
# scanned letter with a text twin (benchmarks/pdf_bench.py) 300 dpi lost one word of 1,104 that
# unstructured's path read, 400 lost none and cost a third more time (1.8 -> 2.4 s a page).
OCR_DPI = 400
# A page Tesseract has not finished in this long is hung (a normal page takes 1-3 s).
_PAGE_TIMEOUT_S = 300
_WORD_LEVEL = "5"


@dataclass(frozen=True)
class PageImage:
    """One page to OCR: its number in the document and its image."""

    number: int
    image: Image
    # The image's resolution when known: Tesseract sizes its text-line search by it.
    dpi: int | None = None


def ocr_pages(pages: Iterable[PageImage], languages: list[str], what: str) -> list[Block]:
    """Blocks of every page, in page order; pages are OCR'd side by side, one per core, and
    rendered (the iterable) only a few ahead of Tesseract, so a long scan never sits in memory."""
    workers = max(1, os.cpu_count() or 1)
    results: list[list[Block]] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="foi-ocr") as pool:
        pending: list[Future[list[Block]]] = []
        for page in pages:
            pending.append(pool.submit(_ocr_page, _as_pgm(page.image), page, languages, what))
            if len(pending) >= 2 * workers:
                results.append(pending.pop(0).result())
        results.extend(future.result() for future in pending)
    return [block for page_blocks in results for block in page_blocks]


def _as_pgm(image: Image) -> bytes:
    """Greyscale and uncompressed: PNG's compression cost more than reading the page."""
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PPM")
    return buffer.getvalue()


def _ocr_page(pgm: bytes, page: PageImage, languages: list[str], what: str) -> list[Block]:
    number = page.number
    resolution = ["--dpi", str(page.dpi)] if page.dpi else []
    command = [_tesseract(what), "stdin", "stdout", "--oem", "1", *resolution, "-l", "+".join(languages), "tsv"]
    try:
        done = subprocess.run(
            command,
            input=pgm,
            capture_output=True,
            timeout=_PAGE_TIMEOUT_S,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise ExtractionError(what, f"OCR of page {number} took over {_PAGE_TIMEOUT_S} s") from e
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise ExtractionError(what, f"OCR of page {number} failed: tesseract: {detail[0]}")
    return tsv_blocks(done.stdout.decode("utf-8", errors="replace"), number)


def _tesseract(what: str) -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise ExtractionError(what, "OCR needs Tesseract: install the tesseract-ocr package")
    return found


def tsv_blocks(tsv: str, page: int) -> list[Block]:
    """Tesseract's TSV as blocks: one per paragraph it found, its lines joined by a space."""
    blocks = []
    for lines in _paragraphs(tsv):
        text = " ".join(" ".join(words) for words in lines)
        if text.strip():
            blocks.append(Block(text=text, kind=block_kind(text, len(lines)), page=page))
    return blocks


def _paragraphs(tsv: str) -> Iterator[list[list[str]]]:
    """Each paragraph's lines, each line's words, in Tesseract's reading order."""
    paragraph: list[list[str]] = []
    current: tuple[str, str] | None = None
    line: tuple[str, str, str] | None = None
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != _WORD_LEVEL or not fields[11].strip():
            continue
        block, par, line_number = fields[2], fields[3], fields[4]
        if (block, par) != current:
            if paragraph:
                yield paragraph
            paragraph, current, line = [], (block, par), None
        if (block, par, line_number) != line:
            paragraph.append([])
            line = (block, par, line_number)
        paragraph[-1].append(fields[11].strip())
    if paragraph:
        yield paragraph
