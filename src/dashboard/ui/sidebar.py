"""The shared filters: seeded from the link (and from the browser's history on Back and
Forward), drawn in the sidebar on a wide screen and in a panel at the top of the page on a
phone, shown as removable chips above every page, written back to the URL, and applied once
per filter state into the `Context` every page reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pandas as pd
import streamlit as st

from ..data.loading import Dataset, Quarantined
from ..model import agreement
from ..model import filters as F
from ..model.cells import md
from ..model.visit import Visit, per_dataset, visit_ids
from ..model.words import visit_label, zone_text
from .cache import Loaded, Results, applied, options_of, visit_of
from .render import page_style, show_problems
from .state import (
    CARD_SORT_KEY,
    CHIPS_KEY,
    CONTEXT_KEY,
    FILTER_KEYS,
    NOTICES_KEY,
    PAGE_NAV_KEY,
    PHONE_FILTERS_KEY,
    PHONE_PANEL_KEY,
    PHONE_PREFIX,
    SEEDED_KEY,
    SIDEBAR_FILTERS_KEY,
)


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
    #: What `memo` handed out in this run, for its later calls to key (`cache.Results`).
    results: Results = field(default_factory=Results, compare=False, repr=False)


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


def choosable_ids(dataset: Dataset) -> list[str]:
    """Every visit a reader may pick: those served, then the quarantined ones (picking one
    shows what is wrong with it)."""
    ids = visit_ids(dataset)
    return ids + [q.id for q in dataset.quarantined if q.id not in ids]


def _quarantined(dataset: Dataset) -> dict[str, Quarantined]:
    return {q.id: q for q in dataset.quarantined}


def _seed_from_url(dataset: Dataset, version: str) -> None:
    """Take the filter state from the link, dropping what is unknown: once per session, and
    again whenever the reader walks the browser's history (Back and Forward)."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    broken = _quarantined(dataset)

    def options_for(vid: str) -> F.Options:
        if vid in broken:
            return F.NO_OPTIONS
        return options_of(visit_of(dataset, version, vid), version)

    parsed = F.parse_params(params, choosable_ids(dataset), options_for)
    f = parsed.filters
    st.session_state[FILTER_KEYS["visit"]] = f.visit
    st.session_state[FILTER_KEYS["day"]] = list(f.days)
    st.session_state[FILTER_KEYS["topic"]] = list(f.topics)
    st.session_state[FILTER_KEYS["city"]] = list(f.cities)
    st.session_state[FILTER_KEYS["q"]] = f.text
    st.session_state[FILTER_KEYS["sort"]] = f.sort
    st.session_state[FILTER_KEYS["as_of"]] = f.as_of
    st.session_state[FILTER_KEYS["place"]] = f.place
    st.session_state[NOTICES_KEY] = (parsed.filters, parsed.notices)
    st.session_state[SEEDED_KEY] = True


def _walking_history() -> bool:
    """Whether this run comes from the browser's Back or Forward: Streamlit 1.67 reruns
    with the URL of that history entry, which then holds the filters to show."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    return bool(run is not None and getattr(run, "is_history_navigation", False))


def _reset() -> None:
    for name, *_ in PILL_GROUPS:
        st.session_state[FILTER_KEYS[name]] = []
    st.session_state[FILTER_KEYS["q"]] = ""


def _visit_changed() -> None:
    """Another visit: its own filters, and everything it has reported."""
    _reset()
    st.session_state[FILTER_KEYS["as_of"]] = ""
    st.session_state[FILTER_KEYS["place"]] = ""


def _remove(name: str, value: str) -> None:
    """A chip's ✕: take one value off one filter."""
    key = FILTER_KEYS[name]
    if name == "q":
        st.session_state[key] = ""
    else:
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v != value]


def _from_phone(name: str) -> None:
    """The phone's copy of a filter changed: make it the filter. The panel stays open, so
    that a reader picks a day and a topic in one opening; its button folds it away."""
    st.session_state[FILTER_KEYS[name]] = st.session_state[PHONE_PREFIX + FILTER_KEYS[name]]
    st.session_state[PHONE_PANEL_KEY] = True  # its label changes ("Filters · 1 on"): keep it open
    if name == "visit":
        _visit_changed()


def _fold_phone_panel() -> None:
    st.session_state[PHONE_PANEL_KEY] = False


def _chosen_visit(dataset: Dataset, ids: list[str]) -> str:
    visit_id = st.session_state.get(FILTER_KEYS["visit"], ids[0])
    return visit_id if visit_id in ids else ids[0]


@per_dataset
def visit_titles(dataset: Dataset) -> dict[str, str]:
    """Each choosable visit's label for the selector (the guest, the host country, the
    month: a title would be cut); a quarantined one says it needs fixing. Computed once
    per loaded dataset: read it, never change it."""
    visits = dataset.visits
    titles = {
        str(row["id"]): visit_label(
            str(row["guest"]), str(row["host_country"]), pd.Timestamp(row["start_date"]).date()
        )
        for row in visits[["id", "guest", "host_country", "start_date"]].to_dict("records")
    }
    for q in dataset.quarantined:
        titles.setdefault(q.id, f"⚠ {q.title or q.folder} (needs fixing)")
    return titles


def _visit_selector(dataset: Dataset, ids: list[str], *, phone: bool = False) -> None:
    if len(ids) < 2:
        return
    titles = visit_titles(dataset)
    key = FILTER_KEYS["visit"]
    if phone:
        st.session_state[PHONE_PREFIX + key] = st.session_state.get(key, ids[0])
    # Select box options are plain text (no Markdown): titles are shown as written.
    st.selectbox(
        "Visit",
        ids,
        format_func=titles.get,
        key=PHONE_PREFIX + key if phone else key,
        on_change=partial(_from_phone, "visit") if phone else _visit_changed,
    )


def _current_filters(visit_id: str, opts: F.Options) -> F.Filters:
    # Drop values the current visit does not offer (e.g. after a visit switch).
    for name, _, attribute, _ in PILL_GROUPS:
        allowed = getattr(opts, attribute)
        st.session_state[FILTER_KEYS[name]] = [
            v for v in st.session_state.get(FILTER_KEYS[name], []) if v in allowed
        ]
    place = str(st.session_state.get(FILTER_KEYS["place"]) or "")
    return F.Filters(
        visit=visit_id,
        days=tuple(st.session_state[FILTER_KEYS["day"]]),
        topics=tuple(st.session_state[FILTER_KEYS["topic"]]),
        cities=tuple(st.session_state[FILTER_KEYS["city"]]),
        text=str(st.session_state.get(FILTER_KEYS["q"], ""))[: F.MAX_TEXT].strip(),
        sort=st.session_state.get(FILTER_KEYS["sort"]) or F.DEFAULT_SORT,
        as_of=str(st.session_state.get(FILTER_KEYS["as_of"]) or ""),
        place=place if place in opts.places else "",
    )


AS_OF_HELP = (
    "Shows every page as it stood when only the sources published by then existed: "
    "statuses, times, outcomes, disagreements, counts and the map. A source with no time "
    "of publication counts from the end of its day, and a time whose page states no zone is "
    "read as the guest's home time ({zone}), as the as-of moment is; a link's date alone "
    "(as_of=YYYY-MM-DD) is the moment that day began."
)


def _as_of_selector(visit: Visit, *, phone: bool = False) -> None:
    """The as-of control: every day a source was published on, and the link's own moment
    when it is another; only for a visit with sources."""
    days = agreement.as_of_choices(visit)
    if not days:
        return
    key = FILTER_KEYS["as_of"]
    chosen = str(st.session_state.get(key) or "")
    options = ["", *days]
    if chosen and chosen not in options:
        options.append(chosen)
    zone = visit.home_timezone
    if phone:
        st.session_state[PHONE_PREFIX + key] = chosen
    # Select box options are plain text (no Markdown): the labels are the model's words.
    st.selectbox(
        "Reports as of",
        options,
        format_func=lambda value: agreement.as_of_label(value, zone),
        key=PHONE_PREFIX + key if phone else key,
        help=AS_OF_HELP.format(zone=zone_text(zone or "UTC", visit.start)),
        on_change=partial(_from_phone, "as_of") if phone else None,
    )


def _filter_widgets(opts: F.Options, counts: F.Counts, *, phone: bool = False) -> None:
    """The pill groups and the search box, each with what it leaves on its own. The phone's
    copy has its own keys, kept equal to the filters before it is drawn."""
    names = [name for name, *_ in PILL_GROUPS] + ["q"]
    if phone:
        for name in names:
            st.session_state[PHONE_PREFIX + FILTER_KEYS[name]] = st.session_state[FILTER_KEYS[name]]

    def key(name: str) -> str:
        return PHONE_PREFIX + FILTER_KEYS[name] if phone else FILTER_KEYS[name]

    def changed(name: str):
        return partial(_from_phone, name) if phone else None

    for name, label, attribute, help_text in PILL_GROUPS:
        choices = getattr(opts, attribute)
        st.pills(
            label,
            list(choices),
            selection_mode="multi",
            format_func=lambda value, choices=choices: md(choices[value]),
            key=key(name),
            help=help_text,
            on_change=changed(name),
        )
        st.caption(counts.events_text(name))
    st.text_input(
        "Search text",
        key=key("q"),
        max_chars=F.MAX_TEXT,
        placeholder="A name, place or word",
        on_change=changed("q"),
    )
    st.caption(counts.events_text("text"))


def _showing(counts: F.Counts) -> str:
    return (
        f"**Showing {counts.events_text()}**, and "
        f"**{counts.cards:,} of {counts.cards_total:,} issue cards**."
    )


def quarantine_notice(dataset: Dataset) -> str | None:
    """Where visits are chosen: which visit folders are left out, and how to see why."""
    broken = dataset.quarantined
    if not broken:
        return None
    names = ", ".join(md(q.title or q.folder) for q in broken[: F.NOTICE_NAMES])
    more = len(broken) - F.NOTICE_NAMES
    if more > 0:
        names += f" and {more:,} more"
    count = len(broken)
    noun = "visit has" if count == 1 else "visits have"
    return (
        f"{count} {noun} problems in its data and cannot be shown: {names}. "
        "Pick it in the Visit list to see what to fix; the other visits are not affected."
    )


def _draw_sidebar(
    dataset: Dataset,
    ids: list[str],
    full: Visit,
    opts: F.Options,
    filters: F.Filters,
    counts: F.Counts,
) -> None:
    with st.sidebar.container(key=SIDEBAR_FILTERS_KEY):
        _visit_selector(dataset, ids)
        notice = quarantine_notice(dataset)
        if notice:
            st.warning(notice, icon=":material/report:")
        _as_of_selector(full)
        st.header("Filters")
        _filter_widgets(opts, counts)
        st.markdown(_showing(counts))
        st.button(
            "Reset filters",
            on_click=_reset,
            disabled=not filters.active,
            icon=":material/restart_alt:",
            width="stretch",
        )


def _chips(filters: F.Filters, opts: F.Options) -> None:
    """The active filters at the top of the page, each a button that removes it."""
    chosen = [("day", v, opts.days[v]) for v in filters.days]
    chosen += [("topic", v, opts.topics[v]) for v in filters.topics]
    chosen += [("city", v, opts.cities[v]) for v in filters.cities]
    if filters.text:
        chosen.append(("q", filters.text, f"“{filters.text}”"))
    if not chosen:
        return
    with st.container(horizontal=True, key=CHIPS_KEY, gap="small", vertical_alignment="center"):
        st.markdown("**Filters on:**", width="content")
        for name, value, label in chosen:
            st.button(
                f"{md(label)} ✕",
                key=f"chip-{name}-{value}",
                on_click=_remove,
                args=(name, value),
                help=f"Remove this {F.FILTER_NAMES[name if name != 'q' else 'text']} filter",
                type="secondary",
                width="content",
            )
        st.button("Clear all", key="chip-clear", on_click=_reset, type="tertiary")


def _phone_panel(
    dataset: Dataset,
    ids: list[str],
    full: Visit,
    opts: F.Options,
    filters: F.Filters,
    counts: F.Counts,
) -> None:
    """On a narrow screen the sidebar covers the page, so the filters sit in a panel at the
    top of the page instead (styles show one or the other by the screen's width)."""
    active = len(filters.days) + len(filters.topics) + len(filters.cities) + bool(filters.text)
    label = f"Filters · {active} on" if active else "Filters"
    with st.container(key=PHONE_FILTERS_KEY):
        # A keyed expander that reruns on open and close keeps its state in the session,
        # so a pick can fold it (`_from_phone`).
        panel = st.expander(
            label, icon=":material/filter_list:", key=PHONE_PANEL_KEY, on_change="rerun"
        )
        with panel:
            # Drawn only while open (opening it reruns): on a wide screen, where the
            # sidebar holds the filters, a rerun does not draw them twice.
            if panel.open:
                _visit_selector(dataset, ids, phone=True)
                _as_of_selector(full, phone=True)
                _filter_widgets(opts, counts, phone=True)
                st.markdown(_showing(counts))
                st.button(
                    "Show the page",
                    icon=":material/expand_less:",
                    type="primary",
                    on_click=_fold_phone_panel,
                    width="stretch",
                    help="Fold the filters away; the chips under the title say what is on.",
                )


def _page_links(nav: list | None, current, params: dict) -> None:
    """Links to the pages, each carrying the filters: Streamlit's own page links drop the
    query string, so a page switch would first land on a URL without the filters (a step
    in the browser's history that Back would then take as "no filter"). The current page's
    link sits in a container keyed `nav-current` (styled as the current page)."""
    if not nav:
        return
    with st.sidebar.container(key=PAGE_NAV_KEY):
        for page in nav:
            here = current is not None and page.url_path == current.url_path
            with st.container(key="nav-current" if here else f"nav-{page.url_path or 'home'}"):
                st.page_link(page, query_params=params, width="stretch")


def _show_quarantined(
    dataset: Dataset, ids: list[str], chosen: Quarantined, nav: list | None, current
) -> None:
    """A quarantined visit's pages: the page links and the visit selector (so the reader can
    pick another), then the visit's report instead of the page; the run stops there."""
    params = {"visit": chosen.id}
    page_style()
    _page_links(nav, current, params)
    with st.sidebar.container(key=SIDEBAR_FILTERS_KEY):
        _visit_selector(dataset, ids)
    with st.container(key=PHONE_FILTERS_KEY):
        with st.expander("Visit", icon=":material/filter_list:"):
            _visit_selector(dataset, ids, phone=True)
    st.query_params.from_dict(params)
    show_problems(chosen.problems, visit=chosen.title or chosen.folder)
    st.stop()


def sidebar_filters(loaded: Loaded, nav: list | None = None, current=None) -> Context:
    """Draw the page links and the shared filters, keep the URL in step, and return what the
    pages need."""
    dataset, version = loaded.dataset, loaded.version
    if not st.session_state.get(SEEDED_KEY) or _walking_history():
        _seed_from_url(dataset, version)
    ids = choosable_ids(dataset)
    chosen = _chosen_visit(dataset, ids)
    broken = _quarantined(dataset)
    if chosen in broken:
        _show_quarantined(dataset, ids, broken[chosen], nav, current)
    # The filters offer what the whole visit offers, whatever the as-of moment: stepping
    # through the reports keeps them.
    full = visit_of(dataset, version, chosen)
    opts = options_of(full, version)
    filters = _current_filters(full.id, opts)
    visit = visit_of(dataset, version, chosen, filters.as_of) if filters.as_of else full
    result = applied(visit, filters, version)
    params = F.to_params(filters, ids[0])
    page_style()
    _page_links(nav, current, params)
    _draw_sidebar(dataset, ids, full, opts, filters, result.counts)
    _phone_panel(dataset, ids, full, opts, filters, result.counts)
    _chips(filters, opts)
    st.query_params.from_dict(params)
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


def _sorted(widget_key: str) -> None:
    st.session_state[FILTER_KEYS["sort"]] = st.session_state[widget_key] or F.DEFAULT_SORT


def sort_control(labels: dict[str, str], key: str = CARD_SORT_KEY) -> str:
    """The issue cards' order, as a page widget whose value lives with the filters (so the
    link keeps it, and it survives page switches and shared links); returns it."""
    chosen = st.session_state.get(FILTER_KEYS["sort"]) or F.DEFAULT_SORT
    st.session_state[key] = chosen  # the page's widget starts from the link's order
    st.segmented_control(
        "Sort by",
        list(labels),
        format_func=labels.get,
        key=key,
        required=True,
        on_change=_sorted,
        args=(key,),
    )
    return chosen


def show_notices(filters: F.Filters) -> None:
    """Tell the user what was dropped from the link they opened, for as long as they look
    at the view that link gave them (a filter change dismisses it)."""
    from_link, notices = st.session_state.get(NOTICES_KEY, (None, []))
    if from_link != filters:
        st.session_state[NOTICES_KEY] = (None, [])
        return
    for notice in notices:
        st.info(md(notice), icon=":material/link_off:")
