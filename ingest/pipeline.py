"""Ingestion into a search backend.

This first version reads plain-text files only (.txt, .md): enough to index
the project's sample corpus. Format extraction through `unstructured`, OCR,
cleaning, FOI metadata and the failure ledger come with the ingestion issue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.chunk import chunk_text
from ingest.embed import Encoder
from search.backends.base import SearchBackend
from search.errors import DocumentNotFoundError
from search.model import Document, IndexItem, document_id_for

TEXT_SUFFIXES = {".txt": "text", ".md": "text"}
BATCH_DOCUMENTS = 16


@dataclass
class IngestReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0


def discover(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, root) pairs: a folder is walked recursively, sorted for a stable order."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                yield file, path
        else:
            yield path, path.parent


def read_text_document(file: Path, root: Path) -> Document:
    raw = file.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    source_path = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
    return Document(
        id=document_id_for(source_path),
        source_path=source_path,
        title=_title(text, file),
        text=text,
        mime_type="text/markdown" if file.suffix.lower() == ".md" else "text/plain",
        doc_type=TEXT_SUFFIXES[file.suffix.lower()],
        text_hash=hashlib.sha256(raw).hexdigest(),
    )


def _title(text: str, file: Path) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if len(line) > 3:
            return line[:200]
    return file.stem


def ingest(
    paths: Iterable[Path],
    backend: SearchBackend,
    encoder: Encoder,
    progress: Callable[[str], None] = lambda _: None,
) -> IngestReport:
    report = IngestReport()
    batch: list[IndexItem] = []
    for file, root in discover(paths):
        if file.suffix.lower() not in TEXT_SUFFIXES:
            report.skipped.append((str(file), f"unsupported file type {file.suffix or '(none)'} in this version"))
            continue
        try:
            document = read_text_document(file, root)
        except OSError as e:
            report.failed.append((str(file), f"cannot read: {e}"))
            continue
        if _unchanged(backend, document):
            report.unchanged.append(str(file))
            continue
        batch.append(_embedded_item(document, encoder))
        report.indexed.append(str(file))
        report.chunks += len(batch[-1].chunks)
        progress(str(file))
        if len(batch) >= BATCH_DOCUMENTS:
            backend.upsert(batch)
            batch = []
    if batch:
        backend.upsert(batch)
    return report


def _unchanged(backend: SearchBackend, document: Document) -> bool:
    try:
        return backend.document(document.id).text_hash == document.text_hash
    except DocumentNotFoundError:
        return False


def _embedded_item(document: Document, encoder: Encoder) -> IndexItem:
    chunks = chunk_text(document.id, document.text)
    vectors = encoder.encode([_embedding_text(document, chunk.text) for chunk in chunks])
    return IndexItem(
        document, tuple(replace(chunk, embedding=vector) for chunk, vector in zip(chunks, vectors, strict=True))
    )


def _embedding_text(document: Document, chunk_text: str) -> str:
    # The title gives a chunk its context ("Section 40" means little alone).
    return f"{document.title}\n{chunk_text}" if document.title else chunk_text
