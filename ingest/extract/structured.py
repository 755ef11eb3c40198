"""Text-based data formats: JSON, XML (Atom, RSS and other feeds) and iCalendar.

They are read for the words in them: JSON as its text (keys and values are both worth
finding), XML as the text of its elements one per line (tags are noise), an iCalendar
file as its events' summaries, descriptions, places, times and people.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ingest.extract.model import Block
from ingest.extract.text import extract_text, read_text

# iCalendar properties worth reading, and the label each gets in the text.
_CALENDAR_FIELDS = {
    "SUMMARY": "Event",
    "DTSTART": "Starts",
    "DTEND": "Ends",
    "LOCATION": "Location",
    "ORGANIZER": "Organiser",
    "ATTENDEE": "Attendee",
    "DESCRIPTION": "Description",
    "COMMENT": "Comment",
}
_UNFOLD = re.compile(r"\r?\n[ \t]")
_ICAL_ESCAPES = {"\\n": "\n", "\\N": "\n", "\\,": ",", "\\;": ";", "\\\\": "\\"}
_ICAL_ESCAPE = re.compile(r"\\[nN,;\\]")


def extract_json(path: Path) -> list[Block]:
    """`key: value` per leaf (JSON or one JSON value per line); a file that does not parse is read as text."""
    text = read_text(path)
    try:
        values = [json.loads(text)]
    except json.JSONDecodeError:
        try:
            values = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            return extract_text(path)
    lines = [line for value in values for line in _json_lines(value, "")]
    return [Block(text=paragraph, kind="narrative", page=1) for paragraph in _paragraphs("\n".join(lines))]


def _json_lines(value: object, key: str) -> Iterator[str]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from _json_lines(inner, str(name))
    elif isinstance(value, list):
        for inner in value:
            yield from _json_lines(inner, key)
    elif value is not None and str(value).strip():
        text = " ".join(str(value).split())
        yield f"{key}: {text}" if key else text


def extract_xml(path: Path) -> list[Block]:
    """The text of each element, one line each; a file that does not parse is read as plain text."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
    try:
        root = etree.fromstring(path.read_bytes(), parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        return extract_text(path)
    lines = [" ".join(text.split()) for text in root.itertext()]
    text = "\n".join(line for line in lines if line)
    return [Block(text=paragraph, kind="narrative", page=1) for paragraph in _paragraphs(text)]


def _paragraphs(text: str, max_lines: int = 40) -> list[str]:
    """Blocks of up to `max_lines` lines: the chunker's unit, so a long feed is not one giant block."""
    lines = [line for line in text.split("\n") if line]
    return ["\n".join(lines[i : i + max_lines]) for i in range(0, len(lines), max_lines)]


def extract_calendar(path: Path) -> list[Block]:
    """One block per event (VEVENT, VTODO, VJOURNAL): its labelled fields in a fixed order."""
    text = _UNFOLD.sub("", read_text(path))
    blocks: list[Block] = []
    for component in re.findall(r"BEGIN:(?:VEVENT|VTODO|VJOURNAL)\r?\n(.*?)END:(?:VEVENT|VTODO|VJOURNAL)", text, re.S):
        lines = [line for line in (_calendar_line(raw) for raw in component.splitlines()) if line]
        lines.sort(key=lambda line: list(_CALENDAR_FIELDS.values()).index(line.split(":", 1)[0]))
        if lines:
            blocks.append(Block(text="\n".join(lines), kind="narrative", page=1))
    return blocks


def _calendar_line(raw: str) -> str | None:
    """`SUMMARY;LANGUAGE=en:Board meeting` -> `Event: Board meeting`; None for other properties."""
    name_and_params, _, value = raw.partition(":")
    name, _, params = name_and_params.partition(";")
    label = _CALENDAR_FIELDS.get(name.upper())
    if label is None or not value.strip():
        return None
    if name.upper() in {"ORGANIZER", "ATTENDEE"}:
        common_name = re.search(r"CN=\"?([^\";:]+)", params)
        address = re.sub(r"(?i)^mailto:", "", value)
        value = f"{common_name.group(1)} <{address}>" if common_name else address
    value = _ICAL_ESCAPE.sub(lambda m: _ICAL_ESCAPES[m.group()], value)
    return f"{label}: {value.strip()}"
