"""Bulk writes: records and actions as plain data, and their execution with per-document results.

A document is one record with its chunks nested inside, indexed under the
document's id: indexing it again replaces the old record and every old chunk in
one operation (a delete by document id and the re-insert, at once), so no
stale chunk can survive. Rejected items (HTTP 429) are retried with backoff by
opensearch-py's bulk helper; anything still failing is reported per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from opensearchpy import exceptions as os_errors
from opensearchpy import helpers

from core.codes import top_level_exemption
from core.model import Chunk, Document, IndexItem, path_ancestors
from core.settings import Settings
from search.backends.opensearch.connection import Connection
from search.backends.opensearch.mappings import DOC
from search.model import DUPLICATE_FIELD, DUPLICATE_MARK
from search.serialize import chunk_from_dict, document_from_dict, document_to_dict

JSON = dict[str, Any]
VECTOR_DECIMALS = 7
_INITIAL_BACKOFF_S = 1
_MAX_BACKOFF_S = 30


def document_record(document: Document, chunks: Sequence[Chunk]) -> JSON:
    """The `_source` of a document's record: filter fields, text, chunks with embeddings, payload."""
    record: JSON = {
        "kind": DOC,
        "doc_id": document.id,
        "title": document.title,
        "text": document.text,
        "authority": document.authority,
        "authority_id": document.authority_id,
        "exemption": list(document.exemption_levels),
        "exemption_top": list(dict.fromkeys(top_level_exemption(code) for code in document.exemptions)),
        "outcome": document.outcome,
        "doc_type": document.doc_type,
        "request_id": document.request_id,
        "parent_id": document.parent_id,
        "path": path_ancestors(document.source_path),
        "references": list(document.references),
        "mime_type": document.mime_type,
        "source_status": document.source_status,
        "collection": document.collection,
        "campaign": document.campaign_id,
        DUPLICATE_FIELD: DUPLICATE_MARK if document.duplicate_of else None,
        "date": document.date.isoformat() if document.date else None,
        "year": str(document.date.year) if document.date else None,
        "chunk_count": len(chunks),
        "payload": document_to_dict(document, with_text=False),
        "chunks": [chunk_record(chunk) for chunk in chunks],
    }
    return {key: value for key, value in record.items() if value is not None}


def chunk_record(chunk: Chunk) -> JSON:
    if chunk.embedding is None:
        raise ValueError(f"chunk {chunk.id} has no embedding")
    return {
        "chunk_id": chunk.id,
        "order": chunk.order,
        "text": chunk.text,
        "pages": list(chunk.pages),
        "section": chunk.section,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "embedding": vector_json(chunk.embedding),
    }


def vector_json(vector: Any) -> list[float]:
    """A vector as JSON numbers, to the 7 decimals a float32 unit vector holds: half the bytes of
    full float64 digits (a bulk request is mostly vectors), at a cosine error below 1e-6."""
    return [float(value) for value in np.round(np.asarray(vector, dtype=np.float64), VECTOR_DECIMALS).tolist()]


def document_from_record(source: JSON) -> Document:
    payload = dict(source.get("payload") or {})
    payload["text"] = source.get("text", "")
    return document_from_dict(payload)


def chunks_from_record(source: JSON) -> list[Chunk]:
    document_id = str(source.get("doc_id", ""))
    chunks = [
        chunk_from_dict({**record, "document_id": document_id, "pages": record.get("pages") or []})
        for record in source.get("chunks") or []
    ]
    return sorted(chunks, key=lambda chunk: chunk.order)


def index_actions(index: str, items: Iterable[IndexItem]) -> Iterator[JSON]:
    for item in items:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": item.document.id,
            "_source": document_record(item.document, item.chunks),
        }


def delete_actions(index: str, document_ids: Iterable[str]) -> Iterator[JSON]:
    for document_id in document_ids:
        yield {"_op_type": "delete", "_index": index, "_id": document_id}


def bulk_lines(actions: Iterable[JSON]) -> list[JSON]:
    """The NDJSON lines opensearch-py sends for these actions (action line, then source line)."""
    lines: list[JSON] = []
    for action in actions:
        meta, source = helpers.expand_action(action)
        lines.append(meta)
        if source is not None:
            lines.append(source)
    return lines


@dataclass
class BulkReport:
    """What happened to each document of a bulk request."""

    done: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def run_bulk(connection: Connection, actions: Iterable[JSON], settings: Settings, what: str) -> BulkReport:
    report = BulkReport()
    try:
        results = helpers.streaming_bulk(
            connection.client,
            actions,
            chunk_size=max(1, settings.opensearch_bulk_documents),
            max_chunk_bytes=max(1, settings.opensearch_bulk_mb) * 1024 * 1024,
            max_retries=max(0, settings.opensearch_retries),
            initial_backoff=_INITIAL_BACKOFF_S,
            max_backoff=_MAX_BACKOFF_S,
            raise_on_error=False,
            raise_on_exception=True,
        )
        for ok, result in results:
            _record(report, ok, result)
    except os_errors.TransportError as e:
        raise connection.translate(e, what) from None
    return report


def _record(report: BulkReport, ok: bool, result: JSON) -> None:
    ((operation, info),) = result.items()
    document_id = str(info.get("_id", ""))
    if ok:
        report.done.append(document_id)
    elif operation == "delete" and info.get("status") == 404:
        report.absent.append(document_id)
    else:
        error = info.get("error")
        if isinstance(error, dict):
            reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
            caused = error.get("caused_by")
            if isinstance(caused, dict):
                reason += f" ({caused.get('type', '')}: {caused.get('reason', '')})"
        else:
            reason = str(error)
        report.failures[document_id] = f"HTTP {info.get('status')}: {reason}"[:1000]
