"""Spreadsheets: XLSX, XLS, CSV, TSV. Each sheet is a page; tables keep one row per line."""

from __future__ import annotations

from pathlib import Path

from ingest.extract.model import Block
from ingest.extract.office import partition_blocks
from ingest.extract.text import text_encoding


def extract_xlsx(path: Path) -> list[Block]:
    """XLSX and XLS (pandas reads both: openpyxl, xlrd)."""
    from unstructured.partition.xlsx import partition_xlsx

    # include_header stays off: with it, the first row of a sheet becomes pandas column names
    # ("Unnamed: 1" for a title row); off, every row, the header row too, is table content.
    return partition_blocks(path, partition_xlsx, "spreadsheet")


def extract_csv(path: Path) -> list[Block]:
    from unstructured.partition.csv import partition_csv

    return partition_blocks(path, partition_csv, "CSV", encoding=text_encoding(path.read_bytes()))


def extract_tsv(path: Path) -> list[Block]:
    from unstructured.partition.tsv import partition_tsv

    return partition_blocks(path, partition_tsv, "TSV", encoding=text_encoding(path.read_bytes()))
