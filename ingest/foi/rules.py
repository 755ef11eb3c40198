"""The phrase patterns of `data/rules.json`, loaded once and compiled.

The patterns are data (reviewable, testable, extendable without code changes);
the functions that use them live in the module of each concern.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ingest.errors import FoiDataError


@cache
def rules() -> dict[str, Any]:
    try:
        text = resources.files("ingest.foi").joinpath("data/rules.json").read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError) as e:
        raise FoiDataError(f"cannot read ingest/foi/data/rules.json: {e}") from e
    return data


@cache
def patterns(*path: str) -> tuple[re.Pattern[str], ...]:
    """The list of regular expressions at `path` in rules.json, compiled case-insensitively."""
    return tuple(re.compile(source, re.IGNORECASE) for source in _at(path))


@cache
def pattern(*path: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """The one regular expression at `path` in rules.json."""
    return re.compile(_at(path), 0 if case_sensitive else re.IGNORECASE)


def values(*path: str) -> Any:
    return _at(path)


def any_match(compiled: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for regex in compiled:
        match = regex.search(text)
        if match:
            return match
    return None


def _at(path: tuple[str, ...]) -> Any:
    node: Any = rules()
    for key in path:
        node = node[key]
    return node
