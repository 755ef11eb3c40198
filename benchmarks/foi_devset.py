"""FOI understanding on labelled mail threads, read from an index built by the real ingest.

Two labelled sets in the forms UK authorities use (docs/foi-understanding.md):
- benchmarks/devsets/foi_mail: request/reply email threads written for this project
  (councils, police, NHS, central government), one label file per thread in labels/;
- the 23 saved WhatDoTheyKnow pages of ../shared/corpus split into one message per file
  by benchmarks/wdtk_threads.py, labelled in benchmarks/data/wdtk_thread_labels.json.

    foi ingest benchmarks/devsets/foi_mail/mail --index /tmp/foimail
    .venv/bin/python benchmarks/foi_devset.py --index /tmp/foimail --labels benchmarks/devsets/foi_mail/labels
    .venv/bin/python benchmarks/wdtk_threads.py --out /tmp/wdtk-threads
    foi ingest /tmp/wdtk-threads --index /tmp/wdtkidx
    .venv/bin/python benchmarks/foi_devset.py --index /tmp/wdtkidx --labels benchmarks/data/wdtk_thread_labels.json

Prints per-class precision and recall of the outcome of each authority message, its
accuracy, the thread outcome (that of the last substantive reply), exemptions applied
(micro P/R/F1 at top-level section, per message and per thread), and the share of
messages that carry their thread's authority. `--split dev|holdout|all` picks threads.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.codes import top_level_exemption
from core.model import Document
from core.settings import Settings
from ingest.foi.authorities import Gazetteer
from search.client import SearchClient
from search.evaluation.metrics import SetCounts
from search.evaluation.units import common_root, relative_to_root
from search.model import Filters

GAZETTEER = Gazetteer.default()
# Replies that answer the request (not a receipt, a delay or a question back).
SUBSTANTIVE_ROLES = ("reply", "review-result")
INTERIM_OUTCOMES = ("acknowledgement", "clarification", None)


@dataclass
class ThreadLabel:
    folder: str
    split: str
    authority: str
    outcome: str | None
    exemptions: set[str]
    # file name -> its label (role, from_authority, outcome, exemptions), in thread order
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_labels(path: Path, mail: Path | None) -> list[ThreadLabel]:
    """A folder of per-thread label files (foi_mail) or one file of pages (WhatDoTheyKnow)."""
    if path.is_dir():
        raw = [json.loads(file.read_text(encoding="utf-8")) for file in sorted(path.glob("*.json"))]
        folders = sorted(p.name for p in mail.iterdir()) if mail is not None and mail.is_dir() else []
        entries = [(_folder_of(str(label["thread"]), folders), label) for label in raw]
    else:
        pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
        entries = list(pages.items())
    return [
        ThreadLabel(
            folder=folder,
            split=str(label.get("split", "dev")),
            authority=str(label.get("authority", "")),
            outcome=label.get("outcome"),
            exemptions=set(label.get("exemptions", [])),
            messages=dict(sorted(label["messages"].items(), key=lambda pair: _order(pair[0]))),
        )
        for folder, label in entries
    ]


def _folder_of(thread: str, folders: list[str]) -> str:
    return next((folder for folder in folders if folder == thread or folder.startswith(thread + "-")), thread)


def _order(file_name: str) -> tuple[int, str]:
    match = re.match(r"(\d+)", file_name)
    return (int(match.group(1)) if match else 0, file_name)


def indexed_messages(client: SearchClient) -> dict[str, Document]:
    """Source path relative to the ingest root -> the message's document (not its attachments)."""
    documents = [d for d in client.browse(Filters(), limit=client.counts().documents or 1) if d.member_path is None]
    root = common_root(document.source_path for document in documents)
    return {relative_to_root(document.source_path, root): document for document in documents}


def _top(codes: set[str] | tuple[str, ...]) -> set[str]:
    return {top_level_exemption(code) for code in codes}


def _same_authority(found: str | None, expected: str) -> bool:
    """Equal names, or two names the gazetteer knows as one authority (a label may use an alias). The
    gazetteer tells apart bodies of one name by a qualifier ("Department of Finance (Northern Ireland)"),
    which the body's own letters do not write: it is no part of the name."""

    def key(name: str) -> str:
        known = GAZETTEER.lookup(name)
        name = known.name if known is not None else name
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        return re.sub(r"[^a-z0-9]", "", name.lower().replace("&", "and").removeprefix("the "))

    return found is not None and key(found) == key(expected)


def score(threads: list[ThreadLabel], documents: dict[str, Document], verbose: bool) -> dict[str, Any]:
    outcome_pairs: list[tuple[str | None, str | None]] = []
    thread_outcomes: list[tuple[str | None, str | None]] = []
    message_exemptions, thread_exemptions = SetCounts(), SetCounts()
    authority: dict[str, Counter[bool]] = defaultdict(Counter)
    missing: list[str] = []
    for thread in threads:
        found_codes: set[str] = set()
        # (label, what the index says) of each labelled authority message, in thread order.
        answered: list[tuple[dict[str, Any], str | None]] = []
        for file_name, label in thread.messages.items():
            document = documents.get(f"{thread.folder}/{file_name}")
            if document is None:
                missing.append(f"{thread.folder}/{file_name}")
                continue
            side = "authority" if label.get("from_authority") else "requester"
            same = _same_authority(document.authority, thread.authority)
            authority[side][same] += 1
            if verbose and not same:
                print(f"AUTHORITY {thread.folder}/{file_name}: {document.authority} != {thread.authority}")
            if not label.get("from_authority"):
                continue
            found_codes |= set(document.exemptions)
            message_exemptions.add(_top(set(label.get("exemptions", []))), _top(document.exemptions))
            if "outcome" in label:
                outcome_pairs.append((label["outcome"], document.outcome))
                if verbose and label["outcome"] != document.outcome:
                    evidence = document.evidence.get("outcome", "")[:100]
                    print(f"MISS {thread.folder}/{file_name}: {document.outcome} != {label['outcome']} ({evidence})")
                answered.append((label, document.outcome))
        thread_exemptions.add(_top(thread.exemptions), _top(found_codes))
        if thread.outcome is not None:
            thread_outcomes.append((thread.outcome, _thread_answer(answered)))
    return {
        "threads": len(threads),
        "outcome": outcome_pairs,
        "thread_outcome": thread_outcomes,
        "message_exemptions": message_exemptions,
        "thread_exemptions": thread_exemptions,
        "authority": authority,
        "missing": missing,
    }


def _thread_answer(answered: list[tuple[dict[str, Any], str | None]]) -> str | None:
    """What the index says of the message whose outcome is the thread's, chosen by the labels: the last
    substantive reply that decides something (a reply that only passes the request on, `other`, decides
    nothing), else the last authority message (a transfer, or an acknowledgement where nothing has been
    answered yet). Every labelled thread of every set follows this rule."""
    deciding = [
        found for label, found in answered if label.get("role") in SUBSTANTIVE_ROLES and label["outcome"] != "other"
    ]
    if deciding:
        return deciding[-1]
    return answered[-1][1] if answered else None


def print_report(figures: dict[str, Any]) -> None:
    pairs: list[tuple[str | None, str | None]] = figures["outcome"]
    print(f"{figures['threads']} threads, {len(pairs)} labelled authority messages")
    if figures["missing"]:
        print(f"not in the index: {len(figures['missing'])} messages, e.g. {figures['missing'][:3]}")
    print(f"\n{'outcome (per authority message)':<34} {'precision':>9} {'recall':>7} {'n':>4}")
    for value in sorted({str(expected) for expected, _ in pairs} | {str(found) for _, found in pairs}):
        tp = sum(1 for e, f in pairs if str(e) == value and str(f) == value)
        predicted = sum(1 for _, f in pairs if str(f) == value)
        actual = sum(1 for e, _ in pairs if str(e) == value)
        precision = f"{tp / predicted:.3f}" if predicted else "-"
        recall = f"{tp / actual:.3f}" if actual else "-"
        print(f"{value:<34} {precision:>9} {recall:>7} {actual:>4}")
    print(f"{'accuracy':<34} {_accuracy(pairs):>17}")
    print(f"{'thread outcome (last substantive reply)':<42} {_accuracy(figures['thread_outcome']):>9}")
    print(f"\n{'exemptions applied, top-level section':<42} {'P':>6} {'R':>6} {'F1':>6}")
    for name, key in (("per authority message", "message_exemptions"), ("per thread", "thread_exemptions")):
        counts: SetCounts = figures[key]
        print(f"{name:<42} {counts.precision:>6.3f} {counts.recall:>6.3f} {counts.f1:>6.3f}")
    print()
    for side, counter in figures["authority"].items():
        total = sum(counter.values())
        share = f"{counter[True]}/{total} = {counter[True] / total:.3f}"
        print(f"{side + ' messages carrying the thread authority':<50} {share}")


def _accuracy(pairs: list[tuple[str | None, str | None]]) -> str:
    right = sum(1 for expected, found in pairs if expected == found)
    return f"{right}/{len(pairs)} = {right / len(pairs):.3f}" if pairs else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="index built by `foi ingest` of the mail folder")
    parser.add_argument("--labels", type=Path, required=True, help="labels folder (one file a thread) or pages file")
    parser.add_argument("--mail", type=Path, help="the ingested folder (default: labels/../mail)")
    parser.add_argument("--split", default="dev", choices=("dev", "holdout", "all"))
    parser.add_argument("--verbose", action="store_true", help="print every wrong outcome with its evidence")
    args = parser.parse_args(argv)
    mail = args.mail or (args.labels.parent / "mail" if args.labels.is_dir() else None)
    threads = [t for t in read_labels(args.labels, mail) if args.split in ("all", t.split)]
    client = SearchClient.open(args.index, Settings.from_env())
    try:
        print_report(score(threads, indexed_messages(client), args.verbose))
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
