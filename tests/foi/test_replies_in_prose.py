"""Replies that answer question by question, in prose or in tables flattened by the mail client, and
withhold another part: what is released must be seen for a partial disclosure not to read as a
refusal. Also the interim notices that name an exemption without applying it, and the authority's
name run together with its department's in a signature. Every reply is written for these tests in
the forms UK authorities use; each ends with the review and Information Commissioner advice."""

from __future__ import annotations

from ingest.foi import FoiInput, Gazetteer, analyse
from ingest.foi.outcome import _figure_count
from ingest.foi.passages import Voice, read_passages
from tests.foi import council_mail as mail

# --- released information that is not introduced by "please find attached" ---


def test_a_flattened_table_is_released_data_and_a_withheld_question_makes_it_partial() -> None:
    body = """Reference: FOI 12360

1. Burglary and robbery arrests in the district:
Offence 2021 2022 2023 Burglary 412 388 350 Robbery 96 104 87

2. The names of the officers involved are withheld under section 40(2) of the Act, as disclosure would
breach the data protection principles."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))


def test_a_question_label_takes_its_number_not_the_table_after_it() -> None:
    # "Question 3" is a label; the visits and issues after it are figures.
    text = "Question 3 Library Year Visits Issues Alpha 2019/20 61,240 48,905 Beta 2019/20 38,117 29,460"
    assert _figure_count(text) >= 4
    assert _figure_count("The names are withheld under sections 40(2) and 41 of the Act.") == 0


def test_money_in_millions_is_a_figure_and_a_time_is_not() -> None:
    assert _figure_count("Total commission: 2021/22 £4.12 million; 2022/23 £5.87m.") == 2
    assert _figure_count("Please call us between 10:30am and 4:00pm.") == 0


def test_counts_written_in_words_are_figures() -> None:
    assert _figure_count("Six contracts were terminated early and four agreements were varied.") == 2


def test_one_sentence_stating_two_figures_answers_a_question() -> None:
    body = """Freedom of Information request - FOI 12369

Of the 14 exclusions recorded in the year, 5 were of pupils with an education, health and care plan.

We are unable to provide the schools concerned. The numbers are small and the schools could be matched
to individual pupils, so this information is withheld under section 40(2) of the Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))


def test_figures_in_a_pointer_to_published_information_release_nothing() -> None:
    body = """Freedom of Information request - FOI 12370

The number of staff paid more than £50,000, in bands of £5,000, is published in note 31 of the accounts
at https://www.leeds.gov.uk/accounts. This information is therefore exempt under
section 21 of the Freedom of Information Act 2000, as it is reasonably accessible to you."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))


def test_a_list_of_dated_records_is_released_data() -> None:
    body = """Our ref: EIR 2022-118

1. Pollution incidents recorded in the catchment:
Date Location Category 03/02/2021 Mill Brook 2 17/05/2021 Town Weir 2 29/09/2021 Station Culvert 3

2. We hold the investigation file for the May incident. It is withheld under regulation 12(5)(b) of
the EIR, as enforcement action is still being considered."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("eir12(5)(b)",))


def test_answers_after_question_labels_are_the_authority_s_words() -> None:
    body = """Freedom of Information request - FOI 12361

Question 1: The council appointed external solicitors, Harland & Webb LLP, in March 2022.

Question 2: The legal advice itself is withheld under section 42(1) of the Freedom of Information
Act 2000 (legal professional privilege). The public interest favours maintaining the exemption."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s42(1)",))
    passages = read_passages(mail.reply(body).text)
    answer = next(s for s in passages.sentences if s.text.startswith("Question 1:"))
    assert answer.voice is Voice.AUTHORITY


def test_a_restated_question_stays_the_requester_s() -> None:
    body = """Question 1: How many Penalty Charge Notices were cancelled on appeal in 2022?

Response: 1,412 notices were cancelled on appeal."""
    passages = read_passages(mail.reply(body).text)
    question = next(s for s in passages.sentences if s.text.startswith("Question 1:"))
    assert question.voice is Voice.REQUESTER
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_a_request_quoted_whole_ends_with_its_closing_quote() -> None:
    body = """Freedom of Information request - FOI 12362

Your request: "Please tell me how many hours of patrols were carried out in each zone in 2022."

The handheld devices record time on each street, and from those records we have calculated the
following hours for 2022:

North zone: 3,120 hours South zone: 2,480 hours"""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "disclosed"


def test_confirming_that_information_is_held_is_not_a_release() -> None:
    # s1(1)(a), the duty to confirm, comes before a refusal as much as before a release.
    body = """Reference: FOI 12363

I can confirm that the council holds the information you have requested. However, it is already
published on our website at www.leeds.gov.uk/transparency and is therefore exempt under section 21
of the Freedom of Information Act 2000, as it is reasonably accessible to you."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))

    counted = "Question 1: The council holds eleven reports in scope. They are exempt under section 36(2)(b)(i)."
    assert analyse(mail.reply(counted)).outcome == "refused"


def test_an_eir_manifestly_unreasonable_refusal_is_not_a_partial_one() -> None:
    # Like s12, regulation 12(4)(b) answers the whole request; figures in the cost estimate and
    # "would need to be redacted" release nothing.
    body = """Environmental Information Regulations 2004 - Reference EIR 12364

The records you ask for are very extensive: approximately 96,000 collection reports were logged over
the period, and 42 rounds keep daily sheets. Many of the sheets include residents' addresses and would
need to be redacted. We estimate that locating and preparing the information would take over 150 hours.
The council therefore considers the request manifestly unreasonable and refuses it under regulation
12(4)(b) of the EIR."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("eir12(4)(b)",))


# --- exemptions named but not applied ---


def test_a_public_interest_extension_names_an_exemption_without_applying_it() -> None:
    # FOIA s10(3): more time to consider the public interest; the decision comes in the reply.
    body = """Reference: FOI 12365

We have not yet been able to complete our response. The information you have asked for engages
the qualified exemption at section 43 of the Freedom of Information Act, and we need further time to
consider the balance of the public interest, as section 10(3) permits. We will now respond by
14 July 2023."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_an_exemption_being_considered_is_not_applied() -> None:
    body = """Reference: FOI 12366

We are considering whether the information is exempt under section 36 of the Act and, if so, where
the balance of the public interest lies. We will respond by 2 June 2023."""
    assert analyse(mail.reply(body)).exemptions == ()


def test_a_section_said_not_to_apply_with_its_title_in_brackets_is_not_applied() -> None:
    body = """Reference: FOI 12367

The information is exempt under section 36(2)(b)(i) of the Act. The trust is not a government
department, so section 35 (formulation of government policy) does not apply."""
    assert analyse(mail.reply(body)).exemptions == ("s36(2)(b)(i)",)


def test_the_decision_a_review_overturns_is_not_applied_by_the_review() -> None:
    body = """Internal review - FOI 12368

I have reviewed the decision to withhold the ward-level figures under section 40(2). Having considered
the numbers involved, I have concluded that no individual could be identified. The original decision
is therefore overturned and the figures are provided below.

Ward 2022 2023 Headingley 14 17 Hyde Park 9 12 Woodhouse 6 8"""
    metadata = analyse(mail.reply(body, "Internal Review Response - FOI 12368"))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


def test_an_automatic_acknowledgement_with_a_numeric_reference_is_the_authority_s() -> None:
    text = """Thank you for contacting the Department for Education.

Your request has been received and will be handled under the Freedom of Information Act 2000. Your
reference number is 2023-0061234. We aim to respond within 20 working days."""
    item = FoiInput(
        text=text,
        doc_type="email",
        sender="Department for Education <noreply@education.gov.uk>",
        subject="Your request 2023-0061234 has been received",
    )
    assert analyse(item).outcome == "acknowledgement"


# --- the authority when a signature runs the department into the body's name ---


def _signed(signature: str, sender: str) -> FoiInput:
    text = f"Dear Ms Jones,\n\nReference: FOI 4410\n\nThe information is not held.\n\nYours sincerely\n\n{signature}\n"
    return FoiInput(text=text, doc_type="email", sender=sender, subject="FOI 4410 - Response")


def test_a_department_run_into_the_body_s_name_is_not_part_of_it() -> None:
    gazetteer = Gazetteer.default()
    cases = [
        ("Freedom of Information Office Calderdale and Huddersfield NHS Foundation Trust", "foi@cht.nhs.uk"),
        ("Information Governance Calderdale and Huddersfield NHS Foundation Trust", "foi@cht.nhs.uk"),
        ("Revenues and Benefits Service Wakefield Council", "foi@wakefield.gov.uk"),
    ]
    found = [analyse(_signed(signature, sender), gazetteer).authority for signature, sender in cases]
    assert found == [
        "Calderdale and Huddersfield NHS Foundation Trust",
        "Calderdale and Huddersfield NHS Foundation Trust",
        "Wakefield Council",
    ]


def test_the_sender_domain_names_the_council_after_its_department() -> None:
    metadata = analyse(_signed("Council Tax and Business Rates Wakefield Council", "foi@wakefield.gov.uk"))
    assert metadata.authority == "Wakefield Council"


def test_a_body_whose_name_opens_before_its_domain_word_keeps_it() -> None:
    """A council's name starts at its place, so what precedes the word its domain spells is a department
    ("Council Tax and Business Rates"); other bodies' names often open before that word."""
    cases = [
        ("Oxford Brookes University", "foi@brookes.ac.uk"),
        ("Edinburgh Napier University", "foi@napier.ac.uk"),
        ("Public Health Wales NHS Trust", "phw.foi@wales.nhs.uk"),
    ]
    found = [analyse(_signed(signature, sender)).authority for signature, sender in cases]
    assert found == [signature for signature, _ in cases]


def test_a_sign_off_by_an_office_is_the_unit_s_and_the_sender_names_the_body() -> None:
    """ "Port Office", "Press Office": a word and a unit's word that the gazetteer does not know sign for a
    unit; the sender's display name names the body. The bodies named so are known ("Home Office")."""
    text = "Dear Ms Crouch,\n\nThank you for your request. We will respond within 20 working days.\n\nKind regards,\n\n"
    for signature, body in [("Port Office", "Shoreham Port Authority"), ("Press Office", "Dover Harbour Board")]:
        mail = FoiInput(text=text + signature + "\n", doc_type="email", sender=f'"{body}" <info@example.co.uk>')
        assert analyse(mail).authority == body
    assert analyse(_signed("Home Office", "foi@homeoffice.gov.uk")).authority == "Home Office"


def test_a_body_named_after_its_founder_keeps_sir() -> None:
    text = "Dear Sir John Soane's Museum,\n\nPlease send me the visitor numbers for 2023/24.\n\nYours faithfully,\n"
    to = "FOI requests at Sir John Soane's Museum <foi@soane.org.uk>"
    mail = FoiInput(text=text, doc_type="email", sender="l.tickell@example.com", recipients=(to,))
    assert analyse(mail).authority == "Sir John Soane's Museum"


def test_a_telephone_line_run_into_the_council_s_name_is_not_part_of_it() -> None:
    signature = "Jory Hellyer Highways and Transport Manager Council of the Isles of Scilly Tel 01720 424 000"
    sender = '"Hellyer, Jory" <jory.hellyer@scilly.gov.uk>'
    assert analyse(_signed(signature, sender)).authority == "Council of the Isles of Scilly"


def test_a_job_title_before_the_council_s_name_is_not_part_of_it() -> None:
    signature = "Jane Doe Compliance and Customer Relations Manager Wakefield Council"
    assert analyse(_signed(signature, "foi@wakefield.gov.uk")).authority == "Wakefield Council"


def test_a_council_whose_name_opens_with_city_of_keeps_it() -> None:
    signature = "Information Governance City of Bradford Metropolitan District Council"
    metadata = analyse(_signed(signature, "foi@bradford.gov.uk"))
    assert metadata.authority == "City of Bradford Metropolitan District Council"


def test_an_officer_addressed_in_a_request_is_not_an_authority() -> None:
    text = "Dear FOI Officer,\n\nPlease send me the figures for 2023.\n\nYours faithfully,\n\nAnna Jones\n"
    assert analyse(FoiInput(text=text, doc_type="email", sender="anna@example.com")).authority is None
