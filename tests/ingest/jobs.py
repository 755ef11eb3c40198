"""Module-level jobs for the worker-pool tests (spawned workers import them by name)."""

from __future__ import annotations

import os
import signal
import time

from ingest.errors import CorruptFileError


def echo_or_misbehave(task: str) -> str:
    if task == "sleep":
        time.sleep(60)
    if task == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if task == "corrupt":
        raise CorruptFileError(task, "not a real PDF")
    if task == "bug":
        raise ZeroDivisionError("division by zero")
    return task.upper()
