"""Highlighted snippets: HTML-escaped text with matched words in <mark>."""

from __future__ import annotations

import html

import tantivy

SNIPPET_CHARS = 280


def highlighted_snippet(generator: tantivy.SnippetGenerator | None, text: str) -> str:
    """The best fragment of `text` for the query, or its opening when nothing matches.

    Tantivy reports highlights as byte ranges of the fragment; everything
    outside them is escaped, so a document holding `<script>` shows as text.
    """
    if generator is not None:
        snippet = generator.snippet_from_doc(tantivy.Document(text=text))
        ranges = [(item.start, item.end) for item in snippet.highlighted()]
        if ranges:
            return _mark(snippet.fragment().encode("utf-8"), ranges)
    return html.escape(opening(text))


def opening(text: str, limit: int = SNIPPET_CHARS) -> str:
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    cut = collapsed.rfind(" ", 0, limit)
    return collapsed[: cut if cut > limit // 2 else limit] + " …"


def _mark(fragment: bytes, ranges: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(ranges):
        if start < cursor:
            continue
        parts.append(html.escape(fragment[cursor:start].decode("utf-8", "replace")))
        parts.append("<mark>" + html.escape(fragment[start:end].decode("utf-8", "replace")) + "</mark>")
        cursor = end
    parts.append(html.escape(fragment[cursor:].decode("utf-8", "replace")))
    return "".join(parts)
