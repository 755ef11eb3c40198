"""ONNX Runtime encoders of the same model: int8 for ingestion (about 1.6x faster than fp32 on
these CPUs) and fp32 for queries (the same vectors as PyTorch, without importing torch).

The packaged model ships PyTorch weights only, so the first use exports it
(TorchScript exporter, mean pooling and L2 normalisation inside the graph); the int8
form then has its weights quantised per channel with onnxruntime's dynamic quantiser.
Each export is kept under FOI_STATE_DIR/models, keyed by the model's weights, and
reused by every later run. Measured speed, cosine to fp32 and retrieval quality:
README and docs/relevance.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from core.errors import EncoderError

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Encoding, Tokenizer

# The model's inputs, and the tokenizers.Encoding attribute that feeds each.
_ENCODING_FIELDS = {"input_ids": "ids", "attention_mask": "attention_mask", "token_type_ids": "type_ids"}
_INPUTS = tuple(_ENCODING_FIELDS)
# Word pieces in one batch, padding included. A batch of long texts costs attention memory that
# grows with its size: on these CPUs int8 ran 256-piece chunks at 35 chunks/s in batches of 32,
# 56-61 in batches of 512-1,024 pieces, 36 at 4,096 (benchmarks/ingest_bench.py --embedding-only).
BATCH_TOKENS = 512
# all-MiniLM-L6-v2 was trained on 128 word pieces and sentence-transformers cuts at 256.
_DEFAULT_MAX_TOKENS = 256
INT8 = "int8"
FP32 = "fp32"
# How far an fp32 export may stray from PyTorch's vectors (per coordinate) and still stand in for it.
FP32_TOLERANCE = 1e-5


class OnnxEncoder:
    """Loads (and on first use exports) lazily, like SentenceTransformerEncoder."""

    def __init__(
        self, model_path: Path, model_name: str, cache_dir: Path, batch_size: int = 32, precision: str = INT8
    ) -> None:
        if precision not in (INT8, FP32):
            raise EncoderError(f"ONNX precision must be {INT8} or {FP32}, got {precision!r}")
        self._model_path = model_path
        self._model_name = model_name
        self._cache_dir = cache_dir
        self._batch_size = batch_size
        self.precision = precision

    @property
    def name(self) -> str:
        # int8 vectors differ from fp32 ones: the embedding cache and the index record never mix
        # the two. An fp32 export gives PyTorch's vectors (checked at export), so it keeps the name.
        return f"{self._model_name} (onnx int8)" if self.precision == INT8 else self._model_name

    @property
    def dimension(self) -> int:
        shape = self._session.get_outputs()[0].shape
        if not isinstance(shape[-1], int):
            raise EncoderError(f"the ONNX model {self.onnx_path} does not declare its embedding dimension")
        return shape[-1]

    @cached_property
    def onnx_path(self) -> Path:
        return self._cache_dir / f"{_fingerprint(self._model_path)}-{self.precision}.onnx"

    @property
    def exported(self) -> bool:
        """True when the export exists, so that loading needs neither torch nor transformers."""
        return self.onnx_path.is_file()

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        for batch in token_budget_batches([len(encoding.ids) for encoding in encodings], self._batch_size):
            vectors[batch] = self._encode_batch([encodings[index] for index in batch])
        return vectors

    def _encode_batch(self, encodings: list[Encoding]) -> NDArray[np.float32]:
        width = max(len(encoding.ids) for encoding in encodings)
        feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in self._inputs}
        for row, encoding in enumerate(encodings):
            for name in self._inputs:
                values = getattr(encoding, _ENCODING_FIELDS[name])
                feeds[name][row, : len(values)] = values
        try:
            (vectors,) = self._session.run(["embedding"], feeds)
        except Exception as e:  # onnxruntime raises its own unexported exception types
            raise EncoderError(f"encoding {len(encodings)} texts with {self.name} failed: {e}") from e
        result: NDArray[np.float32] = vectors
        return result

    @cached_property
    def _inputs(self) -> tuple[str, ...]:
        # A model without segment embeddings (MPNet, RoBERTa) exports without token_type_ids.
        names = tuple(node.name for node in self._session.get_inputs())
        unknown = [name for name in names if name not in _ENCODING_FIELDS]
        if unknown:
            raise EncoderError(f"the ONNX model {self.onnx_path} takes inputs no tokenizer gives: {', '.join(unknown)}")
        return names

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(self._model_path / "tokenizer.json"))
        except Exception as e:  # tokenizers raises a bare Exception on a missing or bad file
            raise EncoderError(f"cannot load the tokenizer of {self._model_path}: {e}") from e
        tokenizer.enable_truncation(_max_tokens(self._model_path))
        # Each batch is padded to its own longest text (with zeros: [PAD] is id 0); the packaged
        # tokenizer.json would pad every text to 128.
        tokenizer.no_padding()
        return tokenizer

    @cached_property
    def _session(self) -> onnxruntime.InferenceSession:
        import onnxruntime

        if not self.onnx_path.is_file():
            export_onnx(self._model_path, self.onnx_path, self.precision)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3
        try:
            return onnxruntime.InferenceSession(str(self.onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime's errors are not importable types
            raise EncoderError(f"cannot load the ONNX model {self.onnx_path}: {e}; delete it to re-export") from e


def token_budget_batches(lengths: list[int], max_texts: int, budget: int = BATCH_TOKENS) -> list[list[int]]:
    """Indexes of the texts grouped by length, each group padded to its longest text within
    `budget` word pieces (a longer single text is a batch on its own) and at most `max_texts`."""
    batches: list[list[int]] = []
    current: list[int] = []
    for index in sorted(range(len(lengths)), key=lambda position: lengths[position]):
        # Sorted by length, so the text being added is the batch's longest: it sets the padding.
        if current and ((len(current) + 1) * lengths[index] > budget or len(current) == max_texts):
            batches.append(current)
            current = []
        current.append(index)
    return [*batches, current] if current else batches


def export_onnx(model_path: Path, target: Path, precision: str = INT8) -> None:
    """Export a sentence-transformers BERT model with mean pooling to an ONNX file, its weights
    quantised to int8 or kept in fp32 (then checked against PyTorch's own vectors)."""
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel

        from core.embed import quiet_transformers
    except ImportError as e:
        raise EncoderError(f"the ONNX encoder needs torch, transformers and onnxruntime: {e}") from e
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as scratch:
        fp32 = Path(scratch) / "fp32.onnx"
        int8 = Path(scratch) / "int8.onnx"
        quiet_transformers()
        try:
            model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()
            sample = {name: torch.ones((2, 8), dtype=torch.int64) for name in _INPUTS}
            axes: dict[str, Any] = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
            with warnings.catch_warnings():
                # Tracer notes on shape checks that are constant for an encoder without a cache.
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    _with_mean_pooling(model),
                    tuple(sample[name] for name in _INPUTS),
                    str(fp32),
                    input_names=list(_INPUTS),
                    output_names=["embedding"],
                    dynamic_axes={**axes, "embedding": {0: "batch"}},
                    opset_version=17,
                    dynamo=False,
                )
            if precision == INT8:
                # The quantiser logs advice through the root logger, which would also configure it.
                logging.disable(logging.WARNING)
                try:
                    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
                finally:
                    logging.disable(logging.NOTSET)
            else:
                _check_against_torch(fp32, model_path)
        except (OSError, RuntimeError, ValueError) as e:
            raise EncoderError(f"exporting {model_path} to ONNX {precision} failed: {e}") from e
        # Atomic: a concurrent or killed export never leaves a half-written model behind.
        (int8 if precision == INT8 else fp32).replace(target)


def _check_against_torch(onnx_path: Path, model_path: Path) -> None:
    """An fp32 export stands in for PyTorch only if it gives the vectors that ingestion stored."""
    from core.embed import CHECK_TEXTS, SentenceTransformerEncoder

    scratch = OnnxEncoder(model_path, "check", onnx_path.parent, precision=FP32)
    scratch.__dict__["onnx_path"] = onnx_path
    expected = SentenceTransformerEncoder(str(model_path), precision=FP32).encode(CHECK_TEXTS)
    difference = float(np.abs(scratch.encode(CHECK_TEXTS) - expected).max())
    if difference > FP32_TOLERANCE:
        raise ValueError(f"its vectors differ from PyTorch's by up to {difference:.2e} (tolerance {FP32_TOLERANCE})")


def _with_mean_pooling(model: Any) -> Any:
    """Wrap the transformer so the exported graph returns sentence vectors (torch imported lazily)."""
    import torch

    class MeanPooled(torch.nn.Module):
        """The transformer plus sentence-transformers' mean pooling and normalisation."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return MeanPooled(model)


def _fingerprint(model_path: Path) -> str:
    """Changes whenever the weights do, so a new model never reuses an old export."""
    digest = hashlib.sha256(str(model_path.resolve()).encode())
    for weights in sorted(model_path.glob("*.safetensors")) + sorted(model_path.glob("*.bin")):
        stat = weights.stat()
        digest.update(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return f"{model_path.name}-{digest.hexdigest()[:16]}"


def _max_tokens(model_path: Path) -> int:
    config = model_path / "sentence_bert_config.json"
    try:
        return int(json.loads(config.read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return _DEFAULT_MAX_TOKENS
