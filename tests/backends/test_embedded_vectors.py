"""The embedded index's vector store: mapped, not copied, and an HNSW graph built once and mapped."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from search.backends.embedded.vectors import AnnSettings, Matrix, Table, VectorFile, VectorSnapshot


def _vectors(count: int, dimension: int = 16, seed: int = 3) -> Matrix:
    rows = np.random.default_rng(seed).normal(size=(count, dimension)).astype(np.float32)
    normalised: Matrix = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return normalised


def _table(rows: NDArray[np.int64], generation: int = 1) -> Table:
    ids = np.array([f"c{row}" for row in rows], dtype=str)
    return Table(generation, ids, rows.astype(np.int64), rows.astype(np.int64), int(rows.max()) + 1)


def test_consecutive_rows_can_be_a_view_of_the_mapped_file(tmp_path: Path) -> None:
    written = _vectors(50)
    store = VectorFile(tmp_path / "vectors.f32", 16)
    store.append(written[:30])
    store.append(written[30:])
    matrix = store.read(np.arange(10, 50, dtype=np.int64), mapped=True)
    # The file is mapped read-only: a view of it cannot be written, a copy on the heap can.
    assert not matrix.flags.writeable, "consecutive rows were copied onto the heap"
    np.testing.assert_array_equal(matrix, written[10:50])
    copied = store.read(np.arange(10, 50, dtype=np.int64))
    assert copied.flags.writeable and copied.flags.c_contiguous
    np.testing.assert_array_equal(copied, written[10:50])


def test_rows_with_gaps_are_gathered(tmp_path: Path) -> None:
    written = _vectors(20)
    store = VectorFile(tmp_path / "vectors.f32", 16)
    store.append(written)
    rows = np.array([0, 1, 5, 19], dtype=np.int64)
    np.testing.assert_array_equal(store.read(rows, mapped=True), written[rows])


def test_the_hnsw_graph_is_built_once_then_mapped(tmp_path: Path) -> None:
    written = _vectors(3000, dimension=32)
    store = VectorFile(tmp_path / "vectors.f32", 32)
    store.append(written)
    table = _table(np.arange(3000))
    ann = AnnSettings(threshold=0, exact_below_share=0.05, connectivity=16, expansion_add=128, expansion_search=256)
    cache = tmp_path / "ann"
    first = VectorSnapshot(table, store, ann, cache)
    query = written[1234] + 0.01 * written[99]
    positions, _ = first.knn(query / np.linalg.norm(query), 5, None)
    assert positions[0] == 1234
    (graph,) = cache.glob("hnsw-*.usearch")
    record = graph.with_suffix(".json")
    checked = json.loads(record.read_text())
    assert checked["expansion_search"] >= 256 and checked["recall_at_10"] >= 0.99
    built, measured = graph.stat().st_mtime_ns, record.stat().st_mtime_ns
    second = VectorSnapshot(table, store, ann, cache)
    assert second.knn(query / np.linalg.norm(query), 5, None)[0].tolist() == positions.tolist()
    assert graph.stat().st_mtime_ns == built, "the graph was built again instead of mapped"
    assert record.stat().st_mtime_ns == measured, "the recall check ran again"
    exact, _ = second.exact(query / np.linalg.norm(query), 5, None)
    assert exact.tolist() == positions.tolist()


def test_the_search_breadth_grows_until_the_target_recall_or_its_limit(tmp_path: Path) -> None:
    store = VectorFile(tmp_path / "vectors.f32", 32)
    store.append(_vectors(2000, dimension=32))
    unreachable = AnnSettings(
        threshold=0, exact_below_share=0.05, connectivity=8, expansion_add=32, expansion_search=16, target_recall=1.01
    )
    VectorSnapshot(_table(np.arange(2000)), store, unreachable, tmp_path / "ann").hnsw()
    (record,) = (tmp_path / "ann").glob("hnsw-*.json")
    checked = json.loads(record.read_text())
    assert checked["expansion_search"] == 16 * 8 and checked["recall_at_10"] <= 1.0
