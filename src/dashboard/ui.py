"""The Streamlit glue shared by the entrypoint and the pages: the cached loader, the filter
widgets and their URL state, the validation report and the footer.

This is the only module of the package that calls `st.*`; everything it shows is computed
by the pure modules beside it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from . import filters as F
from .cells import md
from .loading import DataError, Dataset, Problem, data_dir_from_env, data_fingerprint, load_dataset
from .model import Visit, select_visit, visit_ids
from .sources import seed_meta_for, source_footer


@functools.cache
def favicon(path: str) -> str:
    """The page icon as a data URL, read once per process: given a file path, Streamlit
    reads and registers the file again on every rerun of every page."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


KEYS = {"visit": "f_visit", "day": "f_day", "topic": "f_topic", "city": "f_city", "q": "f_q"}
CONTEXT_KEY = "_dashboard_context"


# ---------------------------------------------------------------------------------------
# Loading, cached once per change of the data files


@dataclass(frozen=True)
class Loaded:
    dataset: Dataset | None
    problems: tuple[Problem, ...]
    version: str = ""  # of the files this was loaded from (see `load`)


# st.cache_resource, not st.cache_data: cache_data hands out a fresh copy (unpickled) on
# every read, which for 100k events costs more than drawing the page. Nothing here
# mutates a cached value: every function returns new frames and figures.
@st.cache_resource(show_spinner="Loading and validating the visit data…", max_entries=4)
def _load(folder: str, version: str) -> Loaded:
    # `version` changes whenever a data or seed file changes, which invalidates the cache.
    try:
        return Loaded(load_dataset(Path(folder)), (), version)
    except DataError as err:
        return Loaded(None, tuple(err.problems), version)


def load() -> Loaded:
    folder = data_dir_from_env()
    # A short digest of the files' names, sizes and times: every cached call below takes it
    # as its key, and hashing 16 characters is cheaper than hashing the whole listing.
    fingerprint = repr(data_fingerprint(folder)).encode()
    return _load(
        folder=str(folder), version=hashlib.blake2b(fingerprint, digest_size=8).hexdigest()
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def _visit(_dataset: Dataset, version: str, visit_id: str) -> Visit:
    return select_visit(_dataset, visit_id)


def _visit_of(dataset: Dataset, version: str, visit_id: str) -> Visit:
    return _visit(_dataset=dataset, version=version, visit_id=visit_id)


@st.cache_resource(max_entries=16, show_spinner=False)
def _options(_visit: Visit, version: str, visit_id: str) -> F.Options:
    return F.options(_visit)


# Every rerun (a page switch, a map click) applies the filters again: keep the result per
# filter state, so that only a change of the filters pays for it.
@st.cache_resource(max_entries=64, show_spinner=False)
def _applied(_visit: Visit, _filters: F.Filters, version: str, key: str) -> F.Applied:
    return F.apply(_visit, _filters)


@st.cache_resource(max_entries=256, show_spinner="Drawing…")
def _memo(_fn, _args: tuple, _kwargs: dict, key: str):
    return _fn(*_args, **_kwargs)


SCALAR = str | int | float | bool | None


def _plain(value: object) -> bool:
    """A value that keys a result by itself: a scalar or a tuple of scalars. Anything else
    (frames, visits, built pieces) is derived from the data version, visit and filters."""
    if isinstance(value, tuple):
        return all(isinstance(v, SCALAR) for v in value)
    return isinstance(value, SCALAR)


def memo(fn, *args, part: str = "", filtered: bool = True, **kwargs):
    """`fn(*args, **kwargs)`, computed once per data version, visit and filter state.

    For the pure builders the pages call with the context's visit, filtered frames and
    filters: all of them are determined by that key, plus the other (plain) arguments.
    Calls of one builder on different frames of the same state need a distinct `part`;
    `filtered=False` marks a result that does not depend on the filters (kept across them).
    """
    ctx = st.session_state[CONTEXT_KEY]
    # Frames, visits and id sets are determined by the data version, visit and filters.
    plain = tuple(a for a in args if _plain(a))
    key = repr(
        (
            ctx.version,
            ctx.visit.id,
            ctx.filters if filtered else None,
            f"{fn.__module__}.{fn.__qualname__}",
            part,
            plain,
            sorted((k, v) for k, v in kwargs.items() if _plain(v)),
        )
    )  # one string: the cheapest key for Streamlit's cache to hash
    # Keyword arguments: Streamlit looks up positional ones' names with inspect, per call.
    return _memo(_fn=fn, _args=args, _kwargs=kwargs, key=key)


def _as_arrow(fn, *args, **kwargs) -> pa.Table:
    return pa.Table.from_pandas(fn(*args, **kwargs), preserve_index=False)


def dataframe(fn, *args, part: str = "", filtered: bool = True, **kwargs) -> None:
    """`st.dataframe` of the frame `fn(*args, **kwargs)`, as `memo` keys it.

    Streamlit converts a pandas frame to Arrow on every rerun (most of a table-heavy page's
    rerun); an Arrow table it only has to send. So the frame is converted once per state.
    """
    table = memo(
        _as_arrow,
        fn,
        *args,
        part=f"{fn.__module__}.{fn.__qualname__}:{part}",
        filtered=filtered,
        **kwargs,
    )
    st.dataframe(table, hide_index=True, width="stretch")


def table_expander(label: str, fn, *args, key: str, filtered: bool = True, **kwargs) -> None:
    """An expander holding the table `fn(*args, **kwargs)` (see `dataframe`), built and sent
    only while the reader has it open: a closed table costs a rerun nothing."""
    box = st.expander(label, key=key, on_change="rerun")
    with box:
        if box.open:
            dataframe(fn, *args, filtered=filtered, **kwargs)


# ---------------------------------------------------------------------------------------
# Filters in the sidebar, mirrored in the URL


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


def _seed_from_url(dataset: Dataset, version: str) -> None:
    """Once per session: take the filter state from the link, dropping what is unknown."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    ids = visit_ids(dataset)
    parsed = F.parse_params(
        params,
        ids,
        lambda vid: _options(
            _visit=_visit_of(dataset, version, vid), version=version, visit_id=vid
        ),
    )
    f = parsed.filters
    st.session_state[KEYS["visit"]] = f.visit
    st.session_state[KEYS["day"]] = list(f.days)
    st.session_state[KEYS["topic"]] = list(f.topics)
    st.session_state[KEYS["city"]] = list(f.cities)
    st.session_state[KEYS["q"]] = f.text
    st.session_state["_notices"] = (parsed.filters, parsed.notices)
    st.session_state["_seeded"] = True


def _reset() -> None:
    for name in ("day", "topic", "city"):
        st.session_state[KEYS[name]] = []
    st.session_state[KEYS["q"]] = ""


def _visit_changed() -> None:
    _reset()


def sidebar_filters(loaded: Loaded) -> Context:
    """Draw the shared filters, keep the URL in step, and return what the pages need."""
    dataset, version = loaded.dataset, loaded.version
    if not st.session_state.get("_seeded"):
        _seed_from_url(dataset, version)
    ids = visit_ids(dataset)
    titles = dict(zip(dataset.visits["id"], dataset.visits["title"], strict=True))
    sidebar = st.sidebar
    if len(ids) > 1:
        sidebar.selectbox(
            "Visit", ids, format_func=titles.get, key=KEYS["visit"], on_change=_visit_changed
        )
    visit_id = st.session_state.get(KEYS["visit"], ids[0])
    if visit_id not in ids:
        visit_id = ids[0]
    visit = _visit_of(dataset, version, visit_id)
    opts = _options(_visit=visit, version=version, visit_id=visit_id)
    # Drop values the current visit does not offer (e.g. after a visit switch).
    for name, allowed in (("day", opts.days), ("topic", opts.topics), ("city", opts.cities)):
        st.session_state[KEYS[name]] = [
            v for v in st.session_state.get(KEYS[name], []) if v in allowed
        ]
    filters = F.Filters(
        visit=visit_id,
        days=tuple(st.session_state[KEYS["day"]]),
        topics=tuple(st.session_state[KEYS["topic"]]),
        cities=tuple(st.session_state[KEYS["city"]]),
        text=str(st.session_state.get(KEYS["q"], ""))[: F.MAX_TEXT].strip(),
    )
    applied = _applied(_visit=visit, _filters=filters, version=version, key=repr(filters))
    counts = applied.counts
    total = counts.events_total

    def left(which: str) -> str:
        n = counts.per_filter.get(which, total)
        return f"{n:,} of {total:,} events"

    sidebar.header("Filters")
    sidebar.pills(
        "Day",
        list(opts.days),
        selection_mode="multi",
        format_func=opts.days.get,
        key=KEYS["day"],
        help="Events on these days. A ranged event counts on each day it may fall on.",
    )
    sidebar.caption(left("day"))
    sidebar.pills(
        "Topic",
        list(opts.topics),
        selection_mode="multi",
        format_func=opts.topics.get,
        key=KEYS["topic"],
    )
    sidebar.caption(left("topic"))
    sidebar.pills(
        "City",
        list(opts.cities),
        selection_mode="multi",
        format_func=opts.cities.get,
        key=KEYS["city"],
    )
    sidebar.caption(left("city"))
    sidebar.text_input(
        "Search text", key=KEYS["q"], max_chars=F.MAX_TEXT, placeholder="A name, place or word"
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

    st.query_params.from_dict(F.to_params(filters, ids[0]))
    context = Context(
        version=version,
        dataset=dataset,
        visit=visit,
        filters=filters,
        options=opts,
        events=applied.events,
        cards=applied.cards,
        counts=counts,
    )
    st.session_state[CONTEXT_KEY] = context
    return context


def show_notices(filters: F.Filters) -> None:
    """Tell the user what was dropped from the link they opened, for as long as they look
    at the view that link gave them (a filter change dismisses it)."""
    from_link, notices = st.session_state.get("_notices", (None, []))
    if from_link != filters:
        st.session_state["_notices"] = (None, [])
        return
    for notice in notices:
        st.info(notice, icon=":material/link_off:")


def context() -> Context:
    """What the page shows: the data, the visit and the filters.

    The entrypoint computes it on every run before the page runs. A page run on its own
    (as the test harness does after a page switch) computes it here, and stops with the
    validation report when the data is broken.
    """
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:
        loaded = load()
        if loaded.dataset is None:
            show_problems(loaded.problems)
            st.stop()
        ctx = sidebar_filters(loaded)
    show_notices(ctx.filters)
    return ctx


# ---------------------------------------------------------------------------------------
# Problems and footer


def problems_frame(problems: tuple[Problem, ...] | list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": p.file,
                "row": "" if p.row is None else str(p.row),
                "column": p.column or "",
                "value": "" if p.value is None else p.value,
                "problem": p.message,
            }
            for p in problems
        ],
        columns=["file", "row", "column", "value", "problem"],
    )


#: The key of the last block every page draws (the footer, or the validation report), so a
#: browser test can tell a page that has finished drawing from one still on its way.
PAGE_END = "page-end"


def show_problems(problems: tuple[Problem, ...]) -> None:
    folder = data_dir_from_env()
    st.title("The data needs fixing")
    st.error(
        f"The dashboard found {len(problems)} problem(s) in the data folder `{folder}` and shows "
        "nothing else until they are fixed. Row numbers count the header as row 1, as a "
        "spreadsheet does. Run `python -m dashboard validate` to see the same report.",
        icon=":material/error:",
    )
    with st.container(key=PAGE_END):
        st.dataframe(problems_frame(problems), hide_index=True, width="stretch")


def seed_meta(visit: Visit) -> dict:
    # The stored context, not `context()`: that one shows the link notices again.
    ctx = st.session_state.get(CONTEXT_KEY) or context()
    # Read from its .meta.json once per data version, not on every rerun of every page.
    return memo(seed_meta_for, ctx.dataset, visit.id, filtered=False)


def footer(visit: Visit) -> None:
    """Source and licence on every page, from the seed's metadata record."""
    with st.container(key=PAGE_END):
        st.divider()
        st.caption(md(source_footer(seed_meta(visit))))


def event_details(details: list) -> None:
    """The selected events of a chart, each in a bordered box: what, when, where, status,
    the summary, the quotes it rests on and what the source gets wrong about it."""
    st.subheader(f"Selected: {len(details)} event(s)")
    for event in details:
        with st.container(border=True, key=f"selected-{event.id}"):
            st.markdown(
                f"**{md(event.title)}** · {md(event.when)} · {md(event.place)} · {md(event.status)}"
            )
            st.markdown(md(event.summary))
            for span in event.quotes:
                st.caption("“" + md(span) + "”")
            for kind, says, resolved in event.findings:
                st.caption(f"⚑ Source {md(kind)}: {md(says)} → {md(resolved)}")
            if event.basis:
                st.caption(f"Basis: {md(event.basis)}. {md(event.basis_note)}")
