"""Blocks the pages share that show data but keep no state: the favicon, the validation
report, the details of events selected on a chart, and a data table with one row in full."""

from __future__ import annotations

import base64
import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from ..data.loading import Problem, data_dir_from_env
from ..data.problems import count_text
from ..model.cells import md
from ..views.sources import tables as source_tables
from ..views.templates import style
from .cache import _as_arrow, memo

LOGGER = logging.getLogger("dashboard")
#: Set (to anything) to let errors through to Streamlit, as the tests do, instead of the
#: plain message a reader sees.
DEBUG_ENV = "DASHBOARD_DEBUG"
UNEXPECTED = (
    "Something went wrong while drawing this page, and it cannot be shown. The details are in "
    "the server's log. Try another page, or remove the filters from the link."
)

#: The key of the last block every page draws (the footer, or the validation report), so a
#: browser test can tell a page that has finished drawing from one still on its way.
PAGE_END = "page-end"


@functools.cache
def favicon(path: str) -> str:
    """The page icon as a data URL, read once per process: given a file path, Streamlit
    reads and registers the file again on every rerun of every page."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


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


def show_problems(problems: tuple[Problem, ...], visit: str | None = None) -> None:
    """The validation report: of the whole data folder, or (`visit`) of one quarantined
    visit while the others are served."""
    folder = data_dir_from_env()
    if visit is None:
        st.title("The data needs fixing")
        lead = (
            f"The dashboard found {count_text(len(problems), 'problem')} in the data folder {md(folder)} "
            "and shows nothing else until they are fixed."
        )
    else:
        st.title("This visit's data needs fixing")
        lead = (
            f"The dashboard found {count_text(len(problems), 'problem')} in the data of the visit "
            f"“{md(visit)}” and shows nothing else of it until they are fixed. The other visits "
            "are shown as usual: pick one in the Visit list."
        )
    st.error(
        f"{lead} Row numbers count the header as row 1, as a spreadsheet does. Run "
        "`python -m dashboard validate` to see the same report.",
        icon=":material/error:",
    )
    with st.container(key=PAGE_END):
        st.dataframe(problems_frame(problems), hide_index=True, width="stretch")


def event_details(details: list) -> None:
    """The selected events of a chart, each in a bordered box: what, when, where, status,
    the summary, the quotes it rests on and what the source gets wrong about it."""
    st.subheader(f"Selected: {count_text(len(details), 'event')}")
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


def guarded(draw: Callable[[], object]) -> None:
    """Run `draw` (the page); an unexpected error shows a plain message instead of a
    traceback, and goes to the server's log. Streamlit's own stop and rerun signals are not
    errors (they are not `Exception`s) and pass through."""
    if os.environ.get(DEBUG_ENV):
        draw()
        return
    try:
        draw()
    except Exception:
        LOGGER.exception("A page failed to draw")
        st.error(UNEXPECTED, icon=":material/error:")
        st.container(key=PAGE_END)  # the page has ended, as far as a reader can tell


def page_style() -> None:
    """One set of styles for every page (views/templates/page.css): less blank space above
    the title and a title size that leaves the first screen to content; the filters in the
    sidebar on a wide screen and in a panel at the top of the page on a narrow one."""
    st.html(style("page.css"))


def data_table(fn, *args, layout, key: str, filtered: bool = True) -> int | None:
    """`st.dataframe` of the frame `fn(*args)` (converted to Arrow once per state, as `memo`
    keys it) with `layout`'s columns, labels, widths and row height (a `TableLayout`).
    With `layout.more`, the reader may select one row; returns its position in the frame,
    or None."""
    table = memo(_as_arrow, fn, *args, filtered=filtered)
    options: dict = {"on_select": "rerun", "selection_mode": "single-row"} if layout.more else {}
    state = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=list(layout.order),
        column_config=layout.config,
        row_height=layout.row_height,
        height=layout.height,
        key=key,
        **options,
    )
    rows = list(state.selection.rows) if layout.more else []
    return int(rows[0]) if rows and int(rows[0]) < table.num_rows else None


def row_in_full(heading: str, fields: list[tuple[str, str]], key: str) -> None:
    """One row, label by label, in a bordered box: every field, however narrow the screen.
    `heading` is ours; the values come from data and are made literal."""
    with st.container(border=True, key=key):
        st.markdown(f"**{heading}**")
        for label, value in fields:
            st.markdown(f"**{label}:** {md(value)}")


def table_with_rows(name: str, rows_fn, *args, key: str, everything: bool = False) -> None:
    """The table `rows_fn(*args)` (named `name` in `source_tables`) at widths that fit any
    screen, or every column with `everything`; the row the reader selects, in full, below."""
    rows = memo(rows_fn, *args, filtered=False)
    layout = source_tables.table_layout(name, list(rows.columns), len(rows), everything)
    picked = data_table(rows_fn, *args, layout=layout, key=key, filtered=False)
    if not layout.more:
        return
    if picked is None:
        st.caption("Select a row (the box at its left) to read it in full here.")
        return
    noun = source_tables.TABLE_NOUNS.get(name, ("Row",))[0]
    fields = source_tables.row_fields(name, rows, picked)
    row_in_full(f"{noun} {picked + 1:,} of {len(rows):,}", fields, key=f"{key}-row")


def choose_tab(key: str, wanted_key: str, labels: list[str], wanted: int) -> None:
    """Open the tab `wanted` of the tabs keyed `key` when the filters ask for another tab
    than at the page's last run, or when the tabs are new (a first run on the page, the
    labels of another visit); otherwise the reader's own choice stands. Call it before
    `st.tabs(labels, key=key, ...)`."""
    fresh = st.session_state.get(key) not in labels
    if fresh or st.session_state.get(wanted_key) != wanted:
        st.session_state[key] = labels[wanted]
    st.session_state[wanted_key] = wanted
