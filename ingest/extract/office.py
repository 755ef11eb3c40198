"""Word-processing and presentation files: DOCX, DOC, ODT, RTF, PPTX, PPT.

Legacy binary formats (DOC, PPT) go through LibreOffice to DOCX/PPTX first. We run
`soffice` ourselves rather than through unstructured's `partition_doc`: each call gets
its own throw-away LibreOffice profile (two workers sharing the default profile block
or silently fail) and a time limit (a hostile file can make soffice spin forever).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import CorruptFileError, ExtractionError, UnsupportedFormatError
from ingest.extract.elements import partition_blocks
from ingest.extract.model import Block

SOFFICE_TIMEOUT_S = 120


def convert_with_libreoffice(path: Path, target: str, out_dir: Path, timeout_s: int = SOFFICE_TIMEOUT_S) -> Path:
    """Convert `path` with headless LibreOffice to format `target` (e.g. "docx", "pdf") in `out_dir`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExtractionError(str(path), "LibreOffice (soffice) is not installed: needed for this format")
    with tempfile.TemporaryDirectory(prefix="foi-soffice-profile-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(path),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as e:
            raise ExtractionError(str(path), f"LibreOffice did not convert the file within {timeout_s} s") from e
    converted = out_dir / f"{path.stem}.{target.split(':')[0]}"
    if not converted.is_file() or converted.stat().st_size == 0:
        raise CorruptFileError(str(path), f"LibreOffice could not read the file as {path.suffix or 'a document'}")
    return converted


def libreoffice_has(module: str) -> bool:
    """Whether LibreOffice's program folder has a component library: "sw" Writer, "sd" Impress, "sc" Calc.

    Debian splits LibreOffice into per-application packages; a missing one makes soffice
    fail with only "source file could not be loaded".
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    program = Path(soffice).resolve().parent
    return (program / f"lib{module}lo.so").exists() or not (program / "libswlo.so").exists()


def extract_docx(path: Path) -> list[Block]:
    from unstructured.partition.docx import partition_docx

    return partition_blocks(path, partition_docx, "DOCX")


def extract_doc(path: Path) -> list[Block]:
    from unstructured.partition.docx import partition_docx

    with tempfile.TemporaryDirectory(prefix="foi-doc-") as tmp:
        converted = convert_with_libreoffice(path, "docx", Path(tmp))
        return partition_blocks(converted, partition_docx, "DOC")


def extract_odt(path: Path) -> list[Block]:
    from unstructured.partition.odt import partition_odt

    return partition_blocks(path, partition_odt, "ODT")


def extract_rtf(path: Path) -> list[Block]:
    from unstructured.partition.rtf import partition_rtf

    return partition_blocks(path, partition_rtf, "RTF")


def extract_pptx(path: Path) -> list[Block]:
    from unstructured.partition.pptx import partition_pptx

    return partition_blocks(path, partition_pptx, "PPTX")


def extract_ppt(path: Path) -> list[Block]:
    from unstructured.partition.pptx import partition_pptx

    if not libreoffice_has("sd"):
        raise UnsupportedFormatError(str(path), "reading .ppt needs LibreOffice Impress, which is not installed")
    with tempfile.TemporaryDirectory(prefix="foi-ppt-") as tmp:
        converted = convert_with_libreoffice(path, "pptx", Path(tmp))
        return partition_blocks(converted, partition_pptx, "PPT")
