"""The document view: full text with the query's words marked, metadata with evidence,
attachments and parent, the rest of the request thread, similar responses, the original file."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.model import Document
from search.client import SearchClient
from search.errors import DocumentNotFoundError
from search.model import DocumentHit, Filters
from ui.compare import compare_button
from ui.markup import badges, document_line, escape, highlighted_text, md_escape, metadata_table, snippet, title_of
from ui.state import SearchState, close_document, open_document

SIMILAR_COUNT = 5


def render_document(client: SearchClient, state: SearchState) -> None:
    st.button("← Back to results", key="back_to_results", on_click=close_document)
    if state.doc is None:
        return
    try:
        document = client.document(state.doc)
    except DocumentNotFoundError:
        st.warning("This document is no longer in the index (it may have been re-ingested or removed).")
        return
    with st.container(key="document_header"):
        st.html(f'<h2 class="foi-title">{escape(title_of(document))}</h2>{badges(document)}')
    text_column, side_column = st.columns([3, 2], gap="large")
    with text_column:
        best_passages(client, state, document)
        st.markdown("#### Full text")
        with st.container(key="document_text"):
            st.html(highlighted_text(document.text or "(no text was extracted from this file)", state.q))
        if document.original_text is not None and document.original_text != document.text:
            with st.expander("Text before boilerplate removal"):
                st.html(highlighted_text(document.original_text, state.q))
    with side_column:
        st.markdown("#### Metadata")
        with st.container(key="document_metadata"):
            st.html(metadata_table(document))
        original_file(document)
    related(client, document)


def best_passages(client: SearchClient, state: SearchState, document: Document) -> None:
    """The passages that matched the search, with their pages, when there is a search."""
    if not state.q:
        return
    hit = _hit_in(client, state, document)
    if hit is None or not hit.hits:
        return
    st.markdown("#### Best passages")
    with st.container(key="document_passages"):
        st.html("".join(snippet(chunk) for chunk in hit.hits))


def _hit_in(client: SearchClient, state: SearchState, document: Document) -> DocumentHit | None:
    # The path filter narrows the search to this file (and any member with the same prefix).
    result = client.search(
        state.q,
        mode=state.mode,
        filters=Filters(path_prefix=document.source_path),
        limit=20,
        chunks_per_document=5,
        with_facets=False,
    )
    return next((hit for hit in result.hits if hit.document.id == document.id), None)


def original_file(document: Document) -> None:
    path = Path(document.source_path)
    with st.container(key="document_original"):
        if not path.is_file():
            st.warning(f"The original file is no longer at {md_escape(str(path))}, so it cannot be downloaded.")
            return
        label = "Download the archive or mailbox it came from" if document.member_path else "Download original"
        st.download_button(
            label,
            data=path.read_bytes,
            file_name=path.name,
            mime=document.mime_type if not document.member_path else None,
            key="download_original",
            on_click="ignore",
        )


def related(client: SearchClient, document: Document) -> None:
    family, thread, similar = st.columns(3, gap="large")
    with family:
        st.markdown("#### Attachments and parent")
        with st.container(key="document_family"):
            parent_and_attachments(client, document)
    with thread:
        st.markdown("#### Same request")
        with st.container(key="document_same_request"):
            documents = client.same_request(document)
            if not documents:
                st.caption("No other document of this request is in the index.")
            for other in documents:
                document_entry(other, "request")
    with similar:
        st.markdown("#### Similar responses")
        with st.container(key="document_similar"):
            hits = client.similar(document.id, limit=SIMILAR_COUNT).hits
            if not hits:
                st.caption("No similar document found.")
            for hit in hits:
                document_entry(hit.document, "similar", f"similarity {hit.score:.2f}")


def parent_and_attachments(client: SearchClient, document: Document) -> None:
    shown = False
    if document.parent_id:
        try:
            document_entry(client.document(document.parent_id), "parent", "parent (email or archive)")
            shown = True
        except DocumentNotFoundError:
            st.caption("The parent of this document is not in the index.")
    for attachment in client.attachments(document.id):
        document_entry(attachment, "attachment", "attachment")
        shown = True
    if not shown:
        st.caption("This document has no parent and no attachments.")
    copies_and_campaign(client, document)


def copies_and_campaign(client: SearchClient, document: Document) -> None:
    """The same letter found elsewhere (search shows only the original), and the round-robin it answers."""
    if document.duplicate_of:
        try:
            document_entry(client.document(document.duplicate_of), "original", "the original of this copy")
        except DocumentNotFoundError:
            st.caption("The original of this copy is not in the index.")
    for copy in document.duplicates:
        try:
            document_entry(client.document(copy), "copy", "also found as")
        except DocumentNotFoundError:
            continue
    if document.campaign_id:
        compare_button(document.campaign_id, f"document_compare_{document.campaign_id}")


def document_entry(document: Document, section: str, note: str = "") -> None:
    st.html(document_line(document, note))
    st.button("Open", key=f"{section}_open_{document.id}", on_click=open_document, args=(document.id,))
