"""The search objects that cross module boundaries: queries, expressions, hits, facets, results.

Everything here is a plain dataclass so that every backend, the CLI and the UI
speak the same language; no backend-specific type leaks out of a backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from core.model import Document, Vector
from core.settings import FusionSettings

# Starts with '-', which a collection name never does (core.codes.check_collection_name).
NO_COLLECTION = "-none-"
# The keyword field, and its one value, that every backend gives a copy of another document.
DUPLICATE_FIELD = "duplicate"
DUPLICATE_MARK = "yes"


class Mode(StrEnum):
    KEYWORD = "keyword"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class Filters:
    """Restrictions applied before ranking, in keyword and vector search alike.

    Within one field values are alternatives (any of); across fields all apply.
    `collections` is None for every collection, and otherwise the only ones searched: an
    empty tuple then matches nothing (a caller granted no collection sees nothing).
    Copies of a document (`Document.duplicate_of`) are left out unless `duplicates` is True:
    the canonical document stands for them.
    """

    authorities: tuple[str, ...] = ()
    exemptions: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    doc_types: tuple[str, ...] = ()
    request_ids: tuple[str, ...] = ()
    parent_ids: tuple[str, ...] = ()
    path_prefix: str | None = None
    exclude_document_ids: tuple[str, ...] = ()
    collections: tuple[str, ...] | None = None
    campaigns: tuple[str, ...] = ()
    duplicates: bool = False

    def is_empty(self) -> bool:
        """No restriction but the default one (copies left out)."""
        return self == Filters()

    def field_values(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The keyword filters as (index field, accepted values): every backend indexes these names."""
        return (
            ("authority", self.authorities),
            ("exemption", self.exemptions),
            ("outcome", self.outcomes),
            ("doc_type", self.doc_types),
            ("request_id", self.request_ids),
            ("parent_id", self.parent_ids),
            ("campaign", self.campaigns),
            *self._collection_values(),
        )

    def excluded_values(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Keyword fields whose values leave a document out (index field, refused values)."""
        return () if self.duplicates else ((DUPLICATE_FIELD, (DUPLICATE_MARK,)),)

    def _collection_values(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if self.collections is None:
            return ()
        # No collection at all: a value that no collection name can be, so nothing matches.
        return (("collection", self.collections or (NO_COLLECTION,)),)

    def merged(self, other: Filters) -> Filters:
        """Both sets of restrictions: value lists are unioned; dates and collections narrowed
        (a collection asked for is searched only where both sides allow it)."""
        return Filters(
            authorities=_union(self.authorities, other.authorities),
            exemptions=_union(self.exemptions, other.exemptions),
            outcomes=_union(self.outcomes, other.outcomes),
            date_from=_latest(self.date_from, other.date_from),
            date_to=_earliest(self.date_to, other.date_to),
            doc_types=_union(self.doc_types, other.doc_types),
            request_ids=_union(self.request_ids, other.request_ids),
            parent_ids=_union(self.parent_ids, other.parent_ids),
            path_prefix=other.path_prefix or self.path_prefix,
            exclude_document_ids=_union(self.exclude_document_ids, other.exclude_document_ids),
            collections=_narrowed(self.collections, other.collections),
            campaigns=_union(self.campaigns, other.campaigns),
            duplicates=self.duplicates or other.duplicates,
        )


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def _narrowed(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if a is None or b is None:
        return b if a is None else a
    return tuple(value for value in a if value in b)


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


# The parsed keyword expression. Terms and phrases hold the user's words; each
# backend analyses them with its own analyzer.
@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class AllOf:
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class AnyOf:
    operands: tuple[Expr, ...]


Expr = Term | Phrase | Not | AllOf | AnyOf


def positive_leaves(expr: Expr | None) -> tuple[Term | Phrase, ...]:
    """Terms and phrases the user wants to see, for highlighting and relaxed matching."""
    if expr is None or isinstance(expr, Not):
        return ()
    if isinstance(expr, Term | Phrase):
        return (expr,)
    return tuple(leaf for operand in expr.operands for leaf in positive_leaves(operand))


@dataclass(frozen=True)
class Query:
    """A fully resolved query, as a backend receives it.

    `keyword` is the parsed boolean expression (None: no keyword constraint);
    `vector` is the query embedding for semantic and hybrid search;
    `like_document_id` asks for documents similar to that one instead.
    """

    text: str = ""
    keyword: Expr | None = None
    vector: Vector | None = field(default=None, compare=False, repr=False)
    like_document_id: str | None = None
    mode: Mode = Mode.HYBRID
    filters: Filters = Filters()
    limit: int = 10
    offset: int = 0
    chunks_per_document: int = 3
    sort: Sort = Sort.RELEVANCE
    with_facets: bool = True
    keyword_candidates: int = 100
    semantic_candidates: int = 100
    fusion: FusionSettings = field(default_factory=FusionSettings)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"limit must be at least 1, got {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must not be negative, got {self.offset}")
        if self.chunks_per_document < 1:
            raise ValueError(f"chunks_per_document must be at least 1, got {self.chunks_per_document}")


@dataclass(frozen=True)
class Hit:
    """A chunk that matched, with its highlighted snippet (HTML-escaped, terms in <mark>)."""

    chunk_id: str
    document_id: str
    order: int
    snippet: str
    text: str
    page: int | None
    pages: tuple[int, ...]
    section: str | None
    score: float


@dataclass(frozen=True)
class DocumentHit:
    """A document in a result list, with its best chunks."""

    document: Document
    score: float
    hits: tuple[Hit, ...]
    keyword_rank: int | None = None
    semantic_rank: int | None = None

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


@dataclass(frozen=True)
class FacetBucket:
    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Document counts over the whole filtered result set, largest first."""

    authority: tuple[FacetBucket, ...] = ()
    exemption: tuple[FacetBucket, ...] = ()
    outcome: tuple[FacetBucket, ...] = ()
    year: tuple[FacetBucket, ...] = ()
    collection: tuple[FacetBucket, ...] = ()
    campaign: tuple[FacetBucket, ...] = ()


# Each facet of Facets and the index field it counts (every backend indexes these names).
FACET_FIELDS = {
    "authority": "authority",
    "exemption": "exemption_top",
    "outcome": "outcome",
    "year": "year",
    "collection": "collection",
    "campaign": "campaign",
}


@dataclass(frozen=True)
class Timings:
    total_ms: float = 0.0
    embed_ms: float = 0.0
    keyword_ms: float = 0.0
    semantic_ms: float = 0.0
    facets_ms: float = 0.0


@dataclass(frozen=True)
class Result:
    hits: tuple[DocumentHit, ...]
    total: int
    facets: Facets | None = None
    timings: Timings = Timings()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexCounts:
    documents: int
    chunks: int
