"""How alike two texts are: MinHash signatures (datasketch) over word shingles, and the LSH bands
that find candidate pairs without comparing every document with every other.

Two uses, each with its own shingles and thresholds (measured in docs/campaigns.md):
- the request a document answers (`Document.request_text`), for round-robin campaigns: short texts
  whose wording drifts from authority to authority, so pairs in a middle band of resemblance are
  confirmed by the embeddings of the two requests;
- a document's whole cleaned text, for copies of one letter (re-sent, re-published, saved twice).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from datasketch import MinHash

Signature = NDArray[np.uint64]

NUM_PERM = 128
# Named, not left to datasketch's default: signatures kept in the ledger must stay comparable
# with those of a later datasketch version.
SCHEME = "affine32"
_WORD = re.compile(r"[a-z0-9]+")
_REPLY_QUOTE = re.compile(r"\bon [^\n]{4,200}?\bwrote:|^\s*>", re.I | re.M)


@dataclass(frozen=True)
class LikenessRule:
    """One use of resemblance: how texts are cut into shingles and when two are alike."""

    kind: str
    shingle_words: int
    # The fewest words a text needs to be compared at all (a few words are alike by chance).
    min_words: int
    # LSH finds pairs whose estimated Jaccard resemblance is about this or more.
    candidate_threshold: float
    # At or above this resemblance two texts are alike on their words alone.
    accept_threshold: float
    # Between the two thresholds, two requests are alike only if their embeddings agree this much
    # (None: no confirmation, the pair is not alike).
    confirm_cosine: float | None = None


REQUEST_RULE = LikenessRule(
    "request",
    shingle_words=2,
    min_words=8,
    candidate_threshold=0.2,
    accept_threshold=0.55,
    confirm_cosine=0.75,
)
TEXT_RULE = LikenessRule(
    "text",
    shingle_words=3,
    min_words=30,
    candidate_threshold=0.7,
    accept_threshold=0.85,
)
RULES = {rule.kind: rule for rule in (REQUEST_RULE, TEXT_RULE)}


def words(text: str) -> list[str]:
    """The text's words as resemblance compares them: lower case, '&' read as 'and', and 's.60' as
    'section 60' (the two ways UK requests cite a section)."""
    tokens = _WORD.findall(text.lower().replace("&", " and "))
    return [
        "section" if token in ("s", "sec") and position + 1 < len(tokens) and tokens[position + 1].isdigit() else token
        for position, token in enumerate(tokens)
    ]


def own_text(text: str) -> str:
    """A message's own words, above the earlier mail it quotes in reply ("On 17 July 2023, X wrote:",
    lines quoted with '>'): a follow-up that quotes a whole reply is not a copy of it. A forwarded
    or re-sent letter is kept whole, since that is a copy."""
    quoted = _REPLY_QUOTE.search(text)
    return text[: quoted.start()] if quoted else text


def text_key(text: str) -> str | None:
    """The same for two texts that differ only in case, spacing and punctuation; None for short texts."""
    tokens = words(text)
    if len(tokens) < TEXT_RULE.min_words:
        return None
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


def signature(text: str, rule: LikenessRule) -> Signature | None:
    """The MinHash signature of the text's word shingles; None when the text is too short to compare."""
    tokens = words(text)
    if len(tokens) < rule.min_words:
        return None
    size = rule.shingle_words
    shingles = {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}
    minhash = _minhash()
    minhash.update_batch(sorted(shingles))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def resemblance(a: Signature, b: Signature) -> float:
    """The estimated Jaccard resemblance of the two texts' shingle sets."""
    return float(_minhash(a).jaccard(_minhash(b)))


def band_keys(sig: Signature, rule: LikenessRule) -> list[bytes]:
    """One key per LSH band (datasketch's banding for the rule's candidate threshold): two texts
    that share a key are candidates."""
    return [sig[start:end].byteswap().tobytes() for start, end in _hashranges(rule.candidate_threshold)]


@cache
def _hashranges(threshold: float) -> tuple[tuple[int, int], ...]:
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges)


def _minhash(values: Signature | None = None) -> MinHash:
    # datasketch brings scipy (0.3 s): loaded by the ingest runs that compare texts, not by every command.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


def to_blob(sig: Signature | None) -> bytes | None:
    return None if sig is None else sig.astype("<u8").tobytes()


def from_blob(blob: bytes | None) -> Signature | None:
    return None if blob is None else np.frombuffer(blob, dtype="<u8").astype(np.uint64)
