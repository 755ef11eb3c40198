"""`analyse`: every FOI field of one document, with its evidence."""

from __future__ import annotations

from ingest.foi.authorities import Gazetteer, addresses_an_authority, body_domains, resolve_authority
from ingest.foi.dates import extract_dates
from ingest.foi.exemptions import applied_exemptions, described_exemptions
from ingest.foi.headers import HEADER_LINE, is_requester_address, read_text_headers
from ingest.foi.model import FoiInput, FoiMetadata
from ingest.foi.outcome import classify_outcome, source_status
from ingest.foi.passages import Passages, Voice, read_passages
from ingest.foi.references import extract_references
from ingest.foi.requester import extract_request_text, extract_requester

_EVIDENCE_CHARS = 400
# A letter's FOI metadata sits at its ends: the authority, reference, dates and the requester in the
# heading and first paragraphs, the decision and the sign-off before the advice at the bottom; a
# thread's last reply at its end. Beyond twice this many characters (a disclosure log, a data export,
# a mail archive saved as text: no letter, and 100 times the longest letter in the dev sets) only the
# first and last this many are read, so analysis takes bounded time whatever the file's size.
END_CHARS = 250_000
# Outcomes that withhold something, under a ground the notice must name.
_REFUSALS = ("refused", "partially_disclosed")


def analyse(item: FoiInput, gazetteer: Gazetteer | None = None) -> FoiMetadata:
    gazetteer = gazetteer or Gazetteer.default()
    text = _text_of(item)
    headers = read_text_headers(text)
    sender = item.sender or headers.sender
    recipients = item.recipients or headers.recipients
    domains = body_domains([sender or "", *recipients])
    passages = read_passages(
        text, lambda to: addresses_an_authority(to, gazetteer, domains), item.subject or headers.subject
    )
    evidence: dict[str, str] = {}

    references = extract_references(passages)
    _note(evidence, "reference", references.own_evidence)
    if references.all:
        _note(evidence, "references", references.own_evidence or f"found: {', '.join(references.all)}")

    authority = resolve_authority(
        passages,
        gazetteer,
        title=item.title,
        sender=sender,
        recipients=recipients,
        reference_owners=references.owners,
    )
    if authority is not None:
        _note(evidence, "authority", authority.evidence)

    status, status_evidence = source_status(passages, item.title)
    _note(evidence, "source_status", status_evidence)

    dates = extract_dates(passages, None if _is_thread(passages, status) else item.email_date)
    response_date = None if _is_thread(passages, status) else dates.response
    _note(evidence, "response_date", dates.response_evidence if response_date else None)
    _note(evidence, "request_date", dates.request_evidence)

    requester, requester_evidence = extract_requester(passages, gazetteer)
    _note(evidence, "requester", requester_evidence)

    from_requester = _requester_message(passages, sender)
    # A requester quoting or disputing an exemption ("you withheld the names under section 40(2)")
    # applies none; an authority's mail to the requester is the only place one is applied.
    applied = [] if from_requester else applied_exemptions(passages, text)
    codes = tuple(exemption.code for exemption in applied)
    outcome = classify_outcome(
        passages,
        codes,
        applied[0].evidence if applied else None,
        max((e.position for e in applied), default=-1),
        from_requester,
    )
    _note(evidence, "outcome", outcome.evidence)
    # An acknowledgement decides nothing: a section 10(3) extension names the qualified exemption whose
    # public interest test it needs more time for ("engages the qualified exemption at section 35, and
    # we need further time to consider the public interest"); the decision, and the exemptions applied,
    # come in the reply.
    if outcome.value == "acknowledgement":
        applied = []
    elif outcome.value in _REFUSALS and not applied and not from_requester:
        applied = described_exemptions(passages, text)
    for exemption in applied:
        _note(evidence, f"exemptions:{exemption.code}", exemption.evidence)
    codes = tuple(exemption.code for exemption in applied)

    request_text = extract_request_text(passages)
    return FoiMetadata(
        authority=authority.name if authority else None,
        authority_id=authority.id if authority else None,
        reference=references.own,
        references=references.all,
        request_date=dates.request,
        response_date=response_date,
        requester=requester,
        exemptions=codes,
        outcome=outcome.value,
        source_status=status,
        request_text=request_text,
        evidence=evidence,
    )


def _text_of(item: FoiInput) -> str:
    """The text to read; the subject line of an email leads, as a letter's heading would."""
    text = item.text
    if item.subject and item.subject not in text[:500]:
        text = f"{item.subject}\n\n{text}"
    return ends_of(text, END_CHARS)


def ends_of(text: str, end_chars: int) -> str:
    """The text, or for one over twice `end_chars` its first and last `end_chars` characters cut at
    paragraph (else line) breaks, so that no sentence is read in half, joined by a paragraph break."""
    if len(text) <= 2 * end_chars:
        return text
    head, tail = text[:end_chars], text[-end_chars:]
    head_end = next((at for at in (head.rfind("\n\n"), head.rfind("\n")) if at > 0), len(head))
    tail_start = next((at + len(brk) for brk in ("\n\n", "\n") if (at := tail.find(brk)) >= 0), 0)
    return f"{head[:head_end]}\n\n{tail[tail_start:]}"


def _requester_message(passages: Passages, sender: str | None) -> str | None:
    """Why this document is the requester's own message (a request, a follow-up, a request for an
    internal review), or None: its subject line ("Internal review of ...") is not the authority's outcome."""
    if is_requester_address(sender):
        return f"sent from the requester's WhatDoTheyKnow address ({sender})"
    if not passages.requester_signatures:
        return None
    own = [
        s
        for s in passages.in_voice(Voice.AUTHORITY)
        if not (s.advice or passages.on_subject_line(s) or HEADER_LINE.match(s.line_text))
    ]
    if own:
        return None
    return f"written and signed by the requester ({passages.requester_signatures[0]})"


def _is_thread(passages: Passages, status: str | None) -> bool:
    """A WhatDoTheyKnow thread: its date lines are message dates, not a letter date."""
    return status is not None or len(passages.requester_signatures) > 0


def _note(evidence: dict[str, str], key: str, sentence: str | None) -> None:
    if sentence:
        sentence = " ".join(sentence.split())
        evidence[key] = sentence if len(sentence) <= _EVIDENCE_CHARS else sentence[: _EVIDENCE_CHARS - 1] + "…"
