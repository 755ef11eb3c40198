"""The outcome of a response, from the authority's own words, and a WhatDoTheyKnow page's declared status.

Cue phrases (data/rules.json, "outcome") are found in the authority's sentences,
never in its advice boilerplate: every FOIA/EIR reply must explain the right to
an internal review and to complain to the Information Commissioner (FOIA s17(7),
EIR reg 14(5)), so those words say nothing about what this reply decided.

The stage comes first. A reply that reports the result of an internal review, or
whose heading or subject names the review ("Internal review under the Freedom of
Information Act 2000", "Internal Review Response"), is `internal_review`; a subject
"Internal review of ..." decides only when the body neither acknowledges nor asks
for clarification (an acknowledgement of a review request stays an
acknowledgement). An acknowledgement or clarification request after the last
answer is the stage reached. Then the answer: neither confirm nor deny first;
information released together with anything withheld (an exemption, a refusal,
a pointer to published information) is a partial disclosure; exemptions, s12/s14
and EIR 12(4)(b)/(c), or a pointer to published information (s21) alone are a
refusal; information released is a disclosure even when part of the request is
not held (nothing held was withheld); then not held (EIR 12(4)(a) too). Without
such words the outcome is unknown (None), with the reason in the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from core.codes import top_level_exemption
from ingest.foi.passages import PART_NUMBERS, Passages, Sentence, Voice, labelled_answer
from ingest.foi.rules import any_match, pattern, patterns, values

_FINAL = (
    "part_refused",
    "answered",
    "ncnd",
    "not_held",
    "refused",
    "partial",
    "withheld",
    "disclosed",
    "published",
    "response_attached",
    "held",
    "figures",
)
# Sentences stating figures that make a reply a release of information (one could be an aside).
_FIGURE_SENTENCES = 2
# Figures in one sentence that make it released data: a table's rows joined into one sentence, or an
# answer that states two ("Of the 11 funerals, 4 were referred", "24 employees were paid £100,000 or more").
_FIGURES_IN_A_TABLE = 2
# Full dates in one sentence that make it a list of dated records ("14/03/2019 River Croal, Bolton ...").
_DATES_IN_A_LIST = 3
_INTERIM = ("acknowledgement", "clarification")
# A request passed on to another body (or team) decides nothing, unless nothing else is said.
_TRANSFER = "transferred"
# A request, or part of one, transferred to another public authority (the section 45 code, EIR reg 10).
_TRANSFER_OUT = "transferred_out"
# None of the information asked for is held ("does not hold either item"): a not-held answer to it all.
_NOTHING_HELD = "nothing_held"
# Cue kinds found by phrase patterns; "figures" is found by `_figure_count`.
_PHRASED = frozenset((*_FINAL, *_INTERIM, _TRANSFER, _NOTHING_HELD)) - {"figures", "answered"}
# Cues that say a passage does not release what it is about.
_NOT_RELEASED = frozenset(
    {
        "not_held",
        "refused",
        "withheld",
        "ncnd",
        "partial",
        "published",
        "part_refused",
        "response_attached",
        _TRANSFER,
        _TRANSFER_OUT,
        _NOTHING_HELD,
        *_INTERIM,
    }
)
# Cues that release what a passage is about.
_RELEASES = frozenset({"disclosed", "answered", "figures", "partial"})
# A numbered part restated as a short sentence ("1. The supplier.", "3. The total contract value.").
_PART_SENTENCE_WORDS = 12
# A line that is only a figure ("£412,650", "1,204 cases").
_BARE_FIGURE_WORDS = 3
# A statement long enough to be an answer, not a heading ("Response:").
_ANSWER_WORDS = 5
# List items that make a list: one bullet can be an aside.
_LIST_ITEMS = 2
# Between the items of a list written in a sentence.
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
# A list item without its bullet is a short line ("Ashdown Lettings (London) Ltd").
_LIST_ITEM_WORDS = 12
_REVIEW = ("review_result", "review_heading", "review_subject")
# A heading or subject line is short; a longer line is a sentence that happens to start alike.
_HEADING_WORDS = 25
# A row of a plain-text table: a label, then a count or sum ending the line ("School of Humanities    22");
# a year ending the line is a date, a long number starting 0 a telephone number.
_TABLE_ROW = re.compile(
    # A row's label may be a financial year ("2021/22 - 24", "2019/20    4,182").
    r"^(?:(?:19|20)\d\d/\d\d\b|(?=\D))(?!.*\b0\d{3,4}\s?\d{3})[^.!?:]*?\s(?:£\s?)?(?!(?:19|20)\d\d$)\d[\d,.]*%?$"
)
# A line that is only a web address.
_LINK_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
# Rows that make a table: two could be a letter's lines.
_TABLE_ROWS = 3
# "2.", "(b)", "(iv)", and parts answered together: "1 & 2.", "2 and 3.".
_BULLET = re.compile(rf"^\s*(?:[-•*–·]|\(?{PART_NUMBERS}[.)]|\(?(?:[a-z]|[ivx]{{2,4}})[.)])\s")
# Sentences apart that still read as one message's (a clarification request and its promise to reply).
_SAME_MESSAGE = 3


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
    """Outcome cues in the authority's own sentences, advice boilerplate left out."""
    cues: list[Cue] = []
    for sentence in passages.sentences:
        if sentence.voice is not Voice.AUTHORITY or sentence.advice:
            continue
        if passages.on_subject_line(sentence):
            # The subject is the request's title, except where it names the review ("Internal Review Response").
            cues.extend(Cue(kind, sentence.index, sentence.text) for kind in _review_kinds(sentence))
            continue
        cues.extend(_sentence_cues(sentence))
    cues = _transfers_continued(_without_estimates(_without_restated_inability(cues), passages), passages)
    refusing = {cue.position for cue in cues if cue.kind in _NOT_RELEASED}
    refused = {cue.position for cue in cues if cue.kind == "refused"}
    structural = (
        _answered_questions(passages, refusing)
        + _released_lists(passages, refusing)
        + _numbered_answers(passages, refusing, refused)
        + _table_rows(passages, refusing)
    )
    return cues + structural + _numbered_parts(passages, cues)


def _transfers_continued(cues: list[Cue], passages: Passages) -> list[Cue]:
    """ "I have transferred your request to Shropshire Council." / "Its team will acknowledge your request
    and respond to you directly.": the sentence after a transfer that says the other body answers
    directly is the transfer's, and what it promises is that body's holding reply, not this one's."""
    elsewhere = patterns("outcome", "transfer_elsewhere")
    transfers = {cue.position: cue for cue in cues if cue.kind == _TRANSFER}
    following = {
        s.index: transfers[s.index - 1]
        for s in passages.sentences
        if s.index - 1 in transfers and s.voice is Voice.AUTHORITY and any_match(elsewhere, s.own_text)
    }
    if not following:
        return cues
    kept = [cue for cue in cues if not (cue.position in following and cue.kind in _INTERIM)]
    return kept + [Cue(_TRANSFER_OUT, transfer.position, transfer.sentence) for transfer in following.values()]


def _without_restated_inability(cues: list[Cue]) -> list[Cue]:
    """ "The PSNI does not hold this information. ... The PSNI is therefore unable to provide this
    information." says again that nothing is held; it refuses nothing (no ground is given)."""
    not_held = [cue.position for cue in cues if cue.kind == "not_held"]
    return [
        cue
        for cue in cues
        if not (
            cue.kind == "refused"
            and any(0 < cue.position - position <= _SAME_MESSAGE for position in not_held)
            and pattern("outcome", "inability").search(cue.sentence)
            and not any_match(patterns("exemptions", "application"), cue.sentence)
        )
    ]


def _without_estimates(cues: list[Cue], passages: Passages) -> list[Cue]:
    """Figures in a paragraph that applies the cost limit ("A search ... returned 23,600 items across
    1,100 mailboxes ... Part 1 is therefore exempt under section 12(1).") are the estimate's, not an
    answer."""
    estimate = patterns("outcome", "cost_estimate")
    lines = {s.line for s in passages.sentences if s.voice is Voice.AUTHORITY and any_match(estimate, s.own_text)}
    line_of = {s.index: s.line for s in passages.sentences}
    return [cue for cue in cues if not (cue.kind == "figures" and line_of[cue.position] in lines)]


def _numbered_parts(passages: Passages, cues: list[Cue]) -> list[Cue]:
    """Answers under the numbered parts of a request ("3. Number of students recruited through each
    agent", "Question 4 - cost of repairs", "Part 1 - contract value"): a refusal under one part ("We
    are unable to provide this information because ... would exceed the appropriate limit") refuses
    that part, not the request, when another part's answer releases something; a figure stated under
    a part that withholds, refuses and lacks nothing answers it."""
    sentences = passages.sentences
    headings = {
        s.index
        for s, following in zip(sentences, (*sentences[1:], None), strict=True)
        if not s.advice and (_part_heading(s) or _labelled_question(s, following))
    }
    if len(headings) < _LIST_ITEMS:
        return []
    kinds_at: dict[int, set[str]] = {}
    for cue in cues:
        kinds_at.setdefault(cue.position, set()).add(cue.kind)
    parts: dict[int, list[Sentence]] = {}
    part: int | None = None
    for sentence in sentences:
        if sentence.index in headings:
            part = sentence.index
            parts[part] = []
        elif part is not None and not sentence.advice and sentence.voice is Voice.AUTHORITY:
            parts[part].append(sentence)
    found: list[Cue] = []
    refusals: list[tuple[int, Sentence]] = []
    released_parts: set[int] = set()
    for part, under in parts.items():
        kinds = [kinds_at.get(sentence.index, set()) for sentence in under]
        refusals += [(part, sentence) for sentence, at in zip(under, kinds, strict=True) if "refused" in at]
        answer = _figure_answer(part, under, kinds)
        if answer is not None:
            found.append(Cue("answered", answer.index, answer.text))
            released_parts.add(part)
        elif any(at & _RELEASES and "refused" not in at for at in kinds):
            released_parts.add(part)
    refused_parts = [Cue("part_refused", s.index, s.text) for at, s in refusals if released_parts - {at}]
    return found + refused_parts


def _figure_answer(part: int, under: list[Sentence], kinds: list[set[str]]) -> Sentence | None:
    """The sentence whose figures answer a part: a figure alone right under it ("2. Total spent in
    2023/24" / "£412,650"), or figures stated in a part that neither withholds, refuses nor lacks
    anything ("Part 1 - contract value" / "The contract ... has a value of £186,400")."""
    if not under:
        return None
    first = under[0]
    if first.index - 1 == part and first.first_in_line and _bare_figure(first):
        return first
    if any(at & _NOT_RELEASED for at in kinds) or any(_not_an_answer(sentence) for sentence in under):
        return None
    return next((sentence for sentence, at in zip(under, kinds, strict=True) if "figures" in at), None)


def _bare_figure(sentence: Sentence) -> bool:
    line = sentence.line_text.strip()
    return len(line.split()) <= _BARE_FIGURE_WORDS and _figure_count(line) > 0


def _part_heading(sentence: Sentence) -> bool:
    """A short numbered or labelled line that restates one part of the request ("2. Names of each agent
    paid", "Question 4 - cost of repairs"), in the authority's words or quoted as the requester's."""
    line = sentence.line_text.strip()
    if not sentence.first_in_line or len(line.split()) > _HEADING_WORDS:
        return False
    if sentence.voice is Voice.REQUESTER:
        return _question_line(sentence)
    short = not line.endswith(".") or len(line.split()) <= _PART_SENTENCE_WORDS
    return short and (_BULLET.match(line) is not None or _question_line(sentence))


def _labelled_question(sentence: Sentence, following: Sentence | None) -> bool:
    """A numbered line that the reply answers under a label or under its own number ("3. The number of
    adult ADHD referrals made by each GP practice in 2023/24." / "Response: ..."; "2. For each care
    home, the number of residents ..." / "2. The council does not keep ..."): the question restated, however
    long (the label or the repeated number says so), where extraction has run a question and its answer
    into one paragraph."""
    marker = _BULLET.match(sentence.line_text)
    if following is None or marker is None or not sentence.first_in_line:
        return False
    if pattern("outcome", "answer_label").match(following.own_text) is not None:
        return True
    # The same number or letter again, not the same bullet: "-" heads every item of a list.
    numbered = any(character.isalnum() for character in marker[0])
    answer_marker = _BULLET.match(following.line_text) if following.first_in_line else None
    return numbered and answer_marker is not None and answer_marker[0].strip() == marker[0].strip()


def _answered_questions(passages: Passages, refusing: set[int]) -> list[Cue]:
    """Questions a reply answers in prose under each one ("Question 1: the assessment process" /
    "Complaints are first assessed by ..."): a statement under a restated question that neither
    withholds, refuses, points elsewhere nor lacks the information releases what was asked.
    `refusing`: positions of sentences whose cues say they release nothing."""
    answered: list[Cue] = []
    under: list[Sentence] | None = None
    for sentence in (*passages.sentences, None):
        if sentence is None or (sentence.voice is Voice.REQUESTER and _question_line(sentence)):
            if under and not any(s.index in refusing or _not_an_answer(s) for s in under):
                answered.append(Cue("answered", under[0].index, under[0].text))
            under = [] if sentence is not None else None
        elif under is not None and sentence.voice is Voice.AUTHORITY and not sentence.advice:
            under.append(sentence)
        elif under is not None and sentence.advice:
            under = None
    return [cue for cue in answered if len(cue.sentence.split()) >= _ANSWER_WORDS]


def _question_line(sentence: Sentence) -> bool:
    return sentence.first_in_line and pattern("outcome", "question_line").match(sentence.line_text) is not None


def _numbered_answers(passages: Passages, refusing: set[int], refused: set[int]) -> list[Cue]:
    """A reply that answers the request's parts in numbered paragraphs ("1. In 2024 HMRC sent 16,400
    letters ..." / "2. HMRC does not hold ..." / "3. The criteria are withheld ...", or "Part 1 - contract
    value The contract ... has a value of £186,400" where a part's label runs into its answer): a figure stated
    in one that neither withholds, refuses nor lacks anything answers that part. Items introduced by a
    lead-in that releases nothing ("could you confirm whether:", "You can find it at the following
    links:") are questions or pointers, not answers; so is an item followed by a link ("1 and 2. The
    remuneration of senior officers is in the Statement of Accounts:" / "https://...").

    Where one numbered paragraph answers, another that refuses ("3. We are unable to provide this
    information. Section 12 ...") refuses that part (`refused`: positions of refusing sentences)."""
    sentences = passages.sentences
    numbered = [
        s
        for s in sentences
        if s.first_in_line
        and s.voice is Voice.AUTHORITY
        and not s.advice
        and (_BULLET.match(s.line_text) or _question_line(s))
    ]
    if len(numbered) < _LIST_ITEMS or numbered[0].index - 1 in refusing:
        return []
    links = {s.index for s in sentences if _LINK_LINE.match(s.line_text)}
    found = []
    # The item is its paragraph: "(a) The contract started on 1 April 2021. Its estimated annual value
    # is £3.9 million." states its figure in its second sentence, and "Q4 Spend by ward Refused under
    # Section 12 of the Act. ... over 680 hours, far above the appropriate limit." refuses in its fourth.
    paragraphs = {
        item.index: [item, *takewhile(lambda s: not s.first_in_line, sentences[item.index + 1 :])] for item in numbered
    }
    refusals = [
        Cue("part_refused", item.index, item.text)
        for item in numbered
        if any(s.index in refused for s in paragraphs[item.index])
    ]
    for item in numbered:
        paragraph = paragraphs[item.index]
        if item.index in refusing or item.index + 1 in links or _not_an_answer(item):
            continue
        answer = next((s for s in paragraph if _states_figures(s, refusing)), None)
        if answer is not None:
            found.append(Cue("answered", answer.index, answer.text))
    return found + refusals if found else []


def _states_figures(sentence: Sentence, refusing: set[int]) -> bool:
    return (
        sentence.index not in refusing
        and not _not_an_answer(sentence)
        and _figure_count(_without_marker(sentence.own_text)) > 0
    )


def _without_marker(text: str) -> str:
    """The sentence without its list item's number or bullet ("3. The equality impact assessment is
    attached."), which is not part of what it says: no figure either, even where it is all the sentence
    holds ("1, 2 and 4.")."""
    return _BULLET.sub("", f"{text} ", count=1).rstrip()


def _table_rows(passages: Passages, refusing: set[int]) -> list[Cue]:
    """A table the reply sets out as plain text, one row a line ("School of Humanities    22" /
    "Professional services    31" / "Total    82"): released figures, unless what leads it in releases
    nothing."""
    found: list[Cue] = []
    run: list[Sentence] = []
    for sentence in (*passages.sentences, None):
        if sentence is not None and _table_row(sentence) and (not run or sentence.index == run[-1].index + 1):
            run.append(sentence)
            continue
        if len(run) >= _TABLE_ROWS and run[0].index - 1 not in refusing:
            found.append(Cue("answered", run[0].index, run[0].text))
        run = [sentence] if sentence is not None and _table_row(sentence) else []
    return found


def _table_row(sentence: Sentence) -> bool:
    line = sentence.line_text.strip()
    return (
        sentence.first_in_line
        and sentence.voice is Voice.AUTHORITY
        and not sentence.advice
        and len(line.split()) <= _LIST_ITEM_WORDS
        and _TABLE_ROW.match(line) is not None
    )


def _released_lists(passages: Passages, refusing: set[int]) -> list[Cue]:
    """A list the reply gives ("supplied by the following companies:" then the companies): released
    information, unless the lead-in or an item withholds, refuses or lacks something."""
    sentences = passages.sentences
    found = []
    for at, lead in enumerate(sentences):
        if lead.voice is not Voice.AUTHORITY or lead.advice or lead.index in refusing or _not_an_answer(lead):
            continue
        if _inline_list(lead):
            found.append(Cue("answered", lead.index, lead.text))
            continue
        if not pattern("outcome", "list_lead_in").search(lead.text):
            continue
        items = []
        for item in sentences[at + 1 :]:
            if not (item.first_in_line and item.voice is Voice.AUTHORITY and _list_item(item)):
                break
            items.append(item)
        if len(items) >= _LIST_ITEMS and not any(i.advice or i.index in refusing or _not_an_answer(i) for i in items):
            found.append(Cue("answered", lead.index, lead.text))
    return found


def _inline_list(sentence: Sentence) -> bool:
    """A list given within the sentence: "the following agencies: A Ltd, B Ltd, C Ltd and D Ltd."."""
    match = pattern("outcome", "inline_list").search(sentence.own_text)
    return match is not None and len(_LIST_SEPARATOR.split(match["items"])) > _LIST_ITEMS


def _list_item(sentence: Sentence) -> bool:
    """A bulleted line, or a short line that ends no sentence (extraction drops the bullets of a list)."""
    if _BULLET.match(sentence.line_text):
        return True
    line = sentence.line_text.rstrip()
    return len(line.split()) <= _LIST_ITEM_WORDS and not line.endswith((".", ":", "?"))


def _not_an_answer(sentence: Sentence) -> bool:
    return any_match(patterns("outcome", "not_an_answer"), sentence.own_text) is not None


def _sentence_cues(sentence: Sentence) -> list[Cue]:
    text = _without_marker(sentence.own_text)
    kinds = [
        kind
        for kind in (*_FINAL, *_INTERIM, _TRANSFER, _NOTHING_HELD)
        if kind in _PHRASED and any_match(patterns("outcome", kind), text)
    ]
    # "If we need further information from you, we will contact you" asks nothing yet; "If you have any
    # difficulty opening the statement, we will send you a copy by post" promises nothing yet.
    if pattern("outcome", "conditional").match(text):
        kinds = [kind for kind in kinds if kind not in _INTERIM]
    if "refused" not in kinds and pattern("outcome", "withheld_whole").search(text):
        kinds.append("refused")
    # Figures in a pointer to published information ("the number of employees paid over £50,000, in
    # £5,000 bands, is published in ...") describe what is published there; they release nothing here,
    # nor do the figures a public interest argument weighs.
    reasoning = any_match(patterns("outcome", "reasoning"), text)
    if _figure_count(text) > 0 and "published" not in kinds and not reasoning:
        kinds.append("figures")
    if _TRANSFER in kinds and any_match(patterns("outcome", "transfer_elsewhere"), text):
        kinds.append(_TRANSFER_OUT)
    # "We also considered whether section 43(2) applied to parts of the information, but we are not
    # relying on it" and "some of the information may be exempt under section 43" withhold nothing.
    if "partial" in kinds and any_match(patterns("exemptions", "negated_application"), text):
        kinds.remove("partial")
    partial_negated = patterns("outcome", "partial_negated")
    if "partial" in kinds and _only_negated(patterns("outcome", "partial"), partial_negated, text):
        kinds.remove("partial")
    # "You may be interested to know that our monitoring results are published on our website" points
    # to something beside the request: an aside, neither the answer nor a refusal under s21.
    if {"published", "disclosed"} & set(kinds) and any_match(patterns("outcome", "aside_pointer"), text):
        kinds = [kind for kind in kinds if kind not in ("published", "disclosed")]
    # "The exemptions we have applied are set out below" says where the reasons are, not that anything is released.
    # "We publish the redacted minutes of every Board meeting" says what is published, not what this
    # reply releases or redacts.
    if "partial" in kinds and any_match(patterns("outcome", "publication"), text):
        kinds.remove("partial")
    if "disclosed" in kinds and any_match(patterns("outcome", "disclosed_negated"), text):
        kinds.remove("disclosed")
    if _answers(text):
        kinds.append("disclosed")
    if _NOTHING_HELD in kinds and "not_held" not in kinds:
        kinds.append("not_held")
    # "Do not take this as an indication that we do or do not hold it" neither confirms nor denies.
    if "ncnd" in kinds and "not_held" in kinds:
        kinds.remove("not_held")
    # "can confirm that the council holds no tenancy records" denies; it confirms nothing is held.
    if "not_held" in kinds and "held" in kinds:
        kinds.remove("held")
    # "unable to provide this information, because we do not have it" is not held, not a refusal.
    if "not_held" in kinds and "refused" in kinds:
        kinds.remove("refused")
    # "Please find attached a letter in response ... along with information we can release" is a
    # cover note: what is released is the attached letter's to say (it may withhold some), not the
    # note's; "attached our formal response ... and the information you asked for" releases it all.
    if "response_attached" in kinds:
        full_release = any_match(patterns("outcome", "full_release"), text)
        kinds = [kind for kind in kinds if kind != "disclosed"] + (["disclosed"] if full_release else [])
    kinds += _review_kinds(sentence)
    return [Cue(kind, sentence.index, sentence.text) for kind in dict.fromkeys(kinds)]


def _only_negated(cues: tuple[re.Pattern[str], ...], negations: tuple[re.Pattern[str], ...], text: str) -> bool:
    """Every match of `cues` lies inside a negation: "no names have been redacted" redacts nothing, but
    "the landowner's name has been redacted; the site address is not redacted" still does."""
    negated = [match.span() for regex in negations for match in regex.finditer(text)]
    if not negated:
        return False
    found = [match.span() for regex in cues for match in regex.finditer(text)]
    return all(any(start < end_n and start_n < end for start_n, end_n in negated) for start, end in found)


def _figure_count(text: str) -> int:
    """How many figures that answer a request the sentence states ("412 claims were paid, totalling
    £183,200"): those left once citations, dates, references, deadlines, contact details and the
    cost limit are taken out. Replies that answer inline say what they release
    this way, with no "please find attached"."""
    # A list of dated records (incidents, hearings, orders) is released data; a letter names one or two dates.
    dates = len(pattern("outcome", "record_date").findall(text))
    records = dates if dates >= _DATES_IN_A_LIST else 0
    not_figures = patterns("outcome", "not_figures")
    # Where none of them matches (most sentences), every substitution would leave the text as it is.
    if not_figures.screen is None or not_figures.screen.search(text):
        for regex in not_figures:
            text = regex.sub(" ", text)
    rows = len(pattern("outcome", "merged_row").findall(text))
    return records + len(pattern("outcome", "figure").findall(text)) + (rows if rows >= _TABLE_ROWS else 0)


def _answers(text: str) -> bool:
    """ "Response: 4,312 potholes were reported." answers a question; "Response: not held" or
    "Answer: exempt under section 40(2)" is for the other cues to judge."""
    label = pattern("outcome", "answer_label").match(text)
    answer = label["answer"] if label is not None else labelled_answer(text)
    if not answer:
        return False
    negative = ("not_held", "refused", "ncnd", "partial", "withheld", "published", "response_attached", "held")
    if any(any_match(patterns("outcome", kind), answer) for kind in negative):
        return False
    # "Question 2 - Section 43(2) (commercial interests)" heads a refusal.
    heading = pattern("voice", "exemption_heading").match(answer)
    return heading is None and any_match(patterns("exemptions", "application"), answer) is None


def _review_kinds(sentence: Sentence) -> list[str]:
    text = sentence.own_text
    kinds = []
    result = any_match(patterns("outcome", "review_result"), text)
    # "We will let you know the outcome of the review by 20 August" announces a result, not one; "the
    # outcome of our review of the billing errors" is the body's review of its own work, not of the request.
    # "... particularly where the complaint was not upheld" states a case, not the review's result.
    if (
        result
        and not pattern("outcome", "review_result_future").search(text[: result.start()])
        and not pattern("outcome", "review_result_conditional").search(text[: result.start()])
        and not pattern("outcome", "review_elsewhere").match(text, result.start())
    ):
        kinds.append("review_result")
    if sentence.first_in_line and len(sentence.line_text.split()) <= _HEADING_WORDS:
        if pattern("outcome", "review_heading").match(sentence.line_text):
            kinds.append("review_heading")
        elif pattern("outcome", "review_subject").match(sentence.line_text):
            kinds.append("review_subject")
    return kinds


def classify_outcome(
    passages: Passages,
    exemptions: tuple[str, ...],
    exemption_evidence: str | None = None,
    exemption_position: int = -1,
    requester_message: str | None = None,
) -> Outcome:
    """`exemption_position`: index of the last sentence applying an exemption (a final answer too).

    `requester_message`: why the document is the requester's own message (then it has no outcome).
    """
    if requester_message:
        return Outcome(None, f"unknown: {requester_message}; a requester's message carries no outcome")
    cues = find_cues(passages)
    stage = _review_stage(cues) or _transfer_stage(cues, exemption_position) or _interim_stage(cues, exemption_position)
    if stage is not None:
        return stage
    return _final(cues, exemptions, exemption_evidence)


def _review_stage(cues: list[Cue]) -> Outcome | None:
    """The reply reports a review's result or is headed as the review; a subject "Internal review of
    ..." counts only when nothing in the body acknowledges or asks for clarification."""
    for kind in ("review_result", "review_heading"):
        found = [cue for cue in cues if cue.kind == kind]
        if found:
            return Outcome("internal_review", found[-1].sentence)
    subject = [cue for cue in cues if cue.kind == "review_subject"]
    if subject and not any(cue.kind in _INTERIM and cue.position > subject[-1].position for cue in cues):
        return Outcome("internal_review", subject[-1].sentence)
    return None


def _transfer_stage(cues: list[Cue], exemption_position: int) -> Outcome | None:
    """A request, or part of it, transferred to the body that holds the information, the other body to
    reply directly ("we have transferred your request to the Trust, which will respond to you within 20
    working days"; "I have transferred question 3 to the Environment Agency ... I will respond to
    questions 1 and 2 separately"): the reply passes the request on and answers nothing, whatever reply
    dates it gives. It is not a transfer where the reply answers or asks something too; that the
    authority does not hold what it transfers is the transfer's reason (the code transfers what is not
    held), as in `_final`."""
    out = next((cue for cue in cues if cue.kind == _TRANSFER_OUT), None)
    if out is None or exemption_position >= 0:
        return None
    answering = {*_FINAL, "clarification"} - {"figures", "not_held"}
    if any(cue.kind in answering for cue in cues) or _stated_figures(cues):
        return None
    return Outcome("other", out.sentence)


def _interim_stage(cues: list[Cue], exemption_position: int) -> Outcome | None:
    """An acknowledgement or clarification request after the last answer is the stage reached.

    A clarification request that promises a reply ("Could you confirm which years? We will then
    respond within 20 working days") is a clarification request: the clock waits for the requester.
    """
    # A figure in a receipt ("we received 3 requests from you") is not an answer; a released table is
    # found with the other final cues.
    last_final = max((c.position for c in cues if c.kind in _FINAL and c.kind != "figures"), default=-1)
    last_final = max(last_final, exemption_position)
    later_interim = [c for c in cues if c.kind in _INTERIM and c.position > last_final]
    if not later_interim:
        return None
    last = later_interim[-1]
    # "We will respond within 20 working days of receiving your clarification" is the clarification's own.
    awaits = pattern("outcome", "awaits_clarification").search(last.sentence) is not None
    asked = [
        c
        for c in later_interim
        if c.kind == "clarification" and (awaits or last.position - c.position <= _SAME_MESSAGE)
    ]
    chosen = asked[-1] if last.kind == "acknowledgement" and asked else last
    return Outcome(chosen.kind, chosen.sentence)


def _final(cues: list[Cue], exemptions: tuple[str, ...], exemption_evidence: str | None) -> Outcome:
    first = {kind: next((c.sentence for c in cues if c.kind == kind), None) for kind in _FINAL}
    refusal_only: list[str] = values("exemptions", "refusal_only")
    not_held_grounds: list[str] = values("exemptions", "not_held_grounds")
    ncnd_provisions: list[str] = values("exemptions", "ncnd_provisions")
    grounds = [code for code in exemptions if not _is_one_of(code, [*refusal_only, *not_held_grounds])]
    refusals = [code for code in exemptions if _is_one_of(code, refusal_only)]
    not_held = first["not_held"] or next((code for code in exemptions if _is_one_of(code, not_held_grounds)), None)
    figures = [c.sentence for c in cues if c.kind == "figures"]
    # A pointer to published information is a refusal under s21 when the reply cites s21, and part of
    # the answer when it does not ("the policy is on our website at ...").
    cites_s21 = any(_is_one_of(code, ["s21"]) for code in exemptions)
    # Beside neither confirm nor deny, a pointer to what is published ("our inspection reports are on our
    # website") is the advice such replies add, not the answer; so is one beside a statement that none of
    # the information is held ("The EA's results are published on its website": another body's).
    nothing_held = any(c.kind == _NOTHING_HELD for c in cues)
    pointed = first["published"] if not (cites_s21 or first["ncnd"] or nothing_held) else None
    # One figure can be an aside beside what a reply says it does; in a reply that says nothing else
    # ("On 30 September, 312 of the households included a child of school age.") it is the answer.
    alone = figures[0] if figures and not exemptions and all(cue.kind == "figures" for cue in cues) else None
    # "All of the requested information is exempt": the counts such a reply gives ("it holds two
    # nomination agreements") say what is held, and release nothing.
    whole = any(c.kind == "refused" and pattern("outcome", "withheld_whole").search(c.sentence) for c in cues)
    stated = None if whole else _stated_figures(cues) or alone
    withholding = grounds or first["withheld"] or (first["published"] if cites_s21 else None)
    # "I can confirm that we hold the information" is the duty to confirm (s1(1)(a)): it opens a release
    # and a refusal alike, so it is a release only where nothing is withheld.
    confirmed = first["held"] if not (withholding or refusals or first["refused"]) else None
    released = first["partial"] or first["disclosed"] or first["answered"] or pointed or stated or confirmed
    withheld = exemption_evidence or first["partial"] or first["withheld"] or first["published"] or first["refused"]
    # Neither confirm nor deny decides only when every provision applied is one that removes the duty
    # to confirm or deny (s23(5), s31(3), s40(5) ...); with other exemptions it is part of a refusal.
    if first["ncnd"] and not released and _only_ncnd(grounds, ncnd_provisions):
        return Outcome("ncnd", first["ncnd"])
    # The cost limit (s12) and vexatious or repeated requests (s14) relieve the authority of the whole
    # request (ICO guidance: s12 cannot be applied to part of a request); a cost estimate's figures
    # and "redacted" are not a release.
    # EIR 12(4)(b) (manifestly unreasonable) is the EIR's ground for both: the cost of compliance and
    # vexatious requests (ICO guidance on regulation 12(4)(b)).
    # Where a reply answers some parts and refuses one by name ("this part of your request is refused
    # under section 12", "question 4 would exceed the appropriate limit"), the requester has part of what
    # was asked for: a partial disclosure, whatever the ICO says of s12's scope. A cost estimate's own
    # figures are no answer (`_without_estimates`).
    if any(_is_one_of(code, ["s12", "s14", "eir12(4)(b)"]) for code in refusals):
        answered = first["disclosed"] or first["answered"] or pointed or stated
        if first["part_refused"] and answered:
            return Outcome("partially_disclosed", first["part_refused"])
        return Outcome("refused", exemption_evidence or first["refused"])
    if released and (withholding or refusals or first["partial"] or first["refused"]):
        return Outcome("partially_disclosed", first["partial"] or withheld)
    if withholding:
        return Outcome("refused", withheld)
    # "We are therefore refusing your request under regulation 12(4)(a) (information not held)": the
    # EIR's exception for information not held, which refuses because there is nothing to give.
    if first["refused"] and not refusals and any(_is_one_of(code, not_held_grounds) for code in exemptions):
        return Outcome("not_held", _not_held_evidence(not_held))
    if refusals or first["refused"]:
        return Outcome("refused", first["refused"] or exemption_evidence)
    # Everything held released and the rest not held is a full disclosure, as the government's FOI
    # statistics count it ("granted in full"): nothing held was withheld.
    if released:
        return Outcome("disclosed", released)
    # A request passed to the body that holds the information (the section 45 code of practice) is
    # answered there: this reply decides nothing. The code transfers what the authority does not
    # hold, so "we do not hold it; we have forwarded your email to the district council" is a transfer.
    transferred = next((c.sentence for c in cues if c.kind == _TRANSFER), None)
    if transferred:
        return Outcome("other", transferred)
    if not_held:
        return Outcome("not_held", _not_held_evidence(not_held))
    if first["response_attached"]:
        return Outcome(None, f"unknown: the answer is in the attached response ({first['response_attached']})")
    return Outcome(None, "unknown: the authority's own words state no outcome")


def _stated_figures(cues: list[Cue]) -> str | None:
    """Figures that release information: stated in two sentences, or a table's in one."""
    figures = [c.sentence for c in cues if c.kind == "figures"]
    if len(figures) >= _FIGURE_SENTENCES:
        return figures[0]
    return next((sentence for sentence in figures if _figure_count(sentence) >= _FIGURES_IN_A_TABLE), None)


def _only_ncnd(grounds: list[str], ncnd_provisions: list[str]) -> bool:
    """Every ground belongs to a section whose neither-confirm-nor-deny provision is applied: s30(3)
    with s30(1) (the class the information would fall in, were it held) or a bare "section 23"."""
    sections = {top_level_exemption(code) for code in grounds if _is_one_of(code, ncnd_provisions)}
    return all(top_level_exemption(code) in sections for code in grounds)


def _is_one_of(code: str, prefixes: list[str]) -> bool:
    """s12(1) is an s12 refusal; eir12(4)(b) is itself."""
    return any(code == prefix or code.startswith(prefix + "(") for prefix in prefixes)


def _not_held_evidence(not_held: str | None) -> str | None:
    if not_held and re.fullmatch(r"eir[\d()a-z]+", not_held):
        return f"{not_held} (information not held, EIR)"
    return not_held


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
