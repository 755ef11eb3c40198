"""Extraction in worker processes, with a time limit per file.

Each worker is a long-lived process that prepares one input file at a time.
A worker that runs past the per-file limit is killed and replaced, and a
worker that dies (a crash inside a C library on a hostile file) is replaced;
either way the file is reported with its reason and the run goes on. A worker
sees its parent vanish (EOF on its pipe) and exits, so killing `foi ingest`
leaves nothing behind.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from ingest.errors import ExtractionError, ExtractionTimeoutError, FileProblemError

In = TypeVar("In")
Out = TypeVar("Out")
# Spawned, not forked: the parent may hold the embedding model and threads.
_CONTEXT = multiprocessing.get_context("spawn")


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    task: object | None = None
    started: float = 0.0
    limit_s: float = 0.0


class WorkerPool(Generic[In, Out]):
    """Runs `job(task)` in `workers` processes; yields (task, result or FileProblemError).

    `job` must be a module-level function (it is pickled by name). It may raise
    FileProblemError subclasses, which come back as results; any other
    exception becomes an ExtractionError naming it.
    """

    def __init__(
        self,
        job: Callable[[In], Out],
        workers: int,
        timeout_s: float,
        label: Callable[[In], str],
        allowance: Callable[[In], float] | None = None,
    ) -> None:
        """`allowance(task)`: extra seconds a task may take on top of `timeout_s` (a large file
        takes longer to read; the limit is there for hangs, not for size)."""
        self._job = job
        self._size = max(1, workers)
        self._timeout_s = timeout_s
        self._label = label
        self._allowance = allowance
        self._workers: list[_Worker] = []

    def map(self, tasks: Iterable[In]) -> Iterator[tuple[In, Out | FileProblemError]]:
        pending = iter(tasks)
        exhausted = False
        try:
            while True:
                while not exhausted and len(self._busy()) < self._size:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    self._assign(task)
                busy = self._busy()
                if not busy:
                    return
                yield from self._collect(busy)
        finally:
            self.close()

    def close(self) -> None:
        for worker in self._workers:
            _stop(worker)
        self._workers = []

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self._workers if worker.task is not None]

    def _assign(self, task: In) -> None:
        worker = next((w for w in self._workers if w.task is None), None) or self._start()
        worker.connection.send(task)
        worker.task, worker.started = task, time.monotonic()
        worker.limit_s = self._timeout_s + (self._allowance(task) if self._allowance else 0.0)

    def _start(self) -> _Worker:
        parent_end, child_end = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(self._job, child_end), daemon=True)
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self._workers.append(worker)
        return worker

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[In, Out | FileProblemError]]:
        deadline = min(worker.started + worker.limit_s for worker in busy)
        ready = wait([worker.connection for worker in busy], timeout=max(0.0, deadline - time.monotonic()))
        for worker in busy:
            task: In = worker.task  # type: ignore[assignment]
            if worker.connection in ready:
                yield task, self._receive(worker, task)
            elif time.monotonic() - worker.started >= worker.limit_s:
                self._replace(worker)
                yield (
                    task,
                    ExtractionTimeoutError(
                        self._label(task),
                        f"extraction took longer than {worker.limit_s:g} s (FOI_FILE_TIMEOUT_S plus time for its size)",
                    ),
                )

    def _receive(self, worker: _Worker, task: In) -> Out | FileProblemError:
        try:
            outcome: Out | FileProblemError = worker.connection.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            self._replace(worker)
            return ExtractionError(self._label(task), f"the extractor crashed (worker exit code {code})")
        worker.task = None
        return outcome

    def _replace(self, worker: _Worker) -> None:
        _stop(worker)
        self._workers.remove(worker)


def _stop(worker: _Worker) -> None:
    worker.connection.close()
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)


def _serve(job: Callable[[object], object], connection: Connection) -> None:
    # Extraction libraries must not each start a thread per core: the pool is the parallelism.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            outcome: object = job(task)
        except FileProblemError as e:
            outcome = e
        except Exception as e:  # a bug or library failure on one file must not end the run
            outcome = ExtractionError(getattr(task, "key", str(task)), f"{type(e).__name__}: {e}")
        try:
            connection.send(outcome)
        except (BrokenPipeError, OSError):
            return
