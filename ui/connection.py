"""Where the index is and the one SearchClient per index that every session shares."""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from ingest.embed import Encoder, make_query_encoder
from search.client import SearchClient
from search.settings import Settings

INDEX_ENV = "FOI_INDEX_DIR"


def index_location(environ: Mapping[str, str] | None = None) -> str:
    """The index folder or OpenSearch URL that `foi ui --index` passed in FOI_INDEX_DIR.

    Read as a plain string: Settings.index_dir is a Path, which would fold the
    `//` of an http:// URL.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(INDEX_ENV, "").strip()
    if raw:
        return raw
    settings = Settings.from_env(environ)
    return settings.opensearch_url or str(settings.index_dir)


@st.cache_resource(show_spinner=False)
def shared_encoder(settings: Settings) -> Encoder:
    """One encoder for the whole server process: the model loads once, on the first semantic query."""
    return make_query_encoder(settings)


@st.cache_resource(show_spinner="Opening the index…")
def open_client(location: str) -> SearchClient:
    # A failure is not cached: once `foi ingest` has built the index, the next page load opens it.
    settings = Settings.from_env()
    return SearchClient.open(location, settings, shared_encoder(settings))
