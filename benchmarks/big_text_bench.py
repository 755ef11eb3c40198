"""Big plain text: MB/s of each ingest stage on one generated text file, to show they are linear.

    .venv/bin/python benchmarks/big_text_bench.py [--mb 15] [--mb 1 --mb 4]

Stages, each timed alone on the same file: extract (reading and splitting into blocks),
clean, FOI analysis (`ingest.foi.analyse`) and chunking. The text is a made-up FOI
disclosure log: numbered paragraphs of prose, some headings and `key: value` lines, the
shape of the 15 MB exports that arrive zipped. Several sizes show whether a stage's
MB/s holds as the file grows (linear) or falls (super-linear).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from core.settings import Settings  # noqa: E402
from ingest.chunk import ChunkingOptions, chunk_blocks  # noqa: E402
from ingest.clean import clean  # noqa: E402
from ingest.extract import extract  # noqa: E402
from ingest.foi import FoiInput, analyse  # noqa: E402
from ingest.foi.authorities import gazetteer_for  # noqa: E402

_PARAGRAPH = (
    "Request {n}: the requester asked for the number of penalty charge notices issued on {street} "
    "between April and June. The council holds this information; 1,{n:03d} notices were issued and "
    "{m} were cancelled on appeal. Section 40(2) was applied to the names of enforcement officers.\n\n"
)


def big_text(path: Path, megabytes: float) -> Path:
    """A disclosure log of `megabytes` MB: a heading every 50 paragraphs."""
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    n = 0
    while size < target:
        if n % 50 == 0:
            parts.append(f"Disclosure log part {n // 50 + 1}\n\n")
        parts.append(_PARAGRAPH.format(n=n % 1000, street=f"High Street {n}", m=n % 37))
        size += len(parts[-1])
        n += 1
    path.write_text("".join(parts), encoding="utf-8")
    return path


def measure(path: Path, settings: Settings) -> dict[str, float]:
    """Seconds per stage."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    extraction = extract(path, settings)
    seconds["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    cleaned = clean(extraction)
    seconds["clean"] = time.perf_counter() - start
    start = time.perf_counter()
    analyse(
        FoiInput(
            text=cleaned.text,
            title=path.name,
            doc_type=extraction.doc_type,
            blocks=tuple((block.kind, block.text) for block in cleaned.blocks),
        ),
        gazetteer=gazetteer_for(settings.authorities_csv),
    )
    seconds["foi analysis"] = time.perf_counter() - start
    start = time.perf_counter()
    chunks = chunk_blocks(
        "doc", cleaned.blocks, ChunkingOptions(settings.chunk_words, settings.chunk_overlap_sentences)
    )
    seconds["chunk"] = time.perf_counter() - start
    seconds["chunks"] = len(chunks)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, action="append", help="file size in MB (repeatable); default 1, 4, 15")
    args = parser.parse_args()
    settings = Settings.from_env()
    print(f"{'MB':>5} | {'stage':<13} | {'seconds':>8} | {'MB/s':>7}")
    with tempfile.TemporaryDirectory(prefix="foi-big-text-") as tmp:
        for megabytes in args.mb or [1.0, 4.0, 15.0]:
            path = big_text(Path(tmp) / f"log-{megabytes:g}mb.txt", megabytes)
            mb = path.stat().st_size / 1_000_000
            timings = measure(path, settings)
            chunks = int(timings.pop("chunks"))
            for stage, seconds in timings.items():
                print(f"{mb:5.1f} | {stage:<13} | {seconds:8.2f} | {mb / max(seconds, 1e-9):7.2f}")
            print(
                f"{mb:5.1f} | {'total':<13} | {sum(timings.values()):8.2f} | {mb / sum(timings.values()):7.2f}"
                f"   ({chunks} chunks)"
            )


if __name__ == "__main__":
    main()
