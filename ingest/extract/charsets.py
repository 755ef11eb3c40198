"""Text whose charset label lies: decode bytes whatever the label says, and say what was guessed.

Mail systems label parts `charset="unknown-8bit"`, `charset=""`, `x-user-defined`, or
`us-ascii` over Windows-1252 bytes; Python's codecs refuse the first three and mis-decode
the last. The order, per MIME part, header word or file name:

1. the declared charset, when Python knows it and the bytes decode under it strictly
   (a single-byte Latin label over valid UTF-8 is the one lie that decodes cleanly: UTF-8 wins);
2. UTF-8, when the bytes are valid UTF-8 (a near-certain test for non-ASCII text);
3. detection by charset-normalizer, for samples long enough to detect on (on a file name or
   a subject it guesses Thai or Cyrillic code pages for plain French);
4. Windows-1252, what Western mail clients send unlabelled;
5. UTF-8 with undecodable bytes replaced: lossy, but the message is never lost.
"""

from __future__ import annotations

import codecs
import email.errors
import email.header
from dataclasses import dataclass

# Below this many bytes charset-normalizer's guesses are mostly wrong (measured on French,
# German and Russian samples: cp1250/cp850/cp1006 for cp1252 text under ~100 bytes).
DETECT_MIN_BYTES = 128
# charset-normalizer's "chaos" (mess ratio) above which a guess is not trusted.
_MAX_CHAOS = 0.2
# Guesses closer than this in chaos and coherence are ties.
_TIE = 0.01
_WESTERN_DEFAULT = "cp1252"
# Labels that name a single-byte Latin charset: valid UTF-8 under such a label is UTF-8.
_LATIN_LABELS = frozenset({"iso8859-1", "iso8859-15", "cp1252", "latin-1", "ascii"})


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used and, when it was not the declared one, why."""

    text: str
    encoding: str
    guess: str | None = None  # a note for the ledger, e.g. "charset 'unknown-8bit' unknown; read as cp1252"


def decode_bytes(raw: bytes, declared: str | None, what: str = "text") -> Decoded:
    """Decode `raw`, trusting `declared` only as far as the bytes allow (see the module docstring)."""
    label = (declared or "").strip().strip("\"'")
    codec = _codec(label)
    if codec is not None and not (codec.name in _LATIN_LABELS and _is_utf8_not_ascii(raw)):
        try:
            return Decoded(raw.decode(codec.name), codec.name)
        except UnicodeDecodeError:
            pass
    if raw.isascii():
        # Nothing to guess: every charset we could pick reads ASCII the same way.
        return Decoded(raw.decode("ascii"), "ascii")
    encoding = _guess(raw)
    text = raw.decode(encoding, errors="replace")
    return Decoded(text, encoding, f"{what}: {_why(label, codec)}; read as {encoding}")


def decode_header_value(value: str, what: str = "header") -> Decoded:
    """A header's text: RFC 2047 encoded words decoded one by one with `decode_bytes`, raw 8-bit
    bytes (carried as surrogate escapes by the email parser) decoded the same way."""
    try:
        pieces = email.header.decode_header(value)
    except (ValueError, email.errors.HeaderParseError):
        pieces = [(value, None)]
    parts: list[str] = []
    guesses: list[str] = []
    for chunk, charset in pieces:
        raw = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "surrogateescape")
        decoded = decode_bytes(raw, charset, what)
        parts.append(decoded.text)
        if decoded.guess:
            guesses.append(decoded.guess)
    return Decoded("".join(parts), "mixed", "; ".join(dict.fromkeys(guesses)) or None)


def _codec(label: str) -> codecs.CodecInfo | None:
    if not label:
        return None
    try:
        return codecs.lookup(label)
    except LookupError:
        return None


def _is_utf8_not_ascii(raw: bytes) -> bool:
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(raw: bytes) -> str:
    if _is_utf8_not_ascii(raw):
        return "utf-8"
    if len(raw) >= DETECT_MIN_BYTES:
        detected = _detect(raw)
        if detected:
            return detected
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "utf-8"


def _detect(raw: bytes) -> str | None:
    """charset-normalizer's guess; among equally good guesses, Windows-1252 (on Western text
    cp1250, cp1252 and cp1257 often tie, and the mail clients that omit labels send cp1252)."""
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    if best is None or best.chaos > _MAX_CHAOS:
        return None
    tied = {m.encoding for m in matches if m.chaos <= best.chaos + _TIE and m.coherence >= best.coherence - _TIE}
    return _WESTERN_DEFAULT if _WESTERN_DEFAULT in tied else str(best.encoding)


def _why(label: str, codec: codecs.CodecInfo | None) -> str:
    if not label:
        return "no charset declared"
    if codec is None:
        return f"charset {label!r} unknown"
    return f"bytes do not match the declared charset {label!r}"
