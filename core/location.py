"""Where an index lives: a folder (the embedded backend) or an OpenSearch URL, resolved by one rule."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from core.settings import Settings

DEFAULT_INDEX_FOLDER = "foi-index"


def is_url(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def is_loopback_host(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1): reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class IndexLocation:
    """One index's place, and the folder of its ingest ledger and embedding cache.

    Built by `resolve`, the one rule that the CLI, the UI, the client and the benchmarks share.
    """

    target: str
    ledger_folder: Path

    @classmethod
    def resolve(cls, location: str | Path | IndexLocation | None, settings: Settings) -> IndexLocation:
        """The location given (an --index option), else FOI_INDEX_DIR (a folder or a URL), else
        FOI_OPENSEARCH_URL, else ./foi-index."""
        if isinstance(location, IndexLocation):
            return location
        given = str(location).strip() if location is not None else ""
        target = given or settings.index_dir.strip() or settings.opensearch_url.strip() or DEFAULT_INDEX_FOLDER
        if not is_url(target):
            return cls(target, Path(target))
        # An OpenSearch index keeps its ledger in FOI_STATE_DIR, in a folder named after the cluster and index.
        parts = urlsplit(target)
        name = re.sub(r"[^A-Za-z0-9.-]+", "-", f"{parts.hostname}-{parts.port or ''}-{settings.opensearch_index}")
        return cls(target, settings.state_dir / name.strip("-"))

    @property
    def is_url(self) -> bool:
        return is_url(self.target)

    def __str__(self) -> str:
        return self.target
