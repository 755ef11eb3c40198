"""All 78 real-world odd files ingest to completion: none crashes or hangs the run,
each is indexed or in the ledger with its reason, and encrypted files say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from ingest.ledger import INDEXED, Ledger
from tests.conftest import SHARED

ODD_FILES = SHARED / "fixtures" / "odd-files"
ENCRYPTED = ("password-hunter2.pdf", "password_protected.xlsx", "password_protected.xls", "encypted_by_libreoffice.odt")
pytestmark = pytest.mark.slow


def test_every_odd_file_is_indexed_or_recorded_with_a_reason(tmp_path: Path) -> None:
    index = tmp_path / "index"
    result = CliRunner().invoke(main, ["ingest", str(ODD_FILES), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    files = sorted(path.resolve().as_posix() for path in ODD_FILES.rglob("*") if path.is_file())
    ledger = Ledger.open(index, create=False)
    entries = {entry.path: entry for entry in ledger.entries() if entry.member_path is None}
    assert sorted(entries) == sorted(set(files) - {f for f in files if Path(f).name == ".DS_Store"})
    for path, entry in entries.items():
        assert entry.status == INDEXED or entry.reason, f"{path} has no reason"
    for name in ENCRYPTED:
        entry = entries[(ODD_FILES / name).resolve().as_posix()]
        assert entry.status == "failed" and "encrypted" in entry.reason.lower(), (name, entry.reason)
    # The readable ones really are searchable.
    assert len(report["indexed"]) >= 30
    assert report["documents"] > len(report["indexed"])  # attachments and archive members are documents too
