"""FOI exemption codes and outcomes: their normal forms (DESIGN.md) and how people write them."""

from __future__ import annotations

import re

OUTCOMES: tuple[str, ...] = (
    "disclosed",
    "partially_disclosed",
    "refused",
    "ncnd",
    "not_held",
    "acknowledgement",
    "clarification",
    "internal_review",
    "other",
)

# s40, s40(2), s22A, eir12(5)(e), foisa38(1)(b): an act prefix, a section, subsections.
_EXEMPTION = re.compile(r"^(?P<act>s|eir|foisa)(?P<section>\d{1,3}[A-Z]?)(?P<subs>(?:\([0-9a-z]{1,4}\))*)$")


def is_exemption_code(code: str) -> bool:
    """True when `code` is in the normal form of DESIGN.md (`s31(1)(a)`, `eir12(5)(e)`)."""
    return _EXEMPTION.match(code) is not None


def exemption_levels(code: str) -> tuple[str, ...]:
    """Every level of a normalised exemption, broadest first.

    `s31(1)(a)` -> (`s31`, `s31(1)`, `s31(1)(a)`), so that a filter on any level
    matches a document that cites a finer one.
    """
    match = _EXEMPTION.match(code)
    if match is None:
        raise ValueError(f"not a normalised exemption code: {code!r}")
    top = match["act"] + match["section"]
    levels = [top]
    for sub in re.findall(r"\([0-9a-z]+\)", match["subs"]):
        levels.append(levels[-1] + sub)
    return tuple(levels)


def top_level_exemption(code: str) -> str:
    """`s31(1)(a)` -> `s31`: the bucket used for exemption facets."""
    return exemption_levels(code)[0]


_ACTS: dict[str, str] = {
    "": "s",
    "s": "s",
    "sec": "s",
    "sect": "s",
    "section": "s",
    "foi": "s",
    "foia": "s",
    "foisection": "s",
    "eir": "eir",
    "reg": "eir",
    "regulation": "eir",
    "eirreg": "eir",
    "eirregulation": "eir",
    "foisa": "foisa",
    "foisasection": "foisa",
    "foisas": "foisa",
}
_EXEMPTION_INPUT = re.compile(
    r"^(?P<act>[a-z]*)(?P<digits>\d{1,3})(?P<letter>[a-z]?)(?P<subs>(?:\([0-9a-z]{1,4}\))*)$",
    re.ASCII,
)

_OUTCOME_ALIASES: dict[str, str] = {
    "partial": "partially_disclosed",
    "partially": "partially_disclosed",
    "part_disclosed": "partially_disclosed",
    "partly_disclosed": "partially_disclosed",
    "notheld": "not_held",
    "nothing_held": "not_held",
    "neither": "ncnd",
    "neither_confirm_nor_deny": "ncnd",
    "released": "disclosed",
    "full": "disclosed",
    "fully_disclosed": "disclosed",
    "withheld": "refused",
    "refusal": "refused",
    "review": "internal_review",
    "acknowledged": "acknowledgement",
    "acknowledgment": "acknowledgement",
    "clarify": "clarification",
}


def normalise_exemption(value: str) -> str | None:
    """`S40`, `section 40(2)`, `reg12(4)(a)`, `EIR 12(5)(e)` -> `s40`, `s40(2)`, `eir12(4)(a)`, `eir12(5)(e)`.

    None when the value cannot be read as an exemption.
    """
    compact = "".join(ch for ch in value.lower() if not ch.isspace() and ch not in ".-_")
    match = _EXEMPTION_INPUT.match(compact)
    if match is None or match["act"] not in _ACTS:
        return None
    # The normal form capitalises a section letter (s22A) but not subsection letters.
    code = f"{_ACTS[match['act']]}{int(match['digits'])}{match['letter'].upper()}{match['subs']}"
    return code if is_exemption_code(code) else None


def normalise_outcome(value: str) -> str | None:
    """`Refused`, `partial`, `not-held` -> `refused`, `partially_disclosed`, `not_held`; None if unknown."""
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    if key in OUTCOMES:
        return key
    return _OUTCOME_ALIASES.get(key)


# Every document belongs to one collection: the unit of access (an API key grants collections).
DEFAULT_COLLECTION = "public"
_COLLECTION_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def check_collection_name(name: str) -> str:
    """The name itself, or ValueError saying what a collection name may be."""
    if not _COLLECTION_NAME.match(name):
        raise ValueError(
            f"collection name {name!r} must be 1-64 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return name
