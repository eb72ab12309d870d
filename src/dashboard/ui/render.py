"""Blocks the pages share that show data but keep no state: the favicon, the validation
report, and the details of events selected on a chart."""

from __future__ import annotations

import base64
import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from ..cells import md
from ..loading import Problem, data_dir_from_env

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


def show_problems(problems: tuple[Problem, ...]) -> None:
    folder = data_dir_from_env()
    st.title("The data needs fixing")
    st.error(
        f"The dashboard found {len(problems)} problem(s) in the data folder {md(folder)} and shows "
        "nothing else until they are fixed. Row numbers count the header as row 1, as a "
        "spreadsheet does. Run `python -m dashboard validate` to see the same report.",
        icon=":material/error:",
    )
    with st.container(key=PAGE_END):
        st.dataframe(problems_frame(problems), hide_index=True, width="stretch")


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


#: One set of styles for every page: less blank space above the title and a title size
#: that leaves the first screen to content; the filters in the sidebar on a wide screen
#: and in a panel at the top of the page on a narrow one (the sidebar covers a phone's page).
PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"]{padding-top:3rem;padding-bottom:3rem;}
[data-testid="stMain"] h1{font-size:2rem;line-height:1.2;padding-top:.2rem;}
[data-testid="stMain"] h2{font-size:1.35rem;}
[data-testid="stMain"] h3{font-size:1.1rem;}
[data-testid="stMetricValue"]{font-size:1.6rem;}
[data-testid="stMetricLabel"] *,[data-testid="stMetricDelta"] *{white-space:normal!important;
 overflow:visible!important;text-overflow:clip!important;}
.st-key-nav-current a{background:rgba(0,90,140,.10);font-weight:600;}
@media (max-width:767.98px){
 .st-key-sidebar-filters{display:none;}
 [data-testid="stMain"] h1{font-size:1.55rem;}
}
@media (min-width:768px){.st-key-phone-filters{display:none;}}
</style>
"""


def page_style() -> None:
    st.html(PAGE_CSS)
