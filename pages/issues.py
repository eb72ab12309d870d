"""Issues: one card per agenda issue, filtered by the shared filters and sortable."""

import streamlit as st

from dashboard import ui
from dashboard.model import filters
from dashboard.ui import state as keys
from dashboard.views import cards

ctx = ui.context()
visit = ctx.visit

st.title("Issues on the agenda")
shown_by = (
    f"filtered by {ui.md(filters.describe(ctx.filters, ctx.options))}"
    if ctx.filters.active
    else "no filter"
)
st.caption(
    f"{ctx.counts.cards:,} of {ctx.counts.cards_total:,} issue cards · {shown_by}. Day and city "
    "filters keep the cards whose related events match."
)

if visit.issue_cards.empty:
    st.info("The source names no agenda issues for this visit.", icon=":material/info:")
elif ctx.cards.empty:
    culprits = filters.emptying_filters(visit, ctx.filters)
    st.warning(
        "No issue card matches. The "
        + " and the ".join(culprits)
        + (" filter leaves" if len(culprits) == 1 else " filters together leave")
        + " nothing; widen it, or press **Clear all** among the filters above.",
        icon=":material/filter_alt_off:",
    )
else:
    sort = ui.sort_control(cards.SORTS)  # kept in the link with the filters
    ordered = ui.memo(cards.sort_rows, visit, ctx.cards, sort)
    pages = cards.page_count(len(ordered))
    page = st.pagination(pages, key=keys.CARD_PAGE_KEY) if pages > 1 else 1
    page = min(page, pages)
    if pages > 1:
        st.caption(f"Page {page} of {pages}, {cards.PAGE_SIZE} cards a page.")
    rows = ui.memo(cards.page_rows, ordered, page)
    built = ui.memo(cards.issue_cards, visit, rows, sort=None)  # sorted and paged already
    st.html(ui.memo(cards.cards_html, built))

ui.downloads("issues", ctx)
ui.footer(visit)
