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
    "The article gives days but no clock times: events sit in a “time not stated” band, and "
    "an event whose day is not stated is drawn hollow on each day it may fall on. Hover a mark "
    "for China and Seoul time; select marks (click, or drag a box) to list their sources below."
)

days_tab, background_tab = st.tabs(["The visit, day by day", "Background, 2014 to 2026"])
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
    background_state = st.plotly_chart(
        timeline.background_timeline(visit, background_events),
        on_select="rerun",
        key="background_timeline",
        alt=timeline.timeline_alt_text(visit, background_events),
        config={"displaylogo": False},
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
