"""The ingest ledger: one row per input (and per problem member inside one).

Every file given to `foi ingest` ends here as indexed, skipped (why) or failed
(why); `foi status`, `foi failures` and `foi retry` read it. It is a SQLite file
beside the index, written only after the backend has committed the documents
it names, so a killed run is simply re-done for the files it had not recorded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.codes import DEFAULT_COLLECTION
from ingest.errors import LedgerError
from ingest.foi.threads import NOT_RECORDED, ThreadInput
from ingest.likeness_store import LikenessStore
from ingest.likeness_store import create_tables as create_likeness_tables

INDEXED, SKIPPED, FAILED = "indexed", "skipped", "failed"
STATUSES = (INDEXED, SKIPPED, FAILED)
LEDGER_FILE = "ledger.sqlite"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT NOT NULL,
    member_path TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    document_ids TEXT NOT NULL DEFAULT '[]',
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ns INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL DEFAULT '',
    root TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    collection TEXT NOT NULL DEFAULT '{DEFAULT_COLLECTION}',
    PRIMARY KEY (path, member_path)
)
"""

# Named rather than `*`: the order of _row and _entry, whatever the order of a ledger's columns.
_COLUMNS = "path, member_path, status, reason, document_ids, size, mtime_ns, content_hash, root, updated_at, collection"
_PLACES = ", ".join("?" * len(_COLUMNS.split(",")))

_THREADS_SCHEMA = """
CREATE TABLE IF NOT EXISTS threads (
    document_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    thread TEXT NOT NULL,
    request_id TEXT,
    inherited_authority TEXT
)
"""


def _create(connection: sqlite3.Connection) -> None:
    connection.execute(_SCHEMA)
    connection.execute(_THREADS_SCHEMA)
    create_likeness_tables(connection)
    # Ledgers written before documents inherited their thread's authority lack the column.
    columns = {row[1] for row in connection.execute("PRAGMA table_info(threads)")}
    if "inherited_authority" not in columns:
        connection.execute("ALTER TABLE threads ADD COLUMN inherited_authority TEXT")
    # Ledgers written before collections: every input went to the default one.
    if "collection" not in {row[1] for row in connection.execute("PRAGMA table_info(inputs)")}:
        connection.execute(f"ALTER TABLE inputs ADD COLUMN collection TEXT NOT NULL DEFAULT '{DEFAULT_COLLECTION}'")


@dataclass(frozen=True)
class LedgerEntry:
    """What happened to one input file, or to one member of an archive or message.

    A top-level entry has `member_path` None and lists every document the file
    produced, so that a re-ingest can delete documents the file no longer has.
    """

    path: str
    status: str
    reason: str = ""
    member_path: str | None = None
    document_ids: tuple[str, ...] = ()
    size: int = 0
    mtime_ns: int = 0
    content_hash: str = ""
    root: str = ""
    updated_at: datetime | None = None
    # The collection the file's documents went to (or would have, for a failed file's retry).
    collection: str = DEFAULT_COLLECTION

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"ledger status {self.status!r} is not one of {', '.join(STATUSES)}")

    @property
    def label(self) -> str:
        return self.path if self.member_path is None else f"{self.path} -> {self.member_path}"


class Ledger:
    """The ledger of one index. One writer (the ingest run) at a time."""

    def __init__(self, connection: sqlite3.Connection, location: Path) -> None:
        self._db = connection
        self.location = location
        self.likeness = LikenessStore(connection, location)

    @classmethod
    def open(cls, folder: Path, create: bool = True) -> Ledger:
        location = folder / LEDGER_FILE
        if not create and not location.exists():
            raise LedgerError(f"no ingest ledger in {folder}: nothing has been ingested into this index yet")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(location, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            _create(connection)
            connection.commit()
        except (sqlite3.Error, OSError) as e:
            raise LedgerError(f"cannot open the ingest ledger {location}: {e}") from e
        return cls(connection, location)

    @classmethod
    def in_memory(cls) -> Ledger:
        """A ledger that lives as long as the run: for ingesting into a backend opened by the caller."""
        connection = sqlite3.connect(":memory:")
        _create(connection)
        return cls(connection, Path(":memory:"))

    def get(self, path: str) -> LedgerEntry | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM inputs WHERE path = ? AND member_path = ''", (path,))
        return rows[0] if rows else None

    def entries(self, statuses: Iterable[str] = STATUSES) -> list[LedgerEntry]:
        wanted = tuple(statuses)
        marks = ",".join("?" * len(wanted))
        return self._query(
            f"SELECT {_COLUMNS} FROM inputs WHERE status IN ({marks}) ORDER BY path, member_path", wanted
        )

    def problems(self) -> list[LedgerEntry]:
        """Every failed or skipped input or member, with its reason."""
        return self.entries((FAILED, SKIPPED))

    def summary(self) -> dict[str, int]:
        """Counts of top-level inputs by status, and of problem members inside them."""
        counts = dict.fromkeys(STATUSES, 0)
        counts["member_problems"] = 0
        for status, is_member, count in self._db.execute(
            "SELECT status, member_path != '', COUNT(*) FROM inputs GROUP BY status, member_path != ''"
        ):
            if is_member:
                counts["member_problems"] += count
            else:
                counts[status] = count
        return counts

    def record(self, entries: Sequence[LedgerEntry]) -> None:
        """Replace what the ledger knows about these inputs, in one transaction.

        A top-level entry also clears the member entries of its file, so a file
        that is fixed loses its old member problems.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self._db:
                for path in {entry.path for entry in entries if entry.member_path is None}:
                    self._db.execute("DELETE FROM inputs WHERE path = ?", (path,))
                self._db.executemany(
                    f"INSERT OR REPLACE INTO inputs ({_COLUMNS}) VALUES ({_PLACES})",
                    [_row(entry, now) for entry in entries],
                )
        except sqlite3.Error as e:
            raise LedgerError(f"cannot write the ingest ledger {self.location}: {e}") from e

    def record_threads(self, path: str, threads: Sequence[tuple[ThreadInput, str | None]]) -> None:
        """The threading facts of one input file's documents (replacing the file's old ones).

        The documents were just indexed with their own authority, so none has an inherited one yet.
        """
        rows = [(thread.document_id, path, json.dumps(asdict(thread)), request_id) for thread, request_id in threads]
        try:
            with self._db:
                self._db.execute("DELETE FROM threads WHERE path = ?", (path,))
                self._db.executemany(
                    "INSERT OR REPLACE INTO threads (document_id, path, thread, request_id) VALUES (?, ?, ?, ?)", rows
                )
        except sqlite3.Error as e:
            raise LedgerError(f"cannot write the ingest ledger {self.location}: {e}") from e

    def threads(self) -> list[tuple[ThreadInput, str | None]]:
        """Every indexed document's threading facts, with the request id it was last given."""
        rows = self._db.execute("SELECT thread, request_id FROM threads ORDER BY document_id")
        return [(_thread(json.loads(data)), request_id) for data, request_id in rows]

    def thread_collections(self) -> dict[str, str]:
        """Document id -> the collection of the file it came from, for every threaded document."""
        rows = self._db.execute(
            "SELECT t.document_id, i.collection FROM threads t "
            "LEFT JOIN inputs i ON i.path = t.path AND i.member_path = ''"
        )
        return {str(document_id): str(collection or DEFAULT_COLLECTION) for document_id, collection in rows}

    def inherited_authorities(self) -> dict[str, str | None]:
        """Document id -> the authority it was given from its request thread (as `InheritedAuthority.stored`)."""
        rows = self._db.execute("SELECT document_id, inherited_authority FROM threads")
        return {str(document_id): inherited for document_id, inherited in rows}

    def set_inherited_authorities(self, inherited: dict[str, str | None]) -> None:
        with self._db:
            self._db.executemany(
                "UPDATE threads SET inherited_authority = ? WHERE document_id = ?",
                [(value, document_id) for document_id, value in inherited.items()],
            )

    def set_request_ids(self, request_ids: dict[str, str]) -> None:
        with self._db:
            self._db.executemany(
                "UPDATE threads SET request_id = ? WHERE document_id = ?",
                [(request_id, document_id) for document_id, request_id in request_ids.items()],
            )

    def close(self) -> None:
        self._db.close()

    def _query(self, sql: str, parameters: tuple[str, ...]) -> list[LedgerEntry]:
        try:
            return [_entry(row) for row in self._db.execute(sql, parameters)]
        except sqlite3.Error as e:
            raise LedgerError(f"cannot read the ingest ledger {self.location}: {e}") from e


def _row(entry: LedgerEntry, now: str) -> tuple[object, ...]:
    return (
        entry.path,
        entry.member_path or "",
        entry.status,
        entry.reason,
        json.dumps(list(entry.document_ids)),
        entry.size,
        entry.mtime_ns,
        entry.content_hash,
        entry.root,
        now,
        entry.collection,
    )


def _thread(data: dict[str, object]) -> ThreadInput:
    for name in ("references", "participants"):
        data[name] = tuple(data.get(name) or ())  # type: ignore[arg-type]
    data.setdefault("authority", NOT_RECORDED)
    return ThreadInput(**data)  # type: ignore[arg-type]


def _entry(row: tuple[object, ...]) -> LedgerEntry:
    path, member, status, reason, ids, size, mtime_ns, content_hash, root, updated_at, collection = row
    return LedgerEntry(
        path=str(path),
        member_path=str(member) or None,
        status=str(status),
        reason=str(reason),
        document_ids=tuple(json.loads(str(ids))),
        size=int(str(size)),
        mtime_ns=int(str(mtime_ns)),
        content_hash=str(content_hash),
        root=str(root),
        updated_at=datetime.fromisoformat(str(updated_at)),
        collection=str(collection),
    )
