"""Checking extracted FOI metadata against ../shared/corpus/gold.json.

`check_gold(entry, metadata)` works on an `FoiMetadata` (from `analyse`) or a
`Document` (from the real ingest path), so the same assertions serve both.
An entry's `attachment` is checked by calling it again on the attachment's document.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from core.codes import exemption_levels, top_level_exemption
from core.model import Document
from ingest.foi import FoiMetadata
from tests.conftest import SHARED

GOLD_FILE = SHARED / "corpus" / "gold.json"
_NOT_ASSERTED = "no extracted outcome is asserted"


def load_gold() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(GOLD_FILE.read_text(encoding="utf-8"))
    return {name: entry for name, entry in data.items() if not name.startswith("_")}


def gold_path(name: str) -> Path:
    return SHARED / "corpus" / name


def check_gold(entry: dict[str, Any], metadata: FoiMetadata | Document) -> list[str]:
    """Every way `metadata` differs from the gold entry, as readable messages (empty: all correct)."""
    problems: list[str] = []
    problems += _check_authority(entry, metadata)
    problems += _check_references(entry, metadata)
    for field in ("response_date", "request_date"):
        if field in entry:
            problems += _check_equal(field, entry[field], _iso(getattr(metadata, field)))
    for field in ("requester", "source_status"):
        if field in entry:
            problems += _check_equal(field, entry[field], getattr(metadata, field))
    if "title" in entry and isinstance(metadata, Document):
        problems += _check_equal("title", entry["title"], metadata.title)
    problems += _check_exemptions(entry, metadata)
    if "outcome" in entry and _NOT_ASSERTED not in entry.get("_note", ""):
        problems += _check_equal("outcome", entry["outcome"], metadata.outcome)
    return problems


def _check_authority(entry: dict[str, Any], metadata: FoiMetadata | Document) -> list[str]:
    problems = []
    found = (metadata.authority or "").casefold()
    if "authority" in entry:
        accepted = [name.casefold() for name in entry["authority"]]
        if found not in accepted:
            problems.append(f"authority: {metadata.authority!r} is not one of {entry['authority']}")
    for wrong in entry.get("not_authority", []):
        if found == wrong.casefold():
            problems.append(f"authority: {metadata.authority!r} must not be {wrong!r}")
    return problems


def _check_references(entry: dict[str, Any], metadata: FoiMetadata | Document) -> list[str]:
    missing = [ref for ref in entry.get("references", []) if ref not in metadata.references]
    return [f"references: {missing} not found in {list(metadata.references)}"] if missing else []


def _check_exemptions(entry: dict[str, Any], metadata: FoiMetadata | Document) -> list[str]:
    problems = []
    codes = set(metadata.exemptions)
    levels = {level for code in codes for level in exemption_levels(code)}
    if "sections" in entry:
        sections = {top_level_exemption(code) for code in codes}
        if sections != set(entry["sections"]):
            problems.append(f"sections: {sorted(sections)} != {sorted(entry['sections'])}")
    missing = [code for code in entry.get("exemptions_include", []) if code not in codes]
    if missing:
        problems.append(f"exemptions: {missing} missing from {sorted(codes)}")
    wrong = [code for code in entry.get("exemptions_exclude", []) if code in codes or code in levels]
    if wrong:
        problems.append(f"exemptions: {wrong} must not be there (quoted or mentioned, not applied)")
    return problems


def _check_equal(field: str, expected: object, found: object) -> list[str]:
    return [] if expected == found else [f"{field}: {found!r} != {expected!r}"]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
