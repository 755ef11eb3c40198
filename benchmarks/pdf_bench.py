"""PDF extraction, the old way and the new, on the same files in one run.

    .venv/bin/python benchmarks/pdf_bench.py [--shared ../shared] [--repeats 3]

Text layer: unstructured's `fast` strategy (pdfminer) against PDFium (`ingest.extract.pdf_text`),
on every PDF with a text layer among the repository's sample corpus and `../shared` (corpus and
fixtures): pages/s, and the words each gives that the other does not (lower-cased, punctuation
stripped, counted as multisets). OCR: unstructured's `ocr_only` strategy against
`ingest.extract.ocr` on the scanned letters, pages/s and word accuracy against a text twin where
one exists (`003-herts-letter-scanned.pdf` is seed 003 printed and scanned): the share of the
twin's words that the OCR text holds (multiset recall).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from core.settings import Settings  # noqa: E402
from ingest.errors import FileProblemError  # noqa: E402
from ingest.extract import extract  # noqa: E402
from ingest.extract import pdf as pdf_module  # noqa: E402
from ingest.extract.cut_lines import CutLines, join_cut_words  # noqa: E402
from ingest.extract.elements import to_blocks  # noqa: E402

console = Console(width=140)
_WORD = re.compile(r"\w+")
# The scanned letters and, where there is one, the text they were printed from.
SCANNED = {
    "003-herts-letter-scanned.pdf": "corpus/seeds/003_f02dea5e3ddfe3ae.txt",
    "gmp-covert-surveillance-ncnd.pdf": None,
}


def words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in _WORD.findall(text))


def old_text_layer(path: Path) -> tuple[str, int]:
    """What ingestion read before: unstructured's `fast` strategy, then the same cut-word repair."""
    reader = pdf_module.open_pdf(path)
    blocks = to_blocks(pdf_module._partition(path, "fast", ["eng"]))
    pypdf_lines = partial(pdf_module._pypdf_lines, reader)
    blocks = join_cut_words(CutLines(pypdf_lines, pypdf_lines), blocks, range(1, len(reader.pages) + 1))
    return "\n\n".join(block.text for block in blocks), len(reader.pages)


def new_text_layer(path: Path) -> tuple[str, int]:
    reader = pdf_module.open_pdf(path)
    blocks, cut_lines, _ = pdf_module._text_layer(path, reader, ["eng"])
    blocks = join_cut_words(cut_lines, blocks, range(1, len(reader.pages) + 1))
    return "\n\n".join(block.text for block in blocks), len(reader.pages)


def old_ocr(path: Path) -> tuple[str, int]:
    return "\n\n".join(block.text for block in to_blocks(pdf_module._partition(path, "ocr_only", ["eng"]))), len(
        pdf_module.open_pdf(path).pages
    )


def new_ocr(path: Path) -> tuple[str, int]:
    pages = list(range(1, len(pdf_module.open_pdf(path).pages) + 1))
    return "\n\n".join(block.text for block in pdf_module._ocr_pages(path, pages, ["eng"])), len(pages)


def timed(read: Callable[[Path], tuple[str, int]], path: Path, repeats: int) -> tuple[str, int, float]:
    read(path)  # warm-up: imports, fonts
    best = float("inf")
    text, pages = "", 0
    for _ in range(repeats):
        started = time.perf_counter()
        text, pages = read(path)
        best = min(best, time.perf_counter() - started)
    return text, pages, best


def text_pdfs(shared: Path) -> list[Path]:
    candidates = sorted((ROOT / "sample_corpus").glob("*.pdf")) + sorted(shared.glob("corpus/**/*.pdf"))
    candidates += sorted(shared.glob("fixtures/**/*.pdf"))
    found = []
    for path in candidates:
        try:
            extraction = extract(path, Settings())
        except FileProblemError:
            continue  # encrypted, corrupt or empty: no text layer to compare
        if not extraction.ocr_pages:
            found.append(path)
    return found


def measure_text_layer(shared: Path, repeats: int) -> None:
    table = Table(title=f"PDF text layer: unstructured fast (pdfminer) vs PDFium, best of {repeats}")
    for column in ("file", "pages", "old pages/s", "new pages/s", "words old / new", "only old", "only new"):
        table.add_column(column, justify="right")
    totals: dict[str, float] = defaultdict(float)
    for path in text_pdfs(shared):
        old_text, pages, old_s = timed(old_text_layer, path, repeats)
        new_text, _, new_s = timed(new_text_layer, path, repeats)
        old_words, new_words = words(old_text), words(new_text)
        only_old, only_new = old_words - new_words, new_words - old_words
        measured = {"pages": pages, "old_s": old_s, "new_s": new_s, "old_words": old_words.total()}
        measured |= {"new_words": new_words.total(), "only_old": only_old.total(), "only_new": only_new.total()}
        for name, value in measured.items():
            totals[name] += value
        table.add_row(
            path.name[:40],
            str(pages),
            f"{pages / old_s:.1f}",
            f"{pages / new_s:.1f}",
            f"{old_words.total()} / {new_words.total()}",
            f"{only_old.total()} {_sample(only_old)}",
            f"{only_new.total()} {_sample(only_new)}",
        )
    table.add_row(
        "all",
        f"{totals['pages']:.0f}",
        f"{totals['pages'] / totals['old_s']:.1f}",
        f"{totals['pages'] / totals['new_s']:.1f}",
        f"{totals['old_words']:.0f} / {totals['new_words']:.0f}",
        f"{totals['only_old']:.0f}",
        f"{totals['only_new']:.0f}",
    )
    console.print(table)


def _sample(counter: Counter[str]) -> str:
    return " ".join(word for word, _ in counter.most_common(3))


def measure_ocr(shared: Path, repeats: int) -> None:
    table = Table(title=f"OCR of scanned PDFs: unstructured ocr_only vs ingest.extract.ocr, best of {repeats}")
    for column in ("file", "pages", "old pages/s", "new pages/s", "word recall vs text twin old / new"):
        table.add_column(column, justify="right")
    for name, twin in SCANNED.items():
        path = next(iter(sorted(shared.glob(f"corpus/**/{name}")) + sorted((ROOT / "sample_corpus").glob(name))), None)
        if path is None:
            continue
        old_text, pages, old_s = timed(old_ocr, path, repeats)
        new_text, _, new_s = timed(new_ocr, path, repeats)
        accuracy = "-"
        if twin is not None:
            expected = words((shared / twin).read_text())
            accuracy = " / ".join(
                f"{(expected & words(text)).total() / expected.total():.3f}" for text in (old_text, new_text)
            )
        table.add_row(name, str(pages), f"{pages / old_s:.2f}", f"{pages / new_s:.2f}", accuracy)
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args()
    measure_text_layer(args.shared, args.repeats)
    if not args.skip_ocr:
        measure_ocr(args.shared, max(1, args.repeats // 2))
    console.print(f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
