"""Cold-start benchmark: each `foi` command (and a UI search) in a fresh process, as a user runs it.

    .venv/bin/python benchmarks/cli_bench.py --before 6b7791d
    .venv/bin/python benchmarks/cli_bench.py --compare-index /tmp/obliqa/index \
        --compare-queries /tmp/obliqa/queries.jsonl   # the fast query encoder's top-10 vs PyTorch's

Builds a small index of the sample corpus (or uses --index), then runs every command
--repeats times in a new Python process and prints one table: median wall time and the
process's peak RSS. With --before REV the same commands run from a git worktree of that
revision too (same virtualenv, same index), so "before" and "after" come from one run on
one machine. The UI rows run ui/app.py through Streamlit's AppTest in a fresh process:
the first search after start (cached resources are made then) and a later one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

PROJECT = Path(__file__).resolve().parents[1]
QUERY = "how many e-scooters did the police seize"
# Run inside a fresh interpreter: times the UI's first and second search through AppTest.
UI_PROBE = """
import sys, time
from streamlit.testing.v1 import AppTest
app = AppTest.from_file(sys.argv[1], default_timeout=300).run()
timings = []
for query in sys.argv[2:]:
    started = time.perf_counter()
    app.text_input(key="q").input(query).run()
    assert not app.exception, app.exception
    timings.append(time.perf_counter() - started)
print(" ".join(f"{t:.3f}" for t in timings))
"""


@dataclass(frozen=True)
class Row:
    name: str
    arguments: tuple[str, ...]
    environment: tuple[tuple[str, str], ...] = ()


ROWS = (
    Row("foi --help", ("--help",)),
    Row("foi status", ("status",)),
    Row("foi search --mode keyword", ("search", QUERY, "--mode", "keyword", "--json")),
    Row("foi search (hybrid)", ("search", QUERY, "--json")),
    Row("foi search (hybrid, torch encoder)", ("search", QUERY, "--json"), (("FOI_QUERY_ENCODER", "ingest"),)),
)


@dataclass(frozen=True)
class Measure:
    wall_s: float
    rss_mb: float | None


def run_once(command: Sequence[str], environment: dict[str, str], cwd: Path) -> Measure:
    """One fresh process: its wall time and its own peak RSS (from wait4, not the children's max)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    return Measure(wall, usage.ru_maxrss / 1024)


def foi_command(code: Path) -> list[str]:
    module = "cli.main" if (code / "cli" / "main.py").is_file() else "ingest.cli"
    return [sys.executable, "-m", module]


def measure_rows(code: Path, index: Path, environment: dict[str, str], repeats: int) -> dict[str, Measure]:
    results = {}
    for row in ROWS:
        arguments = list(row.arguments) if row.arguments == ("--help",) else [*row.arguments, "--index", str(index)]
        env = {**environment, **dict(row.environment), "PYTHONPATH": str(code)}
        run_once([*foi_command(code), *arguments], env, code)  # warm the page cache
        runs = [run_once([*foi_command(code), *arguments], env, code) for _ in range(repeats)]
        results[row.name] = Measure(statistics.median(m.wall_s for m in runs), max(m.rss_mb or 0.0 for m in runs))
    return results


def measure_ui(code: Path, index: Path, environment: dict[str, str]) -> dict[str, Measure]:
    env = {**environment, "PYTHONPATH": str(code), "FOI_INDEX_DIR": str(index)}
    command = [sys.executable, "-c", UI_PROBE, str(code / "ui" / "app.py"), QUERY, "stop and search of children"]
    done = subprocess.run(command, env=env, cwd=code, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"UI probe failed:\n{done.stderr[-2000:]}")
    first, later = (float(value) for value in done.stdout.split()[-2:])
    return {"UI: first search after start": Measure(first, None), "UI: a later search": Measure(later, None)}


@contextmanager
def worktree(revision: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="foi-before-") as scratch:
        path = Path(scratch) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(path), revision], cwd=PROJECT, check=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=PROJECT, check=False)


def build_index(target: Path, environment: dict[str, str]) -> None:
    command = [*foi_command(PROJECT), "ingest", str(PROJECT / "sample_corpus"), "--index", str(target), "--json"]
    env = {**environment, "PYTHONPATH": str(PROJECT)}
    subprocess.run(command, env=env, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index to search (default: the sample corpus, built here)")
    parser.add_argument("--before", help="a git revision to measure too, from a worktree")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-ui", action="store_true", help="skip the UI rows")
    parser.add_argument("--compare-index", type=Path, help="instead: compare the query encoders' top-10 here...")
    parser.add_argument("--compare-queries", type=Path, help="...over these judged queries (foi eval's JSONL)")
    args = parser.parse_args(argv)
    if args.compare_index and args.compare_queries:
        compare_encoders(args.compare_index, args.compare_queries)
        return 0
    with tempfile.TemporaryDirectory(prefix="foi-cli-bench-") as scratch:
        environment = {**os.environ, "HF_HUB_OFFLINE": "1", "FOI_STATE_DIR": str(Path(scratch) / "state")}
        index = args.index or Path(scratch) / "index"
        if args.index is None:
            build_index(index, environment)  # also makes the query encoder's export
        columns: dict[str, dict[str, Measure]] = {}
        if args.before:
            with worktree(args.before) as old:
                columns[f"before ({args.before})"] = measure_rows(old, index, environment, args.repeats)
                if not args.no_ui:
                    columns[f"before ({args.before})"] |= measure_ui(old, index, environment)
        columns["now"] = measure_rows(PROJECT, index, environment, args.repeats)
        if not args.no_ui:
            columns["now"] |= measure_ui(PROJECT, index, environment)
    print_table(columns, args.repeats)
    return 0


def compare_encoders(index: Path, queries_path: Path) -> None:
    """Hybrid top-10 with the fast query encoder against PyTorch's, query by query."""
    from dataclasses import replace

    import numpy as np

    from core.embed import make_query_encoder
    from core.settings import Settings
    from search.client import SearchClient
    from search.evaluation.queries import read_queries

    settings = Settings.from_env()
    queries = read_queries(queries_path)
    fast, torch = make_query_encoder(settings), make_query_encoder(replace(settings, query_encoder="ingest"))
    texts = [query.text for query in queries]
    difference = float(np.abs(fast.encode(texts) - torch.encode(texts)).max())
    tops = []
    for encoder in (fast, torch):
        client = SearchClient.open(index, settings, encoder)
        tops.append([[hit.document.id for hit in client.search(q.text, filters=q.filters).hits] for q in queries])
        client.close()
    same = sum(first == second for first, second in zip(*tops, strict=True))
    print(f"{queries_path}: same hybrid top-10 for {same} of {len(queries)} queries; ", end="")
    print(f"query vectors differ by <= {difference:.1e}")


def print_table(columns: dict[str, dict[str, Measure]], repeats: int) -> None:
    table = Table(title=f"Fresh-process wall time (median of {repeats}) and peak RSS")
    table.add_column("command")
    for name in columns:
        table.add_column(f"{name} wall s", justify="right")
        table.add_column(f"{name} RSS MB", justify="right")
    for row in dict.fromkeys(name for measures in columns.values() for name in measures):
        cells = []
        for measures in columns.values():
            measure = measures.get(row)
            cells += ["-", "-"] if measure is None else [f"{measure.wall_s:.2f}", _megabytes(measure.rss_mb)]
        table.add_row(row, *cells)
    Console(width=200).print(table)


def _megabytes(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


if __name__ == "__main__":
    raise SystemExit(main())
