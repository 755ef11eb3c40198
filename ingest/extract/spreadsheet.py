"""Spreadsheets: XLSX, XLS, CSV, TSV, SpreadsheetML. Each sheet is a page; tables keep one row per line.

`.xls` covers several formats (see `ingest.extract.detect`): BIFF in an OLE container and
XLSX go to unstructured (pandas: xlrd, openpyxl); a raw BIFF stream, which unstructured
refuses ("Not a valid XLSX or XLS file"), is read with xlrd directly; SpreadsheetML 2003
(the XML that Excel and many reporting tools save as `.xls`) with lxml.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from ingest.errors import CorruptFileError, EncryptedFileError
from ingest.extract.elements import partition_blocks
from ingest.extract.model import Block
from ingest.extract.text import text_encoding

_OLE_OR_ZIP = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK")
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def extract_xlsx(path: Path) -> list[Block]:
    """XLSX and XLS (pandas reads both: openpyxl, xlrd)."""
    from unstructured.partition.xlsx import partition_xlsx

    # include_header stays off: with it, the first row of a sheet becomes pandas column names
    # ("Unnamed: 1" for a title row); off, every row, the header row too, is table content.
    return partition_blocks(path, partition_xlsx, "spreadsheet")


def extract_xls(path: Path) -> list[Block]:
    """Legacy Excel: an OLE (or zip) workbook through unstructured, a bare BIFF stream through xlrd."""
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(_OLE_OR_ZIP):
        return extract_xlsx(path)
    return _biff_stream(path)


def _biff_stream(path: Path) -> list[Block]:
    import xlrd
    from xlrd.biffh import XLRDError

    try:
        book = xlrd.open_workbook(file_contents=path.read_bytes(), on_demand=True, ragged_rows=True)
    except XLRDError as e:
        if "encrypt" in str(e).lower():
            raise EncryptedFileError(str(path), "encrypted: the XLS file is password-protected") from e
        raise CorruptFileError(str(path), f"not a readable XLS (BIFF) file: {e}") from e
    except (OSError, ValueError, IndexError, KeyError, AssertionError) as e:
        # xlrd's record parser raises plain Python errors on damaged streams.
        raise CorruptFileError(str(path), f"not a readable XLS (BIFF) file: {type(e).__name__}: {e}") from e
    sheets: list[list[list[str]]] = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        sheets.append([[_cell_text(cell.value) for cell in sheet.row(row)] for row in range(sheet.nrows)])
    return sheet_blocks(sheets)


def extract_spreadsheet_ml(path: Path) -> list[Block]:
    """SpreadsheetML 2003: <Workbook><Worksheet><Table><Row><Cell><Data>."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as e:
        raise CorruptFileError(str(path), f"not a readable XML spreadsheet: {e}") from e
    if root is None:
        raise CorruptFileError(str(path), "not a readable XML spreadsheet: no root element")
    sheets = [
        [[_cell_text("".join(cell.itertext())) for cell in row.iter(f"{_SS}Cell")] for row in sheet.iter(f"{_SS}Row")]
        for sheet in root.iter(f"{_SS}Worksheet")
    ]
    return sheet_blocks(sheets)


def sheet_blocks(sheets: Iterable[Sequence[Sequence[str]]]) -> list[Block]:
    """One table block per non-empty sheet, page = sheet number, one `cell | cell` line per row."""
    blocks: list[Block] = []
    for page, rows in enumerate(sheets, start=1):
        lines = [" | ".join(cells) for cells in rows if any(cell for cell in cells)]
        if lines:
            blocks.append(Block(text="\n".join(lines), kind="table", page=page))
    return blocks


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def extract_csv(path: Path) -> list[Block]:
    from unstructured.partition.csv import partition_csv

    return partition_blocks(path, partition_csv, "CSV", encoding=text_encoding(path.read_bytes()))


def extract_tsv(path: Path) -> list[Block]:
    from unstructured.partition.tsv import partition_tsv

    return partition_blocks(path, partition_tsv, "TSV", encoding=text_encoding(path.read_bytes()))
