"""Encrypted, corrupt, empty and unsupported files raise the ingest error that says so."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    UnsupportedFormatError,
)
from ingest.extract import extract
from tests.extract.conftest import FIXTURES, shared_file


@pytest.mark.parametrize(
    "name",
    ["password-hunter2.pdf", "password_protected.xls", "password_protected.xlsx", "encypted_by_libreoffice.odt"],
)
def test_encrypted_files_are_reported_as_encrypted(settings: Settings, name: str) -> None:
    with pytest.raises(EncryptedFileError, match="password-protected"):
        extract(shared_file(FIXTURES / name), settings)


def test_encrypted_file_with_the_wrong_extension_is_still_encrypted(settings: Settings, tmp_path: Path) -> None:
    renamed = tmp_path / "budget.docx"
    shutil.copy(shared_file(FIXTURES / "password_protected.xlsx"), renamed)
    with pytest.raises(EncryptedFileError):
        extract(renamed, settings)


def test_zero_byte_pdf_is_empty(settings: Settings) -> None:
    with pytest.raises(EmptyFileError, match="0 bytes"):
        extract(shared_file(FIXTURES / "empty.pdf"), settings)


def test_whitespace_only_text_is_empty(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n \t\n")
    with pytest.raises(EmptyFileError, match="no text"):
        extract(path, settings)


def test_text_that_claims_to_be_a_pdf_is_corrupt(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("This is not a PDF at all, only some words.\n" * 3)
    with pytest.raises(CorruptFileError, match="not a readable PDF"):
        extract(path, settings)


def test_truncated_pdf_is_corrupt(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(shared_file(FIXTURES / "example.pdf").read_bytes()[:3000])
    with pytest.raises((CorruptFileError, EmptyFileError)):
        extract(path, settings)


@pytest.mark.parametrize("name", ["letter.docx", "figures.xlsx", "letter.odt", "slides.pptx"])
def test_truncated_office_files_are_corrupt(settings: Settings, tmp_path: Path, name: str) -> None:
    source = shared_file(FIXTURES / "hello world word.docx").read_bytes()
    path = tmp_path / name
    path.write_bytes(source[:2000])
    with pytest.raises(CorruptFileError):
        extract(path, settings)


@pytest.mark.parametrize("name", ["badzip.zip", "memo.m4a", "Books_be.mdb"])
def test_unsupported_formats(settings: Settings, name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match="unsupported format"):
        extract(shared_file(FIXTURES / name), settings)


def test_legacy_powerpoint_is_read(tmp_path: Path, settings: Settings) -> None:
    """.ppt goes through LibreOffice Impress (scripts/system-packages.sh installs it)."""
    with zipfile.ZipFile(FIXTURES / "test-documents.zip") as archive:
        slides = Path(archive.extract("testPPT.ppt", tmp_path))
    extraction = extract(slides, settings)
    assert extraction.doc_type == "presentation"
    assert "Sample Powerpoint Slide" in [block.text for block in extraction.blocks]
