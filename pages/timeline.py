"""Timeline: the visit day by day (an agenda or a clock, as the data allows), and the
background the article recalls."""

import streamlit as st

from dashboard import ui
from dashboard.model import filters, selection
from dashboard.ui import state as keys
from dashboard.views import timeline

ctx = ui.context()
visit = ctx.visit
visit_events, background_events = ui.memo(timeline.split_background, ctx.events)

zones = ui.memo(timeline.zones_line, visit, filtered=False)
note = ui.memo(timeline.layout_note, visit, filtered=False)
shown_days = tuple(day for day in ctx.filters.days if day != "background")

st.title("Timeline")
st.caption(
    f"{ui.md(note)} {ui.md(zones)}. Click a bar or mark to list its details and sources "
    "below; on a touch screen, the first tap shows its summary and a second tap lists it."
)
years = ui.memo(timeline.background_years, visit, filtered=False)

background_label = f"Background, {years[0]} to {years[1]}" if years else "Background"
# The Background day alone keeps no day of the visit: open on what it keeps.
only_background = set(shown_days) == set() and bool(ctx.filters.days)
# Tabs that know which one is open (a click reruns the page): only the open tab's chart is
# built and sent, as on Sources & data.
labels = ["The visit, day by day", background_label]
ui.choose_tab(keys.TIMELINE_TAB_KEY, keys.TIMELINE_TAB_WANTED_KEY, labels, int(only_background))
days_tab, background_tab = st.tabs(labels, key=keys.TIMELINE_TAB_KEY, on_change="rerun")
many = len(visit_events) > timeline.MAX_MARKS
selected = []
with days_tab:
    if visit_events.empty and ctx.filters.active:
        st.info(ui.md(filters.no_events_text(ctx.filters, ctx.options)), icon=":material/info:")
    elif many:
        st.info(
            f"{len(visit_events):,} events: too many to draw one mark each, so the chart counts "
            "them per day and topic. Filter by day, topic, city or text to see the marks.",
            icon=":material/bar_chart:",
        )
        if days_tab.open:
            st.plotly_chart(
                ui.memo(timeline.day_counts, visit, visit_events),
                key="day_counts",
                alt=f"Events per day and topic, {len(visit_events):,} in all.",
                config={"displaylogo": False, "displayModeBar": False},
            )
    elif days_tab.open:
        state = st.plotly_chart(
            ui.memo(timeline.day_timeline, visit, visit_events, shown_days),
            on_select="rerun",
            key="day_timeline",
            alt=ui.memo(timeline.timeline_alt_text, visit, visit_events, part="days"),
            config={"displaylogo": False, "displayModeBar": False},
        )
        selected = selection.selected_event_ids(state)
with background_tab:
    if years is None:
        st.caption("The source gives no background for this visit.")
    elif len(background_events) > timeline.MAX_MARKS:
        st.info(
            f"{len(background_events):,} background events: too many to draw; narrow the "
            "filters to see them, or browse them in the table below.",
            icon=":material/bar_chart:",
        )
    elif background_tab.open:
        background_state = st.plotly_chart(
            ui.memo(timeline.background_timeline, visit, background_events),
            on_select="rerun",
            key="background_timeline",
            alt=ui.memo(timeline.timeline_alt_text, visit, background_events, part="background"),
            config={"displaylogo": False, "displayModeBar": False},
        )
        selected += [e for e in selection.selected_event_ids(background_state) if e not in selected]

details = timeline.selected_details(visit, ctx.events, selected) if selected else []
if details:
    ui.event_details(details)
else:
    st.caption("Select marks on a chart to list their details and sources here.")

ui.table_expander(
    "The events as a table", timeline.timeline_table, visit, ctx.events, key="events_table"
)

ui.downloads("timeline", ctx)
ui.footer(visit)
