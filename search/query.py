"""The user query syntax: Google-like words, phrases, OR, negation and field operators.

`parse_query` turns what the user typed into a keyword expression, filters and the
free text to embed. It never raises: anything malformed is dropped or read more
plainly, and a warning says what was done instead, so a typo costs a warning
rather than an error page.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from core.codes import OUTCOMES, normalise_exemption, normalise_outcome
from search.model import AllOf, AnyOf, Expr, Filters, Not, Phrase, Term

MAX_QUERY_CHARS = 2000
MIN_PREFIX_CHARS = 2

FIELDS: tuple[str, ...] = (
    "authority",
    "exemption",
    "outcome",
    "after",
    "before",
    "type",
    "request",
    "path",
    "collection",
    "campaign",
)

_FIELD = re.compile(r"^(?P<name>[A-Za-z]+):(?P<value>.*)$", re.DOTALL)

# Act prefixes as people write them, mapped to the act of the normal form.
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)


@dataclass(frozen=True)
class ParsedQuery:
    """What the user asked for, split into the parts each search stage needs."""

    keyword: Expr | None
    filters: Filters
    semantic_text: str
    warnings: tuple[str, ...]


# --- lexemes: what the scanner sees, before any meaning is given to it ---


@dataclass(frozen=True)
class _Word:
    text: str
    negated: bool


@dataclass(frozen=True)
class _Quoted:
    text: str
    negated: bool


@dataclass(frozen=True)
class _Field:
    name: str
    value: str
    raw: str
    negated: bool


_Lexeme = _Word | _Quoted | _Field


# --- items: the clause stream the boolean grammar works on ---


class _Op(Enum):
    OR = "OR"
    AND = "AND"


@dataclass(frozen=True)
class _Clause:
    expr: Expr
    words: tuple[str, ...]  # the words this clause adds to the semantic text


@dataclass(frozen=True)
class _Barrier:
    """Where a field operator stood: an OR cannot reach across it."""


_Item = _Clause | _Op | _Barrier


@dataclass
class _FilterBuilder:
    authorities: list[str] = field(default_factory=list)
    exemptions: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    doc_types: list[str] = field(default_factory=list)
    request_ids: list[str] = field(default_factory=list)
    path_prefix: str | None = None
    collections: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)

    def build(self) -> Filters:
        return Filters(
            authorities=_unique(self.authorities),
            exemptions=_unique(self.exemptions),
            outcomes=_unique(self.outcomes),
            date_from=self.date_from,
            date_to=self.date_to,
            doc_types=_unique(self.doc_types),
            request_ids=_unique(self.request_ids),
            path_prefix=self.path_prefix,
            collections=_unique(self.collections) or None,
            campaigns=_unique(self.campaigns),
        )


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# --- public API ---


def parse_query(text: str) -> ParsedQuery:
    """Parse the user's query; never raises, reports what it could not use in `warnings`."""
    warnings: list[str] = []
    cleaned = _clean(text, warnings)
    lexemes = _scan(_balance_quotes(cleaned, warnings))
    filters = _FilterBuilder()
    items = _to_items(lexemes, filters, warnings)
    groups = _group_or(items, warnings)
    _check_date_range(filters, warnings)
    return ParsedQuery(
        keyword=_combine(groups),
        filters=filters.build(),
        semantic_text=" ".join(word for group in groups for clause in group for word in clause.words),
        warnings=tuple(dict.fromkeys(warnings)),
    )


# --- stage 1: characters ---


def _clean(text: str, warnings: list[str]) -> str:
    if len(text) > MAX_QUERY_CHARS:
        warnings.append(
            f"query is longer than {MAX_QUERY_CHARS} characters; only the first {MAX_QUERY_CHARS} were used"
        )
        text = text[:MAX_QUERY_CHARS]
    # Control characters and lone surrogates would reach the backends as garbage.
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)


def _balance_quotes(text: str, warnings: list[str]) -> str:
    # Quotes pair up left to right, so with an odd count only the last one is stray.
    if text.count('"') % 2 == 0:
        return text
    warnings.append('unbalanced quote ("): the stray quote was ignored and the words after it searched as plain words')
    last = text.rindex('"')
    return text[:last] + text[last + 1 :]


def _scan(text: str) -> list[_Lexeme]:
    """Split balanced-quote text into words, quoted phrases and field operators."""
    lexemes: list[_Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-"
        start = i
        if negated:
            i += 1
            if i >= n or text[i].isspace():
                lexemes.append(_Word("-", negated=False))  # reported as a lone '-' later
                continue
        if text[i] == '"':
            close = text.index('"', i + 1)
            lexemes.append(_Quoted(text[i + 1 : close], negated))
            i = close + 1
            continue
        end = _word_end(text, i)
        word = text[i:end]
        i = end
        match = _FIELD.match(word)
        if match is None or match["name"].lower() not in FIELDS:
            lexemes.append(_Word(word, negated))
            continue
        value = match["value"]
        if not value and i < n and text[i] == '"':
            close = text.index('"', i + 1)
            value = text[i + 1 : close]
            i = close + 1
        lexemes.append(_Field(match["name"].lower(), value, text[start:i], negated))
    return lexemes


def _word_end(text: str, i: int) -> int:
    # A quote ends a word so that every quote opens or closes a phrase.
    while i < len(text) and not text[i].isspace() and text[i] != '"':
        i += 1
    return i


# --- stage 2: lexemes to clauses, operators and filters ---


def _to_items(lexemes: list[_Lexeme], filters: _FilterBuilder, warnings: list[str]) -> list[_Item]:
    items: list[_Item] = []
    pending_not = False
    for lexeme in lexemes:
        if isinstance(lexeme, _Word) and not lexeme.negated and lexeme.text == "NOT":
            if pending_not:
                warnings.append("'NOT NOT': the extra NOT was ignored")
            pending_not = True
            continue
        operator = _operator(lexeme)
        if pending_not and operator is not None:
            warnings.append(f"'NOT' followed by '{operator.value}' has nothing to negate; the NOT was ignored")
            pending_not = False
        if operator is not None:
            items.append(operator)
            continue
        if pending_not:
            lexeme = _negate_lexeme(lexeme)
        item = _lexeme_item(lexeme, filters, warnings)
        if item is None and pending_not:
            warnings.append("'NOT' has nothing usable after it; the NOT was ignored")
        pending_not = False
        if item is not None:
            items.append(item)
    if pending_not:
        warnings.append("'NOT' at the end of the query has nothing to negate; it was ignored")
    return items


def _operator(lexeme: _Lexeme) -> _Op | None:
    if isinstance(lexeme, _Word) and not lexeme.negated and lexeme.text in ("OR", "AND"):
        return _Op(lexeme.text)
    return None


def _negate_lexeme(lexeme: _Lexeme) -> _Lexeme:
    if isinstance(lexeme, _Word):
        return _Word(lexeme.text, not lexeme.negated)
    if isinstance(lexeme, _Quoted):
        return _Quoted(lexeme.text, not lexeme.negated)
    return _Field(lexeme.name, lexeme.value, "NOT " + lexeme.raw, not lexeme.negated)


def _lexeme_item(lexeme: _Lexeme, filters: _FilterBuilder, warnings: list[str]) -> _Item | None:
    if isinstance(lexeme, _Field):
        _apply_field(lexeme, filters, warnings)
        return _Barrier()
    if isinstance(lexeme, _Quoted):
        clause = _phrase_clause(lexeme.text, warnings)
    else:
        clause = _word_clause(lexeme.text, warnings)
    if clause is None or not lexeme.negated:
        return clause
    return _Clause(_negate(clause.expr), ())


def _negate(expr: Expr) -> Expr:
    return expr.operand if isinstance(expr, Not) else Not(expr)


def _word_clause(word: str, warnings: list[str]) -> _Clause | None:
    if word == "-":
        warnings.append("'-' with nothing after it has nothing to negate; it was ignored")
        return None
    stem = word.rstrip("*")
    prefix = stem != word
    if prefix and not stem:
        warnings.append(f"'{word}' is a wildcard with no word; it was ignored")
        return None
    if prefix and len(stem) < MIN_PREFIX_CHARS:
        warnings.append(f"'{word}': a prefix needs at least {MIN_PREFIX_CHARS} characters before '*'; it was ignored")
        return None
    if not _has_alnum(stem):
        warnings.append(f"'{word}' has no letters or digits; it was ignored")
        return None
    return _Clause(Term(stem, prefix=prefix), (stem,))


def _phrase_clause(text: str, warnings: list[str]) -> _Clause | None:
    words = tuple(text.split())
    if not words:
        warnings.append('empty quotes ("") were ignored')
        return None
    if not any(_has_alnum(word) for word in words):
        warnings.append(f'phrase "{" ".join(words)}" has no letters or digits; it was ignored')
        return None
    expr: Expr = Term(words[0]) if len(words) == 1 else Phrase(" ".join(words))
    return _Clause(expr, words)


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- field operators ---


def _apply_field(lexeme: _Field, filters: _FilterBuilder, warnings: list[str]) -> None:
    if lexeme.negated:
        warnings.append(f"negated field operators such as '{lexeme.raw}' are not supported; it was ignored")
        return
    value = " ".join(lexeme.value.split())
    if not value:
        warnings.append(f"'{lexeme.name}:' has no value; it was ignored")
        return
    if lexeme.name == "authority":
        filters.authorities.append(value)
    elif lexeme.name == "exemption":
        _apply_exemption(value, filters, warnings)
    elif lexeme.name == "outcome":
        _apply_outcome(value, filters, warnings)
    elif lexeme.name in ("after", "before"):
        _apply_date(lexeme.name, value, filters, warnings)
    elif lexeme.name == "type":
        _apply_type(value, filters, warnings)
    elif lexeme.name == "request":
        filters.request_ids.append(value)
    elif lexeme.name == "collection":
        filters.collections.append(value.lower())
    elif lexeme.name == "campaign":
        filters.campaigns.append(value)
    else:
        _apply_path(value, filters, warnings)


def _apply_exemption(value: str, filters: _FilterBuilder, warnings: list[str]) -> None:
    code = normalise_exemption(value)
    if code is None:
        warnings.append(f"'exemption:{value}' is not an exemption (try s40, s31(1)(a) or eir12(5)(e)); it was ignored")
        return
    filters.exemptions.append(code)


def _apply_outcome(value: str, filters: _FilterBuilder, warnings: list[str]) -> None:
    outcome = normalise_outcome(value)
    if outcome is None:
        warnings.append(f"'outcome:{value}' is not an outcome (one of {', '.join(OUTCOMES)}); it was ignored")
        return
    filters.outcomes.append(outcome)


def _apply_date(name: str, value: str, filters: _FilterBuilder, warnings: list[str]) -> None:
    day = _parse_date(value, end_of_period=name == "before")
    if day is None:
        warnings.append(f"'{name}:{value}' is not a valid date (use yyyy, yyyy-mm or yyyy-mm-dd); it was ignored")
        return
    # Repeated bounds narrow the range, as Filters.merged does.
    if name == "after":
        filters.date_from = day if filters.date_from is None else max(filters.date_from, day)
    else:
        filters.date_to = day if filters.date_to is None else min(filters.date_to, day)


def _parse_date(value: str, *, end_of_period: bool) -> date | None:
    """An inclusive bound: `2020` is the first or last day of 2020, `2020-02` of February."""
    try:
        if match := _DAY.match(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            day = calendar.monthrange(year, month)[1] if end_of_period else 1
            return date(year, month, day)
        if match := _YEAR.match(value):
            year = int(match[1])
            return date(year, 12, 31) if end_of_period else date(year, 1, 1)
    except ValueError:  # includes calendar.IllegalMonthError
        return None
    return None


def _check_date_range(filters: _FilterBuilder, warnings: list[str]) -> None:
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        warnings.append(
            f"'after:{filters.date_from.isoformat()}' is later than 'before:{filters.date_to.isoformat()}'; "
            "no document can match both"
        )


def _apply_type(value: str, filters: _FilterBuilder, warnings: list[str]) -> None:
    # `type:PDF` and `type:.pdf` mean what `type:pdf` means.
    doc_type = value.lower().lstrip(".")
    if not doc_type:
        warnings.append(f"'type:{value}' names no document type; it was ignored")
        return
    filters.doc_types.append(doc_type)


def _apply_path(value: str, filters: _FilterBuilder, warnings: list[str]) -> None:
    if filters.path_prefix is not None and filters.path_prefix != value:
        warnings.append(f"only one 'path:' is supported; 'path:{value}' replaced 'path:{filters.path_prefix}'")
    filters.path_prefix = value


# --- stage 3: the boolean grammar ---


def _group_or(items: list[_Item], warnings: list[str]) -> list[list[_Clause]]:
    """Clauses joined by OR into groups; the groups are ANDed.

    OR binds tighter than the implicit AND, so `a b OR c d` is [[a], [b, c], [d]].
    """
    groups: list[list[_Clause]] = []
    can_extend = False  # the last item was a clause that an OR may join to
    pending_or = False
    for item in items:
        if isinstance(item, _Clause):
            if pending_or:
                groups[-1].append(item)
            else:
                groups.append([item])
            can_extend, pending_or = True, False
        elif item is _Op.OR:
            if pending_or:
                warnings.append("doubled 'OR': the extra OR was ignored")
            elif not can_extend:
                warnings.append("'OR' without a word before it was ignored")
            else:
                pending_or = True
        elif isinstance(item, _Barrier):
            if pending_or:
                warnings.append("'OR' cannot join a field operator; the OR was ignored")
            can_extend, pending_or = False, False
        # AND is the default, so it needs no handling.
    if pending_or:
        warnings.append("'OR' at the end of the query has nothing after it; it was ignored")
    return groups


def _combine(groups: list[list[_Clause]]) -> Expr | None:
    exprs = [group[0].expr if len(group) == 1 else AnyOf(tuple(c.expr for c in group)) for group in groups]
    if not exprs:
        return None
    if len(exprs) == 1:
        return exprs[0]
    return AllOf(tuple(exprs))
