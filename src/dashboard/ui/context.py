"""What every page starts from: the data loaded and validated (or the report of what is
wrong with it), the shared filters, and the page's footer naming the source."""

from __future__ import annotations

import streamlit as st

from ..data.review import banner_text
from ..model.agreement import report_count
from ..model.cells import md
from ..model.citations import seed_meta_for, source_footer
from ..model.visit import Visit
from .cache import load, memo
from .render import PAGE_END, show_problems
from .sidebar import Context, show_notices, sidebar_filters
from .state import CONTEXT_KEY


def bootstrap(nav: list | None = None, current=None) -> Context:
    """Load the data, or show the validation report and stop; then draw the filters.

    The entrypoint calls it on every run before the page runs; `context` calls it for a
    page run on its own (as the test harness does after a page switch).
    """
    loaded = load()
    if loaded.dataset is None:
        show_problems(loaded.problems)
        st.stop()
    return sidebar_filters(loaded, nav, current)


def _leave_folder_navigation() -> None:
    """Run the app's declared navigation, not Streamlit's automatic one for a `pages/`
    folder.

    While no script of the server has called `st.navigation` yet, Streamlit treats a
    `pages/` folder as the old automatic navigation: the first request of a fresh server
    (a shared link to /timeline after a restart) runs pages/timeline.py directly, and a
    link it cannot match gets a "Page not found" dialog. Page files are named like their
    URLs, so that first request lands on the right page; here it switches Streamlit to
    the declared navigation and reruns through app.py, on the same page (a page's id is
    derived from its URL path, the same in both).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> Context:
    """What the page shows: the data, the visit and the filters."""
    _leave_folder_navigation()
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:
        ctx = bootstrap()
    show_notices(ctx.filters)
    draft_banner(ctx)
    return ctx


def draft_banner(ctx: Context) -> None:
    """A visit that still has draft rows says so at the top of every page."""
    text = memo(banner_text, ctx.dataset, ctx.visit.id, filtered=False)
    if text:
        st.warning(md(text), icon=":material/edit_note:")


def seed_meta(visit: Visit) -> dict:
    # The stored context, not `context()`: that one shows the link notices again.
    if st.session_state.get(CONTEXT_KEY) is None:
        context()
    # Read from its .meta.json once per data version, not on every rerun of every page.
    ctx = st.session_state[CONTEXT_KEY]
    return memo(seed_meta_for, ctx.dataset, visit.id, filtered=False)


def footer(visit: Visit) -> None:
    """Source and licence on every page, from the seed's metadata record."""
    with st.container(key=PAGE_END):
        st.divider()
        st.caption(md(source_footer(seed_meta(visit))))
        if visit.reports is not None and visit.reports.any:
            n = report_count(visit)
            st.caption(
                f"What happened comes from {n:,} reports published after it, each cited by its "
                "outlet, title and address and never copied: see Sources & data, Sources."
            )
