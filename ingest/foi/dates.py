"""UK dates in FOI letters: the response (letter) date and the date of the request.

Day-first throughout: "01/05/2024" is 1 May 2024. A date without a year
("your request received on 13th March") takes the latest year that does not
put it after the response.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.foi.passages import Passages, Voice
from ingest.foi.rules import any_match, pattern, patterns

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DAY_MONTH_YEAR = re.compile(rf"\b{_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>(?:19|20)?\d{2})\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    day: int
    month: int
    year: int | None

    def resolve(self, not_after: date | None = None) -> date | None:
        """The date, a missing year filled in from `not_after` (the latest year not later than it)."""
        year = self.year
        if year is None:
            if not_after is None:
                return None
            year = not_after.year
            if _valid(year, self.month, self.day) and date(year, self.month, self.day) > not_after:
                year -= 1
        return date(year, self.month, self.day) if _valid(year, self.month, self.day) else None


@dataclass(frozen=True)
class Dates:
    response: date | None
    request: date | None
    response_evidence: str | None
    request_evidence: str | None


def find_dates(text: str) -> list[DateMatch]:
    """Every date written in `text`, in order; UK day-first for numeric dates."""
    found: list[DateMatch] = []
    for regex in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        for match in regex.finditer(text):
            if any(match.start() < f.end and f.start < match.end() for f in found):
                continue
            parsed = _parts(match)
            if parsed is not None:
                found.append(DateMatch(match.start(), match.end(), *parsed))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, not_after: date | None = None) -> date | None:
    """The first date in `text` ("13th March 2018", "01/05/2024", "2024-05-01")."""
    for found in find_dates(text):
        resolved = found.resolve(not_after)
        if resolved is not None:
            return resolved
    return None


def extract_dates(passages: Passages, email_date: date | None = None) -> Dates:
    response, response_evidence = _letter_date(passages)
    if response is None and email_date is not None:
        response, response_evidence = email_date, "email Date header"
    request, request_evidence = _request_date(passages, response)
    return Dates(response, request, response_evidence, request_evidence)


def _letter_date(passages: Passages) -> tuple[date | None, str | None]:
    """A line that is just a full date, near the top of a letter (its date line)."""
    for sentence in passages.sentences[:40]:
        if sentence.voice is not Voice.AUTHORITY or not sentence.first_in_line:
            continue
        for field in letterhead_fields(sentence.line_text):
            line = field.strip(" .,")
            for found in find_dates(line):
                if found.year is not None and _is_date_line(line, found):
                    return found.resolve(), line
    return None, None


def letterhead_fields(line: str) -> list[str]:
    """A line split before each letterhead label ("Our Ref:", "Date:", "Tel:").

    OCR and PDF extraction run a letterhead's short lines together into one
    ("9th April 2018 Our Ref: FOI2018/01393"); its fields are what was on each line.
    """
    starts = [0, *(m.start() for m in pattern("dates", "letterhead_labels").finditer(line) if m.start() > 0)]
    return [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]


def _is_date_line(line: str, found: DateMatch) -> bool:
    rest = (line[: found.start] + line[found.end :]).strip(" ,.:")
    return rest == "" or re.fullmatch(r"(?:date|dated|date of (?:letter|response|reply))\s*:?", rest, re.I) is not None


def _request_date(passages: Passages, not_after: date | None) -> tuple[date | None, str | None]:
    cues = patterns("dates", "request_cues")
    for sentence in passages.sentences:
        if sentence.voice is Voice.STATUTE:
            continue
        for found in find_dates(sentence.text):
            before = sentence.text[max(0, found.start - 80) : found.start]
            if any_match(cues, before):
                resolved = found.resolve(not_after)
                if resolved is not None and (not_after is None or resolved <= not_after):
                    return resolved, sentence.text
    return None, None


def _parts(match: re.Match[str]) -> tuple[int, int, int | None] | None:
    day = int(match["day"])
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower().rstrip(".")]
    year_text = match.groupdict().get("year")
    year = int(year_text) if year_text else None
    if year is not None and year < 100:
        year += 2000 if year < 70 else 1900
    if year is None and not _valid(2000, month, day):
        return None
    if year is not None and not _valid(year, month, day):
        return None
    return day, month, year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
