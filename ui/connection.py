"""Where the index is and the one SearchClient per index that every session shares."""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from core.embed import Encoder, make_query_encoder
from core.location import IndexLocation
from core.settings import Settings
from search.client import SearchClient


def index_location(environ: Mapping[str, str] | None = None) -> IndexLocation:
    """The index that `foi ui --index` passed in FOI_INDEX_DIR (or the settings name)."""
    settings = Settings.from_env(os.environ if environ is None else environ)
    return IndexLocation.resolve(None, settings)


@st.cache_resource(show_spinner=False)
def shared_encoder(settings: Settings) -> Encoder:
    """One encoder for the whole server process: the model loads once, on the first semantic query."""
    return make_query_encoder(settings)


@st.cache_resource(show_spinner="Opening the index…")
def open_client(location: str) -> SearchClient:
    # Keyed by the location's text. A failure is not cached: once `foi ingest` has built the
    # index, the next page load opens it.
    settings = Settings.from_env()
    return SearchClient.open(location, settings, shared_encoder(settings))
