"""The domain objects that cross module boundaries: documents, chunks, queries, results.

Everything here is a plain dataclass so that every backend, the CLI and the UI
speak the same language; no backend-specific type leaks out of a backend.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import PurePosixPath

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float32]

OUTCOMES: tuple[str, ...] = (
    "disclosed",
    "partially_disclosed",
    "refused",
    "ncnd",
    "not_held",
    "acknowledgement",
    "clarification",
    "internal_review",
    "other",
)

# s40, s40(2), s22A, eir12(5)(e), foisa38(1)(b): an act prefix, a section, subsections.
_EXEMPTION = re.compile(r"^(?P<act>s|eir|foisa)(?P<section>\d{1,3}[A-Z]?)(?P<subs>(?:\([0-9a-z]{1,4}\))*)$")


def is_exemption_code(code: str) -> bool:
    """True when `code` is in the normal form of DESIGN.md (`s31(1)(a)`, `eir12(5)(e)`)."""
    return _EXEMPTION.match(code) is not None


def exemption_levels(code: str) -> tuple[str, ...]:
    """Every level of a normalised exemption, broadest first.

    `s31(1)(a)` -> (`s31`, `s31(1)`, `s31(1)(a)`), so that a filter on any level
    matches a document that cites a finer one.
    """
    match = _EXEMPTION.match(code)
    if match is None:
        raise ValueError(f"not a normalised exemption code: {code!r}")
    top = match["act"] + match["section"]
    levels = [top]
    for sub in re.findall(r"\([0-9a-z]+\)", match["subs"]):
        levels.append(levels[-1] + sub)
    return tuple(levels)


def top_level_exemption(code: str) -> str:
    """`s31(1)(a)` -> `s31`: the bucket used for exemption facets."""
    return exemption_levels(code)[0]


def document_id_for(source_path: str, member_path: str | None = None) -> str:
    """A stable document id: a hash of where the document came from."""
    key = source_path if member_path is None else f"{source_path}\x00{member_path}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def normalise_path(path: str) -> str:
    return str(PurePosixPath(path.replace("\\", "/"))).rstrip("/") or "/"


def path_ancestors(path: str) -> list[str]:
    """`a/b/c.pdf` -> [`a`, `a/b`, `a/b/c.pdf`]: a path filter matches whole components."""
    pure = PurePosixPath(normalise_path(path))
    return [str(parent) for parent in reversed(pure.parents) if str(parent) not in (".", "")] + [str(pure)]


@dataclass(frozen=True)
class Document:
    """One file or message as the user knows it, with its FOI metadata."""

    id: str
    source_path: str
    title: str = ""
    text: str = ""
    member_path: str | None = None
    parent_id: str | None = None
    request_id: str | None = None
    mime_type: str = "text/plain"
    doc_type: str = "text"
    pages: int = 1
    text_hash: str = ""
    authority: str | None = None
    authority_id: str | None = None
    references: tuple[str, ...] = ()
    request_date: date | None = None
    response_date: date | None = None
    requester: str | None = None
    exemptions: tuple[str, ...] = ()
    outcome: str | None = None
    request_text: str | None = None
    source_status: str | None = None
    # The document's own FOI reference (also in `references`, which holds every
    # reference found, including those of earlier requests it mentions).
    reference: str | None = None
    # Why each extracted field has its value: field name (or `exemptions:s40(2)`
    # for one exemption) -> the sentence it came from. Shown by `foi show` and the UI.
    evidence: dict[str, str] = field(default_factory=dict, compare=False)
    # The extracted text before boilerplate removal, for display; None when
    # cleaning changed nothing.
    original_text: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a Document needs an id")
        for code in self.exemptions:
            if not is_exemption_code(code):
                raise ValueError(f"document {self.id}: exemption {code!r} is not in normal form (e.g. s40(2))")
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"document {self.id}: outcome {self.outcome!r} is not one of {', '.join(OUTCOMES)}")

    @property
    def date(self) -> date | None:
        """The date a date filter and the year facet use: response, else request."""
        return self.response_date or self.request_date

    @property
    def exemption_levels(self) -> tuple[str, ...]:
        """Every level of every exemption, deduplicated, in a stable order."""
        seen: dict[str, None] = {}
        for code in self.exemptions:
            for level in exemption_levels(code):
                seen[level] = None
        return tuple(seen)

    def without_text(self) -> Document:
        return replace(self, text="", original_text=None)

    @property
    def display_text(self) -> str:
        return self.original_text if self.original_text is not None else self.text


@dataclass(frozen=True)
class Chunk:
    """A span of a document, the unit of retrieval and of embedding."""

    document_id: str
    order: int
    text: str
    pages: tuple[int, ...] = ()
    section: str | None = None
    char_start: int = 0
    char_end: int = 0
    embedding: Vector | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return f"{self.document_id}#{self.order}"


@dataclass(frozen=True)
class IndexItem:
    """A document with all of its chunks: the unit of upsert.

    Upserting an item replaces every chunk the document had before.
    """

    document: Document
    chunks: tuple[Chunk, ...]

    def __post_init__(self) -> None:
        for chunk in self.chunks:
            if chunk.document_id != self.document.id:
                raise ValueError(f"chunk {chunk.id} does not belong to document {self.document.id}")


class Mode(StrEnum):
    KEYWORD = "keyword"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


class FusionMethod(StrEnum):
    RRF = "rrf"
    MINMAX = "minmax"
    # An IDF-weighted share of the query's words found (keyword) with min-max semantic scores.
    CALIBRATED = "calibrated"


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class Filters:
    """Restrictions applied before ranking, in keyword and vector search alike.

    Within one field values are alternatives (any of); across fields all apply.
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

    def is_empty(self) -> bool:
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
        )

    def merged(self, other: Filters) -> Filters:
        """Both sets of restrictions: value lists are unioned, dates narrowed."""
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
        )


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


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
class FusionSettings:
    """How hybrid search fuses; the defaults are the measured ones (docs/relevance.md), as in Settings."""

    method: FusionMethod = FusionMethod.CALIBRATED
    rrf_k: int = 60
    keyword_weight: float = 2.0
    semantic_weight: float = 1.0
    # The keyword side of hybrid search: "all" words (as keyword mode), or "any" word
    # ranked by BM25, so that a question worded unlike the text still brings candidates.
    keyword_match: str = "any"
    # The keyword weight for a query that looks like a known item (quoted phrase,
    # reference number, section citation, or every word found in one document) of at most
    # search.fusion.SHORT_QUERY_TERMS content words; and for a longer one.
    known_item_keyword_weight: float = 12.0
    long_known_item_keyword_weight: float = 4.0
    # A document's semantic score from its chunks: the best chunk ("max"), or the sum of
    # its best n chunks ("sum2", "sum3"), which favours documents about the topic throughout.
    chunk_aggregation: str = "max"


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
    fusion: FusionSettings = FusionSettings()
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
