"""Generate a fictional round-robin FOI corpus: one request sent to many police forces, each answering in its own way.

    .venv/bin/python scripts/make_round_robin.py OUT_DIR [--seed N]       # default seed 1

A round robin is one Freedom of Information request sent to many authorities. This script writes:

- `main/<force-id>.{pdf,docx,eml}`: 24 police forces (drawn from the gazetteer with the seed) answer one
  request about section 60 stop and search, 2021-2023: full and partial disclosures, cost-limit and
  law-enforcement refusals, information not held and a section 21 "already published" reply; each force
  with its own letter template, reference style, intro form and drift in how it quotes the request; a third
  text PDFs, a third Word letters, a third email replies (two of them a covering note with the letter as a
  PDF attachment);
- `lookalike/<campaign>-<force-id>.*`: other questions on the same topic (complaints about stop and search,
  body-worn video policy, training costs, section 47A authorisations), each sent to 2-3 forces, which must
  not be grouped with the main request;
- `duplicates/`: a byte-identical copy of one main answer, one main email reply re-sent a week later and one
  main answer re-published as the force's disclosure-log web page;
- `truth.json`: for every file its force (gazetteer id and name), campaign, outcome and exemptions (the
  normal forms of core/codes.py), the letter's reference and date, its format and the file it duplicates.

Every document is invented and marked as a sample. Same seed, same bytes (fixed dates, Message-IDs,
boundaries, PDF metadata). Needs LibreOffice (`soffice`) for the PDFs, like scripts/make_sample_corpus.py,
whose writers it reuses.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.make_sample_corpus import (  # noqa: E402
    SAMPLE_MARK,
    _table_rows,
    write_docx,
    write_eml,
    write_text_pdf,
)

GAZETTEER = ROOT / "ingest" / "foi" / "data" / "authorities.json"
# Not asked: Police Scotland answers under FOISA (other sections, another Commissioner), and the Ministry of
# Defence Police and the Civil Nuclear Constabulary do not use section 60 in the way the request assumes.
EXCLUDED = {"police-scotland", "ministry-of-defence-police", "civil-nuclear-constabulary"}
MAIN_FORCES = 24

REQUESTER = "Thomas Hale"
DEAR_NAMED = "Dear Mr Hale,"
RECEIVED = date(2024, 1, 8)
YEARS = (2021, 2022, 2023)
ETHNICITIES = ("White", "Black or Black British", "Asian or Asian British", "Mixed", "Other ethnic group", "Not stated")

MAIN_TITLE = "Section 60 stop and search 2021-2023"
MAIN_PREAMBLE = "Under the Freedom of Information Act 2000, please provide the following information:"
MAIN_ITEMS = (
    "The number of stop and searches carried out by your force under section 60 of the Criminal Justice and "
    "Public Order Act 1994 in each of the years 2021, 2022 and 2023.",
    "For each year, a breakdown of those searches by the self-defined ethnicity of the person searched.",
    "For each year, how many of those searches led to an arrest.",
)
REQUEST_TEXT = "\n".join(f"{n}. {item}" for n, item in enumerate(MAIN_ITEMS, start=1))

ICO_ADDRESS = "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"

Paragraphs = list[str]


# -- forces ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    domain: str


def police_forces() -> list[Force]:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    return [
        Force(a["id"], a["name"], a["domains"][0])
        for a in data["authorities"]
        if a["kind"] == "police_force" and a["domains"] and a["id"] not in EXCLUDED
    ]


_LARGE = {
    "metropolitan-police": (2500, 6500),
    "west-midlands-police": (300, 900),
    "merseyside-police": (400, 1200),
    "greater-manchester-police": (150, 500),
    "west-yorkshire-police": (100, 400),
    "south-yorkshire-police": (60, 250),
    "thames-valley-police": (40, 200),
    "essex-police": (60, 260),
    "british-transport-police": (80, 300),
}


# -- how each force writes ------------------------------------------------------------------------------------


def _met_style(n: int) -> str:
    return f"01.FOI.24.{n:06d}"


def _ref_styles() -> list[Callable[[int], str]]:
    """Reference formats in the styles forces use (the Metropolitan Police's own format is kept for it)."""
    return [
        lambda n: f"FOI 2024/{n:05d}",
        lambda n: f"{n:06d}/24",
        lambda n: f"FOI-24-{n % 10000:04d}",
        lambda n: f"CS/FOI/2024/{n % 1000:03d}",
        lambda n: f"FOI/{n % 10000:04d}/24",
        lambda n: f"F-2024-{n % 100000:05d}",
        lambda n: f"FOIA {n % 1000:03d}/24",
        lambda n: f"HQ/FOI/{n % 10000:04d}/24",
        lambda n: f"FOI{n % 10000:04d}-24",
        lambda n: f"RFI 2024-{n % 10000:04d}",
        lambda n: f"FOI 000{n % 1000:03d}-24",
    ]


REF_LABELS = (
    "Freedom of Information Request Reference No: {ref}",
    "Our Ref: {ref}",
    "Reference: {ref}",
    "FOI Reference: {ref}",
    "Request reference number: {ref}",
    "Freedom of Information Request Reference No: {ref}",
)

UNITS = (
    "Freedom of Information Unit",
    "Information Rights Unit",
    "Information Management Department",
    "Information Compliance Unit",
    "Corporate Services - Freedom of Information",
    "Public Access Office",
)

MAILBOXES = ("foi", "freedomofinformation", "foi.requests", "information.rights", "foi.unit", "publicaccess")

STAFF = (
    ("Karen Whitlock", "Freedom of Information Officer"),
    ("Daniel Mbeki-Shaw", "Information Rights Officer"),
    ("Susan Pennington", "Disclosure Officer"),
    ("Gareth Llewellyn", "Freedom of Information Decision Maker"),
    ("Aisha Rahman", "Information Access Officer"),
    ("Mark Tremayne", "Freedom of Information Officer"),
    ("Joanne Felton", "Information Compliance Officer"),
    ("Stuart McAllister", "Legal Services Officer (FOI)"),
    ("Helen Okafor", "Freedom of Information Advisor"),
    ("Paul Redfern", "Information Rights Manager"),
    ("Rachel Goodall", "Disclosure Officer"),
    ("Imran Siddiqui", "Freedom of Information Officer"),
    ("Claire Ashworth", "Information Access Officer"),
    ("Neil Hargreaves", "FOI Decision Maker"),
    ("Emma Castellano", "Information Rights Officer"),
    ("Robert Kitson", "Freedom of Information Team Leader"),
)


def _date_formats() -> list[Callable[[date], str]]:
    return [
        lambda d: f"{d.day} {d:%B %Y}",
        lambda d: f"{d:%d/%m/%Y}",
        lambda d: f"{d.day}{_suffix(d.day)} {d:%B %Y}",
        lambda d: f"{d:%A} {d.day} {d:%B %Y}",
        lambda d: f"{d:%d %b %Y}",
        lambda d: f"{d:%d %B %Y}",
    ]


def _suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


INTROS = ("you_asked", "as_follows", "request_label", "i_note", "in_your_email", "considered", "q_numbered")
ANSWER_LABELS = ("Response:", "Our response:", "Answer:", "Response", "Decision", "")
CLOSINGS = ("npcc", "short", "headed")


@dataclass
class Voice:
    """One force's letter template."""

    ref: str
    ref_style: Callable[[int], str]
    ref_label: str
    date_text: Callable[[date], str]
    dear: str
    intro: str
    answer_label: str
    closing: str
    unit: str
    mailbox: str
    staff: tuple[str, str]

    def signature(self, force: Force) -> str:
        return f"{self.staff[0]}\n{self.staff[1]}\n{self.unit}\n{force.name}"


def _voices(rng: random.Random, forces: Sequence[Force], refs_taken: set[str]) -> dict[str, Voice]:
    """A template for each force: its parts dealt from shuffled decks so that every form occurs."""

    def deck(items: Sequence[Any], n: int) -> list[Any]:
        out: list[Any] = []
        while len(out) < n:
            chunk = list(items)
            rng.shuffle(chunk)
            out.extend(chunk)
        return out[:n]

    n = len(forces)
    styles = deck(_ref_styles(), n)
    labels, dates, intros = deck(REF_LABELS, n), deck(_date_formats(), n), deck(INTROS, n)
    answers, closings, units = deck(ANSWER_LABELS, n), deck(CLOSINGS, n), deck(UNITS, n)
    mailboxes, staff = deck(MAILBOXES, n), deck(STAFF, n)
    dears = deck((DEAR_NAMED, DEAR_NAMED, DEAR_NAMED, "Dear Requester,"), n)
    voices = {}
    for i, force in enumerate(forces):
        if force.id == "metropolitan-police":
            styles[i] = _met_style
        while (ref := styles[i](rng.randrange(100, 99999))) in refs_taken:
            pass
        refs_taken.add(ref)
        voices[force.id] = Voice(
            ref=ref,
            ref_style=styles[i],
            ref_label=labels[i],
            date_text=dates[i],
            dear=dears[i],
            intro=intros[i],
            answer_label=answers[i],
            closing=closings[i],
            unit=units[i],
            mailbox=mailboxes[i],
            staff=staff[i],
        )
    return voices


def _fresh_ref(rng: random.Random, voice: Voice, refs_taken: set[str]) -> str:
    """Another reference in the same force's style (for a second request to the same force)."""
    while (ref := voice.ref_style(rng.randrange(100, 99999))) in refs_taken:
        pass
    refs_taken.add(ref)
    return ref


# -- figures --------------------------------------------------------------------------------------------------


@dataclass
class Year:
    ethnicity: dict[str, int]
    arrests: int

    @property
    def total(self) -> int:
        return sum(self.ethnicity.values())


def _figures(rng: random.Random, force: Force, small: bool = False) -> dict[int, Year]:
    lo, hi = (6, 30) if small else _LARGE.get(force.id, (15, 140))
    out = {}
    for year in YEARS:
        total = rng.randint(lo, hi)
        shares = [rng.uniform(0.45, 0.7), rng.uniform(0.1, 0.35), rng.uniform(0.05, 0.2)]
        shares += [rng.uniform(0.03, 0.08), rng.uniform(0.01, 0.04)]
        counts = [int(total * s / sum(shares) * 0.93) for s in shares]
        counts.append(max(0, total - sum(counts)))
        out[year] = Year(dict(zip(ETHNICITIES, counts, strict=True)), round(total * rng.uniform(0.03, 0.11)))
    return out


def _fmt(n: int) -> str:
    return f"{n:,}"


def _ethnicity_table(figures: dict[int, Year], suppress: bool = False) -> str:
    def cell(n: int) -> str:
        return "*" if suppress and 0 < n < 5 else _fmt(n)

    rows = ["Self-defined ethnicity | " + " | ".join(str(y) for y in YEARS)]
    for name in ETHNICITIES:
        rows.append(f"{name} | " + " | ".join(cell(figures[y].ethnicity[name]) for y in YEARS))
    rows.append("Total searches | " + " | ".join(_fmt(figures[y].total) for y in YEARS))
    rows.append("Resulting in arrest | " + " | ".join(_fmt(figures[y].arrests) for y in YEARS))
    return "\n".join(rows)


def _totals_table(figures: dict[int, Year], years: Sequence[int] = YEARS) -> str:
    rows = ["Year | Section 60 searches | Resulting in arrest"]
    rows += [f"{y} | {_fmt(figures[y].total)} | {_fmt(figures[y].arrests)}" for y in years]
    return "\n".join(rows)


# -- the quoted request and its drift ------------------------------------------------------------------------

DRIFTS = ("verbatim", "verbatim_quoted", "prose", "abbreviated", "range", "prefixed", "lettered")


def quoted_request(drift: str) -> Paragraphs:
    """How a force restates the request: the same question, written as that force wrote it."""
    numbered = [f"{n}. {item}" for n, item in enumerate(MAIN_ITEMS, start=1)]
    if drift == "verbatim":
        return [MAIN_PREAMBLE, *numbered]
    if drift == "verbatim_quoted":
        return [f'"{numbered[0]}', *numbered[1:-1], f'{numbered[-1]}"']
    if drift == "prose":
        return [
            "The number of stop and searches carried out under section 60 of the Criminal Justice and Public "
            "Order Act 1994 in each of the years 2021, 2022 and 2023, broken down by the self-defined ethnicity "
            "of the person searched, and how many of those searches led to an arrest."
        ]
    if drift == "abbreviated":
        return [
            "1. Number of s.60 CJPOA stop & searches in 2021, 2022 and 2023.",
            "2. Breakdown of those stop & searches by self-defined ethnicity.",
            "3. Number of those searches resulting in arrest.",
        ]
    if drift == "range":
        return [
            "1. The number of stop and searches carried out by your force under section 60 of the Criminal "
            "Justice and Public Order Act 1994 from 2021 to 2023.",
            "2. For each year, a breakdown of those searches by the self-defined ethnicity of the person searched.",
            "3. For each year, how many of those searches led to an arrest.",
        ]
    if drift == "prefixed":
        return [
            "You asked for information regarding stop and search. Specifically:",
            "- the number of section 60 (Criminal Justice and Public Order Act 1994) stop and searches in each "
            "of 2021, 2022 and 2023;",
            "- a breakdown of those searches by the self-defined ethnicity of the person searched; and",
            "- how many of those searches led to an arrest.",
        ]
    if drift == "lettered":
        return [
            "a) The number of stop and searches carried out under section 60 of the Criminal Justice and Public "
            "Order Act 1994 in each of 2021, 2022 and 2023.",
            "b) For each year, the self-defined ethnicity of the people searched.",
            "c) For each year, how many of those searches led to an arrest.",
        ]
    raise ValueError(drift)


Q_ITEMS = (
    "How many stop and searches were carried out under section 60 of the Criminal Justice and Public Order Act "
    "1994 in each of 2021, 2022 and 2023?",
    "For each year, please break those searches down by the self-defined ethnicity of the person searched.",
    "For each year, how many of those searches led to an arrest?",
)


# -- letter bodies: what each outcome says -------------------------------------------------------------------


@dataclass
class Answer:
    outcome: str
    exemptions: list[str]
    body: Paragraphs
    q_answers: list[Paragraphs] | None = None  # per question, for the "Q1/A1" form


def _year_list(figures: dict[int, Year], attr: str) -> str:
    values = [f"{_fmt(getattr(figures[y], attr) if attr != 'total' else figures[y].total)} in {y}" for y in YEARS]
    return f"{values[0]}, {values[1]} and {values[2]}"


def answer_disclosed(force: Force, figures: dict[int, Year], variant: int, extracted: date) -> Answer:
    note = (
        f"Please note that figures are taken from the {force.name} stop and search recording system as at "
        f"{extracted.day} {extracted:%B %Y} and may differ slightly from those published by the Home Office, "
        "because records are corrected after publication. Ethnicity is as defined by the person searched."
    )
    if variant == 0:
        body = [
            f"{force.name} holds the information you have requested. The figures are set out in the table below.",
            _ethnicity_table(figures),
            note,
        ]
    elif variant == 1:
        body = [
            "I can confirm that we hold information relevant to your request. Officers carried out "
            f"{_year_list(figures, 'total')} searches under section 60. Of these, {_year_list(figures, 'arrests')} "
            "resulted in an arrest.",
            "The breakdown by self-defined ethnicity is shown below.",
            _ethnicity_table(figures),
            note,
        ]
    else:
        body = [
            "Please find below the information we hold.",
            _totals_table(figures),
            "Section 60 searches by self-defined ethnicity of the person searched:",
            "\n".join(
                ["Self-defined ethnicity | " + " | ".join(str(y) for y in YEARS)]
                + [f"{e} | " + " | ".join(_fmt(figures[y].ethnicity[e]) for y in YEARS) for e in ETHNICITIES]
            ),
            note,
        ]
    q = [
        [f"{_year_list(figures, 'total')}."],
        ["Please see the table below.", _ethnicity_table(figures)],
        [f"{_year_list(figures, 'arrests')}."],
    ]
    return Answer("disclosed", [], body, q_answers=q)


def answer_partial(force: Force, figures: dict[int, Year], variant: str) -> Answer:
    if variant == "s40_withheld":
        wording = (
            "Section 40(2) - Personal Information",
            "The breakdown by self-defined ethnicity is withheld. The number of section 60 searches in our "
            "area is small, several ethnicity categories contain fewer than five people, and the dates and "
            "locations of section 60 authorisations are published. Together these could identify the people "
            "searched. This is their personal data and is exempt from disclosure under section 40(2) of the "
            "Act, as disclosure would breach the first data protection principle (lawful, fair and transparent "
            "processing). Section 40(2) is an absolute exemption and no public interest test is required.",
        )
        body = [
            f"{force.name} holds the information you have requested. The total number of section 60 searches "
            "and the number that led to an arrest are provided below.",
            _totals_table(figures),
            *wording,
        ]
        q = [[f"{_year_list(figures, 'total')}."], [wording[1]], [f"{_year_list(figures, 'arrests')}."]]
        return Answer("partially_disclosed", ["s40(2)"], body, q_answers=q)
    if variant == "s40_suppressed":
        body = [
            "Please find the information we hold in the table below.",
            _ethnicity_table(figures, suppress=True),
            "* Figures of one to four have been suppressed. With numbers this small, and the published times "
            "and places of section 60 authorisations, the people searched could be identified. These figures "
            "are their personal data and are withheld under section 40(2) of the Freedom of Information Act "
            "2000; the exemption is absolute and no public interest test is required.",
        ]
        return Answer("partially_disclosed", ["s40(2)"], body)
    if variant == "s31":
        years_given = YEARS[:2]
        body = [
            "Some of the information you requested is exempt. The figures for 2021 and 2022 are set out below.",
            "\n".join(
                ["Self-defined ethnicity | 2021 | 2022"]
                + [f"{e} | " + " | ".join(_fmt(figures[y].ethnicity[e]) for y in years_given) for e in ETHNICITIES]
                + ["Resulting in arrest | " + " | ".join(_fmt(figures[y].arrests) for y in years_given)]
            ),
            f"For 2023 we can tell you that {_fmt(figures[2023].total)} section 60 searches were carried out. The "
            "breakdown of the 2023 searches by ethnicity and outcome is withheld under sections 31(1)(a) and "
            "31(1)(b) of the Act (law enforcement). Every 2023 search took place under authorisations linked to "
            "a single ongoing operation against organised violence, and the breakdown, read with local reporting "
            "of that operation, would show who officers were targeting and to what effect, prejudicing the "
            "prevention or detection of crime and the apprehension or prosecution of offenders.",
            "Section 31 is a qualified exemption and we have considered the public interest. Disclosure would "
            "inform public debate about the fair use of stop and search. Against this, the operation is not yet "
            "concluded and the force will not reveal information that may assist offenders. On balance the public "
            "interest favours withholding the 2023 breakdown at this time.",
        ]
        return Answer("partially_disclosed", ["s31(1)(a)", "s31(1)(b)"], body)
    if variant == "s21_part":
        body = [
            "Figures for 2021 and 2022 are published by the Home Office in its annual 'Police powers and "
            "procedures: stop and search and arrests' statistics on gov.uk, which give the number of section 60 "
            "searches for each force by self-defined ethnicity and by outcome. As this information is reasonably "
            "accessible to you by other means it is exempt under section 21 of the Act. The tables can be found "
            "at https://www.gov.uk/government/collections/police-powers-and-procedures-england-and-wales",
            "The Home Office figures for 2023 had not been published when we received your request, so we "
            "provide them below.",
            "\n".join(
                ["Self-defined ethnicity | 2023"]
                + [f"{e} | {_fmt(figures[2023].ethnicity[e])}" for e in ETHNICITIES]
                + [
                    f"Total searches | {_fmt(figures[2023].total)}",
                    f"Resulting in arrest | {_fmt(figures[2023].arrests)}",
                ]
            ),
        ]
        return Answer("partially_disclosed", ["s21"], body)
    raise ValueError(variant)


def answer_cost_limit(force: Force, figures: dict[int, Year], variant: int) -> Answer:
    records = sum(figures[y].total for y in YEARS)
    minutes = (4, 5, 6)[variant % 3]
    hours = records * minutes / 60
    if variant % 2 == 0:
        body = [
            "Section 12(1) of the Freedom of Information Act 2000 does not oblige a public authority to comply "
            "with a request if it estimates that the cost of complying would exceed the appropriate limit. For "
            "police forces the limit is £450, which equates to 18 hours of work at £25 per hour.",
            "Our stop and search records do not link the outcome of a search to custody records, and the power "
            f"used is held as free text. To identify the section 60 searches and their outcomes, about {records:,} "
            f"search records from 2021 to 2023 would have to be read individually. A sample showed that this takes "
            f"about {minutes} minutes a record, {hours:,.0f} hours in all, well over the 18 hour limit.",
            "In accordance with the Freedom of Information Act 2000, this letter represents a Refusal Notice for "
            "this particular request.",
            "Under section 16 of the Act we are required to provide advice and assistance. You may wish to "
            "refine your request, for example to the number of section 60 searches in a single year, which we may "
            "be able to answer within the cost limit.",
        ]
    else:
        body = [
            "I regret that we are unable to provide the information you requested, as to do so would exceed the "
            "cost limit set by section 12 of the Act (£450, or 18 hours of staff time).",
            "Ethnicity and arrest outcomes are recorded, but not against the legal power used for the search. "
            f"Retrieving them would mean checking around {records:,} records by hand; at an estimated {minutes} "
            f"minutes each this would take about {hours:,.0f} hours.",
            "This letter is a refusal notice under section 17(5) of the Act. If you narrow your request, for "
            "instance to the total number of section 60 searches in each year without the breakdowns, we will "
            "consider it again.",
        ]
    return Answer("refused", ["s12(1)" if variant % 2 == 0 else "s12"], body)


def answer_s31_refused(force: Force) -> Answer:
    body = [
        "In accordance with the Freedom of Information Act 2000, this letter represents a Refusal Notice for this "
        "particular request. The information you have requested is exempt under section 31(1)(a) of the Act.",
        "Section 31(1)(a) - Law Enforcement",
        f"Between 2021 and 2023 {force.name} made only a handful of section 60 authorisations, each for a "
        "specific operation against knife crime in a named area. The number of searches by year, ethnicity and "
        "arrest, read with media reports of those operations, would show how many officers were deployed and "
        "how successful they were, and would help offenders to avoid detection in future. Disclosure would "
        "therefore be likely to prejudice the prevention or detection of crime.",
        "Public interest test: there is a public interest in openness about the use of stop and search powers and "
        "their effect on different communities. However, the public interest in not undermining future "
        "operations is stronger, and we have concluded that the balance lies in favour of withholding the "
        "information.",
    ]
    return Answer("refused", ["s31(1)(a)"], body)


def answer_not_held(force: Force, variant: int) -> Answer:
    body = [
        [
            f"I can confirm that {force.name} does not hold the information you have requested. Searches under "
            "section 60 are not recorded as a separate category on our stop and search system, and no central "
            "record of them is kept.",
        ],
        [
            "Having searched the relevant systems, I can advise that this information is not held. Until 2024 the "
            "power used for a search was recorded on a paper form that was kept at the officer's station for 12 "
            "months and then destroyed in line with our retention schedule; it was never entered on a central "
            "system.",
        ],
        [
            f"Following enquiries with our Operational Support department, {force.name} holds no information "
            "within the scope of your request. No section 60 authorisation was made in our force area between 2021 "
            "and 2023, so no searches under that power were recorded.",
        ],
    ][variant % 3]
    return Answer("not_held", [], body)


def answer_s21(force: Force) -> Answer:
    body = [
        "The information you have requested is already published. The Home Office publishes, for each police "
        "force, the number of searches under section 60 by the self-defined ethnicity of the person searched and "
        "by outcome, including arrest, in 'Police powers and procedures: stop and search and arrests', with open "
        "data tables, at https://www.gov.uk/government/collections/police-powers-and-procedures-england-and-wales",
        f"Individual stop and search records for {force.name}, including the legislation used, self-defined "
        "ethnicity and outcome, are also available on https://data.police.uk",
        "As the information is reasonably accessible to you by other means, it is exempt under section 21 of the "
        "Freedom of Information Act 2000 and this letter serves as a refusal notice.",
    ]
    return Answer("refused", ["s21"], body)


# -- closing paragraphs ---------------------------------------------------------------------------------------


def closing(kind: str, force: Force) -> Paragraphs:
    if kind == "npcc":
        return [
            "Complaint Rights",
            "If you are dissatisfied with the response you have been provided with, you can ask for the decision "
            f"to be reviewed by {force.name} within 40 working days of the date of this response. If you remain "
            "dissatisfied after the internal review, you may complain to the Information Commissioner's Office, "
            f"{ICO_ADDRESS}.",
            "The information supplied to you continues to be protected by copyright. You are free to use it for "
            "your own purposes; any other re-use, for example commercial publication, requires the permission "
            "of the copyright holder.",
        ]
    if kind == "short":
        return [
            "If you are unhappy with how your request has been handled you may ask for an internal review within "
            "40 working days of the date of this letter. If you are still dissatisfied after the review you can "
            "complain to the Information Commissioner's Office (www.ico.org.uk).",
            "This information is Crown copyright and may be re-used under the Open Government Licence.",
        ]
    return [
        "Your right to request an internal review",
        "If you are dissatisfied with this response you may request an internal review, in writing, within 40 "
        "working days of the date of this letter, quoting the reference above.",
        "Your right to complain to the Information Commissioner",
        "If you remain dissatisfied after the internal review you may complain to the Information Commissioner's "
        "Office at www.ico.org.uk.",
        "Re-use of information: the information provided is subject to copyright and may be re-used under the "
        "Open Government Licence unless otherwise stated.",
    ]


SIGN_OFFS = ("Yours sincerely,", "Yours sincerely", "Kind regards,", "Regards,")


# -- assembling one letter ------------------------------------------------------------------------------------


@dataclass
class Letter:
    force: Force
    voice: Voice
    ref: str
    when: date
    received: date
    heading: str  # the subject line a force puts under the salutation
    intro: Paragraphs  # the intro and quoted request (or the Q/A block)
    body: Paragraphs
    close: Paragraphs
    sign_off: str
    intro_form: str = ""

    def paragraphs(
        self, *, letterhead: bool = True, dated: bool = True, dear: bool = True, joined_signature: bool = False
    ) -> Paragraphs:
        out: Paragraphs = []
        if letterhead:
            out.append(
                "\n".join(
                    [
                        self.force.name.upper(),
                        self.voice.unit,
                        "Police Headquarters",
                        f"Email: {self.voice.mailbox}@{self.force.domain}",
                    ]
                )
            )
        if dated:
            out.append(self.voice.date_text(self.when))
        out.append(self.voice.ref_label.format(ref=self.ref))
        if dear:
            out.append(self.voice.dear)
        if self.heading:
            out.append(self.heading)
        out += self.intro
        out += self.body
        out += self.close
        if joined_signature:  # a plain-text email keeps the signature's lines together
            out.append(f"{self.sign_off}\n\n{self.voice.signature(self.force)}")
        else:  # a Word paragraph has no inner line breaks: one paragraph a line
            out += [self.sign_off, *self.voice.signature(self.force).split("\n")]
        return out


def build_intro(
    voice: Voice, force: Force, received: date, request: Paragraphs, q_items: Sequence[str] | None
) -> tuple[Paragraphs, bool]:
    """(intro paragraphs with the quoted request and answer label, whether the body goes under Q/A pairs)."""
    recv = voice.date_text(received)
    label = [voice.answer_label] if voice.answer_label else []
    if request[0].startswith("You asked for information regarding"):
        return [f"Thank you for your request for information received on {recv}.", *request, *label], False
    if voice.intro == "you_asked" or (voice.intro == "q_numbered" and not q_items):
        return [f"Thank you for your request for information received on {recv}. You asked:", *request, *label], False
    if voice.intro == "as_follows":
        return [f"Thank you for your email dated {recv}. Your request was as follows:", *request, *label], False
    if voice.intro == "request_label":
        return [f"We received your request on {recv}.", "Request:", *request, voice.answer_label or "Response:"], False
    if voice.intro == "i_note":
        return [
            f"I write in connection with your request for information received by {force.name} on {recv}. I note "
            "you seek access to the following information:",
            *request,
            *label,
        ], False
    if voice.intro == "in_your_email":
        return [
            f"Your request has been dealt with under the Freedom of Information Act 2000. In your email of {recv} "
            "you requested the following:",
            *request,
            *label,
        ], False
    if voice.intro == "considered":
        return ["Your request for information has been considered. You asked for:", *request, *label], False
    if voice.intro == "q_numbered":
        return [
            f"Thank you for your request of {recv}, which we have dealt with under the Freedom of Information Act "
            "2000. Your questions and our answers are set out below."
        ], True
    raise ValueError(voice.intro)


def q_block(q_items: Sequence[str], answer: Answer) -> Paragraphs:
    out: Paragraphs = []
    if answer.q_answers:
        for n, (q, a) in enumerate(zip(q_items, answer.q_answers, strict=True), start=1):
            out.append(f"Q{n}. {q}")
            out.append(f"A{n}. {a[0]}")
            out += a[1:]
        return out
    out += [f"Q{n}. {q}" for n, q in enumerate(q_items, start=1)]
    out.append("Response")
    out += answer.body
    return out


def make_letter(
    force: Force,
    voice: Voice,
    ref: str,
    when: date,
    received: date,
    request: Paragraphs,
    q_items: Sequence[str] | None,
    answer: Answer,
    heading: str,
    sign_off: str,
) -> Letter:
    intro, q_form = build_intro(voice, force, received, request, q_items)
    body = q_block(q_items, answer) if q_form and q_items else list(answer.body)
    if request[0].startswith("You asked for information regarding"):
        form = "prefixed"
    elif voice.intro == "q_numbered" and not q_form:
        form = "you_asked"
    else:
        form = voice.intro
    close = closing(voice.closing, force)
    return Letter(force, voice, ref, when, received, heading, intro, body, close, sign_off, form)


# -- rendering ------------------------------------------------------------------------------------------------


def plain_paragraph(paragraph: str) -> str:
    """A paragraph as an email body shows it: tables as aligned columns."""
    rows = _table_rows(paragraph)
    if not rows:
        return paragraph
    widths = [max(len(r[c]) for r in rows if c < len(r)) for c in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row)).rstrip() for row in rows)


def plain_text(paragraphs: Paragraphs) -> str:
    return "\n\n".join(plain_paragraph(p) for p in paragraphs) + "\n"


EMAIL_DISCLAIMER = (
    "This email and any attachments are confidential and intended solely for the addressee. If you have received "
    "it in error please notify the sender and delete it. Communications with {force} may be monitored and recorded."
)


def _email_time(d: date, rng: random.Random) -> datetime:
    return datetime(d.year, d.month, d.day, rng.randint(8, 17), rng.choice((2, 11, 17, 24, 36, 41, 53)), 0, tzinfo=UTC)


def _wdtk_address(rng: random.Random, request_id: int) -> str:
    return f"foi+request-{request_id}-{rng.getrandbits(32):08x}@whatdotheyknow.com"


@dataclass
class Sent:
    """What an email reply needs beyond the letter."""

    to: str
    title: str
    request_id: int


def email_subject(rng_choice: int, title: str, ref: str) -> str:
    forms = (
        f"RE: Freedom of Information request - {title}",
        f"RE: Freedom of Information request - {title} [{ref}]",
        f"Freedom of Information Request {ref} - Response",
        f"RE: Freedom of Information request - {title}",
        f"FOI {ref} - Final Response" if not ref.upper().startswith("FOI") else f"{ref} - Final Response",
    )
    return forms[rng_choice % len(forms)]


def write_letter_email(
    path: Path, letter: Letter, sent: Sent, stamp: datetime, subject: str, *, body_prefix: str = "", mid: str = ""
) -> str:
    """The letter as the body of an email reply. Returns the Message-ID."""
    force, voice = letter.force, letter.voice
    paragraphs = letter.paragraphs(letterhead=False, dated=False, joined_signature=True)
    # An email letter opens with its salutation, then the reference.
    paragraphs = [paragraphs[1], paragraphs[0], *paragraphs[2:]]
    body = plain_text(paragraphs)
    body += "\n" + EMAIL_DISCLAIMER.format(force=force.name) + "\n\n" + SAMPLE_MARK + ".\n"
    if body_prefix:
        body = body_prefix + "\n\n" + body
    message_id = mid or f"<{_slug(letter.ref)}.{stamp:%Y%m%d%H%M}@{force.domain}>"
    write_eml(
        path,
        sender=f"{force.name} {voice.unit} <{voice.mailbox}@{force.domain}>",
        to=f"{REQUESTER} <{sent.to}>",
        subject=subject,
        date=format_datetime(stamp),
        body=body,
        message_id=message_id,
        in_reply_to=f"<request-{sent.request_id}@whatdotheyknow.com>",
    )
    return message_id


def write_cover_email(path: Path, letter: Letter, sent: Sent, stamp: datetime, subject: str, pdf_name: str) -> None:
    force, voice = letter.force, letter.voice
    dear = voice.dear
    with tempfile.TemporaryDirectory(prefix="foi-rr-") as tmp:
        pdf = write_text_pdf(
            Path(tmp) / pdf_name, letter.paragraphs(), title=f"{force.name} FOI response {letter.ref} (sample)"
        )
        body = (
            f"{dear}\n\nPlease find attached our response to your request for information, reference {letter.ref}.\n\n"
            f"{SIGN_OFFS[2]}\n\n{voice.signature(force)}\n\n"
            + EMAIL_DISCLAIMER.format(force=force.name)
            + f"\n\n{SAMPLE_MARK}.\n"
        )
        write_eml(
            path,
            sender=f"{force.name} {voice.unit} <{voice.mailbox}@{force.domain}>",
            to=f"{REQUESTER} <{sent.to}>",
            subject=subject,
            date=format_datetime(stamp),
            body=body,
            message_id=f"<{_slug(letter.ref)}.{stamp:%Y%m%d%H%M}@{force.domain}>",
            in_reply_to=f"<request-{sent.request_id}@whatdotheyknow.com>",
            attachments=[(pdf_name, pdf.read_bytes(), "application/pdf")],
        )


def _slug(text: str) -> str:
    return "".join(c.lower() if c.isalnum() else "-" for c in text).strip("-")


def write_disclosure_log_page(path: Path, letter: Letter, title: str, published: date) -> Path:
    """The letter re-published on the force's website: navigation, breadcrumb and footer around it."""
    force = letter.force
    paragraphs = letter.paragraphs(letterhead=False, dear=False, joined_signature=True)

    def block(p: str) -> str:
        rows = _table_rows(p)
        if rows:
            head, *data = rows
            cells = "".join(f"<th>{escape(c)}</th>" for c in head)
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>\n" for r in data)
            return (
                f'      <table class="foi-table"><thead><tr>{cells}</tr></thead><tbody>\n{body}      </tbody></table>\n'
            )
        return "      <p>" + escape(p).replace("\n", "<br>") + "</p>\n"

    content = "".join(block(p) for p in paragraphs)
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{escape(title)} | Disclosure log | {escape(force.name)}</title>
</head>
<body>
  <a class="skip-link" href="#main-content">Skip to main content</a>
  <header class="site-header" role="banner">
    <div class="site-header__logo">{escape(force.name)}</div>
    <nav class="main-navigation" role="navigation">
      <ul><li><a href="/report">Report</a></li><li><a href="/contact">Contact us</a></li>
      <li><a href="/news">News</a></li><li><a href="/about-us">About us</a></li>
      <li><a href="/foi-ai/af/accessing-information/">Freedom of Information</a></li></ul>
    </nav>
  </header>
  <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> &gt; <a href="/foi-ai/">About us</a> &gt;
    <a href="/foi-ai/disclosure-log/">Disclosure log</a> &gt; {escape(title)}</nav>
  <main id="main-content">
    <h1>{escape(title)}</h1>
    <dl class="disclosure-meta">
      <dt>Reference</dt><dd>{escape(letter.ref)}</dd>
      <dt>Date published</dt><dd>{published.day} {published:%B %Y}</dd>
      <dt>Category</dt><dd>Operational policing</dd>
    </dl>
    <div class="disclosure-body">
{content}    </div>
    <p class="sample-notice">{escape(SAMPLE_MARK)}. Every name, reference and figure is invented.</p>
  </main>
  <footer class="site-footer" role="contentinfo">
    <ul><li><a href="/accessibility">Accessibility</a></li><li><a href="/cookies">Cookies</a></li>
    <li><a href="/privacy">Privacy notice</a></li><li><a href="/terms">Terms and conditions</a></li></ul>
    <p>&copy; {escape(force.name)} 2024 (sample)</p>
  </footer>
</body>
</html>
"""
    path.write_text(html, encoding="utf-8")
    return path


# -- look-alike requests: same topic, another question ----------------------------------------------------------


@dataclass
class Lookalike:
    label: str
    title: str
    requester_dear: str
    items: tuple[str, ...]
    answers: list[Callable[[Force, random.Random], Answer]] = field(default_factory=list)
    formats: tuple[str, ...] = ()


def _complaints_disclosed(force: Force, rng: random.Random) -> Answer:
    rows = ["Year | Complaints received | Upheld"]
    for y in YEARS:
        received = rng.randint(8, 60)
        rows.append(f"{y} | {received} | {rng.randint(0, max(1, received // 6))}")
    return Answer(
        "disclosed",
        [],
        [
            f"{force.name} holds the information you have requested. The number of complaints in which an "
            "allegation about the use of stop and search was recorded, and how many of those were upheld, is "
            "shown below.",
            "\n".join(rows),
            "A complaint may contain more than one allegation; each complaint is counted once, in the year it was "
            "recorded.",
        ],
    )


def _complaints_cost(force: Force, rng: random.Random) -> Answer:
    n = rng.randint(900, 1600)
    return Answer(
        "refused",
        ["s12"],
        [
            "Complaints are recorded on our Centurion system by allegation category, and there is no category "
            f"for stop and search. To answer your request we would have to read the {n:,} complaint files recorded "
            "from 2021 to 2023. At 3 minutes a file this would take about "
            f"{n * 3 / 60:,.0f} hours, exceeding the cost limit of 18 hours (£450) under section 12 of the Act.",
            "This letter is therefore a refusal notice. You may wish to ask for a single year, or for complaints "
            "recorded under the 'use of police powers' category, which we could consider within the limit.",
        ],
    )


def _bwv_disclosed(force: Force, rng: random.Random) -> Answer:
    return Answer(
        "disclosed",
        [],
        [
            f"Please find attached a copy of the {force.name} Body Worn Video policy (version "
            f"{rng.randint(3, 7)}.{rng.randint(0, 3)}), "
            "which includes the guidance on recording stop and search encounters at section 6. The policy is "
            "provided in full.",
        ],
    )


def _bwv_s21(force: Force, rng: random.Random) -> Answer:
    return Answer(
        "refused",
        ["s21"],
        [
            "The policy you have requested is published on our website in the Publication Scheme, under 'Our "
            f"policies and procedures': https://www.{force.domain}/foi-ai/af/policies/body-worn-video/",
            "As this information is reasonably accessible to you by other means, it is exempt from disclosure "
            "under section 21 of the Freedom of Information Act 2000.",
        ],
    )


def _bwv_partial(force: Force, rng: random.Random) -> Answer:
    return Answer(
        "partially_disclosed",
        ["s31(1)(a)"],
        [
            "Please find attached our Body Worn Video Standard Operating Procedure, which covers stop and search.",
            "Some tactical information in sections 4.3 and 7 (the circumstances in which cameras may be switched "
            "off during covert deployments) has been redacted under section 31(1)(a), as its release would be "
            "likely to prejudice the prevention or detection of crime. Having weighed the public interest in "
            "transparency against that in effective policing, we consider the redactions justified.",
        ],
    )


def _training_disclosed(force: Force, rng: random.Random) -> Answer:
    rows = ["Financial year | Cost of stop and search training"]
    for fy in ("2021/22", "2022/23", "2023/24"):
        rows.append(f"{fy} | £{rng.randint(4, 60) * 1000 + rng.randint(0, 999):,}")
    return Answer(
        "disclosed",
        [],
        [
            "Stop and search training is delivered by our own Learning and Development department, through the "
            "College of Policing package and a locally written refresher. The costs below are trainers' time and "
            "materials; officers' time while being trained is not included.",
            "\n".join(rows),
        ],
    )


def _training_not_held(force: Force, rng: random.Random) -> Answer:
    return Answer(
        "not_held",
        [],
        [
            f"{force.name} does not hold this information. Stop and search training forms part of officer safety "
            "training and the initial police learning programme, and its cost is not recorded separately.",
        ],
    )


def _s47a_ncnd(force: Force, rng: random.Random) -> Answer:
    return Answer(
        "ncnd",
        ["s24(2)", "s31(3)"],
        [
            f"{force.name} can neither confirm nor deny that it holds any information relevant to your request, "
            "by virtue of the following exemptions:",
            "Section 24(2) - National Security",
            "Section 31(3) - Law Enforcement",
            "To confirm or deny whether section 47A authorisations have been made in a particular force area, and "
            "when, would reveal how the police respond to specific terrorist threats. The public interest in "
            "safeguarding national security outweighs that in confirming or denying whether the information is "
            "held.",
            "This should not be taken as an indication that the information you requested does or does not exist.",
        ],
    )


def _s47a_none(force: Force, rng: random.Random) -> Answer:
    return Answer(
        "disclosed",
        [],
        [
            f"I can confirm that no authorisation under section 47A of the Terrorism Act 2000 was made in the "
            f"{force.name} area between 1 January 2021 and 31 December 2023, and therefore no person was stopped "
            "and searched under that power.",
            "The Home Office publishes the number of section 47A authorisations nationally in its quarterly "
            "statistics on the operation of police powers under the Terrorism Act 2000.",
        ],
    )


def lookalikes() -> list[Lookalike]:
    return [
        Lookalike(
            "lookalike-complaints",
            "Complaints about stop and search 2021-2023",
            DEAR_NAMED,
            (
                "How many complaints did your force receive about the use of stop and search in each of 2021, 2022 "
                "and 2023?",
                "How many of those complaints were upheld?",
            ),
            [_complaints_disclosed, _complaints_cost, _complaints_disclosed],
            ("pdf", "eml", "docx"),
        ),
        Lookalike(
            "lookalike-bwv",
            "Body worn video policy - stop and search",
            "Dear Ms Achterberg,",
            (
                "Please provide a copy of your force's current policy or guidance on the use of body-worn video "
                "by officers conducting stop and search, including when cameras must be switched on.",
            ),
            [_bwv_disclosed, _bwv_s21, _bwv_partial],
            ("docx", "eml", "pdf"),
        ),
        Lookalike(
            "lookalike-training",
            "Stop and search training costs",
            "Dear Mr Oyelaran,",
            (
                "How much did your force spend on training officers in the use of stop and search powers in each "
                "of the financial years 2021/22, 2022/23 and 2023/24?",
            ),
            [_training_disclosed, _training_not_held],
            ("eml", "pdf"),
        ),
        Lookalike(
            "lookalike-s47a",
            "Section 47A Terrorism Act stop and search authorisations",
            "Dear Requester,",
            (
                "How many authorisations under section 47A of the Terrorism Act 2000 were made in your force area "
                "in each of 2021, 2022 and 2023?",
                "How many people were stopped and searched under section 47A in each of those years?",
            ),
            [_s47a_ncnd, _s47a_none],
            ("pdf", "docx"),
        ),
    ]


# -- the corpus -----------------------------------------------------------------------------------------------

MAIN_PLAN: tuple[tuple[str, int | str], ...] = (
    # (outcome kind, variant) x 24: 9 disclosed, 7 partial, 4 refused, 3 not held, 1 s21
    *[("disclosed", i % 3) for i in range(9)],
    ("partial", "s40_withheld"),
    ("partial", "s40_withheld"),
    ("partial", "s40_suppressed"),
    ("partial", "s40_suppressed"),
    ("partial", "s31"),
    ("partial", "s31"),
    ("partial", "s21_part"),
    ("cost", 0),
    ("cost", 1),
    ("cost", 2),
    ("s31_refused", 0),
    ("not_held", 0),
    ("not_held", 1),
    ("not_held", 2),
    ("s21", 0),
)


def _working_days_after(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def make_round_robin(out: Path, seed: int = 1) -> dict[str, Any]:
    """Write the corpus under `out` and return the manifest (also written to `out/truth.json`)."""
    rng = random.Random(seed)
    out = Path(out)
    for sub in ("main", "lookalike", "duplicates"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    forces = police_forces()
    chosen = sorted(rng.sample(forces, MAIN_FORCES), key=lambda f: f.id)
    others = [f for f in forces if f not in chosen]
    refs_taken: set[str] = set()
    voices = _voices(rng, [*chosen, *others], refs_taken)

    plan = list(MAIN_PLAN)
    rng.shuffle(plan)
    # Forces that use section 60 often do not answer "a handful of searches" or "no authorisation".
    small_plans = {("partial", "s40_withheld"), ("partial", "s40_suppressed"), ("not_held", 2)}
    for i, force in enumerate(chosen):
        if force.id in _LARGE and plan[i] in small_plans:
            j = next(j for j, f in enumerate(chosen) if f.id not in _LARGE and plan[j] not in small_plans)
            plan[i], plan[j] = plan[j], plan[i]
    formats = ["pdf"] * 8 + ["docx"] * 8 + ["eml"] * 6 + ["eml+pdf"] * 2
    rng.shuffle(formats)
    # About half the forces quote the request verbatim; the others reword it (a Q1/Q2 template restates it).
    q_forces = sum(voices[f.id].intro == "q_numbered" for f in chosen)
    free = MAIN_FORCES - q_forces
    verbatim = (free + 1) // 2
    reworded = ("prose", "abbreviated", "range", "prefixed", "lettered")
    deck = ["verbatim"] * (verbatim - verbatim // 3) + ["verbatim_quoted"] * (verbatim // 3)
    deck += [reworded[i % len(reworded)] for i in range(free - verbatim)]
    rng.shuffle(deck)
    dealt = iter(deck)
    drifts = ["q_restated" if voices[f.id].intro == "q_numbered" else next(dealt) for f in chosen]

    files: list[dict[str, Any]] = []
    main_records: list[tuple[dict[str, Any], Letter, Sent, datetime | None, str]] = []
    request_ids = iter(range(1_084_200 + rng.randrange(0, 700), 1_090_000, 37))

    for force, (kind, variant), fmt, drift in zip(chosen, plan, formats, drifts, strict=True):
        voice = voices[force.id]
        when = _working_days_after(RECEIVED, rng.randint(8, 30))
        small = kind == "partial" and str(variant).startswith("s40")
        figures = _figures(rng, force, small=small)
        if kind == "disclosed":
            answer = answer_disclosed(force, figures, int(variant), when - timedelta(days=rng.randint(1, 5)))
        elif kind == "partial":
            answer = answer_partial(force, figures, str(variant))
        elif kind == "cost":
            answer = answer_cost_limit(force, figures, int(variant))
        elif kind == "s31_refused":
            answer = answer_s31_refused(force)
        elif kind == "not_held":
            answer = answer_not_held(force, int(variant))
        else:
            answer = answer_s21(force)
        heading = rng.choice(("", "", f"FREEDOM OF INFORMATION REQUEST - {voice.ref}", "Section 60 stop and search"))
        letter = make_letter(
            force,
            voice,
            voice.ref,
            when,
            RECEIVED,
            quoted_request(drift) if drift != "q_restated" else list(Q_ITEMS),
            Q_ITEMS if drift == "q_restated" else None,
            answer,
            heading,
            rng.choice(SIGN_OFFS),
        )
        rid = next(request_ids)
        sent = Sent(_wdtk_address(rng, rid), MAIN_TITLE, rid)
        path, stamp, subject = _write(out / "main", force, letter, fmt, sent, rng, MAIN_TITLE)
        record = _record(out, path, force, "main", answer, letter, fmt, stamp, drift=drift)
        files.append(record)
        main_records.append((record, letter, sent, stamp, subject))

    # Look-alikes: one force from the main round robin and the others from outside it, in each campaign.
    for look in lookalikes():
        n = len(look.answers)
        picked = [rng.choice(chosen), *rng.sample(others, n - 1)]
        for force, answer_fn, fmt in zip(picked, look.answers, look.formats, strict=True):
            voice = voices[force.id]
            ref = _fresh_ref(rng, voice, refs_taken)
            received = _working_days_after(date(2024, 1, 1) + timedelta(days=rng.randint(0, 50)), 1)
            when = _working_days_after(received, rng.randint(10, 20))
            answer = answer_fn(force, rng)
            items = list(look.items)
            request = [f"{n}. {q}" for n, q in enumerate(items, start=1)] if len(items) > 1 else items
            the_voice = Voice(**{**voice.__dict__, "ref": ref, "dear": look.requester_dear})
            letter = make_letter(
                force,
                the_voice,
                ref,
                when,
                received,
                request,
                items if len(items) > 1 else None,
                answer,
                "",
                rng.choice(SIGN_OFFS),
            )
            rid = next(request_ids)
            sent = Sent(_wdtk_address(rng, rid), look.title, rid)
            path, stamp, _ = _write(
                out / "lookalike",
                force,
                letter,
                fmt,
                sent,
                rng,
                look.title,
                stem=f"{look.label.removeprefix('lookalike-')}-{force.id}",
            )
            files.append(_record(out, path, force, look.label, answer, letter, fmt, stamp))

    # Near-duplicates of main answers.
    by_fmt = {
        fmt: [r for r in main_records if r[0]["format"] == fmt and not r[0].get("attachment")]
        for fmt in ("pdf", "docx", "eml")
    }
    original, letter, *_ = rng.choice(by_fmt["pdf"])
    copy = out / "duplicates" / "response (1).pdf"
    shutil.copyfile(out / original["path"], copy)
    files.append({**original, "path": copy.relative_to(out).as_posix(), "duplicate_of": original["path"]})

    original, letter, sent, stamp, subject = rng.choice(by_fmt["eml"])
    assert stamp is not None
    later = stamp + timedelta(days=7, hours=1, minutes=12)
    resent = out / "duplicates" / f"{letter.force.id}-resent.eml"
    write_letter_email(
        resent,
        letter,
        sent,
        later,
        subject,
        body_prefix="Please find our response re-sent below as requested.",
        mid=f"<{_slug(letter.ref)}.resend.{later:%Y%m%d%H%M}@{letter.force.domain}>",
    )
    files.append(
        {
            **original,
            "path": resent.relative_to(out).as_posix(),
            "duplicate_of": original["path"],
            "email_date": later.date().isoformat(),
        }
    )

    disclosed = [r for r in main_records if r[0]["outcome"] == "disclosed" and r[0]["format"] in ("pdf", "docx")]
    original, letter, *_ = rng.choice(disclosed)
    page = out / "duplicates" / f"{letter.force.id}-disclosure-log.html"
    write_disclosure_log_page(
        page,
        letter,
        f"Section 60 stop and search 2021 to 2023 ({letter.ref})",
        letter.when + timedelta(days=rng.randint(14, 35)),
    )
    files.append(
        {
            **original,
            "path": page.relative_to(out).as_posix(),
            "format": "html",
            "duplicate_of": original["path"],
        }
    )

    manifest = {
        "seed": seed,
        "request_text": REQUEST_TEXT,
        "requester": REQUESTER,
        "request_received": RECEIVED.isoformat(),
        "campaigns": {
            "main": REQUEST_TEXT,
            **{
                look.label: "\n".join(f"{n}. {q}" for n, q in enumerate(look.items, start=1))
                if len(look.items) > 1
                else look.items[0]
                for look in lookalikes()
            },
        },
        "files": files,
    }
    (out / "truth.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _write(
    folder: Path, force: Force, letter: Letter, fmt: str, sent: Sent, rng: random.Random, title: str, stem: str = ""
) -> tuple[Path, datetime | None, str]:
    stem = stem or force.id
    pdf_title = f"{force.name} FOI response {letter.ref} (sample)"
    if fmt == "pdf":
        return write_text_pdf(folder / f"{stem}.pdf", letter.paragraphs(), title=pdf_title), None, ""
    if fmt == "docx":
        return write_docx(folder / f"{stem}.docx", letter.paragraphs(), title=pdf_title), None, ""
    stamp = _email_time(letter.when, rng)
    subject = email_subject(rng.randrange(5), title, letter.ref)
    path = folder / f"{stem}.eml"
    if fmt == "eml+pdf":
        name = rng.choice((f"{letter.ref.replace('/', '-')} Response.pdf", "FOI Response Letter.pdf"))
        write_cover_email(path, letter, sent, stamp, subject, name)
    else:
        write_letter_email(path, letter, sent, stamp, subject)
    return path, stamp, subject


def _record(
    out: Path,
    path: Path,
    force: Force,
    campaign: str,
    answer: Answer,
    letter: Letter,
    fmt: str,
    stamp: datetime | None,
    drift: str | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "path": path.relative_to(out).as_posix(),
        "authority_id": force.id,
        "authority": force.name,
        "campaign": campaign,
        "outcome": answer.outcome,
        "exemptions": sorted(answer.exemptions),
        "reference": letter.ref,
        "response_date": letter.when.isoformat(),
        "format": "eml" if fmt.startswith("eml") else fmt,
        "duplicate_of": None,
        "intro": letter.intro_form,
        "drift": drift,
    }
    if fmt == "eml+pdf":
        record["attachment"] = _attachment_name(path)
    if stamp is not None:
        record["email_date"] = stamp.date().isoformat()
    return record


def _attachment_name(path: Path) -> str:
    import email

    message = email.message_from_bytes(path.read_bytes())
    return next(str(p.get_filename()) for p in message.walk() if p.get_filename())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    manifest = make_round_robin(args.out_dir, args.seed)
    for f in manifest["files"]:
        print(f"{f['path']}\t{f['campaign']}\t{f['outcome']}\t{','.join(f['exemptions'])}")
    print(f"{len(manifest['files'])} files, manifest: {args.out_dir / 'truth.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
