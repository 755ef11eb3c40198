"""Fixtures for the extraction tests: real files of every format, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from tests.conftest import SHARED
from tests.extract import files

FIXTURES = SHARED / "fixtures" / "odd-files"
DERIVED = SHARED / "corpus" / "derived"
WDTK = SHARED / "corpus" / "wdtk-pages"
SEEDS = SHARED / "corpus" / "seeds"


def shared_file(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here (it comes with ../shared)")
    return path


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One real file per format, named by format key."""
    folder = tmp_path_factory.mktemp("formats")
    return {
        "docx": files.docx(folder),
        "doc": files.converted(folder, "doc"),
        "odt": files.converted(folder, "odt"),
        "rtf": files.converted(folder, "rtf"),
        "pdf": files.text_pdf(folder),
        "xlsx": files.xlsx(folder),
        "csv": files.csv_file(folder),
        "pptx": files.pptx(folder),
        "html": files.html_page(folder),
        "txt": files.text_file(folder),
        "md": files.markdown_file(folder),
        "eml": files.eml_with_pdf(folder),
    }
