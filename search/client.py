"""SearchClient: the one programmatic API that the CLI, the UI and scripts use.

client = SearchClient.open("foi-index")
result = client.search('"neither confirms nor denies" exemption:s31', mode="hybrid")
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, TypedDict, Unpack

from core.location import IndexLocation
from core.model import Chunk, Document, Vector
from core.settings import Settings
from search.backends.base import SearchBackend
from search.backends.factory import open_backend
from search.compare import Comparison, compare
from search.errors import CampaignNotFoundError, DocumentNotFoundError, SearchError
from search.model import DocumentHit, Facets, Filters, IndexCounts, Mode, Query, Result, Sort
from search.pages import in_groups
from search.query import parse_query
from search.serialize import document_to_dict, hit_to_dict

if TYPE_CHECKING:
    from core.embed import Encoder

EXPORT_FORMATS = ("csv", "jsonl")
# The most documents of one campaign read at once: a round-robin to every authority of a kind
# (45 police forces, 400 councils) with a few documents each.
_CAMPAIGN_LIMIT = 1000
_EXPORT_PAGE = 200
_CSV_COLUMNS = (
    "document_id",
    "source_path",
    "member_path",
    "title",
    "authority",
    "references",
    "exemptions",
    "outcome",
    "date",
    "page",
    "score",
    "snippet",
)


class QueryOptions(TypedDict, total=False):
    """What a search may set besides its text (defaults: hybrid, no filters, 10 from the first,
    by relevance, with facets, 3 passages a document)."""

    mode: Mode | str
    filters: Filters | None
    limit: int
    offset: int
    sort: Sort | str
    with_facets: bool
    chunks_per_document: int


class SearchClient:
    """Searches one index. With `collections` given, every request it makes is restricted to
    those collections inside the backend's own query (documents, totals, facets, similar
    documents, exports, counts); a document outside them is not found."""

    def __init__(
        self,
        backend: SearchBackend,
        settings: Settings,
        encoder: Encoder | None = None,
        collections: tuple[str, ...] | None = None,
    ) -> None:
        self.backend = backend
        self.settings = settings
        self._encoder = encoder
        self.collections = collections

    @classmethod
    def open(
        cls,
        location: str | Path | IndexLocation,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        collections: tuple[str, ...] | None = None,
    ) -> SearchClient:
        """Open an index for searching: a folder (embedded backend) or an http(s) URL (OpenSearch)."""
        settings = settings or Settings.from_env()
        return cls(open_backend(location, settings), settings, encoder, collections)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            from core.embed import make_query_encoder

            self._encoder = make_query_encoder(self.settings)
        return self._encoder

    def build_query(self, text: str = "", **options: Unpack[QueryOptions]) -> Query:
        """Parse the user's text (operators become filters) and embed it when the mode needs it."""
        parsed = parse_query(text)
        mode = Mode(options.get("mode", Mode.HYBRID))
        return Query(
            text=text,
            keyword=parsed.keyword,
            vector=self._embed(parsed.semantic_text) if mode is not Mode.KEYWORD else None,
            mode=mode,
            filters=self._scoped((options.get("filters") or Filters()).merged(parsed.filters)),
            limit=options.get("limit", 10),
            offset=options.get("offset", 0),
            sort=Sort(options.get("sort", Sort.RELEVANCE)),
            with_facets=options.get("with_facets", True),
            chunks_per_document=options.get("chunks_per_document", 3),
            keyword_candidates=self.settings.keyword_candidates,
            semantic_candidates=self.settings.semantic_candidates,
            fusion=self.settings.fusion_settings(),
            warnings=parsed.warnings,
        )

    def search(self, text: str = "", **options: Unpack[QueryOptions]) -> Result:
        """Search with the query syntax of DESIGN.md; options as for build_query."""
        started = perf_counter()
        query = self.build_query(text, **options)
        embed_ms = (perf_counter() - started) * 1000
        return self.run(query, embed_ms)

    def run(self, query: Query, embed_ms: float = 0.0) -> Result:
        result = self._search(query)
        timings = replace(result.timings, embed_ms=embed_ms, total_ms=result.timings.total_ms + embed_ms)
        return replace(result, timings=timings)

    def similar(self, document_id: str, limit: int = 10, filters: Filters | None = None) -> Result:
        """Documents closest in meaning to this one ("more like this")."""
        self.document(document_id)  # a document outside the caller's collections is not found
        query = Query(
            mode=Mode.SEMANTIC,
            like_document_id=document_id,
            filters=filters or Filters(),
            limit=limit,
            semantic_candidates=max(self.settings.semantic_candidates, limit),
        )
        return self.run(query)

    def facets(self, text: str = "", **options: Unpack[QueryOptions]) -> Facets:
        return self.backend.facets(self.build_query(text, **options))

    def document(self, document_id: str) -> Document:
        document = self.backend.document(document_id)
        if self.collections is not None and document.collection not in self.collections:
            # The same answer as for an id that does not exist: no hint that it does.
            raise DocumentNotFoundError(f"no document with id {document_id!r}")
        return document

    def chunks(self, document_id: str) -> list[Chunk]:
        """The document's chunks in order (without embeddings)."""
        self.document(document_id)
        return self.backend.chunks(document_id)

    def counts(self) -> IndexCounts:
        """Documents (copies of one letter included) and chunks the client may see."""
        return self.backend.counts(None if self.collections is None else self._scoped(Filters(duplicates=True)))

    def attachments(self, document_id: str, limit: int = 100) -> list[Document]:
        """Documents whose parent is this one: an email's attachments, an archive's members (copies
        of another document too: they are part of what the email or archive holds)."""
        return self.browse(Filters(parent_ids=(document_id,), duplicates=True), limit)

    def same_request(self, document: Document, limit: int = 100) -> list[Document]:
        """The other documents of the document's request thread, oldest first."""
        if not document.request_id:
            return []
        filters = Filters(request_ids=(document.request_id,), exclude_document_ids=(document.id,), duplicates=True)
        return self.browse(filters, limit, Sort.OLDEST)

    def campaign(self, campaign_id: str, limit: int = _CAMPAIGN_LIMIT) -> list[Document]:
        """Every document of a round-robin campaign (copies left out), newest first."""
        documents = self.browse(Filters(campaigns=(campaign_id,)), limit)
        if not documents:
            raise CampaignNotFoundError(f"no campaign with id {campaign_id!r}")
        return documents

    def compare(
        self, campaign_id: str, complete_sets: Mapping[str, Sequence[tuple[str, str]]] | None = None
    ) -> Comparison:
        """The campaign authority by authority (search.compare); `complete_sets` names the sets of
        authorities known in full, for those that have not answered."""
        return compare(campaign_id, self.campaign(campaign_id), complete_sets)

    def campaign_groups(self, query: Query, result: Result) -> list[tuple[str | None, list[DocumentHit]]]:
        """The page's documents by campaign, in the order of each campaign's best document; a
        campaign's group holds every document of it that the query matches, not only the page's."""
        groups: list[tuple[str | None, list[DocumentHit]]] = []
        for campaign_id, hits in in_groups(result.hits, lambda hit: hit.document.campaign_id):
            if campaign_id is not None:
                within = query.filters.merged(Filters(campaigns=(campaign_id,)))
                inner = replace(query, filters=within, limit=_CAMPAIGN_LIMIT, offset=0, with_facets=False)
                hits = list(self._search(inner).hits)
            groups.append((campaign_id, hits))
        return groups

    def browse(self, filters: Filters, limit: int = 100, sort: Sort = Sort.NEWEST) -> list[Document]:
        """Documents matching the filters alone, without a query."""
        query = Query(mode=Mode.KEYWORD, filters=filters, limit=limit, sort=sort, with_facets=False)
        return [hit.document for hit in self._search(query).hits]

    def export(self, text: str = "", format: str = "csv", **options: Unpack[QueryOptions]) -> str:
        """Every matching document (not just one page) as CSV or JSON lines."""
        return "".join(export_lines(self.iter_export_rows(text, **options), format))

    def iter_export_rows(self, text: str = "", **options: Unpack[QueryOptions]) -> Iterator[dict[str, object]]:
        """Every matching document, a page at a time (`limit`, facets and passages are the export's own)."""
        paged: QueryOptions = {**options, "limit": _EXPORT_PAGE, "with_facets": False, "chunks_per_document": 1}
        query = self.build_query(text, **paged)
        offset = 0
        while True:
            result = self._search(replace(query, offset=offset))
            for hit in result.hits:
                row = hit_to_dict(hit)
                row.pop("chunks")
                row["metadata"] = document_to_dict(hit.document, with_text=False)
                yield row
            offset += len(result.hits)
            if not result.hits or offset >= result.total:
                return

    def restricted(self, collections: tuple[str, ...] | None) -> SearchClient:
        """This client's index and query encoder, seen only through `collections` (within this
        client's own, when it has some)."""
        narrowed = self._scoped(Filters(collections=collections)).collections
        return SearchClient(self.backend, self.settings, self.encoder, narrowed)

    def refresh(self) -> None:
        """See what another process (an ingest) committed since the index was opened."""
        self.backend.refresh()

    def close(self) -> None:
        self.backend.close()

    def _scoped(self, filters: Filters) -> Filters:
        return filters if self.collections is None else filters.merged(Filters(collections=self.collections))

    def _search(self, query: Query) -> Result:
        """Every search of this client goes through here: its collections apply to all of them."""
        return self.backend.search(replace(query, filters=self._scoped(query.filters)))

    def _embed(self, text: str) -> Vector | None:
        return self.encoder.encode([text])[0] if text.strip() else None


def export_lines(rows: Iterable[dict[str, object]], format: str) -> Iterator[str]:
    """Export rows as lines of CSV (with its header) or JSON, one at a time, for streaming."""
    if format not in EXPORT_FORMATS:
        raise SearchError(f"export format {format!r} is not one of {', '.join(EXPORT_FORMATS)}")
    if format == "jsonl":
        yield from (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "references": _joined(row["references"]), "exemptions": _joined(row["exemptions"])})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _joined(values: object) -> str:
    return "; ".join(map(str, values)) if isinstance(values, list) else ""
