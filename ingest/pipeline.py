"""Ingest orchestration: plan, extract in workers, embed, index, record.

A run compares every input file with the ledger (size and modification time,
then content hash) and skips what is unchanged in milliseconds. The rest go
to extraction workers; their documents are embedded (through the embedding
cache), upserted in batches, and only then recorded in the ledger. Killing a
run at any moment therefore loses nothing: files not yet recorded are done
again, and an upsert replaces a document with all its chunks, so nothing is
duplicated; documents a file no longer yields are deleted.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from core.codes import DEFAULT_COLLECTION, check_collection_name
from core.embed import CachedEncoder, EmbeddingCache, Encoder
from core.location import IndexLocation
from core.model import Chunk, IndexItem
from core.settings import Settings
from ingest.documents import (
    FileOutcome,
    PreparedDocument,
    PrepareTask,
    file_hash,
    prepare,
    size_allowance,
)
from ingest.errors import FileProblemError, IngestError
from ingest.foi import ThreadInput, assign_request_ids
from ingest.foi.authorities import gazetteer_for
from ingest.foi.campaigns import TEXT, Grouping, LikenessFacts, assign_groups, can_be_copies, facts_of
from ingest.foi.likeness import RULES, Signature, resemblance
from ingest.foi.thread_authority import (
    InheritedAuthority,
    changed_authorities,
    inherited_authorities,
    with_thread_authority,
)
from ingest.ledger import FAILED, INDEXED, Ledger, LedgerEntry
from ingest.sources import InputFile, discover
from ingest.workers import WorkerPool
from search.backends.base import IndexSpec, SearchBackend
from search.backends.factory import open_backend
from search.errors import BulkIndexingError

EMBEDDING_CACHE_FILE = "embedding-cache.sqlite"

ProgressCallback = Callable[[str, str], None]
"""Called once per input file with (path, outcome): indexed, unchanged, skipped or failed."""
ChunkProgressCallback = Callable[[str, int, int], None]
"""Called as a document is embedded with (its path, chunks embedded so far, its chunks): one big file
can take many minutes to embed (README, "Big text"), and a bar that counts files would stand still."""

# Chunks embedded between two progress calls: whole batches for the model, a call every few seconds on a CPU.
_BATCHES_PER_PROGRESS_STEP = 4


@dataclass
class IngestReport:
    """What a run did, by input file."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    member_problems: list[tuple[str, str, str]] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    embeddings_computed: int = 0
    elapsed_s: float = 0.0

    @property
    def inputs(self) -> int:
        return len(self.indexed) + len(self.unchanged) + len(self.skipped) + len(self.failed)

    def plus(self, other: IngestReport) -> IngestReport:
        """Both runs' work, as one report."""
        return IngestReport(
            indexed=self.indexed + other.indexed,
            unchanged=self.unchanged + other.unchanged,
            skipped=self.skipped + other.skipped,
            failed=self.failed + other.failed,
            member_problems=self.member_problems + other.member_problems,
            documents=self.documents + other.documents,
            chunks=self.chunks + other.chunks,
            embeddings_computed=self.embeddings_computed + other.embeddings_computed,
            elapsed_s=self.elapsed_s + other.elapsed_s,
        )


@dataclass
class _Pending:
    documents: list[PreparedDocument] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    entries: list[LedgerEntry] = field(default_factory=list)
    threads: dict[str, list[tuple[ThreadInput, str | None]]] = field(default_factory=dict)
    likeness: dict[str, list[LikenessFacts]] = field(default_factory=dict)


class Ingestor:
    """One ingest run into one backend, with its ledger and embedding cache."""

    def __init__(
        self,
        backend: SearchBackend,
        ledger: Ledger,
        encoder: CachedEncoder,
        settings: Settings,
        progress: ProgressCallback | None = None,
        chunk_progress: ChunkProgressCallback | None = None,
    ) -> None:
        self.backend = backend
        self.ledger = ledger
        self.encoder = encoder
        self.settings = settings
        self._progress = progress or (lambda _path, _outcome: None)
        self._chunk_progress = chunk_progress or (lambda _path, _done, _total: None)
        self._pending = _Pending()
        self._collection = settings.ingest_collection

    def run(self, paths: Iterable[Path], force: bool = False) -> IngestReport:
        return self.run_inputs(list(discover(paths)), force)

    def retry(self) -> IngestReport:
        """Re-run only the inputs that failed, or that had a member fail, each into the collection
        it was ingested into."""
        by_collection: dict[str, dict[str, str]] = defaultdict(dict)
        for entry in self.ledger.entries([FAILED]):
            # A failed member's file goes back whole into the collection the file was ingested into.
            top = entry if entry.member_path is None else self.ledger.get(entry.path) or entry
            by_collection[top.collection][entry.path] = top.root
        report = IngestReport()
        for collection, paths in sorted(by_collection.items()):
            inputs = [InputFile(Path(path), Path(root or Path(path).parent)) for path, root in sorted(paths.items())]
            existing = [item for item in inputs if item.path.exists()]
            report = report.plus(self.run_inputs(existing, force=True, collection=collection))
        return report

    def run_inputs(
        self, inputs: Sequence[InputFile], force: bool = False, collection: str | None = None
    ) -> IngestReport:
        """Ingest these files into `collection` (default: FOI_INGEST_COLLECTION). A file ingested
        before into another collection is read again and moved."""
        try:
            self._collection = check_collection_name(collection or self.settings.ingest_collection)
        except ValueError as e:
            raise IngestError(str(e)) from e
        started = time.monotonic()
        report = IngestReport()
        computed_before = self.encoder.computed
        todo = [item for item in inputs if force or not self._unchanged(item, report)]
        pool: WorkerPool[PrepareTask, FileOutcome] = WorkerPool(
            prepare, self._workers(len(todo)), self.settings.file_timeout_s, lambda task: task.key, size_allowance
        )
        for task, outcome in pool.map(PrepareTask(item, self.settings) for item in todo):
            if isinstance(outcome, FileProblemError):
                self._record_problem(task.input, outcome, report)
            else:
                self._add(task.input, outcome, report)
            if len(self._pending.documents) >= self.settings.ingest_batch_documents:
                self._flush(report)
        self._flush(report)
        self._thread_requests()
        report.embeddings_computed = self.encoder.computed - computed_before
        report.elapsed_s = time.monotonic() - started
        return report

    def _workers(self, tasks: int) -> int:
        wanted = self.settings.ingest_workers or os.cpu_count() or 1
        return max(1, min(wanted, tasks))

    def _unchanged(self, item: InputFile, report: IngestReport) -> bool:
        entry = self.ledger.get(item.key)
        if entry is None or entry.status == FAILED or entry.collection != self._collection:
            return False
        stat = item.path.stat()
        if (entry.size, entry.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            if entry.size != stat.st_size or entry.content_hash != file_hash(item.path):
                return False
            # Touched, not changed: remember the new time so the next run is instant.
            self.ledger.record([replace(entry, mtime_ns=stat.st_mtime_ns)])
        report.unchanged.append(item.key)
        self._progress(item.key, "unchanged")
        return True

    def _record_problem(self, item: InputFile, problem: FileProblemError, report: IngestReport) -> None:
        previous = self.ledger.get(item.key)
        stat = item.path.stat()
        entry = LedgerEntry(
            path=item.key,
            status=problem.status,
            reason=problem.reason,
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            content_hash=file_hash(item.path) if stat.st_size < 1 << 30 else "",
            root=item.root.as_posix(),
            collection=self._collection,
        )
        (report.failed if problem.status == FAILED else report.skipped).append((item.key, problem.reason))
        self._pending.stale += list(previous.document_ids) if previous else []
        self._pending.threads[item.key] = []
        self._pending.likeness[item.key] = []
        self._pending.entries.append(entry)
        self._progress(item.key, problem.status)

    def _add(self, item: InputFile, outcome: FileOutcome, report: IngestReport) -> None:
        threads = [thread_input(prepared) for prepared in outcome.documents]
        request_ids = _in_collection(self._collection, assign_request_ids(threads))
        documents = [
            replace(
                prepared,
                document=replace(
                    prepared.document, request_id=request_ids[prepared.document.id], collection=self._collection
                ),
            )
            for prepared in outcome.documents
        ]
        self._pending.threads[item.key] = [(thread, request_ids[thread.document_id]) for thread in threads]
        self._pending.likeness[item.key] = [facts_of(prepared.document) for prepared in documents]
        ids = tuple(prepared.document.id for prepared in documents)
        previous = self.ledger.get(item.key)
        if previous:
            self._pending.stale += [old for old in previous.document_ids if old not in ids]
        self._pending.documents += documents
        stat = item.path.stat()
        self._pending.entries.append(
            LedgerEntry(
                path=item.key,
                status=INDEXED,
                # An indexed file's reason says what had to be guessed or was partly lost reading it.
                reason="; ".join(dict.fromkeys(outcome.notes)),
                document_ids=ids,
                size=stat.st_size,
                mtime_ns=stat.st_mtime_ns,
                content_hash=outcome.content_hash,
                root=item.root.as_posix(),
                collection=self._collection,
            )
        )
        for problem in outcome.problems:
            self._pending.entries.append(
                LedgerEntry(
                    item.key,
                    problem.status,
                    problem.reason,
                    member_path=problem.member_path,
                    collection=self._collection,
                )
            )
            report.member_problems.append((item.key, problem.member_path, problem.reason))
        report.indexed.append(item.key)
        report.documents += len(documents)
        report.chunks += sum(len(prepared.chunks) for prepared in documents)
        self._progress(item.key, INDEXED)

    def _embedded(self, batch: Sequence[PreparedDocument]) -> list[IndexItem]:
        """The batch's documents with their chunks' vectors, embedded together: the encoder gets
        full batches (a document at a time gave it two chunks a call on email, and half its speed)."""
        context = self.settings.embed_context
        texts = [
            _embedding_text(context, prepared.document.title, chunk) for prepared in batch for chunk in prepared.chunks
        ]
        vectors = iter(self._encode(_batch_label(batch), texts))
        return [
            IndexItem(prepared.document, tuple(replace(chunk, embedding=next(vectors)) for chunk in prepared.chunks))
            for prepared in batch
        ]

    def _encode(self, label: str, texts: list[str]) -> NDArray[np.float32]:
        """The texts' vectors, a step of a few batches at a time, reporting the chunks embedded after each."""
        step = max(1, self.settings.embedding_batch_size * _BATCHES_PER_PROGRESS_STEP)
        parts = []
        for start in range(0, len(texts), step):
            parts.append(self.encoder.encode(texts[start : start + step]))
            self._chunk_progress(label, min(start + step, len(texts)), len(texts))
        return np.concatenate(parts) if parts else self.encoder.encode([])

    def _flush(self, report: IngestReport) -> None:
        pending, self._pending = self._pending, _Pending()
        if pending.stale:
            self.backend.delete(list(dict.fromkeys(pending.stale)))
        entries = pending.entries
        if pending.documents:
            try:
                self.backend.upsert(self._embedded(pending.documents))
            except BulkIndexingError as e:
                # The index refused some documents (OpenSearch names each with its reason) and
                # kept the rest: the inputs they came from fail, so that `foi retry` runs them again.
                entries = [_refused(entry, e.failures, report) for entry in entries]
        if entries:
            self.ledger.record(entries)
        for path, threads in pending.threads.items():
            self.ledger.record_threads(path, threads)
        for path, facts in pending.likeness.items():
            self.ledger.likeness.record(path, facts)

    def _thread_requests(self) -> None:
        """Join documents of one request that arrived in different files (an email thread
        across messages, a reference shared by a letter and its follow-up), give the documents
        that name no authority the one their thread agrees on, and group round-robin campaigns
        and copies of one letter (ingest.foi.campaigns). Only the ledger's facts are read; a
        changed document is re-indexed from the index itself."""
        known = self.ledger.threads()
        assigned, inherited = self._threads_by_collection([thread for thread, _ in known])
        changed_requests = {
            thread.document_id: assigned[thread.document_id]
            for thread, old in known
            if assigned[thread.document_id] != old
        }
        changed_inherited = changed_authorities(
            (thread.document_id for thread, _ in known), inherited, self.ledger.inherited_authorities()
        )
        groupings = self._regrouped(assigned)
        facts = {thread.document_id: thread for thread, _ in known}
        changed = sorted({*changed_requests, *changed_inherited, *groupings})
        for start in range(0, len(changed), self.settings.ingest_batch_documents):
            batch = changed[start : start + self.settings.ingest_batch_documents]
            # The vectors come back from the embedding cache: nothing is recomputed.
            self.backend.upsert(
                self._embedded(
                    [
                        self._rethreaded(document_id, assigned[document_id], changed_inherited, groupings, facts)
                        for document_id in batch
                    ]
                )
            )
            self.ledger.set_request_ids({d: assigned[d] for d in batch if d in changed_requests})
            self.ledger.set_inherited_authorities(
                {d: _stored(changed_inherited[d]) for d in batch if d in changed_inherited}
            )
            self.ledger.likeness.set_groupings({d: groupings[d] for d in batch if d in groupings})

    def _regrouped(self, request_ids: dict[str, str]) -> dict[str, Grouping]:
        """Campaigns and copies after this run's documents were compared with the others: the
        documents whose grouping changed, with their new one."""
        store = self.ledger.likeness
        self._compare_new()
        members = store.members(request_ids)
        groups = assign_groups([member for member, _ in members], store.pairs())
        return {
            member.facts.document_id: groups[member.facts.document_id]
            for member, indexed in members
            if groups[member.facts.document_id] != indexed
        }

    def _compare_new(self) -> None:
        """Pairs of alike documents, each new document compared with the candidates LSH finds."""
        store = self.ledger.likeness
        new = store.unchecked()
        for kind, rule in RULES.items():
            alike: list[tuple[str, str]] = []
            unsure: list[tuple[LikenessFacts, LikenessFacts]] = []
            for facts in new:
                for other in store.candidates(kind, facts):
                    if kind == TEXT and not can_be_copies(facts, other):
                        continue
                    score = resemblance(_signed(facts, kind), _signed(other, kind))
                    if score >= rule.accept_threshold:
                        alike.append((facts.document_id, other.document_id))
                    elif score >= rule.candidate_threshold and rule.confirm_cosine is not None:
                        unsure.append((facts, other))
            alike += self._confirmed(unsure, rule.confirm_cosine)
            store.add_pairs(kind, alike)
        store.mark_checked(facts.document_id for facts in new)

    def _confirmed(
        self, pairs: list[tuple[LikenessFacts, LikenessFacts]], threshold: float | None
    ) -> list[tuple[str, str]]:
        """The pairs whose requests also mean the same, by their embeddings (cached like chunks')."""
        if not pairs or threshold is None:
            return []
        texts = sorted({facts.request_text or "" for pair in pairs for facts in pair})
        vectors = dict(zip(texts, self.encoder.encode(texts), strict=True))
        return [
            (a.document_id, b.document_id)
            for a, b in pairs
            if _cosine(vectors[a.request_text or ""], vectors[b.request_text or ""]) >= threshold
        ]

    def _threads_by_collection(
        self, threads: list[ThreadInput]
    ) -> tuple[dict[str, str], dict[str, InheritedAuthority]]:
        """Request ids and inherited authorities, each collection threaded on its own: a message
        in one collection never joins, renames or lends an authority to a thread of another."""
        collection_of = self.ledger.thread_collections()
        by_collection: dict[str, list[ThreadInput]] = defaultdict(list)
        for thread in threads:
            by_collection[collection_of.get(thread.document_id, DEFAULT_COLLECTION)].append(thread)
        assigned: dict[str, str] = {}
        inherited: dict[str, InheritedAuthority] = {}
        for collection, members in by_collection.items():
            ids = _in_collection(collection, assign_request_ids(members))
            assigned.update(ids)
            inherited.update(inherited_authorities([(thread, ids[thread.document_id]) for thread in members]))
        return assigned, inherited

    def _rethreaded(
        self,
        document_id: str,
        request_id: str,
        inherited: dict[str, InheritedAuthority | None],
        groupings: dict[str, Grouping],
        facts: dict[str, ThreadInput],
    ) -> PreparedDocument:
        document = replace(self.backend.document(document_id), request_id=request_id)
        if document_id in inherited:
            document = with_thread_authority(document, inherited[document_id], facts.get(document_id))
        if document_id in groupings:
            grouping = groupings[document_id]
            document = replace(
                document,
                campaign_id=grouping.campaign_id,
                duplicate_of=grouping.duplicate_of,
                duplicates=grouping.duplicates,
            )
        return PreparedDocument(document, tuple(self.backend.chunks(document_id)))


def _in_collection(collection: str, request_ids: dict[str, str]) -> dict[str, str]:
    """Request ids of another collection than the default one carry its name: two collections'
    threads never share an id, even where their letters quote the same reference."""
    if collection == DEFAULT_COLLECTION:
        return request_ids
    return {document_id: f"{collection}/{request_id}" for document_id, request_id in request_ids.items()}


def _signed(facts: LikenessFacts, kind: str) -> Signature:
    signature = facts.signature(kind)
    if signature is None:
        raise IngestError(f"document {facts.document_id} has no {kind} signature to compare")
    return signature


def _cosine(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    return float(np.dot(a, b) / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


def _batch_label(batch: Sequence[PreparedDocument]) -> str:
    """What the progress display names while a batch is embedded: its one file, or how many."""
    if len(batch) == 1:
        document = batch[0].document
        return document.member_path or document.source_path
    return f"{len(batch)} documents"


def _refused(entry: LedgerEntry, failures: Mapping[str, str], report: IngestReport) -> LedgerEntry:
    """An input's ledger entry, failed when the index refused any of its documents."""
    refused = [document_id for document_id in entry.document_ids if document_id in failures]
    if not refused or entry.member_path is not None:
        return entry
    reason = "the index refused " + "; ".join(f"{document_id}: {failures[document_id]}" for document_id in refused)
    if entry.path in report.indexed:
        report.indexed.remove(entry.path)
    report.failed.append((entry.path, reason))
    return replace(entry, status=FAILED, reason=reason)


def _stored(inherited: InheritedAuthority | None) -> str | None:
    return inherited.stored() if inherited else None


def thread_input(prepared: PreparedDocument) -> ThreadInput:
    """What request threading needs to know of a document."""
    document, email = prepared.document, prepared.email
    return ThreadInput(
        document_id=document.id,
        parent_id=document.parent_id,
        reference=document.reference,
        authority_id=document.authority_id,
        message_id=email.message_id if email else None,
        in_reply_to=email.in_reply_to if email else None,
        references=email.references if email else (),
        subject=email.subject if email else None,
        participants=tuple(p for p in ((email.sender, *email.to, *email.cc) if email else ()) if p),
        authority=document.authority,
        container=document.doc_type in ("mailbox", "archive") and document.parent_id is None,
    )


def _embedding_text(context: str, title: str, chunk: Chunk) -> str:
    """The chunk as the encoder sees it: "Section 40" means little without its letter's title."""
    parts = []
    wanted = {part.strip() for part in context.split(",")}
    if "title" in wanted and title:
        parts.append(title)
    if "section" in wanted and chunk.section and chunk.section != title:
        parts.append(chunk.section)
    return "\n".join([*parts, chunk.text])


def ingest(
    paths: Iterable[Path],
    backend: SearchBackend,
    encoder: Encoder | CachedEncoder,
    settings: Settings | None = None,
    ledger: Ledger | None = None,
    progress: ProgressCallback | None = None,
    chunk_progress: ChunkProgressCallback | None = None,
) -> IngestReport:
    """Ingest into an open backend; the ledger defaults to an in-memory one."""
    settings = settings or Settings.from_env()
    cached = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder, None)
    own_ledger = ledger or Ledger.in_memory()
    try:
        return Ingestor(backend, own_ledger, cached, settings, progress, chunk_progress).run(paths)
    finally:
        if ledger is None:
            own_ledger.close()


class IndexForIngest:
    """An index opened for writing, with the ledger and embedding cache that live beside it."""

    def __init__(
        self,
        location: str | Path | IndexLocation,
        settings: Settings,
        encoder: Encoder,
        progress: ProgressCallback | None = None,
        chunk_progress: ChunkProgressCallback | None = None,
    ) -> None:
        gazetteer_for(settings.authorities_csv)  # a broken authorities CSV stops the run before it starts
        index = IndexLocation.resolve(location, settings)
        self.backend = open_backend(index, settings, IndexSpec(encoder.name, encoder.dimension), create=True)
        folder = index.ledger_folder
        self.ledger = Ledger.open(folder)
        self.cache = EmbeddingCache(folder / EMBEDDING_CACHE_FILE)
        cached = CachedEncoder(encoder, self.cache)
        self.ingestor = Ingestor(self.backend, self.ledger, cached, settings, progress, chunk_progress)

    def __enter__(self) -> Ingestor:
        return self.ingestor

    def __exit__(self, *_exc: object) -> None:
        self.cache.close()
        self.ledger.close()
        self.backend.close()
