"""Saved web pages (WhatDoTheyKnow threads, police disclosure logs): text blocks, chrome marked.

unstructured turns the whole page into elements, navigation and cookie banners
included. We mark as "chrome" every block whose text is not in the page's content
once the site furniture is taken out of the DOM (nav, header and footer landmarks,
cookie and consent banners, pop-ups, action menus...), so cleaning can drop them
while the original text keeps them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import lxml.html
from lxml import etree

from ingest.errors import CorruptFileError
from ingest.extract.elements import partition_blocks
from ingest.extract.model import Block

_CHROME_TAGS = {"nav", "footer", "aside", "noscript", "script", "style", "template", "button", "form", "dialog"}
_CHROME_ROLES = {"banner", "navigation", "contentinfo", "complementary", "alert", "alertdialog", "dialog", "search"}
# Class or id fragments of site furniture; "footer" also catches WhatDoTheyKnow's per-message
# "Report" bar, "delivery-log" its mail-server log notice. Its "show quoted sections" link stays: cleaning
# uses it to find the quoted earlier message.
_CHROME_NAMES = re.compile(
    r"cookie|consent|gdpr|popup|modal|skip-?to|skip-?link|sidebar|breadcrumb|navigation|navbar|menu|footer|"
    r"banner|share|social|donate|action-bar__actions|action-menu|after-actions|delivery-log|cplink|feed_link|"
    r"print-only|only-show-for-print",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"\W+")
_LONG_TEXT = 30


def read_html(path: Path) -> lxml.html.HtmlElement:
    try:
        root = lxml.html.parse(str(path)).getroot()
    except (etree.ParserError, ValueError, OSError) as e:
        raise CorruptFileError(str(path), f"not a readable HTML page: {e}") from e
    if root is None:
        raise CorruptFileError(str(path), "not a readable HTML page: no document element")
    return root


def extract_html(path: Path) -> tuple[list[Block], str | None]:
    """(blocks with region "main" or "chrome", page title)."""
    from unstructured.partition.html import partition_html

    root = read_html(path)
    blocks = partition_blocks(path, partition_html, "HTML")
    content = _content_text(root)
    compact, words = _compact(content), f" {_words(content)} "
    marked = [b if _in_content(b.text, compact, words) else replace(b, region="chrome") for b in blocks]
    return marked, page_title(root)


def _in_content(text: str, compact_content: str, content_words: str) -> bool:
    """Whether a block's text is part of the page content.

    Long texts compare letters and digits only (unstructured and lxml space inline
    elements differently); short ones compare whole words, or "Help" would be found
    inside "help us".
    """
    compact = _compact(text)
    if len(compact) >= _LONG_TEXT:
        return compact in compact_content
    return f" {_words(text)} " in content_words


def page_title(root: lxml.html.HtmlElement) -> str | None:
    """The first <h1> of the content (a request's title on WhatDoTheyKnow), else <title>."""
    for h1 in root.iter("h1"):
        if not _is_chrome(h1) and (text := " ".join(h1.text_content().split())):
            return text
    title = root.find(".//title")
    if title is not None and (text := " ".join(title.text_content().split())):
        return text
    return None


def _content_text(root: lxml.html.HtmlElement) -> str:
    """The page's text once every chrome element is removed (the tree is modified)."""
    body = root.find("body")
    body = root if body is None else body
    for element in [e for e in body.iter() if isinstance(e.tag, str) and _is_chrome(e)]:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    return str(body.text_content())


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    if element.tag in _CHROME_TAGS:
        return True
    if (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_CHROME_NAMES.search(names))


def _words(text: str) -> str:
    return " ".join(_NON_WORD.split(text.lower())).strip()


def _compact(text: str) -> str:
    """Letters and digits only: unstructured and lxml space inline elements differently."""
    return _NON_WORD.sub("", text).lower()
