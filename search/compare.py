"""One round-robin campaign, authority by authority: who disclosed, who refused and under which
section, with the sentence that says so. `foi compare`, the UI's compare page and the API read it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.codes import OUTCOMES, exemption_levels
from core.model import Document

# Outcomes that are an answer to the request; the others (acknowledgement, clarification) only say
# that one is coming, so an authority whose last word is one of them has not answered yet.
_ANSWERS = frozenset(OUTCOMES) - {"acknowledgement", "clarification", "other"}
_REFUSALS = frozenset({"refused", "partially_disclosed", "ncnd"})
CSV_COLUMNS = (
    "authority",
    "authority_id",
    "response_date",
    "outcome",
    "exemptions",
    "reference",
    "key_sentence",
    "document_id",
    "source_path",
    "documents",
)


@dataclass(frozen=True)
class AuthorityAnswer:
    """One authority's answer to the campaign's request: its last substantive reply."""

    authority: str
    authority_id: str | None
    document: Document
    # Every document of this authority in the campaign (letters, covering emails, attachments).
    documents: int

    @property
    def outcome(self) -> str | None:
        return self.document.outcome

    @property
    def exemptions(self) -> tuple[str, ...]:
        """The exemptions applied, each at its most specific: a letter citing "section 31" and
        "section 31(1)(a)" applies s31(1)(a), and counts once under it."""
        codes = self.document.exemptions
        broader = {level for code in codes for level in exemption_levels(code) if level != code}
        return tuple(code for code in codes if code not in broader)

    @property
    def response_date(self) -> date | None:
        return self.document.response_date or self.document.date

    @property
    def reference(self) -> str | None:
        return self.document.reference

    @property
    def key_sentence(self) -> str | None:
        """The sentence that gave the answer its outcome."""
        return self.document.evidence.get("outcome")

    def exemption_evidence(self) -> dict[str, str]:
        """Each exemption applied, with the sentence that applies it."""
        return {code: self.document.evidence.get(f"exemptions:{code}", "") for code in self.exemptions}

    def row(self) -> dict[str, object]:
        """The answer as a flat row (`foi compare --csv`, the UI's table)."""
        return {
            "authority": self.authority,
            "authority_id": self.authority_id,
            "response_date": self.response_date.isoformat() if self.response_date else None,
            "outcome": self.outcome,
            "exemptions": "; ".join(self.exemptions),
            "reference": self.reference,
            "key_sentence": self.key_sentence,
            "document_id": self.document.id,
            "source_path": self.document.member_path or self.document.source_path,
            "documents": self.documents,
        }


@dataclass(frozen=True)
class Comparison:
    campaign_id: str
    request_text: str | None
    answers: tuple[AuthorityAnswer, ...]
    # Authorities of the set the campaign went to (when the gazetteer lists it in full) with no answer.
    not_answered: tuple[str, ...] = ()
    authority_set: str | None = None

    @property
    def outcome_counts(self) -> dict[str, int]:
        """Authorities by the outcome of their answer, most first."""
        return dict(Counter(answer.outcome or "unknown" for answer in self.answers).most_common())

    @property
    def exemption_counts(self) -> dict[str, int]:
        """Authorities by each exemption their answer applies, most first."""
        return dict(Counter(code for answer in self.answers for code in answer.exemptions).most_common())

    def to_csv(self) -> str:
        """One row per authority, with a header (CSV_COLUMNS)."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(answer.row() for answer in self.answers)
        return buffer.getvalue()

    def summary(self) -> str:
        """ "9 disclosed, 3 refused under s12, 1 refused under s31(1)(a), 2 not held": refusals by
        the exemptions they apply."""
        parts: Counter[str] = Counter()
        for answer in self.answers:
            label = (answer.outcome or "unknown").replace("_", " ")
            if answer.outcome in _REFUSALS and answer.exemptions:
                label += " under " + ", ".join(answer.exemptions)
            parts[label] += 1
        text = ", ".join(f"{count} {label}" for label, count in sorted(parts.items(), key=_largest_first))
        if self.not_answered:
            text += f"; {len(self.not_answered)} of the {self.authority_set} not answered"
        return text


def compare(
    campaign_id: str,
    documents: Sequence[Document],
    complete_sets: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> Comparison:
    """The campaign's documents, one answer per authority. `complete_sets`: sets of authorities known
    in full, as (id, name) pairs by set name; the set holding most of the campaign's authorities
    names those that have not answered."""
    by_authority: dict[str, list[Document]] = {}
    for document in documents:
        if document.duplicate_of is None:
            by_authority.setdefault(document.authority_id or document.authority or "", []).append(document)
    answers = tuple(
        sorted(
            (_answer(members) for key, members in by_authority.items() if key),
            key=lambda answer: answer.authority.lower(),
        )
    )
    set_name, missing = _not_answered({answer.authority_id for answer in answers if _answered(answer)}, complete_sets)
    return Comparison(
        campaign_id=campaign_id,
        request_text=request_text_of(documents),
        answers=answers,
        not_answered=missing,
        authority_set=set_name,
    )


def _answer(documents: list[Document]) -> AuthorityAnswer:
    """The authority's last substantive reply (an answer rather than an acknowledgement), else its latest word."""
    answers = [document for document in documents if document.outcome in _ANSWERS] or documents
    chosen = max(answers, key=lambda document: (document.date or date.min, bool(document.exemptions), document.id))
    return AuthorityAnswer(chosen.authority or chosen.authority_id or "", chosen.authority_id, chosen, len(documents))


def _answered(answer: AuthorityAnswer) -> bool:
    return answer.outcome in _ANSWERS


def _not_answered(
    answered: set[str | None], complete_sets: Mapping[str, Sequence[tuple[str, str]]] | None
) -> tuple[str | None, tuple[str, ...]]:
    best, best_share = None, 0.0
    for name, members in (complete_sets or {}).items():
        ids = {authority_id for authority_id, _ in members}
        share = len(answered & ids) / max(1, len(answered))
        # The campaign went to this set when most of those who answered belong to it.
        if share > 0.5 and share > best_share:
            best, best_share = name, share
    if best is None or complete_sets is None:
        return None, ()
    return best, tuple(sorted(label for authority_id, label in complete_sets[best] if authority_id not in answered))


def request_text_of(documents: Sequence[Document]) -> str | None:
    """The request as most documents quote it (the longest of the commonest wording)."""
    texts = Counter(" ".join(document.request_text.split()) for document in documents if document.request_text)
    if not texts:
        return None
    return max(texts.items(), key=lambda item: (item[1], len(item[0])))[0]


def _largest_first(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])
