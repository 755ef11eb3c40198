"""The vector side of the embedded index.

`vectors.f32` is an append-only matrix of float32 rows. A `Table` (one file per
generation) lists the live chunks: their ids, vector rows and document numbers.
A writer appends and syncs vectors, then writes the next generation's table,
and only then commits Tantivy with a meta record naming that generation, so
Tantivy's atomic commit switches both stores at once. Rows no table refers to
(replaced chunks, a crashed batch) are garbage that compaction may reclaim.
"""

from __future__ import annotations

import os
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

    def read(self, rows: NDArray[np.int64]) -> Matrix:
        if len(rows) == 0:
            return np.zeros((0, self._dimension), dtype=np.float32)
        mapped = np.memmap(self._path, dtype=np.float32, mode="r").reshape(-1, self._dimension)
        return np.ascontiguousarray(mapped[rows])


@dataclass(frozen=True)
class AnnSettings:
    threshold: int
    exact_below_share: float
    connectivity: int
    expansion_add: int
    expansion_search: int


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

    @property
    def matrix(self) -> Matrix:
        if self._matrix is None:
            self._matrix = self._vectors.read(self.table.rows)
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
        # Ask for enough candidates that k (and at least _MIN_RESCORED) survive the filter
        # on average, twice over; the graph search explores at least this many nodes.
        count = min(len(self.table), int(max(k, _MIN_RESCORED) * 2 / share))
        matches = self.hnsw().search(query, count)
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
        from usearch.index import Index

        settings = self._ann_settings
        index = Index(
            ndim=self.matrix.shape[1],
            metric="cos",
            dtype=_HNSW_DTYPE,
            connectivity=settings.connectivity,
            expansion_add=settings.expansion_add,
            expansion_search=settings.expansion_search,
        )
        path = self._cache_folder / f"hnsw-{_HNSW_DTYPE}-{settings.connectivity}-{self.table.generation:08d}.usearch"
        if path.exists():
            index.load(str(path))
            return index
        index.add(np.arange(len(self.table), dtype=np.uint64), self.matrix, threads=os.cpu_count() or 1)
        self._cache_folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        index.save(str(partial))
        partial.replace(path)
        for stale in self._cache_folder.glob("hnsw-*.usearch"):
            if stale != path:
                stale.unlink(missing_ok=True)
        return index


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
