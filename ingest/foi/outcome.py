"""The outcome of a response, from the authority's own words, and a WhatDoTheyKnow page's declared status.

Cue phrases (data/rules.json, "outcome") are found in the authority's sentences.
The last stage reached decides: a later internal review, acknowledgement or
clarification request overrides an earlier one; among final answers, neither
confirm nor deny beats everything, exemptions with some information released
make a partial disclosure, exemptions alone a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.foi.passages import Passages, Sentence, Voice
from ingest.foi.rules import any_match, patterns, values

_FINAL = ("ncnd", "not_held", "refused", "partial", "disclosed", "response_attached")
_INTERIM = ("acknowledgement", "clarification")


@dataclass(frozen=True)
class Cue:
    kind: str
    position: int
    sentence: str


@dataclass(frozen=True)
class Outcome:
    value: str | None
    evidence: str | None


def find_cues(passages: Passages) -> list[Cue]:
    cues: list[Cue] = []
    for sentence in passages.sentences:
        if sentence.voice is not Voice.AUTHORITY:
            continue
        cues.extend(_sentence_cues(sentence))
    return cues


def _sentence_cues(sentence: Sentence) -> list[Cue]:
    text = sentence.own_text
    kinds = [kind for kind in (*_FINAL, *_INTERIM, "internal_review") if any_match(patterns("outcome", kind), text)]
    # "unable to provide this information, because we do not have it" is not held, not a refusal.
    if "not_held" in kinds and "refused" in kinds:
        kinds.remove("refused")
    # "Please find attached a letter in response ... along with information we can release" is a
    # cover note: what is released is the attached letter's to say (it may withhold some), not the note's.
    if "response_attached" in kinds and "disclosed" in kinds:
        kinds.remove("disclosed")
    return [Cue(kind, sentence.index, sentence.text) for kind in kinds]


def classify_outcome(
    passages: Passages,
    exemptions: tuple[str, ...],
    exemption_evidence: str | None = None,
    exemption_position: int = -1,
) -> Outcome:
    """`exemption_position`: index of the last sentence applying an exemption (a final answer too)."""
    cues = find_cues(passages)
    grounds = [code for code in exemptions if code not in ("s12", "s14")]
    refusal_grounds = [code for code in exemptions if code in ("s12", "s14")]
    last_final = max((c.position for c in cues if c.kind in _FINAL), default=-1)
    last_final = max(last_final, exemption_position)
    review = [c for c in cues if c.kind == "internal_review" and c.position >= last_final]
    if review:
        return Outcome("internal_review", review[-1].sentence)
    later_interim = [c for c in cues if c.kind in _INTERIM and c.position > last_final]
    if later_interim:
        return Outcome(later_interim[-1].kind, later_interim[-1].sentence)
    return _final(cues, grounds, refusal_grounds, exemption_evidence)


def _final(cues: list[Cue], grounds: list[str], refusal_grounds: list[str], exemption_evidence: str | None) -> Outcome:
    first = {kind: next((c.sentence for c in cues if c.kind == kind), None) for kind in _FINAL}
    if first["ncnd"] and not (first["disclosed"] or first["partial"]):
        return Outcome("ncnd", first["ncnd"])
    released = first["partial"] or first["disclosed"]
    if grounds or first["partial"]:
        if released:
            return Outcome("partially_disclosed", first["partial"] or released)
        return Outcome("refused", exemption_evidence or first["refused"])
    if refusal_grounds or first["refused"]:
        return Outcome("refused", first["refused"] or exemption_evidence)
    if first["not_held"]:
        return Outcome("not_held", first["not_held"])
    if first["disclosed"]:
        return Outcome("disclosed", first["disclosed"])
    return Outcome(None, None)


def source_status(passages: Passages, title: str = "") -> tuple[str | None, str | None]:
    """The status a WhatDoTheyKnow page declares ("The request was successful."), as (status, sentence)."""
    rules: list[list[str]] = values("wdtk", "status")
    for sentence in passages.sentences[:60]:
        for source, status in rules:
            if _matches(source, sentence.line_text):
                return status, sentence.line_text
    return None, None


def _matches(source: str, text: str) -> bool:
    return re.search(source, text, re.IGNORECASE) is not None
