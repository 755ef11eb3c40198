"""Where documents come from: input files, and the members inside containers.

`discover` walks the paths given to `foi ingest` into input files. Inside a
worker, `expand_archive` and `expand_mailbox` turn a ZIP/TAR archive or an
mbox into member items, each written to a private scratch folder under a
generated name (a member's own name is never used as a path, so `../` cannot
escape), within the limits of an expansion Budget shared by the whole input
file: total expanded size, number of members and nesting depth.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import mailbox
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from core.model import document_id_for
from core.settings import Settings
from ingest.errors import (
    ArchiveLimitError,
    CorruptFileError,
    EncryptedFileError,
    ExpansionLimitError,
    FileProblemError,
    UnsupportedFormatError,
)

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
# One compressed file (not a tar): its one member is the file it holds, named without the suffix.
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
MAILBOX_SUFFIXES = (".mbox",)
_COPY_BLOCK = 1 << 20
# Never indexed, never reported: operating-system litter beside real files.
_IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class InputFile:
    """A file given to (or found under a folder given to) `foi ingest`."""

    path: Path
    root: Path

    @property
    def key(self) -> str:
        return self.path.as_posix()


@dataclass(frozen=True)
class Item:
    """One future document: a file on disk plus where it came from."""

    name: str
    file: Path
    source_path: str
    member_path: str | None = None
    parent_id: str | None = None
    depth: int = 0

    @property
    def document_id(self) -> str:
        return document_id_for(self.source_path, self.member_path)

    @property
    def suffix(self) -> str:
        return container_suffix(self.name) or PurePosixPath(self.name).suffix.lower()

    def child(self, name: str, file: Path, member: str) -> Item:
        member_path = member if self.member_path is None else f"{self.member_path}/{member}"
        return Item(name, file, self.source_path, member_path, self.document_id, self.depth + 1)


@dataclass
class Budget:
    """What one input file may still expand into, across every nested container."""

    bytes_left: int
    members_left: int
    max_depth: int
    _scratch_count: int = field(default=0, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Budget:
        return cls(settings.max_archive_mb * 1024 * 1024, settings.max_archive_members, settings.max_nesting)

    def scratch_name(self, name: str) -> str:
        self._scratch_count += 1
        suffix = container_suffix(name) or PurePosixPath(name).suffix.lower()
        return f"member-{self._scratch_count}{suffix}"


@dataclass(frozen=True)
class Expansion:
    """A container's members, and the members that could not be taken out (with why)."""

    items: tuple[Item, ...]
    problems: tuple[tuple[str, FileProblemError], ...]  # (member path, problem)
    listing: tuple[str, ...]


def discover(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Input files in a stable order: a folder is walked recursively, sorted."""
    for path in paths:
        resolved = path.resolve()
        if resolved.is_dir():
            for file in sorted(p for p in resolved.rglob("*") if p.is_file() and p.name not in _IGNORED_NAMES):
                yield InputFile(file, resolved)
        else:
            yield InputFile(resolved, resolved.parent)


def container_suffix(name: str) -> str | None:
    lowered = name.lower()
    for suffix in (*ARCHIVE_SUFFIXES, *MAILBOX_SUFFIXES, *COMPRESSED_SUFFIXES):
        if lowered.endswith(suffix):
            return suffix
    return None


def is_archive(item: Item) -> bool:
    return item.suffix in ARCHIVE_SUFFIXES or item.suffix in COMPRESSED_SUFFIXES


def is_mailbox(item: Item) -> bool:
    return item.suffix in MAILBOX_SUFFIXES


def expand_archive(item: Item, scratch: Path, budget: Budget) -> Expansion:
    _check_depth(item, budget)
    if item.suffix == ".zip":
        return _expand_zip(item, scratch, budget)
    if item.suffix in COMPRESSED_SUFFIXES:
        return _expand_compressed(item, scratch, budget)
    return _expand_tar(item, scratch, budget)


def _expand_compressed(item: Item, scratch: Path, budget: Budget) -> Expansion:
    """A `.gz`, `.bz2` or `.xz` file: its one member, decompressed within the budget (a bomb stops
    at FOI_MAX_ARCHIVE_MB); a tar inside is expanded as a tar."""
    if _holds_tar(item):
        return _expand_tar(item, scratch, budget)
    member = item.name[: -len(item.suffix)] or "content"
    member = PurePosixPath(member.replace("\\", "/")).name or "content"
    target = scratch / budget.scratch_name(member)
    try:
        written = _decompress_capped(item, target, budget.bytes_left, member)
    except ExpansionLimitError as e:
        return Expansion((), ((member, e),), (member,))
    _take(budget, member, written)
    return Expansion((item.child(member, target, member),), (), (member,))


def _holds_tar(item: Item) -> bool:
    """A tar inside (`backup.gz`): its first header block has the ustar magic. (tarfile.is_tarfile
    also says yes to a stream of zeros, an empty tar's end marker, which a compression bomb is.)"""
    try:
        with _open_compressed(item.file, item.suffix) as source:
            header = source.read(512)
    except (OSError, EOFError, lzma.LZMAError, ValueError):
        return False
    return header[257:262] == b"ustar"


def _open_compressed(path: Path, suffix: str) -> io.BufferedIOBase:
    if suffix == ".gz":
        return gzip.GzipFile(path, "rb")
    if suffix == ".bz2":
        return bz2.BZ2File(path, "rb")
    return lzma.LZMAFile(path, "rb")


def _decompress_capped(item: Item, target: Path, limit: int, member: str) -> int:
    written = 0
    try:
        with _open_compressed(item.file, item.suffix) as source, target.open("wb") as out:
            while block := source.read(_COPY_BLOCK):
                written += len(block)
                if written > limit:
                    raise ExpansionLimitError(
                        member, "expands beyond the size limit (FOI_MAX_ARCHIVE_MB), possibly a compression bomb"
                    )
                out.write(block)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as e:
        # gzip.BadGzipFile is an OSError; a truncated stream ends in EOFError.
        raise CorruptFileError(item.name, f"not a readable {item.suffix} file: {type(e).__name__}: {e}") from e
    return written


def expand_mailbox(item: Item, scratch: Path, budget: Budget) -> Expansion:
    """Every message of an mbox becomes a member `message-N.eml`."""
    _check_depth(item, budget)
    items: list[Item] = []
    problems: list[tuple[str, FileProblemError]] = []
    try:
        box = mailbox.mbox(item.file, create=False)
        keys = list(box.keys())
    except (OSError, mailbox.Error) as e:
        raise CorruptFileError(item.name, f"cannot read the mailbox: {e}") from e
    for number, key in enumerate(keys, start=1):
        member = f"message-{number}.eml"
        try:
            data = box.get_bytes(key)
            _take(budget, member, len(data))
        except ExpansionLimitError as e:
            problems.append((member, e))
            break
        target = scratch / budget.scratch_name(member)
        target.write_bytes(data)
        items.append(item.child(member, target, member))
    return Expansion(tuple(items), tuple(problems), tuple(i.name for i in items))


def attachment_item(
    parent: Item, name: str, data: bytes, scratch: Path, budget: Budget, via: str | None = None
) -> Item:
    """An email attachment as a child item (checked against the same budget); `via` is the container
    inside the email it came from (`winmail.dat`), which its member path names."""
    _check_depth(parent, budget)
    member = f"{via}/{name}" if via else name
    _take(budget, member, len(data))
    target = scratch / budget.scratch_name(name)
    target.write_bytes(data)
    return parent.child(name, target, member)


def safe_member_name(name: str) -> str | None:
    """The member's path inside its container, or None when it would escape it."""
    normalised = name.replace("\\", "/")
    pure = PurePosixPath(normalised)
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        return None
    cleaned = "/".join(part for part in pure.parts if part not in ("", "."))
    return cleaned or None


def _check_depth(item: Item, budget: Budget) -> None:
    if item.depth >= budget.max_depth:
        raise ExpansionLimitError(
            item.member_path or item.name,
            f"containers nested more than {budget.max_depth} deep (FOI_MAX_NESTING); the inner ones are not opened",
        )


def _take(budget: Budget, member: str, size: int) -> None:
    if budget.members_left <= 0:
        raise ExpansionLimitError(member, "too many members (FOI_MAX_ARCHIVE_MEMBERS); the rest are skipped")
    if size > budget.bytes_left:
        raise ExpansionLimitError(
            member,
            "expands beyond the size limit (FOI_MAX_ARCHIVE_MB), possibly an archive bomb; the rest is skipped",
        )
    budget.members_left -= 1
    budget.bytes_left -= size


def _expand_zip(item: Item, scratch: Path, budget: Budget) -> Expansion:
    try:
        archive = zipfile.ZipFile(item.file)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise CorruptFileError(item.name, f"not a readable ZIP archive: {e}") from e
    items: list[Item] = []
    problems: list[tuple[str, FileProblemError]] = []
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            try:
                items.append(_zip_member(item, archive, info, scratch, budget))
            except ExpansionLimitError as e:
                problems.append((e.path, e))
                break
            except FileProblemError as e:
                problems.append((e.path, e))
    return Expansion(tuple(items), tuple(problems), tuple(i.filename for i in archive.infolist() if not i.is_dir()))


def _zip_member(item: Item, archive: zipfile.ZipFile, info: zipfile.ZipInfo, scratch: Path, budget: Budget) -> Item:
    member = safe_member_name(info.filename)
    if member is None:
        raise ArchiveLimitError(info.filename, "member path escapes the archive (e.g. ../); not extracted")
    if info.flag_bits & 0x1:
        raise EncryptedFileError(member, "encrypted archive member (password protected)")
    _take(budget, member, info.file_size)
    target = scratch / budget.scratch_name(member)
    try:
        with archive.open(info) as source:
            _copy_capped(source, target, info.file_size, member)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as e:
        raise CorruptFileError(member, f"cannot extract the archive member: {e}") from e
    return item.child(PurePosixPath(member).name, target, member)


def _expand_tar(item: Item, scratch: Path, budget: Budget) -> Expansion:
    try:
        archive = tarfile.open(item.file, mode="r:*")  # noqa: SIM115 - closed by the `with` below
    except (tarfile.TarError, OSError, EOFError) as e:
        raise CorruptFileError(item.name, f"not a readable TAR archive: {e}") from e
    items: list[Item] = []
    problems: list[tuple[str, FileProblemError]] = []
    listing: list[str] = []
    with archive:
        try:
            for info in archive:
                if info.isdir():
                    continue
                listing.append(info.name)
                try:
                    items.append(_tar_member(item, archive, info, scratch, budget))
                except ExpansionLimitError as e:
                    problems.append((e.path, e))
                    break
                except FileProblemError as e:
                    problems.append((e.path, e))
        except (tarfile.TarError, OSError, EOFError) as e:
            problems.append((item.name, CorruptFileError(item.name, f"the archive is truncated or corrupt: {e}")))
    return Expansion(tuple(items), tuple(problems), tuple(listing))


def _tar_member(item: Item, archive: tarfile.TarFile, info: tarfile.TarInfo, scratch: Path, budget: Budget) -> Item:
    member = safe_member_name(info.name)
    if member is None:
        raise ArchiveLimitError(info.name, "member path escapes the archive (e.g. ../); not extracted")
    if not info.isfile():
        raise UnsupportedFormatError(member, "not a regular file (link or device); not extracted")
    _take(budget, member, info.size)
    source = archive.extractfile(info)
    if source is None:
        raise CorruptFileError(member, "cannot extract the archive member")
    target = scratch / budget.scratch_name(member)
    with source:
        _copy_capped(source, target, info.size, member)
    return item.child(PurePosixPath(member).name, target, member)


def _copy_capped(source: IO[bytes], target: Path, declared: int, member: str) -> None:
    """Copy at most the declared size: a member whose header lies about its size is cut, not trusted."""
    written = 0
    with target.open("wb") as out:
        while block := source.read(_COPY_BLOCK):
            written += len(block)
            if written > declared:
                raise ArchiveLimitError(member, "member is larger than its archive header says; not extracted")
            out.write(block)
