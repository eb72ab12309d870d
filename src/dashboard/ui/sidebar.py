"""The shared filters: seeded from the link, drawn in the sidebar, written back to the URL,
and applied once per filter state into the `Context` every page reads."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from .. import filters as F
from ..cells import md
from ..loading import Dataset
from ..model import Visit, visit_ids
from .cache import Loaded, applied, options_of, visit_of
from .state import CONTEXT_KEY, FILTER_KEYS, NOTICES_KEY, SEEDED_KEY


@dataclass(frozen=True)
class Context:
    version: str
    dataset: Dataset
    visit: Visit
    filters: F.Filters
    options: F.Options
    events: pd.DataFrame
    cards: pd.DataFrame
    counts: F.Counts


#: The pill groups, in sidebar order: (filter name, label, Options attribute, help).
PILL_GROUPS = (
    (
        "day",
        "Day",
        "days",
        "Events on these days. A ranged event counts on each day it may fall on.",
    ),
    ("topic", "Topic", "topics", None),
    ("city", "City", "cities", None),
)


def _seed_from_url(dataset: Dataset, version: str) -> None:
    """Once per session: take the filter state from the link, dropping what is unknown."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    ids = visit_ids(dataset)
    parsed = F.parse_params(
        params, ids, lambda vid: options_of(visit_of(dataset, version, vid), version)
    )
    f = parsed.filters
    st.session_state[FILTER_KEYS["visit"]] = f.visit
    st.session_state[FILTER_KEYS["day"]] = list(f.days)
    st.session_state[FILTER_KEYS["topic"]] = list(f.topics)
    st.session_state[FILTER_KEYS["city"]] = list(f.cities)
    st.session_state[FILTER_KEYS["q"]] = f.text
    st.session_state[NOTICES_KEY] = (parsed.filters, parsed.notices)
    st.session_state[SEEDED_KEY] = True


def _reset() -> None:
    for name, *_ in PILL_GROUPS:
        st.session_state[FILTER_KEYS[name]] = []
    st.session_state[FILTER_KEYS["q"]] = ""


def _chosen_visit(dataset: Dataset, ids: list[str]) -> str:
    if len(ids) > 1:
        titles = dict(zip(dataset.visits["id"], dataset.visits["title"], strict=True))
        st.sidebar.selectbox(
            "Visit", ids, format_func=titles.get, key=FILTER_KEYS["visit"], on_change=_reset
        )
    visit_id = st.session_state.get(FILTER_KEYS["visit"], ids[0])
    return visit_id if visit_id in ids else ids[0]


def _current_filters(visit_id: str, opts: F.Options) -> F.Filters:
    # Drop values the current visit does not offer (e.g. after a visit switch).
    for name, _, attribute, _ in PILL_GROUPS:
        allowed = getattr(opts, attribute)
        st.session_state[FILTER_KEYS[name]] = [
            v for v in st.session_state.get(FILTER_KEYS[name], []) if v in allowed
        ]
    return F.Filters(
        visit=visit_id,
        days=tuple(st.session_state[FILTER_KEYS["day"]]),
        topics=tuple(st.session_state[FILTER_KEYS["topic"]]),
        cities=tuple(st.session_state[FILTER_KEYS["city"]]),
        text=str(st.session_state.get(FILTER_KEYS["q"], ""))[: F.MAX_TEXT].strip(),
    )


def _draw_filters(opts: F.Options, filters: F.Filters, counts: F.Counts) -> None:
    sidebar = st.sidebar
    total = counts.events_total

    def left(which: str) -> str:
        return f"{counts.per_filter.get(which, total):,} of {total:,} events"

    sidebar.header("Filters")
    for name, label, attribute, help_text in PILL_GROUPS:
        choices = getattr(opts, attribute)
        sidebar.pills(
            label,
            list(choices),
            selection_mode="multi",
            format_func=lambda value, choices=choices: md(choices[value]),
            key=FILTER_KEYS[name],
            help=help_text,
        )
        sidebar.caption(left(name))
    sidebar.text_input(
        "Search text",
        key=FILTER_KEYS["q"],
        max_chars=F.MAX_TEXT,
        placeholder="A name, place or word",
    )
    sidebar.caption(left("text"))
    sidebar.markdown(
        f"**Showing {counts.events:,} of {counts.events_total:,} events** and "
        f"**{counts.cards:,} of {counts.cards_total:,} issue cards**."
    )
    sidebar.button(
        "Reset filters",
        on_click=_reset,
        disabled=not filters.active,
        icon=":material/restart_alt:",
        width="stretch",
    )


def sidebar_filters(loaded: Loaded) -> Context:
    """Draw the shared filters, keep the URL in step, and return what the pages need."""
    dataset, version = loaded.dataset, loaded.version
    if not st.session_state.get(SEEDED_KEY):
        _seed_from_url(dataset, version)
    ids = visit_ids(dataset)
    visit = visit_of(dataset, version, _chosen_visit(dataset, ids))
    opts = options_of(visit, version)
    filters = _current_filters(visit.id, opts)
    result = applied(visit, filters, version)
    _draw_filters(opts, filters, result.counts)
    st.query_params.from_dict(F.to_params(filters, ids[0]))
    context = Context(
        version=version,
        dataset=dataset,
        visit=visit,
        filters=filters,
        options=opts,
        events=result.events,
        cards=result.cards,
        counts=result.counts,
    )
    st.session_state[CONTEXT_KEY] = context
    return context


def show_notices(filters: F.Filters) -> None:
    """Tell the user what was dropped from the link they opened, for as long as they look
    at the view that link gave them (a filter change dismisses it)."""
    from_link, notices = st.session_state.get(NOTICES_KEY, (None, []))
    if from_link != filters:
        st.session_state[NOTICES_KEY] = (None, [])
        return
    for notice in notices:
        st.info(md(notice), icon=":material/link_off:")
