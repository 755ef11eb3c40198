"""The result page both backends build: which passages stand for a document, a hit for each,
facet buckets in a stable order, and the plain opening of a passage when nothing was matched."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import zip_longest
from typing import TypeVar

from core.model import Chunk
from search.model import FacetBucket, Hit

T = TypeVar("T")

# The length of a snippet, in characters, on every backend.
SNIPPET_CHARS = 280


def choose_chunks(
    keyword: Sequence[tuple[str, float]], semantic: Sequence[tuple[str, float]], limit: int
) -> list[tuple[str, float]]:
    """The best passages by words and by meaning, taken in turn, without repeats."""
    chosen: dict[str, float] = {}
    for pair in zip_longest(keyword, semantic):
        for pick in pair:
            if pick is not None and pick[0] not in chosen and len(chosen) < limit:
                chosen[pick[0]] = pick[1]
    return list(chosen.items())


def page_hit(chunk: Chunk, score: float, snippet: str) -> Hit:
    return Hit(
        chunk_id=chunk.id,
        document_id=chunk.document_id,
        order=chunk.order,
        snippet=snippet,
        text=chunk.text,
        page=chunk.pages[0] if chunk.pages else None,
        pages=chunk.pages,
        section=chunk.section,
        score=score,
    )


def facet_buckets(aggregation: Mapping[str, object]) -> tuple[FacetBucket, ...]:
    """A terms aggregation's buckets (Tantivy and OpenSearch answer in the same shape), most
    documents first, then by value, so that equal counts always show in one order."""
    items = aggregation.get("buckets", [])
    buckets = (
        [FacetBucket(str(item["key"]), int(str(item["doc_count"]))) for item in items]
        if isinstance(items, list)
        else []
    )
    return tuple(sorted(buckets, key=lambda bucket: (-bucket.count, bucket.value)))


def opening(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a passage, cut at a word, for a hit that no query word marks."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    cut = collapsed.rfind(" ", 0, limit)
    return collapsed[: cut if cut > limit // 2 else limit] + " …"


def in_groups(items: Sequence[T], group_of: Callable[[T], str | None]) -> list[tuple[str | None, list[T]]]:
    """A page's documents of one group (request thread, campaign) together, in the order of each
    group's best document; a document of no group is a group of its own (None)."""
    groups: dict[str, list[T]] = {}
    ordered: list[tuple[str | None, list[T]]] = []
    for item in items:
        key = group_of(item)
        if key is None:
            ordered.append((None, [item]))
        elif key in groups:
            groups[key].append(item)
        else:
            groups[key] = [item]
            ordered.append((key, groups[key]))
    return ordered
