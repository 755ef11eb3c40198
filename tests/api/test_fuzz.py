"""Property-based requests from the served OpenAPI document (schemathesis), with a fixed budget:
no answer is a 500, every error is a JSON body with a message, every answer matches the document."""

from __future__ import annotations

import json

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from api.app import api_routes
from api.openapi import openapi_text
from tests.api.conftest import Served
from tests.conftest import PROJECT

# Examples per operation: ten operations, about 30 s on 2 cores.
BUDGET = 40


# The routes without an index yet (the `served` fixture builds one and plugs it in).
APP = api_routes()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=BUDGET, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_makes_the_api_fail(case: schemathesis.Case, served: Served) -> None:
    APP.state.service = served.service
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {served.reader}"},
        # The document types `exemption=` as a string; the API also says which strings are exemptions
        # (400 with the reason), which the first check would count as rejecting valid data. The second
        # sends values a query string cannot tell from valid ones (the number 0.0 is the text "0.0").
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert body["status"] == response.status_code and body["message"], body


def test_the_committed_openapi_document_is_the_served_one(served: Served) -> None:
    committed = PROJECT / "docs" / "openapi.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == served.app.openapi(), (
        "docs/openapi.json is stale: .venv/bin/python -m api.openapi docs/openapi.json"
    )
    assert committed.read_text(encoding="utf-8") == openapi_text()
