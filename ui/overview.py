"""The collection at a glance: documents by authority, exemptions over time, outcomes by
authority, and the ingest status with the failures ledger."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from core.location import IndexLocation
from ingest.errors import IngestError
from ingest.ledger import FAILED, SKIPPED, Ledger
from search.client import SearchClient
from search.model import Facets, Filters, IndexCounts
from ui.labels import exemption_label, outcome_label
from ui.markup import md_escape

TOP_AUTHORITIES = 15
TOP_EXEMPTIONS = 8
LEDGER_FIGURES = (
    ("Indexed files", "indexed"),
    ("Skipped", "skipped"),
    ("Failed", "failed"),
    ("Problems inside archives", "member_problems"),
)


def render_overview(client: SearchClient, location: IndexLocation, sees_ledger: bool) -> None:
    counts = client.counts()
    st.header("Collection overview")
    documents, chunks = st.columns(2)
    documents.metric("Documents", f"{counts.documents:,}")
    chunks.metric("Passages (chunks)", f"{counts.chunks:,}")
    if counts.documents:
        charts(client, location, counts)
    if sees_ledger:  # the ledger names the files of every collection
        ingest_status(location)


def charts(client: SearchClient, location: IndexLocation, counts: IndexCounts) -> None:
    data = collection_tables(client, str(location), client.collections, counts.documents, counts.chunks)
    by_authority, over_time, outcomes = st.tabs(["Documents by authority", "Exemptions over time", "Outcomes"])
    with by_authority:
        _chart(data["authorities"], _bar_by_authority, "No document has an authority yet.")
    with over_time:
        _chart(data["exemptions_by_year"], _exemptions_over_time, "No dated document cites an exemption yet.")
    with outcomes:
        _chart(data["outcomes_by_authority"], _outcomes_by_authority, "No document has an outcome yet.")


Rows = list[dict[str, object]]
# Authority names are long ("Her Majesty's Inspectorate of ..."); counts are whole documents.
LONG_LABELS = alt.Axis(labelLimit=320)
WHOLE_NUMBERS = alt.Axis(tickMinStep=1, format="d")


def _chart(rows: Rows, draw: Callable[[Rows], alt.Chart], empty: str) -> None:
    if not rows:
        st.info(empty)
        return
    st.altair_chart(draw(rows), width="stretch")
    st.dataframe(rows, hide_index=True, width="stretch")


def _bar_by_authority(rows: Rows) -> alt.Chart:
    chart: alt.Chart = (
        alt.Chart(alt.Data(values=rows))  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X("documents:Q", title="Documents", axis=WHOLE_NUMBERS),
            y=alt.Y("authority:N", sort="-x", title=None, axis=LONG_LABELS),
        )
    )
    return chart


def _exemptions_over_time(rows: Rows) -> alt.Chart:
    chart: alt.Chart = (
        alt.Chart(alt.Data(values=rows))  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("documents:Q", title="Documents citing it", axis=WHOLE_NUMBERS),
            color=alt.Color("exemption:N", title="Exemption"),
            tooltip=["year:O", "exemption:N", "documents:Q"],
        )
    )
    return chart


def _outcomes_by_authority(rows: Rows) -> alt.Chart:
    chart: alt.Chart = (
        alt.Chart(alt.Data(values=rows))  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X("documents:Q", title="Documents", stack="normalize"),
            y=alt.Y("authority:N", title=None, axis=LONG_LABELS),
            color=alt.Color("outcome:N", title="Outcome"),
            tooltip=["authority:N", "outcome:N", "documents:Q"],
        )
    )
    return chart


@st.cache_data(show_spinner="Counting the collection…", max_entries=8)
def collection_tables(
    _client: SearchClient, location: str, collections: tuple[str, ...] | None, documents: int, chunks: int
) -> dict[str, list[dict[str, object]]]:
    """Facet counts over what the client sees. Keyed by its collections (two keys never share a
    table) and by the size, so an ingest refreshes them."""
    overall = _facets(_client, Filters())
    authorities = [{"authority": b.value, "documents": b.count} for b in overall.authority[:TOP_AUTHORITIES]]
    exemptions_by_year = [
        {"year": year.value, "exemption": exemption_label(section.value), "documents": year.count}
        for section in overall.exemption[:TOP_EXEMPTIONS]
        for year in _facets(_client, Filters(exemptions=(section.value,))).year
    ]
    outcomes_by_authority = [
        {"authority": authority.value, "outcome": outcome_label(outcome.value), "documents": outcome.count}
        for authority in overall.authority[:TOP_AUTHORITIES]
        for outcome in _facets(_client, Filters(authorities=(authority.value,))).outcome
    ]
    return {
        "authorities": authorities,
        "exemptions_by_year": sorted(exemptions_by_year, key=lambda row: str(row["year"])),
        "outcomes_by_authority": outcomes_by_authority,
    }


def _facets(client: SearchClient, filters: Filters) -> Facets:
    return client.facets("", mode="keyword", filters=filters)


def ingest_status(location: IndexLocation) -> None:
    st.subheader("Ingest status")
    with st.container(key="ingest_status"):
        try:
            ledger = Ledger.open(location.ledger_folder, create=False)
        except IngestError as e:
            st.info(f"No ingest ledger: {md_escape(str(e))}.")
            return
        try:
            summary = ledger.summary()
            problems = ledger.entries((FAILED, SKIPPED))
        finally:
            ledger.close()
        for column, (label, key) in zip(st.columns(len(LEDGER_FIGURES)), LEDGER_FIGURES, strict=True):
            column.metric(label, f"{summary.get(key, 0):,}")
        if not problems:
            st.success("Every file was indexed.")
            return
        st.markdown("**Files that were skipped or failed** (`foi failures` lists them, `foi retry` re-runs them)")
        st.dataframe(
            (
                [
                    {
                        "status": entry.status,
                        "file": entry.path,
                        "member": entry.member_path or "",
                        "reason": entry.reason,
                        "when": entry.updated_at.isoformat(timespec="seconds") if entry.updated_at else "",
                    }
                    for entry in problems
                ]
            ),
            hide_index=True,
            width="stretch",
            key="failures_table",
        )
