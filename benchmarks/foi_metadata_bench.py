"""FOI metadata quality on a labelled set of real responses.

Reads the documents from ../shared/corpus (five seed letters and pages, 23 saved
WhatDoTheyKnow request pages), runs `ingest.foi.analyse` on their text and
compares with benchmarks/data/foi_labels.json (labels only, no document text).
Prints precision / recall / F1 of exemptions (exact normal form and top-level
section), outcome accuracy, source-status and authority accuracy.

    .venv/bin/python benchmarks/foi_metadata_bench.py [--corpus ../shared/corpus] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

from bs4 import BeautifulSoup

from core.codes import top_level_exemption
from ingest.foi import FoiInput, FoiMetadata, analyse
from search.evaluation.metrics import SetCounts

PROJECT = Path(__file__).resolve().parents[1]
LABELS = PROJECT / "benchmarks" / "data" / "foi_labels.json"
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, correct: bool) -> None:
        self.right += int(correct)
        self.total += 1

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.right / self.total:.3f}" if self.total else "n/a"


def read_document(path: Path) -> FoiInput:
    if path.suffix.lower() in (".html", ".htm"):
        return _read_wdtk_page(path)
    return FoiInput(text=path.read_text(encoding="utf-8"), doc_type="text")


def _read_wdtk_page(path: Path) -> FoiInput:
    """A saved WhatDoTheyKnow page: its title, declared status and correspondence, without site chrome."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    title = " ".join(soup.title.get_text(" ").split()) if soup.title else ""
    status = soup.select_one("#request_status, .request-status-message")
    main = soup.select_one("#left_column, .request_left, main") or soup.body or soup
    parts = [status.get_text(" ", strip=True) if status else "", main.get_text("\n")]
    return FoiInput(text="\n\n".join(parts), title=title, doc_type="web_page")


def run(corpus: Path, verbose: bool) -> dict[str, Any]:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    exact, section = SetCounts(), SetCounts()
    outcome_all, outcome_said, status, authority = Accuracy(), Accuracy(), Accuracy(), Accuracy()
    false_alarm_docs = 0
    started = perf_counter()
    for label in labels:
        metadata = analyse(read_document(corpus / label["file"]))
        expected = set(label["exemptions"])
        found = set(metadata.exemptions)
        exact.add(expected, found)
        section.add({top_level_exemption(c) for c in expected}, {top_level_exemption(c) for c in found})
        false_alarm_docs += int(not expected and bool(found))
        if "outcome" in label:
            outcome_all.add(metadata.outcome == label["outcome"])
            if label["outcome"] is not None:
                outcome_said.add(metadata.outcome == label["outcome"])
        if "source_status" in label:
            status.add(metadata.source_status == label["source_status"])
        if "authority_id" in label:
            authority.add(metadata.authority_id == label["authority_id"])
        if verbose:
            _explain(label, metadata)
    elapsed = perf_counter() - started
    return {
        "documents": len(labels),
        "exact": exact,
        "section": section,
        "false_alarm_docs": false_alarm_docs,
        "outcome_all": outcome_all,
        "outcome_said": outcome_said,
        "status": status,
        "authority": authority,
        "ms_per_document": 1000 * elapsed / len(labels),
    }


def _explain(label: dict[str, Any], metadata: FoiMetadata) -> None:
    problems = []
    if set(label["exemptions"]) != set(metadata.exemptions):
        problems.append(f"exemptions {sorted(metadata.exemptions)} != {sorted(label['exemptions'])}")
    if "outcome" in label and metadata.outcome != label["outcome"]:
        problems.append(
            f"outcome {metadata.outcome} != {label['outcome']} ({metadata.evidence.get('outcome', '')[:90]})"
        )
    if "source_status" in label and metadata.source_status != label["source_status"]:
        problems.append(f"status {metadata.source_status} != {label['source_status']}")
    if "authority_id" in label and metadata.authority_id != label["authority_id"]:
        problems.append(f"authority {metadata.authority_id} != {label['authority_id']}")
    print(f"{'ok  ' if not problems else 'MISS'} {label['file']}" + "".join(f"\n     {p}" for p in problems))


def print_table(figures: dict[str, Any]) -> None:
    print(f"FOI metadata benchmark: {figures['documents']} labelled real documents")
    print(f"{'measure':<44} {'precision':>9} {'recall':>7} {'F1':>6}  counts (tp/fp/fn)")
    for name, key in (("exemptions, exact normal form", "exact"), ("exemptions, top-level section", "section")):
        c: SetCounts = figures[key]
        print(
            f"{name:<44} {c.precision:>9.3f} {c.recall:>7.3f} {c.f1:>6.3f}  "
            f"{c.true_positive}/{c.false_positive}/{c.false_negative}"
        )
    print(f"{'documents with no exemption, some found':<44} {figures['false_alarm_docs']}")
    print(f"{'outcome accuracy (all scored, null = not said)':<44} {figures['outcome_all']}")
    print(f"{'outcome accuracy (text states an outcome)':<44} {figures['outcome_said']}")
    print(f"{'WhatDoTheyKnow source status accuracy':<44} {figures['status']}")
    print(f"{'authority accuracy':<44} {figures['authority']}")
    print(f"{'time per document (ms)':<44} {figures['ms_per_document']:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus folder")
    parser.add_argument("--verbose", action="store_true", help="print each document's mismatches")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus} is not here (it comes with ../shared)", file=sys.stderr)
        return 2
    print_table(run(args.corpus, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
