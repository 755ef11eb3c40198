"""The ingest ledger: recorded outcomes survive reopening; a file's new entry replaces its old problems."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ingest.errors import LedgerError
from ingest.ledger import FAILED, INDEXED, LEDGER_FILE, SKIPPED, Ledger, LedgerEntry


def test_entries_persist_and_summarise(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path)
    ledger.record(
        [
            LedgerEntry("/a.pdf", INDEXED, document_ids=("d1", "d2"), size=10, mtime_ns=5, content_hash="h"),
            LedgerEntry("/b.pdf", FAILED, "encrypted PDF (password protected)"),
            LedgerEntry("/c.xyz", SKIPPED, "unsupported format"),
            LedgerEntry("/a.pdf", FAILED, "corrupt member", member_path="annex.zip/x.pdf"),
        ]
    )
    ledger.close()
    reopened = Ledger.open(tmp_path, create=False)
    entry = reopened.get("/a.pdf")
    assert entry is not None and entry.document_ids == ("d1", "d2") and entry.content_hash == "h"
    assert entry.updated_at is not None
    assert reopened.summary() == {INDEXED: 1, SKIPPED: 1, FAILED: 1, "member_problems": 1}
    assert [e.label for e in reopened.problems()] == ["/a.pdf -> annex.zip/x.pdf", "/b.pdf", "/c.xyz"]


def test_a_new_top_level_entry_clears_the_files_old_member_problems(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path)
    ledger.record([LedgerEntry("/a.zip", INDEXED), LedgerEntry("/a.zip", FAILED, "bad", member_path="x.pdf")])
    ledger.record([LedgerEntry("/a.zip", INDEXED, document_ids=("d",))])
    assert ledger.problems() == []


def test_opening_a_missing_ledger_without_create_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="nothing has been ingested"):
        Ledger.open(tmp_path / "none", create=False)


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="status"):
        LedgerEntry("/a", "done")


def test_a_ledger_from_before_collections_opens_with_every_input_in_the_default_one(tmp_path: Path) -> None:
    """The schema of the ledgers written before collections existed, with one row."""
    with sqlite3.connect(tmp_path / LEDGER_FILE) as db:
        db.execute(
            "CREATE TABLE inputs (path TEXT NOT NULL, member_path TEXT NOT NULL DEFAULT '', "
            "status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', document_ids TEXT NOT NULL DEFAULT '[]', "
            "size INTEGER NOT NULL DEFAULT 0, mtime_ns INTEGER NOT NULL DEFAULT 0, "
            "content_hash TEXT NOT NULL DEFAULT '', root TEXT NOT NULL DEFAULT '', "
            "updated_at TEXT NOT NULL, PRIMARY KEY (path, member_path))"
        )
        db.execute("INSERT INTO inputs VALUES ('/a.pdf', '', 'indexed', '', '[\"d1\"]', 10, 5, 'h', '/', '2026-01-01')")
    ledger = Ledger.open(tmp_path)
    old = ledger.get("/a.pdf")
    assert old is not None and old.collection == "public" and old.document_ids == ("d1",)
    ledger.record([LedgerEntry("/b.pdf", FAILED, "encrypted", collection="embargo")])
    assert [(entry.path, entry.collection) for entry in ledger.entries()] == [
        ("/a.pdf", "public"),
        ("/b.pdf", "embargo"),
    ]
