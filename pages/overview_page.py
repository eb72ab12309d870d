"""Overview: the visit on one screen."""

import streamlit as st

from dashboard import maps, overview, ui

ctx = ui.context()
visit = ctx.visit

st.title(ui.md(visit.title))
st.caption(
    f"{ui.md(visit.visit['guest'])} ({ui.md(visit.visit['guest_country'])}) visits "
    f"{ui.md(visit.visit['host'])} ({ui.md(visit.visit['host_country'])}), "
    f"{visit.start:%a %-d %b} – {visit.end:%a %-d %b %Y}. Every figure is computed from data "
    "rows that quote the article; hover a figure’s ? for its basis."
)

figures = ui.memo(overview.headline_figures, visit, filtered=False)
with st.container(horizontal=True, key="headline"):
    for figure in figures:
        st.metric(
            ui.md(figure.label),
            ui.md(figure.value),
            help=ui.md(figure.help),
            border=True,
            width=165,
        )

st.header("The days")
strip = ui.memo(overview.day_strip, visit, ctx.events)
for row_start in range(0, len(strip), 4):
    for column, day in zip(st.columns(4), strip[row_start : row_start + 4], strict=False):
        with column.container(border=True, key=f"day-{day.key}"):
            # One Markdown block per card: the heading line, then the list.
            lines = [f"**{day.label}** · {ui.md(day.city)}", ""]
            lines += [
                f"- {ui.md(title)}{'' if certain else ' *(day not stated)*'}"
                for title, certain in day.shown
            ]
            st.markdown("\n".join(lines))
            if day.more:
                st.caption(f"… and {day.more:,} more: see the Timeline.")
            elif not day.events:
                st.caption("No event matches the filters.")

route, questions_column = st.columns([2, 3], gap="large")
with route:
    st.header("The route")
    places = ui.memo(maps.place_layer, visit, filtered=False)  # kept across filter changes
    st.pydeck_chart(
        ui.memo(maps.route_deck, visit, ctx.filters, compact=True, places=places),
        height=320,
        alt=ui.memo(maps.route_alt_text, visit, filtered=False),
    )
    st.page_link("pages/map.py", label="Open the route map", icon=":material/map:")
with questions_column:
    st.header("Still open or sensitive")
    questions = ui.memo(overview.open_question_list, visit, filtered=False)
    if not questions.items:
        st.caption("The source names nothing sensitive or open for this visit.")
    if questions.items:
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

ui.footer(visit)
