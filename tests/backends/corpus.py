"""A small FOI collection for the conformance suite, written for the tests.

Most documents are in the default collection; two are in `embargo` and one in `newsroom`.

Each document's text is split into chunks at blank lines, and every chunk is
embedded with the real model.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from core.embed import Encoder
from core.model import Chunk, Document, IndexItem


def _doc(doc_id: str, text: str, **metadata: object) -> Document:
    return Document(id=doc_id, source_path=f"{metadata.pop('folder', 'letters')}/{doc_id}.txt", text=text, **metadata)  # type: ignore[arg-type]


DOCUMENTS: tuple[Document, ...] = (
    _doc(
        "herts-ncnd",
        "Hertfordshire Constabulary neither confirms nor denies that it holds information about covert operations.\n\n"
        "Section 23(5) security bodies and Section 31(3) law enforcement apply. Our reference FOI2018/01393.",
        title="Covert operations request",
        authority="Hertfordshire Constabulary",
        exemptions=("s23(5)", "s31(3)"),
        outcome="ncnd",
        response_date=date(2018, 4, 9),
        doc_type="pdf",
        references=("FOI2018/01393",),
        request_id="req-herts",
    ),
    _doc(
        "met-misconduct",
        "The Metropolitan Police Service holds records of misconduct hearings for officers.\n\n"
        "Names of officers are withheld under Section 40(2) personal information. Reference 01.FOI.22.026461.",
        title="Misconduct hearings 2021",
        authority="Metropolitan Police Service",
        exemptions=("s40(2)",),
        outcome="partially_disclosed",
        response_date=date(2022, 3, 1),
        doc_type="html",
        references=("01.FOI.22.026461",),
        folder="disclosure-log",
        collection="embargo",
    ),
    _doc(
        "kent-speeding",
        "Kent Police issued 41,200 speeding fines in 2020 and 38,900 in 2021. All the information is disclosed.",
        title="Speeding fines",
        authority="Kent Police",
        outcome="disclosed",
        response_date=date(2021, 11, 9),
        doc_type="pdf",
        request_id="req-anpr",  # the embargoed kent-anpr is in the same thread
    ),
    _doc(
        "kent-anpr",
        "Kent Police withholds the locations of ANPR cameras under Section 31(1)(a) prevention of crime "
        "and Section 31(1)(b) apprehension of offenders.\n\n"
        "The public interest test favours withholding the camera locations.",
        title="ANPR camera locations",
        authority="Kent Police",
        exemptions=("s31(1)(a)", "s31(1)(b)"),
        outcome="refused",
        response_date=date(2019, 10, 11),
        doc_type="email",
        request_id="req-anpr",
        collection="embargo",
    ),
    _doc(
        "hmicfrs-abuse",
        "HMICFRS inspected how forces tackle police officers who abuse their position for a sexual purpose.\n\n"
        "Some inspection material is withheld under Section 22 future publication and Section 31(1)(a).",
        title="Abuse of position inspection",
        authority="HMICFRS",
        exemptions=("s22", "s31(1)(a)"),
        outcome="partially_disclosed",
        response_date=date(2019, 10, 31),
        doc_type="pdf",
    ),
    _doc(
        "dft-contract",
        "The Department for Transport withholds contract pricing schedules under Section 43(2) commercial interests.",
        title="Journey time contract",
        authority="Department for Transport",
        exemptions=("s43(2)",),
        outcome="partially_disclosed",
        response_date=date(2024, 6, 6),
        doc_type="docx",
        folder="letters/dft",
        collection="newsroom",
    ),
    _doc(
        "bham-eir",
        "Birmingham City Council refuses the viability assessment under regulation 12(5)(e) of the Environmental "
        "Information Regulations, confidentiality of commercial information.",
        title="Viability assessment",
        authority="Birmingham City Council",
        exemptions=("eir12(5)(e)",),
        outcome="refused",
        response_date=date(2022, 9, 16),
        doc_type="pdf",
        folder="letters/dft-archive",
    ),
    _doc(
        "ico-not-held",
        "The Information Commissioner's Office does not hold the breakdown requested. "
        'The form said <script>alert("x")</script> and we display it as text.',
        title="Breach reports by sector",
        authority="Information Commissioner's Office",
        outcome="not_held",
        request_date=date(2022, 2, 14),
        doc_type="html",
    ),
    _doc(
        "met-costs",
        "The Metropolitan Police Service estimates that answering would exceed the cost limit of 450 pounds, "
        "so the request is refused under Section 12.",
        title="E-scooter seizures",
        authority="Metropolitan Police Service",
        exemptions=("s12",),
        outcome="refused",
        response_date=date(2021, 8, 16),
        doc_type="pdf",
    ),
    _doc(
        "undated-note",
        "A note about the police budget without any date, authority or outcome.",
        title="Budget note",
        doc_type="text",
    ),
)


# A round-robin answered by two forces, one answer saved twice, and a look-alike question: for the
# campaign filter and facet, and copies left out of search.
CAMPAIGN_DOCUMENTS = (
    Document(
        id="rr-kent",
        source_path="rr/kent.pdf",
        text="Kent Police: section 60 stop and search figures for 2021 to 2023 are disclosed in the table.",
        authority="Kent Police",
        outcome="disclosed",
        campaign_id="cmp-stopsearch",
        duplicates=("rr-kent-copy",),
    ),
    Document(
        id="rr-kent-copy",
        source_path="downloads/response (1).pdf",
        text="Kent Police: section 60 stop and search figures for 2021 to 2023 are disclosed in the table.",
        authority="Kent Police",
        outcome="disclosed",
        campaign_id="cmp-stopsearch",
        duplicate_of="rr-kent",
    ),
    Document(
        id="rr-essex",
        source_path="rr/essex.docx",
        text="Essex Police refuses the section 60 stop and search request under section 12, the cost limit.",
        authority="Essex Police",
        outcome="refused",
        exemptions=("s12",),
        campaign_id="cmp-stopsearch",
    ),
    Document(
        id="rr-other",
        source_path="rr/complaints.txt",
        text="Surrey Police received 14 complaints about stop and search in 2023.",
        authority="Surrey Police",
        outcome="disclosed",
    ),
)


def chunks_of(document: Document) -> tuple[Chunk, ...]:
    chunks = []
    offset = 0
    for order, part in enumerate(document.text.split("\n\n")):
        start = document.text.index(part, offset)
        offset = start + len(part)
        chunks.append(
            Chunk(
                document.id,
                order,
                part,
                pages=(order + 1,),
                section=f"Part {order + 1}",
                char_start=start,
                char_end=offset,
            )
        )
    return tuple(chunks)


def embedded_items(documents: tuple[Document, ...], encoder: Encoder) -> list[IndexItem]:
    items = []
    for document in documents:
        chunks = chunks_of(document)
        vectors = encoder.encode([chunk.text for chunk in chunks])
        items.append(IndexItem(document, tuple(replace(c, embedding=v) for c, v in zip(chunks, vectors, strict=True))))
    return items
