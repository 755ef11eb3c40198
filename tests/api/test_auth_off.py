"""FOI_AUTH=off: every request is an admin of every collection (allowed on loopback only)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.access import KeyGate
from api.app import create_app
from api.errors import ApiError
from api.server import open_service
from core.location import IndexLocation
from core.settings import Settings
from tests.api.conftest import Served
from tests.backends.corpus import DOCUMENTS


def test_without_auth_every_request_sees_everything(served: Served) -> None:
    open_to_all = TestClient(create_app(replace(served.service, gate=KeyGate(None, 600))))
    status = open_to_all.get("/status").json()
    assert status == {"documents": len(DOCUMENTS), "chunks": status["chunks"], "collections": None}
    assert open_to_all.get("/failures").json() == []  # an admin's view of an index never ingested into


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "foi.example.org", "::"])
def test_without_auth_the_server_will_not_listen_beyond_loopback(served: Served, host: str) -> None:
    location = IndexLocation.resolve(served.service.ledger_folder, Settings())
    with pytest.raises(ApiError, match="loopback address only"):
        open_service(location, Settings(auth="off"), host)
