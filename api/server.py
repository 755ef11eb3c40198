"""`foi serve`: the API over one index, on uvicorn."""

from __future__ import annotations

from api.access import KeyGate
from api.app import Service, create_app
from api.errors import ApiError
from api.jobs import IngestJobs
from api.keys import KeyStore
from core.location import IndexLocation, is_loopback_host
from core.settings import Settings
from search.client import SearchClient


def open_service(location: IndexLocation, settings: Settings, host: str) -> Service:
    """The index opened for searching and its key store; FOI_AUTH=off only on a loopback address."""
    if settings.auth == "off" and not is_loopback_host(host):
        raise ApiError(
            f"FOI_AUTH=off serves every collection to anyone who can reach {host}: it is allowed on a "
            "loopback address only (--host 127.0.0.1). Create keys with `foi keys create` instead."
        )
    keys = KeyStore(location.ledger_folder) if settings.auth == "on" else None
    gate = KeyGate(keys, settings.api_requests_per_minute)
    client = SearchClient.open(location, settings)
    client.encoder  # noqa: B018 - made now, once, not by the first requests at the same time
    # An ingest job's documents are searchable as soon as it ends.
    jobs = IngestJobs(location, settings, after_each=client.refresh)
    return Service(client, gate, settings, location.ledger_folder, jobs)


def serve(location: IndexLocation, settings: Settings, host: str, port: int) -> None:
    import uvicorn

    service = open_service(location, settings, host)
    try:
        uvicorn.run(create_app(service), host=host, port=port, log_level="info")
    finally:
        service.client.close()
