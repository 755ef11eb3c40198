"""Parsed queries and filters as Tantivy queries.

User words are analysed with the index's own analyzers, then turned into term,
phrase and prefix queries directly: user text never reaches Tantivy's query
parser, so no input can make it fail.
"""

from __future__ import annotations

from datetime import datetime, time

import tantivy
from tantivy import Occur

from core.model import normalise_path
from search.backends.embedded.schema import (
    DOC,
    stemmed_analyzer,
    word_pairs,
    words_analyzer,
)
from search.model import AllOf, AnyOf, Expr, Filters, Not, Phrase, Term

Clause = tuple[Occur, tantivy.Query]
# Matches in the title count double: a letter titled "Section 40 refusal" is about s40.
_TITLE_BOOST = 2.0
# Up to this many document numbers, a union of term queries; above, a term set
# (a term set costs a pass over the field's dictionary, ~0.1 ms, whatever its size).
_DOC_NUMBER_TERMS = 256


class QueryBuilder:
    def __init__(self, schema: tantivy.Schema) -> None:
        self._schema = schema
        self._stem = stemmed_analyzer()
        self._words = words_analyzer()

    def kind(self, kind: str) -> tantivy.Query:
        return tantivy.Query.term_query(self._schema, "kind", kind)

    def any_of(self, field: str, values: list[str]) -> tantivy.Query:
        return tantivy.Query.term_set_query(self._schema, field, values)

    def doc_numbers(self, doc_nos: list[int]) -> tantivy.Query:
        if len(doc_nos) > _DOC_NUMBER_TERMS:
            return tantivy.Query.term_set_query(self._schema, "doc_no", doc_nos)
        terms = [tantivy.Query.term_query(self._schema, "doc_no", doc_no) for doc_no in dict.fromkeys(doc_nos)]
        return tantivy.Query.boolean_query([(Occur.Should, term) for term in terms])

    def expression(self, expr: Expr) -> tantivy.Query | None:
        """None when the expression has no searchable word (e.g. only punctuation)."""
        if isinstance(expr, Term):
            return self._prefix(expr.text) if expr.prefix else self._words_query(expr.text)
        if isinstance(expr, Phrase):
            return self._words_query(expr.text)
        if isinstance(expr, Not):
            inner = self.expression(expr.operand)
            return None if inner is None else self._all_except([inner])
        if isinstance(expr, AllOf):
            return self._all_of(expr)
        return self._any_of(expr)

    def _all_of(self, expr: AllOf) -> tantivy.Query | None:
        clauses: list[Clause] = []
        for operand in expr.operands:
            if isinstance(operand, Not):
                inner = self.expression(operand.operand)
                if inner is not None:
                    clauses.append((Occur.MustNot, inner))
            else:
                query = self.expression(operand)
                if query is not None:
                    clauses.append((Occur.Must, query))
        if not clauses:
            return None
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    def _any_of(self, expr: AnyOf) -> tantivy.Query | None:
        queries = [query for query in map(self.expression, expr.operands) if query is not None]
        if not queries:
            return None
        return tantivy.Query.boolean_query([(Occur.Should, query) for query in queries])

    def _all_except(self, excluded: list[tantivy.Query]) -> tantivy.Query:
        clauses: list[Clause] = [(Occur.Must, tantivy.Query.all_query())]
        clauses += [(Occur.MustNot, query) for query in excluded]
        return tantivy.Query.boolean_query(clauses)

    def _words_query(self, text: str) -> tantivy.Query | None:
        """One word: a term; several (a phrase, or `FOI2018/01393`): an exact phrase.

        Over document records: a phrase in the text is looked up as word pairs.
        """
        tokens = self._stem.analyze(text)
        if not tokens:
            return None
        body = self._tokens_query("text", tokens) if len(tokens) == 1 else self._pairs_query(tokens)
        return tantivy.Query.boolean_query(
            [
                (Occur.Should, body),
                (Occur.Should, tantivy.Query.boost_query(self._tokens_query("title", tokens), _TITLE_BOOST)),
            ]
        )

    def _tokens_query(self, field: str, tokens: list[str]) -> tantivy.Query:
        if len(tokens) == 1:
            return tantivy.Query.term_query(self._schema, field, tokens[0])
        return tantivy.Query.phrase_query(self._schema, field, _words(tokens))

    def _pairs_query(self, tokens: list[str]) -> tantivy.Query:
        """Consecutive pairs at consecutive positions: exactly the phrase."""
        pairs = word_pairs(tokens)
        if len(pairs) == 1:
            return tantivy.Query.term_query(self._schema, "pairs", pairs[0])
        return tantivy.Query.phrase_query(self._schema, "pairs", _words(pairs))

    def chunk_words(self, leaves: tuple[Term | Phrase, ...]) -> tantivy.Query | None:
        """Any of the words or phrases, over chunk records (their text only: chunks have no title or pairs)."""
        queries: list[tantivy.Query] = []
        for leaf in leaves:
            if isinstance(leaf, Term) and leaf.prefix:
                prefix = self._prefix(leaf.text)
                if prefix is not None:
                    queries.append(prefix)
                continue
            tokens = self._stem.analyze(leaf.text)
            if tokens:
                queries.append(self._tokens_query("text", tokens))
        if not queries:
            return None
        return queries[0] if len(queries) == 1 else tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])

    def _prefix(self, text: str) -> tantivy.Query | None:
        tokens = self._words.analyze(text)
        if not tokens:
            return None
        # `FOI2018/0*`: the leading words exactly, the last one as a prefix.
        return tantivy.Query.phrase_prefix_query(self._schema, "words", _words(tokens))

    def stems(self, text: str) -> list[str]:
        """The text's terms as the stemmed `text` field indexes them."""
        return list(self._stem.analyze(text))

    def highlight_stems(self, leaves: tuple[Term | Phrase, ...]) -> list[str]:
        """The stems of the positive words: what snippets mark (prefixes are not marked)."""
        stems: list[str] = []
        for leaf in leaves:
            if not (isinstance(leaf, Term) and leaf.prefix):
                stems += self._stem.analyze(leaf.text)
        return list(dict.fromkeys(stems))

    def filters(self, filters: Filters) -> list[Clause]:
        """Filter clauses that apply to document records."""
        clauses: list[Clause] = [(Occur.Must, self.kind(DOC))]
        for field, values in filters.field_values():
            if values:
                clauses.append((Occur.Must, self.any_of(field, list(values))))
        if filters.date_from or filters.date_to:
            clauses.append((Occur.Must, self._date_range(filters)))
        if filters.path_prefix:
            clauses.append((Occur.Must, self.any_of("path", [normalise_path(filters.path_prefix)])))
        if filters.exclude_document_ids:
            clauses.append((Occur.MustNot, self.any_of("doc_id", list(filters.exclude_document_ids))))
        for field, values in filters.excluded_values():
            clauses.append((Occur.MustNot, self.any_of(field, list(values))))
        return clauses

    def _date_range(self, filters: Filters) -> tantivy.Query:
        lower = _in_range(datetime.combine(filters.date_from, time.min)) if filters.date_from else None
        upper = _in_range(datetime.combine(filters.date_to, time.max)) if filters.date_to else None
        return tantivy.Query.range_query(self._schema, "date", tantivy.FieldType.Date, lower, upper)


# Tantivy keeps a date as nanoseconds since 1970 in 64 bits; a bound outside that span (after:0001)
# is moved to its edge, where it selects the same documents.
_EARLIEST = datetime(1677, 9, 22)
_LATEST = datetime(2262, 4, 11)


def _in_range(bound: datetime) -> datetime:
    return min(max(bound, _EARLIEST), _LATEST)


def _words(tokens: list[str]) -> list[str | tuple[int, str]]:
    return list(tokens)
