"""Who asked: the requester's name and the words of the request.

The name comes from the sign-off of the requester's own message (a
WhatDoTheyKnow thread: "Yours faithfully, J Roberts") or from the letter's
salutation ("Dear J Roberts"); never from "Dear Sir/Madam" or a redaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.foi.authorities import Gazetteer, addresses_an_authority
from ingest.foi.passages import Passages, Sentence, Voice
from ingest.foi.rules import any_match, pattern, patterns, values

_SALUTATION = re.compile(r"^dear\s+(?P<to>[^,:]{1,80}?)\s*[,:]?$", re.I)
_MAX_REQUEST_CHARS = 4000
# What comes before the first colon, when the colon is followed by more text.
_INTRO_COLON = re.compile(r"^[^:\n.?!]{3,160}:\s+(?=\S)")
# A line drawn across a message ("-----"), above a signature block or a service's footer.
_RULE = re.compile(r"^\s*[-_=]{5,}\s*$")


def extract_requester(passages: Passages, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """(name, evidence) of the requester, or (None, None) when the text does not say."""
    for signature in passages.requester_signatures:
        name = clean_name(signature, gazetteer)
        if name:
            return name, f"signed the request: {signature}"
    for sentence in passages.in_voice(Voice.AUTHORITY):
        match = _SALUTATION.match(sentence.line_text) if sentence.first_in_line else None
        if match:
            name = clean_name(match["to"], gazetteer)
            if name:
                return name, sentence.line_text
    return None, None


def clean_name(raw: str, gazetteer: Gazetteer) -> str | None:
    """A person's name as written, or None for a generic, redacted or organisational addressee."""
    name = " ".join(raw.replace("\u200e", "").replace("\u200f", "").split()).strip(" ,.:;")
    name = name.split(",")[0].strip()
    if not name or len(name.split()) > 6 or any(ch.isdigit() for ch in name):
        return None
    if name.lower() in values("requester", "generic_salutations"):
        return None
    if pattern("requester", "removed_marker").search(name) or addresses_an_authority(name, gazetteer):
        return None
    if not any(word[:1].isupper() for word in name.split()):
        return None
    return name


def extract_request_text(passages: Passages) -> str | None:
    """The request in the requester's words: their first message, or the request quoted in the letter."""
    if passages.requester_message:
        return _before_sign_off(passages.requester_message)[:_MAX_REQUEST_CHARS]
    runs = _quoted_runs(passages.sentences)
    if not runs:
        return None
    # A reply that answers question by question ("Q1. How many ...? A1. 103 ...") restates each
    # question before its answer: the request is all of them.
    questions = [run for run in runs if pattern("voice", "question_label").match(run[0].text)]
    chosen = questions if len(questions) > 1 and runs[0] is questions[0] else runs[:1]
    text = " ".join(sentence.text for run in chosen for sentence in run).strip()
    return _without_intro(text)[:_MAX_REQUEST_CHARS] or None


def _without_intro(text: str) -> str:
    """ "Your request was as follows: Please provide ..." -> "Please provide ...": the letter's words
    that introduce the request are not part of it (the intro and the request share a sentence
    when the letter runs them into one paragraph)."""
    intro = _INTRO_COLON.match(text)
    if intro is None or not any_match(patterns("voice", "request_intro"), intro.group(0)):
        return text
    return text[intro.end() :].strip() or text


def _before_sign_off(message: str) -> str:
    """The request without its sign-off and what follows: the requester's name and the footer a
    service adds to every request (WhatDoTheyKnow's reply address and disclaimer), which would
    make any two requests sent through it look alike."""
    kept: list[str] = []
    for line in message.splitlines():
        if pattern("voice", "sign_off").match(line.strip()) or _RULE.match(line):
            break
        kept.append(line)
    return "\n".join(kept).strip() or message


def _quoted_runs(sentences: Iterable[Sentence]) -> list[list[Sentence]]:
    """The requester's sentences quoted in the letter, a run at a time."""
    runs: list[list[Sentence]] = []
    run: list[Sentence] = []
    for sentence in sentences:
        if sentence.voice is Voice.REQUESTER:
            if not run and sentence.text.rstrip().endswith(":"):
                continue  # the intro line ("I note you seek access to the following information:")
            run.append(sentence)
        elif run:
            runs.append(run)
            run = []
    return [*runs, run] if run else runs
