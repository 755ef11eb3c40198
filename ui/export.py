"""Export of the whole current result set (every matching document, not one page)."""

from __future__ import annotations

import json

from search.client import QueryOptions, SearchClient
from ui.state import SearchState


def _options(state: SearchState) -> QueryOptions:
    return {"mode": state.mode, "filters": state.filters(), "sort": state.sort}


def export_csv(client: SearchClient, state: SearchState) -> bytes:
    """CSV with a byte-order mark, so that Excel (what most newsrooms open it with) reads UTF-8."""
    return client.export(state.q, format="csv", **_options(state)).encode("utf-8-sig")


def export_json(client: SearchClient, state: SearchState) -> bytes:
    rows = list(client.iter_export_rows(state.q, **_options(state)))
    payload = {
        "query": state.q,
        "mode": state.mode.value,
        "filters": _filters_dict(state),
        "sort": state.sort.value,
        "total": len(rows),
        "documents": rows,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _filters_dict(state: SearchState) -> dict[str, object]:
    filters = state.filters()
    return {
        "authorities": list(filters.authorities),
        "exemptions": list(filters.exemptions),
        "outcomes": list(filters.outcomes),
        "doc_types": list(filters.doc_types),
        "after": filters.date_from.isoformat() if filters.date_from else None,
        "before": filters.date_to.isoformat() if filters.date_to else None,
    }


def export_file_stem(state: SearchState) -> str:
    words = "".join(ch if ch.isalnum() else "-" for ch in state.q.lower()).strip("-")
    return f"foi-search-{'-'.join(part for part in words.split('-') if part)[:40] or 'all'}"
