"""Uploads onto disk: names that cannot leave their folder or overflow a file system, and limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from starlette.datastructures import UploadFile

from api.errors import ApiError, PayloadTooLargeError
from api.uploads import save_uploads


def _upload(name: str, size: int = 10) -> UploadFile:
    return UploadFile(io.BytesIO(b"x" * size), filename=name)


def test_names_are_base_names_numbered_and_short(tmp_path: Path) -> None:
    names = [
        "../../etc/passwd",
        "..\\\\windows\\\\evil.doc",
        "a" * 300 + ".pdf",
        "",
        "reply (1).eml",
        "same.txt",
        "same.txt",
    ]
    saved = save_uploads([_upload(name) for name in names], tmp_path, 1000, 10_000)
    assert [path.parent for path in saved] == [tmp_path] * len(names)
    assert [path.name for path in saved[:2]] == ["000-passwd", "001-evil.doc"]
    assert saved[2].name.endswith(".pdf") and len(saved[2].name) <= 160
    assert saved[3].name == "003-upload" and saved[4].name == "004-reply _1_.eml"
    assert len({path.name for path in saved}) == len(names) and all(path.read_bytes() == b"x" * 10 for path in saved)


def test_limits_per_file_and_in_all(tmp_path: Path) -> None:
    with pytest.raises(PayloadTooLargeError, match="FOI_MAX_FILE_MB"):
        save_uploads([_upload("big.pdf", 2_000_000)], tmp_path, 1_048_576, 10_000_000)
    with pytest.raises(PayloadTooLargeError, match="FOI_MAX_ARCHIVE_MB"):
        save_uploads([_upload(f"{n}.pdf", 600_000) for n in range(4)], tmp_path, 1_048_576, 2_097_152)
    with pytest.raises(ApiError, match="no file uploaded"):
        save_uploads([], tmp_path, 1, 1)
