"""unstructured elements -> Blocks: kind, page, and tables rendered one row per line; and one
partitioner run with its errors turned into ingest errors, which every format family shares."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from unstructured.documents.elements import (
    Address,
    Element,
    Footer,
    Header,
    ListItem,
    NarrativeText,
    PageBreak,
    PageNumber,
    Table,
    Title,
)

from ingest.errors import CorruptFileError, ExtractionError
from ingest.extract.model import Block

Partitioner = Callable[..., list[Any]]

_KINDS: tuple[tuple[type[Element], str], ...] = (
    (Title, "title"),
    (NarrativeText, "narrative"),
    (ListItem, "list_item"),
    (Table, "table"),
    (Header, "header"),
    (Footer, "footer"),
    (Address, "address"),
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def kind_of(element: Element) -> str:
    for cls, kind in _KINDS:
        if isinstance(element, cls):
            return kind
    return "other"


def to_blocks(elements: Iterable[Element], page_map: Sequence[int] | None = None) -> list[Block]:
    """Blocks for the elements that carry text; `page_map[i]` renumbers page i+1 (a split PDF)."""
    blocks: list[Block] = []
    for element in elements:
        if isinstance(element, PageBreak | PageNumber):
            continue
        text = table_text(element) if isinstance(element, Table) else tidy(element.text)
        if not text:
            continue
        page = element.metadata.page_number
        if page is not None and page_map is not None and 0 < page <= len(page_map):
            page = page_map[page - 1]
        blocks.append(Block(text=text, kind=kind_of(element), page=page))
    return blocks


def tidy(text: str) -> str:
    """Collapse runs of spaces, keep line breaks (they carry structure in letters), trim."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def table_text(table: Element) -> str:
    """A table as `cell | cell` lines, from the HTML unstructured keeps; its flat text otherwise.

    The flat text of a table runs every cell together; one line per row keeps a row's
    figures next to its label for the reader and for the chunker.
    """
    html = table.metadata.text_as_html
    if html:
        try:
            rows = lxml.html.fromstring(html).iter("tr")
            lines = [" | ".join(tidy(cell.text_content()) for cell in row.iter("td", "th")) for row in rows]
        except (etree.ParserError, ValueError):
            lines = []
        text = "\n".join(line for line in lines if line.replace("|", "").strip())
        if text:
            return text
    return tidy(table.text)


def partition_blocks(path: Path, partitioner: Partitioner, what: str, **kwargs: Any) -> list[Block]:
    """Run one unstructured partitioner on a file (or on `text=` read from it); its errors become ingest errors."""
    source = {} if "text" in kwargs else {"filename": str(path)}
    try:
        return to_blocks(partitioner(**source, **kwargs))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, UnicodeDecodeError) as e:
        raise CorruptFileError(str(path), f"not a readable {what} file: {type(e).__name__}: {e}") from e
    except Exception as e:
        # Each partitioner's libraries (python-docx, pandoc, openpyxl, ...) raise their own types.
        raise ExtractionError(str(path), f"{what} extraction failed: {type(e).__name__}: {e}") from e
