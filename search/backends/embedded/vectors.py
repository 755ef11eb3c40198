"""The vector side of the embedded index.

`vectors.f32` is an append-only matrix of float32 rows. A `Table` (one file per
generation) lists the live chunks: their ids, vector rows and document numbers.
A writer appends and syncs vectors, then writes the next generation's table,
and only then commits Tantivy with a meta record naming that generation, so
Tantivy's atomic commit switches both stores at once. Rows no table refers to
(replaced chunks, a crashed batch) are garbage that compaction may reclaim.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from search.errors import IndexFormatError

if TYPE_CHECKING:
    from usearch.index import Index as HnswIndex

Matrix = NDArray[np.float32]
BoolMask = NDArray[np.bool_]
_KEEP_TABLES = 3
# The HNSW graph stores int8 vectors: a quarter of float32's memory, and twice as
# fast to build. Its distances are coarse, so its candidates are rescored in
# float32 and it is asked for a wide list (at least this many, more under a filter).
_HNSW_DTYPE = "i8"
_MIN_RESCORED = 100
# The build-time recall check: queries made of two stored vectors each (between clusters, as
# real queries are: measured at 1M chunks, their recall follows that of real query embeddings
# within 0.01), their exact top 10 the truth; breadths tried from the setting upwards.
_CALIBRATION_QUERIES = 200
_CALIBRATION_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


@dataclass(frozen=True)
class Table:
    """The live chunks of one generation, aligned arrays."""

    generation: int
    chunk_ids: NDArray[np.str_]
    rows: NDArray[np.int64]
    doc_nos: NDArray[np.int64]
    next_doc_no: int

    @classmethod
    def empty(cls) -> Table:
        return cls(0, np.array([], dtype=str), np.array([], dtype=np.int64), np.array([], dtype=np.int64), 0)

    def __len__(self) -> int:
        return len(self.rows)

    def without_documents(self, doc_nos: NDArray[np.int64]) -> Table:
        keep = ~np.isin(self.doc_nos, doc_nos)
        return Table(self.generation, self.chunk_ids[keep], self.rows[keep], self.doc_nos[keep], self.next_doc_no)

    def appended(
        self, chunk_ids: list[str], rows: NDArray[np.int64], doc_nos: NDArray[np.int64], next_doc_no: int
    ) -> Table:
        return Table(
            self.generation + 1,
            np.concatenate([self.chunk_ids, np.array(chunk_ids, dtype=str)]) if chunk_ids else self.chunk_ids,
            np.concatenate([self.rows, rows]),
            np.concatenate([self.doc_nos, doc_nos]),
            next_doc_no,
        )


class TableStore:
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def path(self, generation: int) -> Path:
        return self._folder / f"table-{generation:08d}.npz"

    def load(self, generation: int) -> Table:
        if generation == 0:
            return Table.empty()
        path = self.path(generation)
        try:
            with np.load(path, allow_pickle=False) as data:
                return Table(
                    generation,
                    data["chunk_ids"],
                    data["rows"].astype(np.int64),
                    data["doc_nos"].astype(np.int64),
                    int(data["next_doc_no"]),
                )
        except (OSError, KeyError, ValueError) as e:
            raise IndexFormatError(f"vector table {path} is missing or unreadable: {e}") from e

    def save(self, table: Table) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self.path(table.generation)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as handle:
            np.savez(
                handle,
                chunk_ids=table.chunk_ids,
                rows=table.rows,
                doc_nos=table.doc_nos,
                next_doc_no=np.array(table.next_doc_no),
            )
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
        _fsync_folder(self._folder)

    def prune(self, current: int) -> None:
        """Keep the newest tables: a reader that has just opened an older commit still finds its table."""
        for path in self._folder.glob("table-*.npz"):
            generation = int(path.stem.split("-")[1])
            if generation <= current - _KEEP_TABLES:
                path.unlink(missing_ok=True)


class VectorFile:
    """Append-only float32 rows."""

    def __init__(self, path: Path, dimension: int) -> None:
        self._path = path
        self._dimension = dimension
        self._row_bytes = dimension * 4

    def row_count(self) -> int:
        size = self._path.stat().st_size if self._path.exists() else 0
        # A torn final row (a crash mid-append) is not a row.
        return size // self._row_bytes

    def append(self, vectors: Matrix) -> NDArray[np.int64]:
        if vectors.ndim != 2 or vectors.shape[1] != self._dimension:
            raise ValueError(f"vectors must have shape (n, {self._dimension}), got {vectors.shape}")
        start = self.row_count()
        with self._path.open("r+b" if self._path.exists() else "wb") as handle:
            handle.seek(start * self._row_bytes)
            handle.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        return np.arange(start, start + len(vectors), dtype=np.int64)

    def read(self, rows: NDArray[np.int64], mapped: bool = False) -> Matrix:
        """The rows as one matrix on the heap; with `mapped`, a run of consecutive rows (an index
        only ever appended to) is a read-only view of the memory-mapped file instead: the page
        cache holds it, shared between processes and given back under memory pressure. Rows with
        gaps (replaced documents) are always gathered into one contiguous matrix."""
        if len(rows) == 0:
            return np.zeros((0, self._dimension), dtype=np.float32)
        file = np.memmap(self._path, dtype=np.float32, mode="r").reshape(-1, self._dimension)
        first, last = int(rows[0]), int(rows[-1])
        if mapped and last - first + 1 == len(rows) and bool(np.all(np.diff(rows) == 1)):
            view: Matrix = file[first : last + 1].view(np.ndarray)
            return view
        return np.ascontiguousarray(file[rows])


@dataclass(frozen=True)
class AnnSettings:
    threshold: int
    exact_below_share: float
    connectivity: int
    expansion_add: int
    # The least breadth of a graph search; more when the build-time check asks for it.
    expansion_search: int
    target_recall: float = 0.99


class VectorSnapshot:
    """The live vectors of one generation in memory, and kNN over them.

    Exact search is a float32 matrix product. Above `threshold` rows an HNSW
    graph answers unfiltered and broadly filtered queries; its candidates are
    rescored in float32, and a selective filter goes to exact search over the
    matching rows, so a filter never starves the top k.

    The matrix is read on first use: a writer needs only the table.
    """

    def __init__(self, table: Table, vectors: VectorFile, ann: AnnSettings, cache_folder: Path) -> None:
        self.table = table
        self._vectors = vectors
        self._matrix: Matrix | None = None
        self._ann_settings = ann
        self._cache_folder = cache_folder
        self._hnsw: HnswIndex | None = None
        # What searches work out once for this generation (e.g. which chunks are of copies).
        self.memo: dict[str, BoolMask | None] = {}

    @property
    def matrix(self) -> Matrix:
        # Below the ANN threshold exact search reads every row on each query: a heap copy scans
        # about 7% faster than the mapped file (27.1 against 29.0 ms for 1M rows) and is small.
        # Above it the graph answers and rescoring reads a few hundred rows: mapping keeps
        # 1.5 GB per million chunks off the heap.
        if self._matrix is None:
            self._matrix = self._vectors.read(self.table.rows, mapped=self.uses_ann)
        return self._matrix

    @property
    def uses_ann(self) -> bool:
        return len(self.table) > self._ann_settings.threshold

    def knn(self, query: Matrix, k: int, allowed: BoolMask | None) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """Positions (into the table) and cosine similarities of the k nearest allowed chunks."""
        if k <= 0 or len(self.table) == 0:
            return np.array([], dtype=np.int64), np.array([], dtype=np.float32)
        if self.uses_ann:
            share = 1.0 if allowed is None else float(allowed.mean())
            if share > self._ann_settings.exact_below_share:
                found = self._ann_search(query, k, allowed, share)
                if found is not None:
                    return found
        return self.exact(query, k, allowed)

    def exact(self, query: Matrix, k: int, allowed: BoolMask | None) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        if allowed is None:
            return _top_k(np.arange(len(self.table), dtype=np.int64), self.matrix @ query, k)
        positions = np.flatnonzero(allowed).astype(np.int64)
        return _top_k(positions, self.matrix[positions] @ query, k)

    def _ann_search(
        self, query: Matrix, k: int, allowed: BoolMask | None, share: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]] | None:
        return self._rescored(self.hnsw(), query, k, allowed, share)

    def _rescored(
        self, graph: HnswIndex, query: Matrix, k: int, allowed: BoolMask | None, share: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]] | None:
        # Ask for enough candidates that k (and at least _MIN_RESCORED) survive the filter
        # on average, twice over; the graph search explores at least this many nodes.
        count = min(len(self.table), int(max(k, _MIN_RESCORED) * 2 / share))
        matches = graph.search(query, count)
        positions = np.asarray(matches.keys, dtype=np.int64)
        if allowed is not None:
            positions = positions[allowed[positions]]
        if len(positions) < k:
            return None
        return _top_k(positions, self.matrix[positions] @ query, k)

    def hnsw(self) -> HnswIndex:
        if self._hnsw is None:
            self._hnsw = self._load_or_build_hnsw()
        return self._hnsw

    def _load_or_build_hnsw(self) -> HnswIndex:
        """The graph of this generation, memory-mapped from its cache file (built and saved first
        when there is none): its pages live in the page cache, not on this process's heap."""
        settings = self._ann_settings
        name = f"hnsw-{_HNSW_DTYPE}-{settings.connectivity}-{self.table.generation:08d}"
        path = self._cache_folder / f"{name}.usearch"
        if not path.exists():
            self._build_hnsw(path)
        index = self._new_hnsw(settings.expansion_search)
        index.view(str(path))
        _set_breadth(index, self._calibrated_expansion(index, path.with_suffix(".json")))
        return index

    def _new_hnsw(self, expansion_search: int) -> HnswIndex:
        from usearch.index import Index

        settings = self._ann_settings
        return Index(
            ndim=self.matrix.shape[1],
            metric="cos",
            dtype=_HNSW_DTYPE,
            connectivity=settings.connectivity,
            expansion_add=settings.expansion_add,
            expansion_search=expansion_search,
        )

    def _build_hnsw(self, path: Path) -> None:
        index = self._new_hnsw(self._ann_settings.expansion_search)
        index.add(np.arange(len(self.table), dtype=np.uint64), self.matrix, threads=os.cpu_count() or 1)
        self._cache_folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        index.save(str(partial))
        partial.replace(path)
        for stale in self._cache_folder.glob("hnsw-*"):
            if stale.stem != path.stem:
                stale.unlink(missing_ok=True)

    def _calibrated_expansion(self, index: HnswIndex, record: Path) -> int:
        """The least search breadth at which this graph finds `target_recall` of the exact top 10,
        measured once per graph and kept beside it. A breadth fixed at one size does not carry
        to another: at 1M chunks the breadth that gives 0.999 at 100k gives 0.96."""
        settings = self._ann_settings
        wanted = {"target_recall": settings.target_recall, "least": settings.expansion_search}
        try:
            stored = json.loads(record.read_text())
            if {key: stored[key] for key in wanted} == wanted:
                return int(stored["expansion_search"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        chosen, recall = self._measure_expansion(index)
        with suppress(OSError):
            record.write_text(json.dumps({**wanted, "expansion_search": chosen, "recall_at_10": recall}))
        return chosen

    def _measure_expansion(self, index: HnswIndex) -> tuple[int, float]:
        rng = np.random.default_rng(len(self.table))
        rows = rng.integers(0, len(self.table), (2, min(_CALIBRATION_QUERIES, len(self.table))))
        queries = self.matrix[rows[0]] + self.matrix[rows[1]]
        queries /= np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
        truth = [set(self.exact(query, 10, None)[0].tolist()) for query in queries]
        recall = 0.0
        for step in _CALIBRATION_STEPS:
            _set_breadth(index, int(self._ann_settings.expansion_search * step))
            found = [self._rescored(index, query, 10, None, 1.0) for query in queries]
            hits = sum(len(exact & set(got[0].tolist())) for got, exact in zip(found, truth, strict=True) if got)
            recall = hits / (10 * len(truth))
            if recall >= self._ann_settings.target_recall:
                break
        return int(index.expansion_search), recall


def _set_breadth(index: HnswIndex, expansion_search: int) -> None:
    # usearch declares this property's setter in a way mypy does not see.
    index.expansion_search = expansion_search  # type: ignore[misc]


def _top_k(
    positions: NDArray[np.int64], scores: NDArray[np.float32], k: int
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    if len(scores) > k:
        best = np.argpartition(-scores, k - 1)[:k]
        positions, scores = positions[best], scores[best]
    # Ties broken by position so that repeated queries return the same order.
    order = np.lexsort((positions, -scores))
    return positions[order], scores[order].astype(np.float32)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
