"""Boilerplate removal: what pollutes search but is not the document.

Removed, in this order:
1. site chrome that the web extractor marked (navigation, cookie banners, site footers);
2. site furniture that survives as text (cookie notices, "Skip to content", WhatDoTheyKnow
   notices), in saved pages and in text copied from them;
3. quoted text in replies: `>` lines, "On ... wrote:" lines, an Outlook "Original Message"
   tail, and the earlier message WhatDoTheyKnow repeats above "show quoted sections";
4. auto-reply and disclaimer sentences in emails and in correspondence pages;
5. page headers and footers that repeat on most pages of a multi-page document, and bare
   page numbers.

Only whole blocks or whole sentences/lines are removed, never part of a sentence, and
the original text stays available (`CleanText.original_text`) for display. A rule that
would leave a page or the whole document empty is not applied there.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ingest.extract.model import Block, Extraction


@dataclass(frozen=True)
class CleanText:
    blocks: tuple[Block, ...]
    text: str
    original_text: str
    removed: tuple[str, ...]


def clean(extraction: Extraction) -> CleanText:
    steps: list[Callable[[list[Block], Extraction, list[str]], list[Block]]] = [
        _drop_wdtk_quoted_sections,  # first: it needs the separators and links the later steps remove
        _drop_chrome,
        _drop_site_furniture,
        _drop_quoted_text,
        _drop_auto_reply_and_disclaimers,
        _drop_repeated_page_furniture,
    ]
    blocks = list(extraction.blocks)
    removed: list[str] = []
    for step in steps:
        blocks = step(blocks, extraction, removed)
    if not blocks and extraction.blocks:
        # Everything looked like boilerplate: keep the document whole rather than lose it.
        blocks, removed = list(extraction.blocks), []
    return CleanText(
        blocks=tuple(blocks),
        text=_join(blocks),
        original_text=_join(extraction.blocks),
        removed=tuple(removed),
    )


def _join(blocks: Sequence[Block]) -> str:
    return "\n\n".join(block.text for block in blocks)


# Web pages, emails and plain text (often copied from either) carry site and mail boilerplate;
# letters and office files are left alone by those rules (a letter may well discuss cookies).
_CORRESPONDENCE = {"web_page", "email", "text"}


# -- 1. chrome marked by the extractor ------------------------------------------------------


def _drop_chrome(blocks: list[Block], _: Extraction, removed: list[str]) -> list[Block]:
    return _drop_blocks(blocks, lambda b: b.region == "chrome", removed)


# -- 2. site furniture left in the text -----------------------------------------------------

_COOKIE_SENTENCE = re.compile(
    r"\bcookies?\b.*\b(essential|necessary|analytics?|preferences?|settings?|accept|reject|consent|"
    r"remember|improve|understand how you use|use of cookies|we use|customi[sz]e)\b"
    r"|\b(we use|we'd like to set|we would like to set|this (web)?site uses)\b.*\bcookies?\b",
    re.IGNORECASE,
)
_FURNITURE_LINE = re.compile(
    r"^(skip to (main )?content|back to (top|content)|menu( close)?|close|search|sign in( or sign up)?|"
    r"accept( all)?( cookies)?|reject( all)?( cookies)?|(customi[sz]e|manage) cookies|cookie settings|"
    r"hide quoted sections|quickly exit this site.*|leave this site|"
    r"printed from https?://\S+.*|sorry, there was a technical problem\. please try again\.?|"
    r"this site is a beta, .*|we couldn.t load the mail server logs for this message\.?|"
    r"try opening the logs in a new window\.?|report this request|download a zip file of all correspondence|"
    r"are you the owner of any commercial copyright on this page\?)$",
    re.IGNORECASE,
)


def _drop_site_furniture(blocks: list[Block], extraction: Extraction, removed: list[str]) -> list[Block]:
    if extraction.doc_type not in _CORRESPONDENCE:
        return blocks
    kept = _drop_blocks(blocks, lambda b: bool(_FURNITURE_LINE.match(b.text.strip())), removed)
    return _drop_sentences(kept, lambda s: bool(_COOKIE_SENTENCE.search(s)), removed)


# -- 3. quoted text in replies --------------------------------------------------------------

_ATTRIBUTION = re.compile(r"^\s*On .{4,200}\bwrote:\s*$|^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}", re.IGNORECASE)
_OUTLOOK_HEADER = re.compile(r"^\s*From:\s.+\n\s*(Sent|Date):\s.+\n\s*To:\s", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*[-_=]{10,}\s*$")
_SHOW_QUOTED = re.compile(r"^\s*show quoted sections\s*$", re.IGNORECASE)
# How far back from a "show quoted sections" link the quoted message may start.
_QUOTE_WINDOW = 40


def _drop_quoted_text(blocks: list[Block], extraction: Extraction, removed: list[str]) -> list[Block]:
    if extraction.doc_type not in _CORRESPONDENCE:
        return blocks
    if extraction.doc_type == "email":
        blocks = _drop_original_message_tail(blocks, removed)
    return _drop_lines(blocks, lambda line: line.lstrip().startswith(">") or bool(_ATTRIBUTION.match(line)), removed)


def _drop_wdtk_quoted_sections(blocks: list[Block], _: Extraction, removed: list[str]) -> list[Block]:
    """WhatDoTheyKnow repeats the earlier message under a dashed line and folds it behind
    "show quoted sections": drop from the nearest separator above the link to the link."""
    drop: set[int] = set()
    for index, block in enumerate(blocks):
        if not _SHOW_QUOTED.match(block.text):
            continue
        drop.add(index)
        for back in range(index - 1, max(-1, index - _QUOTE_WINDOW), -1):
            if back in drop or _SHOW_QUOTED.match(blocks[back].text):
                break
            if _SEPARATOR.match(blocks[back].text):
                drop.update(range(back, index))
                break
    return _drop_indices(blocks, drop, removed)


def _drop_original_message_tail(blocks: list[Block], removed: list[str]) -> list[Block]:
    """In an email, everything from "-----Original Message-----" or an Outlook From/Sent/To header on
    is the earlier message, which the mailbox holds as its own document."""
    for index, block in enumerate(blocks):
        if index > 0 and (_ORIGINAL_MESSAGE.match(block.text) or _OUTLOOK_HEADER.match(block.text)):
            return _drop_indices(blocks, set(range(index, len(blocks))), removed)
    return blocks


# -- 4. auto-replies and disclaimers --------------------------------------------------------

_AUTO_REPLY = re.compile(
    r"\bthis is an? (automated|automatic|auto-generated) (message|response|reply|e-?mail|acknowledgement)"
    r"|\bplease do not (reply|respond) to this (message|e-?mail|address|mailbox)"
    r"|\b(i am|i'm) (currently )?(out of (the )?office|away from (the|my) (office|desk)|on (annual )?leave)\b"
    r"|\b(mailbox|e-?mail account|inbox|e-?mail address) (is not|will no longer be|is no longer) monitored"
    r"|^\**\s*(automatic|auto)[- ]reply\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"\bthis (e-?mail|message|communication)( and any (files?|attachments?)[^.]{0,60})? (is|are|may be|contains?)"
    r"[^.]{0,40}\b(confidential|privileged|intended (solely|only)|for the (sole|exclusive) use)"
    r"|\bif you (have received|receive|are not the intended recipient)[^.]{0,80}"
    r"(in error|by mistake|notify|delete|not the intended)"
    r"|\b(views|opinions) (expressed|contained) in this (e-?mail|message)"
    r"|\b(communications?|e-?mails?|messages?|traffic) (sent to or from|to and from|to or from|via)[^.]{0,80}"
    r"(monitored|recorded|intercepted|logged)"
    r"|\b(has|have) been (scanned|checked|swept) for (the presence of )?(computer )?(viruses|malware)"
    r"|\bconsider the environment before printing"
    r"|\b(internet|e-?mail) communications? (are|is) not (secure|guaranteed)"
    r"|\bunauthori[sz]ed (use|disclosure|copying|distribution|review)[^.]{0,60}(prohibited|strictly)",
    re.IGNORECASE,
)


def _drop_auto_reply_and_disclaimers(blocks: list[Block], extraction: Extraction, removed: list[str]) -> list[Block]:
    if extraction.doc_type not in _CORRESPONDENCE:
        return blocks
    return _drop_sentences(blocks, lambda s: bool(_AUTO_REPLY.search(s) or _DISCLAIMER.search(s)), removed)


# -- 5. running headers, footers and page numbers ------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.IGNORECASE)
# Running headers and footers sit among the first or last few blocks of a page.
_EDGE_BLOCKS = 3
_REPEAT_SHARE = 0.5
_MAX_FURNITURE_CHARS = 250


def _drop_repeated_page_furniture(blocks: list[Block], extraction: Extraction, removed: list[str]) -> list[Block]:
    by_page: defaultdict[int, list[int]] = defaultdict(list)
    for index, block in enumerate(blocks):
        if block.page is not None:
            by_page[block.page].append(index)
    if len(by_page) < 2:
        return blocks
    pages_with: defaultdict[str, set[int]] = defaultdict(set)
    for page, indices in by_page.items():
        for index in _edge_indices(indices):
            if len(blocks[index].text) <= _MAX_FURNITURE_CHARS:
                pages_with[_shape(blocks[index].text)].add(page)
    needed = max(2, math.ceil(_REPEAT_SHARE * len(by_page)))
    repeated = {shape for shape, pages in pages_with.items() if len(pages) >= needed}
    drop: set[int] = set()
    for indices in by_page.values():
        furniture = {
            i
            for i in _edge_indices(indices)
            if _shape(blocks[i].text) in repeated or _PAGE_NUMBER.match(blocks[i].text)
        }
        if len(furniture) < len(indices):  # never empty a page
            drop |= furniture
    return _drop_indices(blocks, drop, removed)


def _edge_indices(indices: list[int]) -> list[int]:
    return sorted(set(indices[:_EDGE_BLOCKS] + indices[-_EDGE_BLOCKS:]))


def _shape(text: str) -> str:
    """Text with digits masked: "Page 2 of 7" and "Page 3 of 7" are the same footer."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


# -- removal primitives -------------------------------------------------------------------


def _drop_blocks(blocks: list[Block], unwanted: Callable[[Block], bool], removed: list[str]) -> list[Block]:
    return _drop_indices(blocks, {i for i, b in enumerate(blocks) if unwanted(b)}, removed)


def _drop_indices(blocks: list[Block], drop: set[int], removed: list[str]) -> list[Block]:
    removed.extend(blocks[i].text for i in sorted(drop))
    return [b for i, b in enumerate(blocks) if i not in drop]


def _drop_lines(blocks: list[Block], unwanted: Callable[[str], bool], removed: list[str]) -> list[Block]:
    kept: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        gone = [line for line in lines if unwanted(line)]
        if not gone:
            kept.append(block)
            continue
        removed.extend(gone)
        rest = "\n".join(line for line in lines if not unwanted(line)).strip()
        if rest:
            kept.append(replace(block, text=rest))
    return kept


# A sentence ends at . ! ? (or a line end) followed by space and a capital, quote, bracket or asterisk.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[*])|\n+")


def _drop_sentences(blocks: list[Block], unwanted: Callable[[str], bool], removed: list[str]) -> list[Block]:
    kept: list[Block] = []
    for block in blocks:
        pieces = _split_keeping_separators(block.text)
        if not any(unwanted(text) for text, _ in pieces):
            kept.append(block)
            continue
        rest = "".join(text + sep for text, sep in pieces if not unwanted(text)).strip()
        removed.extend(text for text, _ in pieces if unwanted(text))
        if re.search(r"\w", rest):
            kept.append(replace(block, text=rest))
    return kept


def _split_keeping_separators(text: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        pieces.append((text[start : match.start()], match.group()))
        start = match.end()
    pieces.append((text[start:], ""))
    return pieces
