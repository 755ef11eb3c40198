"""The embedding cache: a chunk text already embedded is never embedded again."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.embed import CachedEncoder, EmbeddingCache, SentenceTransformerEncoder


def test_cached_vectors_equal_fresh_ones_and_are_not_recomputed(
    tmp_path: Path, encoder: SentenceTransformerEncoder
) -> None:
    texts = ["The request is refused under section 40(2).", "We do not hold this information.", "Dear requester"]
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    cached = CachedEncoder(encoder, cache)
    first = cached.encode(texts)
    assert cached.computed == 3
    again = CachedEncoder(encoder, EmbeddingCache(tmp_path / "cache.sqlite"))
    second = again.encode([texts[1], texts[0], texts[1], "A new sentence."])
    assert again.computed == 1
    np.testing.assert_allclose(second[0], first[1], rtol=1e-6)
    np.testing.assert_allclose(second[1], first[0], rtol=1e-6)
    np.testing.assert_allclose(second[3], encoder.encode(["A new sentence."])[0], atol=1e-5)
    assert second.dtype == np.float32 and second.shape == (4, encoder.dimension)
