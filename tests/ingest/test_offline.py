"""No outbound network connection while ingesting or searching.

Every Python process of the run (the CLI and its spawned extraction workers)
loads a sitecustomize module that installs an audit hook: a connection or a
name lookup for a non-loopback address is written to a file and refused. The
run must then succeed with an empty file: the PDF's text comes out with the
network unavailable (unstructured's spaCy model is not downloaded).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED

pytestmark = pytest.mark.slow

_HOOK = """
import ipaddress, os, sys

_LOG = os.environ["FOI_TEST_NETWORK_LOG"]

def _is_local(host):
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False

def _audit(event, args):
    host = None
    if event == "socket.connect" and isinstance(args[1], tuple):
        host = args[1][0]
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if isinstance(host, bytes):
        host = host.decode()
    if not _is_local(host):
        with open(_LOG, "a") as log:
            log.write(f"{os.getpid()} {event} {host}\\n")
        raise OSError(f"network access to {host} refused by the test")

sys.addaudithook(_audit)
"""


def test_ingest_and_search_make_no_outbound_connection(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(_HOOK)
    log = tmp_path / "network.log"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")]),
        "FOI_TEST_NETWORK_LOG": str(log),
    }
    for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "DO_NOT_TRACK"):
        environment.pop(variable, None)  # the product must set what it needs itself
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000-hmicfrs-letter.pdf", "000-hmicfrs-response-with-attachment.eml"):
        (corpus / name).write_bytes((SHARED / "corpus" / "derived" / name).read_bytes())
    index = tmp_path / "index"
    cli = [sys.executable, "-m", "cli.main"]
    ingest = subprocess.run(
        [*cli, "ingest", str(corpus), "--index", str(index), "--json"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    report = json.loads(ingest.stdout.strip().splitlines()[-1])
    assert len(report["indexed"]) == 2 and report["failed"] == []
    search = subprocess.run(
        [*cli, "search", "police officers abusing their position", "--index", str(index), "--json"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert search.returncode == 0, search.stderr[-3000:]
    hits = json.loads(search.stdout)["hits"]
    assert any(hit["source_path"].endswith(".pdf") for hit in hits), "the PDF's text was not indexed"
    assert not log.exists(), f"outbound network access attempted:\n{log.read_text()}"
