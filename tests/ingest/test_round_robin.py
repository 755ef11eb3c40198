"""Round-robin campaigns and copies on the generated round-robin (scripts/make_round_robin.py, seed 1):
the same stop-and-search request answered by 24 police forces in PDF, DOCX and email, look-alike
questions on the same topic to a few more, and three copies of answers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import main
from core.model import Document
from core.settings import Settings
from ingest.foi.authorities import Gazetteer
from search.client import SearchClient
from search.evaluation.grouping import pair_scores
from search.model import Filters
from tests.conftest import RoundRobin

pytestmark = pytest.mark.slow


def _documents(round_robin: RoundRobin) -> dict[str, Document]:
    """The manifest's file -> its top-level document, copies included."""
    client = SearchClient.open(round_robin.index, Settings.from_env())
    try:
        documents = client.browse(Filters(duplicates=True), limit=1000)
    finally:
        client.close()
    return {
        Path(document.source_path).relative_to(round_robin.corpus).as_posix(): document
        for document in documents
        if document.member_path is None
    }


def _cli(*arguments: str) -> Any:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_same_question_is_one_campaign_and_look_alikes_are_not_merged(round_robin: RoundRobin) -> None:
    documents = _documents(round_robin)
    truth = {entry["path"]: entry["campaign"] for entry in round_robin.files()}
    found = {path: documents[path].campaign_id for path in truth}
    scores = pair_scores(truth, found)
    assert scores.precision >= 0.95 and scores.recall >= 0.95, scores
    main_campaigns = {found[entry["path"]] for entry in round_robin.files("main")}
    assert len(main_campaigns) == 1 and None not in main_campaigns
    look_alikes = {found[entry["path"]] for entry in round_robin.files() if entry["campaign"] != "main"}
    assert not look_alikes & main_campaigns


def test_copies_point_at_their_original_and_search_shows_the_original_once(round_robin: RoundRobin) -> None:
    documents = _documents(round_robin)
    copies = [entry for entry in round_robin.files() if entry["duplicate_of"]]
    assert len(copies) == 3
    for entry in copies:
        original = documents[entry["duplicate_of"]]
        assert documents[entry["path"]].duplicate_of == original.id, entry["path"]
        assert documents[entry["path"]].id in original.duplicates
    copy_ids = {documents[entry["path"]].id for entry in copies}
    index = str(round_robin.index)
    shown = json.loads(_cli("search", "stop and search", "--index", index, "--limit", "100", "--json"))
    assert not copy_ids & {hit["document_id"] for hit in shown["hits"]}
    assert any(hit["duplicates"] for hit in shown["hits"])
    everything = json.loads(
        _cli("search", "stop and search", "--index", index, "--limit", "100", "--duplicates", "--json")
    )
    assert copy_ids <= {hit["document_id"] for hit in everything["hits"]}


def test_search_grouped_by_campaign_holds_every_authoritys_answer(round_robin: RoundRobin) -> None:
    found = json.loads(
        _cli("search", "stop and search", "--index", str(round_robin.index), "--group", "campaign", "--json")
    )
    groups = [group for group in found["groups"] if group["campaign_id"]]
    authorities = {entry["authority"] for entry in round_robin.files("main")}
    main_groups = [group for group in groups if authorities <= set(group["authorities"])]
    assert len(main_groups) == 1
    assert len(main_groups[0]["authorities"]) == len(authorities) == 24


def _main_campaign(round_robin: RoundRobin) -> str:
    campaign = _documents(round_robin)[round_robin.files("main")[0]["path"]].campaign_id
    assert campaign is not None
    return campaign


def test_compare_counts_each_authoritys_answer(round_robin: RoundRobin) -> None:
    campaign = _main_campaign(round_robin)
    data = json.loads(_cli("compare", campaign, "--index", str(round_robin.index), "--json"))
    answers = {answer["authority"]: answer for answer in data["answers"]}
    truth = {entry["authority"]: entry for entry in round_robin.files("main") if not entry["duplicate_of"]}
    assert set(answers) == set(truth)
    assert data["outcome_counts"] == dict(Counter(answer["outcome"] for answer in answers.values()))
    right = [name for name in truth if answers[name]["outcome"] == truth[name]["outcome"]]
    assert len(right) >= len(truth) - 1, {name: answers[name]["outcome"] for name in truth if name not in right}
    assert all(answers[name]["response_date"] == truth[name]["response_date"] for name in truth)
    for answer in answers.values():
        assert set(answer["exemption_evidence"]) == set(answer["exemptions"])
    territorial = dict(Gazetteer.default().complete_set_members()["territorial police forces"])
    answered = {entry["authority_id"] for entry in truth.values()}
    assert data["authority_set"] == "territorial police forces"
    assert set(data["not_answered"]) == {name for key, name in territorial.items() if key not in answered}
    assert data["summary"].startswith(f"{data['outcome_counts']['disclosed']} disclosed")

    rows = list(csv.DictReader(io.StringIO(_cli("compare", campaign, "--index", str(round_robin.index), "--csv"))))
    assert {row["authority"] for row in rows} == set(truth)
    text = _cli("compare", campaign, "--index", str(round_robin.index))
    assert "not answered" in text and data["summary"].split(";")[0] in text


def test_an_unknown_campaign_is_a_clear_error(round_robin: RoundRobin) -> None:
    result = CliRunner().invoke(main, ["compare", "cmp-000000000000", "--index", str(round_robin.index)])
    assert result.exit_code == 1
    assert "no campaign with id 'cmp-000000000000'" in result.output


def test_a_new_answer_joins_the_campaign_without_reading_the_others_again(
    round_robin: RoundRobin, tmp_path: Path
) -> None:
    """The first 23 answers, then the 24th: it joins their campaign (same id), and the run reads
    and embeds only the new file."""
    main_files = [entry["path"] for entry in round_robin.files("main")]
    last = sorted(main_files)[-1]
    folder = tmp_path / "main"
    shutil.copytree(round_robin.corpus / "main", folder)
    held_back = tmp_path / Path(last).name
    (folder / Path(last).name).rename(held_back)
    index = str(tmp_path / "index")
    _cli("ingest", str(folder), "--index", index, "--json")
    client = SearchClient.open(index, Settings.from_env())
    before = {document.campaign_id for document in client.browse(Filters(), limit=1000)}
    client.close()
    assert len(before) == 1 and None not in before
    held_back.rename(folder / held_back.name)
    report = json.loads(_cli("ingest", str(folder), "--index", index, "--json").strip().splitlines()[-1])
    assert len(report["indexed"]) == 1 and len(report["unchanged"]) == 23
    client = SearchClient.open(index, Settings.from_env())
    after = client.browse(Filters(), limit=1000)
    client.close()
    assert {document.campaign_id for document in after} == before
    assert len({document.authority_id for document in after}) == 24
