"""Units of relevance: what a judgment names, and how a search hit maps to one.

A unit is a path relative to the folder that was ingested: one file
(`letters/kent.pdf`) or a folder holding one request thread (`requests/1234`).
A hit is relevant to a unit when its source path, relative to the ingest root,
equals the unit or lies under it (`unit/...`); `abc` never matches `abcd/x.txt`.

The ingest root: `foi ingest FOLDER` stores source paths relative to FOLDER, so
relative source paths are already relative to the root. Absolute source paths
are made relative to an explicit root, or else to their common folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Sequence


def normalise_unit(path: str) -> str:
    """`./a\\b/` -> `a/b`: judgments and source paths compared in one form."""
    cleaned = posixpath.normpath(path.replace("\\", "/").strip())
    return "" if cleaned == "." else cleaned.rstrip("/") if cleaned != "/" else cleaned


def is_within(path: str, unit: str) -> bool:
    """True when `path` is the unit itself or lies inside the unit folder."""
    path, unit = normalise_unit(path), normalise_unit(unit)
    return bool(unit) and (path == unit or path.startswith(unit + "/"))


def relative_to_root(source_path: str, root: str | None) -> str:
    """The source path as a unit would name it."""
    path = normalise_unit(source_path)
    if not root:
        return path
    base = normalise_unit(root)
    if base == "/":
        return path.lstrip("/")
    return path[len(base) + 1 :] if path.startswith(base + "/") else path


def common_root(source_paths: Iterable[str]) -> str | None:
    """The folder that absolute source paths share, or None when the paths are relative
    (already relative to the ingest root) or there are none."""
    absolute = [normalise_unit(path) for path in source_paths if normalise_unit(path).startswith("/")]
    if not absolute:
        return None
    return posixpath.commonpath([posixpath.dirname(path) for path in absolute])


def unit_of(path: str, units: Collection[str]) -> str | None:
    """The judged unit a path falls in; the deepest one when judged units nest."""
    matches = [unit for unit in units if is_within(path, unit)]
    return max(matches, key=len) if matches else None


def collapse_to_units(paths: Sequence[str], units: Collection[str]) -> list[str]:
    """Ranked hit paths -> ranked units, each at its best rank.

    A hit inside a judged unit becomes that unit; any other hit stands for itself
    (its own path), so unjudged hits still take up ranks.
    """
    ranked: dict[str, None] = {}
    for path in paths:
        ranked.setdefault(unit_of(path, units) or normalise_unit(path), None)
    return list(ranked)
