"""The phrase patterns of `data/rules.json`, loaded once and compiled.

The patterns are data (reviewable, testable, extendable without code changes);
the functions that use them live in the module of each concern.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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


class Patterns(tuple[re.Pattern[str], ...]):
    """Compiled patterns, with `screen`: one alternation of them all.

    Most sentences match none of a list's patterns; one search of the alternation rejects such a
    sentence instead of one search per pattern (about 3x faster on a long text's sentences). The
    alternation matches exactly when some pattern does (each branch is tried at every position), so
    answers do not change: when it matches, the patterns are still tried in order for the first one.
    """

    screen: re.Pattern[str] | None

    def __new__(cls, compiled: Iterable[re.Pattern[str]]) -> Patterns:
        self = super().__new__(cls, compiled)
        self.screen = _alternation(self)
        return self


# A backreference would point at another pattern's group once the patterns are joined.
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _alternation(compiled: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """None where the patterns cannot be joined (flags differ, a backreference, a group name repeats): no screen."""
    if not compiled or len({regex.flags for regex in compiled}) != 1:
        return None
    if any(_BACKREFERENCE.search(regex.pattern) for regex in compiled):
        return None
    try:
        return re.compile("|".join(f"(?:{regex.pattern})" for regex in compiled), compiled[0].flags)
    except re.error:
        return None


@cache
def patterns(*path: str) -> Patterns:
    """The list of regular expressions at `path` in rules.json, compiled case-insensitively."""
    return Patterns(re.compile(source, re.IGNORECASE) for source in _at(path))


@cache
def pattern(*path: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """The one regular expression at `path` in rules.json."""
    return re.compile(_at(path), 0 if case_sensitive else re.IGNORECASE)


def values(*path: str) -> Any:
    return _at(path)


def any_match(compiled: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    """The match of the first pattern that matches `text`, or None."""
    if isinstance(compiled, Patterns) and compiled.screen is not None and compiled.screen.search(text) is None:
        return None
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
