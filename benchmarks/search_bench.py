"""Search speed of the embedded backend, or of OpenSearch, on a synthetic collection; prints a table.

    .venv/bin/python benchmarks/search_bench.py --chunks 100000
    .venv/bin/python benchmarks/search_bench.py --chunks 1000000 --index /tmp/bench-1m   # keep it; --reuse later
    URL="$(scripts/opensearch.sh start | tail -n 1)"
    .venv/bin/python benchmarks/search_bench.py --chunks 20000 --backend opensearch --url "$URL"

Text: sentences of the project's sample letters recombined into chunks (real
English, FOI vocabulary). Metadata: 400 authorities, 0-3 exemptions, outcomes,
dates 2015-2024, 10 chunks per document. Vectors: never uniform random. The
real model embeds a few hundred real chunk texts; every synthetic vector is a
noisy mix of two of those embeddings, so the collection has the cluster
structure of real embeddings. Queries are real model embeddings of short
phrases. Query embedding time is measured separately. ANN recall is measured
at chunk level against exact float32 search over the same unfiltered
collection, for the 10 phrases and 190 real sentences as queries.

Vectors are made batch by batch, so memory stays near the index's own needs at
1M chunks; the peak resident memory of the process is reported.

With --backend opensearch the same collection (same seed) goes into the index
`--opensearch-index` (default foi-bench, replaced) on the node at --url, and the
table has the rows OpenSearch can answer: its k-NN is always HNSW (Lucene), and
hybrid is measured fused in the search pipeline and in the app. The resident
memory reported is the node's (read from /proc: the node must run on this machine).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from core.codes import OUTCOMES
from core.embed import Encoder, SentenceTransformerEncoder, make_encoder
from core.model import Chunk, Document, IndexItem
from core.settings import Settings
from search.backends.base import IndexSpec, SearchBackend
from search.backends.embedded.backend import EmbeddedBackend
from search.model import Filters, Mode, Query
from search.query import parse_query

CHUNKS_PER_DOCUMENT = 10
BATCH_DOCUMENTS = 1000
AUTHORITIES = [f"Authority {n:03d}" for n in range(400)]
EXEMPTIONS = ["s40(2)", "s31(1)(a)", "s31(1)(b)", "s43(2)", "s12", "s21", "s23(5)", "s30(1)", "s38(1)", "eir12(5)(e)"]
KEYWORD_QUERIES = [
    "police",
    "personal information",
    '"public interest"',
    "cost limit",
    "camera locations",
    "misconduct hearing",
    "commercial interests",
    "section 40",
    "speeding fines",
    "disclose",
]
SEMANTIC_QUERIES = [
    "officers dismissed for abusing their position",
    "how much did the contract cost",
    "refused because answering would take too long",
    "covert surveillance equipment",
    "names of staff withheld",
    "number of speeding tickets issued",
    "planning viability report",
    "border force staffing levels",
    "data breach reports",
    "electric scooters seized",
]


RECALL_SENTENCES = 190
# The keyword rows run the 10 phrases above and these many more, made of the collection's own
# words (single words, word pairs, quoted phrases, three words), each once after a warm-up pass:
# ten queries repeated would time the same postings again and hide a slow query in the median.
KEYWORD_SAMPLE = 190


def sentences() -> list[str]:
    """Sentences of the sample corpus's plain-text letters (and the sources of its other formats)."""
    project = Path(__file__).resolve().parents[1]
    paths = {
        path.name: path
        for folder in ("sample_corpus", "scripts/sample_letters")
        for path in (project / folder).glob("*.txt")
    }
    text = " ".join(paths[name].read_text() for name in sorted(paths))
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.split()) > 4]


def keyword_queries() -> list[str]:
    """The keyword rows' queries: the 10 phrases, then the same seeded sample on every run."""
    return KEYWORD_QUERIES + keyword_sample(np.random.default_rng(7))


def keyword_sample(rng: np.random.Generator) -> list[str]:
    """Keyword queries drawn from the collection's sentences: a mix of the forms users type."""
    pool = [re.findall(r"[a-z]+", sentence.lower()) for sentence in sentences()]
    queries: list[str] = []
    while len(queries) < KEYWORD_SAMPLE:
        words = [word for word in pool[int(rng.integers(0, len(pool)))] if len(word) > 2]
        size = int(rng.choice([1, 1, 2, 2, 3]))
        if len(words) < size:
            continue
        start = int(rng.integers(0, len(words) - size + 1))
        text = " ".join(words[start : start + size])
        queries.append(f'"{text}"' if size == 2 and len(queries) % 3 == 0 else text)
    return queries


def realistic_vectors(anchors: NDArray[np.float32], count: int, rng: np.random.Generator) -> NDArray[np.float32]:
    first = rng.integers(0, len(anchors), count)
    second = rng.integers(0, len(anchors), count)
    mix = rng.uniform(0.6, 1.0, (count, 1)).astype(np.float32)
    vectors: NDArray[np.float32] = mix * anchors[first] + (1 - mix) * anchors[second]
    vectors += rng.normal(0, 0.015, vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def build(backend: SearchBackend, encoder: Encoder, chunks: int, rng: np.random.Generator) -> float:
    pool = sentences()
    anchors = encoder.encode([" ".join(rng.choice(pool, 9)) for _ in range(300)])
    vectors = realistic_vectors(anchors, BATCH_DOCUMENTS * CHUNKS_PER_DOCUMENT, rng)
    documents = chunks // CHUNKS_PER_DOCUMENT
    started = time.perf_counter()
    batch: list[IndexItem] = []
    for n in range(documents):
        chunk_texts = [" ".join(rng.choice(pool, 9)) for _ in range(CHUNKS_PER_DOCUMENT)]
        document = Document(
            id=f"doc{n}",
            source_path=f"bench/{n % 50}/{n}.txt",
            title=chunk_texts[0][:60],
            text="\n\n".join(chunk_texts),
            authority=AUTHORITIES[int(rng.integers(0, len(AUTHORITIES)))],
            exemptions=tuple(rng.choice(EXEMPTIONS, int(rng.integers(0, 4)), replace=False)),
            outcome=OUTCOMES[int(rng.integers(0, len(OUTCOMES)))],
            response_date=date(2015, 1, 1) + timedelta(days=int(rng.integers(0, 3650))),
            doc_type="pdf",
        )
        if n and n % BATCH_DOCUMENTS == 0:
            vectors = realistic_vectors(anchors, BATCH_DOCUMENTS * CHUNKS_PER_DOCUMENT, rng)
        first_row = n % BATCH_DOCUMENTS * CHUNKS_PER_DOCUMENT
        rows = vectors[first_row : first_row + CHUNKS_PER_DOCUMENT]
        item_chunks = tuple(
            Chunk(document.id, order, text, pages=(order + 1,), embedding=rows[order])
            for order, text in enumerate(chunk_texts)
        )
        batch.append(IndexItem(document, item_chunks))
        if len(batch) == BATCH_DOCUMENTS:
            backend.upsert(batch)
            batch = []
    if batch:
        backend.upsert(batch)
    backend.close()
    return documents * CHUNKS_PER_DOCUMENT / (time.perf_counter() - started)


def timed(run: Callable[[int], object], repeats: int, warmup: int = 3) -> tuple[float, float, float, float]:
    """Wall-clock p50, p95 and p99, and the p50 of the process's CPU time (all its threads).

    On a machine shared with other work, wall-clock time includes waiting for a
    core; CPU time does not, so it shows the query's own cost.
    """
    for n in range(warmup):
        run(n)
    samples, cpu = [], []
    for n in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        run(n)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    samples.sort()

    def percentile(share: float) -> float:
        return samples[max(0, math.ceil(len(samples) * share) - 1)]

    return statistics.median(samples), percentile(0.95), percentile(0.99), statistics.median(cpu)


Row = tuple[str, Callable[[int], object]]


def print_rows(rows: list[Row], repeats: int, keyword_count: int) -> None:
    """One line per row. Keyword rows run every keyword query once as a warm-up pass, then each
    query in turn (at least `keyword_count` of them); the other rows cycle the 10 phrases."""
    print(f"| {'measure':36} | {'p50 ms':>8} | {'p95 ms':>8} | {'p99 ms':>8} | {'CPU p50 ms':>10} |")
    print(f"|{'-' * 38}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 12}|")
    for name, run in rows:
        if name.startswith("keyword"):
            p50, p95, p99, cpu_p50 = timed(run, max(repeats, keyword_count), warmup=keyword_count)
        else:
            p50, p95, p99, cpu_p50 = timed(run, repeats)
        print(f"| {name:36} | {p50:8.2f} | {p95:8.2f} | {p99:8.2f} | {cpu_p50:10.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--index", type=Path, help="keep the index here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="search the index already in --index, do not build")
    parser.add_argument("--backend", choices=("embedded", "opensearch"), default="embedded")
    parser.add_argument("--url", default=os.environ.get("FOI_OPENSEARCH_URL", ""), help="OpenSearch node URL")
    parser.add_argument("--opensearch-index", default="foi-bench", help="OpenSearch index (alias) to build and search")
    parser.add_argument(
        "--ann-target-recall",
        type=float,
        default=Settings().ann_target_recall,
        help="FOI_ANN_TARGET_RECALL for the ANN rows (the graph's search breadth is calibrated for it)",
    )
    parser.add_argument("--serve-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_memory:
        serving_memory(args.index, args.repeats)
        return
    if args.backend == "opensearch":
        if not args.url:
            parser.error(
                "--backend opensearch needs --url (or FOI_OPENSEARCH_URL): scripts/opensearch.sh start prints one"
            )
        opensearch_bench(args)
        return
    if args.reuse and args.index is None:
        parser.error("--reuse needs --index")
    rng = np.random.default_rng(42)
    # Queries are embedded as `foi search` does (no torch once the ONNX export exists); only a
    # build needs the PyTorch model, for the anchors of the synthetic vectors.
    encoder = query_encoder()
    folder = args.index or Path(tempfile.mkdtemp(prefix="foi-bench-")) / "index"
    if args.reuse:
        rate = None
    else:
        backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings())
        rate = build(backend, make_encoder(Settings.from_env()), args.chunks, rng)
    build_rss_mb = peak_rss_mb()
    disk_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.parent.name != "ann") / 1e6

    query_vectors = encoder.encode(SEMANTIC_QUERIES)
    embed_ms = single_query_ms(encoder)

    exact = EmbeddedBackend.open(folder, Settings(ann_threshold=10**12))
    ann = EmbeddedBackend.open(folder, Settings(ann_threshold=0, ann_target_recall=args.ann_target_recall))
    chunks = exact.counts().chunks
    started = time.perf_counter()
    ann.search(Query(vector=query_vectors[0], mode=Mode.SEMANTIC, with_facets=False))
    hnsw_build_s = time.perf_counter() - started

    keyword_texts = keyword_queries()
    keyword, semantic, hybrid = bench_queries(query_vectors, keyword_texts)

    authority = Filters(authorities=(AUTHORITIES[7],))
    rows: list[Row] = [
        ("keyword", lambda n: exact.search(keyword(n))),
        ("keyword, filtered (1 authority)", lambda n: exact.search(keyword(n, authority))),
        ("semantic, exact", lambda n: exact.search(semantic(n))),
        ("semantic, ANN (HNSW)", lambda n: ann.search(semantic(n))),
        ("semantic, filtered (1 authority)", lambda n: exact.search(semantic(n, authority))),
        ("hybrid (exact kNN)", lambda n: exact.search(hybrid(n))),
        ("hybrid (ANN)", lambda n: ann.search(hybrid(n))),
        ("facets", lambda n: exact.facets(keyword(n % 10))),
        ("hybrid + facets (a UI search)", lambda n: exact.search(hybrid(n, facets=True))),
    ]
    recall_queries = np.concatenate([query_vectors, encoder.encode(recall_sentences(np.random.default_rng(11)))])
    recall = ann_recall(exact, ann, recall_queries)
    print(
        f"\nEmbedded backend, {chunks:,} chunks ({chunks // CHUNKS_PER_DOCUMENT:,} documents), "
        f"{args.repeats} queries per row, latency excludes query embedding\n"
    )
    print_rows(rows, args.repeats, len(keyword_texts))
    embedding = f"query embedding ({encoder.name[:18]})"
    print(f"| {embedding:36} | {embed_ms:8.2f} | {'':>8} | {'':>8} | {'':>10} |")
    built = "reused an index" if rate is None else f"build rate: {rate:,.0f} chunks/s (indexing, vectors precomputed)"
    print(
        f"\n{built}; disk: {disk_mb:,.0f} MB (without the HNSW cache); "
        f"HNSW build on first ANN query: {hnsw_build_s:.1f} s; "
        f"ANN recall@10 vs exact float32 ({len(recall_queries)} queries): {recall:.3f}; "
        f"peak RSS: {build_rss_mb:,.0f} MB after building, {peak_rss_mb():,.0f} MB at the end; "
        f"resident now: {resident_mb()}"
    )
    # A fresh process, as a server would be: the two backends above (exact and ANN side by side)
    # and the build do not count.
    command = [sys.executable, __file__, "--serve-memory", "--index", str(folder), "--repeats", str(args.repeats)]
    subprocess.run(command, check=True)
    if args.index is None:
        shutil.rmtree(folder.parent, ignore_errors=True)


def bench_queries(
    query_vectors: np.ndarray[Any, Any], keyword_texts: list[str]
) -> tuple[Callable[..., Query], Callable[..., Query], Callable[..., Query]]:
    """The n-th keyword, semantic and hybrid query of a run (the same on every backend).
    `keyword_texts` starts with the 10 phrases, which hybrid queries pair with the 10 semantic
    ones (and facet rows use, as keyword(n % 10))."""

    def keyword(n: int, filters: Filters | None = None) -> Query:
        parsed = parse_query(keyword_texts[n % len(keyword_texts)])
        return Query(keyword=parsed.keyword, mode=Mode.KEYWORD, filters=filters or Filters(), with_facets=False)

    def semantic(n: int, filters: Filters | None = None) -> Query:
        return Query(vector=query_vectors[n % 10], mode=Mode.SEMANTIC, filters=filters or Filters(), with_facets=False)

    def hybrid(n: int, facets: bool = False) -> Query:
        phrase = parse_query(KEYWORD_QUERIES[n % 10]).keyword
        return Query(keyword=phrase, vector=query_vectors[n % 10], mode=Mode.HYBRID, with_facets=facets)

    return keyword, semantic, hybrid


def opensearch_bench(args: argparse.Namespace) -> None:
    """The same collection and queries on an OpenSearch node."""
    from search.backends.opensearch.backend import OpenSearchBackend, delete_index

    rng = np.random.default_rng(42)
    encoder = make_encoder(Settings.from_env())
    settings = replace(Settings.from_env(), opensearch_index=args.opensearch_index, opensearch_replicas=0)
    rate = None
    if not args.reuse:
        delete_index(args.url, settings)
        writer = OpenSearchBackend.create(args.url, IndexSpec(encoder.name, encoder.dimension), settings)
        rate = build(writer, encoder, args.chunks, rng)
    query_vectors = encoder.encode(SEMANTIC_QUERIES)
    pipeline = OpenSearchBackend.open(args.url, settings)
    in_app = OpenSearchBackend.open(args.url, replace(settings, opensearch_hybrid="client"))
    chunks = pipeline.counts().chunks

    keyword_texts = keyword_queries()
    keyword, semantic, hybrid = bench_queries(query_vectors, keyword_texts)

    authority = Filters(authorities=(AUTHORITIES[7],))
    rows: list[Row] = [
        ("keyword", lambda n: pipeline.search(keyword(n))),
        ("keyword, filtered (1 authority)", lambda n: pipeline.search(keyword(n, authority))),
        ("semantic (HNSW)", lambda n: pipeline.search(semantic(n))),
        ("semantic, filtered (1 authority)", lambda n: pipeline.search(semantic(n, authority))),
        ("hybrid (search pipeline)", lambda n: pipeline.search(hybrid(n))),
        ("hybrid (fused in the app)", lambda n: in_app.search(hybrid(n))),
        ("facets", lambda n: pipeline.facets(keyword(n % 10))),
        ("hybrid + facets (a UI search)", lambda n: pipeline.search(hybrid(n, facets=True))),
    ]
    print(
        f"\nOpenSearch {pipeline._cluster.version_text} at {args.url}, index {args.opensearch_index}, "
        f"{chunks:,} chunks ({chunks // CHUNKS_PER_DOCUMENT:,} documents), {args.repeats} queries per row, "
        "latency excludes query embedding\n"
    )
    print_rows(rows, args.repeats, len(keyword_texts))
    client = pipeline._client
    store = client.indices.stats(index=args.opensearch_index, metric="store")["_all"]["primaries"]["store"]
    nodes = client.nodes.info(metric="process")["nodes"]
    pids = [int(node["process"]["id"]) for node in nodes.values() if "process" in node]
    built = "reused an index" if rate is None else f"bulk rate: {rate:,.0f} chunks/s (vectors precomputed)"
    print(
        f"\n{built}; index on disk: {store['size_in_bytes'] / 1e6:,.0f} MB; node RSS: "
        f"{', '.join(f'{node_rss_mb(pid):,.0f} MB' for pid in pids)} (heap included); CPU p50 is this client's "
        "time, not the node's"
    )
    pipeline.close()
    in_app.close()


def node_rss_mb(pid: int) -> float:
    """Resident memory of a local process (0 when it is not on this machine)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def recall_sentences(rng: np.random.Generator) -> list[str]:
    """Real sentences as extra queries: 10 phrases alone make a recall figure that moves by 0.01 a miss."""
    pool = sentences()
    return [str(text) for text in rng.choice(pool, min(RECALL_SENTENCES, len(pool)), replace=False)]


def single_query_ms(encoder: Encoder) -> float:
    """Median time to embed one query, after the batch that loaded the model."""
    samples = []
    for _ in range(3):
        for text in SEMANTIC_QUERIES:
            started = time.perf_counter()
            encoder.encode([text])
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def serving_memory(folder: Path, repeats: int) -> None:
    """Peak memory of a process that only serves searches with the default settings: hybrid with
    and without facets, keyword, filtered semantic search, each `repeats` times."""
    encoder = query_encoder()
    backend = EmbeddedBackend.open(folder, Settings.from_env())
    vectors = encoder.encode(SEMANTIC_QUERIES)
    keyword, semantic, hybrid = bench_queries(vectors, keyword_queries())
    authority = Filters(authorities=(AUTHORITIES[7],))
    for n in range(repeats):
        for query in (keyword(n), keyword(n, authority), semantic(n, authority), hybrid(n), hybrid(n, facets=True)):
            backend.search(query)
    print(
        f"serving with the default settings (a fresh process, {5 * repeats} searches): peak RSS "
        f"{peak_rss_mb():,.0f} MB; resident now: {resident_mb()}"
    )


def query_encoder() -> Encoder:
    """`foi search`'s query encoder; PyTorch's when run against older code (PYTHONPATH=an older
    checkout, to measure it on the same index), which had no other."""
    try:
        from core.embed import make_query_encoder
    except ImportError:
        return SentenceTransformerEncoder()
    return make_query_encoder(Settings.from_env())


def resident_mb() -> str:
    """What the process holds now: its own heap (anonymous pages) and pages of mapped files
    (vectors, HNSW graph, Tantivy segments), which the page cache shares and can reclaim."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    anonymous, mapped = (int(status[key].split()[0]) / 1024 for key in ("RssAnon", "RssFile"))
    return f"{anonymous:,.0f} MB heap, {mapped:,.0f} MB mapped files"


def peak_rss_mb() -> float:
    """The process's peak resident memory so far: VmHWM, not getrusage's ru_maxrss, which a
    child started by this benchmark would inherit from it across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ann_recall(exact: EmbeddedBackend, ann: EmbeddedBackend, query_vectors: NDArray[np.float32]) -> float:
    """Chunk-level recall@10 of the HNSW path against exact float32 search, real query embeddings."""
    exact_view, ann_view = exact.vector_snapshot(), ann.vector_snapshot()
    found = 0
    for vector in query_vectors:
        truth = set(exact_view.exact(vector, 10, None)[0].tolist())
        found += len(truth & set(ann_view.knn(vector, 10, None)[0].tolist()))
    return found / (10 * len(query_vectors))


if __name__ == "__main__":
    main()
