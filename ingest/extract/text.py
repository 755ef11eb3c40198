"""Plain text and Markdown, in whatever encoding they come."""

from __future__ import annotations

import codecs
import warnings
from dataclasses import replace
from pathlib import Path

from ingest.extract.model import Block
from ingest.extract.office import partition_blocks


def extract_text(path: Path) -> list[Block]:
    from unstructured.partition.text import partition_text

    text = read_text(path)
    return with_heading(partition_blocks(path, partition_text, "text", text=text), text)


# A heading is a short line without a sentence's closing punctuation, on its own above a blank line.
_HEADING_MAX_WORDS = 20
_NOT_A_HEADING_END = (".", "!", "?", ",", ";", ":")


def with_heading(blocks: list[Block], text: str) -> list[Block]:
    """The first block marked a title when it is the file's heading line.

    unstructured judges each line alone, so "Failure of police forces to monitor staff use of ICT
    systems" reads to it as prose; a plain text file's first line standing alone above a blank line
    is its heading (a request's title, a letter's subject), which names the document.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    first = next((number for number, line in enumerate(lines) if line), None)
    if first is None or not blocks or blocks[0].kind == "title":
        return blocks
    heading = lines[first]
    standing_alone = first + 1 == len(lines) or not lines[first + 1]
    if not standing_alone or blocks[0].text != heading or not _looks_like_heading(heading):
        return blocks
    return [replace(blocks[0], kind="title"), *blocks[1:]]


def _looks_like_heading(line: str) -> bool:
    return (
        len(line.split()) <= _HEADING_MAX_WORDS
        and not line.endswith(_NOT_A_HEADING_END)
        and any(ch.isalpha() for ch in line)
        and "://" not in line
    )


def extract_markdown(path: Path) -> list[Block]:
    from unstructured.partition.md import partition_md

    return partition_blocks(path, partition_md, "Markdown", text=read_text(path))


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM, a few bad bytes replaced) or UTF-16 by BOM, else the
    detected encoding, else UTF-8 with undecodable bytes replaced: such a file is still worth indexing."""
    raw = path.read_bytes()
    return raw.decode(text_encoding(raw), errors="replace")


def text_encoding(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _mostly_utf8(raw):
        return "utf-8-sig"
    from unstructured.errors import UnprocessableEntityError
    from unstructured.file_utils.encoding import detect_file_encoding

    try:
        with warnings.catch_warnings():
            # A guess is what we ask for; the warning would repeat for every such file.
            warnings.simplefilter("ignore")
            encoding, _ = detect_file_encoding(file=raw)
    except (UnprocessableEntityError, LookupError, UnicodeDecodeError):
        return "utf-8"
    return str(encoding)


def _mostly_utf8(raw: bytes) -> bool:
    """Valid UTF-8, or UTF-8 with a few broken sequences (a truncated or spliced file): legacy
    encodings fail UTF-8 on almost every non-ASCII character, so a low error rate means UTF-8."""
    replaced = raw.decode("utf-8", errors="replace").count("\ufffd")
    errors = replaced - raw.decode("utf-8", errors="ignore").count("\ufffd")
    non_ascii = sum(1 for byte in raw if byte >= 0x80)
    return errors == 0 or errors * 4 < non_ascii
