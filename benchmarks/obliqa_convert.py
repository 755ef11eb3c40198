"""Convert ObliQA (RegNLP) into a folder `foi ingest` reads and query files `foi eval` reads.

    .venv/bin/python benchmarks/obliqa_convert.py ../shared/eval/obliqa /tmp/obliqa
    foi ingest /tmp/obliqa/corpus --index /tmp/obliqa/index
    foi eval --index /tmp/obliqa/index --queries /tmp/obliqa/queries.jsonl

Layout written under OUT (never inside the repository):
  corpus/docNN/<passage id>.txt   one file per passage, "<passage id> <passage text>", as the
                                  rulebook prints it; the unit of relevance is this file
  queries.jsonl                   every query, each with a "kind":
                                    paraphrase  the ObliQA question as written (LLM-written,
                                                paraphrase-like);
                                    known_item  an 8-word span copied from the gold passage
                                                (a user who remembers the wording);
                                    topic       the question's 4 rarest content words, filtered
                                                to the gold regulatory document with a path
                                                filter (a facet-filtered topic search)
  queries-<kind>.jsonl            the same, one file per kind
  beir/                           the same data in BEIR form (corpus.jsonl, queries.jsonl, qrels/dev.tsv)

Only questions whose gold passages all lie inside the chosen documents are kept, so a
subset of documents gives a complete, smaller benchmark (embedding is the slow step).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

# Six documents, 2,810 passages: ~1,100 questions, about two minutes of embedding on 2 cores.
DEFAULT_DOCUMENTS = (1, 3, 10, 19, 33, 34)
KNOWN_ITEM_WORDS = 8
TOPIC_WORDS = 4
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "must",
        "may",
        "shall",
        "might",
        "ensure",
        "required",
        "requirements",
        "specific",
        "regarding",
        "according",
        "under",
        "what's",
        "whether",
        "within",
        "without",
        "including",
        "include",
        "includes",
        "particular",
        "following",
        "given",
        "context",
        "specify",
        "specifically",
        "particularly",
        "unique",
        "explain",
        "describe",
        "outline",
        "detail",
        "details",
        "clarify",
        "provide",
        "considered",
        "consider",
        "expected",
        "expect",
        "steps",
        "take",
        "need",
        "needs",
        "apply",
        "applies",
        "applicable",
        "relevant",
        "certain",
        "respect",
        "terms",
        "related",
        "relation",
        "circumstances",
        "situation",
        "case",
    ]
)


@dataclass(frozen=True)
class Passage:
    document: int
    passage_id: str
    text: str
    # With --passages-per-file: the file of consecutive passages this one is written into.
    group: int | None = None

    @property
    def unit(self) -> str:
        if self.group is not None:
            return f"doc{self.document:02d}/part{self.group:04d}.txt"
        return f"doc{self.document:02d}/{_safe_name(self.passage_id)}.txt"

    @property
    def file_text(self) -> str:
        return f"{self.passage_id} {self.text.strip()}\n"


@dataclass(frozen=True)
class EvalQuery:
    qid: str
    text: str
    kind: str
    relevant: tuple[str, ...]
    filters: dict[str, str] | None = None

    def to_json(self) -> str:
        row: dict[str, object] = {
            "qid": self.qid,
            "text": self.text,
            "kind": self.kind,
            "relevant": list(self.relevant),
        }
        if self.filters:
            row["filters"] = self.filters
        return json.dumps(row, ensure_ascii=False)


def _safe_name(passage_id: str) -> str:
    return _UNSAFE.sub("_", passage_id.strip()).strip("._") or "passage"


def read_passages(archive: Path, documents: set[int] | None) -> dict[tuple[int, str], Passage]:
    passages: dict[tuple[int, str], Passage] = {}
    with zipfile.ZipFile(archive) as zipped:
        for name in sorted(zipped.namelist()):
            if not re.fullmatch(r"StructuredRegulatoryDocuments/\d+\.json", name):
                continue
            for row in json.loads(zipped.read(name)):
                document = int(row["DocumentID"])
                if (documents is None or document in documents) and str(row["Passage"]).strip():
                    passage = Passage(document, str(row["PassageID"]), str(row["Passage"]))
                    passages.setdefault((document, passage.passage_id), passage)
    return passages


def grouped(passages: dict[tuple[int, str], Passage], per_file: int) -> dict[tuple[int, str], Passage]:
    """Consecutive passages of one regulatory document written into one file, in rulebook order:
    longer documents, where chunk size and per-document aggregation matter."""
    if per_file <= 1:
        return passages
    position: Counter[int] = Counter()
    result = {}
    for key, passage in passages.items():
        result[key] = replace(passage, group=position[passage.document] // per_file)
        position[passage.document] += 1
    return result


def unique_units(passages: Iterable[Passage]) -> None:
    seen: dict[str, str] = {}
    for passage in passages:
        if passage.unit in seen and seen[passage.unit] != passage.passage_id:
            raise SystemExit(f"passage ids {seen[passage.unit]!r} and {passage.passage_id!r} map to one file")
        seen[passage.unit] = passage.passage_id


def paraphrase_queries(questions: list[dict[str, object]], passages: dict[tuple[int, str], Passage]) -> list[EvalQuery]:
    queries = []
    for question in questions:
        gold = [(int(p["DocumentID"]), str(p["PassageID"])) for p in question["Passages"]]  # type: ignore[attr-defined]
        if gold and all(key in passages for key in gold):
            units = tuple(dict.fromkeys(passages[key].unit for key in gold))
            queries.append(
                EvalQuery(str(question["QuestionID"]), str(question["Question"]).strip(), "paraphrase", units)
            )
    return queries


def known_item_queries(
    paraphrases: Sequence[EvalQuery], by_unit: dict[str, Passage], count: int, rng: random.Random
) -> list[EvalQuery]:
    """An 8-word span of the (single) gold passage, lower-cased and without punctuation."""
    candidates = [q for q in paraphrases if len(q.relevant) == 1]
    queries = []
    for query in rng.sample(candidates, min(count * 2, len(candidates))):
        words = _WORD.findall(by_unit[query.relevant[0]].text)
        if len(words) < KNOWN_ITEM_WORDS * 2:
            continue
        start = rng.randrange(0, len(words) - KNOWN_ITEM_WORDS)
        text = " ".join(words[start : start + KNOWN_ITEM_WORDS]).lower()
        queries.append(EvalQuery(f"ki-{query.qid}", text, "known_item", query.relevant))
        if len(queries) == count:
            break
    return queries


def topic_queries(
    paraphrases: Sequence[EvalQuery], passages: Iterable[Passage], count: int, rng: random.Random
) -> list[EvalQuery]:
    """The question's rarest content words, in their order, with a filter to the gold document."""
    frequency = Counter(word for passage in passages for word in set(_words(passage.text)))
    total = max(sum(1 for _ in frequency), 1)
    candidates = [q for q in paraphrases if len({unit.split("/")[0] for unit in q.relevant}) == 1]
    queries = []
    for query in rng.sample(candidates, min(count, len(candidates))):
        words = list(dict.fromkeys(_words(query.text)))
        rarest = set(sorted(words, key=lambda w: (-math.log(total / (1 + frequency[w])), w))[:TOPIC_WORDS])
        text = " ".join(word for word in words if word in rarest)
        folder = query.relevant[0].split("/")[0]
        queries.append(EvalQuery(f"tp-{query.qid}", text, "topic", query.relevant, {"path": folder}))
    return queries


def _words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOPWORDS and len(w) > 2]


def unit_texts(passages: Iterable[Passage]) -> dict[str, str]:
    """Each unit's file text: one passage, or a group of them separated by blank lines."""
    texts: dict[str, list[str]] = {}
    for passage in passages:
        texts.setdefault(passage.unit, []).append(passage.file_text)
    return {unit: "\n".join(parts) for unit, parts in texts.items()}


def write_corpus(out: Path, passages: Iterable[Passage]) -> int:
    texts = unit_texts(passages)
    for unit, text in texts.items():
        path = out / "corpus" / unit
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(texts)


def write_queries(out: Path, queries: Sequence[EvalQuery]) -> None:
    (out / "queries.jsonl").write_text("".join(q.to_json() + "\n" for q in queries), encoding="utf-8")
    for kind in sorted({q.kind for q in queries}):
        lines = "".join(q.to_json() + "\n" for q in queries if q.kind == kind)
        (out / f"queries-{kind}.jsonl").write_text(lines, encoding="utf-8")


def write_beir(out: Path, passages: Iterable[Passage], queries: Sequence[EvalQuery]) -> None:
    beir = out / "beir"
    (beir / "qrels").mkdir(parents=True, exist_ok=True)
    with (beir / "corpus.jsonl").open("w", encoding="utf-8") as corpus:
        for unit, text in unit_texts(passages).items():
            row = {"_id": unit, "title": "", "text": text.strip()}
            corpus.write(json.dumps(row, ensure_ascii=False) + "\n")
    paraphrases = [q for q in queries if q.kind == "paraphrase"]
    with (beir / "queries.jsonl").open("w", encoding="utf-8") as file:
        for query in paraphrases:
            file.write(json.dumps({"_id": query.qid, "text": query.text}, ensure_ascii=False) + "\n")
    rows = ["query-id\tcorpus-id\tscore"] + [f"{q.qid}\t{unit}\t1" for q in paraphrases for unit in q.relevant]
    (beir / "qrels" / "dev.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="folder with ObliQA_dev.json and StructuredRegulatoryDocuments.zip")
    parser.add_argument("out", type=Path, help="output folder (created; must be empty or absent)")
    parser.add_argument("--documents", default=",".join(map(str, DEFAULT_DOCUMENTS)), help="document ids, or 'all'")
    parser.add_argument("--known-item", type=int, default=200, help="number of known-item queries")
    parser.add_argument("--topic", type=int, default=200, help="number of facet-filtered topic queries")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--beir", action="store_true", help="also write a BEIR-format copy")
    parser.add_argument(
        "--passages-per-file", type=int, default=1, help="consecutive passages per file (the unit of relevance)"
    )
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    documents = None if args.documents == "all" else {int(d) for d in args.documents.split(",")}
    passages = read_passages(args.source / "StructuredRegulatoryDocuments.zip", documents)
    unique_units(passages.values())
    passages = grouped(passages, args.passages_per_file)
    questions = json.loads((args.source / "ObliQA_dev.json").read_text(encoding="utf-8"))
    rng = random.Random(args.seed)
    paraphrases = paraphrase_queries(questions, passages)
    by_unit = {passage.unit: passage for passage in passages.values()}
    queries = (
        paraphrases
        + known_item_queries(paraphrases, by_unit, args.known_item, rng)
        + topic_queries(paraphrases, passages.values(), args.topic, rng)
    )
    args.out.mkdir(parents=True, exist_ok=True)
    written = write_corpus(args.out, passages.values())
    write_queries(args.out, queries)
    if args.beir:
        write_beir(args.out, passages.values(), queries)
    kinds = Counter(q.kind for q in queries)
    summary = f"{len(passages)} passages in {written} files, {len(queries)} queries ({dict(kinds)})"
    print(f"{summary} written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
