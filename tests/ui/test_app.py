"""The Streamlit app driven through AppTest over real indexes (real model, real backend)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import Settings
from search.client import SearchClient
from tests.ui.conftest import MetadataIndex
from ui.batch import parse_terms
from ui.export import export_csv, export_json
from ui.state import SearchState

OpenApp = Callable[..., AppTest]
pytestmark = pytest.mark.slow


def result_ids(app: AppTest) -> list[str]:
    return [button.key[len("open_") :] for button in app.button if button.key and button.key.startswith("open_")]


def values(app: AppTest, kind: str) -> list[str]:
    """The text of every element of one kind ("html", "markdown" ...), in page order."""
    return [str(getattr(element, "value", "")) for element in app.get(kind)]


def html_of(app: AppTest) -> str:
    return "\n".join(values(app, "html"))


def no_failure(app: AppTest) -> None:
    assert not app.exception, app.exception
    assert not app.error, [error.value for error in app.error]


# -- searching ------------------------------------------------------------------------


def test_search_over_the_seeds_shows_highlighted_results(open_app: OpenApp, seed_index: Path) -> None:
    app = open_app(seed_index)
    no_failure(app)
    app.text_input(key="q").input('"neither confirms nor denies"').run()
    no_failure(app)
    app.radio(key="mode").set_value("keyword").run()
    no_failure(app)
    assert len(result_ids(app)) == 1
    cards = html_of(app)
    assert "<mark>neither</mark>" in cards.lower() or "<mark>neither confirms nor denies</mark>" in cards.lower()
    summary = values(app, "markdown")[0]
    assert "1 documents" in summary and " ms" in summary
    assert app.query_params["q"] == '"neither confirms nor denies"' and app.query_params["mode"] == "keyword"


def test_results_show_badges_and_snippets(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, q="officers withheld personal information", mode="keyword")
    no_failure(app)
    assert result_ids(app)[0] in {"met-letter", "met-email"}
    card = next(value for value in values(app, "html") if "foi-card" in value)
    for expected in ("Metropolitan Police Service", "2022-03-01", "01.FOI.22.026461", "Partially disclosed", "s40(2)"):
        assert expected in card
    assert "<mark>" in card and "p. 1" in card


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [
        ("authority", "Kent Police", {"kent-anpr", "kent-speeding"}),
        ("exemption", "s31", {"kent-anpr", "herts-ncnd"}),
        ("exemption_detail", "s31(1)(a)", {"kent-anpr"}),
        ("outcome", "refused", {"kent-anpr"}),
        ("type", "docx", {"dft-contract"}),
    ],
)
def test_each_sidebar_filter_narrows_the_results(
    open_app: OpenApp, foi_index: MetadataIndex, widget: str, value: str, expected: set[str]
) -> None:
    app = open_app(foi_index.folder, mode="keyword")
    assert len(result_ids(app)) == 10
    app.multiselect(key=widget).select(value).run()
    no_failure(app)
    assert set(result_ids(app)) == expected
    assert value in app.query_params[widget if widget != "exemption_detail" else "exemption"]


def test_facet_counts_label_the_filters(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, mode="keyword")
    authorities = app.multiselect(key="authority").options
    assert "Metropolitan Police Service (3)" in authorities and "Kent Police (2)" in authorities
    assert "s40 Personal information (2)" in app.multiselect(key="exemption").options
    # Picking one authority keeps the others selectable, with counts over the rest of the search.
    app.multiselect(key="authority").select("Kent Police").run()
    assert "Metropolitan Police Service (3)" in app.multiselect(key="authority").options
    assert app.multiselect(key="outcome").options == ["Disclosed (1)", "Refused (1)"]


def test_date_range_filter(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, mode="keyword")
    app.date_input(key="after").set_value(date(2022, 1, 1)).run()
    app.date_input(key="before").set_value(date(2022, 12, 31)).run()
    no_failure(app)
    assert set(result_ids(app)) == {"met-email", "met-letter", "met-ack", "ico-xss", "parking-8"}
    assert app.query_params["after"] == "2022-01-01" and app.query_params["before"] == "2022-12-31"


def test_pagination_and_sort(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, mode="keyword", sort="newest")
    no_failure(app)
    first_page = result_ids(app)
    assert first_page[0] == "dft-contract"  # 2024, the newest
    assert "page 1 of 2" in values(app, "markdown")[0]
    app.pagination[0].set_value(2).run()
    no_failure(app)
    second_page = result_ids(app)
    assert len(second_page) == 7 and not set(first_page) & set(second_page)
    assert second_page[-1] == "parking-1"  # 2015, the oldest
    assert app.query_params["page"] == "2"
    app.selectbox(key="sort").set_value("oldest").run()
    assert result_ids(app)[0] == "parking-1" and "page" not in app.query_params  # a new sort starts at page 1


def test_url_query_parameters_restore_the_search(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    params = {
        "q": "camera locations",
        "mode": "keyword",
        "authority": ["Kent Police"],
        "exemption": ["s31", "s31(1)(b)"],
        "outcome": ["refused"],
        "after": "2019-01-01",
        "sort": "newest",
    }
    app = open_app(foi_index.folder, **params)
    no_failure(app)
    assert app.text_input(key="q").value == "camera locations"
    assert app.multiselect(key="authority").value == ["Kent Police"]
    assert app.multiselect(key="exemption").value == ["s31"]
    assert app.multiselect(key="exemption_detail").value == ["s31(1)(b)"]
    assert app.date_input(key="after").value == date(2019, 1, 1)
    assert result_ids(app) == ["kent-anpr"]
    # ... and the app writes back the same URL (AppTest gives a parameter with one value as a string).
    assert app.query_params == {
        key: value[0] if isinstance(value, list) and len(value) == 1 else value for key, value in params.items()
    }


def test_a_bookmark_with_nonsense_parameters_still_opens(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, mode="fuzzy", after="2020-13-45", page="x", exemption="nonsense", sort="up")
    no_failure(app)
    assert len(result_ids(app)) == 10
    assert app.query_params == {}


def test_degraded_query_shows_a_warning(open_app: OpenApp, seed_index: Path) -> None:
    app = open_app(seed_index, q='"neither confirms', mode="keyword")
    no_failure(app)
    assert app.warning and result_ids(app)


def test_no_results_suggests_removing_a_filter(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, q="speeding", mode="keyword", outcome="refused")
    no_failure(app)
    assert result_ids(app) == []
    message = app.info[0].value
    assert "No documents match" in message and "Refused" in message
    app.button(key="clear_filters").click().run()
    assert result_ids(app) == ["kent-speeding"] and "outcome" not in app.query_params


def test_empty_index_explains_how_to_ingest(open_app: OpenApp, empty_index: Path) -> None:
    app = open_app(empty_index)
    no_failure(app)
    assert "holds no documents" in app.info[0].value
    assert f"foi ingest PATH/TO/FOI-RESPONSES --index {empty_index}" in app.code[0].value


def test_missing_index_explains_how_to_ingest(open_app: OpenApp, tmp_path: Path) -> None:
    app = open_app(tmp_path / "nowhere")
    no_failure(app)
    assert "no FOI index" in app.info[0].value
    assert "foi ingest" in app.code[0].value


def test_backend_errors_are_messages_not_tracebacks(open_app: OpenApp, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "foi-index.json").write_text("{not json")
    app = open_app(broken)
    assert not app.exception
    assert "search backend reported a problem" in app.error[0].value and "unreadable" in app.error[0].value
    unreachable = open_app("http://127.0.0.1:9")
    assert not unreachable.exception
    assert unreachable.error


# -- the document view ------------------------------------------------------------------


def test_document_view_shows_text_metadata_evidence_family_and_thread(
    open_app: OpenApp, foi_index: MetadataIndex
) -> None:
    app = open_app(foi_index.folder, q="officers withheld", mode="keyword")
    app.button(key="open_met-letter").click().run()
    no_failure(app)
    assert app.query_params["doc"] == "met-letter"
    page = html_of(app)
    assert "Misconduct hearings 2021 response letter" in page
    assert "<mark>officers</mark>" in page and "<mark>withheld</mark>" in page  # the full text, marked
    assert "Third-party personal data" in page  # s40(2) by name
    assert "Names of officers are withheld under section 40(2) personal information." in page  # its evidence
    assert "Date: 1 March 2022" in page
    keys = {button.key or "" for button in app.button}
    assert "parent_open_met-email" in keys  # the email it was attached to
    assert {"request_open_met-email", "request_open_met-ack"} <= keys  # the rest of the request thread
    assert any(key.startswith("similar_open_") for key in keys)
    download = app.get("download_button")
    assert download and download[0].proto.label == "Download original"
    # The parent lists its attachment; the acknowledgement's file is gone and the view says so.
    app.button(key="parent_open_met-email").click().run()
    assert "attachment_open_met-letter" in {button.key for button in app.button}
    app.button(key="request_open_met-ack").click().run()
    no_failure(app)
    assert "no longer at" in app.warning[0].value and not app.get("download_button")
    app.button(key="back_to_results").click().run()
    assert "doc" not in app.query_params and result_ids(app)


def test_document_view_from_a_bookmark_and_a_stale_one(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, doc="kent-anpr")
    no_failure(app)
    assert "ANPR camera locations" in html_of(app)
    stale = open_app(foi_index.folder, doc="not-a-document")
    no_failure(stale)
    assert "no longer in the index" in stale.warning[0].value


def test_script_and_html_in_a_document_are_escaped(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, q="breach reports sector", mode="keyword")
    assert result_ids(app)[0] == "ico-xss"
    app.button(key="open_ico-xss").click().run()
    page = html_of(app)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page


# -- export and batch -------------------------------------------------------------------


def test_export_holds_every_matching_document_with_metadata(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, mode="keyword", outcome="disclosed")
    assert len(result_ids(app)) == 10  # one page of the 10 disclosed documents ...
    assert {button.proto.label for button in app.get("download_button")} == {"Download CSV", "Download JSON"}
    client = SearchClient.open(foi_index.folder, Settings())
    state = SearchState.from_params({"mode": ["keyword"], "outcome": ["disclosed"]})
    rows = list(csv.DictReader(io.StringIO(export_csv(client, state).decode("utf-8-sig"))))
    assert len(rows) == 10 and {row["outcome"] for row in rows} == {"disclosed"}
    speeding = next(row for row in rows if row["document_id"] == "kent-speeding")
    assert speeding["authority"] == "Kent Police" and speeding["date"] == "2021-11-09"
    data = json.loads(export_json(client, state))
    assert data["total"] == 10 and data["filters"]["outcomes"] == ["disclosed"]
    assert len(data["documents"]) == 10
    assert all(row["metadata"]["outcome"] == "disclosed" for row in data["documents"])
    all_rows = list(csv.DictReader(io.StringIO(export_csv(client, SearchState()).decode("utf-8-sig"))))
    assert len(all_rows) == len(foi_index.documents)  # more than a page: 17 > 10


def test_batch_search_builds_a_table_of_hits_per_term(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, view="batch")
    no_failure(app)
    app.file_uploader(key="batch_file").upload("terms.csv", b"term\nANPR cameras\nexemption:s40\nzebra crossings\n")
    app.radio(key="batch_mode").set_value("keyword")
    app.button(key="batch_run").click().run()
    no_failure(app)
    summary, hits = (frame.value for frame in app.dataframe)
    counts = dict(zip(summary["term"], summary["matching documents"], strict=True))
    assert counts == {"ANPR cameras": 1, "exemption:s40": 2, "zebra crossings": 0}
    assert set(hits[hits["term"] == "exemption:s40"]["document_id"]) == {"met-email", "met-letter"}
    labels = {button.proto.label for button in app.get("download_button")}
    assert labels == {"Download hits per term (CSV)", "Download documents found (CSV)"}


def test_parse_terms_reads_lines_and_csv() -> None:
    assert parse_terms("body cameras\n\n# a comment\nexemption:s40\nbody cameras\n", is_csv=False) == [
        "body cameras",
        "exemption:s40",
    ]
    assert parse_terms('query,notes\n"misconduct, officers",x\ntasers,y\n', is_csv=True) == [
        "misconduct, officers",
        "tasers",
    ]


# -- overview -----------------------------------------------------------------------------


def test_overview_charts_and_failures_ledger(open_app: OpenApp, foi_index: MetadataIndex) -> None:
    app = open_app(foi_index.folder, view="overview")
    no_failure(app)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Documents"] == str(len(foi_index.documents))
    assert metrics["Failed"] == "1" and metrics["Skipped"] == "1"
    assert metrics["Indexed files"] == str(len(foi_index.documents))
    tables = [frame.value for frame in app.dataframe]
    by_authority = tables[0]
    assert dict(zip(by_authority["authority"], by_authority["documents"], strict=True))["Kent Police"] == 2
    over_time = tables[1]
    assert {"s40 Personal information", "s31 Law enforcement"} <= set(over_time["exemption"])
    failures = tables[-1]
    assert list(failures["reason"]) == ["the PDF is encrypted", "unsupported file type .heic"]


def test_overview_without_a_ledger_says_so(open_app: OpenApp, empty_index: Path) -> None:
    app = open_app(empty_index, view="overview")
    no_failure(app)
    assert any("No ingest ledger" in info.value for info in app.info)
