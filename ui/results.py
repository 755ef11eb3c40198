"""The search view: search bar, sidebar filters with facet counts, the result list, export."""

from __future__ import annotations

import math
from collections.abc import Iterable

import streamlit as st

from core.codes import OUTCOMES, exemption_levels
from core.model import Document
from search.client import SearchClient
from search.errors import DocumentNotFoundError
from search.model import DocumentHit, FacetBucket, Facets, Mode, Result, Sort
from search.pages import in_groups
from ui import state as keys
from ui.compare import compare_button
from ui.export import export_csv, export_file_stem, export_json
from ui.labels import EXEMPTION_NAMES, exemption_label, outcome_label, with_count
from ui.markup import md_escape, result_card
from ui.state import PAGE_SIZE, SearchState, new_search, open_document

SYNTAX_HELP = (
    'Words, `"exact phrase"`, `-word` to exclude, `OR`, `prefix*`, and fields: `authority:"Kent Police"`, '
    "`exemption:s40`, `outcome:refused`, `after:2020-01-01`, `before:2021`, `type:pdf`."
)
MODE_NAMES = {Mode.HYBRID.value: "Hybrid", Mode.KEYWORD.value: "Keyword", Mode.SEMANTIC.value: "Semantic"}
SORT_NAMES = {Sort.RELEVANCE.value: "Relevance", Sort.NEWEST.value: "Newest first", Sort.OLDEST.value: "Oldest first"}
# Document types the ingest produces; typed-in values are accepted too.
COMMON_DOC_TYPES = ("pdf", "docx", "doc", "odt", "rtf", "xlsx", "csv", "pptx", "email", "html", "text", "image")


def search_bar() -> None:
    query, button = st.columns([6, 1], vertical_alignment="bottom")
    query.text_input(
        "Search FOI responses",
        key=keys.Q,
        placeholder='e.g. misconduct exemption:s40 authority:"Kent Police"',
        help=SYNTAX_HELP,
        on_change=new_search,
    )
    button.button("Search", key="search_button", type="primary", on_click=new_search, width="stretch")
    mode, sort, group = st.columns([3, 2, 2], vertical_alignment="bottom")
    mode.radio(
        "Mode",
        list(MODE_NAMES),
        format_func=MODE_NAMES.__getitem__,
        key=keys.MODE,
        horizontal=True,
        on_change=new_search,
        help="Hybrid combines keyword matching (BM25) with meaning (embeddings).",
    )
    sort.selectbox("Sort by", list(SORT_NAMES), format_func=SORT_NAMES.__getitem__, key=keys.SORT, on_change=new_search)
    group.toggle("Group by request", key=keys.GROUP)


def render_results(client: SearchClient, state: SearchState) -> None:
    """The result list for the state; the sidebar filters are drawn from its facet counts."""
    result = client.search(state.q, **state.search_options())
    filter_sidebar(client, state, result)
    for warning in result.warnings:
        st.warning(f"Query read differently: {md_escape(warning)}", icon="⚠️")
    if result.total == 0:
        no_results(state)
        return
    summary(result, state)
    pages = math.ceil(result.total / PAGE_SIZE)
    if state.page > pages:
        # The page asked for (an old bookmark) is past the end: show the last one.
        st.session_state[keys.PAGE] = pages
        st.rerun()
    result_list(client, result, state)
    st.pagination(pages, key=keys.PAGE, max_visible_pages=9)
    export_section(client, state, result.total)


def summary(result: Result, state: SearchState) -> None:
    first = state.offset + 1
    last = state.offset + len(result.hits)
    with st.container(key="result_summary"):
        st.markdown(
            f"**{result.total:,} documents** · {result.timings.total_ms:,.0f} ms · "
            f"showing {first}–{last}, page {state.page} of {math.ceil(result.total / PAGE_SIZE)}"
        )


def result_list(client: SearchClient, result: Result, state: SearchState) -> None:
    ranked = list(enumerate(result.hits, start=state.offset + 1))
    if not state.group:
        for rank, hit in ranked:
            result_item(client, rank, hit)
        return
    for request_id, members in in_groups(ranked, lambda ranked_hit: ranked_hit[1].document.request_id):
        if request_id is None:
            result_item(client, *members[0])
            continue
        with st.container(border=True, key=f"request_{request_id}"):
            st.caption(f"Request thread {md_escape(request_id)} · {len(members)} documents on this page")
            for rank, hit in members:
                result_item(client, rank, hit)


def result_item(client: SearchClient, rank: int, hit: DocumentHit) -> None:
    with st.container(border=True, key=f"result_{hit.document.id}"):
        st.html(result_card(hit, rank))
        document = hit.document
        opened, copies, compared = st.columns([1, 1, 2])
        opened.button("Open document", key=f"open_{document.id}", on_click=open_document, args=(document.id,))
        if document.duplicates:
            with copies:
                also_found_as(client, document)
        if document.campaign_id:
            with compared:
                compare_button(document.campaign_id, f"compare_{document.id}")


def also_found_as(client: SearchClient, document: Document) -> None:
    """The other files that hold this same letter: search shows it once, they stay one click away."""
    with st.popover(f"Also found as {len(document.duplicates)}", key=f"copies_{document.id}"):
        for copy_id in document.duplicates:
            try:
                copy = client.document(copy_id)
            except DocumentNotFoundError:
                continue
            name = copy.member_path or copy.source_path
            st.button(name, key=f"copy_{document.id}_{copy_id}", on_click=open_document, args=(copy_id,))


def no_results(state: SearchState) -> None:
    with st.container(key="no_results"):
        if state.has_filters():
            st.info(
                "No documents match this search with the filters applied. "
                "Try removing a filter: " + md_escape(", ".join(_active_filters(state))) + "."
            )
            st.button("Clear all filters", key="clear_filters", on_click=clear_filters)
        else:
            st.info("No documents match this search. Try fewer or other words, or the semantic mode.")


def _active_filters(state: SearchState) -> list[str]:
    active = [f"authority {name}" for name in state.authorities]
    active += [exemption_label(code) for code in state.exemptions]
    active += [outcome_label(outcome) for outcome in state.outcomes]
    active += [f"type {doc_type}" for doc_type in state.doc_types]
    if state.after:
        active.append(f"after {state.after.isoformat()}")
    if state.before:
        active.append(f"before {state.before.isoformat()}")
    return active


def clear_filters() -> None:
    for key in (keys.AUTHORITY, keys.SECTIONS, keys.SUBSECTIONS, keys.OUTCOME, keys.DOC_TYPE):
        st.session_state[key] = []
    st.session_state[keys.AFTER] = None
    st.session_state[keys.BEFORE] = None
    new_search()


# -- sidebar filters -------------------------------------------------------------


def filter_sidebar(client: SearchClient, state: SearchState, result: Result) -> None:
    """Each filter lists its values with counts over the search with the other filters applied
    (its own selection left out, so picking a second authority stays possible)."""

    def facets_without(narrower: SearchState) -> Facets:
        if narrower == state and result.facets is not None:
            return result.facets
        return client.facets(narrower.q, mode=narrower.mode, filters=narrower.filters())

    sidebar = st.sidebar
    sidebar.header("Filters")
    authority_counts = _counts(facets_without(state.without_authorities()).authority)
    sidebar.multiselect(
        "Authority",
        _options(authority_counts, state.authorities),
        format_func=lambda name: with_count(name, authority_counts.get(name)),
        key=keys.AUTHORITY,
        placeholder="Type to find an authority",
        on_change=new_search,
    )
    exemption_counts = _counts(facets_without(state.without_exemptions()).exemption)
    sidebar.multiselect(
        "Exemption",
        _options(exemption_counts, state.sections),
        format_func=lambda code: with_count(exemption_label(code), exemption_counts.get(code)),
        key=keys.SECTIONS,
        placeholder="Section, e.g. s40 Personal information",
        on_change=new_search,
    )
    sidebar.multiselect(
        "Exemption subsection",
        _subsection_options(state, result),
        format_func=exemption_label,
        key=keys.SUBSECTIONS,
        accept_new_options=True,
        placeholder="e.g. s40(2) or s31(1)(a)",
        help="A finer exemption; any level matches: s31(1) finds documents citing s31(1)(a).",
        on_change=new_search,
    )
    outcome_counts = _counts(facets_without(state.without_outcomes()).outcome)
    sidebar.multiselect(
        "Outcome",
        [outcome for outcome in OUTCOMES if outcome in outcome_counts or outcome in state.outcomes],
        format_func=lambda outcome: with_count(outcome_label(outcome), outcome_counts.get(outcome)),
        key=keys.OUTCOME,
        on_change=new_search,
    )
    collection_counts = _counts(facets_without(state.without_collections()).collection)
    if len(collection_counts) > 1 or state.collections:
        sidebar.multiselect(
            "Collection",
            _options(collection_counts, state.collections),
            format_func=lambda name: with_count(name, collection_counts.get(name)),
            key=keys.COLLECTION,
            on_change=new_search,
        )
    after, before = sidebar.columns(2)
    after.date_input("From", key=keys.AFTER, format="YYYY-MM-DD", on_change=new_search)
    before.date_input("To", key=keys.BEFORE, format="YYYY-MM-DD", on_change=new_search)
    years = result.facets.year if result.facets else ()
    if years:
        sidebar.caption("Documents by year: " + ", ".join(f"{b.value} ({b.count})" for b in sorted(years, key=_value)))
    sidebar.multiselect(
        "Document type",
        list(dict.fromkeys((*COMMON_DOC_TYPES, *state.doc_types, *(h.document.doc_type for h in result.hits)))),
        key=keys.DOC_TYPE,
        accept_new_options=True,
        on_change=new_search,
    )
    if state.has_filters():
        sidebar.button("Clear all filters", key="sidebar_clear_filters", on_click=clear_filters)


def _value(bucket: FacetBucket) -> str:
    return bucket.value


def _counts(buckets: Iterable[FacetBucket]) -> dict[str, int]:
    return {bucket.value: bucket.count for bucket in buckets}


def _options(counts: dict[str, int], selected: Iterable[str]) -> list[str]:
    return list(dict.fromkeys((*counts, *selected)))


def _subsection_options(state: SearchState, result: Result) -> list[str]:
    """Finer codes seen on this page, and those of the chosen sections that have names."""
    seen = (code for hit in result.hits for code in hit.document.exemption_levels if len(exemption_levels(code)) > 1)
    named = (code for code in EXEMPTION_NAMES if len(exemption_levels(code)) > 1)
    chosen = [code for code in named if exemption_levels(code)[0] in state.sections]
    return sorted(dict.fromkeys((*state.subsections, *seen, *chosen)))


# -- export ------------------------------------------------------------------------


def export_section(client: SearchClient, state: SearchState, total: int) -> None:
    stem = export_file_stem(state)
    with st.expander(f"Export all {total:,} matching documents", key="export"):
        st.caption("Every matching document with its metadata, not just this page.")
        csv_column, json_column = st.columns(2)
        csv_column.download_button(
            "Download CSV",
            data=lambda: export_csv(client, state),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key="export_csv",
            on_click="ignore",
        )
        json_column.download_button(
            "Download JSON",
            data=lambda: export_json(client, state),
            file_name=f"{stem}.json",
            mime="application/json",
            key="export_json",
            on_click="ignore",
        )
