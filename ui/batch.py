"""Batch search: a list of terms in (one per line, or the first column of a CSV), a table of
hits per term out, downloadable."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import streamlit as st

from search.client import SearchClient
from search.model import Mode
from ui.markup import md_escape
from ui.results import MODE_NAMES

MAX_TERMS = 200
HEADER_WORDS = {"term", "terms", "query", "queries", "search", "keyword", "keywords"}
RESULT_KEY = "batch_result"


Rows = list[dict[str, object]]


@dataclass(frozen=True)
class BatchResult:
    summary: Rows
    hits: Rows
    dropped: int


def to_csv(rows: Rows) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads it right."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def parse_terms(content: str, is_csv: bool) -> list[str]:
    """Distinct terms in order; a CSV's header row ("term", "query" ...) is skipped."""
    if is_csv:
        rows = [row[0].strip() for row in csv.reader(io.StringIO(content)) if row and row[0].strip()]
        if rows and rows[0].lower() in HEADER_WORDS:
            rows = rows[1:]
    else:
        rows = [line.strip() for line in content.splitlines()]
    return list(dict.fromkeys(row for row in rows if row and not row.startswith("#")))


def run_batch(client: SearchClient, terms: list[str], mode: Mode, per_term: int) -> BatchResult:
    summary_rows: Rows = []
    hit_rows: Rows = []
    for term in terms[:MAX_TERMS]:
        result = client.search(term, mode=mode, limit=per_term, with_facets=False, chunks_per_document=1)
        summary_rows.append({"term": term, "matching documents": result.total, "warnings": "; ".join(result.warnings)})
        for rank, hit in enumerate(result.hits, start=1):
            document = hit.document
            hit_rows.append(
                {
                    "term": term,
                    "rank": rank,
                    "title": document.title,
                    "authority": document.authority or "",
                    "date": document.date.isoformat() if document.date else "",
                    "reference": document.reference or "; ".join(document.references),
                    "outcome": document.outcome or "",
                    "exemptions": "; ".join(document.exemptions),
                    "source_path": document.source_path,
                    "page": hit.best.page if hit.best else None,
                    "score": round(hit.score, 4),
                    "document_id": document.id,
                }
            )
    return BatchResult(summary_rows, hit_rows, max(0, len(terms) - MAX_TERMS))


def render_batch(client: SearchClient) -> None:
    st.header("Batch search")
    st.caption(
        "Search many terms at once: upload a .txt file (one term per line) or a .csv file (terms in the "
        'first column), or paste the terms. Each term may use the query syntax (exemption:s40, "phrase" ...).'
    )
    upload = st.file_uploader("Terms file", type=["txt", "csv"], key="batch_file")
    pasted = st.text_area("Or paste terms, one per line", key="batch_terms", height=120)
    mode_column, limit_column = st.columns(2)
    mode = mode_column.radio(
        "Mode", list(MODE_NAMES), format_func=MODE_NAMES.__getitem__, key="batch_mode", horizontal=True
    )
    per_term = limit_column.number_input("Documents per term", 1, 100, 10, key="batch_limit")
    if st.button("Run batch search", key="batch_run", type="primary"):
        terms = _terms(upload, pasted)
        if not terms:
            st.warning("No terms: upload a file or paste at least one term.")
            st.session_state.pop(RESULT_KEY, None)
        else:
            with st.spinner(f"Searching {min(len(terms), MAX_TERMS)} terms…"):
                st.session_state[RESULT_KEY] = run_batch(client, terms, Mode(mode), int(per_term))
    result = st.session_state.get(RESULT_KEY)
    if isinstance(result, BatchResult):
        show_batch(result)


def _terms(upload: object, pasted: str) -> list[str]:
    terms: list[str] = []
    if upload is not None:
        name = str(getattr(upload, "name", ""))
        content = upload.getvalue().decode("utf-8-sig", errors="replace")  # type: ignore[attr-defined]
        terms += parse_terms(content, name.lower().endswith(".csv"))
    terms += parse_terms(pasted or "", is_csv=False)
    return list(dict.fromkeys(terms))


def show_batch(result: BatchResult) -> None:
    if result.dropped:
        st.warning(f"Only the first {MAX_TERMS} terms were searched; {result.dropped} were left out.")
    with st.container(key="batch_summary"):
        st.subheader("Hits per term")
        st.dataframe(result.summary, hide_index=True, width="stretch")
    with st.container(key="batch_hits"):
        st.subheader("Documents found")
        if not result.hits:
            st.info(md_escape("No term matched any document."))
        else:
            st.dataframe(result.hits, hide_index=True, width="stretch")
    summary_column, hits_column = st.columns(2)
    summary_column.download_button(
        "Download hits per term (CSV)",
        to_csv(result.summary),
        file_name="foi-batch-summary.csv",
        mime="text/csv",
        key="batch_download_summary",
        on_click="ignore",
    )
    hits_column.download_button(
        "Download documents found (CSV)",
        to_csv(result.hits),
        file_name="foi-batch-documents.csv",
        mime="text/csv",
        key="batch_download_hits",
        on_click="ignore",
    )
