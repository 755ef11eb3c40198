"""The backend conformance suite: every SearchBackend must pass all of it."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from core.codes import exemption_levels, top_level_exemption
from core.embed import SentenceTransformerEncoder
from core.model import Chunk, Document, IndexItem
from core.settings import Settings
from search.backends.base import SearchBackend
from search.client import SearchClient
from search.errors import DocumentNotFoundError, IndexLockedError, ReadOnlyIndexError
from search.model import Filters, IndexCounts, Mode, Query, Sort
from search.query import parse_query
from tests.backends.conftest import BackendFactory
from tests.backends.corpus import CAMPAIGN_DOCUMENTS, DOCUMENTS, chunks_of, embedded_items

NO_FILTERS = Filters()


def keyword(text: str, filters: Filters = NO_FILTERS, **options: object) -> Query:
    parsed = parse_query(text)
    return Query(
        text=text,
        keyword=parsed.keyword,
        mode=Mode.KEYWORD,
        filters=filters.merged(parsed.filters),
        limit=50,
        **options,
    )  # type: ignore[arg-type]


def semantic(encoder: SentenceTransformerEncoder, text: str, filters: Filters = NO_FILTERS, limit: int = 50) -> Query:
    return Query(text=text, vector=encoder.encode([text])[0], mode=Mode.SEMANTIC, filters=filters, limit=limit)


def ids(backend: SearchBackend, query: Query) -> list[str]:
    return [hit.document.id for hit in backend.search(query).hits]


def matching(predicate: object) -> set[str]:
    return {document.id for document in DOCUMENTS if predicate(document)}  # type: ignore[operator]


# -- writing -------------------------------------------------------------------


def test_upsert_counts_and_round_trip(loaded: SearchBackend) -> None:
    counts = loaded.counts()
    assert counts.documents == len(DOCUMENTS)
    assert counts.chunks == sum(len(chunks_of(document)) for document in DOCUMENTS)
    for document in DOCUMENTS:
        assert loaded.document(document.id) == document
    stored = loaded.chunks("herts-ncnd")
    assert [chunk.text for chunk in stored] == [chunk.text for chunk in chunks_of(DOCUMENTS[0])]
    assert stored[1].pages == (2,) and stored[1].section == "Part 2"


def test_unknown_document_raises(loaded: SearchBackend) -> None:
    with pytest.raises(DocumentNotFoundError):
        loaded.document("no-such-document")


def test_delete_removes_from_keyword_and_semantic(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> None:
    assert loaded.delete(["kent-speeding", "not-there"]) == 1
    assert loaded.delete(["not-there"]) == 0
    assert "kent-speeding" not in ids(loaded, keyword("speeding fines"))
    assert "kent-speeding" not in ids(loaded, semantic(encoder, "speeding fines issued by Kent Police"))
    assert loaded.counts().documents == len(DOCUMENTS) - 1
    with pytest.raises(DocumentNotFoundError):
        loaded.document("kent-speeding")


def test_reinsert_leaves_no_stale_chunk(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> None:
    before = loaded.counts().chunks
    old = next(document for document in DOCUMENTS if document.id == "herts-ncnd")
    new = replace(old, text="A rewritten letter about parking permits in Hatfield.")
    chunk = Chunk(new.id, 0, new.text, embedding=encoder.encode([new.text])[0])
    loaded.upsert([IndexItem(new, (chunk,))])
    assert loaded.counts().chunks == before - 2 + 1
    assert [c.text for c in loaded.chunks(new.id)] == [new.text]
    assert "herts-ncnd" not in ids(loaded, keyword('"neither confirms nor denies"'))
    assert ids(loaded, keyword("parking permits")) == ["herts-ncnd"]
    hits = loaded.search(semantic(encoder, "covert operations security bodies")).hits
    chunk_ids = {chunk_hit.chunk_id for hit in hits for chunk_hit in hit.hits}
    assert "herts-ncnd#1" not in chunk_ids


def test_upserting_the_same_document_twice_keeps_one(loaded: SearchBackend, corpus_items: list[IndexItem]) -> None:
    loaded.upsert(corpus_items[:3])
    loaded.upsert([corpus_items[0], corpus_items[0]])
    assert loaded.counts().documents == len(DOCUMENTS)
    assert ids(loaded, keyword("speeding")).count("kent-speeding") == 1


def test_upsert_rejects_a_chunk_without_embedding(open_backend: BackendFactory) -> None:
    backend = open_backend()
    document = DOCUMENTS[2]
    with pytest.raises(ValueError, match="kent-speeding#0"):
        backend.upsert([IndexItem(document, (Chunk(document.id, 0, document.text),))])
    assert backend.counts().documents == 0


def test_one_writer_at_a_time(loaded: SearchBackend, open_backend: BackendFactory) -> None:
    with pytest.raises(IndexLockedError):
        open_backend(writable=True)
    reader = open_backend(writable=False)
    with pytest.raises(ReadOnlyIndexError):
        reader.delete(["kent-speeding"])


def test_persistence_across_reopen(
    loaded: SearchBackend, open_backend: BackendFactory, encoder: SentenceTransformerEncoder
) -> None:
    query = semantic(encoder, "officers abusing their position")
    before = [(hit.document.id, round(hit.score, 5)) for hit in loaded.search(query).hits]
    loaded.close()
    reopened = open_backend(writable=False)
    assert [(hit.document.id, round(hit.score, 5)) for hit in reopened.search(query).hits] == before
    assert reopened.counts().documents == len(DOCUMENTS)


def test_reader_never_sees_half_a_batch(open_backend: BackendFactory, encoder: SentenceTransformerEncoder) -> None:
    writer = open_backend()
    reader = open_backend(writable=False)
    batch_size, batches = 5, 6
    vector = encoder.encode(["batch"])[0]
    seen: list[tuple[int, int, int]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            reader.refresh()
            counts = reader.counts()
            found = reader.search(Query(keyword=parse_query("batchword").keyword, mode=Mode.KEYWORD, limit=100)).total
            seen.append((counts.documents, counts.chunks, found))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for batch in range(batches):
            items = []
            for n in range(batch_size):
                document = Document(id=f"b{batch}-{n}", source_path=f"b/{batch}-{n}.txt", text="batchword text")
                chunks = tuple(Chunk(document.id, order, f"batchword {order}", embedding=vector) for order in range(2))
                items.append(IndexItem(document, chunks))
            writer.upsert(items)
    finally:
        stop.set()
        watcher.join()
    assert seen
    for documents, chunks, found in seen:
        assert documents % batch_size == 0 and chunks == 2 * documents and found == documents


# -- keyword semantics ---------------------------------------------------------


def test_phrase_matches_only_the_exact_phrase(loaded: SearchBackend) -> None:
    assert ids(loaded, keyword('"neither confirms nor denies"')) == ["herts-ncnd"]
    assert ids(loaded, keyword('"denies nor confirms"')) == []


def test_stemming(loaded: SearchBackend) -> None:
    assert "kent-anpr" in ids(loaded, keyword("withholding cameras"))


def test_and_or_not(loaded: SearchBackend) -> None:
    assert set(ids(loaded, keyword("speeding OR viability"))) == {"kent-speeding", "bham-eir"}
    assert set(ids(loaded, keyword("Kent -speeding"))) == {"kent-anpr"}
    assert set(ids(loaded, keyword("-police"))) == matching(lambda d: "police" not in d.text.lower())


def test_documents_with_every_word_come_first_then_partial_matches(loaded: SearchBackend) -> None:
    result = loaded.search(keyword("Kent withholds"))
    ranked = [hit.document.id for hit in result.hits]
    assert ranked[0] == "kent-anpr"  # the only letter with both words
    assert "kent-speeding" in ranked[1:]  # "Kent" alone: after it, not dropped
    assert result.total == len(ranked) and not result.warnings


def test_the_total_counts_partial_matches_whatever_fills_the_page(loaded: SearchBackend) -> None:
    everything = loaded.search(keyword("Kent withholds"))
    first = loaded.search(replace(keyword("Kent withholds"), limit=1))
    second = loaded.search(replace(keyword("Kent withholds"), limit=1, offset=1))
    assert [hit.document.id for hit in first.hits] == ["kent-anpr"]  # every word: the page is full
    assert [hit.document.id for hit in second.hits] == [everything.hits[1].document.id]
    assert first.total == second.total == everything.total == len(everything.hits) > 1


def test_no_document_with_every_word_shows_partial_matches_and_says_so(loaded: SearchBackend) -> None:
    result = loaded.search(keyword("Kent zebracrossingword"))
    assert {hit.document.id for hit in result.hits} == matching(lambda d: "kent" in d.text.lower())
    assert any("every word" in warning for warning in result.warnings)
    sentence = loaded.search(keyword("which forces refused to say where their number plate cameras are"))
    assert sentence.hits and sentence.hits[0].document.id == "kent-anpr"
    # Function words alone never make a partial match: nothing holds "cameras" and the unknown word.
    assert ids(loaded, keyword("the of and zebracrossingword")) == []


def test_terms_in_different_chunks_match_the_document(loaded: SearchBackend) -> None:
    # "covert" is in chunk 0 and "FOI2018/01393" in chunk 1 of the same letter.
    assert ids(loaded, keyword("covert FOI2018/01393"))[0] == "herts-ncnd"


def test_prefix(loaded: SearchBackend) -> None:
    assert set(ids(loaded, keyword("misconduc*"))) == {"met-misconduct"}
    assert "kent-speeding" in ids(loaded, keyword("speed*"))


@pytest.mark.parametrize(
    ("reference", "expected"),
    [("FOI2018/01393", "herts-ncnd"), ("01.FOI.22.026461", "met-misconduct"), ('"01.FOI.22.026461"', "met-misconduct")],
)
def test_reference_numbers_found_exactly(loaded: SearchBackend, reference: str, expected: str) -> None:
    assert ids(loaded, keyword(reference)) == [expected]
    assert ids(loaded, keyword(reference.replace("01393", "01394").replace("026461", "026462"))) == []


def test_snippets_escape_html_and_mark_terms(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> None:
    for query in (keyword("script alert"), semantic(encoder, "breach reports by sector held by the Commissioner")):
        hit = next(hit for hit in loaded.search(query).hits if hit.document.id == "ico-not-held")
        snippet = hit.hits[0].snippet
        assert "<script>" not in snippet
        assert "&lt;" in snippet
    marked = loaded.search(keyword("script")).hits[0].hits[0].snippet
    assert "<mark>script</mark>" in marked


def test_hits_carry_pages_sections_and_best_chunk_first(loaded: SearchBackend) -> None:
    hit = loaded.search(keyword("FOI2018/01393")).hits[0]
    assert hit.hits[0].chunk_id == "herts-ncnd#1"
    assert hit.hits[0].page == 2 and hit.hits[0].section == "Part 2"
    assert "<mark>" in hit.hits[0].snippet


# -- filters -------------------------------------------------------------------

FILTER_CASES = [
    (Filters(authorities=("Kent Police",)), lambda d: d.authority == "Kent Police"),
    (Filters(authorities=("Kent Police", "HMICFRS")), lambda d: d.authority in ("Kent Police", "HMICFRS")),
    (Filters(exemptions=("s31",)), lambda d: "s31" in d.exemption_levels),
    (Filters(exemptions=("s31(1)",)), lambda d: "s31(1)" in d.exemption_levels),
    (Filters(exemptions=("s31(1)(b)",)), lambda d: "s31(1)(b)" in d.exemptions),
    (Filters(exemptions=("s31(2)",)), lambda d: False),
    (Filters(exemptions=("eir12",)), lambda d: "eir12(5)(e)" in d.exemptions),
    (Filters(outcomes=("refused",)), lambda d: d.outcome == "refused"),
    (Filters(date_from=date(2021, 1, 1)), lambda d: d.date is not None and d.date >= date(2021, 1, 1)),
    (Filters(date_to=date(2019, 10, 31)), lambda d: d.date is not None and d.date <= date(2019, 10, 31)),
    (Filters(date_from=date(2019, 10, 31), date_to=date(2019, 10, 31)), lambda d: d.date == date(2019, 10, 31)),
    # Bounds past what an engine stores (Tantivy: 1677 to 2262) still select by date.
    (Filters(date_from=date(1, 1, 1), date_to=date(9999, 12, 31)), lambda d: d.date is not None),
    (Filters(date_from=date(2300, 1, 1)), lambda d: False),
    (Filters(doc_types=("pdf",)), lambda d: d.doc_type == "pdf"),
    (Filters(request_ids=("req-anpr",)), lambda d: d.request_id == "req-anpr"),
    (Filters(path_prefix="letters/dft"), lambda d: d.source_path.startswith("letters/dft/")),
    (Filters(path_prefix="disclosure-log/"), lambda d: d.source_path.startswith("disclosure-log/")),
    (Filters(exclude_document_ids=("kent-anpr",)), lambda d: d.id != "kent-anpr"),
    (Filters(collections=("embargo",)), lambda d: d.collection == "embargo"),
    (Filters(collections=("public", "newsroom")), lambda d: d.collection in ("public", "newsroom")),
    (Filters(collections=()), lambda d: False),
    (Filters(collections=("embargo",), outcomes=("refused",)), lambda d: d.id == "kent-anpr"),
    (
        Filters(authorities=("Kent Police", "Metropolitan Police Service"), outcomes=("refused",), doc_types=("pdf",)),
        lambda d: (
            d.authority in ("Kent Police", "Metropolitan Police Service")
            and d.outcome == "refused"
            and d.doc_type == "pdf"
        ),
    ),
    (
        Filters(exemptions=("s31",), date_from=date(2019, 10, 1), date_to=date(2019, 12, 31)),
        lambda d: (
            "s31" in d.exemption_levels and d.date is not None and date(2019, 10, 1) <= d.date <= date(2019, 12, 31)
        ),
    ),
]


@pytest.mark.parametrize(("filters", "predicate"), FILTER_CASES)
def test_filters_in_every_mode(
    loaded: SearchBackend, encoder: SentenceTransformerEncoder, filters: Filters, predicate: object
) -> None:
    expected = matching(predicate)
    assert set(ids(loaded, keyword("", filters))) == expected
    semantic_ids = ids(loaded, semantic(encoder, "police information request", filters))
    assert set(semantic_ids) <= expected
    assert len(semantic_ids) == len(expected)  # every matching document has a chunk to rank
    hybrid = replace(semantic(encoder, "police", filters), keyword=parse_query("police").keyword, mode=Mode.HYBRID)
    assert set(ids(loaded, hybrid)) <= expected


def test_facets_equal_a_brute_force_count(loaded: SearchBackend) -> None:
    for text, filters in (("", Filters()), ("police", Filters()), ("", Filters(outcomes=("refused", "ncnd")))):
        result = loaded.search(keyword(text, filters))
        members = [d for d in DOCUMENTS if d.id in {hit.document.id for hit in result.hits}]
        assert result.total == len(members)
        assert result.facets is not None
        expected_authority = Counter(d.authority for d in members if d.authority)
        expected_exemption = Counter(top for d in members for top in {top_level_exemption(e) for e in d.exemptions})
        expected_outcome = Counter(d.outcome for d in members if d.outcome)
        expected_year = Counter(str(d.date.year) for d in members if d.date)
        assert {b.value: b.count for b in result.facets.collection} == Counter(d.collection for d in members)
        assert {b.value: b.count for b in result.facets.authority} == expected_authority
        assert {b.value: b.count for b in result.facets.exemption} == expected_exemption
        assert {b.value: b.count for b in result.facets.outcome} == expected_outcome
        assert {b.value: b.count for b in result.facets.year} == expected_year
        assert loaded.facets(keyword(text, filters)) == result.facets


def test_facets_in_semantic_mode_count_the_result_documents(
    loaded: SearchBackend, encoder: SentenceTransformerEncoder
) -> None:
    result = loaded.search(semantic(encoder, "police", Filters(authorities=("Kent Police",))))
    assert result.facets is not None
    assert {b.value: b.count for b in result.facets.authority} == {"Kent Police": 2}
    assert result.total == 2


def test_exemption_levels_helper() -> None:
    assert exemption_levels("s31(1)(a)") == ("s31", "s31(1)", "s31(1)(a)")


# -- semantic, hybrid, paging ---------------------------------------------------


def test_semantic_finds_meaning_without_the_words(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> None:
    top = ids(loaded, semantic(encoder, "officers exploiting their role to pursue sexual relationships", limit=3))
    assert top[0] == "hmicfrs-abuse"


def test_hybrid_fuses_both_rankings(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> None:
    text = "camera locations"
    query = Query(text=text, keyword=parse_query(text).keyword, vector=encoder.encode([text])[0], limit=20)
    result = loaded.search(query)
    assert result.hits[0].document.id == "kent-anpr"
    assert result.hits[0].keyword_rank == 1 and result.hits[0].semantic_rank is not None
    # Documents without the words still come through the semantic side.
    assert any(hit.keyword_rank is None for hit in result.hits)
    assert result.total == len(result.hits)


def test_concurrent_hybrid_searches_answer_as_one_at_a_time(
    loaded: SearchBackend, encoder: SentenceTransformerEncoder
) -> None:
    """A server answers several users at once: searches from many threads on one backend (the
    embedded one runs each hybrid search's two sides in parallel too) give the same pages."""
    texts = ["camera locations", "personal information withheld", "cost limit", "neither confirm nor deny"]
    vectors = encoder.encode(texts)
    queries = [
        Query(text=text, keyword=parse_query(text).keyword, vector=vector, limit=20, filters=filters)
        for text, vector in zip(texts, vectors, strict=True)
        for filters in (NO_FILTERS, Filters(outcomes=("refused",)))
    ]
    expected = [(ids(loaded, query), loaded.search(query).total) for query in queries]
    answers: dict[int, list[tuple[list[str], int]]] = {}

    def search_all(worker: int) -> None:
        answers[worker] = [(ids(loaded, query), loaded.search(query).total) for query in queries * 3]

    workers = [threading.Thread(target=search_all, args=(worker,)) for worker in range(6)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert len(answers) == len(workers)
    for answer in answers.values():
        assert answer == expected * 3


def test_selective_filter_knn_returns_k(open_backend: BackendFactory, encoder: SentenceTransformerEncoder) -> None:
    """2,000 chunks; a filter matching 10 of them (0.5%) still yields 10 hits, exact and with ANN on."""
    topics = [
        "speeding fines",
        "misconduct hearings",
        "camera locations",
        "contract prices",
        "housing repairs",
        "school admissions",
        "hospital waiting lists",
        "bin collections",
        "council tax",
        "stop and search",
    ]
    bases = encoder.encode(topics)
    rng = np.random.default_rng(7)
    items = []
    for n in range(400):
        rare = n % 40 == 0
        document = Document(
            id=f"d{n}",
            source_path=f"bulk/{n}.txt",
            text=f"letter {n}",
            authority="Rare Authority" if rare else f"Authority {n % 37}",
        )
        chunks = []
        for order in range(1 if rare else 5):
            vector = bases[(n + order) % len(bases)] + rng.normal(0, 0.02, bases.shape[1]).astype(np.float32)
            chunks.append(
                Chunk(
                    document.id,
                    order,
                    f"letter {n} part {order}",
                    embedding=(vector / np.linalg.norm(vector)).astype(np.float32),
                )
            )
        items.append(IndexItem(document, tuple(chunks)))
    extra = 2000 - sum(len(item.chunks) for item in items)
    items[1] = IndexItem(
        items[1].document,
        items[1].chunks
        + tuple(Chunk("d1", 5 + i, "more", embedding=items[1].chunks[0].embedding) for i in range(extra)),
    )
    backend = open_backend()
    backend.upsert(items)
    assert backend.counts().chunks == 2000
    rare = Filters(authorities=("Rare Authority",))
    for ann_threshold in (1_000_000, 500):
        reader = open_backend(writable=False, ann_threshold=ann_threshold)
        result = reader.search(semantic(encoder, "speeding fines", rare, limit=10))
        assert len(result.hits) == 10
        assert all(hit.document.authority == "Rare Authority" for hit in result.hits)
        unfiltered = reader.search(semantic(encoder, "speeding fines", limit=10))
        assert len(unfiltered.hits) == 10


def test_pagination_is_stable(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> None:
    text = "police"
    base = Query(text=text, keyword=parse_query(text).keyword, vector=encoder.encode([text])[0], limit=3)
    everything = ids(loaded, replace(base, limit=9))
    pages = [ids(loaded, replace(base, offset=offset)) for offset in (0, 3, 6)]
    assert [doc_id for page in pages for doc_id in page] == everything
    assert pages[0] == ids(loaded, base)


def test_similar_documents(loaded: SearchBackend) -> None:
    result = loaded.search(Query(mode=Mode.SEMANTIC, like_document_id="kent-anpr", limit=3))
    found = [hit.document.id for hit in result.hits]
    assert "kent-anpr" not in found and len(found) == 3
    with pytest.raises(DocumentNotFoundError):
        loaded.search(Query(mode=Mode.SEMANTIC, like_document_id="nope"))


def test_sort_by_date(loaded: SearchBackend) -> None:
    newest = loaded.search(keyword("", sort=Sort.NEWEST)).hits
    dates = [hit.document.date for hit in newest if hit.document.date]
    assert dates == sorted(dates, reverse=True)
    assert newest[-1].document.date is None


def test_browse_with_no_text_lists_filtered_documents(loaded: SearchBackend) -> None:
    result = loaded.search(Query(mode=Mode.HYBRID, filters=Filters(outcomes=("refused",)), limit=50))
    assert {hit.document.id for hit in result.hits} == matching(lambda d: d.outcome == "refused")
    assert result.total == 3


# -- collections: what a client restricted to some collections can see ----------------------------

PUBLIC = tuple(document for document in DOCUMENTS if document.collection == "public")
HIDDEN = {document.id for document in DOCUMENTS if document.collection != "public"}


@pytest.fixture
def public_client(loaded: SearchBackend, encoder: SentenceTransformerEncoder) -> SearchClient:
    return SearchClient(loaded, Settings(), encoder, collections=("public",))


@pytest.mark.parametrize("mode", list(Mode))
def test_a_client_of_one_collection_sees_only_its_documents_totals_and_facets(
    public_client: SearchClient, mode: Mode
) -> None:
    for text in ("", "police", "police officers withheld under section 31 and section 40"):
        result = public_client.search(text, mode=mode, limit=50)
        found = {hit.document.id for hit in result.hits}
        assert found and not found & HIDDEN, (text, found)
        assert result.total == len(found)
        assert result.facets is not None
        members = [document for document in PUBLIC if document.id in found]
        assert {b.value: b.count for b in result.facets.authority} == Counter(
            d.authority for d in members if d.authority
        )
        assert {b.value: b.count for b in result.facets.collection} == {"public": len(members)}
        assert public_client.facets(text, mode=mode) == result.facets


def test_words_only_a_hidden_document_has_find_nothing_and_count_nothing(public_client: SearchClient) -> None:
    """`misconduct` is only in the embargoed Met letter: no hit, no total, no facet value, no snippet."""
    for mode in (Mode.KEYWORD, Mode.HYBRID):
        result = public_client.search('"misconduct hearings"', mode=mode)
        assert result.hits == () or not {hit.document.id for hit in result.hits} & HIDDEN
        assert "misconduct" not in " ".join(chunk.snippet for hit in result.hits for chunk in hit.hits).lower()
    keyword_only = public_client.search('"misconduct hearings"', mode=Mode.KEYWORD)
    assert keyword_only.total == 0 and keyword_only.facets is not None
    assert all(not buckets for buckets in vars(keyword_only.facets).values())


def test_a_collection_asked_for_is_searched_only_where_the_client_may(public_client: SearchClient) -> None:
    assert public_client.search("collection:embargo", mode=Mode.KEYWORD).total == 0
    assert public_client.search("", mode=Mode.KEYWORD, filters=Filters(collections=("embargo",))).total == 0
    both = SearchClient(public_client.backend, Settings(), collections=("public", "embargo"))
    embargoed = both.search("collection:embargo", mode=Mode.KEYWORD, limit=50)
    assert {hit.document.id for hit in embargoed.hits} == {"met-misconduct", "kent-anpr"}
    nothing = SearchClient(public_client.backend, Settings(), collections=())
    assert nothing.search("", mode=Mode.KEYWORD).total == 0 and nothing.counts().documents == 0


def test_hidden_documents_are_not_found_by_id_similarity_thread_export_or_counts(
    public_client: SearchClient, corpus_items: list[IndexItem]
) -> None:
    for hidden in HIDDEN:
        with pytest.raises(DocumentNotFoundError):
            public_client.document(hidden)
        with pytest.raises(DocumentNotFoundError):
            public_client.chunks(hidden)
        with pytest.raises(DocumentNotFoundError):
            public_client.similar(hidden)
    similar = {hit.document.id for hit in public_client.similar("herts-ncnd", limit=50).hits}
    assert similar and not similar & HIDDEN
    # kent-speeding shares its request thread with the embargoed kent-anpr.
    assert public_client.same_request(public_client.document("kent-speeding")) == []
    exported = {str(row["document_id"]) for row in public_client.iter_export_rows("police", mode=Mode.KEYWORD)}
    assert exported and not exported & HIDDEN
    public_chunks = sum(len(item.chunks) for item in corpus_items if item.document.collection == "public")
    assert public_client.counts() == IndexCounts(documents=len(PUBLIC), chunks=public_chunks)
    everything = SearchClient(public_client.backend, Settings())
    assert everything.counts() == IndexCounts(len(DOCUMENTS), sum(len(item.chunks) for item in corpus_items))
    assert everything.document("kent-anpr").collection == "embargo"


# -- round-robin campaigns and copies of one letter --------------------------------------------------


@pytest.fixture
def campaign_backend(open_backend: BackendFactory, encoder: SentenceTransformerEncoder) -> SearchBackend:
    backend = open_backend()
    backend.upsert(embedded_items(CAMPAIGN_DOCUMENTS, encoder))
    return backend


@pytest.mark.parametrize("mode", list(Mode))
def test_copies_are_left_out_unless_asked_for(
    campaign_backend: SearchBackend, encoder: SentenceTransformerEncoder, mode: Mode
) -> None:
    text = "stop and search"
    vector = encoder.encode([text])[0] if mode is not Mode.KEYWORD else None
    query = Query(text=text, keyword=parse_query(text).keyword, vector=vector, mode=mode, limit=10)
    shown = campaign_backend.search(query)
    assert {hit.document.id for hit in shown.hits} == {"rr-kent", "rr-essex", "rr-other"}
    assert shown.total == 3
    everything = campaign_backend.search(replace(query, filters=Filters(duplicates=True)))
    assert {hit.document.id for hit in everything.hits} == {document.id for document in CAMPAIGN_DOCUMENTS}
    assert everything.total == 4
    assert campaign_backend.document("rr-kent").duplicates == ("rr-kent-copy",)
    assert campaign_backend.document("rr-kent-copy").duplicate_of == "rr-kent"


def test_a_campaign_is_a_filter_and_a_facet(campaign_backend: SearchBackend) -> None:
    result = campaign_backend.search(keyword("stop search campaign:cmp-stopsearch"))
    assert {hit.document.id for hit in result.hits} == {"rr-kent", "rr-essex"}
    facets = campaign_backend.search(keyword("stop search")).facets
    assert facets is not None
    assert [(bucket.value, bucket.count) for bucket in facets.campaign] == [("cmp-stopsearch", 2)]
    assert campaign_backend.counts() == IndexCounts(documents=4, chunks=4)
    assert campaign_backend.counts(Filters()).documents == 3


def test_grouping_by_campaign_gathers_every_matching_answer(
    campaign_backend: SearchBackend, encoder: SentenceTransformerEncoder
) -> None:
    """A page of one hit still shows the campaign with each of its answers that the query matches."""
    client = SearchClient(campaign_backend, Settings.from_env(), encoder)
    query = client.build_query('"section 60"', mode=Mode.KEYWORD, limit=1)
    result = client.run(query)
    assert len(result.hits) == 1
    groups = client.campaign_groups(query, result)
    assert [(campaign, sorted(hit.document.id for hit in hits)) for campaign, hits in groups] == [
        ("cmp-stopsearch", ["rr-essex", "rr-kent"])
    ]
    comparison = client.compare("cmp-stopsearch")
    assert [(answer.authority, answer.outcome) for answer in comparison.answers] == [
        ("Essex Police", "refused"),
        ("Kent Police", "disclosed"),
    ]
    assert comparison.summary() == "1 disclosed, 1 refused under s12"
