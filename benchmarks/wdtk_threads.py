"""Turn saved WhatDoTheyKnow request pages into one folder of e-mails per request thread.

    .venv/bin/python benchmarks/wdtk_threads.py --out /tmp/wdtk-threads
    foi ingest /tmp/wdtk-threads --index /tmp/wdtk-threads-index
    foi eval --index /tmp/wdtk-threads-index --queries benchmarks/data/wdtk_thread_queries.jsonl

Reads ../shared/corpus/wdtk-pages/<page id>.html (or --pages DIR) at run time; nothing from
those pages is kept in the repository, and nothing is written into it.

Layout written under OUT (created; must be empty or absent, and outside the repository):
  <page id>/<k>-<role>.eml   one RFC 822 message per correspondence item, in page order;
                             role is "request" (the first message from the requester),
                             "authority" (a message from the public body) or "requester"
                             (a later message from the requester, e.g. a follow-up or a
                             request for internal review)

Each message has From, To, Subject (the request title; "Re: <title>" after the first),
Date (the timestamp the page shows for the item), Message-ID and a text/plain UTF-8 body:
the item's own text as the page shows it, without WhatDoTheyKnow's chrome (headers, links,
delivery status, "show quoted sections"). Attachments are not on the page: their file names
are kept as a last line, "Attachments: a.pdf; b.docx". Annotations by other site users are
not messages of the thread and are left out. The output is deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, formataddr
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = REPOSITORY.parent / "shared" / "corpus" / "wdtk-pages"
# FOI mailboxes of the bodies these pages were sent to; others get foi@<slug>.gov.uk.
AUTHORITY_ADDRESSES = {"mhclg": "foirequests@communities.gov.uk"}
_BLOCKS = frozenset(
    ["p", "div", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"]
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_REQUEST_ID = re.compile(r"/request/(\d+)/followups/")
# Headers on one line each (no folding) unless a header is longer than SMTP allows.
_POLICY = default_policy.clone(max_line_length=998)


@dataclass(frozen=True)
class Message:
    role: str  # request | authority | requester
    author: str
    sent: datetime
    body: str


@dataclass(frozen=True)
class Thread:
    page_id: str
    request_id: str
    title: str
    requester: str
    authority: str
    authority_slug: str
    messages: tuple[Message, ...]

    @property
    def requester_address(self) -> str:
        digest = hashlib.sha1(f"wdtk-request-{self.request_id}".encode()).hexdigest()[:8]
        return f"foi+request-{self.request_id}-{digest}@whatdotheyknow.com"

    @property
    def authority_address(self) -> str:
        default = f"foi@{self.authority_slug.replace('_', '-')}.gov.uk"
        return AUTHORITY_ADDRESSES.get(self.authority_slug, default)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _render(node: Tag) -> str:
    """The visible text of an HTML fragment: <br> is a line break, block elements are paragraphs."""
    parts: list[str] = []

    def walk(element: Tag) -> None:
        for child in element.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    parts.append(_SPACES.sub(" ", str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                elif child.name in _BLOCKS:
                    parts.append("\n\n")
                    walk(child)
                    parts.append("\n\n")
                elif child.name not in ("script", "style", "img", "input", "button"):
                    walk(child)

    walk(node)
    lines = [line.strip() for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _message_body(text_div: Tag) -> str:
    attachments = [_clean(name.get_text()) for name in text_div.select("div.attachments p.attachment__name")]
    for chrome in text_div.select("div.attachments, span.unfold_link"):
        chrome.decompose()
    body = _render(text_div)
    if attachments:
        body += "\n\nAttachments: " + "; ".join(name for name in attachments if name)
    return body + "\n"


def _sent(item: Tag, page: Path) -> datetime:
    stamp = item.select_one(".correspondence__header__date time[datetime]")
    if stamp is None:
        raise ValueError(f"{page}: a correspondence item without a date")
    return datetime.fromisoformat(str(stamp["datetime"]))


def read_thread(page: Path) -> Thread:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    title_tag = soup.select_one("div.request-header h1")
    subtitle = soup.select_one("p.request-header__subtitle")
    if title_tag is None or subtitle is None:
        raise ValueError(f"{page}: not a WhatDoTheyKnow request page")
    requester_link = subtitle.select_one('a[href^="/user/"]')
    authority_link = subtitle.select_one('a[href^="/body/"]')
    request_ids = sorted(set(_REQUEST_ID.findall(str(soup))))
    if requester_link is None or authority_link is None or len(request_ids) != 1:
        raise ValueError(f"{page}: cannot find the requester, the authority or the request id")
    requester = _clean(requester_link.get_text())
    messages: list[Message] = []
    for item in soup.select("div.correspondence"):
        classes = set(item.get_attribute_list("class"))
        text_div = item.select_one("div.correspondence_text")
        author_tag = item.select_one(".correspondence__header__author")
        if text_div is None or author_tag is None:
            raise ValueError(f"{page}: a correspondence item without a text or an author")
        if "incoming" in classes:
            role = "authority"
        elif "outgoing" in classes:
            role = "requester" if any(m.role == "request" for m in messages) else "request"
        else:
            raise ValueError(f"{page}: a correspondence item that is neither incoming nor outgoing")
        author = _clean(author_tag.get_text()).rstrip(",").strip()
        messages.append(Message(role, author, _sent(item, page), _message_body(text_div)))
    if not messages or messages[0].role != "request":
        raise ValueError(f"{page}: the thread does not start with the request")
    return Thread(
        page_id=page.stem,
        request_id=request_ids[0],
        title=_clean(title_tag.get_text()),
        requester=requester,
        authority=_clean(authority_link.get_text()),
        authority_slug=str(authority_link["href"]).removeprefix("/body/").strip("/"),
        messages=tuple(messages),
    )


def to_email(thread: Thread, index: int) -> EmailMessage:
    message = thread.messages[index]
    requester = formataddr((thread.requester, thread.requester_address))
    authority = formataddr((thread.authority, thread.authority_address))
    email = EmailMessage(policy=_POLICY)
    email["From"] = authority if message.role == "authority" else requester
    email["To"] = requester if message.role == "authority" else authority
    email["Subject"] = thread.title if index == 0 else f"Re: {thread.title}"
    email["Date"] = format_datetime(message.sent)
    email["Message-ID"] = f"<{thread.page_id}.{index + 1}@wdtk-threads.invalid>"
    if index:
        email["In-Reply-To"] = f"<{thread.page_id}.{index}@wdtk-threads.invalid>"
    # Readable files: 8-bit text unless a line is too long for SMTP.
    long_lines = any(len(line.encode()) > 998 for line in message.body.splitlines())
    email.set_content(message.body, subtype="plain", charset="utf-8", cte="quoted-printable" if long_lines else "8bit")
    return email


def file_name(index: int, message: Message) -> str:
    return f"{index + 1}-{message.role}.eml"


def write_thread(out: Path, thread: Thread) -> int:
    folder = out / thread.page_id
    folder.mkdir(parents=True)
    for index, message in enumerate(thread.messages):
        (folder / file_name(index, message)).write_bytes(to_email(thread, index).as_bytes())
    return len(thread.messages)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of saved <page id>.html pages")
    parser.add_argument("--out", type=Path, required=True, help="output folder (created; must be empty or absent)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if _inside(out, REPOSITORY):
        parser.error(f"{out} is inside the repository; write the threads elsewhere (e.g. /tmp/wdtk-threads)")
    if out.exists() and any(out.iterdir()):
        parser.error(f"{out} is not empty")
    pages = sorted(args.pages.glob("*.html"), key=lambda p: (len(p.stem), p.stem))
    if not pages:
        parser.error(f"no .html pages in {args.pages}")
    try:
        threads = [read_thread(page) for page in pages]
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    written = sum(write_thread(out, thread) for thread in threads)
    print(f"{written} messages of {len(threads)} threads written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
