"""The search state: what the user asked for, kept in the page URL so a search can be bookmarked.

The URL is the one durable store. Each widget's key doubles as its URL parameter;
at the start of a run every widget key missing from the session (a new tab, or a
widget not drawn in the last run) is filled from the URL, and at the end of a run
the state is written back to the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from core.codes import exemption_levels, normalise_exemption, normalise_outcome
from search.client import QueryOptions
from search.model import Filters, Mode, Sort

E = TypeVar("E", Mode, Sort)

VIEWS: tuple[str, ...] = ("search", "overview", "batch", "compare")
PAGE_SIZE = 10

# Widget keys (and URL parameters, except the two exemption widgets that share `exemption`).
Q, MODE, AUTHORITY, SECTIONS, SUBSECTIONS = "q", "mode", "authority", "exemption", "exemption_detail"
OUTCOME, DOC_TYPE, COLLECTION, AFTER, BEFORE, SORT, GROUP, PAGE, DOC, VIEW = (
    "outcome",
    "type",
    "collection",
    "after",
    "before",
    "sort",
    "group",
    "page",
    "doc",
    "view",
)
CAMPAIGN = "campaign"


@dataclass(frozen=True)
class SearchState:
    q: str = ""
    mode: Mode = Mode.HYBRID
    authorities: tuple[str, ...] = ()
    # Top-level exemption sections (`s40`) and finer codes (`s40(2)`): any of them matches.
    sections: tuple[str, ...] = ()
    subsections: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    after: date | None = None
    before: date | None = None
    sort: Sort = Sort.RELEVANCE
    group: bool = False
    page: int = 1
    doc: str | None = None
    view: str = "search"
    # The round-robin campaign the compare view shows.
    campaign: str | None = None

    @property
    def exemptions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sections + self.subsections))

    def filters(self) -> Filters:
        return Filters(
            authorities=self.authorities,
            exemptions=self.exemptions,
            outcomes=self.outcomes,
            doc_types=self.doc_types,
            date_from=self.after,
            date_to=self.before,
            collections=self.collections or None,
        )

    def has_filters(self) -> bool:
        return not self.filters().is_empty()

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def search_options(self) -> QueryOptions:
        """Keyword arguments of SearchClient.search for the current page."""
        return {
            "mode": self.mode,
            "filters": self.filters(),
            "sort": self.sort,
            "limit": PAGE_SIZE,
            "offset": self.offset,
        }

    # -- URL ----------------------------------------------------------------

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> SearchState:
        """Read URL parameters; anything invalid is dropped rather than failing the page."""

        def first(name: str) -> str:
            values = params.get(name) or ()
            return values[0] if values else ""

        exemptions = _valid(params.get(SECTIONS, ()), normalise_exemption)
        return cls(
            q=first(Q),
            mode=_enum(Mode, first(MODE), Mode.HYBRID),
            authorities=_clean_values(params.get(AUTHORITY, ())),
            sections=tuple(code for code in exemptions if len(exemption_levels(code)) == 1),
            subsections=tuple(code for code in exemptions if len(exemption_levels(code)) > 1),
            outcomes=_valid(params.get(OUTCOME, ()), normalise_outcome),
            doc_types=_clean_values(params.get(DOC_TYPE, ())),
            collections=_clean_values(params.get(COLLECTION, ())),
            after=_date(first(AFTER)),
            before=_date(first(BEFORE)),
            sort=_enum(Sort, first(SORT), Sort.RELEVANCE),
            group=first(GROUP) in {"1", "true", "yes"},
            page=_page(first(PAGE)),
            doc=first(DOC) or None,
            view=first(VIEW) if first(VIEW) in VIEWS else "search",
            campaign=first(CAMPAIGN) or None,
        )

    def to_params(self) -> dict[str, str | list[str]]:
        """URL parameters, defaults left out so a URL stays short."""
        params: dict[str, str | list[str]] = {}
        if self.q:
            params[Q] = self.q
        if self.mode is not Mode.HYBRID:
            params[MODE] = self.mode.value
        for name, values in (
            (AUTHORITY, self.authorities),
            (SECTIONS, self.exemptions),
            (OUTCOME, self.outcomes),
            (DOC_TYPE, self.doc_types),
            (COLLECTION, self.collections),
        ):
            if values:
                params[name] = list(values)
        if self.after:
            params[AFTER] = self.after.isoformat()
        if self.before:
            params[BEFORE] = self.before.isoformat()
        if self.sort is not Sort.RELEVANCE:
            params[SORT] = self.sort.value
        if self.group:
            params[GROUP] = "1"
        if self.page > 1:
            params[PAGE] = str(self.page)
        if self.doc:
            params[DOC] = self.doc
        if self.view != "search":
            params[VIEW] = self.view
        if self.campaign:
            params[CAMPAIGN] = self.campaign
        return params

    # -- widgets --------------------------------------------------------------

    def widget_values(self) -> dict[str, Any]:
        return {
            Q: self.q,
            MODE: self.mode.value,
            AUTHORITY: list(self.authorities),
            SECTIONS: list(self.sections),
            SUBSECTIONS: list(self.subsections),
            OUTCOME: list(self.outcomes),
            DOC_TYPE: list(self.doc_types),
            COLLECTION: list(self.collections),
            AFTER: self.after,
            BEFORE: self.before,
            SORT: self.sort.value,
            GROUP: self.group,
            PAGE: self.page,
            DOC: self.doc,
            VIEW: self.view,
            CAMPAIGN: self.campaign,
        }

    @classmethod
    def from_widgets(cls, values: Mapping[str, Any]) -> SearchState:
        default = cls()
        return cls(
            q=str(values.get(Q) or "").strip(),
            mode=_enum(Mode, str(values.get(MODE) or ""), Mode.HYBRID),
            authorities=_clean_values(values.get(AUTHORITY) or ()),
            sections=_valid(values.get(SECTIONS) or (), normalise_exemption),
            subsections=_valid(values.get(SUBSECTIONS) or (), normalise_exemption),
            outcomes=_valid(values.get(OUTCOME) or (), normalise_outcome),
            doc_types=_clean_values(values.get(DOC_TYPE) or ()),
            collections=_clean_values(values.get(COLLECTION) or ()),
            after=values.get(AFTER) if isinstance(values.get(AFTER), date) else None,
            before=values.get(BEFORE) if isinstance(values.get(BEFORE), date) else None,
            sort=_enum(Sort, str(values.get(SORT) or ""), Sort.RELEVANCE),
            group=bool(values.get(GROUP, default.group)),
            page=_page(str(values.get(PAGE) or 1)),
            doc=str(values[DOC]) if values.get(DOC) else None,
            view=str(values.get(VIEW)) if values.get(VIEW) in VIEWS else "search",
            campaign=str(values[CAMPAIGN]) if values.get(CAMPAIGN) else None,
        )

    def without_authorities(self) -> SearchState:
        return replace(self, authorities=())

    def without_exemptions(self) -> SearchState:
        return replace(self, sections=(), subsections=())

    def without_outcomes(self) -> SearchState:
        return replace(self, outcomes=())

    def without_collections(self) -> SearchState:
        return replace(self, collections=())


def _enum(kind: type[E], value: str, default: E) -> E:
    try:
        return kind(value)
    except ValueError:
        return default


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _page(value: str) -> int:
    return int(value) if value.isdigit() and int(value) >= 1 else 1


def _clean_values(values: Sequence[str] | Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(value).strip() for value in values if str(value).strip()))


def _valid(values: Sequence[str] | Any, normalise: Callable[[str], str | None]) -> tuple[str, ...]:
    normalised = (normalise(str(value)) for value in values)
    return tuple(dict.fromkeys(value for value in normalised if value))


# -- the Streamlit side --------------------------------------------------------


def url_state() -> SearchState:
    return SearchState.from_params({key: st.query_params.get_all(key) for key in st.query_params})


def restore_from_url() -> None:
    """Give every widget missing from the session the value the URL holds."""
    for key, value in url_state().widget_values().items():
        if key not in st.session_state:
            st.session_state[key] = value


def current_state() -> SearchState:
    return SearchState.from_widgets({key: st.session_state[key] for key in st.session_state})


def write_url(state: SearchState) -> None:
    params = state.to_params()
    if params != _as_params(st.query_params.to_dict(), st.query_params.get_all):
        st.query_params.from_dict(params)


def _as_params(flat: dict[str, str], get_all: Callable[[str], list[str]]) -> dict[str, str | list[str]]:
    # to_dict keeps only the last value of a repeated key; rebuild lists to compare like with like.
    return {key: (values if len(values := get_all(key)) > 1 or key in _LIST_KEYS else values[0]) for key in flat}


_LIST_KEYS = {AUTHORITY, SECTIONS, OUTCOME, DOC_TYPE, COLLECTION}


def new_search() -> None:
    """Callback of every search widget: a changed search starts again at page 1, on the result list."""
    st.session_state[PAGE] = 1
    st.session_state[DOC] = None


def open_document(document_id: str) -> None:
    st.session_state[DOC] = document_id


def close_document() -> None:
    st.session_state[DOC] = None


def open_campaign(campaign_id: str) -> None:
    """Show the compare view of this campaign."""
    st.session_state[VIEW] = "compare"
    st.session_state[CAMPAIGN] = campaign_id
    st.session_state[DOC] = None
