"""Read snapshots of the embedded index: one Tantivy searcher and the vector table of its commit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tantivy

from core.settings import Settings
from search.backends.embedded.records import generation
from search.backends.embedded.schema import META
from search.backends.embedded.text_query import QueryBuilder
from search.backends.embedded.vectors import AnnSettings, TableStore, VectorFile, VectorSnapshot


@dataclass
class View:
    """A consistent snapshot: one Tantivy searcher and the vector table of its commit."""

    searcher: tantivy.Searcher
    vectors: VectorSnapshot


class Snapshots:
    """The current snapshot, loading a generation's vector table (and its ANN graph) once."""

    def __init__(
        self,
        index: tantivy.Index,
        builder: QueryBuilder,
        stores: tuple[TableStore, VectorFile],
        settings: Settings,
        folder: Path,
    ) -> None:
        self._index = index
        self._meta = builder.kind(META)
        self._tables, self._vector_file = stores
        self._ann = AnnSettings(
            threshold=settings.ann_threshold,
            exact_below_share=settings.ann_exact_below_share,
            connectivity=settings.ann_connectivity,
            expansion_add=settings.ann_expansion_add,
            expansion_search=settings.ann_expansion_search,
            target_recall=settings.ann_target_recall,
        )
        self._ann_folder = folder / "ann"
        self._vectors: VectorSnapshot | None = None

    def current(self) -> View:
        searcher = self._index.searcher()
        current = generation(searcher, self._meta)
        # One read of the shared attribute: another thread may replace it between two reads.
        vectors = self._vectors
        if vectors is None or vectors.table.generation != current:
            vectors = VectorSnapshot(self._tables.load(current), self._vector_file, self._ann, self._ann_folder)
            self._vectors = vectors
        return View(searcher, vectors)
