"""FOI reference numbers: every one in the text, and which is the document's own.

Shapes seen in real responses (`FOI 2019-26`, `FOI2018/01393`, `01.FOI.22.026461`,
`01/FOI/21/019606`, `F-2010-00325`) are found anywhere; a generic code (`CAM1234`,
`3375675`) only after a reference cue ("Our reference:", "Ref No:"). The own
reference is the one the authority files this response under; references in the
requester's words or introduced as "previous request" are earlier requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.foi.passages import Passages, Sentence, Voice
from ingest.foi.rules import any_match, pattern, patterns, values

# Not references although they follow a cue word: dates, years, postcodes, phone numbers.
_NOT_A_REFERENCE = re.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d{2}|[A-Z]{1,2}\d{1,2}[A-Z]?|0\d{9,10})$")


@dataclass(frozen=True)
class References:
    own: str | None
    all: tuple[str, ...]
    own_evidence: str | None
    # (authority id, evidence) for reference formats that belong to one authority (MPS: 01.FOI.22.026461).
    owners: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Found:
    reference: str
    sentence: Sentence
    own_cue: bool
    earlier_cue: bool


def find_references(text: str) -> list[str]:
    """Every reference in a piece of text, as written (spacing normalised), in order."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for regex in patterns("references", "specific"):
        for match in regex.finditer(text):
            if not _overlaps(match.span(), taken):
                found.append((match.start(), _tidy(match.group(0))))
                taken.append(match.span())
    for match in pattern("references", "cued").finditer(text):
        span = match.span("ref")
        candidate = _tidy(match["ref"])
        if not _overlaps(span, taken) and _looks_like_reference(candidate):
            found.append((span[0], candidate))
            taken.append(span)
    found.sort()
    return list(dict.fromkeys(reference for _, reference in found))


def extract_references(passages: Passages) -> References:
    items = [
        _Found(reference, sentence, _has_cue(sentence, "own_cues"), _has_cue(sentence, "earlier_cues"))
        for sentence in passages.sentences
        for reference in find_references(sentence.text)
    ]
    all_references = tuple(dict.fromkeys(item.reference for item in items))
    own = _own(items)
    return References(
        own=own.reference if own else None,
        all=all_references,
        own_evidence=own.sentence.text if own else None,
        owners=tuple(_owners(all_references)),
    )


def _own(items: list[_Found]) -> _Found | None:
    authority = [item for item in items if item.sentence.voice is not Voice.REQUESTER and not item.earlier_cue]
    cued = [item for item in authority if item.own_cue]
    if cued:
        return cued[0]
    return authority[0] if authority else None


def _has_cue(sentence: Sentence, kind: str) -> bool:
    return any_match(patterns("references", kind), sentence.text) is not None


def _owners(references: tuple[str, ...]) -> list[tuple[str, str]]:
    owners: dict[str, str] = {}
    rules: dict[str, list[str]] = values("references", "owner_patterns")
    for authority_id, sources in rules.items():
        for reference in references:
            if any(re.match(source, reference) for source in sources):
                owners.setdefault(authority_id, f"reference {reference} is in the format of this authority")
    return list(owners.items())


def _looks_like_reference(candidate: str) -> bool:
    if _NOT_A_REFERENCE.match(candidate) or not any(ch.isdigit() for ch in candidate):
        return False
    digits = sum(ch.isdigit() for ch in candidate)
    return digits >= 4


def _tidy(reference: str) -> str:
    return " ".join(reference.split()).strip(".,;:-/")


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)
