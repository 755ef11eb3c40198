"""The writer lock of an OpenSearch index: one writing process at a time, across machines.

A lock document in the index names its owner and a heartbeat; a writer renews it before each
batch, and a lock whose heartbeat is older than FOI_OPENSEARCH_LOCK_TTL_S is taken to belong to a
crashed process and taken over. Every change is conditional on the document's sequence number."""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from opensearchpy import exceptions as os_errors

from core.settings import Settings
from search.backends.opensearch.connection import Connection
from search.backends.opensearch.mappings import LOCK
from search.errors import IndexLockedError, ReadOnlyIndexError

JSON = dict[str, Any]
LOCK_ID = "__foi_writer_lock__"
log = logging.getLogger(__name__)


class WriterLock:
    """This process's hold on the index's writer lock (none until `acquire`)."""

    def __init__(self, connection: Connection, alias: str, settings: Settings) -> None:
        self._connection = connection
        self._client = connection.client
        self._alias = alias
        self._settings = settings
        self._token: str | None = None

    @property
    def held(self) -> bool:
        return self._token is not None

    def _body(self, token: str) -> JSON:
        return {"kind": LOCK, "lock": {"owner": token, "heartbeat": time.time()}}

    def acquire(self) -> None:
        token = f"{socket.gethostname()}:{os.getpid()}:{id(self)}:{time.time()}"
        client = self._client
        try:
            client.create(index=self._alias, id=LOCK_ID, body=self._body(token), refresh="true")
        except os_errors.ConflictError:
            self._take_over_stale(token)
        except os_errors.TransportError as e:
            raise self._connection.translate(e, "take the writer lock") from None
        self._token = token

    def _take_over_stale(self, token: str) -> None:
        current = self._read()
        held = current.get("_source", {}).get("lock", {})
        age = time.time() - float(held.get("heartbeat", 0))
        if age < self._settings.opensearch_lock_ttl_s:
            raise IndexLockedError(
                f"another process ({held.get('owner', '?')}) is writing to the index {self._alias}; "
                f"its lock is {age:.0f}s old and expires after {self._settings.opensearch_lock_ttl_s}s"
            )
        self._write_over(current, token)

    def renew(self) -> None:
        token = self.require()
        current = self._read()
        if current.get("_source", {}).get("lock", {}).get("owner") != token:
            self._token = None
            raise IndexLockedError(f"this process no longer holds the writer lock of {self._alias}")
        self._write_over(current, token)

    def _read(self) -> JSON:
        return self._connection.call("read the writer lock", lambda: self._client.get(index=self._alias, id=LOCK_ID))

    def _write_over(self, current: JSON, token: str) -> None:
        """Write this process's heartbeat over the lock document as read, unless another changed it since."""
        try:
            self._client.index(
                index=self._alias,
                id=LOCK_ID,
                body=self._body(token),
                params={"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]},
            )
        except os_errors.ConflictError as e:
            raise IndexLockedError(f"another process took the writer lock of {self._alias}") from e
        except os_errors.TransportError as e:
            # The node can go away between reading the lock and writing it back.
            raise self._connection.translate(e, "renew the writer lock") from None

    def release(self) -> None:
        token, self._token = self._token, None
        try:
            current = self._client.get(index=self._alias, id=LOCK_ID)
            if current.get("_source", {}).get("lock", {}).get("owner") == token:
                self._client.delete(
                    index=self._alias,
                    id=LOCK_ID,
                    refresh="true",
                    params={"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]},
                )
        except os_errors.TransportError as e:
            log.warning("could not release the writer lock of %s: %s", self._alias, type(e).__name__)

    def require(self) -> str:
        if self._token is None:
            raise ReadOnlyIndexError(f"index {self._alias} was opened read-only")
        return self._token
