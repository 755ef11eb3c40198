"""Reading an OpenSearch index: every search of one process goes through a point-in-time
snapshot (renewed after FOI_OPENSEARCH_SNAPSHOT_MAX_AGE_S, dropped after each write), so that the
pages of one result set come from one state of the index."""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from opensearchpy import exceptions as os_errors

from core.settings import Settings
from search.backends.opensearch.connection import Connection
from search.errors import BackendError

JSON = dict[str, Any]
_PIT_KEEP_ALIVE = "5m"
# OpenSearch's default index.max_result_window.
RESULT_WINDOW = 10_000
log = logging.getLogger(__name__)


class SnapshotReader:
    """Searches the index's current snapshot; `drop` makes the next search see the latest commit."""

    def __init__(self, connection: Connection, alias: str, settings: Settings) -> None:
        self._connection = connection
        self._client = connection.client
        self._alias = alias
        self._settings = settings
        self._pit_id: str | None = None
        self._pit_taken = 0.0
        self._pit_supported = True
        self._window: int | None = None

    def _current(self) -> str | None:
        """A point-in-time id to search, or None where the cluster offers none."""
        too_old = time.monotonic() - self._pit_taken > self._settings.opensearch_snapshot_max_age_s
        if self._pit_id is not None and too_old:
            self.drop()
        if self._pit_id is None and self._pit_supported:
            try:
                created = self._client.create_pit(index=self._alias, params={"keep_alive": _PIT_KEEP_ALIVE})
                self._pit_id = str(created["pit_id"])
                self._pit_taken = time.monotonic()
            except os_errors.ConnectionError as e:
                raise self._connection.translate(e, "open a search snapshot") from None
            except (os_errors.TransportError, KeyError) as e:
                log.warning("point-in-time search unavailable (%s); searching the live index", type(e).__name__)
                self._pit_supported = False
        return self._pit_id

    def drop(self) -> None:
        pit_id, self._pit_id = self._pit_id, None
        if pit_id is not None:
            # A snapshot that cannot be deleted expires by itself.
            with contextlib.suppress(os_errors.TransportError):
                self._client.delete_pit(body={"pit_id": [pit_id]})

    def search(self, body: JSON, what: str, pipeline: str | None = None) -> JSON:
        if pipeline is not None:
            return self._connection.call(
                what,
                lambda: self._client.search(index=self._alias, body=body, params={"search_pipeline": pipeline}),
            )
        pit_id = self._current()
        if pit_id is None:
            return self._connection.call(what, lambda: self._client.search(index=self._alias, body=body))
        with_pit = {**body, "pit": {"id": pit_id, "keep_alive": _PIT_KEEP_ALIVE}}
        try:
            return self._connection.call(what, lambda: self._client.search(body=with_pit))
        except BackendError as e:
            if "search_context_missing" not in str(e) and "point in time" not in str(e).lower():
                raise
            # The snapshot expired: take a new one and ask again.
            self._pit_id = None
            return self.search(body, what)

    def result_window(self) -> int:
        """The index's max_result_window: the deepest one search request may read."""
        if self._window is None:
            try:
                found = self._client.indices.get_settings(
                    index=self._alias,
                    name="index.max_result_window",
                    params={"include_defaults": "true", "flat_settings": "true"},
                )
                values = [
                    int(part.get(kind, {}).get("index.max_result_window", RESULT_WINDOW))
                    for part in found.values()
                    for kind in ("settings", "defaults")
                    if "index.max_result_window" in part.get(kind, {})
                ]
                self._window = min(values) if values else RESULT_WINDOW
            except (os_errors.TransportError, ValueError, AttributeError):
                self._window = RESULT_WINDOW
        return self._window


def hits_of(response: JSON) -> list[JSON]:
    hits = response.get("hits", {}).get("hits", [])
    return list(hits) if isinstance(hits, list) else []


def total_of(response: JSON) -> int:
    total = response.get("hits", {}).get("total", 0)
    return int(total.get("value", 0)) if isinstance(total, dict) else int(total)


def score_of(hit: JSON) -> float:
    score = hit.get("_score")
    return float(score) if score is not None else 0.0
