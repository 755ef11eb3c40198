"""API keys: who may call the HTTP API, in which role, over which collections.

A key is shown once, at creation: `foi_<id>_<secret>`. The store keeps the id in clear (to find
the row) and an Argon2id hash of the secret, in a SQLite file beside the index's ledger. Argon2 is
slow on purpose, so a key that verified is remembered in memory for a minute; revocation is read
from the file on every request and takes effect at once.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.errors import ApiError, AuthenticationError
from core.codes import check_collection_name

KEYS_FILE = "api-keys.sqlite"
_PREFIX = "foi"
_VERIFIED_FOR_S = 60.0
# Argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile).
_HASHER = PasswordHasher()
# Checked against when the key id is unknown or revoked, so that a refusal costs a live key's time.
_DECOY_HASH = _HASHER.hash(secrets.token_urlsafe(32))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    collections TEXT,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
)
"""


class Role(StrEnum):
    """Each role may do what the ones before it may."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class ApiKey:
    """A key's record (never its secret). `collections` None: every collection."""

    id: str
    name: str
    role: Role
    collections: tuple[str, ...] | None
    created_at: str
    revoked_at: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class KeyStore:
    """The keys of one index, in `folder/api-keys.sqlite`."""

    def __init__(self, folder: Path) -> None:
        self.location = folder / KEYS_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.location, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (sqlite3.Error, OSError) as e:
            raise ApiError(f"cannot open the API key store {self.location}: {e}") from e
        self._verified: dict[str, tuple[str, float]] = {}
        # One connection, used by the server's request threads one at a time.
        self._lock = threading.Lock()

    def create(self, name: str, role: Role, collections: tuple[str, ...] | None) -> tuple[ApiKey, str]:
        """A new key and its secret form, which is never stored and cannot be shown again."""
        if not name.strip():
            raise ApiError("a key needs a name (who or what uses it)")
        try:
            granted = None if collections is None else tuple(check_collection_name(c) for c in collections)
        except ValueError as e:
            raise ApiError(str(e)) from e
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        key = ApiKey(key_id, name.strip(), role, granted, datetime.now(UTC).isoformat(timespec="seconds"))
        secret_hash = _HASHER.hash(secret)  # slow on purpose: not while holding the connection
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (key.id, key.name, key.role.value, _collections_json(granted), secret_hash, key.created_at),
            )
        return key, f"{_PREFIX}_{key_id}_{secret}"

    def list(self) -> list[ApiKey]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM keys ORDER BY created_at, id").fetchall()
        return [_key(row) for row in rows]

    def revoke(self, key_id: str) -> ApiKey:
        with self._lock, self._db:
            changed = self._db.execute(
                "UPDATE keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (datetime.now(UTC).isoformat(timespec="seconds"), key_id),
            ).rowcount
        key = self._get(key_id)
        if key is None:
            raise ApiError(f"no API key with id {key_id!r} (foi keys list shows them)")
        if not changed:
            raise ApiError(f"API key {key_id} ({key.name}) was already revoked at {key.revoked_at}")
        return key

    def authenticate(self, presented: str) -> ApiKey:
        """The live key that `presented` is, or AuthenticationError (the same for every failure)."""
        refused = AuthenticationError("invalid or revoked API key")
        parts = split_key(presented)
        if parts is None:
            raise refused
        key_id, secret = parts
        key = self._get(key_id)
        if key is None or key.revoked:
            _verifies(_DECOY_HASH, secret)  # as slow as a live id: the time tells no id apart
            raise refused
        digest = hashlib.sha256(presented.encode()).hexdigest()
        remembered = self._verified.get(key.id)
        if remembered is None or remembered[0] != digest or time.monotonic() - remembered[1] > _VERIFIED_FOR_S:
            if not _verifies(self._secret_hash(key.id), secret):
                raise refused
            self._verified[key.id] = (digest, time.monotonic())
        return key

    def close(self) -> None:
        self._db.close()

    def _get(self, key_id: str) -> ApiKey | None:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM keys WHERE id = ?", (key_id,)).fetchone()
        return None if row is None else _key(row)

    def _secret_hash(self, key_id: str) -> str:
        with self._lock:
            return str(self._db.execute("SELECT secret_hash FROM keys WHERE id = ?", (key_id,)).fetchone()[0])


_COLUMNS = "id, name, role, collections, created_at, revoked_at"


def split_key(presented: str) -> tuple[str, str] | None:
    """(key id, secret) of a key in the form `foi_<id>_<secret>`, or None."""
    prefix, _, rest = presented.partition("_")
    key_id, _, secret = rest.partition("_")
    return (key_id, secret) if prefix == _PREFIX and key_id and secret else None


def _key(row: tuple[object, ...]) -> ApiKey:
    key_id, name, role, collections, created_at, revoked_at = row
    granted = None if collections is None else tuple(json.loads(str(collections)))
    revoked = None if revoked_at is None else str(revoked_at)
    return ApiKey(str(key_id), str(name), Role(str(role)), granted, str(created_at), revoked)


def _collections_json(collections: tuple[str, ...] | None) -> str | None:
    return None if collections is None else json.dumps(list(collections))


def _verifies(secret_hash: str, secret: str) -> bool:
    try:
        return _HASHER.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
