"""End to end on a real OpenSearch node (FOI_OPENSEARCH_URL; scripts/opensearch.sh start): the
real pipeline ingests part of sample_corpus/ through `foi ingest --index URL`, then `foi search`,
`foi show`, `foi status`, `foi eval`, SearchClient and the Streamlit UI read it back; and the
faults a user meets: a node that does not answer, a node stopped in the middle of an ingest, and
documents the node refuses.

Part of the corpus keeps CI fast (embedding runs at ~17 chunks/s on the CI machine, and the
scanned PDF needs OCR): plain text, an email with its spreadsheet attachment, and a Word letter.
Without a node these tests skip, except in CI (CI=true), where they fail."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from cli.main import main
from core.settings import Settings
from search.backends.opensearch.backend import delete_index
from search.client import SearchClient
from search.errors import SearchError
from search.model import Filters
from tests.backends.conftest import opensearch_unavailable_reason, require_opensearch
from tests.conftest import PROJECT

SAMPLE = PROJECT / "sample_corpus"
PART = (
    "met-police-e-scooter-seizures-cost-limit.txt",
    "west-midlands-police-anpr-locations.txt",
    "ico-xss-breach-reports-not-held.txt",
    "kent-police-speeding-fines.eml",
    "dft-journey-time-contract-commercial.docx",
)


@pytest.fixture(scope="module")
def node_url() -> str:
    require_opensearch(opensearch_unavailable_reason())
    return Settings.from_env().opensearch_url


@pytest.fixture
def env(node_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of one user: a fresh index name on the node and a fresh ledger folder."""
    index = f"foi-e2e-{uuid.uuid4().hex[:10]}"
    values = {
        "FOI_OPENSEARCH_URL": node_url,
        "FOI_OPENSEARCH_INDEX": index,
        "FOI_OPENSEARCH_REPLICAS": "0",
        "FOI_STATE_DIR": str(tmp_path / "state"),
        "FOI_INGEST_WORKERS": "1",
    }
    yield values
    delete_index(node_url, replace(Settings.from_env(), opensearch_index=index))


@pytest.fixture
def corpus_part(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in PART:
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def test_ingest_search_show_eval_and_ui_through_the_cli_and_the_client(
    env: dict[str, str], node_url: str, corpus_part: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", str(corpus_part), "--index", node_url], env=env)
    assert ingested.exit_code == 0, ingested.output
    assert f"{len(PART)} indexed" in ingested.output

    again = runner.invoke(main, ["ingest", str(corpus_part), "--index", node_url, "--json"], env=env)
    assert again.exit_code == 0 and len(json.loads(again.stdout)["unchanged"]) == len(PART)

    status = runner.invoke(main, ["status", "--index", node_url, "--json"], env=env)
    assert status.exit_code == 0, status.output

    searched = runner.invoke(
        main, ["search", "section 12 cost limit", "--index", node_url, "--json", "--limit", "3"], env=env
    )
    assert searched.exit_code == 0, searched.output
    data = json.loads(searched.stdout)
    assert set(data) == {"hits", "total", "facets", "warnings", "took_ms"}
    top = data["hits"][0]
    assert Path(top["source_path"]).name == "met-police-e-scooter-seizures-cost-limit.txt"
    assert "<mark>" in top["snippet"] and top["authority"]

    table = runner.invoke(main, ["search", "ANPR camera locations", "--index", node_url, "--mode", "keyword"], env=env)
    assert table.exit_code == 0 and "documents" in table.output and "Traceback" not in table.output
    keyword = runner.invoke(
        main, ["search", "ANPR camera locations", "--index", node_url, "--mode", "keyword", "--json"], env=env
    )
    first = json.loads(keyword.stdout)["hits"][0]
    assert Path(first["source_path"]).name == "west-midlands-police-anpr-locations.txt"

    shown = runner.invoke(main, ["show", "--index", node_url, top["source_path"], "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)

    settings = replace(Settings.from_env(), opensearch_index=env["FOI_OPENSEARCH_INDEX"])
    client = SearchClient.open(node_url, settings)
    try:
        result = client.search("officers refused to say where number plate cameras are")
        assert Path(result.hits[0].document.source_path).name == "west-midlands-police-anpr-locations.txt"
        assert result.facets is not None and result.total >= 1
        assert client.counts().documents >= len(PART)
        similar = client.similar(result.hits[0].document.id, limit=3)
        assert result.hits[0].document.id not in {hit.document.id for hit in similar.hits}
        exported = client.export("police", format="jsonl", mode="keyword")
        assert len(exported.splitlines()) == client.search("police", mode="keyword").total
    finally:
        client.close()
    _eval_and_ui(env, node_url, tmp_path, monkeypatch)


def _eval_and_ui(env: dict[str, str], node_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`foi eval` and the UI read the same index on the node."""
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"qid": "cost", "text": "section 12 cost limit", "relevant": [PART[0]]})
        + "\n"
        + json.dumps({"qid": "anpr", "text": "where the number plate cameras are", "relevant": [PART[1]]})
        + "\n"
    )
    evaluated = CliRunner().invoke(
        main, ["eval", "--index", node_url, "--queries", str(queries), "--modes", "keyword,hybrid", "--json"], env=env
    )
    assert evaluated.exit_code == 0, evaluated.output
    assert "ndcg" in evaluated.stdout.lower()
    for name, value in {**env, "FOI_INDEX_DIR": node_url}.items():
        monkeypatch.setenv(name, value)
    app = AppTest.from_file(str(PROJECT / "ui" / "app.py"), default_timeout=180).run()
    assert not app.exception and not app.error, (app.exception, [e.value for e in app.error])
    app.text_input(key="q").input("ANPR camera locations").run()
    assert not app.exception and not app.error, (app.exception, [e.value for e in app.error])
    page = "\n".join(str(getattr(element, "value", "")) for element in app.get("html"))
    assert "<mark>" in page.lower() and "ANPR" in page


def test_ingest_into_a_node_that_does_not_answer_says_so(tmp_path: Path, corpus_part: Path) -> None:
    """Needs no node: the URL points at a port where nothing listens."""
    env = {"FOI_STATE_DIR": str(tmp_path / "state"), "FOI_OPENSEARCH_RETRIES": "1"}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"  # nothing listens here
    result = CliRunner().invoke(main, ["ingest", str(corpus_part), "--index", url], env=env)
    assert result.exit_code != 0
    assert f"cannot reach OpenSearch at {url}" in result.output and "Traceback" not in result.output


def test_documents_the_node_refuses_fail_in_the_ledger_and_the_rest_is_indexed(
    env: dict[str, str], node_url: str, tmp_path: Path
) -> None:
    from opensearchpy import OpenSearch

    from core.embed import make_encoder
    from search.backends.base import IndexSpec
    from search.backends.opensearch.backend import OpenSearchBackend

    settings = replace(Settings.from_env(), opensearch_index=env["FOI_OPENSEARCH_INDEX"], opensearch_replicas=0)
    encoder = make_encoder(settings)
    OpenSearchBackend.create(node_url, IndexSpec(encoder.name, encoder.dimension), settings).close()
    # The node refuses documents of more than 3 chunks: each is a per-item error in the bulk response.
    raw = OpenSearch(node_url)
    raw.indices.put_settings(
        index=settings.opensearch_index, body={"index": {"mapping": {"nested_objects": {"limit": 3}}}}
    )
    raw.close()
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "short-reply.txt").write_text("Kent Police holds no information about parking permits.\n")
    (folder / "another-reply.txt").write_text("The council refuses the request under section 43(2).\n")
    paragraphs = [f"Paragraph {n} of the annex lists every speed camera on road {n}. " * 12 for n in range(60)]
    (folder / "long-annex.txt").write_text("\n\n".join(paragraphs))

    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", str(folder), "--index", node_url], env=env)
    assert ingested.exit_code == 0, ingested.output  # the run completed; one input failed
    failures = runner.invoke(main, ["failures", "--index", node_url, "--json"], env=env)
    assert failures.exit_code == 0, failures.output
    failed = {Path(row["path"]).name: row for row in json.loads(failures.stdout)}
    assert set(failed) == {"long-annex.txt"}
    assert failed["long-annex.txt"]["status"] == "failed"
    assert "nested" in failed["long-annex.txt"]["reason"]  # the node's own reason
    searched = runner.invoke(main, ["search", "", "--index", node_url, "--json", "--limit", "10"], env=env)
    names = {Path(hit["source_path"]).name for hit in json.loads(searched.stdout)["hits"]}
    assert names == {"short-reply.txt", "another-reply.txt"}


def test_a_node_stopped_mid_ingest_and_restarted_finishes_the_job(node_url: str, tmp_path: Path) -> None:
    """On a node of its own (this test stops it): the run that loses the node fails naming the URL,
    and after a restart the next run finishes the job, every letter indexed once."""
    node_env = {**os.environ, "FOI_OPENSEARCH_HOME": str(tmp_path / "node"), "FOI_OPENSEARCH_PORT": "9280"}

    def node(command: str) -> str:
        done = subprocess.run(
            ["bash", str(PROJECT / "scripts" / "opensearch.sh"), command],
            env=node_env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    letters = tmp_path / "letters"
    letters.mkdir()
    texts = [name for name in PART if name.endswith(".txt")]
    for number in range(LETTERS):
        name = texts[number % len(texts)]
        (letters / f"{number:02d}-{name}").write_text(f"Letter {number}.\n\n" + (SAMPLE / name).read_text())
    url = node("start")
    try:
        env = {
            **os.environ,
            "FOI_STATE_DIR": str(tmp_path / "state"),
            "FOI_OPENSEARCH_INDEX": "foi-restart",
            "FOI_OPENSEARCH_REPLICAS": "0",
            "FOI_OPENSEARCH_RETRIES": "1",
            "FOI_INGEST_WORKERS": "1",
            "FOI_INGEST_BATCH_DOCUMENTS": "1",
            # The lock of the run that lost its node is taken over once stale (15 minutes by default).
            "FOI_OPENSEARCH_LOCK_TTL_S": "1",
        }
        settings = replace(Settings.from_env(), opensearch_index="foi-restart")
        command = [sys.executable, "-m", "cli.main", "ingest", str(letters), "--index", url]
        first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        _wait_for_documents(url, settings, first, at_least=3)
        node("stop")
        output, _ = first.communicate(timeout=300)
        assert first.returncode != 0 and url in output and "Traceback" not in output, output
        url = node("start")
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        assert second.returncode == 0, second.stdout + second.stderr
        client = SearchClient.open(url, settings)
        try:
            assert client.counts().documents == LETTERS
            everything = Filters(duplicates=True)  # the letters are near-identical: copies of each other
            assert client.search("", mode="keyword", limit=LETTERS, filters=everything).total == LETTERS
        finally:
            client.close()
    finally:
        node("clean")


LETTERS = 40


def _wait_for_documents(url: str, settings: Settings, run: subprocess.Popen[str], at_least: int) -> None:
    """Until the node holds `at_least` documents of the run (it must still be running then)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert run.poll() is None, "the ingest finished before the node could be stopped"
        try:
            client = SearchClient.open(url, settings)
            try:
                if client.counts().documents >= at_least:
                    return
            finally:
                client.close()
        except SearchError:
            pass  # the index is not created yet
        time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} documents indexed after 180 s")
