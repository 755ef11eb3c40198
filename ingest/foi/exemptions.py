"""Exemptions applied: citations of FOIA sections, EIR regulations and FOISA sections, in normal form.

Two steps, both tested on their own:
- `parse_citations(text)` reads every citation in a sentence and expands compound
  forms: "Section 31(1)(a)(b)(2)(b)" -> s31(1)(a), s31(1)(b), s31(2)(b);
  "Section 40(2)(3)&(4)" -> s40(2), s40(3), s40(4); "sections 40(2) and 41";
  "regulation 12(5)(e)" -> eir12(5)(e); sections of other Acts are marked as such.
- `applied_exemptions(passages)` keeps the citations the authority applies: in its
  own voice (not the requester's words, not the Act quoted in an annex, not the
  advice boilerplate on reviews, complaints and re-use), in a sentence that
  applies something ("exempt", "engaged", "by virtue of", "the cost limit", ...)
  or as a heading or list item that names the exemption, for a section that is a
  refusal ground (s1, s16, s17, s50 are not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.codes import exemption_levels, normalise_exemption
from ingest.foi.passages import PART_NUMBERS, Passages, Sentence, Voice
from ingest.foi.rules import any_match, pattern, patterns, values

_KEYWORD = re.compile(
    r"(?P<kw>\bsections?(?:\b\.?|(?=\d))|\bsec(?:t|s)?\b\.?(?=\s?\d)|\bss?\.(?=\s?\d)|\bs(?=\d)|\bs(?=\s\d\d(?:\b|\())"
    r"|\bexemptions?(?=\s\d\d\()|\bexceptions?(?:\s+(?:at|in|under))?(?=\s1[23]\()|\bregulations?\b|\bregs?\b\.?(?=\s?\d)|\bEIRs?\b|\bFOISA\b(?:\s+(?:section|s\.?))?)"
    r"\s*(?P<num>\d{1,3}[A-Z]?)(?!\d)(?![/.,]\d)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\s*\(\s*(?P<tok>[0-9]{1,3}[A-Za-z]?|[a-z]{1,4})\s*\)")
_CONNECTOR = re.compile(r"\s*(?:,|&|\band\b|\bor\b|/)\s*(?=\()", re.I)
_RANGE = re.compile(r"\s*(?:to|-|–)\s*(?=\()", re.I)
_NEXT_SECTION = re.compile(
    # A section's name in brackets may come between the items: "sections 24(1) (national security) and 31(1)(a)".
    r"(?:\s*\((?:[a-z][^()]*\s[^()]*|[a-z]{6,})\))?"
    r"\s*(?:,|;|&|\band\b|\bor\b|\b(?:read\s+)?with\b|\bby virtue of\b)\s*"
    r"(?:(?:sections?|s\.?|regulations?|reg\.?)\s*)?(?P<num>\d{1,3}[A-Z]?)(?!\d)(?![/.,]\d)",
    re.I,
)
_OF_ACT = re.compile(
    # An Act by its year: "section 32(2) of the 1974 Act".
    r"^\s*,?\s*(?:of|in|under)\s+(?P<act>(?:the\s+)?(?:(?:[A-Z(][\w()'’&,\-]*|\d{4}|of|and|for|the|on|in|&)\s+){0,12}?"
    r"(?i:Act|Regulations|Order|Rules|Code|Directive|Convention|FOIA|FOISA|EIRs?|GDPR)\b(?:\s+\d{4})?"
    # Another Act by its initials: "section 23(1) of the CRCA", "section 35 of the DPA".
    r"|(?:the\s+)?[A-Z]{2,6}\b"
    # "Section 28 of that Act" after another Act was named: the reply calls FOIA "the Act".
    r"|that\s+Act\b)",
)
# A line opening with a citation, after a bullet, a list number or the question it answers: "• Section
# 40(2)", "(b) Section 31(1)(a)", "Question 2 - Section 43(2) (commercial interests)".
_HEADING_CITATION = re.compile(
    r"^(?:[•·\-*–]\s*|\(?(?:\d{1,2}|[a-z])[.)]\s*"
    rf"|(?:questions?|q|parts?)\s*{PART_NUMBERS}\s*[-–:.)]\s*)?"
    r"(?:sections?|s\.?|regulation|reg\.?)\s*\d",
    re.I,
)
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
_ACT_PREFIX = {"foia": "s", "eir": "eir", "foisa": "foisa"}


@dataclass(frozen=True)
class Citation:
    """One cited provision in normal form (`s31(1)(a)`), or `act='other'` for another Act's section."""

    code: str
    act: str
    text: str


@dataclass(frozen=True)
class AppliedExemption:
    code: str
    evidence: str
    position: int


def parse_citations(text: str, default_act: str = "foia") -> list[Citation]:
    """Every provision cited in `text`, compound citations expanded, in order of appearance.

    `default_act` ("foia", "eir" or "foisa") is the Act a bare "section 38" belongs to;
    "regulation N" is EIR unless another instrument is named.
    """
    citations: list[Citation] = []
    position = 0
    while True:
        match = _KEYWORD.search(text, position)
        if match is None:
            return citations
        keyword = match["kw"].lower()
        group: list[tuple[str, list[str]]] = []
        end = _read_section(text, match.end(), match["num"], group)
        while True:
            following = _NEXT_SECTION.match(text, end)
            if following is None or not _plausible_list_item(text, following):
                break
            end = _read_section(text, following.end(), following["num"], group)
        act = _act_of(text[end:], keyword, default_act)
        written = text[match.start() : end].strip()
        for number, paths in group:
            for path in paths or [""]:
                citations.append(_citation(act, number, path, written))
        position = max(end, match.end())


def _read_section(text: str, start: int, number: str, group: list[tuple[str, list[str]]]) -> int:
    paths, end = _expand_subsections(text, start)
    group.append((number, paths))
    return end


def _plausible_list_item(text: str, following: re.Match[str]) -> bool:
    """ "sections 40(2) and 41" continues a list; "section 40 and 3 months" does not."""
    rest = text[following.end() : following.end() + 12]
    return not re.match(r"\s*(?:days|months|years|weeks|working|hours|%|per|pages?)\b", rest, re.I)


def _expand_subsections(text: str, start: int) -> tuple[list[str], int]:
    """Parenthesised levels after a section number, as leaf paths: "(1)(a)(b)(2)(b)" -> (1)(a), (1)(b), (2)(b)."""
    path: list[str] = []
    leaves: list[str] = []
    end = start
    pending_range: str | None = None
    while True:
        token = _TOKEN.match(text, end)
        if token is None:
            connector = _CONNECTOR.match(text, end) or _RANGE.match(text, end)
            if connector is None or _TOKEN.match(text, connector.end()) is None:
                break
            if _RANGE.match(text, end):
                pending_range = path[-1] if path else None
            end = connector.end()
            continue
        value = token["tok"]
        if not _is_subsection_token(value, path):
            break
        level = _level(value, path)
        if len(path) > level:
            leaves.append(_path_text(path))
            path = path[:level]
        elif len(path) < level:
            # a paragraph without a subsection, e.g. "section 30(c)" in FOISA: keep as written
            pass
        if pending_range is not None:
            leaves.extend(_path_text([*path, between]) for between in _range(pending_range, value))
            pending_range = None
        path.append(value.lower() if not value[0].isdigit() else value)
        end = token.end()
    if path:
        leaves.append(_path_text(path))
    return list(dict.fromkeys(leaves)), end


def _is_subsection_token(value: str, path: list[str]) -> bool:
    if value[0].isdigit():
        return True
    # Words in brackets ("(Information intended ...)", "(the Act)") end the citation.
    return len(value) == 1 or value.lower() in _ROMAN


def _level(value: str, path: list[str]) -> int:
    """0: subsection (1); 1: paragraph (a); 2: sub-paragraph (i)."""
    if value[0].isdigit():
        return 0
    lower = value.lower()
    if len(path) >= 2 and lower in _ROMAN:
        if len(path) == 3 or len(lower) > 1:
            return 2
        # "(h)(i)" lists paragraphs h and i; "(b)(i)" is sub-paragraph i of paragraph b.
        if lower != _next_letter(path[1]):
            return 2
    return 1


def _next_letter(letter: str | None) -> str | None:
    if letter is None or len(letter) != 1:
        return None
    return chr(ord(letter) + 1)


def _range(first: str, last: str) -> list[str]:
    """Values strictly between `first` and `last`: (a) to (d) -> b, c; (2) to (4) -> 3."""
    if first.isdigit() and last.isdigit():
        return [str(n) for n in range(int(first) + 1, int(last))][:20]
    if len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha():
        return [chr(c) for c in range(ord(first.lower()) + 1, ord(last.lower()))]
    return []


def _path_text(path: list[str]) -> str:
    return "".join(f"({part})" for part in path)


def _act_of(after: str, keyword: str, default_act: str) -> str:
    named = _OF_ACT.match(after)
    if named:
        act = named["act"].lower()
        if any_match(patterns("exemptions", "foisa_names"), act):
            return "foisa"
        if any_match(patterns("exemptions", "eir_names"), act):
            return "eir"
        if any_match(patterns("exemptions", "foi_act_names"), act):
            return "foisa" if default_act == "foisa" and "2000" not in act else "foia"
        return "other"
    # "the exception at 12(5)(e)": exceptions are the EIR's word, exemptions the Acts'.
    if keyword.startswith(("reg", "eir", "exception")):
        return "eir"
    if keyword.startswith("foisa"):
        return "foisa"
    return default_act if default_act != "eir" else "foia"


def _citation(act: str, number: str, path: str, written: str) -> Citation:
    if act == "other":
        return Citation(f"other:{number}{path}", "other", written)
    code = normalise_exemption(f"{_ACT_PREFIX[act]}{number}{path}")
    return Citation(code or f"invalid:{act}:{number}{path}", act if code else "invalid", written)


def is_refusal_ground(code: str) -> bool:
    """s12, s14, s21-s44 of FOIA; EIR 12(3), 12(4), 12(5), 13; FOISA 12, 14, 25-41."""
    match = re.match(r"^(s|eir|foisa)(\d+[A-Z]?)((?:\([0-9a-z]+\))*)$", code)
    if match is None:
        return False
    act, number, subs = match.groups()
    valid: list[str] = values("exemptions", "valid", act)
    if act == "eir":
        first = re.match(r"^\(\d+\)", subs)
        key = number + (first.group(0) if first and number == "12" else "")
        return key in valid
    return number in valid


def default_act(text: str) -> str:
    """The Act a bare section number belongs to: FOISA for Scottish responses, else FOIA."""
    foisa = len(re.findall(r"Freedom of Information \(Scotland\) Act|\bFOISA\b", text, re.I))
    foia = len(re.findall(r"Freedom of Information Act 2000|\bFOIA\b(?!\s*\(Scotland)", text, re.I))
    return "foisa" if foisa > foia else "foia"


def mentions_eir(text: str) -> bool:
    return re.search(r"Environmental Information Regulations|\bEIRs?\b", text, re.I) is not None


# --- applied versus mentioned ---


def applied_exemptions(passages: Passages, full_text: str) -> list[AppliedExemption]:
    """The refusal grounds the authority applies, in order of first appearance.

    A level cited only in prose ("the section 31 exemption") gives way to the finer one applied (s31(1)(a)).
    """
    act = default_act(full_text)
    eir_allowed = mentions_eir(full_text)
    found: dict[str, tuple[str, int]] = {}
    listed: set[str] = set()
    cited: set[str] = set()
    in_prose: set[str] = set()
    # A heading names what the passage under it weighs; where that passage sets the provision aside
    # ("I do not consider that section 43(2) is engaged") and nothing else applies it, it applies nothing.
    under_heading: set[str] = set()
    set_aside: set[str] = set()
    for sentence in passages.sentences:
        if sentence.voice is not Voice.AUTHORITY or sentence.advice or passages.on_subject_line(sentence):
            continue
        applied = _applied_in(sentence, act, eir_allowed)
        cited.update(applied)
        for code in [*applied, *_grounds_without_citation(sentence)]:
            found.setdefault(code, (sentence.text, sentence.index))
        if _is_heading(sentence):
            listed.update(c.code for c in parse_citations(_heading_citation(sentence.own_text), act))
            under_heading = set(applied)
        else:
            in_prose.update(applied)
            if under_heading and not applied:
                set_aside.update(_set_aside_in(sentence, act) & under_heading)
    for code in (cited - in_prose) & set_aside:
        found.pop(code, None)
    # Under the EIR the cost of compliance is a ground of regulation 12(4)(b) (ICO guidance), so a
    # cost-limit sentence beside it is that exception's reasoning, not section 12, unless cited as such.
    if "eir12(4)(b)" in found and "s12" not in cited:
        found.pop("s12", None)
    kept = _without_loose_ancestors(found, listed)
    return [AppliedExemption(code, text, index) for code, (text, index) in kept.items()]


def described_exemptions(passages: Passages, full_text: str) -> list[AppliedExemption]:
    """The refusal grounds whose wording the authority sets out ("Regulation 12(4)(b) of the EIR
    provides that a public authority may refuse to disclose information to the extent that the
    request is manifestly unreasonable"). A refusal notice must say which provision it relies on
    (FOIA s17(1)(b), EIR reg 14(3)(a)), so in a refusal that cites none in any other way the
    provision it describes is its ground; elsewhere a description applies nothing."""
    act = default_act(full_text)
    found: dict[str, AppliedExemption] = {}
    for sentence in passages.sentences:
        if sentence.voice is not Voice.STATUTE or sentence.advice:
            continue
        if any_match(patterns("exemptions", "negated_application"), sentence.own_text):
            continue
        for citation in _cited_grounds(sentence.own_text, act):
            found.setdefault(citation.code, AppliedExemption(citation.code, sentence.text, sentence.index))
    return list(found.values())


def _cited_grounds(text: str, act: str) -> list[Citation]:
    """The refusal grounds of FOIA, the EIR or FOISA that `text` cites."""
    return [c for c in parse_citations(text, act) if c.act not in ("other", "invalid") and is_refusal_ground(c.code)]


def _applied_in(sentence: Sentence, act: str, eir_allowed: bool) -> list[str]:
    text = sentence.own_text
    citations = _cited_grounds(text, act)
    if not eir_allowed:
        citations = [c for c in citations if c.act != "eir" or c.text.lower().startswith(("eir", "reg"))]
    if not citations:
        return []
    if any_match(patterns("exemptions", "negated_application"), text):
        return []
    if _is_heading(sentence) or any_match(patterns("exemptions", "application"), text):
        return [c.code for c in citations]
    return []


def _set_aside_in(sentence: Sentence, act: str) -> set[str]:
    """The provision a sentence weighs and does not apply ("section 43(2) is not engaged"). A sentence
    that cites two may set one aside for the other ("Even if section 44 did not apply, it would be
    exempt under section 43(2)"), so it sets aside neither."""
    if not any_match(patterns("exemptions", "negated_application"), sentence.own_text):
        return set()
    codes = {c.code for c in _cited_grounds(sentence.own_text, act)}
    return codes if len(codes) == 1 else set()


def _is_heading(sentence: Sentence) -> bool:
    """A line that starts with the citation: an exemption list item or a section heading."""
    if not sentence.first_in_line:
        return False
    return _HEADING_CITATION.match(sentence.text) is not None


def _heading_citation(text: str) -> str:
    """The citation that opens a heading line: "Section 40(2)(3)&(4) – Personal Information - ..." -> its first part."""
    return re.split(r"\s[-–:]\s|\s-|–", text, maxsplit=1)[0][:80]


def _grounds_without_citation(sentence: Sentence) -> list[str]:
    """s12 (cost limit), s14 (vexatious) and s21 ("reasonably accessible to you") in so many words,
    without a section number: the Act's own wording of each ground."""
    text = sentence.own_text
    if pattern("exemptions", "conditional_start").match(text):
        return []
    grounds = []
    if any_match(patterns("exemptions", "cost_limit"), text):
        grounds.append("s12")
    if any_match(patterns("exemptions", "vexatious"), text):
        grounds.append("s14")
    if any_match(patterns("exemptions", "reasonably_accessible"), text):
        grounds.append("s21")
    # "We have not applied section 12, although the request would also exceed the appropriate limit":
    # a sentence that sets its section aside does not apply it in the Act's words either.
    if grounds and _cited_grounds(text, "foia") and any_match(patterns("exemptions", "negated_application"), text):
        return []
    return grounds


def _without_loose_ancestors(found: dict[str, tuple[str, int]], listed: set[str]) -> dict[str, tuple[str, int]]:
    """Drop "the section 31 exemption" in prose when s31(1)(a) is applied; keep levels the letter lists itself.

    A heading or list item "Section 31(1) - Law Enforcement" is the authority's own statement of
    what it applies, so it stays even when the reasons go on to cite s31(1)(a).
    """
    ancestors = {level for code in found for level in exemption_levels(code)[:-1]}
    return {code: where for code, where in found.items() if code not in ancestors or code in listed}
