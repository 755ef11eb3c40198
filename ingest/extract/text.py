"""Plain text and Markdown, in whatever encoding they come.

A large text file (over FOI_LARGE_TEXT_BYTES: a data export, a disclosure log, a mail
archive saved as text) skips unstructured's per-element classification, which runs the
spaCy tagger on every paragraph (about 20 s per MB on one core, measured with
benchmarks/big_text_bench.py): it is split into paragraphs in one linear pass, and the
chunker packs those into chunks as usual.
"""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import replace
from pathlib import Path

from core.settings import Settings
from ingest.extract.elements import partition_blocks, tidy
from ingest.extract.model import Block

# A paragraph longer than this (a file with no blank lines) is cut at line ends into blocks of about this size.
_MAX_BLOCK_CHARS = 20_000
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")


def extract_text(path: Path, large_text_bytes: int = Settings.large_text_bytes) -> list[Block]:
    """Blocks of a text file; one over `large_text_bytes` (FOI_LARGE_TEXT_BYTES) in one linear pass.
    The default serves JSON and XML that do not parse, read as text: a rare fallback."""
    from unstructured.partition.text import partition_text

    text = read_text(path)
    if len(text) > large_text_bytes:
        return with_heading(large_text_blocks(text), text)
    return with_heading(partition_blocks(path, partition_text, "text", text=text), text)


def large_text_blocks(text: str) -> list[Block]:
    """Paragraphs (split at blank lines) as blocks, in time linear in the text's length; a short
    line standing alone that reads as a heading is a title, so the chunker starts a section there."""
    blocks: list[Block] = []
    for paragraph in _BLANK_LINE.split(text.replace("\r\n", "\n")):
        for piece in _bounded(paragraph.strip()):
            if piece:
                kind = "title" if "\n" not in piece and _looks_like_heading(piece) and len(piece) < 120 else "narrative"
                blocks.append(Block(text=tidy(piece), kind=kind, page=1))
    return blocks


def _bounded(paragraph: str) -> list[str]:
    """The paragraph, cut at line ends into pieces of at most about _MAX_BLOCK_CHARS characters."""
    if len(paragraph) <= _MAX_BLOCK_CHARS:
        return [paragraph]
    pieces: list[str] = []
    start = 0
    while start < len(paragraph):
        end = paragraph.rfind("\n", start, start + _MAX_BLOCK_CHARS)
        end = end if end > start else min(len(paragraph), start + _MAX_BLOCK_CHARS)
        pieces.append(paragraph[start:end].strip())
        start = end + 1 if end < len(paragraph) and paragraph[end] == "\n" else end
    return pieces


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
