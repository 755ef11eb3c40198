"""Uploaded files onto disk, under the size limits, with names that cannot leave their folder."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import UploadFile

from api.errors import ApiError, PayloadTooLargeError

_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_LONGEST_NAME = 150


def save_uploads(files: list[UploadFile], folder: Path, max_file_bytes: int, max_total_bytes: int) -> list[Path]:
    """Each upload written to `folder` (its base name only, made safe and unique); 413 for a file
    over FOI_MAX_FILE_MB or an upload over FOI_MAX_ARCHIVE_MB in all."""
    if not files:
        raise ApiError("no file uploaded: send them as multipart form fields named 'files'")
    saved: list[Path] = []
    total = 0
    for number, upload in enumerate(files):
        target = folder / _safe_name(upload.filename, number)
        written = 0
        with target.open("wb") as out:
            while block := upload.file.read(_CHUNK):
                written += len(block)
                total += len(block)
                if written > max_file_bytes:
                    raise PayloadTooLargeError(
                        f"{upload.filename!r} is over {max_file_bytes // 1024 // 1024} MB (FOI_MAX_FILE_MB)"
                    )
                if total > max_total_bytes:
                    raise PayloadTooLargeError(
                        f"the upload is over {max_total_bytes // 1024 // 1024} MB in all (FOI_MAX_ARCHIVE_MB)"
                    )
                out.write(block)
        saved.append(target)
    return saved


def _safe_name(filename: str | None, number: int) -> str:
    """`../../etc/passwd` -> `002-passwd`: the base name only, numbered so two uploads never collide."""
    base = _UNSAFE.sub("_", Path((filename or "").replace("\\", "/")).name).strip(" .") or "upload"
    stem, dot, extension = base.rpartition(".")
    if len(base) > _LONGEST_NAME:  # file systems refuse names over 255 bytes
        base = f"{stem[: _LONGEST_NAME - 12]}.{extension[:10]}" if dot else base[:_LONGEST_NAME]
    return f"{number:03d}-{base}"
