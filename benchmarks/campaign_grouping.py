"""Round-robin campaigns and copies on a generated round-robin: pair precision and recall, and where
the thresholds of ingest.foi.likeness fall between the pairs that are one question and those that are not.

    .venv/bin/python benchmarks/campaign_grouping.py --seed 1 [--corpus DIR] [--keep]

Writes the round-robin of scripts/make_round_robin.py with that seed (24 police forces asked one
stop-and-search question, look-alike questions to a few more, three copies of answers), ingests it
into a fresh embedded index with the real extraction and model, and prints:
- pair precision/recall of campaigns (a file's campaign against its manifest label) and of copies,
  and how many copies point at the original;
- for every pair of request texts that LSH could compare: their MinHash resemblance and embedding
  cosine, split into pairs of the same question and of different questions, against the thresholds.
Seed 1 is the development set the thresholds were chosen on; seed 2 is kept for a final check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from core.embed import make_encoder  # noqa: E402
from core.model import Document  # noqa: E402
from core.settings import Settings  # noqa: E402
from ingest.foi.likeness import REQUEST_RULE, resemblance, signature  # noqa: E402
from ingest.pipeline import IndexForIngest  # noqa: E402
from scripts.make_round_robin import make_round_robin  # noqa: E402
from search.client import SearchClient  # noqa: E402
from search.evaluation.grouping import pair_scores  # noqa: E402
from search.model import Filters  # noqa: E402

FOLDERS = ("main", "lookalike", "duplicates")


def ingest_round_robin(corpus: Path, index: Path, settings: Settings) -> list[Document]:
    """Ingest the generated folders (not truth.json); every document, copies included."""
    encoder = make_encoder(settings)
    with IndexForIngest(index, settings, encoder) as ingestor:
        ingestor.run([corpus / folder for folder in FOLDERS])
    client = SearchClient.open(index, settings)
    try:
        return client.browse(Filters(duplicates=True), limit=1000)
    finally:
        client.close()


def file_of(document: Document, corpus: Path) -> str:
    return Path(document.source_path).resolve().relative_to(corpus.resolve()).as_posix()


def campaign_scores(manifest: dict[str, object], documents: list[Document], corpus: Path) -> tuple[object, object]:
    """(campaign pair scores, copy pair scores) over the manifest's files."""
    files = manifest["files"]  # type: ignore[index]
    truth = {entry["path"]: entry["campaign"] for entry in files}  # type: ignore[index]
    top = {file_of(d, corpus): d for d in documents if d.member_path is None}
    found = {path: top[path].campaign_id if path in top else None for path in truth}
    copies_truth = {entry["path"]: entry["duplicate_of"] or entry["path"] for entry in files}  # type: ignore[index]
    by_id = {d.id: d for d in documents}
    copies_found = {}
    for path in truth:
        document = top.get(path)
        original = by_id.get(document.duplicate_of) if document and document.duplicate_of else None
        copies_found[path] = file_of(original, corpus) if original else path
    return pair_scores(truth, found), pair_scores(copies_truth, copies_found)


def request_pairs(documents: list[Document], corpus: Path, manifest: dict[str, object], settings: Settings) -> None:
    labels = {entry["path"]: entry["campaign"] for entry in manifest["files"]}  # type: ignore[index]
    letters = [d for d in documents if d.request_text and d.duplicate_of is None]
    encoder = make_encoder(settings)
    vectors = encoder.encode([d.request_text or "" for d in letters])
    rows = []
    for (i, a), (j, b) in combinations(enumerate(letters), 2):
        sig_a, sig_b = signature(a.request_text or "", REQUEST_RULE), signature(b.request_text or "", REQUEST_RULE)
        if sig_a is None or sig_b is None:
            continue
        same = labels.get(file_of(a, corpus)) == labels.get(file_of(b, corpus))
        rows.append((same, resemblance(sig_a, sig_b), float(np.dot(vectors[i], vectors[j]))))
    rule = REQUEST_RULE
    print(f"\nrequest pairs: {len(rows)} ({sum(r[0] for r in rows)} of one question)")
    print(
        f"thresholds: candidate {rule.candidate_threshold}, accept {rule.accept_threshold}, "
        f"confirm {rule.confirm_cosine}"
    )
    print("| pairs | count | resemblance min / median / max | cosine min / median / max |")
    print("|---|---|---|---|")
    for label, wanted in (("same question", True), ("different questions", False)):
        chosen = [r for r in rows if r[0] is wanted]
        if chosen:
            jac = np.array([r[1] for r in chosen])
            cos = np.array([r[2] for r in chosen])
            print(
                f"| {label} | {len(chosen)} | {jac.min():.3f} / {np.median(jac):.3f} / {jac.max():.3f} "
                f"| {cos.min():.3f} / {np.median(cos):.3f} / {cos.max():.3f} |"
            )
    missed = [r for r in rows if r[0] and r[1] < rule.candidate_threshold]
    middle_false = [r for r in rows if not r[0] and r[1] >= rule.candidate_threshold]
    print(f"same-question pairs below the candidate threshold (left to their threads and other pairs): {len(missed)}")
    print(
        "different-question pairs LSH offers: "
        f"{len(middle_false)}, highest cosine {max((r[2] for r in middle_false), default=0):.3f}"
    )


def _covers(document: Document, documents: list[Document]) -> bool:
    """An email whose letter is its attachment: it quotes no request of its own."""
    return any(other.parent_id == document.id for other in documents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="Write (or reuse) the round-robin here.")
    parser.add_argument("--keep", action="store_true", help="Keep the index in a temporary folder.")
    args = parser.parse_args()
    settings = Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="foi-campaigns-"))
    corpus = args.corpus or work / "corpus"
    manifest = make_round_robin(corpus, args.seed)
    documents = ingest_round_robin(corpus, work / "index", settings)
    campaigns, copies = campaign_scores(manifest, documents, corpus)
    print(f"seed {args.seed}: {len(manifest['files'])} files, {len(documents)} documents")
    letters = [d for d in documents if not _covers(d, documents)]
    quoted = sum(1 for d in letters if d.request_text)
    print(f"request text found in {quoted} of {len(letters)} letters (covering emails of an attached letter aside)")
    print("| grouping | precision | recall | pairs (true / found) |")
    print("|---|---|---|---|")
    for name, scores in (("campaigns", campaigns), ("copies", copies)):
        print(
            f"| {name} | {scores.precision:.3f} | {scores.recall:.3f} | "  # type: ignore[attr-defined]
            f"{scores.true_pairs} / {scores.found_pairs} |"  # type: ignore[attr-defined]
        )
    request_pairs(documents, corpus, manifest, settings)
    if args.keep:
        print(f"\nindex kept in {work / 'index'}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
