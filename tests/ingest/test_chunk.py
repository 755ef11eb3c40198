"""Structure-aware chunking: offsets, pages, sections, sizes, overlap."""

from __future__ import annotations

import itertools

from ingest.chunk import ChunkingOptions, PlainBlock, chunk_blocks, chunk_text, document_text, plain_blocks

SENTENCE = "The force holds information about the number of officers who were dismissed for misconduct."


def test_offsets_point_into_the_document_text_and_pages_follow_blocks() -> None:
    blocks = [
        PlainBlock("Freedom of Information Request FOI2018/01393", "title", 1),
        PlainBlock(" ".join([SENTENCE] * 12), "narrative", 1),
        PlainBlock("Section 31 Law enforcement", "title", 2),
        PlainBlock(" ".join([SENTENCE] * 12), "narrative", 2),
    ]
    text = document_text(blocks)
    chunks = chunk_blocks("doc", blocks)
    assert [c.order for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert text[chunk.char_start : chunk.char_end] == chunk.text
    assert chunks[0].pages == (1,) and chunks[-1].pages == (2,)
    assert chunks[-1].section == "Section 31 Law enforcement"


def test_a_heading_starts_a_new_chunk_once_the_current_one_has_substance() -> None:
    blocks = [
        PlainBlock(" ".join([SENTENCE] * 8), "narrative", 1),
        PlainBlock("Public interest test", "title", 1),
        PlainBlock(SENTENCE, "narrative", 1),
    ]
    chunks = chunk_blocks("doc", blocks)
    assert len(chunks) == 2
    assert chunks[1].text.startswith("Public interest test") and chunks[1].section == "Public interest test"


def test_chunks_stay_near_the_target_size_never_cutting_a_sentence() -> None:
    text = "\n\n".join(" ".join([SENTENCE] * 6) for _ in range(10))
    options = ChunkingOptions(words=150, overlap_sentences=1)
    chunks = chunk_text("doc", text, options)
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text.split()) <= 150
        assert chunk.text.endswith("misconduct.")
    # One sentence of overlap: each chunk starts with the previous chunk's last sentence.
    assert chunks[1].char_start < chunks[0].char_end


def test_without_overlap_chunks_do_not_share_text() -> None:
    text = " ".join([SENTENCE] * 60)
    chunks = chunk_text("doc", text, ChunkingOptions(words=100, overlap_sentences=0))
    for before, after in itertools.pairwise(chunks):
        assert after.char_start >= before.char_end


def test_a_giant_sentence_such_as_a_table_is_cut_at_word_boundaries() -> None:
    table = " | ".join(f"cell{i}" for i in range(1000))
    chunks = chunk_text("doc", table, ChunkingOptions(words=100))
    assert len(chunks) >= 5
    assert all(len(chunk.text.split()) <= 125 for chunk in chunks)


def test_plain_text_headings_are_recognised() -> None:
    blocks = plain_blocks("Dear Ms Smith\n\nSection 40(2)\n\nThe names of junior staff are personal data.")
    assert [block.kind for block in blocks] == ["title", "title", "narrative"]
