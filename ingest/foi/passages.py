"""Text into sentences, each marked with whose words it carries.

FOI letters mix three voices: the authority's own (the only one whose section
citations are exemptions applied), the requester's (the request quoted back,
or their own messages in a WhatDoTheyKnow thread, or earlier mail quoted below
the reply) and the statute's (the text of the Act quoted in an annex). Every
extractor reads sentences with their voice, so that "You asked: ... section 12
..." or "(1) Information is exempt information if ..." never counts as the
authority speaking.

Within the authority's voice, advice boilerplate (the right to an internal
review, the complaint to the Information Commissioner, re-use, copyright and
privacy notices, section 16 advice) is marked too: the law makes every reply
carry it (FOIA s17(7), EIR reg 14(5)), so it states rights and never a decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from ingest.foi.headers import HEADER_LINE
from ingest.foi.rules import any_match, pattern, patterns


class Voice(StrEnum):
    AUTHORITY = "authority"
    REQUESTER = "requester"
    STATUTE = "statute"


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    # The text with long quoted spans blanked out: what the writer says in their own words.
    own_text: str
    line: int
    first_in_line: bool
    line_text: str
    voice: Voice
    # Advice boilerplate ("If you are dissatisfied ... internal review ... Information Commissioner"):
    # neither an outcome cue nor an exemption applied.
    advice: bool = False


@dataclass(frozen=True)
class Passages:
    sentences: tuple[Sentence, ...]
    lines: tuple[str, ...]
    # Names under the sign-off of the requester's own messages (WhatDoTheyKnow threads, email chains).
    requester_signatures: tuple[str, ...]
    # The body of the first message the requester wrote, when the text holds one.
    requester_message: str | None
    # Lines that hold an email's subject (prepended, or a "Subject:" header): on WhatDoTheyKnow it is
    # the request's title, the requester's words, so it names no outcome or exemption of the reply.
    subject_lines: frozenset[int] = frozenset()

    def in_voice(self, voice: Voice) -> list[Sentence]:
        return [sentence for sentence in self.sentences if sentence.voice is voice]

    def on_subject_line(self, sentence: Sentence) -> bool:
        return sentence.line in self.subject_lines


# Lines that do not end a sentence and are continued by the next line: hard-wrapped
# PDF and email text. A next line that opens a list item ("1) ...", "2. ...") is not a continuation.
_CONTINUES = re.compile(r"(?:\b(?:section|sections|regulation|s\.|and|or|of|the|to|under|in|a|an|for|by|with))$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]?$")
# A full stop run into the next sentence ("... data protection principles.Your right to ...") ends it
# too, when a word of three or more letters closes it (not "e.g.", "gov.uk" or "Mr.").
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])['\"”’)]?\s+(?=[A-Z(\"“‘•0-9])|(?<=[A-Za-z][a-z]{2}[.!?])(?=[A-Z][a-z])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:s|ss|no|nos|ref|mr|mrs|ms|dr|reg|para|e\.g|i\.e|etc|st|co|ltd|art|sec|vol|p|pp)\.)$", re.I
)
# A list item's number or letter at the start of a line ("1.", "(2)", "b)", "iv."), or a question or
# answer label ("Q1.", "A2)").
# A part's number, or the numbers of parts answered together: "2", "1 & 2", "2 and 3", "1, 2 and 4".
PART_NUMBERS = r"\d{1,2}(?:\s*(?:&|and|,)\s*\d{1,2})*"
_LIST_MARKER = re.compile(
    rf"^\s*(?:\(?(?:{PART_NUMBERS}|[a-z]|[ivx]{{1,4}})[.)]|(?:q|a|question|answer)\s*\d{{1,2}}[.):])$",
    re.I,
)
# A line that is an item of a list: "1. The number of", "(b) copies of", "- the cost", "• any".
_LIST_ITEM = re.compile(r"^\s*(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]|[-•*–])\s", re.I)
_SALUTATION = re.compile(r"^dear\s+(?P<to>[^\n]{1,120}?)\s*[,:]?$", re.I)
_FIGURE_LINE = re.compile(r"^[£$€]?\d[\d,.]*%?$")
_QUESTION_LINE = re.compile(r"^(?:question|q)\s*\d{1,2}\s*[.):\-–]\s*\S", re.I)
# A request quoted whole on its intro's line: `Your request: "..."` (the quotation closes the line).
_CLOSED_QUOTE = re.compile(r"[:,]\s*[\"“][^\"”]{2,}[\"”][.?!;)]*\s*$")
# A restated question and its labelled answer on one line: "Q4. The visitor numbers. A4. It is published ...".
_INLINE_ANSWER = re.compile(
    r"^(?P<question>\s*(?:q|question)\s*(?P<number>\d{1,2})\s*[.):\-–]\s*\S.*?)\s+"
    r"(?P<answer>(?:a\s*(?P=number)|(?:answer|response)(?:\s*(?P=number))?)\s*[.):\-–]\s+\S.*)$",
    re.I,
)
# A table row written as "label: figure" or "year figure": "2023/24: 7", "Eastfield: 42", "2021 9".
_LABELLED_FIGURE = re.compile(r"^(?:[^:]{1,40}:\s*|(?:19|20)\d{2}(?:[/-]\d{2})?\s+)[£$€]?\d[\d,.]*%?$")
# The Act speaks of "the person making the request" and "a public authority"; only a reply says
# "we" or "you", so either before a quotation shows the reply speaking and quoting in passing.
_REPLY_PERSON = re.compile(r"\b(?:we|i|our|us|you|your)\b", re.I)
_DOUBLE_QUOTED = re.compile(r"“[^”]{1,1500}”|\"(?:[^\"\n]|\n(?!\s*\n)){1,1500}\"")


def read_passages(
    text: str, addresses_authority: Callable[[str], bool] = lambda _: False, subject: str | None = None
) -> Passages:
    """Split `text` into sentences with their voice.

    `addresses_authority(name)` tells whether a salutation ("Dear X") is written to
    the public authority, which makes the message the requester's. `subject`: the
    email's subject, when the text starts with it.
    """
    masked = _mask_quotes(text)
    lines, own_lines = _logical_lines(text), _logical_lines(masked)
    if len(lines) != len(own_lines):  # masking never changes the line structure; be safe anyway
        own_lines = lines
    requester_lines, signatures, first_message = _requester_messages(lines, addresses_authority)
    sentences = _sentences(lines, own_lines, requester_lines)
    sentences = _mark_quoted_requests(sentences)
    sentences = _mark_statute(sentences)
    sentences = _mark_advice(sentences, lines)
    return Passages(tuple(sentences), tuple(lines), tuple(signatures), first_message, _subject_lines(lines, subject))


def _subject_lines(lines: list[str], subject: str | None) -> frozenset[int]:
    first = {0} if subject and lines and lines[0] == normalise_space(subject) else set()
    headers = {n for n, line in enumerate(lines[:_HEADER_BLOCK]) if re.match(r"^subject\s*:", line, re.I)}
    return frozenset(first | headers)


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _mask_quotes(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        inner = match.group(0)
        if len(inner.split()) < 4:
            return inner
        return "".join(ch if ch == "\n" else " " for ch in inner)

    return _DOUBLE_QUOTED.sub(blank, text)


def _logical_lines(text: str) -> list[str]:
    """Physical lines joined where a sentence was hard-wrapped; "" marks a paragraph break."""
    result: list[str] = []
    after_blank = False
    for raw in _answers_on_their_own_lines(text.replace("\r", "").split("\n")):
        line = normalise_space(raw)
        if not line:
            after_blank = bool(result)
            continue
        previous = result[-1] if result else ""
        # Across a blank line only a clear continuation joins: converted PDFs and HTML
        # e-mail bodies put blank lines inside sentences ("because we do not\n\nhave it").
        joins = previous and (_continues_across_blank(previous, line) if after_blank else _continues(previous, line))
        if joins:
            result[-1] = f"{previous} {line}"
        else:
            if after_blank:
                result.append("")
            result.append(line)
        after_blank = False
    return result


def _answers_on_their_own_lines(raw_lines: list[str]) -> list[str]:
    """ "Q4. The visitor numbers. A4. This information is published ..." as two lines: extraction joins
    a restated question and its labelled answer into one paragraph, and the answer is the authority's."""
    result: list[str] = []
    for raw in raw_lines:
        match = _INLINE_ANSWER.match(raw)
        result.extend((match["question"], match["answer"]) if match else (raw,))
    return result


def _continues_across_blank(previous: str, line: str) -> bool:
    return not _SENTENCE_END.search(previous) and line[0].islower() and len(previous) > 30


def _continues(previous: str, line: str) -> bool:
    if _SENTENCE_END.search(previous) or _LIST_ITEM.match(line):
        return False
    # A figure alone under a question ("Q1. Number of assessments in 2022/23" / "2,947") is its answer.
    if _QUESTION_LINE.match(previous) and _FIGURE_LINE.match(line):
        return False
    # "2022/23: 9" / "2023/24: 7", "2021 9": each row of a table written as "label: figure" or "year figure"
    # is a line of its own.
    if _LABELLED_FIGURE.match(line):
        return False
    if _CONTINUES.search(previous):
        return True
    # "... public affairs" / "(section 36(2)(c) of the Act)." wraps a citation in brackets onto the next line.
    bracketed = line.startswith("(") and line[1:2].islower()
    return line[0].islower() or bracketed or (line[0].isdigit() and not re.match(r"^\d{1,2}[.)]", line))


def _requester_messages(
    lines: list[str], addresses_authority: Callable[[str], bool]
) -> tuple[set[int], list[str], str | None]:
    """Line numbers of the requester's own messages, their signatures, and the first message's body."""
    blocks = _salutation_blocks(lines)
    signatures: list[str] = []
    first_message: str | None = None
    requester: set[int] = set()
    for start, end, to, signature in blocks:
        if addresses_authority(to):
            requester.update(range(start, end + 1))
            if signature and signature not in signatures:
                signatures.append(signature)
            if first_message is None:
                first_message = "\n".join(line for line in lines[start + 1 : end - 1] if line)
    for start, end, _, signature in blocks:
        if signature and signature in signatures:
            requester.update(range(start, end + 1))
    quoted_mail = {number for number, line in enumerate(lines) if line.startswith(">")}
    return requester | quoted_mail | _quoted_tail(lines), signatures, first_message or None


def _quoted_tail(lines: list[str]) -> set[int]:
    """The earlier mail a reply quotes below "-----Original Message-----", "On ... wrote:" or an
    Outlook "From: ... Sent: ..." block: not the words of this reply. It runs to the end of the
    message (a WhatDoTheyKnow page's "Link to this"), since a reply quotes at its bottom."""
    quoted_mail = pattern("voice", "quoted_mail")
    quoted: set[int] = set()
    inside, written = False, False
    for number, line in enumerate(lines):
        if inside and line.lower() == "link to this":
            inside = False
        elif not inside and written and (quoted_mail.match(line) or _outlook_header(lines, number)):
            inside = True
        if inside:
            quoted.add(number)
        written = written or bool(line and not HEADER_LINE.match(line))
    return quoted


# Mail headers saved at the top of a text file sit in its first lines.
_HEADER_BLOCK = 12


def _outlook_header(lines: list[str], number: int) -> bool:
    if not re.match(r"^from\s*:\s*\S", lines[number], re.I):
        return False
    return any(re.match(r"^(?:sent|date)\s*:\s*\S", line, re.I) for line in lines[number + 1 : number + 3])


def _salutation_blocks(lines: list[str]) -> list[tuple[int, int, str, str | None]]:
    """(first line, last line, addressee, signature) of every "Dear X ... Yours, Name" message."""
    sign_off = pattern("voice", "sign_off")
    blocks = []
    starts = [number for number, line in enumerate(lines) if _SALUTATION.match(line)]
    for position, start in enumerate(starts):
        limit = starts[position + 1] if position + 1 < len(starts) else len(lines)
        to = _SALUTATION.match(lines[start])["to"]  # type: ignore[index]
        end, signature = limit - 1, None
        for number in range(start + 1, limit):
            if lines[number].lower() == "link to this":
                end = number - 1
                break
            if sign_off.match(lines[number]):
                signature = _next_text_line(lines, number + 1, limit)
                end = number + 1 if signature else number
                # Name lines sit right after the sign-off, possibly after a blank line.
                while end < limit - 1 and lines[end] == "":
                    end += 1
                break
        blocks.append((start, end, to, signature))
    return blocks


def _next_text_line(lines: list[str], start: int, limit: int) -> str | None:
    for number in range(start, min(limit, start + 3)):
        if lines[number]:
            return lines[number] if len(lines[number]) <= 60 else None
    return None


def _sentences(lines: list[str], own_lines: list[str], requester_lines: set[int]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for number, (line, own_line) in enumerate(zip(lines, own_lines, strict=True)):
        if not line:
            continue
        voice = Voice.REQUESTER if number in requester_lines else Voice.AUTHORITY
        for position, (start, end) in enumerate(_sentence_spans(line)):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=line[start:end].strip(),
                    own_text=own_line[start:end].strip(),
                    line=number,
                    first_in_line=position == 0,
                    line_text=line,
                    voice=voice,
                )
            )
    return sentences


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(line):
        if _ABBREVIATION.search(line[start : match.start()].rstrip("'\"”’)")):
            continue
        if start == 0 and _LIST_MARKER.match(line[: match.start()]):
            continue  # "1. The number of ...": the item's number belongs to its sentence
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


def _mark_quoted_requests(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences between "You asked:" (and its kind) and the start of the answer are the requester's.

    A request quoted whole on the intro's line (`Your request: "..."`) ends with its closing quote; a
    question label followed by a statement ("Question 2: The council instructed counsel ...",
    "Question 4 - This information is withheld under ...") is the answer to that question, the
    form of replies that answer question by question without restating them."""
    intro, answer = patterns("voice", "request_intro"), patterns("voice", "response_start")
    result, quoting, previous_line, quoted_line = [], False, -1, -1
    # The quoted request is a list ("1. The number of ...", "a) ..."): it ends where the items do.
    listed: bool | None = None
    for sentence in sentences:
        new_paragraph = sentence.line > previous_line + 1
        previous_line = sentence.line
        if sentence.voice is Voice.REQUESTER:
            quoting = False
            result.append(sentence)
            continue
        text = sentence.text
        item = sentence.first_in_line and _LIST_ITEM.match(text) is not None
        if quoting and listed is None and sentence.first_in_line and not text.endswith(":"):
            listed = item
        if quoting and (
            any_match(answer, text)
            or (item and any_match(answer, _LIST_ITEM.sub("", text, count=1)))
            or _SALUTATION.match(sentence.line_text)
            or (new_paragraph and _states_a_decision(text))
            or (new_paragraph and listed and not item)
            or sentence.line != quoted_line >= 0
            or _labelled_answer(sentence)
        ):
            quoting, quoted_line = False, -1
        if _labelled_answer(sentence):
            result.append(sentence)
            continue
        if any_match(intro, text):
            quoting, listed = True, None
            # A question restated under its label ("Q4. Appeals 2015/16 to 2022/23") is that one line; the
            # answer starts on the next.
            closed = _CLOSED_QUOTE.search(sentence.line_text) or _QUESTION_LINE.match(sentence.line_text)
            quoted_line = sentence.line if closed else -1
            # The intro sentence often carries the request itself ("...concerning X. ").
            result.append(_with_voice(sentence, Voice.REQUESTER))
            continue
        result.append(_with_voice(sentence, Voice.REQUESTER) if quoting else sentence)
    return result


def _labelled_answer(sentence: Sentence) -> bool:
    return sentence.first_in_line and labelled_answer(sentence.text) is not None


def labelled_answer(text: str) -> str | None:
    """The answer after a question label: "Question 3: The total cost was £14,200" answers question 3;
    "Question 3: How much did it cost?" or "Q3: Please provide the cost" restates it (None)."""
    label = pattern("voice", "question_label").match(text)
    if label is None:
        return None
    rest: str = label["rest"]
    # "Question 2 - Section 43(2) (commercial interests)": the authority's heading for its answer.
    if any_match(patterns("voice", "response_start"), rest) or pattern("voice", "exemption_heading").match(rest):
        return rest
    if rest.rstrip().endswith("?") or pattern("voice", "requester_opening").match(rest):
        return None
    if _states_a_decision(rest) or pattern("voice", "statement_verb").search(rest) is not None:
        return rest
    return None


def _states_a_decision(text: str) -> bool:
    """A new paragraph after a quoted request that states a decision ("Section 31(1)(a) is engaged ...",
    "The names are exempt ...") is the answer, whatever its first words; a question is not."""
    if text.rstrip().endswith("?") or pattern("voice", "requester_opening").match(text):
        return False
    return any_match(patterns("voice", "answer_statement"), text) is not None


def _mark_statute(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences quoting the Act, the enumerated paragraphs under them, and the bare heading above them."""
    statute = patterns("voice", "statute_text")
    result = list(sentences)
    in_statute_line = -1
    for position, sentence in enumerate(result):
        if sentence.voice is not Voice.AUTHORITY:
            continue
        enumerated = re.match(r"^\(?[0-9a-z]{1,4}\)", sentence.line_text) is not None
        if _quotes_statute(statute, sentence.own_text) or (enumerated and in_statute_line >= 0):
            result[position] = _with_voice(sentence, Voice.STATUTE)
            in_statute_line = sentence.line
            _mark_heading_above(result, position)
        elif sentence.line != in_statute_line:
            in_statute_line = -1
    return result


def _quotes_statute(statute: tuple[re.Pattern[str], ...], text: str) -> bool:
    """The sentence quotes the Act, unless the authority speaks before the quotation: "We are withholding
    the draft under regulation 12(4)(d), which provides that a public authority may refuse to disclose ..."
    and "The Council is refusing your request under regulation 12(4)(b), which provides ..." apply the
    exception and quote it in passing; the Act itself never says "we" or "your"."""
    quoted = any_match(statute, text)
    return quoted is not None and _REPLY_PERSON.search(text, 0, quoted.start()) is None


def _mark_heading_above(sentences: list[Sentence], position: int) -> None:
    """A bare "Section 31" heading right above quoted statute text is part of the quotation."""
    line = sentences[position].line
    for earlier in range(position - 1, max(position - 3, -1), -1):
        candidate = sentences[earlier]
        if candidate.line == line:
            continue
        bare_heading = re.fullmatch(
            r"(?:section|regulation|s\.?)\s*\d{1,3}[A-Z]?(?:\s*\([0-9a-z]{1,4}\))*\.?", candidate.text, re.I
        )
        if bare_heading and candidate.voice is Voice.AUTHORITY:
            sentences[earlier] = _with_voice(candidate, Voice.STATUTE)
        return


def _mark_advice(sentences: list[Sentence], lines: list[str]) -> list[Sentence]:
    """Advice sentences, and the rest of a paragraph from an advice opener ("If you are dissatisfied ...") on."""
    sentence_rules, openers = patterns("advice", "sentence"), patterns("advice", "opener")
    heading, instruction = pattern("advice", "heading"), pattern("advice", "instruction")
    paragraph_of = _paragraph_numbers(lines)
    result, advice_paragraph = [], -1
    for sentence in sentences:
        paragraph = paragraph_of[sentence.line]
        after_heading = _after_heading(heading, sentence.text)
        if any_match(openers, sentence.text) or any_match(openers, after_heading) or instruction.match(after_heading):
            advice_paragraph = paragraph
        advice = (
            advice_paragraph == paragraph
            or any_match(sentence_rules, sentence.text) is not None
            or (sentence.first_in_line and heading.match(sentence.line_text) is not None)
        )
        result.append(replace(sentence, advice=True) if advice else sentence)
    return result


def _after_heading(heading: re.Pattern[str], text: str) -> str:
    """The sentence after an advice heading that extraction ran into it ("Representations If you are
    unhappy ..."), else nothing."""
    words = text.split(" ")
    for length in range(1, min(9, len(words))):
        if heading.match(" ".join(words[:length])):
            return " ".join(words[length:])
    return ""


def _paragraph_numbers(lines: list[str]) -> list[int]:
    """The paragraph of each logical line ("" lines separate paragraphs)."""
    numbers, paragraph = [], 0
    for line in lines:
        paragraph += not line
        numbers.append(paragraph)
    return numbers


def _with_voice(sentence: Sentence, voice: Voice) -> Sentence:
    return replace(sentence, voice=voice)
