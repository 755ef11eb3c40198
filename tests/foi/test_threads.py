"""Request threads: documents of one request share a request id, others do not."""

from __future__ import annotations

from ingest.foi import ThreadInput, assign_request_ids


def test_an_attachment_joins_its_email() -> None:
    ids = assign_request_ids([ThreadInput("email"), ThreadInput("letter.pdf", parent_id="email"), ThreadInput("other")])
    assert ids["email"] == ids["letter.pdf"] != ids["other"]


def test_email_headers_link_a_thread() -> None:
    ids = assign_request_ids(
        [
            ThreadInput("ack", message_id="<a@herts>", subject="FOI request - covert operations"),
            ThreadInput("reply", message_id="<b@herts>", in_reply_to="<a@herts>"),
            ThreadInput("later", message_id="<c@herts>", references=("<a@herts>", "<b@herts>")),
        ]
    )
    assert len(set(ids.values())) == 1


def test_same_reference_at_the_same_authority_links_but_not_across_authorities() -> None:
    ids = assign_request_ids(
        [
            ThreadInput("ack", reference="FOI 2019-26", authority_id="hmicfrs"),
            ThreadInput("letter", reference="FOI2019-26".replace("FOI", "FOI "), authority_id="hmicfrs"),
            ThreadInput("kent", reference="FOI 2019-26", authority_id="kent-police"),
            ThreadInput("unknown", reference="FOI 2019-26"),
        ]
    )
    assert ids["ack"] == ids["letter"] != ids["kent"]
    # Two authorities filed this reference, so a document without an authority joins neither.
    assert ids["unknown"] not in (ids["ack"], ids["kent"])


def test_a_document_without_authority_joins_the_one_authority_with_its_reference() -> None:
    ids = assign_request_ids(
        [
            ThreadInput("letter", reference="FOI2018/01393", authority_id="hertfordshire-police"),
            ThreadInput("note", reference="FOI2018/01393"),
        ]
    )
    assert ids["letter"] == ids["note"]


def test_whatdotheyknow_request_urls_link() -> None:
    ids = assign_request_ids(
        [
            ThreadInput("page", wdtk_request="https://www.whatdotheyknow.com/request/misfeasance_in_public_office"),
            ThreadInput(
                "pdf", wdtk_request="https://www.whatdotheyknow.com/request/misfeasance_in_public_office#incoming-1"
            ),
            ThreadInput("other", wdtk_request="https://www.whatdotheyknow.com/request/pensions_release"),
        ]
    )
    assert ids["page"] == ids["pdf"] != ids["other"]


def test_subject_with_reply_prefixes_and_same_participants_links_but_a_generic_subject_does_not() -> None:
    people = ("j@example.org", "foi@kent.police.uk")
    ids = assign_request_ids(
        [
            ThreadInput("one", subject="Speed camera fines 2021", participants=people),
            ThreadInput("two", subject="RE: FW: Speed camera fines 2021", participants=tuple(reversed(people))),
            ThreadInput("three", subject="FOI request", participants=people),
            ThreadInput("four", subject="RE: FOI request", participants=people),
            ThreadInput("five", subject="Speed camera fines 2021", participants=("x@example.org",)),
        ]
    )
    assert ids["one"] == ids["two"]
    assert len({ids["three"], ids["four"], ids["one"], ids["five"]}) == 4


def test_request_id_is_stable_when_more_documents_arrive() -> None:
    first = assign_request_ids([ThreadInput("ack", reference="FOI 2019-26", authority_id="hmicfrs")])
    later = assign_request_ids(
        [
            ThreadInput("ack", reference="FOI 2019-26", authority_id="hmicfrs"),
            ThreadInput("letter", reference="FOI 2019-26", authority_id="hmicfrs", message_id="<m1>"),
            ThreadInput("reply", in_reply_to="<m1>"),
        ]
    )
    assert first["ack"] == later["ack"] == later["letter"] == later["reply"]
    assert first["ack"].startswith("req-")
