"""Tests for the user query syntax (search/query.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.codes import OUTCOMES, is_exemption_code, normalise_exemption
from search.model import NO_COLLECTION, AllOf, AnyOf, Expr, Filters, Not, Phrase, Term
from search.query import ParsedQuery, parse_query


def has_warning(parsed: ParsedQuery, *fragments: str) -> bool:
    """True when one warning mentions every fragment (case-insensitive)."""
    return any(all(f.lower() in w.lower() for f in fragments) for w in parsed.warnings)


# --- words, phrases, boolean structure ---


def test_empty_query() -> None:
    parsed = parse_query("")
    assert parsed == ParsedQuery(keyword=None, filters=Filters(), semantic_text="", warnings=())


def test_whitespace_only_query() -> None:
    parsed = parse_query("   \t\n ")
    assert parsed.keyword is None
    assert parsed.semantic_text == ""
    assert parsed.warnings == ()


def test_single_word_is_bare_term() -> None:
    assert parse_query("police").keyword == Term("police")


def test_words_are_anded() -> None:
    parsed = parse_query("police  overtime")
    assert parsed.keyword == AllOf((Term("police"), Term("overtime")))
    assert parsed.semantic_text == "police overtime"
    assert parsed.warnings == ()


def test_terms_keep_user_spelling() -> None:
    parsed = parse_query("Police FOI2018/01393 01.FOI.22.026461 Überwachung")
    assert parsed.keyword == AllOf(
        (Term("Police"), Term("FOI2018/01393"), Term("01.FOI.22.026461"), Term("Überwachung"))
    )


def test_phrase() -> None:
    parsed = parse_query('"stop and search" figures')
    assert parsed.keyword == AllOf((Phrase("stop and search"), Term("figures")))
    assert parsed.semantic_text == "stop and search figures"


def test_phrase_whitespace_is_normalised() -> None:
    assert parse_query('"  stop \t and   search "').keyword == Phrase("stop and search")


def test_one_word_phrase_is_term() -> None:
    assert parse_query('"police"').keyword == Term("police")


def test_empty_quotes_are_dropped() -> None:
    parsed = parse_query('"" police')
    assert parsed.keyword == Term("police")
    assert parsed.semantic_text == "police"


def test_quote_inside_word_starts_phrase() -> None:
    assert parse_query('foo"bar baz"').keyword == AllOf((Term("foo"), Phrase("bar baz")))


def test_or_between_two_words() -> None:
    assert parse_query("a OR b").keyword == AnyOf((Term("a"), Term("b")))


def test_or_chain() -> None:
    assert parse_query("a OR b OR c").keyword == AnyOf((Term("a"), Term("b"), Term("c")))


def test_or_binds_tighter_than_and() -> None:
    parsed = parse_query("a b OR c d")
    assert parsed.keyword == AllOf((Term("a"), AnyOf((Term("b"), Term("c"))), Term("d")))
    assert parsed.semantic_text == "a b c d"


def test_or_with_phrases() -> None:
    parsed = parse_query('"body worn" OR "bodycam footage"')
    assert parsed.keyword == AnyOf((Phrase("body worn"), Phrase("bodycam footage")))


def test_lowercase_or_and_are_words() -> None:
    parsed = parse_query("black or white and grey")
    assert parsed.keyword == AllOf((Term("black"), Term("or"), Term("white"), Term("and"), Term("grey")))
    assert parsed.semantic_text == "black or white and grey"


def test_and_is_accepted_and_ignored() -> None:
    parsed = parse_query("a AND b")
    assert parsed.keyword == AllOf((Term("a"), Term("b")))
    assert parsed.semantic_text == "a b"
    assert parsed.warnings == ()


def test_and_does_not_break_or() -> None:
    assert parse_query("a OR b AND c").keyword == AllOf((AnyOf((Term("a"), Term("b"))), Term("c")))


# --- negation ---


def test_minus_negates_word() -> None:
    parsed = parse_query("police -overtime")
    assert parsed.keyword == AllOf((Term("police"), Not(Term("overtime"))))
    assert parsed.semantic_text == "police"


def test_minus_negates_phrase() -> None:
    parsed = parse_query('police -"stop and search"')
    assert parsed.keyword == AllOf((Term("police"), Not(Phrase("stop and search"))))
    assert parsed.semantic_text == "police"


def test_uppercase_not_negates_next_clause() -> None:
    assert parse_query("police NOT overtime").keyword == AllOf((Term("police"), Not(Term("overtime"))))
    assert parse_query('police NOT "stop and search"').keyword == AllOf(
        (Term("police"), Not(Phrase("stop and search")))
    )


def test_lowercase_not_is_a_word() -> None:
    assert parse_query("not held").keyword == AllOf((Term("not"), Term("held")))


def test_not_minus_cancels() -> None:
    assert parse_query("NOT -police").keyword == Term("police")


def test_only_negation_is_allowed() -> None:
    parsed = parse_query("-foo")
    assert parsed.keyword == Not(Term("foo"))
    assert parsed.semantic_text == ""
    assert parsed.warnings == ()


def test_negation_inside_or() -> None:
    assert parse_query("a OR -b").keyword == AnyOf((Term("a"), Not(Term("b"))))
    assert parse_query("a OR NOT b").keyword == AnyOf((Term("a"), Not(Term("b"))))


def test_hyphen_inside_word_is_not_negation() -> None:
    assert parse_query("well-known e-mail").keyword == AllOf((Term("well-known"), Term("e-mail")))


# --- prefixes ---


def test_prefix() -> None:
    parsed = parse_query("polic*")
    assert parsed.keyword == Term("polic", prefix=True)
    assert parsed.semantic_text == "polic"


def test_negated_prefix() -> None:
    assert parse_query("-polic*").keyword == Not(Term("polic", prefix=True))


def test_two_character_prefix_is_kept() -> None:
    assert parse_query("po*").keyword == Term("po", prefix=True)


def test_star_inside_quotes_is_literal() -> None:
    assert parse_query('"polic*"').keyword == Term("polic*")


@pytest.mark.parametrize("query", ["*", "a*", "**", "x**"])
def test_bare_or_short_prefix_is_dropped(query: str) -> None:
    parsed = parse_query(f"police {query}")
    assert parsed.keyword == Term("police")
    assert parsed.semantic_text == "police"
    assert parsed.warnings


def test_short_prefix_warning_mentions_prefix() -> None:
    assert has_warning(parse_query("a*"), "a*", "prefix")


# --- field operators ---


def test_authority_operator() -> None:
    parsed = parse_query('authority:"Kent  Police" overtime')
    assert parsed.filters == Filters(authorities=("Kent Police",))
    assert parsed.keyword == Term("overtime")
    assert parsed.semantic_text == "overtime"
    assert parsed.warnings == ()


def test_authority_unquoted() -> None:
    assert parse_query("authority:HMICFRS").filters.authorities == ("HMICFRS",)


def test_field_name_is_case_insensitive() -> None:
    parsed = parse_query("Authority:HMICFRS EXEMPTION:s40 Outcome:Refused")
    assert parsed.filters == Filters(authorities=("HMICFRS",), exemptions=("s40",), outcomes=("refused",))


def test_only_field_operators_means_no_keyword() -> None:
    parsed = parse_query("authority:HMICFRS outcome:refused")
    assert parsed.keyword is None
    assert parsed.semantic_text == ""


def test_repeated_operator_adds_alternatives() -> None:
    parsed = parse_query("authority:A authority:B authority:A exemption:s40 exemption:43 type:pdf type:docx")
    assert parsed.filters.authorities == ("A", "B")
    assert parsed.filters.exemptions == ("s40", "s43")
    assert parsed.filters.doc_types == ("pdf", "docx")


def test_exemption_operator_quoted() -> None:
    assert parse_query('exemption:"s31(1)(a)"').filters.exemptions == ("s31(1)(a)",)
    assert parse_query('exemption:"EIR 12(5)(e)"').filters.exemptions == ("eir12(5)(e)",)


def test_outcome_operator() -> None:
    assert parse_query("outcome:refused").filters.outcomes == ("refused",)
    assert parse_query('outcome:"partially disclosed"').filters.outcomes == ("partially_disclosed",)


def test_type_operator_is_lowercased() -> None:
    assert parse_query("type:PDF type:.msg").filters.doc_types == ("pdf", "msg")


def test_request_operator() -> None:
    parsed = parse_query("request:FOI2018/01393 request:01.FOI.22.026461")
    assert parsed.filters.request_ids == ("FOI2018/01393", "01.FOI.22.026461")
    assert parsed.keyword is None


def test_path_operator() -> None:
    assert parse_query("path:kent/2021 budget").filters.path_prefix == "kent/2021"
    assert parse_query('path:"My Docs/FOI"').filters.path_prefix == "My Docs/FOI"


def test_repeated_path_keeps_last_with_warning() -> None:
    parsed = parse_query("path:a path:b")
    assert parsed.filters.path_prefix == "b"
    assert has_warning(parsed, "path:")


def test_unknown_field_is_a_word() -> None:
    parsed = parse_query("foo:bar http://example.org/x")
    assert parsed.keyword == AllOf((Term("foo:bar"), Term("http://example.org/x")))
    assert parsed.filters.is_empty()


def test_field_operators_and_words_mixed() -> None:
    parsed = parse_query('speed cameras authority:"Kent Police" after:2020 -"fixed penalty" exemption:s31')
    assert parsed.keyword == AllOf((Term("speed"), Term("cameras"), Not(Phrase("fixed penalty"))))
    assert parsed.filters == Filters(authorities=("Kent Police",), exemptions=("s31",), date_from=date(2020, 1, 1))
    assert parsed.semantic_text == "speed cameras"


# --- dates ---


@pytest.mark.parametrize(
    ("query", "date_from", "date_to"),
    [
        ("after:2020-01-01", date(2020, 1, 1), None),
        ("before:2021-12-31", None, date(2021, 12, 31)),
        ("after:2020-3-7", date(2020, 3, 7), None),
        ("after:2020", date(2020, 1, 1), None),
        ("before:2020", None, date(2020, 12, 31)),
        ("after:2020-02", date(2020, 2, 1), None),
        ("before:2020-02", None, date(2020, 2, 29)),
        ("before:2021-02", None, date(2021, 2, 28)),
        ("before:1900-02", None, date(1900, 2, 28)),
        ("before:2000-02", None, date(2000, 2, 29)),
        ("before:2020-04", None, date(2020, 4, 30)),
        ("after:2020-01-01 before:2021-06", date(2020, 1, 1), date(2021, 6, 30)),
        ('after:"2020-05-05"', date(2020, 5, 5), None),
    ],
)
def test_dates(query: str, date_from: date | None, date_to: date | None) -> None:
    parsed = parse_query(query)
    assert parsed.filters.date_from == date_from
    assert parsed.filters.date_to == date_to
    assert parsed.warnings == ()


def test_repeated_dates_narrow_the_range() -> None:
    parsed = parse_query("after:2019 after:2020-06 before:2022 before:2021")
    assert parsed.filters.date_from == date(2020, 6, 1)
    assert parsed.filters.date_to == date(2021, 12, 31)


def test_inverted_date_range_warns() -> None:
    parsed = parse_query("after:2022 before:2020")
    assert parsed.filters.date_from == date(2022, 1, 1)
    assert parsed.filters.date_to == date(2020, 12, 31)
    assert has_warning(parsed, "no document can match")


@pytest.mark.parametrize(
    "value", ["2020-13-45", "2020-02-30", "2021-02-29", "2020-13", "20", "yesterday", "2020/01/01", "0000", "٢٠٢٠"]
)
def test_invalid_date_is_ignored_with_warning(value: str) -> None:
    parsed = parse_query(f"after:{value} police")
    assert parsed.filters.date_from is None
    assert parsed.keyword == Term("police")
    assert has_warning(parsed, value)


# --- exemption normalisation ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("s40", "s40"),
        ("S40", "s40"),
        ("40", "s40"),
        ("section40", "s40"),
        ("Section 40", "s40"),
        ("sec40", "s40"),
        ("s.40", "s40"),
        ("s40(2)", "s40(2)"),
        ("S40(2)", "s40(2)"),
        ("s31(1)(a)", "s31(1)(a)"),
        ("S31(1)(A)", "s31(1)(a)"),
        ("s22A", "s22A"),
        ("s22a", "s22A"),
        ("eir12(5)(e)", "eir12(5)(e)"),
        ("EIR 12(5)(e)", "eir12(5)(e)"),
        ("EIR12(5)(E)", "eir12(5)(e)"),
        ("reg12(4)(a)", "eir12(4)(a)"),
        ("regulation 12(4)(b)", "eir12(4)(b)"),
        ("foisa38(1)(b)", "foisa38(1)(b)"),
        ("FOISA 38(1)(b)", "foisa38(1)(b)"),
        (" s43 ", "s43"),
        ("s36(2)(c)", "s36(2)(c)"),
    ],
)
def test_normalise_exemption(value: str, expected: str) -> None:
    assert normalise_exemption(value) == expected
    assert is_exemption_code(expected)


@pytest.mark.parametrize(
    "value", ["", "s", "privacy", "s40(", "s40)", "s4000", "x40", "s40(abcde)", "s40[2]", "eir", "(2)", "s40 (2", "٤٠"]
)
def test_normalise_exemption_rejects(value: str) -> None:
    assert normalise_exemption(value) is None


def test_unknown_exemption_is_ignored_with_warning() -> None:
    parsed = parse_query("exemption:privacy police")
    assert parsed.filters.exemptions == ()
    assert parsed.keyword == Term("police")
    assert has_warning(parsed, "privacy")


# --- outcomes ---


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_outcome_is_accepted(outcome: str) -> None:
    assert parse_query(f"outcome:{outcome}").filters.outcomes == (outcome,)
    assert parse_query(f"outcome:{outcome.upper()}").filters.outcomes == (outcome,)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("partial", "partially_disclosed"),
        ('"partially disclosed"', "partially_disclosed"),
        ("partially-disclosed", "partially_disclosed"),
        ("not-held", "not_held"),
        ("notheld", "not_held"),
        ('"not held"', "not_held"),
        ("NCND", "ncnd"),
        ("Refused", "refused"),
        ("internal-review", "internal_review"),
    ],
)
def test_outcome_aliases(value: str, expected: str) -> None:
    assert parse_query(f"outcome:{value}").filters.outcomes == (expected,)


def test_unknown_outcome_is_ignored_with_warning() -> None:
    parsed = parse_query("outcome:maybe")
    assert parsed.filters.outcomes == ()
    assert has_warning(parsed, "maybe")


# --- malformed input ---


def test_unbalanced_quote_keeps_words() -> None:
    parsed = parse_query('"stop and search')
    assert parsed.keyword == AllOf((Term("stop"), Term("and"), Term("search")))
    assert parsed.semantic_text == "stop and search"
    assert has_warning(parsed, "unbalanced quote")


def test_unbalanced_quote_after_a_phrase() -> None:
    parsed = parse_query('"body worn" camera "footage')
    assert parsed.keyword == AllOf((Phrase("body worn"), Term("camera"), Term("footage")))
    assert has_warning(parsed, "unbalanced quote")


def test_unbalanced_quote_after_minus() -> None:
    parsed = parse_query('police -"stop search')
    assert parsed.keyword == AllOf((Term("police"), Not(Term("stop")), Term("search")))
    assert has_warning(parsed, "unbalanced quote")


def test_unbalanced_quote_in_field_value() -> None:
    parsed = parse_query('authority:"Kent Police')
    assert parsed.filters.authorities == ("Kent",)
    assert parsed.keyword == Term("Police")
    assert has_warning(parsed, "unbalanced quote")


def test_lone_quote() -> None:
    parsed = parse_query('"')
    assert parsed.keyword is None
    assert has_warning(parsed, "unbalanced quote")


@pytest.mark.parametrize("query", ["police -", "- police", "police - overtime", "-"])
def test_lone_minus_is_ignored(query: str) -> None:
    parsed = parse_query(query)
    assert Not not in {type(op) for op in _walk(parsed.keyword)}
    assert has_warning(parsed, "'-'")


def test_lone_minus_keeps_other_words() -> None:
    assert parse_query("police - overtime").keyword == AllOf((Term("police"), Term("overtime")))


@pytest.mark.parametrize("name", ["authority", "exemption", "outcome", "after", "before", "type", "request", "path"])
def test_empty_field_value_is_ignored(name: str) -> None:
    for query in (f"{name}: police", f'{name}:"" police', f'{name}:"  " police', f"police {name}:"):
        parsed = parse_query(query)
        assert parsed.filters.is_empty(), query
        assert parsed.keyword == Term("police"), query
        assert has_warning(parsed, f"{name}:"), query


@pytest.mark.parametrize("query", ["OR a", "a OR", "a OR OR b", "OR", "OR OR"])
def test_dangling_or_is_ignored(query: str) -> None:
    parsed = parse_query(query)
    assert has_warning(parsed, "OR")


def test_dangling_or_results() -> None:
    assert parse_query("OR a").keyword == Term("a")
    assert parse_query("a OR").keyword == Term("a")
    assert parse_query("a OR OR b").keyword == AnyOf((Term("a"), Term("b")))
    assert parse_query("OR").keyword is None


def test_or_next_to_field_operator_is_ignored() -> None:
    parsed = parse_query("a OR authority:X b")
    assert parsed.keyword == AllOf((Term("a"), Term("b")))
    assert parsed.filters.authorities == ("X",)
    assert has_warning(parsed, "OR")
    parsed = parse_query("authority:X OR b")
    assert parsed.keyword == Term("b")
    assert has_warning(parsed, "OR")


@pytest.mark.parametrize("query", ["police NOT", "NOT", "NOT OR police", "police NOT *"])
def test_dangling_not_is_ignored(query: str) -> None:
    parsed = parse_query(query)
    assert has_warning(parsed, "NOT")
    assert parsed.keyword in (None, Term("police"))


def test_doubled_not_negates_once() -> None:
    parsed = parse_query("NOT NOT police")
    assert parsed.keyword == Not(Term("police"))
    assert has_warning(parsed, "NOT")


@pytest.mark.parametrize("query", ["-authority:X police", "NOT authority:X police", "-exemption:s40 police"])
def test_negated_field_operator_is_ignored(query: str) -> None:
    parsed = parse_query(query)
    assert parsed.filters.is_empty()
    assert parsed.keyword == Term("police")
    assert has_warning(parsed, "not supported")


def test_punctuation_only_token_is_dropped() -> None:
    parsed = parse_query("fish & chips")
    assert parsed.keyword == AllOf((Term("fish"), Term("chips")))
    assert has_warning(parsed, "&")


def test_control_characters_are_whitespace() -> None:
    parsed = parse_query("police\x00overtime\x07\x1b-pay")
    assert parsed.keyword == AllOf((Term("police"), Term("overtime"), Not(Term("pay"))))
    assert parsed.semantic_text == "police overtime"


def test_lone_surrogate_is_whitespace() -> None:
    assert parse_query("a\ud800b").keyword == AllOf((Term("a"), Term("b")))


def test_long_input_is_truncated() -> None:
    parsed = parse_query("word " * 1000)
    assert has_warning(parsed, "2000")
    assert isinstance(parsed.keyword, AllOf)
    assert len(parsed.keyword.operands) == 400
    assert len(parsed.semantic_text) < 2000


def test_input_of_exactly_the_limit_is_not_truncated() -> None:
    parsed = parse_query("a" * 2000)
    assert parsed.keyword == Term("a" * 2000)
    assert parsed.warnings == ()


def test_warnings_are_not_repeated() -> None:
    parsed = parse_query("* * *")
    assert len(parsed.warnings) == 1


# --- properties ---


def _walk(expr: Expr | None) -> list[Expr]:
    if expr is None:
        return []
    if isinstance(expr, Not):
        return [expr, *_walk(expr.operand)]
    if isinstance(expr, AllOf | AnyOf):
        return [expr, *(node for operand in expr.operands for node in _walk(operand))]
    return [expr]


def _assert_valid_expr(expr: Expr) -> None:
    if isinstance(expr, Term):
        assert expr.text and expr.text.strip() == expr.text and not any(c.isspace() for c in expr.text)
        assert not expr.prefix or (len(expr.text) >= 2 and not expr.text.endswith("*"))
    elif isinstance(expr, Phrase):
        assert expr.text and len(expr.text.split()) >= 2
        assert " ".join(expr.text.split()) == expr.text
    elif isinstance(expr, Not):
        assert isinstance(expr.operand, Term | Phrase)
        _assert_valid_expr(expr.operand)
    elif isinstance(expr, AllOf | AnyOf):
        assert isinstance(expr.operands, tuple) and len(expr.operands) >= 2
        for operand in expr.operands:
            _assert_valid_expr(operand)
    else:  # pragma: no cover - a non-Expr is a failure
        raise TypeError(f"not an Expr: {expr!r}")


def _assert_sensible(text: str) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery)
    if parsed.keyword is not None:
        _assert_valid_expr(parsed.keyword)
    assert isinstance(parsed.filters, Filters)
    assert all(is_exemption_code(code) for code in parsed.filters.exemptions)
    assert all(outcome in OUTCOMES for outcome in parsed.filters.outcomes)
    assert all(value for value in parsed.filters.authorities + parsed.filters.doc_types + parsed.filters.request_ids)
    assert " ".join(parsed.semantic_text.split()) == parsed.semantic_text
    assert '"' not in parsed.semantic_text
    assert all(isinstance(w, str) and w for w in parsed.warnings)
    assert len(set(parsed.warnings)) == len(parsed.warnings)


GRAMMAR = [
    '"',
    "-",
    "OR",
    "NOT",
    "AND",
    "*",
    "exemption:",
    "after:",
    "before:",
    "authority:",
    "outcome:",
    "(",
    ")",
    "word",
    "police",
    "s40",
    "2020-02",
    "refused",
    " ",
    " ",
    "\x00",
    "é",
]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text: str) -> None:
    _assert_sensible(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\x00", "\u200b", "\ufeff"])),
        max_size=50,
    )
)
def test_any_unicode_parses(text: str) -> None:
    _assert_sensible(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GRAMMAR), max_size=30).map("".join))
def test_grammar_soup_parses(text: str) -> None:
    _assert_sensible(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GRAMMAR), max_size=20).map(" ".join))
def test_spaced_grammar_soup_parses(text: str) -> None:
    _assert_sensible(text)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1990, max_size=2100, alphabet=st.sampled_from(['"', "a", " ", "-", "*"])))
def test_long_text_parses(text: str) -> None:
    _assert_sensible(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_exemption_returns_normal_form_or_none(text: str) -> None:
    code = normalise_exemption(text)
    assert code is None or is_exemption_code(code)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"(s|eir|foisa)[1-9][0-9]{0,2}[A-Z]?(\([0-9a-z]{1,4}\)){0,3}", fullmatch=True))
def test_normal_forms_are_fixed_points(code: str) -> None:
    assert normalise_exemption(code) == code
    assert parse_query(f'exemption:"{code}"').filters.exemptions == (code,)


def test_collection_operator_and_narrowing() -> None:
    parsed = parse_query("collection:Embargo collection:newsroom police")
    assert parsed.filters.collections == ("embargo", "newsroom") and parsed.warnings == ()
    assert parse_query("police").filters.collections is None
    granted = Filters(collections=("public", "embargo"))
    # A collection asked for is searched only where both sides allow it; unrestricted sides add nothing.
    assert parsed.filters.merged(granted).collections == ("embargo",)
    assert granted.merged(Filters()).collections == ("public", "embargo")
    assert Filters(collections=("newsroom",)).merged(Filters(collections=("public",))).collections == ()
    assert dict(Filters(collections=()).field_values())["collection"] == (NO_COLLECTION,)
    assert "collection" not in dict(Filters().field_values())
