"""The pure parts of the UI: URL parameters <-> search state, escaping and highlighting."""

from __future__ import annotations

from datetime import date

from core.model import Document
from search.model import Filters, Mode, Sort
from ui.labels import exemption_label, outcome_label
from ui.markup import badges, highlighted_text, md_escape, metadata_table
from ui.state import SearchState


def test_url_parameters_round_trip() -> None:
    state = SearchState(
        q='"body worn" video -taser',
        mode=Mode.KEYWORD,
        authorities=("Kent Police", "Metropolitan Police Service"),
        sections=("s40",),
        subsections=("s31(1)(a)",),
        outcomes=("refused",),
        doc_types=("pdf",),
        after=date(2020, 1, 1),
        before=date(2021, 6, 30),
        sort=Sort.NEWEST,
        group=True,
        page=3,
        doc="abc",
    )
    params = state.to_params()
    assert params["exemption"] == ["s40", "s31(1)(a)"]
    as_url = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    assert SearchState.from_params(as_url) == state
    assert state.filters() == Filters(
        authorities=("Kent Police", "Metropolitan Police Service"),
        exemptions=("s40", "s31(1)(a)"),
        outcomes=("refused",),
        doc_types=("pdf",),
        date_from=date(2020, 1, 1),
        date_to=date(2021, 6, 30),
    )
    assert state.offset == 20


def test_defaults_make_an_empty_url_and_user_spellings_are_normalised() -> None:
    assert SearchState().to_params() == {}
    state = SearchState.from_params({"exemption": ["section 40(2)", "S31"], "outcome": ["partial", "bogus"]})
    assert state.sections == ("s31",) and state.subsections == ("s40(2)",)
    assert state.outcomes == ("partially_disclosed",)


def test_highlighting_escapes_first_then_marks() -> None:
    text = "Officers <script>alert(1)</script> & the officer's <b>records</b>; <img src=x onerror=alert(2)>"
    marked = highlighted_text(text, "officers script")
    assert "<script>" not in marked and "<img" not in marked and "<b>" not in marked
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in marked
    assert "<mark>Officers</mark>" in marked and "<mark>officer</mark>&#x27;s" in marked
    assert "&amp;" in marked


def test_highlighting_leaves_common_words_alone() -> None:
    marked = highlighted_text("Names of officers", "names of officers")
    assert marked.endswith("<mark>Names</mark> of <mark>officers</mark></div>")


def test_highlighting_phrases_prefixes_and_not_negated_words() -> None:
    text = "The force neither confirms nor denies. Neither party confirmed. Prosecutions and prosecutors."
    marked = highlighted_text(text, '"neither confirms nor denies" prosecut* -party')
    assert "<mark>neither confirms nor denies</mark>" in marked
    assert "<mark>Prosecutions</mark>" in marked and "<mark>prosecutors</mark>" in marked
    assert "<mark>party</mark>" not in marked


def test_badges_and_metadata_escape_every_value() -> None:
    document = Document(
        id="x",
        source_path="a/<b>.pdf",
        title="<script>alert(1)</script>",
        authority='Kent "Police" <i>',
        exemptions=("s40(2)",),
        outcome="refused",
        evidence={"exemptions:s40(2)": "withheld under <section> 40(2)", "authority": "<img src=x onerror=alert(2)>"},
    )
    html = badges(document) + metadata_table(document)
    assert "<i>" not in html and "<img" not in html and "<section>" not in html and "<b>" not in html
    assert "Kent &quot;Police&quot; &lt;i&gt;" in html
    assert "withheld under &lt;section&gt; 40(2)" in html and "Third-party personal data" in html


def test_labels() -> None:
    assert exemption_label("s40") == "s40 Personal information"
    assert exemption_label("s31(1)(d)") == "s31(1)(d) Law enforcement"  # the closest named level
    assert exemption_label("eir12(5)(e)") == "eir12(5)(e) EIR: commercial confidentiality"
    assert exemption_label("foisa38(1)(b)") == "foisa38(1)(b) FOISA: personal information"
    assert exemption_label("s99") == "s99"
    assert outcome_label("ncnd") == "Neither confirm nor deny"


def test_markdown_escape_keeps_text_literal() -> None:
    assert md_escape("a_b *c* [x](y) $5 :red[z]") == r"a\_b \*c\* \[x\]\(y\) \$5 \:red\[z\]"
