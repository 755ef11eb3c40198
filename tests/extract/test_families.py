"""The format registry: every format belongs to one family, and no extension or specific content
type names two formats (detection would then depend on the order of the tables)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ingest.extract.detect import format_for
from ingest.extract.families import FAMILIES, FAMILY_OF, FORMATS


def test_every_format_key_extension_and_content_type_is_claimed_once() -> None:
    formats = [fmt for family in FAMILIES for fmt in family.formats]
    for name, values in {
        "key": [fmt.key for fmt in formats],
        "extension": [ext for fmt in formats for ext in fmt.extensions],
        "content type": [mime for fmt in formats for mime in (*fmt.content_types, *fmt.fallback_content_types)],
    }.items():
        assert not [value for value, count in Counter(values).items() if count > 1], f"a {name} claimed twice"
    assert set(FORMATS) == set(FAMILY_OF) == {fmt.key for fmt in formats}
    assert all(ext.startswith(".") and ext == ext.lower() for fmt in formats for ext in fmt.extensions)


def test_a_format_is_found_by_any_of_its_extensions(tmp_path: Path) -> None:
    for fmt in FORMATS.values():
        for extension in fmt.extensions:
            # With no content to sniff, the extension alone decides (for a format read only as
            # text, content that is text).
            mime = "text/plain" if fmt.needs_text else ""
            assert format_for(tmp_path / f"missing{extension}", mime=mime) == fmt, extension
