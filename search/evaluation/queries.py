"""Evaluation queries: the JSON-lines file that `foi eval --queries` reads.

One object a line:
  {"qid": "q1", "text": "officers dismissed for misconduct",
   "filters": {"exemption": "s40", "outcome": "not_held", "authority": "Kent Police"},   (optional)
   "relevant": ["letters/kent.pdf", "requests/1234"],        (or {"unit": grade, ...} for graded judgments)
   "kind": "topic"}                                           (optional: results are also reported per kind)
Blank lines and lines starting with # are skipped. Every error names the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.codes import normalise_exemption, normalise_outcome
from search.errors import EvaluationError
from search.evaluation.units import normalise_unit
from search.model import Filters


@dataclass(frozen=True)
class EvalQuery:
    qid: str
    text: str
    relevant: Mapping[str, float]
    filters: Filters = field(default_factory=Filters)
    kind: str | None = None
    location: str = field(default="", compare=False)


_KEYS = {"qid", "text", "filters", "relevant", "kind"}


def read_queries(path: Path) -> list[EvalQuery]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"cannot read queries file {path}: {e}") from e
    queries: list[EvalQuery] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        location = f"{path}:{number}"
        query = parse_query_line(line, location)
        if query.qid in seen:
            raise EvaluationError(f"{location}: query id {query.qid!r} appears twice")
        seen.add(query.qid)
        queries.append(query)
    if not queries:
        raise EvaluationError(f"{path}: no queries in the file")
    return queries


def parse_query_line(line: str, location: str) -> EvalQuery:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise EvaluationError(f"{location}: not a JSON object: {e.msg}") from e
    if not isinstance(row, dict):
        raise EvaluationError(f"{location}: expected a JSON object, found {type(row).__name__}")
    unknown = set(row) - _KEYS
    if unknown:
        raise EvaluationError(f"{location}: unknown keys {sorted(unknown)}; expected {sorted(_KEYS)}")
    qid, text = row.get("qid"), row.get("text")
    if not isinstance(qid, str | int) or str(qid) == "":
        raise EvaluationError(f"{location}: 'qid' must be a non-empty string")
    if not isinstance(text, str):
        raise EvaluationError(f"{location}: 'text' must be a string")
    kind = row.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise EvaluationError(f"{location}: 'kind' must be a string")
    return EvalQuery(
        qid=str(qid),
        text=text,
        relevant=_relevant(row.get("relevant"), location),
        filters=parse_filters(row.get("filters"), location),
        kind=kind,
        location=location,
    )


def _relevant(value: object, location: str) -> dict[str, float]:
    if isinstance(value, list) and all(isinstance(unit, str) for unit in value):
        return {normalise_unit(unit): 1.0 for unit in value if normalise_unit(unit)}
    if isinstance(value, dict) and all(
        isinstance(grade, int | float) and not isinstance(grade, bool) for grade in value.values()
    ):
        return {normalise_unit(str(unit)): float(grade) for unit, grade in value.items() if normalise_unit(str(unit))}
    raise EvaluationError(f"{location}: 'relevant' must be a list of units or an object of unit -> grade")


def parse_filters(value: object, location: str) -> Filters:
    if value is None:
        return Filters()
    if not isinstance(value, dict):
        raise EvaluationError(f"{location}: 'filters' must be an object")
    options: dict[str, object] = {}
    for key, raw in value.items():
        if key not in _FILTERS:
            raise EvaluationError(f"{location}: unknown filter {key!r}; expected one of {sorted(_FILTERS)}")
        name, parse = _FILTERS[key]
        try:
            options[name] = parse(raw)
        except (TypeError, ValueError) as e:
            raise EvaluationError(f"{location}: filter {key!r}: {e}") from e
    return Filters(**options)  # type: ignore[arg-type]


def _strings(raw: object) -> tuple[str, ...]:
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"expected a string or a list of strings, found {raw!r}")
    return tuple(values)


def _exemptions(raw: object) -> tuple[str, ...]:
    codes = []
    for value in _strings(raw):
        code = normalise_exemption(value)
        if code is None:
            raise ValueError(f"{value!r} is not an exemption such as s40 or s31(1)(a)")
        codes.append(code)
    return tuple(codes)


def _outcomes(raw: object) -> tuple[str, ...]:
    outcomes = []
    for value in _strings(raw):
        outcome = normalise_outcome(value)
        if outcome is None:
            raise ValueError(f"{value!r} is not an outcome such as refused or not_held")
        outcomes.append(outcome)
    return tuple(outcomes)


def _date(raw: object) -> date:
    if not isinstance(raw, str):
        raise ValueError(f"expected a date YYYY-MM-DD, found {raw!r}")
    return date.fromisoformat(raw)


def _path(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"expected a path, found {raw!r}")
    return raw


_FILTERS: dict[str, tuple[str, Callable[[object], object]]] = {
    "authority": ("authorities", _strings),
    "exemption": ("exemptions", _exemptions),
    "outcome": ("outcomes", _outcomes),
    "type": ("doc_types", _strings),
    "request": ("request_ids", _strings),
    "path": ("path_prefix", _path),
    "after": ("date_from", _date),
    "before": ("date_to", _date),
}
