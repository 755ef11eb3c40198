"""Extraction makes no network connection: no spaCy model download, no telemetry.

The check runs in a fresh interpreter (so the audit hook is the first thing installed
and no earlier import has loaded a model) with the opt-out variables removed from the
environment, to prove that the package itself sets them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import ingest.extract  # noqa: F401  (installs the spaCy loader before unstructured is used)
from tests.conftest import PROJECT
from tests.extract.conftest import DERIVED, WDTK, shared_file

_PROBE = r"""
import ipaddress, json, sys

attempts = []

def _loopback(host):
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False

def audit(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple) and not _loopback(args[1][0]):
        attempts.append(f"connect {args[1]!r}")
        raise OSError("network disabled by the offline test")
    if event == "socket.getaddrinfo" and not _loopback(args[0] if isinstance(args[0], str) else None):
        attempts.append(f"resolve {args[0]!r}")
        raise OSError("network disabled by the offline test")

sys.addaudithook(audit)

import os
from pathlib import Path
import spacy.util
from ingest.extract import extract
from core.settings import Settings

results = {}
for name in sys.argv[1:]:
    extraction = extract(Path(name), Settings())
    results[Path(name).name] = {"blocks": len(extraction.blocks), "text": extraction.text}
print(json.dumps({
    "attempts": attempts,
    "results": results,
    "do_not_track": os.environ.get("DO_NOT_TRACK"),
    "real_model_installed": spacy.util.is_package("en_core_web_sm"),
}))
"""


def test_extraction_makes_no_network_connection() -> None:
    pdf = shared_file(DERIVED / "000-hmicfrs-letter.pdf")
    page = shared_file(WDTK / "1399669.html")
    mail = shared_file(DERIVED / "000-hmicfrs-response-with-attachment.eml")
    env = {k: v for k, v in os.environ.items() if k not in {"DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "HF_HUB_OFFLINE"}}
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, str(pdf), str(page), str(mail)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["do_not_track"] == "1"
    # The download path is the one unstructured takes without our fix: prove the fix, not luck.
    assert report["real_model_installed"] is False
    letter = report["results"][pdf.name]
    assert letter["blocks"] > 50 and "Ref: FOI 2019-26" in letter["text"]
    assert "Chapel-en-le-Frith" in report["results"][page.name]["text"]
    assert "Please find attached a letter" in report["results"][mail.name]["text"]


def test_packaged_spacy_model_is_the_one_unstructured_uses() -> None:
    from unstructured.nlp import tokenize

    nlp = tokenize._load_spacy_model()
    assert nlp.meta["name"].startswith("core_web_sm") and nlp.meta["version"] == "3.8.0"
    # unstructured's exclusions still apply: only what sentence splitting and tagging need is loaded.
    assert "parser" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert tokenize.sent_tokenize("Dear Sir. We hold the information.") == ["Dear Sir.", "We hold the information."]
