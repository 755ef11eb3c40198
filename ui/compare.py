"""The compare view: one round-robin campaign, authority by authority, with its counts, charts of
outcomes and exemptions, the answers' table (evidence on expand) and a CSV download."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from core.settings import Settings
from ingest.foi.authorities import gazetteer_for
from search.client import SearchClient
from search.compare import Comparison, request_text_of
from search.errors import CampaignNotFoundError
from search.model import Filters
from ui import state as keys
from ui.labels import exemption_label, outcome_label
from ui.markup import md_escape
from ui.overview import LONG_LABELS, WHOLE_NUMBERS
from ui.state import current_state, open_campaign

# The documents read to name a campaign in the picker, and the words of its request shown.
_LABEL_SAMPLE = 20
_LABEL_WORDS = 14


def compare_button(campaign_id: str, key: str) -> None:
    """Opens the compare view of the round-robin a document answers."""
    st.button(
        "Compare the round-robin",
        key=key,
        on_click=open_campaign,
        args=(campaign_id,),
        help="The same request was sent to several authorities: see every answer side by side.",
    )


def render_compare(client: SearchClient, settings: Settings) -> None:
    st.header("Compare a round-robin")
    campaigns = {bucket.value: bucket.count for bucket in client.facets().campaign}
    chosen = current_state().campaign
    if not campaigns and not chosen:
        st.info(
            "No round-robin in this index yet: a campaign forms when the same request, sent to several "
            "authorities, is answered by two or more of them."
        )
        return
    options = list(campaigns) + ([chosen] if chosen and chosen not in campaigns else [])
    if not chosen:
        st.session_state[keys.CAMPAIGN] = options[0]
    st.selectbox(
        "Campaign",
        options,
        key=keys.CAMPAIGN,
        format_func=lambda campaign_id: _label(client, campaign_id, campaigns.get(campaign_id, 0)),
        help="Each campaign is one request sent to several authorities; search with --group campaign to find them.",
    )
    campaign_id = current_state().campaign or options[0]
    try:
        comparison = client.compare(campaign_id, gazetteer_for(settings.authorities_csv).complete_set_members())
    except CampaignNotFoundError:
        st.warning(f"There is no campaign {md_escape(campaign_id)} in this index (or not in your collections).")
        return
    render_comparison(comparison)


def _label(client: SearchClient, campaign_id: str, documents: int) -> str:
    """What the picker shows: the campaign's request in its first words, not only its id."""
    request = request_text_of(client.browse(Filters(campaigns=(campaign_id,)), _LABEL_SAMPLE)) or ""
    words = request.split()
    opening = " ".join(words[:_LABEL_WORDS]) + (" …" if len(words) > _LABEL_WORDS else "")
    return f"{opening or campaign_id} · {documents} documents · {campaign_id}"


def render_comparison(comparison: Comparison) -> None:
    with st.container(key="compare_summary"):
        st.subheader(md_escape(comparison.summary()))
        if comparison.request_text:
            st.caption("Request: " + md_escape(comparison.request_text[:800]))
        answered, outcomes, exemptions = st.columns(3)
        answered.metric("Authorities that answered", len(comparison.answers))
        outcomes.metric("Disclosed in full", comparison.outcome_counts.get("disclosed", 0))
        exemptions.metric("Applied an exemption", sum(1 for answer in comparison.answers if answer.exemptions))
    by_outcome, by_exemption = st.columns(2)
    with by_outcome, st.container(key="compare_outcomes"):
        st.altair_chart(_bars(comparison.outcome_counts, "Outcome", outcome_label), width="stretch")
    with by_exemption, st.container(key="compare_exemptions"):
        if comparison.exemption_counts:
            st.altair_chart(_bars(comparison.exemption_counts, "Exemption", exemption_label), width="stretch")
        else:
            st.info("No authority applied an exemption.")
    with st.container(key="compare_table"):
        st.dataframe(_table(comparison), hide_index=True, width="stretch")
    st.download_button(
        "Download CSV",
        comparison.to_csv(),
        file_name=f"{comparison.campaign_id}.csv",
        mime="text/csv",
        key="compare_csv",
    )
    _evidence(comparison)
    if comparison.not_answered:
        with st.expander(f"Not answered: {len(comparison.not_answered)} of the {comparison.authority_set}"):
            st.markdown(md_escape(", ".join(comparison.not_answered)))


def _bars(counts: dict[str, int], title: str, label: Callable[[str], str]) -> alt.Chart:
    rows = [{"value": label(value), "authorities": count} for value, count in counts.items()]
    chart: alt.Chart = (
        alt.Chart(alt.Data(values=rows), title=f"Answers by {title.lower()}")  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X("authorities:Q", title="Authorities", axis=WHOLE_NUMBERS),
            y=alt.Y("value:N", sort="-x", title=None, axis=LONG_LABELS),
            tooltip=[alt.Tooltip("value:N", title=title), alt.Tooltip("authorities:Q", title="Authorities")],
        )
    )
    return chart


def _table(comparison: Comparison) -> list[dict[str, object]]:
    return [
        {
            "Authority": answer.authority,
            "Response date": answer.response_date,
            "Outcome": outcome_label(answer.outcome) if answer.outcome else "unknown",
            "Exemptions": ", ".join(answer.exemptions),
            "Reference": answer.reference or "",
            "Key sentence": answer.key_sentence or "",
        }
        for answer in comparison.answers
    ]


def _evidence(comparison: Comparison) -> None:
    """Why each answer has its outcome and exemptions, one authority at a time."""
    st.markdown("**Evidence, authority by authority**")
    for answer in comparison.answers:
        with st.expander(f"{answer.authority}: {outcome_label(answer.outcome) if answer.outcome else 'unknown'}"):
            st.markdown(f"Outcome: {md_escape(answer.key_sentence or 'no sentence recorded')}")
            for code, sentence in answer.exemption_evidence().items():
                st.markdown(f"{md_escape(exemption_label(code))}: {md_escape(sentence or 'no sentence recorded')}")
            st.caption(md_escape(answer.document.member_path or answer.document.source_path))
