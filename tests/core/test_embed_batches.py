"""How the ONNX encoders group texts into batches: by length, within a budget of word pieces."""

from __future__ import annotations

from core.embed_onnx import BATCH_TOKENS, token_budget_batches


def test_texts_of_like_length_share_a_batch_within_the_budget() -> None:
    lengths = [5, 300, 10, 10, 200, 3]
    batches = token_budget_batches(lengths, max_texts=32, budget=512)
    assert batches == [[5, 0, 2, 3], [4], [1]]
    assert sorted(index for batch in batches for index in batch) == list(range(len(lengths)))
    for batch in batches:
        longest = max(lengths[index] for index in batch)
        assert len(batch) == 1 or len(batch) * longest <= 512


def test_short_texts_fill_a_batch_up_to_its_count() -> None:
    batches = token_budget_batches([8] * 70, max_texts=32)
    assert [len(batch) for batch in batches] == [32, 32, 6]
    assert BATCH_TOKENS >= 32 * 8


def test_no_texts_no_batches() -> None:
    assert token_budget_batches([], max_texts=32) == []
