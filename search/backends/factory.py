"""One way for the CLI, the pipeline and the client to open either backend by location.

A location is a folder (the embedded backend) or an http(s) URL (OpenSearch, the
index named by FOI_OPENSEARCH_INDEX).
"""

from __future__ import annotations

from pathlib import Path

from search.backends.base import IndexSpec, SearchBackend
from search.settings import Settings


def is_url(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def open_backend(
    location: str | Path,
    settings: Settings,
    spec: IndexSpec | None = None,
    create: bool = False,
    writable: bool = False,
) -> SearchBackend:
    """Open (or with `create`, create or reopen for writing) the index at `location`.

    `create` needs the spec of the encoder the index is built with; a created
    index is always writable.
    """
    if create and spec is None:
        raise ValueError("creating an index needs its IndexSpec (embedding model and dimension)")
    if is_url(location):
        from search.backends.opensearch.backend import OpenSearchBackend

        if create and spec is not None:
            return OpenSearchBackend.create(str(location), spec, settings)
        return OpenSearchBackend.open(str(location), settings, writable=writable)
    from search.backends.embedded.backend import EmbeddedBackend

    if create and spec is not None:
        return EmbeddedBackend.create(Path(location), spec, settings)
    return EmbeddedBackend.open(Path(location), settings, writable=writable)
