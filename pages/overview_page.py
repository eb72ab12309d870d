"""Overview: the visit on one screen: what it is, as of when the article tells it, its days
with the status of every event, then the figures, the route and what is still open."""

import streamlit as st

from dashboard import ui
from dashboard.model import filters
from dashboard.views import maps, overview
from dashboard.views.overview import itinerary
from dashboard.views.overview.news import news_alt_text, news_figure

ctx = ui.context()
visit = ctx.visit

st.title(ui.md(visit.title))
st.caption(ui.md(overview.summary(visit)))
happened = ui.memo(overview.happened_line, visit, filtered=False)
with st.container(key="reported"):
    if happened:  # what happened, by the newest source (or the as-of moment)
        st.markdown(f"**{ui.md(happened)}**")
        disputes = ui.memo(overview.disputes_line, visit, filtered=False)
        if disputes:
            st.caption(ui.md(disputes))
    else:  # no report yet: the plan, as the article gives it
        reported = ui.memo(overview.reported, visit, ui.seed_meta(visit), filtered=False)
        st.markdown(f"**{ui.md(reported.sentence)}**")
    current = ui.memo(overview.as_of_caption, visit, filtered=False)
    if current:
        st.caption(ui.md(current))

days = ui.memo(
    itinerary.itinerary, visit, ctx.events, ctx.filters.days, only_matches=ctx.filters.active
)
st.html(ui.memo(itinerary.itinerary_html, days, filters.no_events_text(ctx.filters, ctx.options)))

figures = ui.memo(overview.headline_figures, visit, filtered=False)
st.caption("The whole visit, whatever the filters:")
with st.container(horizontal=True, key="headline", gap="small"):
    for figure in figures:
        st.metric(
            ui.md(figure.label),
            ui.md(figure.value),
            delta=ui.md(figure.note) if figure.note else None,
            delta_color="off",
            delta_arrow="off",
            help=ui.md(figure.help),
            border=True,
            width="stretch",
        )

route, questions_column = st.columns([2, 3], gap="large")
with route:
    st.header("The route")
    # Kept across filter changes; the smaller map's own (its view, its shorter tooltips).
    places = ui.memo(maps.place_layer, visit, compact=True, filtered=False)
    st.pydeck_chart(
        ui.memo(maps.route_deck, visit, ctx.filters, compact=True, places=places),
        height=maps.COMPACT_CHART_HEIGHT,
        width=maps.COMPACT_CHART_WIDTH,
        alt=ui.memo(maps.route_alt_text, visit, filtered=False),
    )
    st.page_link("pages/map.py", label="Open the route map", icon=":material/map:")
with questions_column:
    outcomes = ui.memo(overview.outcome_list, visit, ctx.cards)
    if outcomes:
        st.header("What came of the issues")
        st.markdown(ui.memo(overview.outcome_text, outcomes))
        if len(outcomes) > overview.OUTCOMES_LIMIT:
            more = len(outcomes) - overview.OUTCOMES_LIMIT
            st.caption(f"… and {more:,} more outcomes: see Issues, where each card has its own.")
    st.header("Still open or sensitive")
    questions = ui.memo(overview.open_question_list, visit, ctx.cards)
    if not questions.items:
        st.caption(overview.no_open_questions_text(ctx.filters.active))
    else:
        st.markdown(
            "\n\n".join(
                f"**{ui.md(item['what'])}**  \n{ui.md(item['why'])}" for item in questions.items
            )
        )
    if questions.more:
        st.caption(f"… and {questions.more:,} more sensitive or ongoing issues: see Issues.")
    if questions.more_problems:
        st.caption(
            f"… and {questions.more_problems:,} more contradictions or ambiguities of the "
            "source: see Sources & data, Findings."
        )

news = ui.memo(news_figure, visit, filtered=False)
if news is not None:
    st.header("How the news came in")
    st.caption(
        "When each source was published, and when each event's outcome was first "
        "reported; a larger mark stands for several at once (hover for them). Pick a moment "
        "under “Reports as of” to see the dashboard as it stood then."
    )
    st.plotly_chart(
        news,
        config={"displayModeBar": False},
        key="news_timeline",
    )
    st.caption(ui.md(ui.memo(news_alt_text, visit, filtered=False)))

ui.downloads("overview", ctx)
ui.footer(visit)
