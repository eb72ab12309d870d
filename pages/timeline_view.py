"""Timeline: the visit day by day in China Standard Time, and the background since 2014."""

import streamlit as st

from dashboard import sources, timeline, ui
from dashboard.model import date_text
from dashboard.provenance import quote_spans

ctx = ui.context()
visit = ctx.visit
visit_events = ctx.events[~ctx.events["background"]]
background_events = ctx.events[ctx.events["background"]]

st.title("Timeline")
st.caption(
    "Where the article gives no clock time, events sit in a “time not stated” band; an event "
    "whose day is not stated is drawn hollow on each day it may fall on. "
    f"{timeline.zones_line(visit)}; hover a mark for both. Select marks (click, or drag a "
    "box) to list their sources below."
)
years = timeline.background_years(visit)

background_label = f"Background, {years[0]} to {years[1]}" if years else "Background"
days_tab, background_tab = st.tabs(["The visit, day by day", background_label])
with days_tab:
    state = st.plotly_chart(
        timeline.day_timeline(visit, visit_events),
        on_select="rerun",
        key="day_timeline",
        alt=timeline.timeline_alt_text(visit, visit_events),
        config={"displaylogo": False},
    )
    selected = timeline.selected_event_ids(state)
with background_tab:
    if years is None:
        st.caption("The source gives no background for this visit.")
    background_state = (
        None
        if years is None
        else st.plotly_chart(
            timeline.background_timeline(visit, background_events),
            on_select="rerun",
            key="background_timeline",
            alt=timeline.timeline_alt_text(visit, background_events),
            config={"displaylogo": False},
        )
    )
    selected += [e for e in timeline.selected_event_ids(background_state) if e not in selected]

if selected:
    st.subheader(f"Selected: {len(selected)} event(s)")
    chosen = ctx.events.set_index("id").loc[[e for e in selected if e in set(ctx.events["id"])]]
    for event_id, event in chosen.iterrows():
        with st.container(border=True, key=f"selected-{event_id}"):
            st.markdown(
                f"**{ui.md(event['title'])}** · {ui.md(date_text(event))} · "
                f"{ui.md(event['place_name'] or 'place not stated')} · "
                f"{ui.md(event['status'])}"
            )
            st.markdown(ui.md(event["summary"]))
            for span in quote_spans(event["quote"]):
                st.caption("“" + ui.md(span) + "”")
            for finding in sources.findings_for(visit, str(event_id)).to_dict("records"):
                if finding["kind"] != "consistent":
                    st.caption(
                        f"⚑ Source {ui.md(finding['kind'])}: {ui.md(finding['says'])} → "
                        f"{ui.md(finding['resolved'])}"
                    )
            if event["basis"] != "article":
                st.caption(f"Basis: {ui.md(event['basis'])}. {ui.md(event['basis_note'])}")
else:
    st.caption("Select marks on a chart to list their details and sources here.")

with st.expander("The events as a table"):
    st.dataframe(timeline.timeline_table(visit, ctx.events), hide_index=True, width="stretch")

ui.footer(visit)
