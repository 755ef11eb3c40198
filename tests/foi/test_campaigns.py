"""Resemblance (MinHash/LSH), campaign and copy grouping, and the per-authority comparison, on
hand-made inputs; tests/ingest/test_round_robin.py runs them on a generated round-robin."""

from __future__ import annotations

from datetime import date

import pytest

from core.embed import SentenceTransformerEncoder
from core.model import Document
from ingest.foi import FoiInput, analyse
from ingest.foi.authorities import Gazetteer
from ingest.foi.campaigns import REQUEST, TEXT, Grouping, LikenessFacts, Member, assign_groups, can_be_copies
from ingest.foi.likeness import REQUEST_RULE, TEXT_RULE, band_keys, resemblance, signature, text_key
from search.compare import compare

REQUEST_TEXT = (
    "Please provide the number of stop and searches conducted under section 60 of the Criminal Justice and "
    "Public Order Act 1994 in each of the years 2021, 2022 and 2023, broken down by the self-defined ethnicity "
    "of the person searched, and the number of those searches that resulted in an arrest."
)
REFORMATTED = (
    "1. The number of stop & searches conducted under section 60 of the Criminal Justice and Public Order Act "
    "1994 in each of the years 2021, 2022 and 2023. 2. Broken down by the self-defined ethnicity of the person "
    "searched. 3. The number of those searches that resulted in an arrest."
)
OTHER_QUESTION = (
    "Please provide the number of complaints your force received about the use of stop and search powers in "
    "each of the years 2021, 2022 and 2023, and how many of those complaints were upheld."
)


def _signed(text: str) -> object:
    sig = signature(text, REQUEST_RULE)
    assert sig is not None
    return sig


def test_the_same_request_reworded_is_alike_and_another_question_on_the_topic_is_not(
    encoder: SentenceTransformerEncoder,
) -> None:
    same = resemblance(_signed(REQUEST_TEXT), _signed(REFORMATTED))  # type: ignore[arg-type]
    other = resemblance(_signed(REQUEST_TEXT), _signed(OTHER_QUESTION))  # type: ignore[arg-type]
    assert resemblance(_signed(REQUEST_TEXT), _signed(REQUEST_TEXT)) == 1.0  # type: ignore[arg-type]
    assert same >= REQUEST_RULE.candidate_threshold
    assert other < REQUEST_RULE.accept_threshold
    # Where words alone do not decide, the embeddings of the two requests do.
    request, reformatted, other_question = encoder.encode([REQUEST_TEXT, REFORMATTED, OTHER_QUESTION])
    assert REQUEST_RULE.confirm_cosine is not None
    assert float(request @ reformatted) >= REQUEST_RULE.confirm_cosine
    assert float(request @ other_question) < REQUEST_RULE.confirm_cosine


def test_lsh_band_keys_are_shared_by_alike_texts_only() -> None:
    first = set(band_keys(_signed(REQUEST_TEXT), REQUEST_RULE))  # type: ignore[arg-type]
    assert first & set(band_keys(_signed(REFORMATTED), REQUEST_RULE))  # type: ignore[arg-type]
    # LSH is a first sieve (resemblance decides after it): texts with no two words in common never meet.
    unrelated = "Council tax arrears collected from residents during twenty twenty two, by ward and bailiff firm."
    assert not first & set(band_keys(_signed(unrelated), REQUEST_RULE))  # type: ignore[arg-type]


def test_short_texts_are_not_compared() -> None:
    assert signature("Thank you for your request.", TEXT_RULE) is None
    assert text_key("Thank you for your request.") is None
    assert text_key(REQUEST_TEXT) == text_key(REQUEST_TEXT.upper().replace(",", " ,"))


def _member(document_id: str, seq: int, request_id: str, authority_id: str | None, **facts: object) -> Member:
    return Member(LikenessFacts(document_id, "public", authority_id=authority_id, **facts), seq, request_id)  # type: ignore[arg-type]


def test_alike_requests_of_two_authorities_form_one_campaign_with_their_threads() -> None:
    members = [
        _member("kent-letter", 1, "req-kent", "kent-police"),
        _member("kent-ack", 2, "req-kent", "kent-police"),
        _member("essex-letter", 3, "req-essex", "essex-police"),
        _member("surrey-letter", 4, "req-surrey", "surrey-police"),
    ]
    groups = assign_groups(members, [(REQUEST, "kent-letter", "essex-letter")])
    campaign = groups["kent-letter"].campaign_id
    assert campaign is not None and campaign.startswith("cmp-")
    assert groups["kent-ack"].campaign_id == groups["essex-letter"].campaign_id == campaign
    assert groups["surrey-letter"].campaign_id is None
    # The id comes from the first-seen document: it stays when a later answer joins.
    later = [*members, _member("surrey-2", 5, "req-surrey", "surrey-police")]
    joined = assign_groups(later, [(REQUEST, "kent-letter", "essex-letter"), (REQUEST, "surrey-2", "essex-letter")])
    assert joined["surrey-letter"].campaign_id == campaign


def test_one_authority_asked_twice_is_no_campaign() -> None:
    members = [_member("a", 1, "req-1", "kent-police"), _member("b", 2, "req-2", "kent-police")]
    assert assign_groups(members, [(REQUEST, "a", "b")])["a"].campaign_id is None


def test_copies_by_bytes_words_or_resemblance_point_to_the_first_seen() -> None:
    members = [
        _member("original", 1, "req-1", "kent-police", content_hash="h1", text_key="t1"),
        _member("saved-twice", 2, "req-1", "kent-police", content_hash="h1", text_key="t1"),
        _member("re-sent", 3, "req-1", "kent-police", content_hash="h2", text_key="t2"),
        _member("other", 4, "req-2", "kent-police", content_hash="h3", text_key="t3"),
    ]
    groups = assign_groups(members, [(TEXT, "re-sent", "original")])
    assert groups["original"] == Grouping(duplicates=("saved-twice", "re-sent"))
    assert groups["saved-twice"].duplicate_of == groups["re-sent"].duplicate_of == "original"
    assert groups["other"] == Grouping()


def test_template_letters_of_different_requests_are_not_copies() -> None:
    first = LikenessFacts("a", "public", authority_id="kent-police", reference="FOI 2024/0001")
    assert not can_be_copies(first, LikenessFacts("b", "public", authority_id="kent-police", reference="FOI 2024/0002"))
    assert not can_be_copies(first, LikenessFacts("c", "public", authority_id="essex-police"))
    assert can_be_copies(first, LikenessFacts("d", "public", reference="foi 2024/0001"))


def _answer(document_id: str, authority_id: str, authority: str, **fields: object) -> Document:
    return Document(
        id=document_id,
        source_path=f"rr/{document_id}.pdf",
        authority=authority,
        authority_id=authority_id,
        campaign_id="cmp-x",
        **fields,  # type: ignore[arg-type]
    )


def test_a_comparison_takes_each_authoritys_last_substantive_reply_and_lists_who_has_not_answered() -> None:
    documents = [
        _answer("kent-ack", "kent-police", "Kent Police", outcome="acknowledgement", response_date=date(2024, 6, 1)),
        _answer(
            "kent-answer",
            "kent-police",
            "Kent Police",
            outcome="refused",
            exemptions=("s31(1)(a)",),
            response_date=date(2024, 5, 20),
            evidence={"outcome": "The information is exempt.", "exemptions:s31(1)(a)": "Section 31(1)(a) applies."},
        ),
        _answer("essex", "essex-police", "Essex Police", outcome="disclosed", response_date=date(2024, 5, 2)),
        _answer("surrey", "surrey-police", "Surrey Police", outcome="not_held"),
        _answer("surrey-copy", "surrey-police", "Surrey Police", outcome="not_held", duplicate_of="surrey"),
    ]
    sets = Gazetteer.default().complete_set_members()
    comparison = compare("cmp-x", documents, sets)
    assert [answer.document.id for answer in comparison.answers] == ["essex", "kent-answer", "surrey"]
    assert comparison.answers[1].key_sentence == "The information is exempt."
    assert comparison.answers[1].exemption_evidence() == {"s31(1)(a)": "Section 31(1)(a) applies."}
    assert comparison.answers[1].documents == 2
    assert comparison.outcome_counts == {"disclosed": 1, "refused": 1, "not_held": 1}
    assert comparison.authority_set == "territorial police forces"
    assert len(comparison.not_answered) == 45 - 3 and "Kent Police" not in comparison.not_answered
    assert comparison.summary().startswith("1 disclosed, 1 not held, 1 refused under s31(1)(a); 42 of the")
    assert comparison.to_csv().splitlines()[0].startswith("authority,authority_id,response_date,outcome")


def test_the_gazetteer_lists_every_territorial_police_force() -> None:
    gazetteer = Gazetteer.default()
    forces = dict(gazetteer.complete_set_members()["territorial police forces"])
    assert len(forces) == 45
    assert {"metropolitan-police", "police-scotland", "psni"} <= set(forces)
    assert "british-transport-police" not in forces


def test_an_answer_counts_each_exemption_at_its_most_specific() -> None:
    documents = [
        _answer("a", "kent-police", "Kent Police", outcome="refused", exemptions=("s31", "s31(1)(a)", "s40(2)")),
        _answer("b", "essex-police", "Essex Police", outcome="refused", exemptions=("s31(1)(a)",)),
    ]
    comparison = compare("cmp-x", documents)
    assert comparison.answers[1].exemptions == ("s31(1)(a)", "s40(2)")
    assert comparison.exemption_counts == {"s31(1)(a)": 2, "s40(2)": 1}
    assert comparison.summary() == "1 refused under s31(1)(a), 1 refused under s31(1)(a), s40(2)"


def test_one_thread_that_passed_between_authorities_is_no_campaign() -> None:
    members = [_member("ask", 1, "req-1", "nhs-england"), _member("transfer", 2, "req-1", "mft")]
    assert assign_groups(members, [(REQUEST, "ask", "transfer")])["ask"].campaign_id is None


@pytest.mark.parametrize(
    "letter",
    [
        # The intro and the request in one paragraph.
        "Dear Mr Hale\n\nYour request was as follows: " + REQUEST_TEXT + "\n\nResponse:\nWe hold this information.",
        # A numbered list below its intro, then the answer without a label.
        "Dear Mr Hale\n\nI note you seek access to the following information:\n\n"
        + REFORMATTED.replace(" 2. ", "\n\n2. ").replace(" 3. ", "\n\n3. ")
        + "\n\nFigures for 2021 and 2022 are published by the Home Office.",
        # Question by question, each answered before the next.
        "Dear Mr Hale\n\nQ1. How many stop and searches were carried out under section 60 in 2023?\n\nA1. 98.\n\n"
        "Q2. How many led to an arrest?\n\nA2. 12.",
    ],
)
def test_the_request_quoted_in_a_letter_is_its_words_alone(letter: str) -> None:
    request = analyse(FoiInput(text=letter)).request_text or ""
    assert request and not request.lower().startswith(("your request", "i note"))
    assert "Home Office" not in request and "98" not in request and "We hold" not in request
    if "Q1." in letter:
        assert "Q2." in request
