"""FOI_UI_AUTH=on: the UI asks for an API key and then shows only the key's collections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from api.keys import KeyStore, Role
from core.embed import SentenceTransformerEncoder
from core.settings import Settings
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from tests.backends.corpus import DOCUMENTS, embedded_items
from tests.ui.test_app import OpenApp, no_failure, result_ids

pytestmark = pytest.mark.slow
PUBLIC = {document.id for document in DOCUMENTS if document.collection == "public"}
EMBARGO = {document.id for document in DOCUMENTS if document.collection == "embargo"}


@pytest.fixture(scope="module")
def collections_index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> Path:
    folder = tmp_path_factory.mktemp("ui-collections") / "index"
    backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        backend.upsert(embedded_items(DOCUMENTS, encoder))
    finally:
        backend.close()
    return folder


@pytest.fixture
def signed_app(open_app: OpenApp, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    monkeypatch.setenv("FOI_UI_AUTH", "on")
    return open_app


def _sign_in(app: AppTest, key: str) -> AppTest:
    app.text_input(key="api_key").input(key)
    return app.button(key="sign_in_submit").click().run()


def _key(folder: Path, role: Role, collections: tuple[str, ...] | None) -> str:
    store = KeyStore(folder)
    try:
        return store.create("ui test", role, collections)[1]
    finally:
        store.close()


def test_nothing_is_shown_before_a_valid_key(signed_app: Callable[..., AppTest], collections_index: Path) -> None:
    app = signed_app(collections_index, mode="keyword")
    no_failure(app)
    assert result_ids(app) == [] and "documents" not in " ".join(c.value for c in app.sidebar.caption)
    app = _sign_in(app, "foi_000000000000_not-a-key")
    assert [error.value for error in app.error] == ["invalid or revoked API key."] and result_ids(app) == []


def test_a_reader_sees_only_its_collection_until_its_key_is_revoked(
    signed_app: Callable[..., AppTest], collections_index: Path
) -> None:
    key = _key(collections_index, Role.READER, ("public",))
    app = _sign_in(signed_app(collections_index, mode="keyword"), key)
    no_failure(app)
    assert set(result_ids(app)) == PUBLIC
    assert not any(widget.key == "collection" for widget in app.multiselect)  # one collection: no filter
    assert f"{len(PUBLIC)} documents" in " ".join(caption.value for caption in app.sidebar.caption)
    store = KeyStore(collections_index)
    store.revoke(key.split("_")[1])
    store.close()
    app = app.run()
    assert result_ids(app) == [] and app.text_input(key="api_key") is not None


def test_an_admin_filters_by_collection_with_counts(
    signed_app: Callable[..., AppTest], collections_index: Path
) -> None:
    app = _sign_in(signed_app(collections_index, mode="keyword"), _key(collections_index, Role.ADMIN, None))
    no_failure(app)
    assert set(result_ids(app)) == {document.id for document in DOCUMENTS}
    collection = app.multiselect(key="collection")
    assert sorted(collection.options) == ["embargo (2)", "newsroom (1)", f"public ({len(PUBLIC)})"]
    app = collection.set_value(["embargo"]).run()
    assert set(result_ids(app)) == EMBARGO and app.query_params["collection"] == "embargo"
