"""The timeline page (`pages/timeline.py`) through AppTest: its marks follow the
filters, and a table in an expander is built only when the reader opens it."""

from __future__ import annotations

from open_pages import open_page, plotly_specs


def test_timeline_marks_follow_the_topic_filter():
    def event_ids(at):
        ids = set()
        for spec in plotly_specs(at):
            for trace in spec["data"]:
                for item in trace.get("customdata") or []:
                    if isinstance(item, list) and item and isinstance(item[0], str):
                        ids.add(item[0])
        return ids

    everything = event_ids(open_page("timeline"))
    history = event_ids(open_page("timeline", {"topic": ["history"]}))
    assert "summit" in everything and "return" in everything
    assert history == {"provisional-government-visit"}


def test_a_table_in_an_expander_is_built_when_the_reader_opens_it():
    at = open_page("timeline")
    assert not at.dataframe  # closed: nothing built, nothing sent
    at.session_state["events_table"] = True  # what a click on the expander does
    at.run()
    (table,) = [d.value for d in at.dataframe]
    assert "Summit talks with President Xi Jinping" in set(table["title"])


def test_only_the_open_tab_builds_its_chart_and_the_background_day_opens_its_tab():
    at = open_page("timeline")
    days, background = (t.label for t in at.tabs)
    (day_chart,) = plotly_specs(at)  # the background chart is not built while hidden
    assert "Summit talks with President Xi Jinping" in str(day_chart)
    at.session_state["timeline_tab"] = background  # what a click on the tab does
    (background_chart,) = plotly_specs(at.run())
    assert "Summit talks" not in str(background_chart)
    # The Background day alone opens the Background tab; taking it off, the days again.
    at = open_page("timeline", {"day": ["background"]})
    assert at.session_state["timeline_tab"] == background
    at.session_state["f_day"] = []
    at.run()
    assert at.session_state["timeline_tab"] == days
    # A tab the reader chose stays chosen through a filter change that asks for no other.
    at.session_state["timeline_tab"] = background
    at.session_state["f_topic"] = ["history"]
    at.run()
    assert at.session_state["timeline_tab"] == background
