"""Replies read by their structure: answers under restated questions, lists of released items, a
cost limit applied to one part, clarification under s1(3), and sections mentioned without being
applied. Every reply is written for these tests in the forms UK authorities use; each ends with the
review and Information Commissioner advice (tests/foi/council_mail.py)."""

from __future__ import annotations

import pytest

from ingest.foi import FoiInput, analyse
from tests.foi import council_mail as mail

# --- what is released, and what is refused for one part ---


def test_a_cost_limit_applied_to_one_question_while_others_are_answered_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20011

Q1. Number of parking fines issued on Station Road in 2023
1,284

Q2. Number of those fines cancelled on appeal
212

Q3. Every email about Station Road parking since 2015
Emails before 2021 are held in an archive that cannot be searched by subject. We estimate that locating
them would take well over 18 hours. This part of your request is therefore refused under section 12 of
the Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12",))


def test_a_cost_limit_refusal_that_describes_the_redaction_work_stays_a_refusal() -> None:
    body = """Reference: FOI 20012

We estimate that complying with your request would exceed the appropriate limit of £450. The 380 case
files would need to be located, read and redacted, at about 10 minutes each, which is over 60 hours.
Your request is therefore refused under section 12 of the Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s12",))


def test_a_question_answered_in_prose_and_another_withheld_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20013

Question 1: how planning enforcement complaints are prioritised
Each complaint is first checked by a duty officer, who decides whether the alleged breach causes
serious harm. Cases of serious harm are visited within five working days; all others join the queue.

Question 2: the officers' case notes
We hold case notes for the complaints you list. This information is withheld under section 30(1) of the
Act because it was gathered for proceedings that may still be brought."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s30(1)",))


def test_a_list_of_names_after_its_lead_in_is_released_even_without_bullets() -> None:
    # Extraction keeps each item as its own paragraph and drops the bullet.
    body = """Reference: FOI 20014

In 2023 the council bought respite care from the following providers:

Oakfield Care Services Ltd

Meadowbank Homes Ltd

Riverside Support Partnership

The amounts paid to each provider are withheld under section 43(2) of the Act (commercial interests)."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s43(2)",))


def test_the_reasons_set_out_below_release_nothing() -> None:
    body = """Reference: FOI 20015

The council holds the information, but has decided to withhold it in full. The exemptions we have
applied are set out below.

Section 43(2) - commercial interests
Releasing the contract prices would prejudice the council's position in the coming re-tender."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s43(2)",))


def test_an_attached_spreadsheet_is_released_data() -> None:
    body = """Reference: FOI 20016

1. Footfall by hour in 2023
Please find attached FOI 20016 footfall 2023.xlsx, which gives the count for each hour of each day.

2. Footfall for 2019
This is already published on our open data portal at https://data.example.gov.uk/footfall. As it is
reasonably accessible to you, it is exempt under section 21 of the Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s21",))


# --- interim messages ---


def test_section_1_3_asks_for_clarification_and_refuses_nothing() -> None:
    body = """Reference: FOI 20017

Could you please clarify which years you are interested in? Under section 1(3) of the Freedom of
Information Act 2000 we are not obliged to comply with a request until we have the further information
we reasonably require to identify and locate it."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("clarification", ())


def test_asking_to_narrow_an_eir_request_restarts_the_clock_and_is_a_clarification() -> None:
    body = """Reference: EIR 20018

Your request as worded would capture several thousand documents. Under regulation 9 we would ask you to
consider narrowing it, for example to one year. Under regulation 9(4), the 20 working day period will
start again when we receive your reply."""
    assert analyse(mail.reply(body)).outcome == "clarification"


def test_receiving_a_request_for_review_is_an_acknowledgement() -> None:
    body = """We have received your request for an internal review of FOI 20019. A senior officer who was not
involved in the original decision will carry it out, and we aim to send you the outcome by 3 May 2024."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


# --- sections mentioned, not applied ---


def test_sections_considered_and_set_aside_are_not_applied() -> None:
    cases = [
        "We have considered whether the fees should be withheld under section 43(2), but we do not consider "
        "that the exemption applies to annual totals.",
        "Having checked the case files, I have decided that section 12 was wrongly applied.",
        "As we have refused your request under section 14, we have not gone on to consider whether section "
        "40(2) would also apply.",
        "The council has also considered section 40(5B) but has not found it necessary to rely on it.",
        "The Freedom of Information Act contains an exemption for information intended for future "
        "publication (section 22).",
        "Section 12 of the Freedom of Information Act (cost of compliance) does not apply to requests for "
        "environmental information.",
    ]
    for sentence in cases:
        assert analyse(mail.reply(f"Reference: FOI 20020\n\n{sentence}")).exemptions == (), sentence


def test_a_section_of_another_act_named_by_its_initials_is_not_a_foia_exemption() -> None:
    body = """Reference: FOI 20021

HMRC holds this information but is withholding it under section 44(1)(a) of the FOIA. Section 23(1) of
the CRCA provides that where information relates to an identifiable person, section 44(1)(a) applies."""
    assert analyse(mail.reply(body)).exemptions == ("s44(1)(a)",)


# --- the authority ---


def test_a_body_addressed_by_a_name_its_public_domain_spells_is_the_authority() -> None:
    text = (
        "Dear Transport for London,\n\nPlease provide the number of lifts out of service in 2023.\n\n"
        "Yours faithfully,\n\nAnna Jones\n"
    )
    request = FoiInput(
        text=text, doc_type="email", sender="anna@example.com", recipients=("FOI Case Management <foi@tfl.gov.uk>",)
    )
    assert analyse(request).authority == "Transport for London"


def test_a_department_without_a_department_word_is_not_part_of_the_body_s_name() -> None:
    text = (
        "Dear Ms Jones,\n\nReference: FOI 4410\n\nThe information is not held.\n\n"
        "Yours sincerely\n\nCompliance and Risk The University of Manchester\n"
    )
    reply = FoiInput(text=text, doc_type="email", sender="foi@manchester.ac.uk", subject="FOI 4410 - Response")
    assert analyse(reply).authority == "The University of Manchester"


# --- redacted releases, the s1(1)(a) duty described, clarification with its points listed ---


def test_a_document_released_with_names_redacted_is_a_partial_disclosure_even_beside_an_unredacted_part() -> None:
    body = """Reference: FOI 20031

Copies of the two inspection reports for Mill Lane depot are attached. The inspectors' names have been
redacted under section 40(2) of the Act; the depot's address is not redacted."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))


def test_a_reply_that_says_no_names_have_been_redacted_is_a_full_disclosure() -> None:
    body = """Reference: FOI 20032

A copy of the contract register for 2023 is attached. No information has been redacted."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("disclosed", ())


def test_the_duty_to_confirm_whether_information_is_held_described_before_a_denial_is_not_held() -> None:
    body = """Reference: FOI 20033

Under section 1(1)(a) of the Freedom of Information Act we must tell you whether we hold the
information you asked for. Having searched the records of the Parking Services team, I can confirm
that the council does not hold information about the number of blue badge appeals by ward."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "not_held"


def test_a_request_for_clarification_whose_points_follow_a_colon_is_a_clarification() -> None:
    body = """Reference: FOI 20034

Thank you for your request. To help us identify the records you want, please could you tell us:
1. the years you are interested in; and
2. whether you mean council-owned car parks only."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "clarification"


# --- sections named but not applied ---


def test_sections_listed_with_their_names_in_brackets_are_all_read() -> None:
    body = """Reference: FOI 20035

The deployment plans are withheld under sections 24(1) (national security) and 31(1)(b)
(apprehension or prosecution of offenders) of the Act."""
    metadata = analyse(mail.reply(body))
    assert metadata.exemptions == ("s24(1)", "s31(1)(b)")


def test_the_cost_limit_weighed_and_set_aside_in_a_burden_refusal_is_not_applied() -> None:
    body = """Reference: FOI 20036

Your request is refused under section 14(1) of the Act because of the burden that complying would
impose. We also considered whether section 12 could be used instead, but the cost limit cannot take
account of the time needed to redact exempt information, which is most of the work here."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s14(1)",))


def test_a_review_that_finds_a_section_wrongly_applied_does_not_apply_it() -> None:
    body = """Internal review reference: IR 20037

I have reviewed the council's handling of your request. I do not consider that section 14(1) was
properly applied, and I have overturned that decision. The information you asked for is attached."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


# --- pointers, caveats, run-on sentences and transfers ---


def test_figures_said_to_be_set_out_in_a_published_report_are_a_pointer_not_a_release() -> None:
    body = """Reference: FOI 20041

The information you asked for is exempt under section 21 of the Act because it is reasonably accessible
to you. The number of staff paid over £100,000, in bands of £5,000, is set out in note 31 of the
council's annual accounts for 2023/24, available at https://www.example.gov.uk/accounts"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))


def test_a_review_acknowledgement_headed_with_the_review_and_its_reference_is_an_acknowledgement() -> None:
    body = """Internal review – IR 20042

Thank you for asking us to review our response. The review will be carried out by a senior officer who
took no part in the original decision, and we aim to reply by 14 August 2024."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "acknowledgement"


def test_the_neither_confirm_nor_deny_caveat_and_a_pointer_to_published_reports_stay_ncnd() -> None:
    body = """Reference: FOI 20043

The council neither confirms nor denies whether it holds the information you asked for, under section
40(5B)(a)(i) of the Act. This response should not be taken as an indication that the council does or
does not hold it. Our inspection reports for the premises are published on our website."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("ncnd", ("s40(5b)(a)(i)",))


def test_a_sentence_run_into_the_next_heading_still_applies_its_exemption() -> None:
    body = """Reference: FOI 20044

The table of referrals by school is attached. Where a school had fewer than five referrals we have
replaced the number with "<5". Such small numbers could identify pupils, and are exempt under section
40(2) of the Act.Your right to complain"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))


def test_answers_introduced_as_our_responses_below_are_a_disclosure() -> None:
    body = """Reference: FOI 20045

Please see our responses below.
1. The service attended 1,204 calls to lift rescues in 2023.
2. No charge is made for these calls."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "disclosed"


def test_a_request_passed_to_the_body_that_holds_the_information_is_other() -> None:
    body = """Reference: FOI 20046

Bus passes in this area are issued by the county council, so I have forwarded your request to its
information governance team, who will reply to you directly."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "other"


def test_a_request_passed_to_another_team_with_a_reply_date_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20047

Your request has been passed to the Licensing team, who hold the records. We will respond by
3 September 2024."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "acknowledgement"


def test_a_cost_limit_refusal_under_one_numbered_part_beside_an_answered_part_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20048

1. Total spent on taxis for looked-after children in 2023/24
£412,650

2. Each journey's start and end postcode since 2015
We are unable to provide this information because doing so would exceed the appropriate limit of £450.
Journeys before 2021 are recorded only on paper claim forms held in the archive."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12",))


def test_an_exception_found_therefore_not_engaged_in_a_review_is_not_applied() -> None:
    body = """Internal review reference: IR 20049

I have reviewed the council's response. The contractor has since published its tender prices, so
disclosure would not harm its commercial interests. Regulation 12(5)(e) is therefore not engaged, and I
have overturned the original decision. The information you asked for is attached."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


# --- the ICO's tests recited, asides, lead-ins that end in a colon, parts quoted as questions ---


def test_commercial_information_not_in_the_public_domain_is_no_pointer_to_published_information() -> None:
    body = """Reference: EIR 20051

The rates in the waste disposal contract are withheld under regulation 12(5)(e) of the EIR. They are
commercial information, they are not trivial and they are not in the public domain, and their
confidentiality protects the contractor's legitimate economic interest."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("eir12(5)(e)",))


def test_a_published_report_mentioned_as_an_aside_to_a_refusal_is_not_a_release() -> None:
    body = """Reference: EIR 20052

The draft traffic model is withheld under regulation 12(4)(d) of the EIR, as it is still in the course
of completion. You may also find the council's annual air quality status report useful: it is
published on our website."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("eir12(4)(d)",))


def test_names_listed_after_a_lead_in_ending_in_a_colon_are_released() -> None:
    body = """Reference: FOI 20053

The contractors that gritted the council's roads in the winter of 2023/24 were:
Highway Salt Services
Northern Winter Maintenance
Greenroad Contracting"""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "disclosed"


def test_a_council_that_holds_no_records_of_a_kind_does_not_hold_them() -> None:
    body = """Reference: FOI 20054

I have searched the council's files and can confirm that the council holds no allotment tenancy
records, as the allotments are run by an independent society."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "not_held"


def test_an_eir_request_to_narrow_whose_clock_runs_from_the_reply_is_a_clarification() -> None:
    body = """Reference: EIR 20055

Your request covers every record about the bridge since 2010. Could you limit it to a period or a type
of record? Under regulation 9(4), the 20 working day period for responding will run from the date we
receive your reply."""
    metadata = analyse(mail.reply(body))
    assert metadata.outcome == "clarification"


def test_a_cost_limit_refusal_under_a_quoted_question_beside_an_answered_one_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20056

Question 1 - number of abandoned vehicles reported in 2023
Reports received 1,877
Vehicles removed 412

Question 2 - the registration number of every vehicle removed since 2015
Removal records before 2022 are held on paper files. Locating and reading them would take well over
18 hours, so this part of the request would exceed the appropriate limit of £450."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12",))


# --- holding replies in the Act's own words, hedged exemptions, pointers and plain-text tables ---


def test_a_receipt_promising_a_reply_in_the_words_of_section_10_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20057

Your request about school transport contracts reached us on 3 March. We shall deal with it promptly
and in any event not later than 31 March."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_a_receipt_that_endeavours_to_reply_within_the_statutory_period_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20058

Your request about bus lane cameras was logged today. The Authority will try to reply within the
statutory time limit."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_an_extension_notice_that_says_an_exemption_might_apply_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20059

We are not yet able to send you a full answer. Parts of the board papers you asked for could be exempt
under section 36(2)(b) of the Act, and section 10(3) gives us extra time to weigh the public interest.
We expect to send you our decision by 2 June."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_a_reply_date_for_two_questions_after_passing_a_third_to_another_body_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20060

We do not hold the waiting list figures in your third question; they are kept by Anytown Hospitals NHS
Trust, and we have forwarded question 3 to their information governance team. We will respond to questions
1 and 2 by 18 April."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_a_refusal_that_weighed_another_exemption_for_parts_and_set_it_aside_stays_a_refusal() -> None:
    body = """Reference: FOI 20061

The minutes you asked for are withheld in full under section 36(2)(b)(ii) of the Act, as disclosure would
inhibit the free and frank exchange of views. We have also considered whether parts of the information
are exempt under section 41, but we do not rely on that exemption."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s36(2)(b)(ii)",))


def test_personal_data_that_could_be_combined_with_information_in_the_public_domain_is_no_pointer() -> None:
    body = """Reference: FOI 20062

The council holds the names and addresses of the households involved, but they are withheld under
section 40(2). So few households are involved that the figures, together with information already in
the public domain such as press reports, would identify them."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s40(2)",))


def test_a_section_21_refusal_listing_where_to_find_salary_bands_is_no_release() -> None:
    body = """Reference: FOI 20063

What you ask for is published, so it is exempt under section 21 of the Act. It can be viewed at the
following web pages:

1. Remuneration of senior staff in bands of £5,000 for everyone earning over £50,000, in note 27 of the
Statement of Accounts:
https://www.example-council.gov.uk/accounts

2. The pay policy statement:
https://www.example-council.gov.uk/pay-policy"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))


def test_figures_set_out_as_label_and_number_lines_are_a_disclosure() -> None:
    body = """Reference: FOI 20064

Allotment plots let at 1 April 2024

Eastfield: 42
Church Lane: 17
Mill Road: 29"""
    assert analyse(mail.reply(body)).outcome == "disclosed"


# --- the Act quoted in passing, withholding in the first person, and the forms of holding replies ---


def test_an_exception_applied_and_quoted_in_the_same_sentence_is_applied() -> None:
    body = """Environmental Information Regulations 2004 - reference EIR 20065

We are refusing the flood defence site plans under regulation 12(5)(a), which provides that a public
authority may refuse to disclose information to the extent that its disclosure would adversely affect
public safety."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("eir12(5)(a)",))


def test_papers_withheld_on_a_qualified_persons_opinion_are_refused_under_section_36() -> None:
    body = """Reference: FOI 20066

We hold the board's briefing papers and are withholding them. The university's qualified person gave his
opinion on 4 May that disclosure would be likely to prejudice the effective conduct of public affairs
(section 36(2)(c) of the Act)."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s36(2)(c)",))


def test_a_bare_eir_exception_number_after_the_word_exception_is_applied() -> None:
    body = """Environmental Information Regulations 2004 - reference EIR 20067

The tonnage figures are attached. We have withheld the contractor's pricing schedule under the exception
at 12(5)(e), as it is commercially confidential."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("eir12(5)(e)",))


def test_a_reply_neither_confirming_nor_denying_under_section_40_5a_is_ncnd() -> None:
    body = """Reference: FOI 20068

Any information we held about complaints you made would be your own personal data. Section 40(5A) of the
Act means we are not required to confirm or deny whether we hold it, so we are neither confirming nor
denying that we do."""
    assert analyse(mail.reply(body)).outcome == "ncnd"


def test_a_clarification_request_promising_a_reply_once_clarified_is_a_clarification() -> None:
    body = """Reference: FOI 20069

Before we can answer, please could you tell us:
1. which schools you mean;
2. which school years;
3. whether you mean fixed-term or permanent exclusions;
4. whether you want figures by pupil year group.
The trust runs 31 schools, and its records are kept by each school. When we hear back with your
clarification, we will reply within 20 school days, as the Act allows academies."""
    assert analyse(mail.reply(body)).outcome == "clarification"


def test_a_receipt_saying_when_a_full_response_will_be_sent_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20070

We received your email about grass cutting on 2 May. A full response will be sent to you no later
than 31 May."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_a_receipt_saying_the_request_will_be_answered_within_the_period_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20071

Your email is being handled as a request for information under the Freedom of Information Act 2000 and
will be answered within twenty working days."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_a_request_not_held_and_forwarded_to_the_body_that_holds_it_is_other() -> None:
    body = """Reference: FOI 20072

The parish council does not hold this information: the cemetery is run by the district council. We have
forwarded it to the district council's information team, who will reply to you directly."""
    assert analyse(mail.reply(body)).outcome == "other"


def test_a_named_report_stated_as_attached_beside_a_refused_part_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20073

The final traffic survey report, as published to the committee, is attached.

The officers' emails about the survey are withheld under section 36(2)(b)(ii) of the Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s36(2)(b)(ii)",))


def test_holding_what_was_asked_for_and_pointing_to_where_it_is_published_is_a_refusal() -> None:
    body = """Reference: FOI 20074

We can confirm that we hold the information you asked for. As all of it is already on our website, we
will not be providing it again: it is exempt under section 21 of the Act and can be found on the
transparency pages at https://www.example-council.gov.uk/transparency."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))


def test_saying_again_that_what_is_not_held_cannot_be_provided_refuses_nothing() -> None:
    body = """Reference: FOI 20075

Question 1 - number of fly-tipping reports in 2023
2,418

Question 2 - cost of clearing each report
The council does not hold this information, as clearance is paid for under one contract sum. We are
therefore unable to provide this information."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


# --- answers labelled inline, parts headed "Part N", year rows, and lists of reasons ---


def test_an_answer_labelled_on_the_line_of_its_restated_question_is_the_authoritys() -> None:
    # Extraction joins a restated question and its labelled answer into one paragraph.
    body = (
        "Reference: FOI 20076\n\n"
        "Q1. The number of food hygiene inspections in 2023. A1. 1,412 inspections were carried out.\n\n"
        "Q2. The ratings given to each premises. A2. Every rating is published on the Food Standards Agency's "
        "website, so this part of your request is exempt under section 21 of the Act."
    )
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s21",))


def test_a_figure_stated_under_one_part_beside_a_part_withheld_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20077

Part 1 - value of the consultancy contract
The contract was let in May 2024 and is worth £92,300.

Part 2 - the consultants' draft report
The draft report is withheld under section 22 of the Act, as it will be published in the autumn."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s22",))


def test_names_provided_below_with_two_withheld_are_a_partial_disclosure() -> None:
    body = """Reference: FOI 20078

We have provided below the names of six of the eight care homes inspected.
Ashgrove House, Leek
Birchfield Court, Cheadle
Cedar Lodge, Biddulph
Dovedale Manor, Uttoxeter
Elmwood, Stone
Foxglove Grange, Stafford
We are withholding the names of the other two, which are single-occupant homes, under section 40(2) of
the Act, as naming them would identify their residents."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))


def test_figures_in_rows_labelled_by_year_are_a_disclosure() -> None:
    body = """Reference: FOI 20079

Our response:
2021/22: 14
2022/23: 19
2023/24: 11"""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_a_receipt_saying_the_request_is_being_processed_is_an_acknowledgement() -> None:
    body = """Thank you for your request for information received on 3 June. It is being processed under reference
EIR-20080."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_a_section_of_another_act_called_that_act_is_not_applied() -> None:
    body = """Reference: FOI 20081

The notes were made under section 45 of the Fire and Rescue Services Act 2004. Section 29 of that Act
restricts their disclosure, so they are exempt under section 44(1)(a) of the Freedom of Information Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s44(1)(a)",))


def test_a_list_of_the_factors_weighed_in_a_refusal_is_no_release() -> None:
    body = """Reference: EIR 20082

The lease terms are withheld under regulation 12(5)(e) of the Environmental Information Regulations.
In reaching this decision the council weighed the following:
- The rent is commercial information, agreed in confidence.
- The council's duty to obtain best value would suffer if it were released.
- There is a public interest in open government."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("eir12(5)(e)",))


# --- headings naming the case, pronoun attachments, year rows, reconsiderations and receipts ---


def test_a_heading_naming_the_request_and_its_reference_is_no_quoted_request() -> None:
    body = """Your request - ref 20083

The school crossing patrols you ask about are run by the county council, not by this council. We have
forwarded your request to the county council's information team, who will reply to you directly."""
    assert analyse(mail.reply(body)).outcome == "other"


def test_a_document_attached_under_one_part_beside_a_part_withheld_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20084

1. Risk assessment
This is attached (Bandstand risk assessment 2024.pdf).

2. Officers' emails about the bandstand
These are withheld under section 36(2)(b)(ii) of the Act."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s36(2)(b)(ii)",))


def test_a_part_estimated_well_above_the_appropriate_limit_beside_an_answered_part_is_partial() -> None:
    body = """Reference: FOI 20085

Question 1 - number of blue badges issued in 2023
4,106

Question 2 - the number issued to each postcode district since 2010
Badge records before 2019 are on paper. Sorting them by postcode would take about 40 hours, well above
the 18-hour appropriate limit."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12",))


def test_figures_in_rows_led_by_their_year_are_a_disclosure() -> None:
    body = """Reference: FOI 20086

Year Complaints
2021 4
2022 9
2023 13"""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_an_exception_that_should_not_have_been_applied_is_a_review_result_without_it() -> None:
    body = """Reconsideration under regulation 11 - EIR 20087

I have carried out a reconsideration of the council's response. The drainage survey was complete when you
asked for it, so the exception in regulation 12(4)(d) should not have been applied. The survey is attached."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


def test_a_receipt_that_will_reply_within_school_days_is_an_acknowledgement() -> None:
    body = """Thank you for your request. We have logged it under reference FOI-20088 and will reply within 20 school
days."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_an_eir_clarification_whose_time_begins_again_on_receipt_is_a_clarification() -> None:
    body = """Reference: EIR 20089

Your request would cover every record about the common since 1990. What kinds of record and which years
do you have in mind? Under regulation 9(4) the time for responding will begin again on the date we
receive your clarification."""
    assert analyse(mail.reply(body)).outcome == "clarification"


def test_reports_logged_by_a_team_in_a_not_held_reply_are_no_receipt_of_the_request() -> None:
    body = """Reference: EIR 20090

The council does not hold this information: the culvert belongs to the adjoining landowners. The
flooding you describe has been logged by the drainage team."""
    assert analyse(mail.reply(body)).outcome == "not_held"


def test_a_reply_promised_as_soon_as_possible_and_in_any_event_by_a_date_is_an_acknowledgement() -> None:
    body = """Thank you for your request of 3 March (reference 20091). We will respond as soon as possible and in
any event by 31 March."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_a_cost_estimate_in_an_eir_refusal_is_regulation_12_4_b_not_section_12() -> None:
    body = """Environmental Information Regulations 2004 - reference EIR 20092

Finding every complaint about the landfill since 2005 would take about 60 hours, which would exceed
the appropriate limit. The request is therefore manifestly unreasonable, and we are refusing it under
regulation 12(4)(b)."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("eir12(4)(b)",))


def test_item_numbers_run_into_one_paragraph_are_no_figures() -> None:
    # Extraction runs numbered items into one paragraph, leaving "2." as a sentence of its own.
    body = (
        "Reference: EIR 20093\n\n"
        "The council does not hold any of the information you asked for: 1. The council does not hold a survey "
        "of the pond. No application has required one. 2. The pond is not on the council's register. 3. The "
        "council holds no records of its drainage."
    )
    assert analyse(mail.reply(body)).outcome == "not_held"


# --- 11th pass: releases described at length, one EIR part refused, a transfer, public interest figures ---


def test_results_described_in_brackets_before_attached_are_released_beside_a_withheld_draft() -> None:
    body = """Reference: EIR 20094

1. Monitoring before the works
The water quality results for the three outfalls (nitrates, phosphates and suspended solids, against the
permit limits) are attached as one workbook.

2. The consultant's assessment
The assessment is still a draft awaiting the consultant's final checks. We are withholding it under
regulation 12(4)(d) of the EIR, as material still in the course of completion."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("eir12(4)(d)",))


def test_documents_the_authority_says_it_attaches_are_released() -> None:
    body = """Reference: FOI 20095

We attach the 14 site visit notes made at the depot between April and September 2024."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_one_part_refused_as_manifestly_unreasonable_beside_a_released_part_is_a_partial_disclosure() -> None:
    body = """Reference: EIR 20096

Part 1 - tree surveys for the park
We enclose the two surveys carried out in 2022 and 2024.

Part 2 - every email about the park's trees since 2008
A search found more than 4,000 emails, and reading them would take around 80 hours. We consider this
part of your request manifestly unreasonable under regulation 12(4)(b) and invite you to narrow it."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("eir12(4)(b)",))


def test_a_request_transferred_under_the_section_45_code_whose_new_body_replies_directly_is_other() -> None:
    body = """Reference: FOI 20097

The bus station is run by the combined authority, not by this council. Under the section 45 Code of
Practice we have today transferred your request to the combined authority, which will reply to you
directly within 20 working days of receiving it."""
    assert analyse(mail.reply(body)).outcome == "other"


def test_confirming_receipt_of_a_request_is_an_acknowledgement() -> None:
    body = """We confirm receipt of your request for information dated 4 March 2024, reference FOI 20098."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_figures_weighed_in_the_public_interest_release_nothing() -> None:
    body = """Reference: FOI 20099

The council holds the draft business case for the new leisure centre. It is withheld in full under
section 43(2), as its costings are being negotiated with bidders.

We accept that there is a strong public interest in a project costing some £18 million that will serve
over 40,000 residents, but we consider that the public interest favours withholding the draft until
the contract is let."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s43(2)",))


def test_a_figure_in_a_numbered_answer_beside_a_withheld_part_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20100

1. During 2023 the council served 318 penalty notices for fly-tipping; most followed reports from residents.
2. The council does not record how many of those notices were paid in full.
3. The locations of the covert cameras are withheld under section 31(1)(a), as disclosing them would
help offenders avoid them."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s31(1)(a)",))


def test_numbered_options_offered_in_a_clarification_request_are_no_answers() -> None:
    body = """Reference: FOI 20101

To help us deal with your request, could you tell us whether:

(a) yearly totals for each ward would be enough, rather than a list of all 3,500 inspections; and
(b) the period you need starts in 2019 or earlier."""
    assert analyse(mail.reply(body)).outcome == "clarification"


def test_a_review_that_upholds_the_reliance_on_a_section_applies_it() -> None:
    body = """Internal review reference: IR 20102

I have completed the internal review of the council's response. The reliance on section 40(2) for the
names of junior officers is upheld, and the original decision stands."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ("s40(2)",))


def test_withdrawing_the_reliance_on_a_section_does_not_apply_it() -> None:
    body = """Reference: FOI 20103

We have withdrawn our reliance on section 21, and the figures you asked for are set out below.

Complaints received in 2023: 412"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("disclosed", ())


# --- 12th pass: extension notices, described attachments, a figure alone, transfers of part ---


def test_an_extension_notice_that_says_the_information_asked_for_may_be_exempt_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20104

We are writing to tell you that we need more time. Some of the information you asked for may be exempt
under section 43 (commercial interests), and we must weigh the public interest before deciding. Section
10(3) allows a reasonable extension for this, and we now expect to respond by 12 August 2024."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_a_public_interest_extension_that_is_considering_a_section_applies_none() -> None:
    body = """Reference: FOI 20105

The Trust needs further time to weigh the public interest for questions 3 and 4. We are considering the
application of section 36, which needs the opinion of our qualified person. We anticipate responding by 3
May 2024."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_a_document_described_before_is_attached_is_released() -> None:
    body = """Reference: FOI 20106

The structural survey of the pier, carried out for the council by consulting engineers in May 2023, is
attached."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_answers_the_reply_says_are_numbered_to_the_questions_are_released() -> None:
    body = """Reference: EIR 20107

Our answers are numbered to match your questions.

1. Yes. The parks team uses a foam treatment on paths instead of spraying.
2. No. The trial of electric mowers ended in 2022."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_a_reply_that_only_states_a_figure_discloses_it() -> None:
    body = """Reference: FOI 20108

At 31 March 2024, 48 of the 230 bus shelters in the district had a real-time display."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_part_of_a_request_transferred_to_another_body_with_the_rest_to_follow_is_other() -> None:
    body = """Reference: FOI 20109

Question 2 asks about hospital discharge delays, which the council does not hold: the NHS trust records
them. Under the section 45 code of practice we have transferred question 2 to the trust, which will reply
to you directly. We will respond to questions 1 and 3 by 14 June 2024."""
    assert analyse(mail.reply(body)).outcome == "other"


def test_a_pointer_to_another_bodys_published_data_beside_nothing_held_is_not_held() -> None:
    body = """Environmental Information Regulations - reference EIR 20110

The council does not hold any of the information you asked for: the river is monitored by the
Environment Agency, not the council. The Agency's river quality results are published on its website."""
    assert analyse(mail.reply(body)).outcome == "not_held"


def test_a_cover_note_attaching_the_formal_response_and_the_information_asked_for_is_a_disclosure() -> None:
    body = """Reference: FOI 20111

I have attached our formal response to your request, and the information you asked for."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


# --- 13th pass: exemption headings under question labels, cost estimates, reviews, plain-text tables ---


def test_a_question_label_heading_an_exemption_applies_it() -> None:
    body = """Reference: FOI 20112

Question 1 - Section 21 (information reasonably accessible by other means)
The list of approved taxi operators is published on our website at www.example.gov.uk/taxi-operators.

Question 2 - Section 43(2) (commercial interests)
Each operator bids for every route, and publishing the rates paid would let rivals undercut them at the
next round. We consider that the public interest favours withholding the rates, and they are withheld."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21", "s43(2)"))


def test_a_cost_estimates_own_figures_do_not_answer_the_part_it_refuses() -> None:
    body = """Reference: FOI 20113

A search of our email archive for the words you gave found 18,200 items: 9,400 emails and 8,800 attachments. Each
would need to be read, which would take well over 300 hours. Part 1 of your request is therefore exempt
under section 12(1). As the cost of related requests may be aggregated, we are not obliged to comply
with any part of it, and we have not answered part 2 either."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s12(1)",))


def test_an_exemption_considered_and_not_relied_on_beside_attached_documents_is_a_disclosure() -> None:
    body = """Reference: FOI 20114

We considered whether the bidders' prices should be withheld under section 43(2). The contract has
now been let, so we are not relying on that exemption.

Please find attached:

- the evaluation report
- the signed contract"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("disclosed", ())


def test_a_review_that_no_longer_relies_on_an_exception_applies_none() -> None:
    body = """Reconsideration of EIR 20115

I have reconsidered the council's response under regulation 11. Now that you have narrowed it, the
request is no longer manifestly unreasonable, and the council no longer relies on regulation 12(4)(b).
The inspection reports are attached."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


def test_holding_no_invoices_of_the_kind_asked_for_is_not_held() -> None:
    body = """Reference: FOI 20116

The council did not commission the masterplan, and so it holds no invoices or quotations of the kind
you describe."""
    assert analyse(mail.reply(body)).outcome == "not_held"


def test_a_plain_text_table_beside_a_withheld_part_is_a_partial_disclosure() -> None:
    body = """Reference: FOI 20117

1. Posts deleted in the restructure

Library service                 12
Leisure centres                  7
Customer contact                 9
Total                           28

2. The consultants' report is withheld under section 36(2)(b)(ii), as the qualified person considers
that disclosure would inhibit the free and frank exchange of views."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s36(2)(b)(ii)",))


def test_a_reviewers_findings_under_question_labels_are_the_reviewers_words() -> None:
    body = """Internal review reference: IR 20118

I have completed the internal review of the council's response.

Question 1: I am satisfied that the register lists every licence holder. The council was entitled to
rely on section 21, and I uphold that part of the response.

Question 2: I agree that releasing the licence fees paid by each holder would be likely to prejudice
their commercial interests. Section 43(2) is upheld."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ("s21", "s43(2)"))


def test_advice_on_complaint_rights_being_attached_releases_nothing() -> None:
    body = """Reference: FOI 20119

The force can neither confirm nor deny whether it holds the information you asked for, by virtue of
section 23(5) of the Act. Complaint rights are attached."""
    assert analyse(mail.reply(body)).outcome == "ncnd"


def test_a_plain_text_table_run_into_one_paragraph_is_still_released() -> None:
    # Extraction joins a plain-text table's lines into one paragraph.
    body = """Reference: FOI 20120

1. Posts deleted in the restructure

Library service 12 Leisure centres 7 Customer contact 9 Total 28

2. The consultants' report is withheld under section 36(2)(b)(ii), as the qualified person considers
that disclosure would inhibit the free and frank exchange of views."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s36(2)(b)(ii)",))


# --- 14th pass: reliance in other senses, exemptions considered, parts refused, receipts ---


def test_reliance_on_something_other_than_a_section_applies_nothing() -> None:
    body = """Reference: FOI 20121

Q3. Plan for reducing reliance on agency drivers We told you last month that we were considering section
36(2)(c) for this plan. Now that it has been carried out, we are not relying on that exemption. A copy is
attached."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("disclosed", ())


def test_information_held_for_both_parts_and_withheld_is_a_refusal() -> None:
    body = """Reference: FOI 20122

The council holds information within the scope of both parts of your request, but it is withheld. The
advice came from counsel and is exempt under section 42(1), as it attracts legal professional privilege."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s42(1)",))


def test_being_unable_to_answer_one_question_under_the_cost_limit_beside_answers_is_partial() -> None:
    body = """Reference: FOI 20123

In 2023 the council recorded 4,215 missed bin collections and 312 complaints about them.

Your second question asks for every complaint since 2010. Complaints before 2019 are held on paper in an
off-site store. Section 12(1) allows the council to refuse a request where the cost of compliance exceeds
the appropriate limit of £450. We are therefore unable to answer this question."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12(1)",))


def test_an_extension_that_expects_to_be_able_to_respond_by_a_date_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20124

We have not yet completed our response to question 2. The information may be exempt under section 43
(commercial interests), and we are consulting the suppliers. We expect to be able to respond fully by 30
October 2024."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_a_receipt_that_promises_to_be_in_touch_is_an_acknowledgement() -> None:
    body = """We have received your request and will be in touch shortly."""
    assert analyse(mail.reply(body)).outcome == "acknowledgement"


def test_yearly_counts_on_one_line_beside_a_part_refused_as_manifestly_unreasonable_are_partial() -> None:
    body = """Environmental Information Regulations - reference EIR 20125

Part 1 - noise complaints by year
2019: 12   2020: 17   2021: 25   2022: 19   2023: 22

Part 2 - every email about the site since 2015
A search returns over 3,000 emails, which would take more than 100 hours to read and redact. We consider
this part of the request manifestly unreasonable and apply regulation 12(4)(b)."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("eir12(4)(b)",))


# --- 15th pass: labelled answers that confirm holding, conditional promises, reviews that overturn ---


def test_a_labelled_answer_that_confirms_holding_advice_and_withholds_it_is_a_refusal() -> None:
    # Extraction runs the question's label and the answer into one paragraph.
    body = """Reference: FOI 20126

Question 1 - advice on the market lease The council holds legal advice on this subject from counsel. We
are withholding it in full under section 42(1), as it is subject to legal professional privilege."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s42(1)",))


def test_a_conditional_offer_to_post_a_copy_does_not_make_a_refusal_an_acknowledgement() -> None:
    body = """Reference: FOI 20127

The register of gifts and hospitality is published on our website, so it is reasonably accessible to you
and exempt under section 21. If you cannot open the register, let us know and we will send you a copy by
post."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))


def test_releasing_a_summary_and_withholding_the_draft_is_a_partial_disclosure() -> None:
    body = """Environmental Information Regulations - reference EIR 20128

We are releasing the summary of options that appeared in the consultation pack. The full draft appraisal
is withheld under regulation 12(4)(d), as it is still being revised."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("eir12(4)(d)",))


def test_a_reply_promised_on_receipt_of_clarification_after_a_list_of_points_is_a_clarification() -> None:
    body = """Reference: EIR 20129

Your request is very broad. Under regulation 9(4) we would be grateful if you could clarify:

- which sites you are interested in;
- what period we should search; and
- which kinds of record you want.

We will respond within 20 working days of receiving your clarification."""
    assert analyse(mail.reply(body)).outcome == "clarification"


def test_a_reply_that_holds_everything_asked_for_and_sets_it_out_below_is_a_disclosure() -> None:
    body = """Reference: FOI 20130

The council holds all of the information you asked for and has set it out below.

1. How often are the bridges inspected?
Every two years, with a principal inspection every six."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_a_review_that_overturns_the_application_of_a_section_applies_none() -> None:
    body = """Internal review reference: IR 20131

I have reviewed the handling of your request. The central register can be searched well within the
appropriate limit, and I therefore overturn the application of section 12. The register entries are
attached."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


# --- 16th pass: extension notices, parts answered together, reviews that overturn a reliance ---


def test_an_extension_that_withholds_nothing_yet_is_an_acknowledgement() -> None:
    body = """Reference: FOI 20132

We need more time to respond. We are considering whether the rates paid to each care provider are
exempt under section 43, and we now expect to respond by 14 March 2024. Nothing is being withheld at
this stage, and we will answer the other parts of your request at the same time."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_information_that_falls_to_be_considered_under_a_section_is_not_yet_withheld() -> None:
    body = """Reference: FOI 20133

Some of the information you asked for falls to be considered under section 31(1)(a) (law enforcement),
a qualified exemption, so we must weigh the public interest. We expect to be able to provide a full
response by 2 May 2024."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("acknowledgement", ())


def test_parts_answered_together_beside_a_part_refused_under_the_cost_limit_is_partial() -> None:
    body = """Reference: FOI 20134

1 & 2. Pitches and waiting list
Riverside 24 Church Lane 12 Mill Field 18

3. Every complaint about the pitches since 2012
We are unable to provide this information because doing so would exceed the appropriate limit under
section 12 of the Act: the records before 2020 are on paper in individual tenancy files."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12",))


def test_a_review_that_overturns_the_decision_to_rely_on_a_section_applies_none() -> None:
    body = """Internal review reference: IR 20135

I have reviewed the council's response. The clerk holds a senior, public-facing post, and the pay
point can be released fairly. The original decision to rely on section 40(2) is therefore overturned, and
the pay point is given below.

Pay point: SCP 28"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("internal_review", ())


def test_the_numbers_of_the_questions_a_pointer_answers_are_no_released_figures() -> None:
    body = """Reference: FOI 20136

All of the information you asked for is published, so it is exempt under section 21 of the Act:

1, 2 and 4. The parking tariffs are published on our website:
https://www.example-trust.nhs.uk/parking

3. Our parking income is reported in the annual accounts, available at:
https://www.example-trust.nhs.uk/annual-report"""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s21",))


# --- 17th pass: what an authority publishes, refusals in so many words, EIR particulars ---


def test_what_an_authority_publishes_redacted_is_no_partial_release_in_a_refusal() -> None:
    body = """Reference: FOI 20137

We are withholding the information you asked for under section 43(2), as naming the providers under
review would damage their commercial interests. We publish an annual report on the sector's finances and
the redacted minutes of every board meeting, but the public interest favours withholding these names."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("refused", ("s43(2)",))


def test_a_refusal_in_so_many_words_with_a_time_estimate_releases_none_of_its_figures() -> None:
    body = """Environmental Information Regulations - reference EIR 20138

I am sorry to tell you that we are refusing it. The site has had three enforcement cases since 2016 and
two appeals, and a search found about 2,300 emails; reading them would take about 110 hours."""
    assert analyse(mail.reply(body)).outcome == "refused"


def test_asking_for_more_particulars_under_the_eir_is_a_clarification() -> None:
    body = """Reference: EIR 20139

The council holds a great deal of information about flooding. Under regulation 9(2) we are asking you to
provide more particulars. It would help if you could tell us:

which streets you are interested in;
the period; and
the kind of information you want.

The 20 working days for our response will run from the date we receive your clarification."""
    assert analyse(mail.reply(body)).outcome == "clarification"


def test_counts_given_per_day_beside_earlier_years_not_held_are_a_disclosure() -> None:
    body = """Reference: FOI 20140

We only began recording traders' status in 2023. For earlier years the information is not held.

2023 average per market day: Tuesday - 14 regular, 5 casual; Friday - 21 regular, 9 casual"""
    assert analyse(mail.reply(body)).outcome == "disclosed"


# --- 18th pass: a released table beside a transfer, section 12 applied to a part ---


def test_a_released_table_beside_a_part_transferred_to_another_body_is_a_disclosure() -> None:
    body = """Reference: FOI 20141

Questions 1 and 2

Hospital            Hours lost   Longest delay
Riverside General   1,204        9:12
Hill Top Hospital   1,016        6:40

Question 3
This information is not held by the Trust. Under the section 45 code of practice we have transferred
this part of your request to the hospital trust, which will reply to you directly."""
    assert analyse(mail.reply(body)).outcome == "disclosed"


def test_section_12_applied_to_one_part_beside_released_figures_is_partial() -> None:
    body = """Reference: FOI 20142

In 2023/24 the trust excluded 41 pupils permanently and 1,312 for a fixed period.

Your third question asks for every exclusion letter since 2015. Locating them would take well over 18
hours, so we are therefore applying section 12 FOIA to this part of your request."""
    metadata = analyse(mail.reply(body))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s12",))


# --- partial disclosures in the shapes extraction gives them (19th, 20th and 22nd passes) ---

# (id, paragraphs of the reply body, each on one line however long, as extraction joins a
# paragraph's lines; the exemptions of the partial disclosure)
_PARTIAL_SHAPES = [
    (
        "question-restated-before-a-response-label",
        (
            "You asked: 1. The number of households in temporary accommodation on 31 March 2024. "
            "Response: 1,412 households.",
            "2. The longest stay in bed and breakfast accommodation, in weeks. Response: 19 weeks.",
            "3. The number of households placed outside the borough by each provider in each month since "
            "April 2019. Response: We do not record placements by provider centrally. Collating them from "
            "2,600 case files would take over 40 hours, so we are not obliged to provide this under section "
            "12 of the Act, as it would exceed the appropriate limit.",
            "4. The providers of nightly paid accommodation used in 2023/24. Response: Homes Direct Lettings "
            "Ltd, Meridian Stays Ltd and Castle Row Properties.",
        ),
        ("s12",),
    ),
    (
        "question-restated-under-its-own-number",
        (
            "Your questions are set out below, each followed by our answer.",
            "1. The hourly rates the council pays home care providers for standard visits in 2024/25.",
            "1. Standard rate - £24.10 per hour (weekday visits of 30 minutes or more) Rural rate - £26.30 "
            "per hour (visits in the rural wards listed in the contract) Double-handed visits - £48.20 per "
            "hour (two carers attending together)",
            "2. For each provider, the number of missed visits reported in every month from April 2018 to "
            "March 2024, with the reason recorded each time.",
            "2. Missed visits are logged in individual care records, not in a central report. We estimate "
            "that extracting them for 41 providers over 72 months would take at least 40 hours, well above "
            "the 18 hours (£450) appropriate limit. Section 12 of the Freedom of Information Act 2000 "
            "therefore applies to this part of your request, and we are not able to provide it.",
            "3. Any review of home care commissioning by external consultants since 2022.",
            "3. Not held. No external review has been commissioned.",
        ),
        ("s12",),
    ),
    *(
        (
            f"figure-citing-{provision}",
            (
                "(a) Site assessments\nThe site assessments are published in the evidence base on our "
                "website. As this information is reasonably accessible to you, it is exempt under section 21 "
                "of the Act.",
                "(b) Legal advice\nThe advice from counsel is withheld under section 42(1), as it attracts "
                "legal professional privilege.",
                f"(c) The figures you asked for\n{released}",
            ),
            ("s21", "s42(1)"),
        )
        # Only FOIA s12, s14 and s21-s44 and EIR regulations 12 and 13 refuse or withhold.
        for provision, released in (
            ("planning-regulation-18", "The council received 2,917 responses to the Regulation 18 consultation."),
            ("highways-act-section-58", "412 claims were repudiated under section 58 of the Highways Act 1980."),
        )
    ),
    (
        "part-label-run-into-its-answer",
        (
            "Part 1 - contract value The contract with Harbourside Design LLP was awarded in May 2024 and has "
            "a value of £92,750 (excluding VAT).",
            "Part 2 - design options report The options report is withheld under section 36(2)(b)(ii) of the "
            "Act, as disclosure would be likely to inhibit the free and frank exchange of views.",
            "Part 3 - cost plan The cost plan is exempt under section 43(2), as it would reveal the "
            "council's negotiating position.",
        ),
        ("s36(2)(b)(ii)", "s43(2)"),
    ),
    (
        "table-set-out-with-bars",
        (
            "Requests for CCTV footage from the police in 2023, by month:\nJan 41 | Feb 37 | Mar 52 | Apr 48 "
            "| May 45 | Jun 50 | Jul 61 | Aug 57 | Sep 44 | Oct 49 | Nov 53 | Dec 58 | Total 595",
            "The breakdown by camera is withheld under section 31(1)(a) of the Act, as it would show "
            "offenders which cameras are relied on most.",
        ),
        ("s31(1)(a)",),
    ),
    (
        "parts-in-roman-numerals",
        (
            "(i) No. The council has not paid a ransom or any other payment to a criminal group.\n"
            "(ii) The current contract for backup services has a total value of £64,000 over three years.\n"
            "(iii) The name of the insurer and the limits of the cover are withheld under section 31(1)(a) "
            "of the Act, as disclosure would help criminals target the council.",
        ),
        ("s31(1)(a)",),
    ),
    (
        # The item is its paragraph: its figure can come in its second sentence (22nd pass).
        "figure-in-an-items-second-sentence",
        (
            "(a) The cleaning contract with Brightwell Facilities Ltd started on 1 April 2022 for a term of four "
            "years. Its estimated annual value is £1.2 million.",
            "(b) and (c) The council holds the monthly performance reports and the price schedule. We are "
            "withholding both under section 43(2) of the Act, as their release would harm the contractor's "
            "commercial interests.",
        ),
        ("s43(2)",),
    ),
    (
        # The item's number is not part of its sentence (20th pass).
        "document-attached-under-a-numbered-answer",
        (
            "1. We hold legal advice about the fee decision. It is withheld under section 42(1) of the Act, "
            "because it is subject to legal professional privilege.",
            "2. The equality impact assessment is attached.",
        ),
        ("s42(1)",),
    ),
    (
        # A numbered paragraph that refuses its part under the cost limit beside ones that answer (24th pass).
        "numbered-paragraph-refused-under-section-12",
        (
            "1. Calls answered within 60 seconds in 2023: 81,442 of 97,310.",
            "2. Calls abandoned before answer in 2023: 6,905.",
            "3. We are unable to provide this information. Section 12 of the Act means we do not have to "
            "comply where the cost would exceed the appropriate limit of £450: the outcome of each call is "
            "only in its free-text notes, which would take over 300 hours to read.",
        ),
        ("s12",),
    ),
    (
        # The names given in one sentence, the amounts withheld (24th pass).
        "names-listed-in-a-sentence",
        (
            "The council used the following bailiff firms in 2023/24: Northgate Enforcement Ltd, Ridley & Co, "
            "Sable Recovery Services and Tarn Agents Ltd.",
            "The amount paid to each firm is withheld under section 43(2) of the Act, as it would show each "
            "firm's rates to its competitors.",
        ),
        ("s43(2)",),
    ),
    (
        # A release stated in the passive, under a heading, beside a part withheld (24th pass).
        "documents-being-released-in-the-passive",
        (
            "Survey reports (part 1)",
            "All four bat and badger survey reports are being released in full; a download link will follow.",
            "Negotiations with the developer (part 2)",
            "The correspondence with the developer is withheld under regulation 12(5)(e) of the EIR, as it "
            "would reveal the terms the council is seeking.",
        ),
        ("eir12(5)(e)",),
    ),
    (
        # A table whose rows are financial years (25th pass).
        "rows-labelled-by-financial-year",
        (
            "Each of your questions is quoted, with our reply under it.",
            "> 1. How many licence applications were refused?",
            # One paragraph a row, as extraction gives a plain-text table's lines.
            "2021/22 - 14\n\n2022/23 - 9\n\n2023/24 - 11",
            "> 2. The names of the applicants refused.",
            "The names are personal data and are exempt under section 40(2) of the Act.",
        ),
        ("s40(2)",),
    ),
    (
        # The cost limit described as what the Act allows, under one question heading (25th pass).
        "section-12-described-under-one-question",
        (
            "Question 1 - Referrals to the fraud team\n\n2021/22 3,904\n2022/23 4,218\n2023/24 4,675",
            "Question 2 - Referrals by college",
            "Section 12 of the Act allows us to refuse a request where the cost of finding the information "
            "would exceed £450. The college is not recorded against a referral, so each of some 12,000 case "
            "files would have to be read.",
        ),
        ("s12",),
    ),
    # 28th pass: parts labelled "Q1 Title" without a stop, the refusal in a later sentence of its part.
    (
        "q-labels-refusal-later-in-the-part",
        (
            "Q1 Total spend\n2022/23    £1,806,210\n2023/24    £2,118,447",
            "Q2 Spend by agency\nNorthgate Staffing    £645,880\nRiverside Nursing    £562,314\nHolt Care    £306,120",
            "Q3 Spend by ward\nRefused under Section 12 of the Act. Invoices are paid against directorate cost "
            "centres. Ward-level figures would mean reading about 30,000 timesheets, which would take over 500 "
            "hours, far above the appropriate limit of 18 hours.",
        ),
        ("s12",),
    ),
]


@pytest.mark.parametrize(
    ("paragraphs", "exemptions"),
    [pytest.param(paragraphs, exemptions, id=name) for name, paragraphs, exemptions in _PARTIAL_SHAPES],
)
def test_a_part_released_beside_a_part_refused_is_partial_in_every_shape(
    paragraphs: tuple[str, ...], exemptions: tuple[str, ...]
) -> None:
    metadata = analyse(mail.reply("\n\n".join(("Reference: FOI 20151", *paragraphs))))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", exemptions)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A receipt alone, or a promise to come back, is the holding reply (24th pass).
        ("We have received your request. Reference: FOI/2025/0311.", "acknowledgement"),
        ("Thank you for your email, which I have received. I will get back to you shortly.", "acknowledgement"),
        # 25th pass: the Act named by its short name, a due date as a label, "will answer".
        (
            "Your request was received on 3 June and is being handled under the FOI Act 2000.\n\nResponse due by: "
            "1 July 2024",
            "acknowledgement",
        ),
        ("Thank you for your email. We are dealing with it and will answer no later than 9 May.", "acknowledgement"),
        (
            "We need more time to consider the public interest, and now aim to respond by 30 May. This letter is "
            "not a refusal of any part of your request.",
            "acknowledgement",
        ),
        # Nothing held, said as "holds no ... falling within your request".
        (
            "I have checked the finance ledger and the committee papers. The council did not commission any "
            "survey of the pond, and therefore holds no survey, and no invoice for one, falling within your request.",
            "not_held",
        ),
        # A part transferred to the body that holds it, which will reply "direct"; the rest to follow.
        (
            "Question 4 concerns the hospital's own systems. We have transferred question 4 to the FOI team at "
            "the hospital trust, which will reply to you direct. We will respond to questions 1 to 3 by 2 May.",
            "other",
        ),
        # 27th pass: what a reply says of any case ("where a complaint is upheld") is not what it does with
        # this one, and what disclosure would do ("placed in the public domain") points at nothing published.
        (
            "The tenancy files are withheld in full under section 40(2). Where a complaint about a landlord is "
            "upheld, the council publishes a summary without names. Tenants do not expect their own complaints "
            "to be placed in the public domain.",
            "refused",
        ),
        # A document the reply attaches, named in passing.
        (
            "The trees were surveyed in March. The arborist's report, which we attach, records the condition of "
            "each tree.",
            "disclosed",
        ),
        # 28th pass: holding replies that give the date or the period in other words.
        ("Your request has reached us and will be dealt with by 14 March 2025 at the latest.", "acknowledgement"),
        ("We have your request for information. Please allow up to 20 school days for our reply.", "acknowledgement"),
        ("Received with thanks. I will come back to you before the end of the month.", "acknowledgement"),
        ("We will respond as promptly as possible and no later than 8 July 2025.", "acknowledgement"),
        # 43rd pass: holding replies in four more wordings.
        (
            "Thank you for your email. You will have a reply no later than twenty working days from receipt.",
            "acknowledgement",
        ),
        (
            "Thank you for your request, which we are handling under the Environmental Information Regulations 2004.",
            "acknowledgement",
        ),
        (
            "Good afternoon Ms Kettlewell, I've logged your request and will get back to you before Christmas.",
            "acknowledgement",
        ),
        ("Many thanks for your email, which I will look into and answer within the time allowed.", "acknowledgement"),
        # A complaint "not upheld" in a general case the reply describes is no review's result.
        (
            "Since 1 January 2017 we have received 11 such complaints. Three of the properties were found to need a "
            "licence.\n\nWe are withholding the addresses under "
            "section 40(2). Those people would not expect the Council to disclose that a complaint had been made "
            "about their home, particularly where the complaint was not upheld.",
            "partially_disclosed",
        ),
        # "All three parts" of a request withheld is the whole of it, not a part.
        (
            "The Council holds the information you have asked for. However, all three parts of your request are "
            "withheld under section 43(2) of the Freedom of Information Act.",
            "refused",
        ),
        # Nothing held, with the records named rather than "the information".
        (
            "I have looked through the clerk's files. The parish council does not therefore hold any invoices "
            "from the surveyor.",
            "not_held",
        ),
        (
            "The council was never consulted on the closure, and so does not hold the letters, notes or minutes "
            "you describe.",
            "not_held",
        ),
        # A release announced as "what we can provide", set out as a table of names and dates.
        (
            "Thank you for your request. I have set out what we can provide below.\n\nSupplier    Start    End\n"
            "Avonside Print Ltd    Apr 2021    Mar 2023\n\nWe are withholding the value of each contract under "
            "section 43(2).",
            "partially_disclosed",
        ),
        # The review paragraph after an advice heading that extraction ran into it stays advice.
        (
            "The council is refusing your request under regulation 12(4)(b), as it is manifestly unreasonable.\n\n"
            "Representations If you are unhappy with this decision, you may make representations under "
            "regulation 11. We will reconsider the decision and respond within 40 working days.",
            "refused",
        ),
        # A run-in heading followed by how to use the right ("Internal review: write to ...") is advice too,
        # not a review's heading.
        (
            "Q1. 1,486 permits were issued in 2023/24.\n\nQ2. The charges are published on our website, so "
            "this part is exempt under section 21.\n\nInternal review: write to the FOI office within 40 "
            "working days of the date of this letter.",
            "partially_disclosed",
        ),
        (
            "The figures you asked for are below.\n\nTotal spend 2023/24: £41,200\n\nComplaints: you can ask "
            "for an internal review of this response by emailing foi@example.gov.uk.",
            "disclosed",
        ),
        # 29th pass: the result of a review of something other than the request is no review result; a
        # real review's result still is.
        (
            "The grant totals for 2023 are attached. You may like to know that the findings of our review of "
            "the grant scheme were reported to the cabinet in May.",
            "disclosed",
        ),
        (
            "I have now considered your complaint. The outcome of my review of the handling of your request "
            "is that the original decision is upheld.",
            "internal_review",
        ),
        # All of what was asked for withheld: the counts the reply gives say what is held.
        (
            "The trust holds three contracts with its laundry supplier. These cover four hospital sites. All of "
            "the information you requested is exempt under section 43(2), as its release would be likely to "
            "prejudice the supplier's commercial interests.",
            "refused",
        ),
        # Nothing held, said as holding nothing that would answer.
        (
            "The parish council has never counted visitors to the green, and holds nothing which would answer "
            "your question.",
            "not_held",
        ),
        # Numbered answers, one a count of bids, beside a part withheld.
        (
            "1. The contract runs for five years from 1 May 2023.\n\n2. Three bids were received.\n\n3. The "
            "score of each bidder is withheld under section 43(2), as it would reveal the strength of each bid.",
            "partially_disclosed",
        ),
        # 30th pass: a review result given as a possessive's response reconsidered, or as "our decision is to".
        ("I have reconsidered the Museum's decision in the light of your comments, and it stands.", "internal_review"),
        ("Our decision is to overturn the original refusal. The survey report is attached.", "internal_review"),
        # All of it refused in other words, beside counts of what is held and a case number.
        (
            "We hold 4 reports about case 22 018 406. They record 12 inspections. We cannot give you any of it, "
            "as it is exempt under section 30(1) of the Act.",
            "refused",
        ),
        # What a section exempts, said of the part withheld, beside parts answered.
        (
            "(a) The council runs 9 cameras.\n\n(b) We are not able to give their exact positions. Section "
            "31(1)(a) exempts information whose disclosure would, or would be likely to, prejudice law "
            "enforcement.\n\n(c) The monitoring contract costs £12,600 a year.",
            "partially_disclosed",
        ),
        # Holding replies: receipt alone, and a promise to come back in a contraction.
        ("Thanks for your email, which was received by the parish office.", "acknowledgement"),
        ("Thank you. We'll get back to you by 3 June at the latest.", "acknowledgement"),
        # A receipt whose quoted request extraction ran into the quote header.
        (
            "Thank you, I confirm receipt and will reply by 4 April.\n\nOn Mon, 3 Mar 2025 at 09:12, Ann Lee "
            "<ann.lee@example.com> wrote: > Could you please let me know: > 1) the cost of the fair. > 2) whether "
            "a contractor ran it.",
            "acknowledgement",
        ),
        # A follow-up that releases what the reason for withholding no longer covers.
        (
            "The reason for withholding the date no longer applies, as the fair has been announced: it opens on "
            "4 June. The venue of the second fair is still withheld under section 31(1)(a).",
            "partially_disclosed",
        ),
        # 31st pass (from set aa): holding replies with an adverb or in the first person, a transfer whose
        # next sentence says the other body replies directly, and a count in words beside a part withheld.
        ("Your request was logged on 2 May, and a reply will therefore be sent by 30 May.", "acknowledgement"),
        ("Thank you for your email, which has been passed to me. I will be in touch shortly.", "acknowledgement"),
        (
            "I have today transferred your request to Dorset Council, which holds the licensing records. Its "
            "FOI officer will acknowledge your email and reply to you direct.",
            "other",
        ),
        (
            "1. In 2024 the museum received five approaches from overseas governments.\n\n2. The letters "
            "themselves are withheld under section 27(1)(a), as their release would prejudice international "
            "relations.",
            "partially_disclosed",
        ),
        # 32nd pass (from set ab): holding replies that give the deadline or pass a review on; an advice
        # heading with a colon run into "if you think ..."; a section weighed and then not relied on; the
        # EIR's not-held exception given as a refusal.
        (
            "We are handling it under the Environmental Information Regulations, and the statutory deadline for "
            "our reply is 4 March.",
            "acknowledgement",
        ),
        (
            "Your comments have been passed to the Clerk, who will reconsider the response and reply within 40 "
            "working days.",
            "acknowledgement",
        ),
        (
            "The counts are below.\n\n2021: 12\n2022: 15\n\nYour rights: if you think we have handled your "
            "request wrongly, you can make representations under regulation 11 and we will reconsider our response.",
            "disclosed",
        ),
        (
            "The quotation for the roof was £12,400 plus VAT. We did think about whether it should be treated as "
            "commercially sensitive under section 43, but the supplier has no objection to its release.",
            "disclosed",
        ),
        (
            "The town council does not hold any test results for the pond. We are therefore refusing your request "
            "under regulation 12(4)(a) (information not held).",
            "not_held",
        ),
        # 35th pass (from set ad): a review request logged is an acknowledgement, not the advice on reviews.
        (
            "Thank you for your email. Your internal review request for FOI 25/612 has been logged and will be "
            "completed within 20 working days.",
            "acknowledgement",
        ),
        (
            "Your request about the grounds contract was received over the weekend and logged as FOI 23/044. The "
            "statutory time for a reply is twenty working days, so you can expect to hear from us by 3 July.",
            "acknowledgement",
        ),
        (
            "The contract value is £9,880 a year. We did look at whether section 43 of the Act should apply to the "
            "contract value but decided that it should not, as the figure appears in our published budget.",
            "disclosed",
        ),
    ],
)
def test_what_a_reply_does_said_in_other_words(body: str, expected: str) -> None:
    text = f"Dear Ms Lewis\n\n{body}\n\nFOI Officer\nExample District Council"
    assert analyse(FoiInput(text=text, doc_type="email", sender=mail.COUNCIL_MAILBOX)).outcome == expected
