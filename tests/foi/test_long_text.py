"""A text too long to be a letter is read at its ends, where a letter's FOI metadata sits."""

from __future__ import annotations

from ingest.foi import FoiInput, analyse
from ingest.foi.analyse import END_CHARS, ends_of
from tests.foi import council_mail as mail

_FILLER = "Entry about parking permits on the High Street.\n\n"


def test_a_short_text_is_read_whole() -> None:
    text = "para one\n\npara two\n\npara three"
    assert ends_of(text, len(text)) == text


def test_a_long_text_is_cut_at_paragraph_breaks() -> None:
    assert ends_of("para1\n\npara2 x\n\npara3\n\npara4", 8) == "para1\n\npara4"
    assert ends_of("l1\nl2\nl3\nl4\nl5\nl6", 8) == "l1\nl2\n\nl5\nl6"


def test_a_long_letter_keeps_the_labels_of_its_ends_and_skips_its_middle() -> None:
    padding = _FILLER * (END_CHARS // len(_FILLER))
    # Applied in the middle of a huge text: too far from both ends to be read.
    middle = "The contract prices are exempt under section 43(2).\n\n"
    signature = "Kind regards,\n\nLondon Borough of Camden\n"
    text = f"Dear Ms Jones,\n\n{mail.PARTIAL_S40}\n\n{padding}{middle}{padding}{mail.CAMDEN_ADVICE}\n\n{signature}"
    assert len(text) > 2 * END_CHARS
    metadata = analyse(FoiInput(text=text, doc_type="email", sender="foi@camden.gov.uk"))
    assert (metadata.outcome, metadata.exemptions) == ("partially_disclosed", ("s40(2)",))
    assert metadata.authority == "London Borough of Camden"
