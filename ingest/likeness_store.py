"""The ledger's record of resemblance: each document's signatures, their LSH band keys, the pairs
found alike, and the grouping each document was last indexed with.

A later run compares only its new documents with these (band keys in an indexed table find the
candidates), so adding one response to an archive of thousands reads none of the others again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest.errors import LedgerError
from ingest.foi.campaigns import REQUEST, TEXT, Grouping, LikenessFacts, Member
from ingest.foi.likeness import RULES, band_keys, from_blob, to_blob

_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS likeness (
        document_id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        seq INTEGER NOT NULL,
        checked INTEGER NOT NULL DEFAULT 0,
        facts TEXT NOT NULL,
        request_text TEXT,
        text_signature BLOB,
        request_signature BLOB,
        grouping TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE TABLE IF NOT EXISTS likeness_bands (kind TEXT, collection TEXT, band INTEGER, key BLOB, document_id TEXT)",
    "CREATE INDEX IF NOT EXISTS likeness_seq ON likeness (seq)",
    "CREATE INDEX IF NOT EXISTS likeness_path ON likeness (path)",
    "CREATE INDEX IF NOT EXISTS likeness_bands_key ON likeness_bands (kind, collection, band, key)",
    "CREATE INDEX IF NOT EXISTS likeness_bands_document ON likeness_bands (document_id)",
    "CREATE TABLE IF NOT EXISTS likeness_pairs (kind TEXT, a TEXT, b TEXT, PRIMARY KEY (kind, a, b))",
    "CREATE INDEX IF NOT EXISTS likeness_pairs_a ON likeness_pairs (a)",
    "CREATE INDEX IF NOT EXISTS likeness_pairs_b ON likeness_pairs (b)",
)
# The facts kept as JSON; the request and the signatures have their own columns, which grouping
# (that reads every row on every run) leaves unread.
_FACT_FIELDS = (
    "collection",
    "authority_id",
    "reference",
    "content_hash",
    "text_key",
    "groupable",
    "date",
    "doc_type",
    "name",
)


# The columns that comparing a document reads, in the order of `_facts`.
_COMPARED = "document_id, facts, request_text, text_signature, request_signature"


def create_tables(connection: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        connection.execute(statement)
    # Ledgers written by the first form of these tables kept the request inside `facts`.
    if "request_text" not in {row[1] for row in connection.execute("PRAGMA table_info(likeness)")}:
        connection.execute("ALTER TABLE likeness ADD COLUMN request_text TEXT")


class LikenessStore:
    """Resemblance facts of one ledger (same connection, same single writer)."""

    def __init__(self, connection: sqlite3.Connection, location: Path) -> None:
        self._db = connection
        self.location = location

    def record(self, path: str, facts: Sequence[LikenessFacts]) -> None:
        """The facts of one input file's documents, replacing the file's old ones; a document seen
        before keeps its place in the order of arrival (which decides canonical copies and ids)."""
        try:
            with self._db:
                old = self._seqs([item.document_id for item in facts])
                gone = [row[0] for row in self._db.execute("SELECT document_id FROM likeness WHERE path = ?", (path,))]
                self._forget([*gone, *(item.document_id for item in facts)])
                next_seq = int(self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM likeness").fetchone()[0]) + 1
                for item in facts:
                    seq = old.get(item.document_id)
                    if seq is None:
                        seq, next_seq = next_seq, next_seq + 1
                    self._insert(path, seq, item)
        except sqlite3.Error as e:
            raise LedgerError(f"cannot write the ingest ledger {self.location}: {e}") from e

    def unchecked(self) -> list[LikenessFacts]:
        """Documents not yet compared with the others."""
        rows = self._db.execute(f"SELECT {_COMPARED} FROM likeness WHERE checked = 0 ORDER BY seq")
        return [_facts(*row) for row in rows]

    def candidates(self, kind: str, facts: LikenessFacts) -> list[LikenessFacts]:
        """Other documents of the same collection that share an LSH band with this one."""
        signature = facts.signature(kind)
        if signature is None:
            return []
        keys = band_keys(signature, RULES[kind])
        where = " OR ".join("(band = ? AND key = ?)" for _ in keys)
        parameters: list[object] = [kind, facts.collection, facts.document_id]
        for band, key in enumerate(keys):
            parameters += [band, key]
        rows = self._db.execute(
            f"SELECT {_COMPARED} FROM likeness "
            "WHERE document_id IN (SELECT document_id FROM likeness_bands "
            f"WHERE kind = ? AND collection = ? AND document_id != ? AND ({where}))",
            parameters,
        )
        return [_facts(*row) for row in rows]

    def add_pairs(self, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO likeness_pairs (kind, a, b) VALUES (?, ?, ?)",
                [(kind, *sorted(pair)) for pair in pairs],
            )

    def mark_checked(self, document_ids: Iterable[str]) -> None:
        with self._db:
            self._db.executemany(
                "UPDATE likeness SET checked = 1 WHERE document_id = ?", [(item,) for item in document_ids]
            )

    def members(self, request_ids: dict[str, str]) -> list[tuple[Member, Grouping]]:
        """Every document with its thread (from `request_ids`) and the grouping it was last indexed with."""
        rows = self._db.execute("SELECT document_id, facts, seq, grouping FROM likeness")
        members = []
        for document_id, data, seq, grouping in rows:
            facts = _facts(document_id, data)
            members.append((Member(facts, int(seq), request_ids.get(document_id)), _grouping(grouping)))
        return members

    def pairs(self) -> list[tuple[str, str, str]]:
        return [(str(kind), str(a), str(b)) for kind, a, b in self._db.execute("SELECT kind, a, b FROM likeness_pairs")]

    def set_groupings(self, groupings: dict[str, Grouping]) -> None:
        with self._db:
            self._db.executemany(
                "UPDATE likeness SET grouping = ? WHERE document_id = ?",
                [(_grouping_json(grouping), document_id) for document_id, grouping in groupings.items()],
            )

    def _seqs(self, document_ids: Sequence[str]) -> dict[str, int]:
        seqs = {}
        for document_id in document_ids:
            row = self._db.execute("SELECT seq FROM likeness WHERE document_id = ?", (document_id,)).fetchone()
            if row is not None:
                seqs[document_id] = int(row[0])
        return seqs

    def _forget(self, document_ids: Sequence[str]) -> None:
        rows = [(document_id,) for document_id in document_ids]
        self._db.executemany("DELETE FROM likeness WHERE document_id = ?", rows)
        self._db.executemany("DELETE FROM likeness_bands WHERE document_id = ?", rows)
        self._db.executemany("DELETE FROM likeness_pairs WHERE a = ?", rows)
        self._db.executemany("DELETE FROM likeness_pairs WHERE b = ?", rows)

    def _insert(self, path: str, seq: int, facts: LikenessFacts) -> None:
        data = json.dumps({name: getattr(facts, name) for name in _FACT_FIELDS})
        self._db.execute(
            "INSERT INTO likeness (document_id, path, seq, facts, request_text, text_signature, request_signature) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                facts.document_id,
                path,
                seq,
                data,
                facts.request_text,
                to_blob(facts.text_signature),
                to_blob(facts.request_signature),
            ),
        )
        bands = [
            (kind, facts.collection, band, key, facts.document_id)
            for kind in (REQUEST, TEXT)
            if (signature := facts.signature(kind)) is not None
            for band, key in enumerate(band_keys(signature, RULES[kind]))
        ]
        self._db.executemany(
            "INSERT INTO likeness_bands (kind, collection, band, key, document_id) VALUES (?, ?, ?, ?, ?)", bands
        )


def _facts(
    document_id: str,
    data: str,
    request_text: str | None = None,
    text_blob: bytes | None = None,
    request_blob: bytes | None = None,
) -> LikenessFacts:
    values = json.loads(data)
    return LikenessFacts(
        document_id=document_id,
        request_text=request_text,
        text_signature=from_blob(text_blob),
        request_signature=from_blob(request_blob),
        **{name: values.get(name) for name in _FACT_FIELDS},
    )


def _grouping(data: str) -> Grouping:
    values = json.loads(data or "{}")
    return Grouping(values.get("campaign_id"), values.get("duplicate_of"), tuple(values.get("duplicates") or ()))


def _grouping_json(grouping: Grouping) -> str:
    return json.dumps(
        {
            "campaign_id": grouping.campaign_id,
            "duplicate_of": grouping.duplicate_of,
            "duplicates": list(grouping.duplicates),
        }
    )
