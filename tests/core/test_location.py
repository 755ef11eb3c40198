"""Where the index is: one rule (IndexLocation.resolve) for the CLI, the UI, the client and the pipeline."""

from __future__ import annotations

from pathlib import Path

from core.location import DEFAULT_INDEX_FOLDER, IndexLocation
from core.settings import Settings

URL = "https://search.example.org:9200"


def test_the_option_wins_then_foi_index_dir_then_the_opensearch_url_then_the_default(tmp_path: Path) -> None:
    both = Settings.from_env({"FOI_INDEX_DIR": str(tmp_path), "FOI_OPENSEARCH_URL": URL})
    assert IndexLocation.resolve("elsewhere", both).target == "elsewhere"
    assert IndexLocation.resolve(None, both).target == str(tmp_path)
    assert IndexLocation.resolve(None, Settings.from_env({"FOI_OPENSEARCH_URL": URL})).target == URL
    assert IndexLocation.resolve(None, Settings.from_env({})).target == DEFAULT_INDEX_FOLDER
    # An empty option (a blank --index) is no option.
    assert IndexLocation.resolve("  ", Settings.from_env({"FOI_OPENSEARCH_URL": URL})).target == URL


def test_a_url_in_foi_index_dir_keeps_its_double_slash() -> None:
    location = IndexLocation.resolve(None, Settings.from_env({"FOI_INDEX_DIR": URL}))
    assert location.target == URL and location.is_url and str(location) == URL


def test_a_folder_keeps_its_ledger_inside_and_an_opensearch_index_under_the_state_dir(tmp_path: Path) -> None:
    folder = IndexLocation.resolve(tmp_path / "index", Settings())
    assert not folder.is_url and folder.ledger_folder == tmp_path / "index"
    settings = Settings(state_dir=tmp_path / "state", opensearch_index="letters")
    remote = IndexLocation.resolve(URL, settings)
    assert remote.ledger_folder == tmp_path / "state" / "search.example.org-9200-letters"
    # Another index on the same cluster keeps its own ledger.
    other = IndexLocation.resolve(URL, Settings(state_dir=tmp_path / "state", opensearch_index="emails"))
    assert other.ledger_folder != remote.ledger_folder


def test_a_resolved_location_passes_through_unchanged(tmp_path: Path) -> None:
    location = IndexLocation.resolve(tmp_path, Settings())
    assert IndexLocation.resolve(location, Settings(index_dir="ignored")) is location
