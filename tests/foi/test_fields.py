"""Outcome, references, dates, requester and authority: table-driven on phrasings from real letters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.errors import FoiDataError
from ingest.foi import FoiInput, Gazetteer, analyse
from ingest.foi.dates import parse_date
from ingest.foi.references import find_references
from tests.foi import council_mail as mail

OUTCOMES = [
    ("acknowledgement", "Thank you for your request. We will respond within 20 working days, as required by the Act."),
    (
        "acknowledgement",
        "I am dealing with your request under the Freedom of Information Act 2000 and aim to send you "
        "a response by 14 July 2017.",
    ),
    (
        "clarification",
        "In order to ensure that we have interpreted your request correctly we would like to ask you for "
        "clarification. Which financial years do you mean?",
    ),
    ("not_held", "Unfortunately I am unable to provide this information, because we do not have it."),
    ("not_held", "I can confirm that Kent Police does not hold the information you have requested."),
    (
        "refused",
        "We estimate that the cost of complying with your request would exceed the appropriate limit. "
        "We are therefore refusing your request under section 12 of the Act.",
    ),
    ("refused", "The information is exempt from disclosure under section 31(1)(a) and is withheld."),
    (
        "internal_review",
        "Internal review under the Freedom of Information Act 2000\nI have now completed the internal "
        "review and the original decision is upheld.",
    ),
    (
        "ncnd",
        "Hertfordshire Constabulary neither confirms nor denies that it holds information by virtue of Section 23(5).",
    ),
    (
        "partially_disclosed",
        "I have today decided to disclose some of the requested information. Some data has been "
        "withheld under Section 40(2).",
    ),
    ("disclosed", "I can confirm that we hold the information. Please find attached the information you requested."),
    (None, "Please find attached a response to your recent email."),
    # Both parts refused is no partial refusal (22nd pass).
    (
        "refused",
        "The Council holds draft noise monitoring data. We are refusing both parts of your request under "
        "Regulation 12(4)(d) of the Environmental Information Regulations, as the material is unfinished.",
    ),
    # The EIR's internal review is a reconsideration under regulation 11.
    (
        "internal_review",
        "I have reconsidered the Department's response of 2 September 2024 in the light of your "
        "representations. The names of the farm businesses remain withheld under regulation 13.",
    ),
    (
        "internal_review",
        "Reconsideration under regulation 11 - DAERA/24/0915\nThe inspection reports are released with the "
        "names of the farm businesses withheld under regulation 13.",
    ),
]


@pytest.mark.parametrize(("expected", "text"), OUTCOMES)
def test_outcome(expected: str | None, text: str) -> None:
    metadata = analyse(FoiInput(text=text))
    assert metadata.outcome == expected
    if expected:
        assert metadata.evidence["outcome"]


def test_a_later_stage_overrides_an_earlier_one() -> None:
    thread = (
        "Thank you for your email. We are currently processing your request.\n\n"
        "Unfortunately I am unable to provide this information, because we do not have it.\n"
    )
    assert analyse(FoiInput(text=thread)).outcome == "not_held"
    review = (
        thread
        + "\nInternal review under the Freedom of Information Act 2000\n"
        + "Thank you for your request for a review received on 22 July 2019."
    )
    assert analyse(FoiInput(text=review)).outcome == "internal_review"


def test_the_boilerplate_offer_of_an_internal_review_is_not_one() -> None:
    text = (
        "Please find attached the information you requested. "
        "If you are dissatisfied you may request an internal review."
    )
    assert analyse(FoiInput(text=text)).outcome == "disclosed"


def test_wdtk_declared_status_is_kept_apart_from_the_outcome() -> None:
    text = (
        "Speed cameras\n\nThe request was partially successful.\n\n"
        "Dear Kent Police,\nPlease send the list.\nYours faithfully,\nA Person\n"
    )
    metadata = analyse(FoiInput(text=text))
    assert metadata.source_status == "partially successful"
    assert metadata.outcome is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ref: FOI 2019-26", ["FOI 2019-26"]),
        ("Our Ref: FOI2018/01393", ["FOI2018/01393"]),
        ("Freedom of information request reference no: 01.FOI.22.026461", ["01.FOI.22.026461"]),
        ("following up on this FOI request (ref: 01/FOI/21/019606)", ["01/FOI/21/019606"]),
        ("Our reference: F-2010-00325", ["F-2010-00325"]),
        ("Your reference: CAM1234 Information request", ["CAM1234"]),
        ("Our reference: 3375675             Information request", ["3375675"]),
        ("Case number IR-2021-0042", ["IR-2021-0042"]),
        ("your request of 13 March 2018", []),
        ("Telephone: 01234 842547", []),
        ("Bedford, MK43 9AX", []),
        # Reference styles of police forces and NHS trusts (the round-robin of scripts/make_round_robin.py).
        ("Our Ref: HQ/FOI/6654/24", ["HQ/FOI/6654/24"]),
        ("FOI Reference: CS/FOI/2024/527", ["CS/FOI/2024/527"]),
        ("Reference FOI 000517-24", ["FOI 000517-24"]),
        ("Reference No: FOIA 197/24", ["FOIA 197/24"]),
        ("Our ref RFI 2024-4262", ["RFI 2024-4262"]),
        ("Request ref: FOI/2023/MFT/0642", ["FOI/2023/MFT/0642"]),
        # The Act, not a reference; a year alone is no request's reference either.
        ("under the FOIA 2000 we", []),
    ],
)
def test_find_references(text: str, expected: list[str]) -> None:
    assert find_references(text) == expected


def test_own_reference_versus_an_earlier_request() -> None:
    text = (
        "Freedom of information request reference no: 01.FOI.22.023434\n"
        "I note you seek access to the following information:\n"
        "I am just following up on this FOI request (ref: 01/FOI/21/019606).\n"
        "I have today decided to disclose the information.\n"
    )
    metadata = analyse(FoiInput(text=text))
    assert metadata.reference == "01.FOI.22.023434"
    assert metadata.references == ("01.FOI.22.023434", "01/FOI/21/019606")


def test_a_reference_cited_as_a_previous_request_is_not_the_own_one() -> None:
    text = "Your request is similar to your previous request FOI 2017/123.\nOur ref: FOI 2018/456\n"
    assert analyse(FoiInput(text=text)).reference == "FOI 2018/456"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13th March 2018", date(2018, 3, 13)),
        ("01/05/2024", date(2024, 5, 1)),
        ("1.5.24", date(2024, 5, 1)),
        ("31 October 2019", date(2019, 10, 31)),
        ("Tuesday, 9 April 2018", date(2018, 4, 9)),
        ("28 Sept 2019", date(2019, 9, 28)),
        ("March 13, 2018", date(2018, 3, 13)),
        ("2024-05-01", date(2024, 5, 1)),
        ("the 2nd of June 2020", date(2020, 6, 2)),
        ("31/02/2020", None),
    ],
)
def test_parse_uk_dates(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_request_date_without_a_year_takes_it_from_the_letter() -> None:
    text = "9th April 2018\n\nI write in connection with your request for information received on 13th March.\n"
    metadata = analyse(FoiInput(text=text))
    assert (metadata.response_date, metadata.request_date) == (date(2018, 4, 9), date(2018, 3, 13))
    january = "9 January 2019\n\nThank you for your request received on 20th December.\n"
    assert analyse(FoiInput(text=january)).request_date == date(2018, 12, 20)


def test_request_date_day_first_and_email_date_as_response_date() -> None:
    text = "Thank you for your request which was received on 01/05/2024. Please find attached the information."
    metadata = analyse(FoiInput(text=text, doc_type="email", email_date=date(2024, 5, 20)))
    assert (metadata.request_date, metadata.response_date) == (date(2024, 5, 1), date(2024, 5, 20))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dear J Roberts,\nThank you for your email.", "J Roberts"),
        ("Dear Mr Benjamin\nFreedom of Information Act 2000", "Mr Benjamin"),
        ("Dear Sir/Madam\nThank you for your request.", None),
        ("Dear [name removed] [name removed]\nThank you.", None),
        ("Dear Kent Police,\nPlease send me the figures.\nYours faithfully,\nA Campaigner\n", "A Campaigner"),
        (
            "Dear Ministry of Justice,\nPlease send me the figures.\n"
            "Yours faithfully,\n\nSteven Lees BSc(Hons), MRICS\n",
            "Steven Lees BSc(Hons)",
        ),
        ("Thank you for your request.", None),
    ],
)
def test_requester(text: str, expected: str | None) -> None:
    assert analyse(FoiInput(text=text)).requester == expected


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def test_gazetteer_covers_every_police_force(gazetteer: Gazetteer) -> None:
    forces = [a for a in gazetteer.authorities if a.kind == "police_force"]
    assert len(forces) >= 43 + 4
    for name in ("Police Scotland", "Police Service of Northern Ireland", "British Transport Police", "Kent Police"):
        assert gazetteer.lookup(name) is not None


@pytest.mark.parametrize(
    ("alias", "authority_id"),
    [
        ("MPS", "metropolitan-police"),
        ("the Met", "metropolitan-police"),
        ("Metropolitan Police", "metropolitan-police"),
        ("Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services", "hmicfrs"),
        ("His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services", "hmicfrs"),
        ("HMICFRS", "hmicfrs"),
        ("Department for Communities and Local Government", "mhclg"),
        ("IPCC", "iopc"),
        ("Hertfordshire Police", "hertfordshire-police"),
    ],
)
def test_aliases(gazetteer: Gazetteer, alias: str, authority_id: str) -> None:
    mentions = gazetteer.find(f"A letter from {alias} today.")
    assert [m.authority.id for m in mentions] == [authority_id]


def test_short_aliases_are_case_sensitive(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("the mps were nice and met at the home office") == []


def test_email_domains(gazetteer: Gazetteer) -> None:
    assert gazetteer.by_email("foi@herts.pnn.police.uk").id == "hertfordshire-police"  # type: ignore[union-attr]
    assert gazetteer.by_email("FOI@met.police.uk").id == "metropolitan-police"  # type: ignore[union-attr]
    assert gazetteer.by_email("someone@example.com") is None


def test_sender_domain_decides_the_authority() -> None:
    metadata = analyse(
        FoiInput(text="Please find attached the information you requested.", sender="foi@kent.police.uk")
    )
    assert (metadata.authority, metadata.authority_id) == ("Kent Police", "kent-police")


@pytest.mark.parametrize(
    ("sender", "authority_id"),
    [
        # An agency writes from its department's domain, under its own name.
        ('"HM Prison and Probation Service" <data.access@justice.gov.uk>', "hmpps"),
        ("Jane Ellis <data.access@justice.gov.uk>", "ministry-of-justice"),
    ],
)
def test_a_sender_named_as_a_known_body_is_that_body_whatever_its_domain(sender: str, authority_id: str) -> None:
    text = "Thank you for your request. We will respond within 20 working days."
    assert analyse(FoiInput(text=text, sender=sender)).authority_id == authority_id


def test_the_force_that_answers_not_the_letterhead() -> None:
    text = (
        "Information Rights\nBedfordshire Police Headquarters,\nWoburn Road, Kempston,\n\n9th April 2018\n\n"
        "Response – Hertfordshire Constabulary neither confirms nor denies that it holds information.\n"
    )
    metadata = analyse(FoiInput(text=text))
    assert metadata.authority_id == "hertfordshire-police"


def test_unknown_authority_is_captured_as_written() -> None:
    text = "Dear Ms Smith,\nBorsetshire County Council neither confirms nor denies that it holds the information.\n"
    metadata = analyse(FoiInput(text=text))
    assert (metadata.authority, metadata.authority_id) == ("Borsetshire County Council", None)


def test_a_complaint_boilerplate_mention_does_not_make_the_ico_the_authority() -> None:
    text = "Please find attached the information.\nYou may complain to the Information Commissioner's Office.\n"
    assert analyse(FoiInput(text=text)).authority is None


def test_user_supplied_councils_csv(tmp_path: Path) -> None:
    csv_file = tmp_path / "councils.csv"
    csv_file.write_text(
        "name,id,aliases,domains\nBorsetshire County Council,borsetshire,BCC;Borsetshire Council,borsetshire.gov.uk\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.default().with_csv(csv_file)
    assert gazetteer.by_email("foi@borsetshire.gov.uk").name == "Borsetshire County Council"  # type: ignore[union-attr]
    metadata = analyse(FoiInput(text="Borsetshire Council does not hold the information."), gazetteer)
    assert metadata.authority_id == "borsetshire"
    assert Gazetteer.default().lookup("Borsetshire County Council") is None


def test_a_bad_councils_csv_is_reported(tmp_path: Path) -> None:
    csv_file = tmp_path / "councils.csv"
    csv_file.write_text("council\nBorsetshire\n", encoding="utf-8")
    with pytest.raises(FoiDataError, match="name"):
        Gazetteer.default().with_csv(csv_file)
    csv_file.write_text("name,kind\nBorsetshire,planet\n", encoding="utf-8")
    with pytest.raises(FoiDataError, match="line 2"):
        Gazetteer.default().with_csv(csv_file)


def test_gazetteer_lists_every_fire_and_rescue_service_as_a_complete_set(gazetteer: Gazetteer) -> None:
    services = dict(gazetteer.complete_set_members()["UK fire and rescue services"])
    assert len(services) == 49
    assert all(gazetteer.by_id(member).kind == "fire_and_rescue" for member in services)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "authority_id"),
    [
        ("Kent Fire & Rescue Service", "kent-fire"),
        ("LFB", "london-fire-brigade"),
        ("BBC", "bbc"),
        ("Transport for London", "tfl"),
        ("Highways England", "national-highways"),
    ],
)
def test_bodies_without_a_public_bodys_word_in_their_name_are_known(
    gazetteer: Gazetteer, text: str, authority_id: str
) -> None:
    found = gazetteer.lookup(text)
    assert found is not None and found.id == authority_id


def test_a_reply_from_the_bbc_carries_its_authority() -> None:
    metadata = analyse(
        FoiInput(
            text="Dear Mr Jacobs\n\nThank you for your request. Please find the figures below.\n\nYours sincerely\n\n"
            "Information Rights Team",
            doc_type="email",
            sender="BBC Freedom of Information <foi@bbc.co.uk>",
            recipients=("Alan Jacobs <foi+request-960824-c17ab3e2@whatdotheyknow.com>",),
        )
    )
    assert metadata.authority == "British Broadcasting Corporation"


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        # A body signed only as "The University": a generic word, not its name.
        (
            "Dear Ms Shah\n\nThank you for your request. The University holds this information and it is set "
            "out below.\n\nYours sincerely\n\nInformation Compliance Officer\nThe University",
            "Information Compliance <foi@example-uni.ac.uk>",
        ),
        # A requester writing to a team: "Management" is a fragment of its name.
        (
            "Dear Information Management,\n\nThank you. Could you also tell me the dates of the visits?\n\n"
            "Yours sincerely,\n\nFiona Hale",
            "Fiona Hale <fiona.hale@example.com>",
        ),
        # An office holder's mailbox: "Clerk's Office" names the clerk's room, not a body.
        (
            "Dear Mr Fryer\n\nThe lease is attached.\n\nAnn Beck\nTown Clerk\nTown Hall, High Street, Ledbury",
            '"Clerk\'s Office" <clerk@ledburytowncouncil.gov.uk>',
        ),
    ],
)
def test_a_generic_word_or_a_fragment_of_a_teams_name_is_no_authority(text: str, sender: str) -> None:
    assert analyse(FoiInput(text=text, doc_type="email", sender=sender)).authority is None


def test_a_clerks_titles_run_into_the_councils_name_are_not_part_of_it() -> None:
    metadata = analyse(
        FoiInput(
            text="Dear Mr Hobbs\n\nThe grants paid in 2023 are listed below.\n\nYours sincerely\n\nSally Greenwood\n"
            "Town Clerk and RFO Hebden Royd Town Council",
            doc_type="email",
            sender="Town Clerk <clerk@hebdenroyd-tc.gov.uk>",
        )
    )
    assert metadata.authority == "Hebden Royd Town Council"


@pytest.mark.parametrize(
    ("signed", "sender"),
    [
        # A name with commas in it, not a team and a body.
        ("Bournemouth, Christchurch and Poole Council", "FOI Team <foi@bcpcouncil.gov.uk>"),
        # A transport executive writing from outside gov.uk.
        ("Transport for Greater Manchester", "Transport for Greater Manchester <foi@tfgm.com>"),
    ],
)
def test_a_body_signing_with_its_full_name_carries_it(signed: str, sender: str) -> None:
    metadata = analyse(
        FoiInput(
            text=f"Dear Mr Hale\n\nThe figures you asked for are set out below.\n\nYours sincerely\n\nFOI Team\n"
            f"{signed}",
            doc_type="email",
            sender=sender,
        )
    )
    assert metadata.authority == signed


@pytest.mark.parametrize(
    ("ending", "sender", "body"),
    [
        # A reply that signs with no valediction: its last line is its signature.
        (
            "Records Team\nUniversity Hospitals Dorset NHS Foundation Trust",
            "Records Team <uhd.foi@nhs.net>",
            "University Hospitals Dorset NHS Foundation Trust",
        ),
        # A sign-off block that extraction ran together with the postal address under it.
        (
            "Kind regards\n\nCorporate Governance East Hertfordshire District Council Wallfields, Pegs Lane, "
            "Hertford, Hertfordshire SG13 8EQ, telephone 01279 655261",
            "Corporate Governance <foi@eastherts.gov.uk>",
            "East Hertfordshire District Council",
        ),
    ],
)
def test_a_team_mailbox_reply_carries_the_body_of_its_signature(ending: str, sender: str, body: str) -> None:
    text = f"Dear Ms Kaur\n\nThe figures you asked for are set out below.\n\nWard 4: 12\nWard 7: 9\n\n{ending}"
    assert analyse(FoiInput(text=text, doc_type="email", sender=sender)).authority == body


def test_a_combined_authority_that_mentions_its_transport_executive_stays_the_authority() -> None:
    metadata = analyse(
        FoiInput(
            text="Dear Ms Khan\n\nThe programme is run jointly by the Combined Authority and Transport for Greater "
            "Manchester (TfGM). Could you confirm which staff you mean?\n\nKind regards\n\nInformation Governance",
            doc_type="email",
            sender="Information Governance <foi@greatermanchester-ca.gov.uk>",
        )
    )
    assert metadata.authority == "Greater Manchester Combined Authority"


def test_a_council_under_gov_wales_is_not_the_welsh_government(gazetteer: Gazetteer) -> None:
    welsh_government = gazetteer.by_email("foi@gov.wales")
    assert welsh_government is not None and welsh_government.name == "Welsh Government"
    assert gazetteer.by_email("foi@anglesey.gov.wales") is None


def test_a_health_board_calling_itself_the_health_board_is_not_named_so() -> None:
    metadata = analyse(
        FoiInput(
            text="Dear Mr Price\n\nThe Health Board has searched its records and does not hold the information you "
            "asked for.\n\nYours sincerely\n\nInformation Governance\nCwm Taf Morgannwg University Health Board",
            doc_type="email",
            sender="Information Governance <foi@ctmuhb.wales.nhs.uk>",
        )
    )
    assert metadata.authority == "Cwm Taf Morgannwg University Health Board"


ARMAGH = "Armagh City, Banbridge and Craigavon Borough Council"


@pytest.mark.parametrize(
    ("signature", "sender", "expected"),
    [
        ("Information Governance\nArmagh City, Banbridge and Craigavon Borough Council", "foi@example.gov.uk", ARMAGH),
        # A sign-off before a council's name is no part of it, nor a committee's chair or a unit run into it.
        ("Thanks, Coleraine Borough Council", "foi@example.gov.uk", "Coleraine Borough Council"),
        ("Chair, Personnel and Appeals Panel Frodsham Town Council", "foi@example.gov.uk", "Frodsham Town Council"),
        ("Information Assurance Rushmoor Borough Council", "foi@example.gov.uk", "Rushmoor Borough Council"),
        ("Clerk's Office Cheadle Town Council", "foi@example.gov.uk", "Cheadle Town Council"),
        (
            "Information Governance Department Dorset County Hospital NHS Foundation Trust",
            "foi@example.nhs.uk",
            "Dorset County Hospital NHS Foundation Trust",
        ),
        # Extraction runs a signature's lines together: the team, the body, its building.
        (
            "Information Governance Council of the Isles of Scilly Town Hall, St Mary's",
            "foi@scilly.gov.uk",
            "Council of the Isles of Scilly",
        ),
        (
            "Access to Information London Borough of Havering Town Hall, Main Road",
            "foi@havering.gov.uk",
            "London Borough of Havering",
        ),
    ],
)
def test_a_councils_name_is_read_whole_and_without_what_runs_into_it(
    signature: str, sender: str, expected: str
) -> None:
    metadata = analyse(
        FoiInput(
            text="Dear Ms Hicks\n\nThe council does not hold the information you asked for.\n\nKind regards\n\n"
            + signature,
            doc_type="email",
            sender=f"FOI <{sender}>",
        )
    )
    assert metadata.authority == expected


def test_advice_naming_the_commissioners_address_and_a_transfer_naming_another_body_vote_for_neither() -> None:
    text = (
        "Dear Mr Quinn\n\nWe do not hold records of tree felling in the forest. We have today transferred your "
        "request to Forestry England (foi@forestryengland.uk), which manages it.\n\nIf you are dissatisfied you "
        "may complain to the Information Commissioner. The ICO can be contacted at icocasework@ico.org.uk.\n\n"
        "Kind regards\n\nInformation Requests\nNew Forest National Park Authority"
    )
    metadata = analyse(FoiInput(text=text, doc_type="email", sender="Information Requests <foi@newforestnpa.gov.uk>"))
    assert metadata.authority == "New Forest National Park Authority"


def test_a_regulator_signing_with_its_name_carries_it_and_a_subject_naming_a_transfer_does_not() -> None:
    metadata = analyse(
        FoiInput(
            text="Dear Mr Ellis\n\nWe have transferred your request to the Financial Conduct Authority, which holds "
            "the information.\n\nKind regards\n\nFOI Team\nRegulator of Social Housing",
            doc_type="email",
            sender="Regulator of Social Housing <foi@rsh.example.gov.uk>",
            subject="RSH-FOI-2024-118 - transferred to the Financial Conduct Authority",
        )
    )
    assert metadata.authority == "Regulator of Social Housing"


@pytest.mark.parametrize(
    ("sender", "recipient", "text", "expected"),
    [
        # A transfer note is the sender's, though it names the body it transfers to more often; extraction
        # runs the sign-off block together (the team, the body, its building).
        (
            '"Intellectual Property Office" <foi@ipo.gov.uk>',
            "Ann Ferris <ann@example.com>",
            "Dear Ms Ferris\n\nThe meeting you ask about was convened by the Department for Science, Innovation and "
            "Technology (DSIT), which took and holds its minutes. DSIT is best placed to answer, so we have "
            "transferred your request to DSIT's FOI team today. You can also write to DSIT at foi@dsit.gov.uk.\n\n"
            "Yours sincerely\n\nInformation Rights Team Intellectual Property Office Concept House, Cardiff Road",
            "Intellectual Property Office",
        ),
        # A request without "Dear ...": the body it is sent to, not the regulator it threatens to go to.
        (
            "Michael Quayle <m.quayle@example.com>",
            '"Health and Care Professions Council" <foi@hcpc-uk.org>',
            "FOI request.\n\nPlease send me every internal email about my case since 3 February.\n\n"
            "I expect a reply within 20 working days and will report you to the ICO if I do not get one.\n\nM. Quayle",
            "Health and Care Professions Council",
        ),
        # A mailbox named after the body and its team, a reply signed by the team alone.
        (
            "University of Bristol Information Rights <freedom-information@bristol.ac.uk>",
            "Yusuf Hamid <yusuf@example.com>",
            "Dear Mr Hamid\n\nThe figures you asked for are set out below.\n\nYours sincerely\n\nInformation Rights "
            "Officer",
            "University of Bristol",
        ),
        (
            "FOI - Harris Federation <foi@harrisfederation.org.uk>",
            "Derek Hollins <derek@example.com>",
            "Dear Mr Hollins\n\nWe do not hold the information you asked for.\n\nYours sincerely\n\nFOI Team",
            "Harris Federation",
        ),
        # A mailbox's short name gives way to the full name the letter signs with.
        (
            "Bradford Council FOI <foi@bradford.gov.uk>",
            "Hamza Rafiq <hamza@example.com>",
            "Dear Mr Rafiq\n\nWe do not hold the information you asked for.\n\nYours sincerely\n\nFOI Team\n"
            "City of Bradford Metropolitan District Council",
            "City of Bradford Metropolitan District Council",
        ),
        # A unit's name run into the body's in the sign-off gives way to the body's (25th pass).
        (
            "Bassetshire Hospitals NHS Trust <foi@bassetshire-tr.nhs.uk>",
            "Tom Hale <tom@example.com>",
            "Dear Mr Hale\n\nYour request was received today.\n\nRegards\n\nFOI Office Corporate and Legal Affairs "
            "Bassetshire Hospitals NHS Trust",
            "Bassetshire Hospitals NHS Trust",
        ),
        # An executive agency writes from its department's domain under its own name (26th pass), and
        # WhatDoTheyKnow addresses it so.
        (
            '"Criminal Injuries Compensation Authority" <cica.foi@justice.gov.uk>',
            "Ruth Abbott <ruth@example.com>",
            "Dear Ms Abbott\n\nWe do not hold the information you asked for.\n\nInformation Rights Team",
            "Criminal Injuries Compensation Authority",
        ),
        (
            f"Ruth Abbott <{mail.REQUESTER_ADDRESS}>",
            '"FOI requests at Criminal Injuries Compensation Authority" <cica.foi@justice.gov.uk>',
            "Dear Criminal Injuries Compensation Authority,\n\nPlease send me the number of appeals lodged in "
            "2024.\n\nYours faithfully,\n\nRuth Abbott",
            "Criminal Injuries Compensation Authority",
        ),
        # ... but a known body's domain keeps its own name when the addressee is that body in other words.
        (
            f"Ruth Abbott <{mail.REQUESTER_ADDRESS}>",
            '"FOI requests at Dorset & Wiltshire Fire and Rescue Service" <foi@dwfire.org.uk>',
            "Dear Dorset & Wiltshire Fire and Rescue Service,\n\nPlease send me your response times for 2024.\n\n"
            "Yours faithfully,\n\nRuth Abbott",
            "Dorset and Wiltshire Fire and Rescue Service",
        ),
        # 29th pass: a body whose name has no public body's word and that the gazetteer lacks, named by the
        # mailbox it keeps for requests, whose domain spells the name.
        (
            f"Hugh Dyer <{mail.REQUESTER_ADDRESS}>",
            '"Wallace Collection FOI" <foi@wallacecollection.org>',
            "Dear Wallace Collection,\n\nPlease send me the loans out of the collection since 2020.\n\n"
            "Yours faithfully,\n\nHugh Dyer",
            "Wallace Collection",
        ),
        (
            "Information Requests <foi.requests@hornimanmuseum.org.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe loans are listed below.\n\nYours sincerely\n\nInformation Requests\n"
            "Horniman Museum\n100 London Road, London SE23 3PQ",
            "Horniman Museum",
        ),
        # 30th pass: a compass or size word in front of the domain's place is part of the body's name.
        (
            "Greater London Authority <informationgovernance@london.gov.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe report is attached.\n\nYours sincerely\n\nInformation Governance\n"
            "Greater London Authority",
            "Greater London Authority",
        ),
        # 31st pass: a place name with lower-case particles ("Bolton le Sands"); a body named as the one
        # another's work is done for ("collected on behalf of Lancashire County Council") is not the sender.
        (
            "Jo Cole <jo.cole@example.com>",
            "Bolton le Sands Parish Council <info@boltonlesands-pc.gov.uk>",
            "Dear Sir or Madam\n\nPlease tell me what the parish spent on grass cutting in 2024.\n\nRegards\n\nJo Cole",
            "Bolton le Sands Parish Council",
        ),
        (
            "Ann Hale <clerk@boltonlesands-pc.gov.uk>",
            "Jo Cole <jo.cole@example.com>",
            "Dear Ms Cole\n\nThe parish council does not hold this. Fees for the car park are collected on "
            "behalf of Lancashire County Council.\n\nKind regards\n\nAnn Hale\nParish Clerk\n"
            "Bolton le Sands Parish Council",
            "Bolton le Sands Parish Council",
        ),
        # 32nd pass: a council's building ("Council Offices") and the town of its postal address are no
        # body's name.
        (
            "Tom Bell <tom.bell@marketharborough.gov.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe figures are below.\n\n2023: 41\n2024: 37\n\nKind regards,\n\nTom Bell Town Clerk "
            "The Square, 2 Church Street, Market Harborough LE16 7AA",
            None,
        ),
        (
            "Tom Bell <tom.bell@example.org.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe figures are below.\n\n2023: 41\n2024: 37\n\nRegards\n\nTom Bell Deputy Town Clerk "
            "Council Offices, Market Hill, Wem SY4 5DG",
            None,
        ),
        # A body the reply points the requester to is not the one replying.
        (
            "Tom Bell <tom.bell@example.org.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe council holds no test results. Testing is done by the Environment Agency, which "
            "may be able to help you.\n\nRegards\n\nTom Bell",
            None,
        ),
        # 33rd pass (from set ac): a place's own top-level domain is part of the name it spells; the
        # regulator named in the advice is no candidate.
        (
            "Information Governance <foi@careers.wales>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe figures are below.\n\n2023: 41\n2024: 37\n\nKind regards\n\nInformation "
            "Governance\nCareers Wales",
            "Careers Wales",
        ),
        (
            "Office Team <office@example.org.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe plot was let in March 2021.\n\nThe review and ICO rights set out in our previous "
            "email apply to this answer too.\n\nRegards\n\nAnn Hale",
            None,
        ),
        # 34th pass (from set ac): a body named "Office of the ...", after its unit's name in the sign-off,
        # and harbour commissioners or conservators, whose names hold no other public body's word.
        (
            "Data Access Unit <foi@guardianship.gov.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nYour request was received today and we will reply by 30 May.\n\nData Access and "
            "Compliance Unit\nOffice of the Guardianship Registrar",
            "Office of the Guardianship Registrar",
        ),
        (
            "Ivy Nolan <ivy.nolan@example.com>",
            "<info@rhc.co.uk>",
            "Dear Rivermouth Harbour Commissioners,\n\nPlease send me the dredging volumes for 2023.\n\n"
            "Yours faithfully\n\nIvy Nolan",
            "Rivermouth Harbour Commissioners",
        ),
        (
            "Tom Bell <tom.bell@example.org.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe volumes are below.\n\n2023: 41,000 cubic metres\n2024: 37,500 cubic metres\n\n"
            "Regards\n\nTom Bell\nClerk to the Conservators\nBroadmere Conservators",
            "Broadmere Conservators",
        ),
        # 35th pass (from set ad): a sign-off run into one line names a body that its public domain spells
        # whole, a department's word ("Finance") and all, but not the post town before the postcode; a
        # postcode run into a council's name is no part of it; the letter's short form of the body its own
        # address names ("the Port Authority") is that body.
        (
            '"Information Rights" <foi@ukexportfinance.gov.uk>',
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe guarantee is withheld under section 43(2).\n\nYours sincerely,\n\nAnwen Castell "
            "Information Rights Manager UK Export Finance 1 Horse Guards Road, London SW1A 2HQ",
            "UK Export Finance",
        ),
        (
            '"Amenities Officer" <office@sheptonmallet-tc.gov.uk>',
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe waiting list has 41 names.\n\nBest regards\n\nKirsty Abbott\nAmenities Officer\n"
            "The Council Offices, Great Ostry, Shepton Mallet BA4 5TT Shepton Mallet Town Council",
            "Shepton Mallet Town Council",
        ),
        (
            '"Shoreham Port Authority" <info@shoreham-port.co.uk>',
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe Port Authority holds the lease for the wharf, but it is withheld under regulation "
            "12(5)(e).\n\nYours sincerely\n\nTom Verrall\nEstates Manager",
            "Shoreham Port Authority",
        ),
        # 37th pass (from set ae): a word joined to the unit's name by "and" is the unit's ("Head of Governance
        # and Information / Housing Ombudsman", run into one line).
        (
            '"Information Rights Team" <foi@housing-ombudsman.org.uk>',
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe review upholds our response.\n\nYours sincerely\n\nHead of Governance and "
            "Information Housing Ombudsman",
            "Housing Ombudsman",
        ),
        # A person's name over the request mailbox is no body's; nor is a mailbox anyone may keep (info@).
        (
            "Julian Ross <foi@wallacecollection.org>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe loans are listed below.\n\nYours sincerely\n\nJulian Ross",
            None,
        ),
        (
            "Information Requests <info@hornimanmuseum.org.uk>",
            "Ivy Nolan <ivy.nolan@example.com>",
            "Dear Ms Nolan\n\nThe loans are listed below.\n\nYours sincerely\n\nInformation Requests\nHorniman Museum",
            None,
        ),
        # A service that two councils share names neither.
        (
            "Lewes District Council and Eastbourne Borough Council - FOI <foi@lewes-eastbourne.gov.uk>",
            "Joanne Pratt <joanne@example.com>",
            "Dear Ms Pratt\n\nThank you for your request, which we received today.\n\nKind regards\n\nFOI Team",
            None,
        ),
    ],
)
def test_an_email_display_name_that_names_a_body_votes_for_it(
    sender: str, recipient: str, text: str, expected: str | None
) -> None:
    metadata = analyse(FoiInput(text=text, doc_type="email", sender=sender, recipients=(recipient,)))
    assert metadata.authority == expected


def test_a_northern_ireland_department_is_known_by_its_domain_over_another_departments_initials() -> None:
    # "DfE" is the Department for Education's initials, and the Department for the Economy's.
    text = (
        "Dear Mr Rafferty\n\nYour request was received on 4 March and has been allocated reference "
        "DfE/2023-0211. We will aim to respond by 31 March.\n\nAccess to Information Team"
    )
    sender = '"Access to Information" <accesstoinformation@economy-ni.gov.uk>'
    metadata = analyse(FoiInput(text=text, doc_type="email", sender=sender))
    assert (metadata.authority, metadata.authority_id) == ("Department for the Economy", "economy-ni")
