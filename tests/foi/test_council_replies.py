"""Council reply emails, each ending with the advice on internal review, the Information Commissioner,
re-use and privacy: outcome and exemptions come from what the reply does, never from that advice."""

from __future__ import annotations

import pytest

from ingest.foi import FoiInput, Gazetteer, analyse
from ingest.foi.authorities import council_names, is_authority_name
from ingest.foi.passages import read_passages
from tests.foi import council_mail as mail

REVIEW_SUBJECT = "RE: Internal review of Freedom of Information request - Pothole repairs 2022"

# (name, body, subject or None for the ordinary reply subject, outcome, exemptions applied)
REPLIES = [
    ("acknowledgement", mail.ACKNOWLEDGEMENT, None, "acknowledgement", ()),
    ("full disclosure, answers inline", mail.FULL_DISCLOSURE, None, "disclosed", ()),
    ("partial: attached, names withheld under s40(2)", mail.PARTIAL_S40, None, "partially_disclosed", ("s40(2)",)),
    ("partial: provided what we hold, however", mail.PARTIAL_HOWEVER, None, "partially_disclosed", ("s40(2)",)),
    ("partial: the remainder is withheld", mail.PARTIAL_REMAINDER, None, "partially_disclosed", ("s42(1)",)),
    ("s12 cost limit with section 16 advice", mail.COST_REFUSAL, None, "refused", ("s12",)),
    ("s21 pointer to the website", mail.S21_POINTER, None, "refused", ("s21",)),
    ("not held", mail.NOT_HELD, None, "not_held", ()),
    ("EIR 12(4)(b) manifestly unreasonable", mail.EIR_MANIFESTLY_UNREASONABLE, None, "refused", ("eir12(4)(b)",)),
    ("EIR 12(5)(e) with redactions", mail.EIR_COMMERCIAL_PARTIAL, None, "partially_disclosed", ("eir12(5)(e)",)),
    ("EIR 12(5)(e) withheld in full", mail.EIR_COMMERCIAL_REFUSED, None, "refused", ("eir12(5)(e)",)),
    ("neither confirm nor deny", mail.NCND, None, "ncnd", ("s40(5b)(a)(i)",)),
    ("clarification request", mail.CLARIFICATION, None, "clarification", ()),
    ("review upheld", mail.REVIEW_UPHELD, "Internal Review Response - FOI 12350", "internal_review", ("s43(2)",)),
    ("review overturned", mail.REVIEW_OVERTURNED, REVIEW_SUBJECT, "internal_review", ()),
    ("acknowledgement of a review request", mail.REVIEW_REQUEST_ACK, REVIEW_SUBJECT, "acknowledgement", ()),
]


@pytest.mark.parametrize(
    ("body", "subject", "outcome", "exemptions"), [case[1:] for case in REPLIES], ids=[case[0] for case in REPLIES]
)
def test_a_reply_ending_with_the_review_and_ico_advice(
    body: str, subject: str | None, outcome: str, exemptions: tuple[str, ...]
) -> None:
    metadata = analyse(mail.reply(body, subject) if subject else mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == (outcome, exemptions)
    assert "internal review" not in metadata.evidence["outcome"].lower() or outcome == "internal_review"
    assert metadata.authority == "Leeds City Council"


def test_the_requesters_own_request_for_an_internal_review_has_no_outcome() -> None:
    metadata = analyse(
        mail.requester_mail(
            mail.REQUESTER_REVIEW_REQUEST, "Internal review of Freedom of Information request - Pothole repairs 2022"
        )
    )
    assert metadata.outcome is None
    assert metadata.evidence["outcome"].startswith("unknown:")
    assert metadata.exemptions == ()  # "You withheld ... under section 40(2)" are the requester's words
    assert metadata.authority == "Leeds City Council"


def test_a_requester_message_saved_as_text_with_its_headers() -> None:
    text = (
        f"From: John Smith <{mail.REQUESTER_ADDRESS}>\n"
        f"To: FOI requests at Leeds City Council <{mail.COUNCIL_MAILBOX}>\n"
        "Subject: Internal review of Freedom of Information request - Pothole repairs 2022\n\n"
        + mail.REQUESTER_REVIEW_REQUEST
    )
    metadata = analyse(FoiInput(text=text))
    assert (metadata.outcome, metadata.authority) == (None, "Leeds City Council")


def test_a_letter_headed_as_the_internal_review_is_one_even_when_it_acknowledges() -> None:
    # The authority has opened the review under its own heading (MHCLG's form); without that
    # heading the same acknowledgement is an acknowledgement (test above).
    body = "Internal review under the Freedom of Information Act 2000\n\n" + mail.REVIEW_REQUEST_ACK
    assert analyse(mail.reply(body)).outcome == "internal_review"


def test_the_advice_alone_decides_nothing() -> None:
    metadata = analyse(mail.reply("Please see the attached letter."))
    assert metadata.outcome is None and metadata.exemptions == ()
    assert metadata.evidence["outcome"].startswith("unknown:")


def test_advice_sentences_are_marked_and_the_answer_is_not() -> None:
    passages = read_passages(mail.reply(mail.PARTIAL_S40).text)
    advice = [s.text for s in passages.sentences if s.advice]
    answer = [s.text for s in passages.sentences if not s.advice]
    assert any("right to ask for an internal review" in s for s in advice)
    assert any("section 50" in s for s in advice)
    assert any("Wycliffe House" in s for s in advice)
    assert any("Open Government Licence" in s for s in advice)
    assert any("privacy" in s for s in advice)
    assert any("withheld under section 40(2)" in s for s in answer)


def test_another_councils_advice_wording() -> None:
    signature = "Kind regards,\n\nLondon Borough of Camden\n"
    text = f"Dear Ms Jones,\n\n{mail.PARTIAL_S40}\n\n{mail.CAMDEN_ADVICE}\n\n{signature}"
    metadata = analyse(FoiInput(text=text, doc_type="email", sender="foi@camden.gov.uk"))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))
    assert metadata.authority == "London Borough of Camden"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We are refusing your request under Section 12 of the Act.", ("s12",)),
        ("The request exceeds the cost limit set out in section 12.", ("s12",)),
        ("The Council is relying on Regulation 12(4)(b) of the EIR.", ("eir12(4)(b)",)),
        ("The information is exempt under section 21 as it is reasonably accessible to you.", ("s21",)),
        ("The names are withheld under s.40(2).", ("s40(2)",)),
        ("The names have been removed under section 40 (2).", ("s40(2)",)),
        ("Sections 31 and 40 apply to the remaining information.", ("s31", "s40")),
        ("The tender prices are withheld under Section 43(2) (commercial interests).", ("s43(2)",)),
        ("We consider that the exemption at section 36(2)(b)(i) is engaged.", ("s36(2)(b)(i)",)),
        ("We are relying on section 14(1) as your request is vexatious.", ("s14(1)",)),
        (
            "The information falls under Regulation 12(5)(e) of the Environmental Information Regulations 2004.",
            ("eir12(5)(e)",),
        ),
        ("This is covered by section 40(2) of the Act.", ("s40(2)",)),
        # Mentioned, not applied.
        ("Section 21 does not apply, as the report has not been published.", ()),
        ("We are not relying on section 43 for any of this information.", ()),
        ("This letter is a refusal notice under section 17 of the Act.", ()),
        ("Section 16 advice and assistance: you may wish to narrow your request.", ()),
        ("Under section 50 you may apply to the Commissioner for a decision.", ()),
        (
            "If you are dissatisfied with our decision to apply section 40(2), you may ask for an internal review.",
            (),
        ),
    ],
)
def test_citations_in_running_text(sentence: str, expected: tuple[str, ...]) -> None:
    text = f"Dear Mr Smith,\n\nThank you for your request.\n\n{sentence}\n\n{mail.REVIEW_AND_ICO}\n"
    assert analyse(FoiInput(text=text, doc_type="email")).exemptions == expected


def test_quoted_earlier_mail_below_a_reply_is_not_the_reply() -> None:
    text = (
        "Dear Mr Smith,\n\nPlease find attached the spreadsheet of grants paid in 2022.\n\n"
        "Information Governance Team\nKent County Council\n\n"
        "-----Original Message-----\nFrom: John Smith <request-1-ab12@whatdotheyknow.com>\n"
        "Sent: 01 May 2023 10:00\nTo: FOI\nSubject: Grants\n\n"
        "Please tell me why you withheld the names under section 40(2) last year, and whether "
        "section 43 was applied.\n"
    )
    metadata = analyse(FoiInput(text=text, doc_type="email"))
    assert (metadata.outcome, metadata.exemptions) == ("disclosed", ())
    assert metadata.authority == "Kent County Council"


# --- authority ---


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Dear Leeds City Council,", ["Leeds City Council"]),
        ("a request to the London Borough of Camden about parking", ["London Borough of Camden"]),
        ("Kent County Council and Maidstone Borough Council", ["Kent County Council", "Maidstone Borough Council"]),
        ("The Royal Borough of Kensington and Chelsea replied.", ["Royal Borough of Kensington and Chelsea"]),
        ("Unfortunately Stockton-on-Tees Borough Council does not hold it.", ["Stockton-on-Tees Borough Council"]),
        ("Barnsley Metropolitan Borough Council", ["Barnsley Metropolitan Borough Council"]),
        ("Braintree District Council", ["Braintree District Council"]),
        ("City of York Council", ["City of York Council"]),
        ("the Council holds this; the City Council and the County Council agree", []),
        ("Customer Services", []),
    ],
)
def test_council_names_as_written(text: str, names: list[str]) -> None:
    assert [name for _, _, name in council_names(text)] == names


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Leeds City Council", True),
        ("London Borough of Camden", True),
        ("Council", False),
        ("the Council", False),
        ("City Council", False),
        ("Customer Services", False),
        ("Information Governance Team", False),
        ("FOI Team", False),
        ("Leeds City Council Customer Services", False),
    ],
)
def test_a_department_or_a_generic_word_is_not_an_authority(name: str, ok: bool) -> None:
    assert is_authority_name(name) is ok


def test_authority_from_the_addressee() -> None:
    text = "Dear London Borough of Camden,\n\nPlease send me the parking figures.\n\nYours faithfully,\n\nJ Bloggs\n"
    assert analyse(FoiInput(text=text)).authority == "London Borough of Camden"


def test_dear_sir_or_madam_to_the_councils_address() -> None:
    text = "Dear Sir/Madam,\n\nPlease send me the parking figures.\n\nYours faithfully,\n\nJ Bloggs\n"
    recipients = ("FOI requests at Kent County Council <foi@kent.gov.uk>",)
    metadata = analyse(FoiInput(text=text, doc_type="email", recipients=recipients))
    assert metadata.authority == "Kent County Council"
    assert "kent.gov.uk" in metadata.evidence["authority"]


def test_authority_from_the_whatdotheyknow_footer() -> None:
    text = "Please send me the figures.\n\n" + mail.WDTK_FOOTER
    assert analyse(FoiInput(text=text)).authority == "Leeds City Council"


def test_an_unknown_council_domain_confirms_the_body_in_the_signature() -> None:
    text = (
        "Dear Mr Smith,\n\nThank you for your request. Please find the information you requested below.\n\n"
        "Grants paid in 2022: 14.\n\nKind regards,\n\nFOI Team\nRoyal Borough of Greenwich\n"
    )
    metadata = analyse(FoiInput(text=text, doc_type="email", sender="foi@royalgreenwich.gov.uk"))
    assert (metadata.authority, metadata.authority_id) == ("Royal Borough of Greenwich", None)
    assert metadata.evidence["authority"] == "email from foi@royalgreenwich.gov.uk"


def test_a_department_signature_or_the_bare_word_council_is_not_the_authority() -> None:
    text = (
        "Dear Mr Smith,\n\nThe Council holds the information you requested, attached.\n\n"
        "Kind regards,\n\nCustomer Services\nCouncil\n"
    )
    metadata = analyse(FoiInput(text=text, doc_type="email", sender="customer.services@example.org"))
    assert metadata.authority is None


def test_the_gazetteer_still_wins_for_known_bodies() -> None:
    text = "Dear Kent Police,\n\nPlease send me the figures.\n\nYours faithfully,\n\nJ Bloggs\n"
    metadata = analyse(FoiInput(text=text), Gazetteer.default())
    assert metadata.authority_id == "kent-police"


def test_a_requesters_follow_up_to_an_officer_applies_no_exemption() -> None:
    text = (
        "Dear Ms Jones,\n\nThank you for your response. You have withheld the names under section 40(2), "
        "which I dispute, and the remainder was refused.\n\nYours sincerely,\n\nJohn Smith\n\n" + mail.WDTK_FOOTER
    )
    metadata = analyse(mail.requester_mail(text, "RE: Freedom of Information request - Pothole repairs 2022"))
    assert (metadata.outcome, metadata.exemptions) == (None, ())
    assert metadata.authority == "Leeds City Council"


def test_the_request_title_in_the_subject_is_not_the_reply() -> None:
    subject = "RE: Freedom of Information request - Why were names redacted under section 40(2)?"
    metadata = analyse(mail.reply("Please find attached the information you requested.", subject))
    assert (metadata.outcome, metadata.exemptions) == ("disclosed", ())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The names are withheld under section40(2).", "s40(2)"),
        ("The names are withheld under s 40(2) of the FOIA.", "s40(2)"),
        ("We consider that sec. 43(2) applies.", "s43(2)"),
        ("The information is covered by exemption 40(2).", "s40(2)"),
        ("(b) Section 31(1)(a) - law enforcement", "s31(1)(a)"),
    ],
)
def test_citation_spellings(text: str, code: str) -> None:
    assert analyse(FoiInput(text=f"Thank you for your request.\n\n{text}\n")).exemptions == (code,)
