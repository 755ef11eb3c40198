"""Every field of gold.json for the five real seed documents, through `analyse` on their text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ingest.foi import FoiInput, FoiMetadata, analyse
from tests.foi.gold import check_gold, gold_path, load_gold

SEED_ENTRIES = sorted(name for name in load_gold() if name.startswith("seeds/")) if gold_path("").is_dir() else []


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, Any]]:
    return load_gold()


@pytest.mark.skipif(not SEED_ENTRIES, reason="../shared/corpus is not here")
@pytest.mark.parametrize("name", SEED_ENTRIES)
def test_seed_matches_gold(name: str, gold: dict[str, dict[str, Any]]) -> None:
    text = gold_path(name).read_text(encoding="utf-8")
    metadata = analyse(FoiInput(text=text))
    assert check_gold(gold[name], metadata) == []


@pytest.mark.skipif(not SEED_ENTRIES, reason="../shared/corpus is not here")
def test_every_seed_is_checked() -> None:
    assert len(SEED_ENTRIES) == 5


def test_check_gold_reports_each_kind_of_mismatch() -> None:
    entry = {
        "authority": ["Hertfordshire Constabulary"],
        "not_authority": ["Bedfordshire Police"],
        "references": ["FOI2018/01393"],
        "response_date": "2018-04-09",
        "requester": None,
        "sections": ["s23", "s31"],
        "exemptions_include": ["s23(5)"],
        "exemptions_exclude": ["s1"],
        "outcome": "ncnd",
    }
    wrong = FoiMetadata(
        authority="Bedfordshire Police",
        references=("FOI2018/01394",),
        requester="J Roberts",
        exemptions=("s1", "s31(3)"),
        outcome="refused",
    )
    problems = "\n".join(check_gold(entry, wrong))
    for field in (
        "authority",
        "must not be",
        "references",
        "response_date",
        "requester",
        "sections",
        "s23(5)",
        "s1",
        "outcome",
    ):
        assert field in problems
    right = FoiMetadata(
        authority="Hertfordshire Constabulary",
        references=("FOI2018/01393",),
        exemptions=("s23(5)", "s31(3)"),
        outcome="ncnd",
        response_date=date(2018, 4, 9),
    )
    assert check_gold(entry, right) == []


def test_evidence_names_the_sentence_of_each_field() -> None:
    text = gold_path("seeds/003_f02dea5e3ddfe3ae.txt").read_text(encoding="utf-8") if SEED_ENTRIES else ""
    if not text:
        pytest.skip("../shared/corpus is not here")
    metadata = analyse(FoiInput(text=text))
    assert "neither confirms nor denies" in metadata.evidence["authority"]
    assert metadata.evidence["exemptions:s23(5)"].startswith("Section 23(5)")
    assert "13th March" in metadata.evidence["request_date"]
    assert metadata.evidence["reference"] == "Our Ref: FOI2018/01393"
