"""The FastAPI application: each endpoint is a SearchClient call, restricted to the caller's
collections; no search logic of its own. The JSON of /search is `foi search --json`'s."""

from __future__ import annotations

import itertools
import logging
import shutil
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.access import Caller, KeyGate
from api.errors import (
    ApiError,
    AuthenticationError,
    ForbiddenError,
    JobNotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
)
from api.jobs import IngestJobs
from api.keys import Role
from api.uploads import save_uploads
from core.codes import DEFAULT_COLLECTION, check_collection_name, normalise_exemption, normalise_outcome
from core.errors import FoiError
from core.settings import Settings
from ingest.errors import LedgerError
from ingest.foi.authorities import gazetteer_for
from ingest.ledger import Ledger, LedgerEntry
from search.client import EXPORT_FORMATS, QueryOptions, SearchClient, export_lines
from search.errors import BackendError, DocumentNotFoundError, SearchError
from search.model import Filters, Mode, Sort
from search.query import MAX_QUERY_CHARS
from search.serialize import chunk_to_dict, comparison_to_dict, document_to_dict, facets_to_dict, result_to_dict

log = logging.getLogger(__name__)
JSON = dict[str, Any]
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
EXPORT_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


class ErrorBody(BaseModel):
    """Every error: its HTTP status and a message saying what to change."""

    status: int
    message: str


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "A parameter that cannot be used, with the reason"),
        (401, "No API key, or an invalid or revoked one"),
        (403, "The key's role does not allow this"),
        (404, "No such document or campaign (or not in the key's collections), or job"),
        (413, "An upload over the size limits"),
        (429, "Too many requests from this key"),
        (503, "The index cannot be reached"),
    )
}


class Group(StrEnum):
    DOCUMENT = "document"
    REQUEST = "request"
    CAMPAIGN = "campaign"


@dataclass(frozen=True)
class SearchParameters:
    """The query string of /search, /facets and /export, checked: filters as `foi search` takes them."""

    q: str
    mode: Mode
    filters: Filters
    sort: Sort

    def options(self) -> QueryOptions:
        return {"mode": self.mode, "filters": self.filters, "sort": self.sort}


@dataclass(frozen=True)
class Service:
    """What every request reads: the unrestricted client, the key gate, the settings, the ledger."""

    client: SearchClient
    gate: KeyGate
    settings: Settings
    ledger_folder: Path
    jobs: IngestJobs | None = None


def create_app(service: Service) -> FastAPI:
    """The API over one open index; each request sees it through its key's collections."""
    app = api_routes()
    app.state.service = service
    return app


def api_routes() -> FastAPI:
    """The routes and error handlers, without an index: what the OpenAPI document describes."""
    app = FastAPI(
        title="FOI search API",
        version="1",
        description="Search FOI responses by keyword, meaning and FOI facets. Send an API key "
        "(`foi keys create`) as `Authorization: Bearer KEY`; every answer is limited to the key's collections.",
    )
    _add_error_handlers(app)
    app.middleware("http")(_guard_uploads)
    app.include_router(router)
    return app


async def _guard_uploads(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """An upload's key, role and declared size are checked before its body is read: FastAPI
    reads a multipart body before any dependency runs."""
    if request.method == "POST" and request.url.path == "/ingest":
        try:
            service = _service(request)
            who = await run_in_threadpool(service.gate.caller, request.headers.get("authorization"), False)
            _require(who, Role.EDITOR)
            _check_declared_size(request.headers.get("content-length"), service.settings)
        except FoiError as e:
            return _error_response(e)
    return await call_next(request)


def _check_declared_size(content_length: str | None, settings: Settings) -> None:
    if content_length is None or not content_length.isdigit():
        raise ApiError("an upload must declare its Content-Length")
    # The form's boundaries and headers add a little to the files themselves.
    allowed = (settings.max_archive_mb + 1) * 1024 * 1024
    if int(content_length) > allowed:
        raise PayloadTooLargeError(
            f"the upload is {int(content_length) // 1024 // 1024} MB; at most {settings.max_archive_mb} MB in all "
            "(FOI_MAX_ARCHIVE_MB)"
        )


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


# Declares the scheme in the OpenAPI document; the gate itself reads and checks the header.
_BEARER = HTTPBearer(auto_error=False, description="An API key from `foi keys create`")


def _caller(request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]) -> Caller:
    return _service(request).gate.caller(request.headers.get("authorization"))


def _scoped(request: Request, who: Annotated[Caller, Depends(_caller)]) -> SearchClient:
    return _service(request).client.restricted(who.collections)


def _admin(who: Annotated[Caller, Depends(_caller)]) -> Caller:
    return _require(who, Role.ADMIN)


def _editor(who: Annotated[Caller, Depends(_caller)]) -> Caller:
    return _require(who, Role.EDITOR)


def _jobs(request: Request) -> IngestJobs:
    jobs = _service(request).jobs
    if jobs is None:
        raise ApiError("this server does not ingest (it was started without an ingest worker)")
    return jobs


# The `= []` defaults are safe: FastAPI builds a new list for every request.
def _parameters(
    q: Annotated[str, Query(description="The query syntax of `foi search`")] = "",
    mode: Mode = Mode.HYBRID,
    authority: Annotated[list[str], Query(description="Any of these authorities")] = [],  # noqa: B006
    exemption: Annotated[list[str], Query(description="e.g. s40, s31(1)(a), eir12(5)(e)")] = [],  # noqa: B006
    outcome: Annotated[list[str], Query(description="e.g. refused, not_held")] = [],  # noqa: B006
    type: Annotated[list[str], Query(description="Document type, e.g. pdf, email")] = [],  # noqa: B006
    collection: Annotated[list[str], Query(description="Only these of the key's collections")] = [],  # noqa: B006
    after: Annotated[str | None, Query(pattern=_ISO_DAY, description="On or after this day (YYYY-MM-DD)")] = None,
    before: Annotated[str | None, Query(pattern=_ISO_DAY, description="On or before this day (YYYY-MM-DD)")] = None,
    path: Annotated[str | None, Query(max_length=1000)] = None,
    campaign: Annotated[list[str], Query(description="Any of these round-robin campaigns (`cmp-…`)")] = [],  # noqa: B006
    duplicates: Annotated[bool, Query(description="Also copies of a document (left out by default)")] = False,
    sort: Sort = Sort.RELEVANCE,
) -> SearchParameters:
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError(f"q is {len(q):,} characters long; at most {MAX_QUERY_CHARS:,} are searched")
    filters = Filters(
        authorities=tuple(authority or ()),
        exemptions=tuple(_checked(exemption, normalise_exemption, "exemption", "s40, s31(1)(a) or eir12(5)(e)")),
        outcomes=tuple(_checked(outcome, normalise_outcome, "outcome", "refused or not_held")),
        doc_types=tuple(type or ()),
        collections=tuple(_checked(collection, _collection_name, "collection", "public")) if collection else None,
        date_from=_day(after, "after"),
        date_to=_day(before, "before"),
        path_prefix=path,
        campaigns=tuple(campaign or ()),
        duplicates=duplicates,
    )
    return SearchParameters(q, mode, filters, sort)


def _page(request: Request, limit: int = 10, offset: int = 0) -> tuple[int, int]:
    settings = _service(request).settings
    if not 1 <= limit <= settings.api_max_limit:
        raise ApiError(f"limit must be between 1 and {settings.api_max_limit}, got {limit}")
    if offset < 0 or offset + limit > settings.api_max_depth:
        raise ApiError(
            f"offset + limit must stay within the first {settings.api_max_depth:,} hits "
            f"(got offset {offset}); narrow the query, or use /export for every match"
        )
    return limit, offset


Scoped = Annotated[SearchClient, Depends(_scoped)]
Parameters = Annotated[SearchParameters, Depends(_parameters)]
Page = Annotated[tuple[int, int], Depends(_page)]


def _known_parameters_only(request: Request) -> None:
    """A misspelt parameter (`authoirty=`) is an error, not a filter silently left out."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no query parameters"
        raise ApiError(f"unknown query parameter {', '.join(unknown)}; {route.path} takes {takes}")


def _query_names(dependant: Dependant) -> set[str]:
    names = {parameter.alias for parameter in dependant.query_params}
    for needed in dependant.dependencies:
        names |= _query_names(needed)
    return names


router = APIRouter(responses=ERRORS, dependencies=[Depends(_known_parameters_only)])


@router.get("/health", tags=["service"])
def health() -> JSON:
    """The process is up (no key needed)."""
    return {"status": "ok"}


@router.get("/ready", tags=["service"])
def ready(request: Request) -> JSON:
    """The index answers (no key needed; no figure about it is shown)."""
    _service(request).client.backend.counts()
    return {"status": "ready"}


@router.get("/search", tags=["search"])
def search(found: Scoped, given: Parameters, paging: Page, facets: bool = True, group: Group = Group.DOCUMENT) -> JSON:
    """Hits grouped by document, best first, with highlighted passages, the total and facet counts:
    the JSON of `foi search --json` (`group=request`: also the page's documents by request thread,
    as `foi search --group request --json`; `group=campaign`: each round-robin campaign on the page
    with every matching answer of it, as `foi search --group campaign --json`)."""
    limit, offset = paging
    options: QueryOptions = {**given.options(), "limit": limit, "offset": offset, "with_facets": facets}
    query = found.build_query(given.q, **options)
    result = found.run(query)
    campaigns = found.campaign_groups(query, result) if group is Group.CAMPAIGN else None
    return result_to_dict(result, by_request_thread=group is Group.REQUEST, campaigns=campaigns)


@router.get(
    "/campaigns/{campaign_id}",
    tags=["search"],
    responses={200: {"description": "The comparison", "content": {"application/json": {}, EXPORT_MEDIA["csv"]: {}}}},
)
def campaign(request: Request, found: Scoped, campaign_id: str, format: str = "json") -> Response:
    """One round-robin campaign authority by authority, as `foi compare --json` (or `--csv` with
    `format=csv`): counts, each authority's answer with its evidence, who has not answered."""
    if format not in ("json", "csv"):
        raise ApiError(f"format must be json or csv, got {format!r}")
    sets = gazetteer_for(_service(request).settings.authorities_csv).complete_set_members()
    comparison = found.compare(campaign_id, sets)
    if format == "csv":
        return Response(comparison.to_csv(), media_type=EXPORT_MEDIA["csv"])
    return JSONResponse(comparison_to_dict(comparison))


@router.get("/facets", tags=["search"])
def facets(found: Scoped, given: Parameters) -> JSON:
    """Document counts per authority, exemption, outcome, year, collection and campaign of the whole result set."""
    return facets_to_dict(found.facets(given.q, **given.options()))


@router.get(
    "/export",
    tags=["search"],
    response_class=StreamingResponse,
    responses={
        200: {"description": "One document a line", "content": {EXPORT_MEDIA["jsonl"]: {}, EXPORT_MEDIA["csv"]: {}}}
    },
)
def export(found: Scoped, given: Parameters, format: str = "jsonl") -> StreamingResponse:
    """Every matching document, streamed as JSON lines or CSV (not one page: all of them)."""
    if format not in EXPORT_FORMATS:
        raise ApiError(f"format must be one of {', '.join(EXPORT_FORMATS)}, got {format!r}")
    rows = found.iter_export_rows(given.q, **given.options())
    # The first page is read before the answer starts: an error is then a JSON error, not a cut stream.
    first = list(itertools.islice(rows, 1))
    return StreamingResponse(export_lines(itertools.chain(first, rows), format), media_type=EXPORT_MEDIA[format])


@router.get("/documents/{document_id}", tags=["documents"])
def document(found: Scoped, document_id: str) -> JSON:
    """One document with its FOI fields and their evidence, its attachments and its request thread."""
    shown = found.document(document_id)
    related = {"attachments": found.attachments(shown.id), "thread": found.same_request(shown)}
    return {
        "document": document_to_dict(shown),
        **{name: [document_to_dict(d, with_text=False) for d in docs] for name, docs in related.items()},
    }


@router.get("/documents/{document_id}/chunks", tags=["documents"])
def chunks(found: Scoped, document_id: str) -> list[JSON]:
    """The document's passages in order, as they were indexed."""
    return [chunk_to_dict(chunk) for chunk in found.chunks(document_id)]


@router.get("/documents/{document_id}/similar", tags=["documents"])
def similar(request: Request, found: Scoped, document_id: str, limit: int = 10) -> JSON:
    """Documents closest in meaning to this one."""
    return result_to_dict(found.similar(document_id, limit=_page(request, limit, 0)[0]))


@router.post("/ingest", tags=["ingest"], status_code=202)
def ingest(
    request: Request,
    who: Annotated[Caller, Depends(_editor)],
    jobs: Annotated[IngestJobs, Depends(_jobs)],
    files: Annotated[
        list[UploadFile], File(description="FOI responses, archives, mailboxes: any format foi ingest reads")
    ],
    collection: Annotated[
        str | None, Query(description="The collection the documents go to (default: the key's only one, else public)")
    ] = None,
) -> JSON:
    """Upload files (or a ZIP) into a collection the key may see; they are ingested in the background
    with the same pipeline and ledger as `foi ingest`. Answers the job to poll at /jobs/{id}."""
    only = who.collections[0] if who.collections is not None and len(who.collections) == 1 else DEFAULT_COLLECTION
    name = (_collection_name(collection) if collection is not None else None) or only
    if who.collections is not None and name not in who.collections:
        raise ForbiddenError(f"this key may not add to collection {name!r} (it has {', '.join(who.collections)})")
    limits = _service(request).settings
    job_id, folder = jobs.folder_for_new_job()
    try:
        saved = save_uploads(files, folder, limits.max_file_mb * 1024 * 1024, limits.max_archive_mb * 1024 * 1024)
    except BaseException:  # refused, or the disk or the client failed: no half-saved job is left
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = jobs.submit(job_id, name, saved, who.key_id)
    return {"job": job.as_dict()}


@router.get("/jobs/{job_id}", tags=["ingest"])
def job(who: Annotated[Caller, Depends(_editor)], jobs: Annotated[IngestJobs, Depends(_jobs)], job_id: str) -> JSON:
    """An ingest job: queued, running (files done so far) or done, with what was indexed and what failed."""
    found = jobs.get(job_id)
    if found is None or (found.owner != who.key_id and who.role is not Role.ADMIN):
        raise JobNotFoundError(f"no ingest job {job_id!r}")
    return {"job": found.as_dict()}


@router.get("/status", tags=["service"])
def status(found: Scoped) -> JSON:
    """Documents and chunks in the key's collections."""
    counts = found.counts()
    return {"documents": counts.documents, "chunks": counts.chunks, "collections": found.collections}


@router.get("/failures", tags=["service"])
def failures(request: Request, _: Annotated[Caller, Depends(_admin)]) -> list[JSON]:
    """Every file the ingest ledger records as failed or skipped, with its reason (admin only: it
    names files of every collection)."""
    try:
        ledger = Ledger.open(_service(request).ledger_folder, create=False)
    except LedgerError:
        return []  # nothing ingested yet
    try:
        return [_problem(entry) for entry in ledger.problems()]
    finally:
        ledger.close()


def _problem(entry: LedgerEntry) -> JSON:
    return {"path": entry.path, "member_path": entry.member_path, "status": entry.status, "reason": entry.reason}


def _require(who: Caller, role: Role) -> Caller:
    if not who.role.allows(role):
        raise ForbiddenError(f"this needs the {role.value} role; the key has {who.role.value}")
    return who


def _checked(
    values: list[str] | None, normalise: Callable[[str], str | None], name: str, examples: str
) -> Iterator[str]:
    for value in values or ():
        normal = normalise(value)
        if normal is None:
            raise ApiError(f"{name}={value!r} is not an {name} such as {examples}")
        yield normal


def _day(value: str | None, name: str) -> date | None:
    try:
        return None if value is None else date.fromisoformat(value)
    except ValueError as e:
        raise ApiError(f"{name}={value!r} is not a day (YYYY-MM-DD): {e}") from e


def _collection_name(value: str) -> str | None:
    try:
        return check_collection_name(value)
    except ValueError as e:
        raise ApiError(f"collection={value!r}: {e}") from e


def _status_of(error: FoiError) -> int:
    if isinstance(error, AuthenticationError):
        return 401
    if isinstance(error, ForbiddenError):
        return 403
    if isinstance(error, RateLimitedError):
        return 429
    if isinstance(error, PayloadTooLargeError):
        return 413
    if isinstance(error, DocumentNotFoundError | JobNotFoundError):
        return 404
    if isinstance(error, BackendError):
        return 503
    return 400 if isinstance(error, ApiError | SearchError) else 500


def _error_response(error: FoiError) -> JSONResponse:
    status = _status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status == 429:
        headers = {"Retry-After": "60"}
    return _error(status, str(error), headers)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"status": status, "message": message}, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FoiError)
    async def foi_error(_: Request, error: FoiError) -> JSONResponse:
        return _error_response(error)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'][1:]) or 'request'}: {problem['msg']}"
            for problem in error.errors()
        )
        return _error(400, problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail), dict(error.headers or {}))  # 405 keeps its Allow

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(500, f"internal error ({type(error).__name__}); the server log has the details")
