"""The ONNX int8 encoder: a real export of the packaged model, compared with torch fp32."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import main
from core.embed import (
    FastStartEncoder,
    SentenceTransformerEncoder,
    make_encoder,
    make_query_encoder,
)
from core.embed_onnx import OnnxEncoder
from core.errors import SettingsError
from core.model_packages import packaged_model_path
from core.settings import Settings
from tests.conftest import SHARED

pytestmark = pytest.mark.slow

PASSAGES = [
    "The information is exempt under section 40(2) because it is the personal data of third parties.",
    "We do not hold the information you asked for about speed cameras on the A41.",
    "Complying with your request would exceed the appropriate cost limit of 450 pounds under section 12.",
    "The force neither confirms nor denies that it holds information about covert surveillance.",
    "Please find attached the contract with the supplier for the new waste collection vehicles.",
]
QUERIES = [
    "names of staff withheld as personal data",
    "no records exist of traffic enforcement cameras",
    "too expensive to answer the request",
    "refuse to confirm whether surveillance took place",
    "agreement for refuse lorries",
]


@pytest.fixture(scope="module")
def onnx_encoder(tmp_path_factory: pytest.TempPathFactory) -> OnnxEncoder:
    settings = Settings(state_dir=tmp_path_factory.mktemp("state"), embedding_backend="onnx-int8")
    encoder = make_encoder(settings)
    assert isinstance(encoder, OnnxEncoder)
    return encoder


def test_int8_vectors_stay_close_to_fp32(onnx_encoder: OnnxEncoder, encoder: SentenceTransformerEncoder) -> None:
    int8 = onnx_encoder.encode(PASSAGES + QUERIES)
    fp32 = encoder.encode(PASSAGES + QUERIES)
    assert int8.dtype == np.float32 and int8.shape == fp32.shape == (10, 384)
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    cosine = (int8 * fp32).sum(axis=1)
    assert cosine.min() > 0.97, cosine
    assert onnx_encoder.name == "all-MiniLM-L6-v2 (onnx int8)" != encoder.name
    assert onnx_encoder.encode([]).shape == (0, 384)


def test_texts_batched_by_length_come_back_in_their_order(tmp_path: Path) -> None:
    """Batches group texts of like length (less padding); each vector still lands at its text's place.
    fp32, whose vectors do not depend on their batch (int8 quantises each batch's activations)."""
    texts = [PASSAGES[2], QUERIES[4], PASSAGES[0] * 3, QUERIES[1], PASSAGES[4]]
    in_pairs = OnnxEncoder(packaged_model_path(), "all-MiniLM-L6-v2", tmp_path, batch_size=2, precision="fp32")
    torch_fp32 = SentenceTransformerEncoder(precision="fp32")
    np.testing.assert_allclose(in_pairs.encode(texts), torch_fp32.encode(texts), atol=1e-5)


def test_a_model_without_segment_inputs_exports_and_encodes(tmp_path: Path) -> None:
    """MPNet (all-mpnet-base-v2) and RoBERTa have no token_type_ids: their export takes two inputs, and
    the encoder feeds what the export declares. A small MPNet of random weights stands in for the 420 MB one."""
    from transformers import MPNetConfig, MPNetModel

    model_path = tmp_path / "small-mpnet"
    config = MPNetConfig(
        vocab_size=30527, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64
    )
    MPNetModel(config).save_pretrained(model_path)
    shutil.copy(packaged_model_path() / "tokenizer.json", model_path / "tokenizer.json")
    encoder = OnnxEncoder(model_path, "small-mpnet", tmp_path / "models", batch_size=2)
    vectors = encoder.encode([PASSAGES[0], QUERIES[0], PASSAGES[1] * 2])
    assert vectors.shape == (3, 32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_int8_ranks_each_query_to_its_passage_as_fp32_does(
    onnx_encoder: OnnxEncoder, encoder: SentenceTransformerEncoder
) -> None:
    def best_passages(vectors: np.ndarray) -> list[int]:
        passages, queries = vectors[: len(PASSAGES)], vectors[len(PASSAGES) :]
        return [int(index) for index in (queries @ passages.T).argmax(axis=1)]

    int8_ranking = best_passages(onnx_encoder.encode(PASSAGES + QUERIES))
    assert int8_ranking == best_passages(encoder.encode(PASSAGES + QUERIES)) == list(range(len(QUERIES)))


def test_the_export_is_made_once_and_reused(onnx_encoder: OnnxEncoder) -> None:
    onnx_encoder.encode(["warm up"])
    exported = onnx_encoder.onnx_path.stat()
    settings = Settings(state_dir=onnx_encoder.onnx_path.parents[1], embedding_backend="onnx-int8")
    again = make_encoder(settings)
    assert isinstance(again, OnnxEncoder) and again.onnx_path == onnx_encoder.onnx_path
    np.testing.assert_allclose(again.encode(["warm up"]), onnx_encoder.encode(["warm up"]), atol=1e-6)
    assert onnx_encoder.onnx_path.stat().st_mtime_ns == exported.st_mtime_ns
    assert not list(onnx_encoder.onnx_path.parent.glob(".export-*"))


def test_an_unknown_backend_is_named_in_the_error() -> None:
    with pytest.raises(SettingsError, match="FOI_EMBEDDING_BACKEND='tensorrt' is not one of torch, onnx-int8"):
        Settings.from_env({"FOI_EMBEDDING_BACKEND": "tensorrt"})


def test_ingest_and_search_with_the_int8_backend(onnx_encoder: OnnxEncoder, tmp_path: Path) -> None:
    env = {"FOI_EMBEDDING_BACKEND": "onnx-int8", "FOI_STATE_DIR": str(onnx_encoder.onnx_path.parents[1])}
    index = str(tmp_path / "index")
    runner = CliRunner()
    seeds = str(SHARED / "corpus" / "seeds")
    ingested = runner.invoke(main, ["ingest", seeds, "--index", index, "--json"], env=env)
    assert ingested.exit_code == 0, ingested.output
    assert json.loads(ingested.stdout.strip().splitlines()[-1])["embeddings_computed"] > 0
    query = "police refuse to confirm or deny holding surveillance information"
    found = runner.invoke(main, ["search", query, "--index", index, "--mode", "semantic", "--json"], env=env)
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["hits"], found.stdout
    # An index records its encoder: fp32 vectors are never mixed into an int8 index.
    mixed = runner.invoke(main, ["ingest", seeds, "--index", index, "--force"], env={"FOI_EMBEDDING_BACKEND": "torch"})
    assert mixed.exit_code != 0 and "onnx int8" in mixed.output


def test_a_refused_query_export_is_not_tried_again(tmp_path: Path, encoder: SentenceTransformerEncoder) -> None:
    query_encoder = make_query_encoder(Settings(state_dir=tmp_path))
    assert isinstance(query_encoder, FastStartEncoder)
    refused = query_encoder.export_path.with_suffix(".refused")
    refused.parent.mkdir(parents=True)
    refused.write_text("its vectors differ from PyTorch's")
    np.testing.assert_array_equal(query_encoder.encode(QUERIES), encoder.encode(QUERIES))
    assert not query_encoder.export_path.exists()
