"""Sign-in with an API key (FOI_UI_AUTH=on): the UI then searches only the key's collections,
through the same keys as the HTTP API (`foi keys create`)."""

from __future__ import annotations

import streamlit as st

from api.errors import AuthenticationError
from api.keys import ApiKey, KeyStore, Role
from core.location import IndexLocation
from core.settings import Settings
from search.client import SearchClient
from ui.markup import md_escape

# The key the session signed in with: kept in the server's session memory, never in the URL.
SIGNED_IN = "signed_in_key"


def signed_in(client: SearchClient, settings: Settings, location: IndexLocation) -> tuple[SearchClient, bool] | None:
    """The client this session may use and whether it may see the ingest ledger; None while the
    sign-in form is shown. With FOI_UI_AUTH=off: the whole index, ledger included."""
    if settings.ui_auth == "off":
        return client, True
    key = _current_key(location)
    if key is None:
        _sign_in_form(location)
        return None
    granted = "every collection" if key.collections is None else ", ".join(key.collections)
    st.sidebar.caption(f"Signed in as {md_escape(key.name)} ({key.role.value}; {md_escape(granted)})")
    st.sidebar.button("Sign out", key="sign_out", on_click=_sign_out)
    return client.restricted(key.collections), key.role is Role.ADMIN


def _current_key(location: IndexLocation) -> ApiKey | None:
    """Checked again on every run, so that a revoked key signs the session out at once."""
    presented = st.session_state.get(SIGNED_IN)
    if not presented:
        return None
    try:
        return _authenticate(location, str(presented))
    except AuthenticationError:
        _sign_out()
        return None


def _sign_in_form(location: IndexLocation) -> None:
    st.header("Sign in")
    with st.form("sign_in"):
        presented = st.text_input("API key", type="password", key="api_key", help="From `foi keys create`")
        if st.form_submit_button("Sign in", key="sign_in_submit"):
            try:
                _authenticate(location, presented.strip())
            except AuthenticationError as e:
                st.error(f"{md_escape(str(e))}.", icon="🔑")
                return
            st.session_state[SIGNED_IN] = presented.strip()
            st.rerun()


def _authenticate(location: IndexLocation, presented: str) -> ApiKey:
    store = KeyStore(location.ledger_folder)
    try:
        return store.authenticate(presented)
    finally:
        store.close()


def _sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)
