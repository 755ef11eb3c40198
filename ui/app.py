"""The Streamlit app: `foi ui --index DIR` runs `streamlit run` on this file.

It is the edge of the product: search errors become messages here, never tracebacks.
The index location comes from FOI_INDEX_DIR (a folder, or an OpenSearch URL), else FOI_OPENSEARCH_URL
(core.location.IndexLocation).
"""

from __future__ import annotations

import logging

import streamlit as st

from core.location import IndexLocation
from core.settings import Settings
from search.client import SearchClient
from search.errors import IndexNotFoundError, SearchError
from ui import state as keys
from ui.batch import render_batch
from ui.compare import render_compare
from ui.connection import index_location, open_client
from ui.document import render_document
from ui.markup import STYLE, md_escape
from ui.overview import render_overview
from ui.results import render_results, search_bar
from ui.signin import sign_in
from ui.state import VIEWS, current_state, restore_from_url, write_url

logger = logging.getLogger("foi.ui")

VIEW_NAMES = {"search": "Search", "overview": "Overview", "batch": "Batch search", "compare": "Compare"}


def main() -> None:
    st.set_page_config(page_title="FOI search", page_icon="🔎", layout="wide")
    st.html(STYLE)
    restore_from_url()
    st.sidebar.title("FOI search")
    st.sidebar.radio("View", VIEWS, format_func=VIEW_NAMES.__getitem__, key=keys.VIEW, horizontal=True)
    location = index_location()
    try:
        access = sign_in(Settings.from_env(), location)
        client = None if access is None else _connect(location)
        if access is not None and client is not None:
            seen = client.restricted(access.collections)
            st.sidebar.caption(f"{md_escape(str(location))} · {seen.counts().documents:,} documents")
            _render_view(seen, access.sees_ledger, location)
    except SearchError as e:
        st.error(f"The search backend reported a problem: {md_escape(str(e))}", icon="🚫")
    except Exception as e:
        # The last line of defence: a bug must still reach the user as a message, not a traceback.
        logger.exception("unexpected error in the FOI search UI")
        st.error(f"Something went wrong ({md_escape(type(e).__name__)}); the details are in the server log.", icon="🚫")
    finally:
        write_url(current_state())


def _connect(location: IndexLocation) -> SearchClient | None:
    try:
        client = open_client(location.target)
    except IndexNotFoundError:
        no_index(location)
        return None
    client.refresh()
    counts = client.counts()
    if counts.documents == 0 and current_state().view != "overview":
        empty_index(location)
        return None
    return client


def _render_view(client: SearchClient, sees_ledger: bool, location: IndexLocation) -> None:
    view = current_state().view
    if view == "overview":
        render_overview(client, location, sees_ledger)
    elif view == "batch":
        render_batch(client)
    elif view == "compare":
        render_compare(client, Settings.from_env())
    else:
        search_bar()
        search = current_state()
        if search.doc:
            render_document(client, search)
        else:
            render_results(client, search)


def _ingest_help(location: IndexLocation) -> None:
    target = "http://… (OpenSearch)" if location.is_url else location.target
    st.code(f"foi ingest PATH/TO/FOI-RESPONSES --index {target}\nfoi ui --index {target}", language="bash")


def no_index(location: IndexLocation) -> None:
    with st.container(key="empty_index"):
        st.info(f"There is no FOI index at {md_escape(str(location))} yet. Build one from your files, then reload:")
        _ingest_help(location)


def empty_index(location: IndexLocation) -> None:
    with st.container(key="empty_index"):
        st.info(f"The index at {md_escape(str(location))} holds no documents yet. Add your files, then reload:")
        _ingest_help(location)


main()
