"""One way for the CLI, the pipeline and the client to open either backend by location.

A location is a folder (the embedded backend) or an http(s) URL (OpenSearch, the
index named by FOI_OPENSEARCH_INDEX): core.location.IndexLocation.
"""

from __future__ import annotations

from pathlib import Path

from core.location import IndexLocation
from core.settings import Settings
from search.backends.base import IndexSpec, SearchBackend


def open_backend(
    location: str | Path | IndexLocation,
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
    index = IndexLocation.resolve(location, settings)
    if index.is_url:
        from search.backends.opensearch.backend import OpenSearchBackend

        if create and spec is not None:
            return OpenSearchBackend.create(index.target, spec, settings)
        return OpenSearchBackend.open(index.target, settings, writable=writable)
    from search.backends.embedded.backend import EmbeddedBackend

    if create and spec is not None:
        return EmbeddedBackend.create(Path(index.target), spec, settings)
    return EmbeddedBackend.open(Path(index.target), settings, writable=writable)
