"""BEIR-format datasets: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.

A BEIR corpus becomes a folder `foi ingest` reads with one file per document,
`<quoted _id>.txt` (title, blank line, text), so that the unit of a BEIR
document is that file name:

    python -m search.evaluation.beir DATASET CORPUS_FOLDER
    foi ingest CORPUS_FOLDER --index INDEX
    foi eval --beir DATASET --index INDEX
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

from search.errors import EvaluationError
from search.evaluation.queries import EvalQuery

PREFERRED_SPLITS = ("test", "dev", "train")


def unit_for_id(corpus_id: str) -> str:
    """The file name a BEIR document is written to (reversible, any id is safe)."""
    return quote(corpus_id, safe="") + ".txt"


def read_beir(folder: Path, split: str | None = None) -> list[EvalQuery]:
    """The dataset's judged queries for one split (test, else dev, else train)."""
    qrels = read_qrels(_qrels_path(folder, split))
    texts = {row_id: row for row_id, row, _ in _jsonl(folder / "queries.jsonl")}
    queries = []
    for qid, judgments in qrels.items():
        if qid not in texts:
            raise EvaluationError(f"{folder / 'queries.jsonl'}: query {qid!r} of the qrels is missing")
        text = texts[qid].get("text")
        if not isinstance(text, str):
            raise EvaluationError(f"{folder / 'queries.jsonl'}: query {qid!r} has no text")
        relevant = {unit_for_id(doc): grade for doc, grade in judgments.items()}
        queries.append(EvalQuery(qid=qid, text=text, relevant=relevant, location=f"{folder}:{qid}"))
    if not queries:
        raise EvaluationError(f"{folder}: the qrels judge no query")
    return queries


def read_qrels(path: Path) -> dict[str, dict[str, float]]:
    qrels: dict[str, dict[str, float]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"cannot read qrels {path}: {e}") from e
    for number, line in enumerate(lines, start=1):
        cells = line.rstrip("\n").split("\t")
        if not line.strip() or (number == 1 and cells[0] == "query-id"):
            continue
        if len(cells) != 3:
            raise EvaluationError(f"{path}:{number}: expected query-id, corpus-id, score separated by tabs")
        try:
            grade = float(cells[2])
        except ValueError as e:
            raise EvaluationError(f"{path}:{number}: score {cells[2]!r} is not a number") from e
        qrels.setdefault(cells[0], {})[cells[1]] = grade
    return qrels


def write_corpus_folder(folder: Path, out: Path) -> int:
    """Write every corpus document as a text file `foi ingest` reads; returns the count."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for corpus_id, row, location in _jsonl(folder / "corpus.jsonl"):
        text, title = row.get("text", ""), row.get("title", "")
        if not isinstance(text, str) or not isinstance(title, str):
            raise EvaluationError(f"{location}: 'title' and 'text' must be strings")
        body = f"{title.strip()}\n\n{text.strip()}\n" if title.strip() else f"{text.strip()}\n"
        (out / unit_for_id(corpus_id)).write_text(body, encoding="utf-8")
        count += 1
    return count


def _qrels_path(folder: Path, split: str | None) -> Path:
    qrels = folder / "qrels"
    if split is not None:
        path = qrels / f"{split}.tsv"
        if not path.is_file():
            raise EvaluationError(f"{folder}: no qrels/{split}.tsv")
        return path
    for name in PREFERRED_SPLITS:
        if (qrels / f"{name}.tsv").is_file():
            return qrels / f"{name}.tsv"
    found = sorted(qrels.glob("*.tsv")) if qrels.is_dir() else []
    if len(found) != 1:
        raise EvaluationError(f"{folder}: expected qrels/test.tsv (or one qrels/*.tsv), found {len(found)} files")
    return found[0]


def _jsonl(path: Path) -> Iterator[tuple[str, dict[str, object], str]]:
    try:
        with path.open(encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                location = f"{path}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise EvaluationError(f"{location}: not a JSON object: {e.msg}") from e
                if not isinstance(row, dict) or not isinstance(row.get("_id"), str | int):
                    raise EvaluationError(f"{location}: expected a JSON object with an '_id'")
                yield str(row["_id"]), row, location
    except OSError as e:
        raise EvaluationError(f"cannot read {path}: {e}") from e


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a BEIR corpus as a folder of text files for `foi ingest`.")
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        count = write_corpus_folder(args.dataset, args.out)
    except EvaluationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{count} documents written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
