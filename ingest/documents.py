"""From one input file to documents with chunks: runs inside an extraction worker.

An input file becomes one document, or, for a container (ZIP/TAR archive,
mbox, email with attachments), a tree of documents: every member and every
attachment is a document of its own whose parent is its container, down to
the nesting limit. A problem with one member is recorded and the others go
on; a problem with the input file itself is raised for the ledger.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.model import Chunk, Document
from core.settings import Settings
from ingest.chunk import ChunkingOptions, chunk_blocks, plain_blocks
from ingest.clean import CleanText, clean
from ingest.errors import EmptyFileError, FileProblemError, FileTooLargeError
from ingest.extract import EmailHeaders, Extraction, extract
from ingest.foi import FoiInput, analyse
from ingest.foi.authorities import gazetteer_for
from ingest.sources import (
    Budget,
    Expansion,
    InputFile,
    Item,
    attachment_item,
    expand_archive,
    expand_mailbox,
    is_archive,
    is_mailbox,
)

_SUBJECT_LINE = re.compile(
    r"^\s*(?:re|subject)\s*:|freedom of information (?:act )?request|request for information|internal review", re.I
)
_CONTAINER_MIME = {
    ".zip": "application/zip",
    ".mbox": "application/mbox",
    ".gz": "application/gzip",
    ".bz2": "application/x-bzip2",
    ".xz": "application/x-xz",
}


@dataclass(frozen=True)
class PrepareTask:
    """What a worker receives: one input file and the settings of the run."""

    input: InputFile
    settings: Settings

    @property
    def key(self) -> str:
        return self.input.key


@dataclass(frozen=True)
class PreparedDocument:
    """A document with its chunks (not yet embedded) and its email threading headers."""

    document: Document
    chunks: tuple[Chunk, ...]
    email: EmailHeaders | None = None


@dataclass(frozen=True)
class MemberProblem:
    member_path: str
    status: str
    reason: str


@dataclass(frozen=True)
class FileOutcome:
    documents: tuple[PreparedDocument, ...]
    problems: tuple[MemberProblem, ...]
    content_hash: str
    # What was guessed or partly lost while reading documents that were indexed (a charset, a cut TNEF).
    notes: tuple[str, ...] = ()


def prepare(task: PrepareTask) -> FileOutcome:
    """The worker job: every document of one input file."""
    path = task.input.path
    size = path.stat().st_size
    if size > task.settings.max_file_mb * 1024 * 1024:
        raise FileTooLargeError(path.as_posix(), f"{size / 1e6:.0f} MB is over the limit of FOI_MAX_FILE_MB")
    if size == 0:
        raise EmptyFileError(path.as_posix(), "empty file (0 bytes)")
    top = Item(path.name, path, path.as_posix())
    with tempfile.TemporaryDirectory(prefix="foi-ingest-") as scratch:
        builder = _Builder(task.settings, Path(scratch), Budget.from_settings(task.settings))
        documents = list(builder.build(top, top_level=True))
    return FileOutcome(tuple(documents), tuple(builder.problems), file_hash(path), tuple(builder.notes))


def size_allowance(task: PrepareTask) -> float:
    """The time a file's size earns beyond the per-file limit, which is meant for hangs, not for size
    (FOI_FILE_TIMEOUT_S_PER_MB)."""
    try:
        size = task.input.path.stat().st_size
    except OSError:
        return 0.0
    return task.settings.file_timeout_s_per_mb * size / 1_000_000


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class _Builder:
    def __init__(self, settings: Settings, scratch: Path, budget: Budget) -> None:
        self.settings = settings
        self.scratch = scratch
        self.budget = budget
        self.problems: list[MemberProblem] = []
        self.notes: list[str] = []
        self.options = ChunkingOptions(settings.chunk_words, settings.chunk_overlap_sentences)

    def build(
        self, item: Item, top_level: bool = False, context: EmailHeaders | None = None
    ) -> Iterator[PreparedDocument]:
        """The item's document and its descendants'; a member's problem is recorded, the top level's raised."""
        try:
            if is_archive(item) or is_mailbox(item):
                yield from self._container(item)
            else:
                yield from self._leaf(item, context)
        except FileProblemError as e:
            if top_level:
                raise
            self.problems.append(MemberProblem(item.member_path or item.name, e.status, e.reason))

    def _container(self, item: Item) -> Iterator[PreparedDocument]:
        expand = expand_archive if is_archive(item) else expand_mailbox
        expansion = expand(item, self.scratch, self.budget)
        yield self._container_document(item, expansion)
        for member_path, problem in expansion.problems:
            self.problems.append(MemberProblem(_member(item, member_path), problem.status, problem.reason))
        for child in expansion.items:
            yield from self.build(child)

    def _container_document(self, item: Item, expansion: Expansion) -> PreparedDocument:
        kind = "mailbox" if is_mailbox(item) else "archive"
        text = f"{item.name}: {kind} of {len(expansion.listing)} files\n\n" + "\n".join(expansion.listing)
        document = Document(
            id=item.document_id,
            source_path=item.source_path,
            member_path=item.member_path,
            parent_id=item.parent_id,
            title=item.name,
            text=text,
            mime_type=_CONTAINER_MIME.get(item.suffix, "application/x-tar"),
            doc_type=kind,
            pages=1,
            text_hash=file_hash(item.file),
        )
        return PreparedDocument(document, tuple(chunk_blocks(document.id, plain_blocks(text), self.options)))

    def _leaf(self, item: Item, context: EmailHeaders | None) -> Iterator[PreparedDocument]:
        extraction = extract(item.file, self.settings)
        where = f"{item.member_path}: " if item.member_path else ""
        self.notes.extend(where + note for note in extraction.notes)
        cleaned = clean(extraction)
        if not cleaned.text.strip() and not extraction.attachments:
            raise EmptyFileError(item.member_path or item.source_path, _no_text_reason(extraction))
        document = self._document(item, extraction, cleaned, context)
        chunks = chunk_blocks(document.id, cleaned.blocks, self.options)
        yield PreparedDocument(document, tuple(chunks), extraction.email)
        for attachment in extraction.attachments:
            try:
                data, via = attachment.data, attachment.via
                child = attachment_item(item, attachment.name, data, self.scratch, self.budget, via)
            except FileProblemError as e:
                self.problems.append(MemberProblem(_member(item, attachment.member), e.status, e.reason))
                continue
            yield from self.build(child, context=extraction.email or context)

    def _document(
        self, item: Item, extraction: Extraction, cleaned: CleanText, context: EmailHeaders | None
    ) -> Document:
        headers = extraction.email or context
        document = Document(
            id=item.document_id,
            source_path=item.source_path,
            member_path=item.member_path,
            parent_id=item.parent_id,
            title=_title(item, extraction, cleaned),
            text=cleaned.text,
            original_text=cleaned.original_text if cleaned.original_text != cleaned.text else None,
            mime_type=extraction.mime_type,
            doc_type=extraction.doc_type,
            pages=max(1, extraction.pages),
            text_hash=file_hash(item.file),
        )
        metadata = analyse(
            gazetteer=gazetteer_for(self.settings.authorities_csv),
            item=FoiInput(
                text=cleaned.text,
                title=document.title,
                doc_type=extraction.doc_type,
                blocks=tuple((block.kind, block.text) for block in cleaned.blocks),
                sender=headers.sender if headers else None,
                recipients=(*headers.to, *headers.cc) if headers else (),
                email_date=headers.date.date() if headers and headers.date else None,
                subject=headers.subject if headers else None,
            ),
        )
        return metadata.apply(document)


@cache
def _title(item: Item, extraction: Extraction, cleaned: CleanText) -> str:
    """An email's subject, a web page's heading; for a letter, its subject line ("Re: Freedom of
    Information Request ..."), since its first heading is usually the letterhead or "By email"."""
    if extraction.email and extraction.email.subject:
        return _one_line(extraction.email.subject)
    if extraction.doc_type == "web_page" and extraction.title and extraction.title.strip():
        return _one_line(extraction.title)
    for block in cleaned.blocks[:25]:
        if len(block.text) <= 200 and _SUBJECT_LINE.search(block.text):
            return _one_line(block.text)
    if extraction.title and extraction.title.strip():
        return _one_line(extraction.title)
    for block in cleaned.blocks:
        if block.kind == "title" and 3 < len(block.text.strip()) <= 200:
            return _one_line(block.text)
    return item.name


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _member(container: Item, member_path: str) -> str:
    return member_path if container.member_path is None else f"{container.member_path}/{member_path}"


def _no_text_reason(extraction: Extraction) -> str:
    if extraction.doc_type == "pdf":
        return "no text found, even by OCR (a blank or image-only PDF)"
    return "no text found in the file"
