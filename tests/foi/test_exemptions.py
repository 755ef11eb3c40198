"""Citation parsing and applied-versus-mentioned, table-driven over real-world phrasings."""

from __future__ import annotations

import pytest

from ingest.foi import FoiInput, analyse
from ingest.foi.exemptions import is_refusal_ground, parse_citations

# (sentence, codes parsed in order). Phrasings as they appear in UK FOI responses.
PARSING = [
    ("Section 31(1)(a)(b)(2)(b) - Law Enforcement", ["s31(1)(a)", "s31(1)(b)", "s31(2)(b)"]),
    ("Section 40(2)(3)&(4) – Personal Information", ["s40(2)", "s40(3)", "s40(4)"]),
    ("exempt under sections 40(2) and 41 of the Act", ["s40(2)", "s41"]),
    ("Section 22(1)(a)(b)(c) - Information intended for future publication", ["s22(1)(a)", "s22(1)(b)", "s22(1)(c)"]),
    ("Section 22(1)(a)(Information Intended for future publication)", ["s22(1)(a)"]),
    ("Section 23(5) Security Bodies", ["s23(5)"]),
    ("Section 30(3) Investigations", ["s30(3)"]),
    ("Section 31(3) Law Enforcement", ["s31(3)"]),
    ("by virtue of section 40(5)(b)(i) of the FOIA", ["s40(5)(b)(i)"]),
    ("the exemption at s.40(2) applies", ["s40(2)"]),
    ("the exemption at s40(2) applies", ["s40(2)"]),
    ("we rely on s. 43(2) (commercial interests)", ["s43(2)"]),
    ("Section 22A applies to research information", ["s22A"]),
    ("sections 24(1) and 31(1)(a) are engaged", ["s24(1)", "s31(1)(a)"]),
    ("Sections 31 & 40 apply", ["s31", "s40"]),
    ("section 31(1)(a) and (b)", ["s31(1)(a)", "s31(1)(b)"]),
    ("section 31(1)(a) to (c)", ["s31(1)(a)", "s31(1)(b)", "s31(1)(c)"]),
    ("section 31(1)(a)-(c)", ["s31(1)(a)", "s31(1)(b)", "s31(1)(c)"]),
    ("section 31(1)(g) with 31(2)(a), (b) and (c)", ["s31(1)(g)", "s31(2)(a)", "s31(2)(b)", "s31(2)(c)"]),
    ("sections 38(1)(a) and (b)", ["s38(1)(a)", "s38(1)(b)"]),
    ("Section 1(1) (a) of the Freedom of Information Act 2000", ["s1(1)(a)"]),
    ("section 12 of the Freedom of Information Act 2000", ["s12"]),
    ("Section 14(1) (vexatious requests)", ["s14(1)"]),
    ("section 36(2)(b)(i) and (ii)", ["s36(2)(b)(i)", "s36(2)(b)(ii)"]),
    ("section 31(1)(h) and (i)", ["s31(1)(h)", "s31(1)(i)"]),
    ("regulation 12(5)(e) of the Environmental Information Regulations 2004", ["eir12(5)(e)"]),
    ("Regulation 12(4)(b) (manifestly unreasonable)", ["eir12(4)(b)"]),
    ("regulations 12(4)(a) and 12(5)(b)", ["eir12(4)(a)", "eir12(5)(b)"]),
    ("reg 13 (personal data)", ["eir13"]),
    ("EIR 12(5)(e) commercial confidentiality", ["eir12(5)(e)"]),
    ("section 38(1)(b) of the Freedom of Information (Scotland) Act 2002", ["foisa38(1)(b)"]),
    ("section 35(1)(a) of FOISA", ["foisa35(1)(a)"]),
    ("section 41 of the Local Government (Miscellaneous Provisions) Act 1982", ["other:41"]),
    ("Section 3 of the Data Protection Act 2018", ["other:3"]),
    ("as amended by Section 58 of the Data Protection Act 2018", ["other:58"]),
    (
        "regulation 30 of the Town and Country Planning (Control of Advertisement)(England) Regulations 2007",
        ["other:30"],
    ),
    ("Section 21 of the Local Government Act", ["other:21"]),
    # An Act by its year (30th pass); FOIA and the EIR by theirs.
    ("covered by section 32(2) of the 1974 Act", ["other:32(2)"]),
    ("exempt under section 40(2) of the 2000 Act", ["s40(2)"]),
    ("regulation 12(5)(e) of the 2004 Regulations", ["eir12(5)(e)"]),
    ("Article 5(1) of the General Data Protection Regulation", []),
    ("subsections 3A, 3B and 4A of the Freedom of Information Act 2000", []),
    ("Environmental Information Regulations 2004", []),
    ("section 40 and 3 months later", ["s40"]),
]


@pytest.mark.parametrize(("text", "expected"), PARSING)
def test_parse_citations(text: str, expected: list[str]) -> None:
    assert [c.code for c in parse_citations(text)] == expected


def test_a_bare_section_in_a_scottish_response_is_foisa() -> None:
    assert [c.code for c in parse_citations("section 30(c) applies", default_act="foisa")] == ["foisa30(c)"]


@pytest.mark.parametrize(
    ("code", "ground"),
    [
        ("s40(2)", True),
        ("s12", True),
        ("s14(1)", True),
        ("s22A", True),
        ("s1(1)(a)", False),
        ("s17", False),
        ("s50", False),
        ("s16", False),
        ("eir12(5)(e)", True),
        ("eir13", True),
        ("eir6", False),
        ("foisa38(1)(b)", True),
        ("foisa17", False),
        ("s45", False),
    ],
)
def test_refusal_grounds(code: str, ground: bool) -> None:
    assert is_refusal_ground(code) is ground


def exemptions_of(text: str) -> tuple[str, ...]:
    return analyse(FoiInput(text=text)).exemptions


# (letter text, exemptions applied): the authority applying versus quoting or mentioning.
APPLIED = [
    ("The information is exempt under section 40(2) of the FOIA.", ("s40(2)",)),
    ("We are withholding the names by virtue of Section 40(2).", ("s40(2)",)),
    ("I have applied Section 31 and Section 40 to questions 1, 2 and 3.", ("s31", "s40")),
    ("Section 43(2) is engaged in this case.", ("s43(2)",)),
    (
        "Section 31(1)(a)(b)(2)(b) - Law Enforcement\nSection 40(2)(3)&(4) – Personal Information",
        ("s31(1)(a)", "s31(1)(b)", "s31(2)(b)", "s40(2)", "s40(3)", "s40(4)"),
    ),
    (
        "The Council neither confirms nor denies holding information by virtue of sections 23(5) and 24(2).",
        ("s23(5)", "s24(2)"),
    ),
    (
        "We are refusing your request under section 12 as the cost of compliance would exceed the appropriate limit.",
        ("s12",),
    ),
    ("The cost of locating this information would exceed the appropriate limit of £450.", ("s12",)),
    ("We consider this request to be vexatious under section 14(1) of the Act.", ("s14(1)",)),
    (
        "The information falls within the exception at regulation 12(5)(e) of the Environmental Information "
        "Regulations.",
        ("eir12(5)(e)",),
    ),
    (
        "The Scottish Police Authority applies section 38(1)(b) of the Freedom of Information (Scotland) Act 2002.",
        ("foisa38(1)(b)",),
    ),
    # Neither confirm nor deny applied by saying what the provision does (21st pass).
    (
        "The Trust neither confirms nor denies whether it holds the information. Section 40(5B)(a)(i) of the Act "
        "removes the duty to confirm or deny where doing so would disclose a third party's personal data.",
        ("s40(5b)(a)(i)",),
    ),
    (
        "Section 24(2) provides that the duty to confirm or deny does not arise where exemption from it is "
        "required to safeguard national security.",
        ("s24(2)",),
    ),
    # Mentioned, not applied.
    ("This letter serves as a refusal notice under section 17 of the Freedom of Information Act 2000.", ()),
    ("You have the right to complain to the Information Commissioner under section 50 of the Act.", ()),
    ("The duty in section 1(1)(a) of the Act does not apply.", ()),
    ("The licence was refused under section 41 of the Local Government (Miscellaneous Provisions) Act 1982.", ()),
    ("These principles can be found at section 34.", ()),
    ("We have not applied section 43 to any of this information.", ()),
    # Considered and set aside (20th pass).
    (
        "The University also considered whether section 43(2) applied to commercial details of the package. "
        "As the minutes are withheld in full, it has not been necessary to rely on section 43(2).",
        (),
    ),
    ("Section 36(2)(b)(ii) was also considered in relation to the progress reports.", ()),
    ("Section 40(2) was considered to apply to the names of junior officers, which are withheld.", ("s40(2)",)),
    (
        "We have dealt with the request under the Environmental Information Regulations, rather than under "
        "section 43 of the Freedom of Information Act.",
        (),
    ),
    (
        "We are unable to answer this request within the appropriate limit of 18 hours (£450), and it is refused "
        "under section 12 of the Freedom of Information Act.",
        ("s12",),
    ),
    ("We have answered your request within the appropriate limit, so section 12 does not apply.", ()),
    (
        'You asked: "Please confirm whether section 40(2) was applied to the misconduct files."\n\n'
        "I can confirm we hold the information. Please find attached the data.",
        (),
    ),
    (
        "I note you seek access to the following information:\nWhy did you rely on section 31 last year?\n"
        "I have decided to disclose the information.",
        (),
    ),
    # Weighed and set aside in the same sentence, or said to be unneeded (25th pass).
    (
        "We considered whether section 38 applied to the figures for each station and decided it did not. "
        "The figures are set out below.",
        (),
    ),
    (
        "The supplier names are withheld under section 43(2). As no individual is named, section 40(2) is not "
        "needed and we have not applied it.",
        ("s43(2)",),
    ),
    # A section no longer relied on, or not engaged on the reasons given, applies nothing (24th pass).
    ("Having looked at the matter afresh, I find that section 43(2) no longer applies.", ()),
    ("I no longer consider that section 31(1)(a) applies to the list of sites.", ()),
    ("A confidentiality clause is not on its own enough to engage section 43(2).", ()),
    ("I do not agree that the total fee paid to the consultants is exempt under section 43(2).", ()),
    ("The information is held on the council's behalf, so the original reliance on regulation 12(4)(a) was wrong.", ()),
    (
        "Officers would need to read every email to find what may need to be withheld, for example under "
        "regulation 12(5)(e) or regulation 13. The request is therefore refused under regulation 12(4)(b).",
        ("eir12(4)(b)",),
    ),
    # What might have been done, or what was looked at and set aside, applies nothing.
    (
        "Some of these figures could have been referred to the published accounts under section 21, but it seemed "
        "simpler to give them to you directly.",
        (),
    ),
    (
        "The addresses are exempt under section 31(1)(a). For completeness, we also looked at whether the owners' "
        "names engaged section 40(2).",
        ("s31(1)(a)",),
    ),
    # 27th pass: one word away from set-aside forms already read; an upheld use applies it.
    (
        "The letters are withheld under section 42(1). We had looked at section 36 for the covering note too, but "
        "having withheld it under section 42 we did not need to rely on it.",
        ("s42(1)",),
    ),
    (
        "We have also looked at whether section 38(1) (health and safety) applies to the rota, and have concluded "
        "that it does not.",
        (),
    ),
    ("Having reviewed the file, I uphold the use of section 41(1) for the tenant's statement.", ("s41(1)",)),
    # 30th pass: set aside with an adverb, no longer able to be applied, and the cost limit named but not
    # applied (from set y, spent).
    ("I do not therefore think section 38 is engaged, and the report is attached.", ()),
    ("As the survey is now finished, regulation 12(4)(d) can no longer be applied to it.", ()),
    ("We have not applied section 12 here, although answering would also exceed the appropriate limit.", ()),
    # 31st pass (from set aa): a refusal overturned, an exception no longer applied, a third party's
    # suggestion, and exemptions an extension notice is still considering apply nothing; a section that
    # spares the authority the duty to confirm or deny is applied by the reply that neither confirms nor denies.
    ("The section 40(2) refusal is therefore overturned and the names are released.", ()),
    ("Now that the consultation has closed, regulation 12(4)(e) is no longer applied to the notes.", ()),
    ("The supplier suggested that section 43(2) applies to the day rates.", ()),
    ("The supplier suggested that section 43(2) applies to the day rates, and we agree.", ("s43(2)",)),
    ("The exemptions being considered are section 31 (law enforcement) and section 38 (health and safety).", ()),
    (
        "The trust neither confirms nor denies holding it. Section 40(5B)(a)(i) of the Freedom of Information Act "
        "provides that a public authority need not confirm or deny whether it holds information if that would "
        "itself disclose personal data.",
        ("s40(5b)(a)(i)",),
    ),
    # 32nd pass (from set ab): a section weighed and then released under; a ground a burden argument says
    # would have to be considered.
    ("The trust looked at whether section 22 should apply, but decided it was right to release the figures.", ()),
    (
        "Each response would have to be read and redacted, and we would need to consider the residents' details "
        "under regulation 13 before release.",
        (),
    ),
    # 30th pass: small numbers weighed for suppression and given in full.
    (
        "The counts are below. We considered whether any of them needed to be suppressed under section 40(2), "
        "but none is small enough to identify a patient.",
        (),
    ),
    # 35th pass: "decided that it should not" sets the section aside too.
    (
        "We did look at whether section 43 of the Act should apply to the contract value but decided that it "
        "should not, as the figure appears in our published budget.",
        (),
    ),
    # 36th pass (from set ad): a weighing of something else ("whether a public interest defence ... would
    # succeed and concluded it would not") sets no section aside.
    (
        "This is exempt under section 41(1) because its disclosure would constitute an actionable breach of "
        "confidence; section 41 is absolute, though we have considered whether a public interest defence to such "
        "a breach would succeed and concluded it would not.",
        ("s41(1)",),
    ),
    # A heading names what the passage under it weighs; a passage that sets it aside applies nothing.
    (
        "Section 43(2) - unit prices\nThe prices in the framework are already known to every bidder, so I do not "
        "consider that section 43(2) is engaged. The schedule of prices is attached.\n"
        "Section 40(2) - officers' names\nJunior officers' names stay redacted under section 40(2).",
        ("s40(2)",),
    ),
    # The reply speaks before the regulation it quotes: the Act never says "your".
    (
        "Hart District Council is refusing your request under regulation 12(4)(b), which provides that a public "
        "authority may refuse to disclose information to the extent that the request is manifestly unreasonable.",
        ("eir12(4)(b)",),
    ),
    (
        "Section 31\n(1) Information which is not exempt information by virtue of section 30 is exempt information if "
        "its disclosure under this Act would, or would be likely to, prejudice—\n(a) the prevention or detection of "
        "crime,\n(b) the apprehension or prosecution of offenders,",
        (),
    ),
    # An exemption the reply "did consider" and set aside applies nothing.
    (
        "The unit rates are 38.2p per kWh. We did consider whether these rates should be withheld as commercially "
        "sensitive under section 43, but we do not think release would cause any real harm.",
        (),
    ),
    (
        "We considered whether to withhold the 2023/24 figures under section 22 (information intended for future "
        "publication), but have decided not to rely on that exemption. The provisional figures are: 1,382.",
        (),
    ),
    (
        "The advice is exempt under section 42(1) as legally privileged. For completeness, we do not consider it "
        "necessary to rely on section 36 as well.",
        ("s42(1)",),
    ),
    # What a section requires is the Act's test, not its application.
    (
        "Section 43(2) requires a real and significant risk of prejudice, not simply the supplier's preference. "
        "I am not satisfied that this test is met. The original decision is therefore overturned.",
        (),
    ),
]


@pytest.mark.parametrize(("text", "expected"), APPLIED)
def test_applied_versus_mentioned(text: str, expected: tuple[str, ...]) -> None:
    assert exemptions_of(text) == expected


def test_a_requester_quoting_section_12_in_a_thread_is_not_a_refusal_ground() -> None:
    thread = (
        "Dear Ministry of Housing, Communities and Local Government,\n"
        "If it is not possible to provide the information requested due to the information exceeding the cost of "
        "compliance limits identified in Section\n12, please provide advice and assistance, under the Section 16 "
        "obligations of the Act.\nYours faithfully,\nEmily Ketchin\n\n"
        "Dear Ms Ketchin\nThank you for your request for information concerning All documents. If it is not possible "
        "to provide the information requested due to the information exceeding the cost of compliance limits "
        "identified in Section\n12, please provide advice and assistance.\n"
        "Unfortunately I am unable to provide this information. I have attached my formal response.\n"
    )
    metadata = analyse(FoiInput(text=thread))
    assert metadata.exemptions == ()
    assert metadata.outcome == "refused"
    assert metadata.requester == "Emily Ketchin"


_DESCRIBED_EIR_EXCEPTION = (
    "Information about planning enforcement is environmental information, so your request falls under the EIR. "
    "Regulation 12(4)(b) of the EIR provides that a public authority may refuse to disclose information to the "
    "extent that the request is manifestly unreasonable."
)


@pytest.mark.parametrize(
    ("decision", "outcome", "expected"),
    [
        # A refusal notice must name its ground: the provision a refusal sets out is the one it relies on.
        (
            "We have considered your request, and I am sorry to tell you that we are refusing it. Finding and "
            "reading the 1,900 emails would take about 95 hours of an officer's time.",
            "refused",
            ("eir12(4)(b)",),
        ),
        # A reply that gives everything relies on nothing it describes.
        ("We have considered your request. The enforcement case records are attached in full.", "disclosed", ()),
    ],
)
def test_a_refusal_relies_on_the_provision_it_sets_out(decision: str, outcome: str, expected: tuple[str, ...]) -> None:
    text = f"Dear Mr Varga\n\n{decision}\n\n{_DESCRIBED_EIR_EXCEPTION}\n\nYours sincerely\n\nFOI Team"
    metadata = analyse(FoiInput(text=text, doc_type="email", sender="FOI Team <foi@waverley.gov.uk>"))
    assert (metadata.outcome, metadata.exemptions) == (outcome, expected)
