"""A search from the command line imports only what it uses: no model stack for a keyword
search, no torch for a hybrid one once the query encoder's ONNX export exists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.embed import BF16_MIN_COSINE, FastStartEncoder, SentenceTransformerEncoder, make_query_encoder
from core.embed_onnx import FP32_TOLERANCE
from core.settings import Settings

PROJECT = Path(__file__).resolve().parents[2]
LETTERS = ("met-police-e-scooter-seizures-cost-limit.txt", "ico-xss-breach-reports-not-held.txt")
Completed = subprocess.CompletedProcess[str]
# datasketch brings scipy: only an ingest that compares texts (round-robin campaigns, copies) loads it.
HEAVY = ("torch", "transformers", "sentence_transformers", "unstructured", "spacy", "datasketch", "scipy")


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("cold")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in LETTERS:
        shutil.copy(PROJECT / "sample_corpus" / name, corpus / name)
    environment = {**os.environ, "FOI_STATE_DIR": str(root / "state"), "HF_HUB_OFFLINE": "1"}
    index = root / "index"
    done = _foi(["ingest", str(corpus), "--index", str(index), "--json"], environment)
    assert json.loads(done.stdout.splitlines()[-1])["failed"] == []
    return index, environment


def _foi(arguments: list[str], environment: dict[str, str], importtime: bool = False) -> Completed:
    flags = ["-X", "importtime"] if importtime else []
    command = [sys.executable, *flags, "-m", "cli.main", *arguments]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False, cwd=PROJECT)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _imported(stderr: str) -> set[str]:
    """Top-level package names from `python -X importtime`'s report."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["status"],
        ["failures"],
        ["search", "e-scooters seized", "--mode", "keyword", "--json"],
    ],
    ids=["help", "status", "failures", "keyword-search"],
)
def test_commands_that_need_no_model_import_no_model_stack(
    small_index: tuple[Path, dict[str, str]], arguments: list[str]
) -> None:
    index, environment = small_index
    index_option = [] if arguments == ["--help"] else ["--index", str(index)]
    done = _foi([*arguments, *index_option], environment, importtime=True)
    imported = _imported(done.stderr)
    assert "click" in imported, "importtime report not parsed"
    assert not imported & set(HEAVY), f"imported {sorted(imported & set(HEAVY))}"


def test_a_hybrid_search_runs_without_torch_and_ranks_as_torch_does(small_index: tuple[Path, dict[str, str]]) -> None:
    index, environment = small_index
    query = ["search", "how many electric scooters did the police take", "--index", str(index), "--json"]
    fast = _foi(query, environment, importtime=True)
    assert not _imported(fast.stderr) & {"torch", "transformers", "sentence_transformers"}
    # The ingest encoder in fp32: where the CPU has bfloat16 units it would otherwise run in bf16.
    reference = _foi(query, {**environment, "FOI_QUERY_ENCODER": "ingest", "FOI_EMBEDDING_PRECISION": "fp32"})
    hits, reference_hits = json.loads(fast.stdout)["hits"], json.loads(reference.stdout)["hits"]
    assert hits and [hit["document_id"] for hit in hits] == [hit["document_id"] for hit in reference_hits]
    assert [hit["score"] for hit in hits] == pytest.approx([hit["score"] for hit in reference_hits], abs=1e-4)


def test_the_query_encoder_gives_the_ingest_encoders_vectors(
    small_index: tuple[Path, dict[str, str]], encoder: SentenceTransformerEncoder
) -> None:
    """PyTorch's fp32 vectors to 1e-5, and the ingest encoder's (bf16 where the CPU has the units)
    to the cosine that bf16 is held to."""
    _, environment = small_index
    query_encoder = make_query_encoder(Settings(state_dir=Path(environment["FOI_STATE_DIR"])))
    assert isinstance(query_encoder, FastStartEncoder) and query_encoder.name == encoder.name
    texts = ["neither confirm nor deny", "The cost of compliance exceeds the appropriate limit of £450."]
    fp32 = SentenceTransformerEncoder(precision="fp32")
    assert np.abs(query_encoder.encode(texts) - fp32.encode(texts)).max() <= FP32_TOLERANCE
    assert (query_encoder.encode(texts) * encoder.encode(texts)).sum(axis=1).min() >= BF16_MIN_COSINE


def test_the_ingest_encoder_answers_queries_when_asked(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path, query_encoder="ingest")
    assert isinstance(make_query_encoder(settings), SentenceTransformerEncoder)
