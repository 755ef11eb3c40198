"""Sign-in with an API key (FOI_UI_AUTH=on): the UI then searches only the key's collections,
through the same keys as the HTTP API (`foi keys create`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from api.errors import AuthenticationError
from api.keys import ApiKey, KeyStore, Role
from core.location import IndexLocation
from core.settings import Settings
from ui.markup import md_escape

# The key the session signed in with: kept in the server's session memory, never in the URL.
SIGNED_IN = "signed_in_key"


@dataclass(frozen=True)
class Access:
    """What this session may see: `collections` None for all; the ingest ledger names every file."""

    collections: tuple[str, ...] | None
    sees_ledger: bool


def sign_in(settings: Settings, location: IndexLocation) -> Access | None:
    """This session's access, or None while the sign-in form is shown (nothing of the index,
    not even whether it exists, is shown before a valid key). FOI_UI_AUTH=off: everything."""
    if settings.ui_auth == "off":
        return Access(None, True)
    key = _current_key(location)
    if key is None:
        _sign_in_form(location)
        return None
    granted = "every collection" if key.collections is None else ", ".join(key.collections)
    st.sidebar.caption(f"Signed in as {md_escape(key.name)} ({key.role.value}; {md_escape(granted)})")
    st.sidebar.button("Sign out", key="sign_out", on_click=_sign_out)
    return Access(key.collections, key.role is Role.ADMIN)


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
    return _key_store(str(location.ledger_folder)).authenticate(presented)


@st.cache_resource(show_spinner=False)
def _key_store(folder: str) -> KeyStore:
    """One store per index for the server process: it remembers verified keys for a minute, so a
    click does not pay for Argon2 again."""
    return KeyStore(Path(folder))


def _sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)
