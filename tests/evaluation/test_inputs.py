"""The queries JSON-lines reader and the BEIR reader: good input parsed, bad input named by file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.errors import EvaluationError
from search.evaluation.beir import read_beir, unit_for_id, write_corpus_folder
from search.evaluation.queries import read_queries
from search.model import Filters


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_queries_with_filters_grades_and_kinds(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "q.jsonl",
        [
            "# a comment",
            json.dumps({"qid": "q1", "text": "misconduct", "relevant": ["a/b.txt", "./c/"], "kind": "topic"}),
            "",
            json.dumps(
                {
                    "qid": 2,
                    "text": "names withheld",
                    "filters": {"exemption": "section 40(2)", "outcome": "refused", "authority": "Kent Police"},
                    "relevant": {"d.txt": 2, "e.txt": 0},
                }
            ),
        ],
    )
    first, second = read_queries(path)
    assert first.relevant == {"a/b.txt": 1.0, "c": 1.0} and first.kind == "topic" and first.filters == Filters()
    assert second.qid == "2" and second.relevant == {"d.txt": 2.0, "e.txt": 0.0}
    assert second.filters == Filters(authorities=("Kent Police",), exemptions=("s40(2)",), outcomes=("refused",))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not a JSON object"),
        (json.dumps({"qid": "q", "text": "t"}), "'relevant'"),
        (json.dumps({"qid": "q", "text": "t", "relevant": [], "extra": 1}), "unknown keys"),
        (json.dumps({"qid": "q", "text": "t", "relevant": [], "filters": {"colour": "red"}}), "unknown filter"),
        (json.dumps({"qid": "q", "text": "t", "relevant": [], "filters": {"exemption": "zz"}}), "exemption"),
        (json.dumps({"qid": "q", "text": "t", "relevant": [], "filters": {"after": "2020-13-01"}}), "'after'"),
    ],
)
def test_bad_lines_are_named_by_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps({"qid": "ok", "text": "t", "relevant": ["a"]})
    path = _write(tmp_path / "q.jsonl", [good, line])
    with pytest.raises(EvaluationError) as raised:
        read_queries(path)
    assert f"{path}:2" in str(raised.value) and message in str(raised.value)


def test_duplicate_ids_and_empty_files(tmp_path: Path) -> None:
    line = json.dumps({"qid": "q", "text": "t", "relevant": ["a"]})
    with pytest.raises(EvaluationError, match="appears twice"):
        read_queries(_write(tmp_path / "dup.jsonl", [line, line]))
    with pytest.raises(EvaluationError, match="no queries"):
        read_queries(_write(tmp_path / "empty.jsonl", ["# nothing"]))
    with pytest.raises(EvaluationError, match="cannot read"):
        read_queries(tmp_path / "missing.jsonl")


def test_beir_dataset_round_trip(tmp_path: Path) -> None:
    dataset = tmp_path / "beir"
    (dataset / "qrels").mkdir(parents=True)
    _write(
        dataset / "corpus.jsonl",
        [
            json.dumps({"_id": "d/1", "title": "Speeding fines", "text": "Kent Police figures."}),
            json.dumps({"_id": "d2", "text": "Another letter."}),
        ],
    )
    _write(dataset / "queries.jsonl", [json.dumps({"_id": "q1", "text": "speeding"}), json.dumps({"_id": "q2"})])
    _write(dataset / "qrels" / "test.tsv", ["query-id\tcorpus-id\tscore", "q1\td/1\t2", "q1\td2\t0"])
    (query,) = read_beir(dataset)
    assert query.qid == "q1" and query.text == "speeding"
    assert query.relevant == {unit_for_id("d/1"): 2.0, unit_for_id("d2"): 0.0}
    out = tmp_path / "corpus"
    assert write_corpus_folder(dataset, out) == 2
    assert (out / unit_for_id("d/1")).read_text() == "Speeding fines\n\nKent Police figures.\n"
    assert "/" not in unit_for_id("d/1")
    _write(dataset / "qrels" / "test.tsv", ["q1\td/1"])
    with pytest.raises(EvaluationError, match=r"test\.tsv:1"):
        read_beir(dataset)
