"""The HTML the app draws itself. Every value from a document is escaped here.

Snippets from the backend are the one exception: they arrive HTML-escaped with
<mark> around the matched words, so they are inserted as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from core.model import Document
from search.model import DocumentHit, Hit, Phrase, Term, positive_leaves
from search.query import parse_query
from ui.labels import exemption_label, exemption_name, outcome_label

STYLE = """
<style>
.foi-card h4 { margin: 0 0 .3rem 0; font-size: 1.05rem; }
.foi-badges { display: flex; flex-wrap: wrap; gap: .3rem; margin: .2rem 0 .4rem 0; }
.foi-badge { border-radius: .6rem; padding: .05rem .5rem; font-size: .78rem; background: #eef1f6; color: #1f2a44; }
.foi-badge.authority { background: #dde8fb; }
.foi-badge.outcome { background: #fdecc8; }
.foi-badge.exemption { background: #f6d6d6; }
.foi-badge.reference { background: #e4f3e4; font-family: monospace; }
.foi-path { color: #6b7280; font-size: .78rem; word-break: break-all; }
.foi-snippet { margin: .25rem 0; line-height: 1.45; }
.foi-snippet .foi-page { color: #6b7280; font-size: .78rem; margin-right: .4rem; }
.foi-snippet mark, .foi-fulltext mark { background: #ffe066; padding: 0 .1rem; }
.foi-fulltext { white-space: pre-wrap; font-family: Georgia, serif; line-height: 1.5; max-height: 70vh;
  overflow-y: auto; border: 1px solid #e5e7eb; border-radius: .4rem; padding: .8rem; }
.foi-meta { border-collapse: collapse; width: 100%; font-size: .88rem; }
.foi-meta th { text-align: left; vertical-align: top; padding: .3rem .6rem .3rem 0; white-space: nowrap; }
.foi-meta td { vertical-align: top; padding: .3rem .6rem .3rem 0; }
.foi-meta .foi-evidence { color: #4b5563; font-style: italic; }
</style>
"""


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def badge(text: str, kind: str, title: str | None = None) -> str:
    tooltip = f' title="{escape(title)}"' if title else ""
    return f'<span class="foi-badge {kind}"{tooltip}>{escape(text)}</span>'


def badges(document: Document) -> str:
    parts: list[str] = []
    if document.authority:
        parts.append(badge(document.authority, "authority"))
    if document.date:
        parts.append(badge(document.date.isoformat(), "date"))
    if document.reference or document.references:
        parts.append(badge(document.reference or document.references[0], "reference"))
    if document.outcome:
        parts.append(badge(outcome_label(document.outcome), "outcome"))
    parts.extend(badge(code, "exemption", exemption_name(code)) for code in document.exemptions)
    if document.doc_type:
        parts.append(badge(document.doc_type, "type"))
    return f'<div class="foi-badges">{"".join(parts)}</div>'


def title_of(document: Document) -> str:
    return document.title or document.member_path or document.source_path


def location_of(document: Document) -> str:
    return f"{document.source_path} › {document.member_path}" if document.member_path else document.source_path


def snippet(hit: Hit) -> str:
    # The snippet is already escaped, with <mark> around matches (see search.model.Hit).
    where = []
    if hit.page:
        where.append(f"p. {hit.page}")
    if hit.section:
        where.append(escape(hit.section))
    label = f'<span class="foi-page">{" · ".join(where)}</span>' if where else ""
    return f'<div class="foi-snippet">{label}{" ".join(hit.snippet.split())}</div>'


def result_card(hit: DocumentHit, rank: int) -> str:
    document = hit.document
    snippets = "".join(snippet(chunk) for chunk in hit.hits)
    return (
        f'<div class="foi-card"><h4>{rank}. {escape(title_of(document))}</h4>'
        f"{badges(document)}{snippets}"
        f'<div class="foi-path">{escape(location_of(document))}</div></div>'
    )


def document_line(document: Document, note: str = "") -> str:
    extra = f' <span class="foi-path">{escape(note)}</span>' if note else ""
    return f'<div class="foi-card"><strong>{escape(title_of(document))}</strong>{extra}{badges(document)}</div>'


def metadata_table(document: Document) -> str:
    """Each extracted field with its value and, where known, the sentence it came from."""
    rows = [
        _row(label, value, document.evidence.get(name))
        for name, label, value in _metadata_fields(document)
        if value not in (None, "", ())
    ]
    rows.extend(
        _row(f"Exemption {code}", exemption_label(code), document.evidence.get(f"exemptions:{code}"))
        for code in document.exemptions
    )
    return f'<table class="foi-meta">{"".join(rows)}</table>'


def _metadata_fields(document: Document) -> Iterable[tuple[str, str, object]]:
    return (
        ("authority", "Authority", document.authority),
        ("reference", "Reference", document.reference),
        ("references", "References mentioned", "; ".join(document.references)),
        ("request_date", "Request date", document.request_date),
        ("response_date", "Response date", document.response_date),
        ("requester", "Requester", document.requester),
        ("outcome", "Outcome", outcome_label(document.outcome) if document.outcome else None),
        ("source_status", "Status declared by the source", document.source_status),
        ("request_text", "Request", document.request_text),
        ("doc_type", "Document type", f"{document.doc_type} ({document.mime_type})"),
        ("pages", "Pages", document.pages),
        ("request_id", "Request thread", document.request_id),
        ("source_path", "File", location_of(document)),
    )


def _row(label: str, value: object, evidence: str | None) -> str:
    why = f'<div class="foi-evidence">“{escape(evidence)}”</div>' if evidence else ""
    return f"<tr><th>{escape(label)}</th><td>{escape(value)}{why}</td></tr>"


def highlighted_text(text: str, query_text: str) -> str:
    """The whole text, escaped, with the words of the query in <mark> (escape first, then mark)."""
    spans = _match_spans(text, _patterns(query_text))
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return f'<div class="foi-fulltext">{"".join(parts)}</div>'


# Endings stripped so that "officers" also marks "officer" and "refusing" marks "refused";
# display only: the backend's own analyzer decides what matches.
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s")


# Words too common to be worth marking in a whole letter ("names of officers" marks names, officers).
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def _stem(word: str) -> str:
    lowered = word.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            return lowered[: -len(suffix)]
    return lowered


def _patterns(query_text: str) -> list[re.Pattern[str]]:
    patterns = []
    for leaf in positive_leaves(parse_query(query_text).keyword):
        if isinstance(leaf, Phrase):
            words = [re.escape(word) for word in leaf.text.split()]
            if words:
                patterns.append(re.compile(r"\b" + r"\W+".join(words) + r"\b", re.IGNORECASE))
        elif isinstance(leaf, Term) and leaf.text.strip() and leaf.text.lower() not in _STOPWORDS:
            stem = leaf.text.lower() if leaf.prefix else _stem(leaf.text)
            patterns.append(re.compile(r"\b" + re.escape(stem) + r"\w*", re.IGNORECASE))
    return patterns


def _match_spans(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    found = sorted({(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)})
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if start == end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Text shown through Streamlit's Markdown (st.info, st.error ...) exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
