"""`foi serve` as a team runs it: a real uvicorn server on loopback, keys made with `foi keys`, and
the issue's check: a key's search answers what `foi search --json` answers for its collections."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import PROJECT
from tests.ui.conftest import free_port

pytestmark = pytest.mark.slow
LETTERS = {
    "public": ("met-police-e-scooter-seizures-cost-limit.txt", "nhs-england-panel-attendees-names-withheld.txt"),
    "embargo": ("ico-xss-breach-reports-not-held.txt", "west-midlands-police-anpr-locations.txt"),
}


def _foi(environment: dict[str, str], *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *arguments], env=environment, capture_output=True, text=True, cwd=PROJECT
    )
    assert not check or done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("serve")
    environment = {**os.environ, "FOI_STATE_DIR": str(root / "state"), "HF_HUB_OFFLINE": "1"}
    for collection, names in LETTERS.items():
        folder = root / collection
        folder.mkdir()
        for name in names:
            shutil.copy(PROJECT / "sample_corpus" / name, folder / name)
        _foi(environment, "ingest", str(folder), "--index", str(root / "index"), "--collection", collection)
    return root / "index", environment


@pytest.fixture(scope="module")
def server(index: tuple[Path, dict[str, str]]) -> Iterator[str]:
    folder, environment = index
    port = free_port()
    command = [sys.executable, "-m", "cli.main", "serve", "--index", str(folder), "--port", str(port)]
    # Small limits, for the upload tests: 1 MB a file, 7 MB an archive's content.
    limits = {"FOI_MAX_FILE_MB": "1", "FOI_MAX_ARCHIVE_MB": "7"}
    process = subprocess.Popen(
        command, env={**environment, **limits}, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("foi serve did not answer /health within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_keys_search_is_foi_search_within_its_collections(index: tuple[Path, dict[str, str]], server: str) -> None:
    folder, environment = index
    made = _foi(environment, "keys", "create", "--index", str(folder), "--name", "desk", "--collection", "public")
    key = made.stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {key}"}
    for query, group in (("exemption:s40", "document"), ("cost limit", "request")):
        got = httpx.get(f"{server}/search", params={"q": query, "group": group}, headers=headers, timeout=60)
        assert got.status_code == 200, got.text
        cli = _foi(
            environment, "search", query, "--index", str(folder), "--collection", "public", "--group", group, "--json"
        )
        expected = json.loads(cli.stdout)
        assert [hit["document_id"] for hit in got.json()["hits"]] == [hit["document_id"] for hit in expected["hits"]]
        assert {**got.json(), "took_ms": 0} == {**expected, "took_ms": 0}
    everything = _foi(environment, "search", "", "--index", str(folder), "--mode", "keyword", "--json")
    assert {hit["collection"] for hit in json.loads(everything.stdout)["hits"]} == {"public", "embargo"}
    mine = httpx.get(f"{server}/search", params={"mode": "keyword"}, headers=headers, timeout=60).json()
    assert {hit["collection"] for hit in mine["hits"]} == {"public"} and mine["total"] == 2


def test_keys_are_listed_without_secrets_and_revoked_at_once(index: tuple[Path, dict[str, str]], server: str) -> None:
    folder, environment = index
    made = _foi(environment, "keys", "create", "--index", str(folder), "--name", "temp", "--all-collections")
    key = made.stdout.strip().splitlines()[-1]
    assert httpx.get(f"{server}/status", headers={"Authorization": f"Bearer {key}"}).json()["documents"] == 4
    listed = json.loads(_foi(environment, "keys", "list", "--index", str(folder), "--json").stdout)
    temp = next(row for row in listed if row["name"] == "temp")
    assert temp["collections"] is None and temp["revoked_at"] is None and key.split("_", 2)[2] not in json.dumps(listed)
    _foi(environment, "keys", "revoke", "--index", str(folder), temp["id"])
    refused = httpx.get(f"{server}/status", headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 401 and refused.json()["message"] == "invalid or revoked API key"
    again = _foi(environment, "keys", "revoke", "--index", str(folder), temp["id"], check=False)
    assert again.returncode != 0 and "already revoked" in again.stderr


def test_auth_off_is_refused_off_loopback(index: tuple[Path, dict[str, str]]) -> None:
    folder, environment = index
    refused = _foi(
        {**environment, "FOI_AUTH": "off"}, "serve", "--index", str(folder), "--host", "0.0.0.0", check=False
    )
    assert refused.returncode != 0 and "loopback address only" in refused.stderr


def _key(index: tuple[Path, dict[str, str]], *options: str) -> dict[str, str]:
    folder, environment = index
    made = _foi(environment, "keys", "create", "--index", str(folder), *options)
    return {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}


def test_an_editor_uploads_into_its_collection_and_a_job_reports_it(
    index: tuple[Path, dict[str, str]], server: str, tmp_path: Path
) -> None:
    editor = _key(index, "--name", "uploader", "--role", "editor", "--collection", "newsroom")
    newsroom = _key(index, "--name", "newsroom reader", "--collection", "newsroom")
    public = _key(index, "--name", "public reader", "--collection", "public")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (10 * 1024 * 1024))  # 10 KB that would unpack to 10 MB
    letter = (PROJECT / "sample_corpus" / "birmingham-council-viability-assessment-eir.txt").read_bytes()
    files = [("files", ("../../viability.txt", letter, "text/plain")), ("files", ("bomb.zip", bomb.read_bytes()))]
    posted = httpx.post(f"{server}/ingest", params={"collection": "newsroom"}, files=files, headers=editor, timeout=60)
    assert posted.status_code == 202, posted.text
    job_id = posted.json()["job"]["id"]
    deadline = time.monotonic() + 240
    while (job := httpx.get(f"{server}/jobs/{job_id}", headers=editor).json()["job"])["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.5)
    assert job["state"] == "done" and job["done_files"] == 2, job
    report = job["report"]
    assert sorted(Path(path).name for path in report["indexed"]) == ["000-viability.txt", "001-bomb.zip"]
    assert any("archive bomb" in reason for _, _, reason in report["member_problems"]), report
    found = httpx.get(f"{server}/search", params={"q": "viability assessment", "mode": "keyword"}, headers=newsroom)
    assert found.json()["total"] == 1 and found.json()["hits"][0]["collection"] == "newsroom"
    hidden = httpx.get(f"{server}/search", params={"q": "viability assessment", "mode": "keyword"}, headers=public)
    assert hidden.json()["total"] == 0
    assert (
        httpx.get(
            f"{server}/jobs/{job_id}",
            headers=_key(index, "--name", "other", "--role", "editor", "--collection", "newsroom"),
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "collection", "size", "status", "says"),
    [
        ("", "newsroom", 10, 401, "send an API key"),
        ("reader", "newsroom", 10, 403, "needs the editor role"),
        ("editor", "public", 10, 403, "may not add to collection 'public'"),
        ("editor", "newsroom", 2 * 1024 * 1024, 413, "over 1 MB (FOI_MAX_FILE_MB)"),
        ("editor", "Not OK", 10, 400, "collection name"),
    ],
)
def test_uploads_that_may_not_be_ingested_are_refused(
    index: tuple[Path, dict[str, str]], server: str, role: str, collection: str, size: int, status: int, says: str
) -> None:
    headers = _key(index, "--name", "try", "--role", role, "--collection", "newsroom") if role else {}
    files = [("files", ("letter.txt", b"x" * size, "text/plain"))]
    refused = httpx.post(f"{server}/ingest", params={"collection": collection}, files=files, headers=headers)
    assert refused.status_code == status and says in refused.json()["message"], refused.text


def test_a_query_of_100_kb_gets_a_json_400(index: tuple[Path, dict[str, str]], server: str) -> None:
    """Through the real server (a client library may refuse such a URL itself)."""
    headers = _key(index, "--name", "long", "--collection", "public")
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request("GET", "/search?q=" + "x" * 100_000, headers=headers)
    answer = connection.getresponse()
    assert answer.status == 400
    assert json.loads(answer.read())["message"] == "q is 100,000 characters long; at most 2,000 are searched"
