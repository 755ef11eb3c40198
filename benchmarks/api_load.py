"""Load on the HTTP API over loopback: N clients searching at once for a fixed time.

    .venv/bin/python benchmarks/api_load.py [--index DIR] [--clients 8] [--seconds 60]

Ingests sample_corpus/ into a temporary embedded index (or uses `--index`), makes a reader key,
starts `foi serve` on 127.0.0.1 and runs `--clients` threads, each sending searches (keyword and
hybrid, filters, pages) back to back until `--seconds` pass. Bounded: at most 64 clients and 600
seconds, and the server is stopped at the end. Prints requests/s, latency percentiles and errors.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    {"q": "exemption:s40", "mode": "keyword"},
    {"q": "neither confirm nor deny", "mode": "hybrid"},
    {"q": "how many e-scooters did the police seize", "mode": "hybrid"},
    {"q": "cost limit", "mode": "keyword", "outcome": "refused"},
    {"q": "camera locations", "mode": "hybrid", "limit": 20},
    {"q": "", "mode": "keyword", "sort": "newest"},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an existing index (default: sample_corpus ingested afresh)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    clients, seconds = min(max(args.clients, 1), 64), min(max(args.seconds, 1.0), 600.0)
    with tempfile.TemporaryDirectory(prefix="foi-api-load-") as scratch:
        environment = {**os.environ, "FOI_STATE_DIR": str(Path(scratch) / "state"), "HF_HUB_OFFLINE": "1"}
        # The server's own limit would refuse the load this measures.
        environment["FOI_API_REQUESTS_PER_MINUTE"] = "1000000"
        index = args.index or Path(scratch) / "index"
        if args.index is None:
            _foi(environment, "ingest", str(ROOT / "sample_corpus"), "--index", str(index))
        key = _foi(environment, "keys", "create", "--index", str(index), "--name", "load", "--collection", "public")
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--index", str(index), "--port", str(port)],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url)
            headers = {"Authorization": f"Bearer {key.splitlines()[-1]}"}
            # One pass first: the query encoder loads on the first hybrid search.
            for query in QUERIES:
                httpx.get(f"{url}/search", params=query, headers=headers, timeout=60)
            latencies, errors, wall = _load(url, headers, clients, seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(latencies, errors, wall, clients)


def _load(url: str, headers: dict[str, str], clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            for query in itertools.islice(itertools.cycle(QUERIES), offset, None):
                if time.monotonic() >= stop:
                    return
                started = time.perf_counter()
                response = http.get("/search", params=query)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code}: {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.monotonic() - started


def _report(latencies: list[float], errors: list[str], wall: float, clients: int) -> None:
    ordered = sorted(latencies)
    table = Table(title=f"HTTP API, /search over loopback, {clients} clients")
    for column in ("requests", "s", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"):
        table.add_column(column, justify="right")

    def percentile(share: float) -> str:
        return f"{ordered[min(len(ordered) - 1, int(share * len(ordered)))]:.1f}" if ordered else "-"

    table.add_row(
        str(len(ordered)),
        f"{wall:.1f}",
        f"{len(ordered) / wall:.1f}",
        f"{statistics.median(ordered):.1f}" if ordered else "-",
        percentile(0.95),
        percentile(0.99),
        str(len(errors)),
    )
    Console().print(table)
    for error in errors[:5]:
        Console().print(f"error {error}")


def _foi(environment: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *arguments], env=environment, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"foi {' '.join(arguments)} failed: {done.stderr[-2000:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("foi serve did not answer /health within 60 s")


if __name__ == "__main__":
    main()
