"""Reply emails in the forms English councils use, each ending with the standard advice paragraphs.

Written for these tests after the shapes of real WhatDoTheyKnow correspondence with
councils: the advice on internal review and the Information Commissioner (FOIA
s17(7) makes every refusal carry it, and most councils put it under every reply),
re-use and privacy notices, and WhatDoTheyKnow's footer under a requester's message.
"""

from __future__ import annotations

from ingest.foi import FoiInput

COUNCIL_MAILBOX = "foi@leeds.gov.uk"
REQUESTER_ADDRESS = "request-912345-6f1e2d3c@whatdotheyknow.com"

REVIEW_AND_ICO = """If you are dissatisfied with the handling of your request, you have the right to ask for an
internal review. Internal review requests should be submitted within 40 working days of the date
of this response and should be addressed to: Information Governance Team, Leeds City Council,
PO Box 837, Leeds LS1 9PZ, or by email to foi@leeds.gov.uk.

If you are not content with the outcome of the internal review, you have the right to apply
directly to the Information Commissioner for a decision under section 50 of the Freedom of
Information Act 2000. The Information Commissioner can be contacted at:

Information Commissioner's Office
Wycliffe House
Water Lane
Wilmslow
Cheshire
SK9 5AF

Telephone: 0303 123 1113
Website: www.ico.org.uk"""

REUSE_AND_PRIVACY = """Re-use of information
Most of the information that we provide in response to Freedom of Information Act 2000 requests
will be subject to copyright protection. You are free to use it for your own purposes, including
any non-commercial research you are doing and for the purposes of news reporting. Information you
receive which is not subject to council copyright may be re-used under the Open Government Licence.

The Council will process any personal data you have provided in accordance with its privacy
notice, available at www.leeds.gov.uk/privacy."""

# A second council's wording of the same advice: the review offer under its own heading.
CAMDEN_ADVICE = """Internal Review
If you are unhappy with the service you have received in relation to your request, or you wish to
complain about our decision to apply an exemption, you may ask for an internal review. Requests for
an internal review should be made within 40 working days to foi@camden.gov.uk.

If you remain dissatisfied following the internal review, you can complain to the Information
Commissioner's Office (ICO), who will consider whether we have complied with our obligations under
the Act. Further information is available at ico.org.uk/make-a-complaint.

Section 16 advice: if you would like help in making a new request, please contact us."""

SIGNATURE = """Yours sincerely,

Information Governance Team
Leeds City Council"""

WRONG_ADDRESS = "Is foi@leeds.gov.uk the wrong address for Freedom of Information requests to Leeds City Council?"
DISCLAIMER = "Disclaimer: This message and any reply that you make will be published on the internet."
WDTK_FOOTER = f"""-------------------------------------------------------------------
Please use this email address for all replies to this request:
{REQUESTER_ADDRESS}

{WRONG_ADDRESS} If so, please contact us using this form:
https://www.whatdotheyknow.com/change_request/new?body=leeds_city_council

{DISCLAIMER} Our privacy and copyright policies:
https://www.whatdotheyknow.com/help/officers

For more detailed guidance on safely disclosing information, read the latest advice from the ICO:
https://www.whatdotheyknow.com/help/ico-guidance-for-authorities

Please note that in some cases publication of requests and responses will be delayed."""


def reply(body: str, subject: str = "RE: Freedom of Information request - Pothole repairs 2022") -> FoiInput:
    """The council's reply email: salutation, body, the advice paragraphs and its signature."""
    text = f"Dear Mr Smith,\n\n{body}\n\n{REVIEW_AND_ICO}\n\n{REUSE_AND_PRIVACY}\n\n{SIGNATURE}\n"
    return FoiInput(text=text, doc_type="email", sender=COUNCIL_MAILBOX, subject=subject)


ACKNOWLEDGEMENT = """Freedom of Information Act 2000 - Request for Information
Reference: FOI 12345

Thank you for your request for information, which we received on 3 May 2023. Your request is
being dealt with under the Freedom of Information Act 2000 and we will respond within 20 working
days, by 1 June 2023 at the latest."""

FULL_DISCLOSURE = """Freedom of Information request - FOI 12346

Thank you for your request received on 2 May 2023. Your request has been considered under the
Freedom of Information Act 2000.

You asked:
1. How many potholes were reported to the Council in 2022?
2. How much did the Council spend on pothole repairs in 2022?

1. Response: 4,312 potholes were reported in 2022.

2. Response: The Council spent £1,245,000 on pothole repairs in 2022."""

PARTIAL_S40 = """Freedom of Information request - FOI 12347

Thank you for your request for a list of consultancy contracts awarded in 2022.

Please find attached a spreadsheet listing the contracts, with their values and suppliers. The
names of officers below Head of Service level have been withheld under section 40(2) of the Act,
as disclosure would breach the data protection principles."""

PARTIAL_HOWEVER = """Freedom of Information request - FOI 12348

We have provided the information we hold in the table below, however the names of individual
social workers are withheld under s.40(2) as they are the personal data of third parties.

Year | Referrals
2021 | 1,204
2022 | 1,388"""

PARTIAL_REMAINDER = """Please find attached the minutes of the Highways Board for 2022. The minutes of the
meeting of 4 March 2022 contain legal advice and the remainder of that document is withheld under
section 42(1) (legal professional privilege)."""

COST_REFUSAL = """Freedom of Information request - FOI 12349

We estimate that the cost of complying with your request would exceed the appropriate limit of
£450, which represents 18 hours of work. The Council is therefore not obliged to comply with your
request, and we are refusing it under section 12 of the Act.

Section 16 advice: you may wish to narrow your request to a single year, which we may be able to
answer within the cost limit."""

S21_POINTER = """The information you have requested is available on our website at
https://www.leeds.gov.uk/council-spending. The information is therefore exempt under section 21
of the Freedom of Information Act 2000 as it is reasonably accessible to you by other means."""

NOT_HELD = """I can confirm that Leeds City Council does not hold the information you have requested.
The Council does not record the make or model of vehicles that park in its car parks."""

EIR_MANIFESTLY_UNREASONABLE = """Your request has been considered under the Environmental Information Regulations 2004
(EIR), as it concerns the state of the land. We consider the request to be manifestly unreasonable
and are relying on the exception at Regulation 12(4)(b), because identifying every planning
enforcement complaint since 1990 would mean a manual search of some 40,000 paper files. We have
considered the public interest test and concluded that the public interest in maintaining the
exception outweighs the public interest in disclosure."""

EIR_COMMERCIAL_PARTIAL = """Your request has been handled under the Environmental Information Regulations 2004.
Please find attached the viability assessment for the Eastgate development. Some of the
information has been redacted as it is exempt under Regulation 12(5)(e) of the Environmental
Information Regulations 2004 (confidentiality of commercial or industrial information)."""

EIR_COMMERCIAL_REFUSED = """Your request has been handled under the Environmental Information Regulations 2004.
The viability assessment is withheld in its entirety under regulation 12(5)(e) of the EIR, as its
disclosure would adversely affect the confidentiality of commercial information provided by the
developer."""

NCND = """The Council can neither confirm nor deny whether it holds the information you have requested.
Section 40(5B)(a)(i) of the Act removes the duty to confirm or deny where doing so would disclose
the personal data of a third party."""

CLARIFICATION = """In order to respond to your request we need some further information. Could you please
confirm which financial years you are interested in, and what you mean by 'grants'? Once we
receive your clarification the 20 working day period will begin again."""

REVIEW_UPHELD = """Internal review - FOI 12350

I have now completed the internal review of the Council's response to your request about the
Eastgate contract. I have considered the application of section 43(2) (commercial interests) and I
am satisfied that it was correctly applied: the original decision is upheld."""

REVIEW_OVERTURNED = """I have reviewed the handling of your request. Having considered the public interest
afresh, I have decided that the original decision should be overturned, and the report is now
disclosed to you in full: please find it attached."""

REVIEW_REQUEST_ACK = """Thank you for your request for an internal review, which we received on 5 June 2023.
We will aim to respond within 20 working days, by 3 July 2023."""

REQUESTER_REVIEW_REQUEST = f"""Dear Leeds City Council,

Please pass this on to the person who conducts Freedom of Information reviews.

I am writing to request an internal review of Leeds City Council's handling of my FOI request
'Pothole repairs 2022'.

You withheld the names of officers under section 40(2), but the names of senior officers should be
released: they are accountable for public spending.

A full history of my FOI request and all correspondence is available on the Internet at this address:
https://www.whatdotheyknow.com/request/pothole_repairs_2022

Yours faithfully,

John Smith

{WDTK_FOOTER}
"""


def requester_mail(text: str, subject: str) -> FoiInput:
    return FoiInput(
        text=text,
        doc_type="email",
        sender=f"John Smith <{REQUESTER_ADDRESS}>",
        subject=subject,
        recipients=(f"FOI requests at Leeds City Council <{COUNCIL_MAILBOX}>",),
    )
