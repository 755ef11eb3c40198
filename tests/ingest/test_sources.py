"""Sources: discovery, archives and mailboxes with their limits."""

from __future__ import annotations

import io
import mailbox
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from core.model import document_id_for
from ingest.errors import ArchiveLimitError, CorruptFileError, EncryptedFileError, ExpansionLimitError
from ingest.sources import Budget, Item, discover, expand_archive, expand_mailbox, safe_member_name


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _item(path: Path) -> Item:
    return Item(path.name, path, path.as_posix())


def _budget(mb: int = 10, members: int = 100, depth: int = 3) -> Budget:
    return Budget(mb * 1024 * 1024, members, depth)


def test_discover_walks_folders_sorted_and_skips_os_litter(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", ".DS_Store", "b/1.pdf"):
        (tmp_path / name).write_text("x")
    found = [item.path.relative_to(tmp_path).as_posix() for item in discover([tmp_path])]
    assert found == ["a.txt", "b/1.pdf", "b/2.txt"]
    assert {item.root for item in discover([tmp_path])} == {tmp_path.resolve()}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("letters/a.pdf", "letters/a.pdf"),
        ("./a.pdf", "a.pdf"),
        ("../escape.txt", None),
        ("a/../../escape.txt", None),
        ("/etc/passwd", None),
        ("C:/Windows/x.txt", None),
        ("..\\windows-escape.txt", None),
    ],
)
def test_member_names_that_escape_are_refused(name: str, expected: str | None) -> None:
    assert safe_member_name(name) == expected


def test_zip_members_become_children_with_provenance(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "reply.zip", {"letter.txt": b"Dear requester", "annex/table.csv": b"a,b\n1,2"})
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    expansion = expand_archive(_item(archive), scratch, _budget())
    assert [(i.member_path, i.name) for i in expansion.items] == [
        ("letter.txt", "letter.txt"),
        ("annex/table.csv", "table.csv"),
    ]
    child = expansion.items[0]
    assert child.parent_id == document_id_for(archive.as_posix())
    assert child.document_id == document_id_for(archive.as_posix(), "letter.txt")
    assert child.file.parent == scratch and child.file.read_bytes() == b"Dear requester"
    assert expansion.problems == ()


def test_zip_slip_member_is_reported_and_not_written(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "evil.zip", {"../../outside.txt": b"x", "fine.txt": b"ok"})
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    expansion = expand_archive(_item(archive), scratch, _budget())
    assert [i.member_path for i in expansion.items] == ["fine.txt"]
    (_name, problem) = expansion.problems[0]
    assert isinstance(problem, ArchiveLimitError) and "escapes" in problem.reason
    assert not (tmp_path / "outside.txt").exists()


def test_archive_bomb_stops_at_the_size_limit(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {f"zeros-{i}.txt": b"\0" * (3 * 1024 * 1024) for i in range(5)})
    assert archive.stat().st_size < 200_000
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    expansion = expand_archive(_item(archive), scratch, _budget(mb=7))
    assert len(expansion.items) == 2
    assert isinstance(expansion.problems[-1][1], ExpansionLimitError)
    assert "archive bomb" in expansion.problems[-1][1].reason


def test_nesting_deeper_than_the_limit_is_not_opened(tmp_path: Path) -> None:
    inner = _zip(tmp_path / "inner.zip", {"deep.txt": b"deep"})
    item = Item("inner.zip", inner, "outer.zip", "a/b/inner.zip", "parent", depth=3)
    with pytest.raises(ExpansionLimitError, match="FOI_MAX_NESTING"):
        expand_archive(item, tmp_path, _budget(depth=3))


def test_encrypted_zip_member_is_reported_as_encrypted(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "locked.zip", {"secret.txt": b"x"})
    data = bytearray(archive.read_bytes())
    # Set the "encrypted" flag bit in the local and central headers.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        data[at + flag_offset] |= 1
    archive.write_bytes(bytes(data))
    expansion = expand_archive(_item(archive), tmp_path, _budget())
    assert expansion.items == ()
    assert isinstance(expansion.problems[0][1], EncryptedFileError)


def test_corrupt_archive_raises_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CorruptFileError, match="ZIP"):
        expand_archive(_item(broken), tmp_path, _budget())


def test_tar_members_and_links(tmp_path: Path) -> None:
    path = tmp_path / "bundle.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        data = b"Dear requester"
        info = tarfile.TarInfo("letters/reply.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("letters/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    expansion = expand_archive(_item(path), scratch, _budget())
    assert [i.member_path for i in expansion.items] == ["letters/reply.txt"]
    assert expansion.items[0].file.read_bytes() == b"Dear requester"
    assert "not a regular file" in expansion.problems[0][1].reason


def test_mbox_messages_become_eml_members(tmp_path: Path) -> None:
    path = tmp_path / "requests.mbox"
    box = mailbox.mbox(path)
    for number in (1, 2):
        message = EmailMessage()
        message["From"] = "foi@example.police.uk"
        message["Subject"] = f"FOI {number}"
        message.set_content(f"Response {number}")
        box.add(message)
    box.close()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    expansion = expand_mailbox(_item(path), scratch, _budget())
    assert [i.member_path for i in expansion.items] == ["message-1.eml", "message-2.eml"]
    assert b"Response 2" in expansion.items[1].file.read_bytes()
