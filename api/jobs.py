"""Ingest through the API: uploaded files are kept under the index's ledger folder and ingested
into a collection by one background worker, one job at a time, with the same pipeline and ledger
as `foi ingest`. A job reports its progress and, when done, what was indexed and what failed."""

from __future__ import annotations

import logging
import queue
import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from core.errors import FoiError
from core.location import IndexLocation
from core.settings import Settings

log = logging.getLogger(__name__)
UPLOADS = "uploads"
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass
class Job:
    """One upload's ingest. `report` is the run's summary once it is done (as `foi ingest --json`)."""

    id: str
    collection: str
    files: list[str]
    owner: str  # the key that submitted it
    state: str = QUEUED
    done_files: int = 0
    report: dict[str, Any] | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "collection": self.collection,
            "state": self.state,
            "files": len(self.files),
            "done_files": self.done_files,
            "report": self.report,
            "error": self.error,
        }


class IngestJobs:
    """The queue of ingest jobs of one index, and the worker thread that runs them in turn.

    `after_each` runs when a job ends (the API refreshes its searches there)."""

    def __init__(self, location: IndexLocation, settings: Settings, after_each: Callable[[], None]) -> None:
        self._location = location
        self._settings = settings
        self._after_each = after_each
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="foi-ingest-jobs", daemon=True)
        self._worker.start()

    def folder_for_new_job(self) -> tuple[str, Path]:
        job_id = secrets.token_hex(8)
        folder = self._location.ledger_folder / UPLOADS / job_id
        folder.mkdir(parents=True)
        return job_id, folder

    def submit(self, job_id: str, collection: str, files: list[Path], owner: str) -> Job:
        job = Job(job_id, collection, [path.as_posix() for path in files], owner)
        self._jobs[job.id] = job
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def _work(self) -> None:
        while True:
            self._run(self._queue.get())

    def _run(self, job: Job) -> None:
        job.state = RUNNING
        # The worker must outlive any one job (and a failed refresh): the job says what happened.
        try:
            job.report = self._ingest(job)
            self._after_each()  # searchable before the job says done
            job.state = DONE
        except FoiError as e:
            job.state, job.error = FAILED, str(e)
        except Exception as e:
            log.exception("ingest job %s failed", job.id)
            job.state, job.error = FAILED, f"{type(e).__name__}: {e}"

    def _ingest(self, job: Job) -> dict[str, Any]:
        from core.embed import make_encoder
        from ingest.pipeline import IndexForIngest
        from ingest.sources import discover

        def file_done(_path: str, _outcome: str) -> None:
            job.done_files += 1

        settings = replace(self._settings, ingest_collection=job.collection)
        inputs = list(discover(Path(path) for path in job.files))
        with IndexForIngest(self._location, settings, make_encoder(settings), file_done) as ingestor:
            report = ingestor.run_inputs(inputs)
        return asdict(report)
