"""Model objects to and from plain JSON-able data: the stable shape that the
CLI's --json, exports and stored payloads share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from core.model import Chunk, Document
from search.compare import Comparison
from search.model import DocumentHit, FacetBucket, Facets, Result
from search.pages import in_groups

JSONDict = dict[str, Any]

_DATE_FIELDS = ("request_date", "response_date")
_TUPLE_FIELDS = ("references", "exemptions", "duplicates")


def document_to_dict(document: Document, with_text: bool = True) -> JSONDict:
    data = asdict(document)
    for name in _DATE_FIELDS:
        value = data[name]
        data[name] = value.isoformat() if value else None
    for name in _TUPLE_FIELDS:
        data[name] = list(data[name])
    if not with_text:
        del data["text"]
    return data


def document_from_dict(data: JSONDict) -> Document:
    known = {spec.name for spec in fields(Document)}
    values = {key: value for key, value in data.items() if key in known}
    for name in _DATE_FIELDS:
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    for name in _TUPLE_FIELDS:
        values[name] = tuple(values.get(name) or ())
    return Document(**values)


def chunk_to_dict(chunk: Chunk) -> JSONDict:
    return {
        "document_id": chunk.document_id,
        "order": chunk.order,
        "text": chunk.text,
        "pages": list(chunk.pages),
        "section": chunk.section,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
    }


def chunk_from_dict(data: JSONDict) -> Chunk:
    return Chunk(
        document_id=data["document_id"],
        order=int(data["order"]),
        text=data["text"],
        pages=tuple(data.get("pages") or ()),
        section=data.get("section"),
        char_start=int(data.get("char_start", 0)),
        char_end=int(data.get("char_end", 0)),
    )


def facets_to_dict(facets: Facets | None) -> JSONDict:
    if facets is None:
        return {}
    return {spec.name: [_bucket(bucket) for bucket in getattr(facets, spec.name)] for spec in fields(Facets)}


def _bucket(bucket: FacetBucket) -> JSONDict:
    return {"value": bucket.value, "count": bucket.count}


def hit_to_dict(hit: DocumentHit) -> JSONDict:
    """One result row of `foi search --json`; documented in the README."""
    document = hit.document
    best = hit.best
    return {
        "document_id": document.id,
        "source_path": document.source_path,
        "member_path": document.member_path,
        "title": document.title,
        "authority": document.authority,
        "references": list(document.references),
        "exemptions": list(document.exemptions),
        "outcome": document.outcome,
        "date": document.date.isoformat() if document.date else None,
        "collection": document.collection,
        "campaign_id": document.campaign_id,
        "duplicate_of": document.duplicate_of,
        "duplicates": list(document.duplicates),
        "snippet": best.snippet if best else "",
        "page": best.page if best else None,
        "score": round(hit.score, 6),
        "chunks": [
            {"chunk_id": chunk.chunk_id, "snippet": chunk.snippet, "page": chunk.page, "section": chunk.section}
            for chunk in hit.hits
        ],
    }


def result_to_dict(
    result: Result,
    by_request_thread: bool = False,
    campaigns: Sequence[tuple[str | None, Sequence[DocumentHit]]] | None = None,
) -> JSONDict:
    """`foi search --json`; with `by_request_thread`, also the page's hits grouped by request
    (`groups`: each request's document ids, in the order of its best hit); with `campaigns`
    (SearchClient.campaign_groups), `groups` holds each campaign with every matching document of it."""
    data: JSONDict = {
        "hits": [hit_to_dict(hit) for hit in result.hits],
        "total": result.total,
        "facets": facets_to_dict(result.facets),
        "warnings": list(result.warnings),
        "took_ms": round(result.timings.total_ms, 2),
    }
    if by_request_thread:
        groups = in_groups(result.hits, lambda hit: hit.document.request_id)
        data["groups"] = [
            {"request_id": request_id, "document_ids": [hit.document.id for hit in hits]} for request_id, hits in groups
        ]
    if campaigns is not None:
        data["groups"] = [campaign_group_to_dict(campaign_id, hits) for campaign_id, hits in campaigns]
    return data


def campaign_group_to_dict(campaign_id: str | None, hits: Sequence[DocumentHit]) -> JSONDict:
    authorities = sorted({hit.document.authority for hit in hits if hit.document.authority})
    return {
        "campaign_id": campaign_id,
        "document_ids": [hit.document.id for hit in hits],
        "authorities": authorities,
        "hits": [hit_to_dict(hit) for hit in hits],
    }


def comparison_to_dict(comparison: Comparison) -> JSONDict:
    """`foi compare --json`: the campaign's counts, then one answer per authority with the
    sentence behind its outcome and each exemption."""
    return {
        "campaign_id": comparison.campaign_id,
        "request_text": comparison.request_text,
        "summary": comparison.summary(),
        "outcome_counts": comparison.outcome_counts,
        "exemption_counts": comparison.exemption_counts,
        "authority_set": comparison.authority_set,
        "not_answered": list(comparison.not_answered),
        "answers": [
            {**answer.row(), "exemptions": list(answer.exemptions), "exemption_evidence": answer.exemption_evidence()}
            for answer in comparison.answers
        ],
    }
