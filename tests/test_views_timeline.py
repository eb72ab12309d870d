"""The timeline figures, table, text alternative and selection mapping (dashboard.views.timeline),
asserted on `fig.to_dict()` with the real visit and the mini fixture."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.elements.plotly_chart import PlotlySelectionState, PlotlyState

from dashboard.data.schema import PALETTE
from dashboard.model.selection import selected_event_ids
from dashboard.model.visit import select_visit
from dashboard.views import timeline

DAY_LABELS = ["Sun 4 Jan", "Mon 5 Jan", "Tue 6 Jan", "Wed 7 Jan"]
DAY_MS = 24 * 3600 * 1000


@pytest.fixture(scope="module")
def day_fig(visit):
    return timeline.day_timeline(visit, visit.events).to_dict()


@pytest.fixture(scope="module")
def background_fig(visit):
    return timeline.background_timeline(visit, visit.events).to_dict()


def with_event(events: pd.DataFrame, like: str, **changes) -> pd.DataFrame:
    """A copy of `events` with one more row: a copy of event `like` with `changes`."""
    row = events.loc[events["id"] == like].iloc[0].copy()
    for column, value in changes.items():
        row[column] = value
    return pd.concat([events, row.to_frame().T], ignore_index=True).astype(events.dtypes)


def marks(fig: dict, event_id: str) -> list[dict]:
    """Every mark of one event: its trace, x, y, symbol, hover text and customdata."""
    found = []
    for trace in fig["data"]:
        for i, custom in enumerate(trace.get("customdata") or []):
            if custom[0] != event_id:
                continue
            marker = trace.get("marker", {})
            symbol = marker.get("symbol")
            found.append(
                {
                    "trace": trace,
                    "type": trace["type"],
                    "x": trace["x"][i],
                    "y": trace["y"][i],
                    "base": trace["base"][i] if "base" in trace else None,
                    "symbol": symbol[i] if isinstance(symbol, list) else symbol,
                    "hover": trace["hovertext"][i],
                    "text": trace["text"][i] if trace.get("text") else "",
                    "customdata": custom,
                    "colour": marker.get("color"),
                }
            )
    return found


def data_traces(fig: dict) -> list[dict]:
    return [t for t in fig["data"] if t.get("customdata")]


def legend_entries(fig: dict) -> list[dict]:
    return [t for t in fig["data"] if t.get("showlegend")]


# ---------------------------------------------------------------------------------------
# The day-by-day chart


def row_label_markup(fig: dict, event_id: str) -> str:
    """The label above one event's bar, as plotly gets it: the day chart's annotations
    start with one label per row, in the order of `meta.rows`."""
    rows = fig["layout"]["meta"]["rows"]
    return fig["layout"]["annotations"][rows.index(event_id)]["text"]


def row_label(fig: dict, event_id: str) -> str:
    """The row label of one event, as the reader sees it (markup removed)."""
    return re.sub(r"<[^>]+>", "", row_label_markup(fig, event_id).replace("<br>", " "))


@pytest.fixture(scope="module")
def clock_visit():
    from pathlib import Path

    from dashboard.data.loading import load_dataset

    folder = Path(__file__).resolve().parent / "fixtures" / "clock_visit"
    return select_visit(load_dataset(folder), "fixture-clock-2026")


def test_the_shipped_visit_gets_the_agenda_and_the_clock_fixture_the_clock(visit, clock_visit):
    assert timeline.day_layout(visit) == "agenda"
    assert timeline.day_layout(clock_visit) == "clock"
    fig = timeline.day_timeline(visit, visit.events).to_dict()
    clock = timeline.day_timeline(clock_visit, clock_visit.events).to_dict()
    assert fig["layout"]["meta"]["layout"] == "agenda"
    assert clock["layout"]["meta"]["layout"] == "clock"
    assert timeline.layout_note(visit).startswith("Agenda: the data gives no clock time")
    assert timeline.layout_note(clock_visit).startswith("Clock: 6 of the visit's 7 events")
    # The clock shows its hours; the agenda does not pretend to have any.
    def hour_labels(figure: dict) -> list[str]:  # the annotations after the rows' labels
        rows = len(figure["layout"]["meta"]["rows"])
        return [a["text"] for a in figure["layout"]["annotations"][rows:]]

    assert hour_labels(clock)[:3] == ["06:00", "12:00", "18:00"]
    assert hour_labels(fig) == []


def test_every_visit_event_is_one_row_drawn_once(day_fig, visit):
    on_visit = visit.events[~visit.events["background"]]
    assert sorted(day_fig["layout"]["meta"]["rows"]) == sorted(on_visit["id"])
    drawn = [c[0] for t in data_traces(day_fig) for c in t["customdata"]]
    assert sorted(drawn) == sorted(on_visit["id"])  # once each, undated ones too
    assert day_fig["layout"]["xaxis"]["ticktext"] == [
        "Sun<br>4 Jan",
        "Mon<br>5 Jan",
        "Tue<br>6 Jan",
        "Wed<br>7 Jan",
    ]


def test_an_event_of_unstated_day_spans_its_possible_days_hatched(day_fig):
    (forum,) = marks(day_fig, "economic-forum")
    assert forum["base"] == pytest.approx(0.03) and forum["base"] + forum["x"] == pytest.approx(
        2.97
    )
    assert forum["trace"]["marker"]["pattern"]["shape"] == "/"
    assert "sometime Sun 4 – Tue 6 Jan" in row_label(day_fig, "economic-forum")
    (summit,) = marks(day_fig, "summit")
    assert summit["trace"]["marker"]["pattern"]["shape"] == ""  # a stated day: no hatching
    assert (summit["base"], summit["base"] + summit["x"]) == pytest.approx((1.03, 1.97))


def test_a_part_of_the_day_is_a_solid_bar_over_its_hours(day_fig):
    (luncheon,) = marks(day_fig, "luncheon-li-qiang")
    assert luncheon["base"] == pytest.approx(2 + 11 / 24)
    assert luncheon["base"] + luncheon["x"] == pytest.approx(2 + 14 / 24)
    assert row_label(day_fig, "luncheon-li-qiang").endswith("midday")
    assert "Part of the day: midday" in luncheon["hover"]


def test_no_label_is_cut_and_each_shows_its_status(day_fig, visit):
    for event in visit.events[~visit.events["background"]].to_dict("records"):
        label = row_label(day_fig, event["id"])
        assert event["title"] in label.replace("  ", " ")
        assert "…" not in label
        assert label.startswith("✓" if event["status"] == "done" else ("○", "△"))


def test_marks_are_told_apart_by_fill_and_a_legend_in_words(day_fig):
    keys = [t["name"] for t in legend_entries(day_fig) if t.get("legendgroup") == "key"]
    assert keys == [
        "day stated, time not stated",
        "part of the day stated",
        "day not stated: any of these days",
    ]


def test_colours_are_palette_values_of_each_events_first_topic(day_fig, visit):
    firsts = dict(zip(visit.events["id"], visit.events["first_topic"], strict=True))
    colours = visit.topic_colours
    for trace in data_traces(day_fig):
        for (event_id,) in trace["customdata"]:
            topic = firsts[event_id]
            assert colours[topic] in PALETTE
            assert trace["legendgroup"] == f"topic-{topic}"


def test_one_legend_entry_per_topic_shown(day_fig, visit):
    topics = [t["name"] for t in legend_entries(day_fig) if t.get("legendgroup") != "key"]
    shown = visit.events[~visit.events["background"]]["first_topic"]
    assert topics == [visit.topic_labels[t] for t in visit.topic_labels if t in set(shown)]


def test_a_day_filter_narrows_the_columns_and_the_rows(visit):
    from dashboard.model import filters as F

    tuesday = F.filter_events(visit, F.Filters(visit.id, days=("2026-01-06",)))
    fig = timeline.day_timeline(visit, tuesday, ("2026-01-06",)).to_dict()
    assert fig["layout"]["xaxis"]["ticktext"] == ["Tue<br>6 Jan"]
    assert fig["layout"]["xaxis"]["range"] == [0, 1]
    rows = set(fig["layout"]["meta"]["rows"])
    assert "summit" not in rows and {"luncheon-li-qiang", "mou-signing"} <= rows
    (mou,) = marks(fig, "mou-signing")
    assert mou["base"] + mou["x"] <= 1  # clipped to the shown day
    assert "sometime Sun 4 – Wed 7 Jan" in row_label(fig, "mou-signing")  # but says it all


def test_a_stated_time_is_drawn_at_that_time_with_both_zones(clock_visit):
    fig = timeline.day_timeline(clock_visit, clock_visit.events).to_dict()
    (arrival,) = marks(fig, "arrival")
    assert arrival["type"] == "scatter" and arrival["x"] == pytest.approx(9.5 / 24)
    assert "09:30 CEST" in arrival["hover"]
    assert "at the guest's home: 16:30 JST" in arrival["hover"]
    (press,) = marks(fig, "press")
    assert press["x"] == pytest.approx(1 + 10 / 24)
    assert row_label(fig, "press").endswith("10:00 CEST")


def test_a_seoul_clock_time_is_converted_to_china_time(visit):
    events = with_event(
        visit.events,
        "summit",
        id="seoul-briefing",
        title="Seoul briefing",
        time_local="10:00",
        timezone="Asia/Seoul",
    )
    fig = timeline.day_timeline(visit, events).to_dict()
    (mark,) = marks(fig, "seoul-briefing")
    assert mark["x"] == pytest.approx(1 + 9 / 24)  # Mon 5 Jan, 09:00 in the host zone
    assert "09:00 CST" in mark["hover"] and "10:00 KST" in mark["hover"]
    table = timeline.timeline_table(visit, events)
    assert table.loc["seoul-briefing", "time"] == "09:00 CST (10:00 KST)"


def test_a_time_after_midnight_in_seoul_lands_on_the_previous_china_day(visit):
    events = with_event(
        visit.events,
        "luncheon-li-qiang",
        id="late",
        title="Late call",
        time_local="00:30",
        timezone="Asia/Seoul",
        day_part=pd.NA,
    )
    fig = timeline.day_timeline(visit, events).to_dict()
    (mark,) = marks(fig, "late")
    assert mark["x"] == pytest.approx(1 + 23.5 / 24)  # 23:30 on Mon 5 Jan
    assert mark["customdata"] == ["late"]
    assert "23:30 CST" in mark["hover"] and "00:30 KST" in mark["hover"]


def test_a_clock_time_without_a_place_is_read_as_host_time(visit):
    events = with_event(
        visit.events,
        "summit",
        id="untold",
        title="Untold",
        time_local="15:00",
        place_id=pd.NA,
        timezone="",
    )
    fig = timeline.day_timeline(visit, events).to_dict()
    (mark,) = marks(fig, "untold")
    assert mark["x"] == pytest.approx(1 + 15 / 24)
    assert "zone is not stated, read as the host's" in mark["hover"]


def test_text_from_data_is_escaped(visit):
    events = with_event(visit.events, "summit", id="odd", title="<b>Odd</b> & co")
    fig = timeline.day_timeline(visit, events).to_dict()
    (mark,) = marks(fig, "odd")
    assert "&lt;b&gt;Odd&lt;/b&gt; &amp; co" in mark["hover"]
    assert "<b>Odd</b>" not in mark["hover"]
    assert "&lt;b&gt;Odd&lt;/b&gt;" in row_label_markup(fig, "odd")


def test_height_grows_with_the_rows(visit, day_fig):
    summit_only = timeline.day_timeline(visit, visit.events[visit.events["id"] == "summit"])
    assert summit_only.layout.height < day_fig["layout"]["height"]
    assert summit_only.to_dict()["layout"]["meta"]["rows"] == ["summit"]


def test_mini_fixture_morning_bar(mini_visit):
    from dashboard.data.loading import load_dataset

    fixture = select_visit(load_dataset(mini_visit), "fixture-mini-2026")
    fig = timeline.day_timeline(fixture, fixture.events).to_dict()
    assert fig["layout"]["xaxis"]["ticktext"] == ["Mon<br>2 Mar", "Tue<br>3 Mar"]
    (meeting,) = marks(fig, "meeting")
    assert (meeting["base"], meeting["base"] + meeting["x"]) == pytest.approx((6 / 24, 11 / 24))
    assert row_label(fig, "meeting").endswith("morning")
    assert "previous-visit" not in fig["layout"]["meta"]["rows"]  # background: its own tab


def test_empty_events_give_an_annotation_not_an_error(visit):
    for build in (timeline.day_timeline, timeline.background_timeline):
        fig = build(visit, visit.events.iloc[0:0]).to_dict()
        assert not fig["data"]
        assert [a["text"] for a in fig["layout"]["annotations"]] == [timeline.NO_EVENTS]
    only_background = visit.events[visit.events["background"]]
    fig = timeline.day_timeline(visit, only_background).to_dict()
    assert fig["layout"]["annotations"][0]["text"] == "No events match the filters"
    fig = timeline.background_timeline(visit, visit.events[~visit.events["background"]])
    assert fig.layout.annotations[0].text == "No events match the filters"


# ---------------------------------------------------------------------------------------
# Background timeline


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("xi-previous-korea-visit", "2014-01-01", "2015-01-01"),
        ("thaad-deployment", "2017-01-01", "2018-01-01"),
        ("previous-presidential-visit", "2019-01-01", "2020-01-01"),
        ("taking-office", "2025-06-01", "2025-07-01"),
        ("yellow-sea-raised", "2025-11-01", "2025-12-01"),
        ("apec-gyeongju", "2025-11-01", "2025-11-11"),
        ("yellow-sea-talks", "2025-11-01", "2026-01-05"),
    ],
)
def test_background_spans_are_bars_over_the_whole_known_period(
    background_fig, event_id, start, end
):
    (bar,) = [m for m in marks(background_fig, event_id) if m["type"] == "bar"]
    assert bar["base"] == start
    assert bar["x"] == (pd.Timestamp(end) - pd.Timestamp(start)).days * DAY_MS
    assert bar["customdata"] == [event_id, start, end]


def test_background_precision_is_in_the_hover(background_fig):
    def hover(event_id):
        return marks(background_fig, event_id)[0]["hover"]

    assert "2014 (year only)" in hover("xi-previous-korea-visit")
    assert "2017 (year only)" in hover("thaad-deployment")
    assert "June 2025 (month only)" in hover("taking-office")
    assert "early November 2025 (1–10, day not stated)" in hover("apec-gyeongju")
    assert "since November 2025, ongoing" in hover("yellow-sea-talks")


def test_background_day_before_and_ongoing_marks(background_fig):
    (interview,) = marks(background_fig, "cctv-interview")
    assert interview["type"] == "scatter" and interview["symbol"] == "circle"
    assert interview["x"].startswith("2026-01-02")
    (drills,) = marks(background_fig, "taiwan-drills")
    assert drills["symbol"] == "triangle-left" and drills["x"].startswith("2026-01-02")
    assert "on or before 2 Jan 2026" in drills["hover"]
    ongoing = [m for m in marks(background_fig, "yellow-sea-talks") if m["type"] == "scatter"]
    assert [m["symbol"] for m in ongoing] == ["triangle-right"]
    names = {t["name"] for t in legend_entries(background_fig)}
    assert {"on or before (date not stated)", "still ongoing"} <= names


def test_background_axis_starts_in_2014_and_cuts_the_empty_years(background_fig):
    layout = background_fig["layout"]
    early, late = layout["xaxis"], layout["xaxis2"]
    assert early["range"][0] < "2014-01-01" < early["range"][1] < "2020-03-01"
    assert early["tickvals"][0] == "2014-01-01"
    assert early["title"]["text"] == "2014-2019, by year"
    assert late["range"][0] < "2025-06-01" and late["range"][1] > "2026-01-08"
    assert late["title"]["text"] == "Jun 2025-Jan 2026, by month"
    texts = [a["text"] for a in layout["annotations"]]
    assert any(t.startswith("Axis cut from 2020 to 2025: no events.") for t in texts)
    xi = marks(background_fig, "xi-previous-korea-visit")[0]
    assert xi["trace"].get("xaxis", "x") == "x"
    office = marks(background_fig, "taking-office")[0]
    assert office["trace"]["xaxis"] == "x2"


def test_background_rows_are_in_date_order_with_labels(background_fig):
    order = background_fig["layout"]["meta"]["event_ids"]
    assert order[:4] == [
        "xi-previous-korea-visit",
        "thaad-deployment",
        "previous-presidential-visit",
        "taking-office",
    ]
    assert order[-1] == "cctv-interview"
    for row, event_id in enumerate(order):
        assert all(abs(m["y"] - row) < 0.5 for m in marks(background_fig, event_id))
    texts = [a["text"] for a in background_fig["layout"]["annotations"]]
    assert any(t.startswith("Xi's previous visit to South Korea") and "2014" in t for t in texts)


def test_background_visit_band_is_labelled_with_its_title(background_fig, visit):
    band = [s for s in background_fig["layout"]["shapes"] if s["type"] == "rect"]
    assert [(s["x0"], s["x1"], s["xref"]) for s in band] == [("2026-01-04", "2026-01-08", "x2")]
    texts = [a["text"] for a in background_fig["layout"]["annotations"]]
    assert any(
        "President Lee Jae Myung's<br>state visit to China" in t and "4–7 Jan 2026" in t
        for t in texts
    )


def test_background_visit_label_spans_two_months(visit):
    across = dataclasses.replace(visit, start=date(2025, 12, 30), end=date(2026, 1, 2))
    fig = timeline.background_timeline(across, across.events).to_dict()
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert any(t.endswith("<br>30 Dec 2025 – 2 Jan 2026") for t in texts)


def test_background_colours_match_first_topics(background_fig, visit):
    first_topic = dict(zip(visit.events["id"], visit.events["first_topic"], strict=True))
    for trace in data_traces(background_fig):
        assert trace["marker"]["color"] in PALETTE
        for custom in trace["customdata"]:
            assert trace["marker"]["color"] == visit.topic_colours[first_topic[custom[0]]]
    ids = {c[0] for t in data_traces(background_fig) for c in t["customdata"]}
    assert ids == set(visit.events.loc[visit.events["background"], "id"])


# ---------------------------------------------------------------------------------------
# Selection


def test_selected_ids_map_back_from_plain_dicts(day_fig):
    forum_and_summit = [
        {"curve_number": 0, "point_index": 0, "customdata": m["customdata"]}
        for m in marks(day_fig, "economic-forum") + marks(day_fig, "summit")
    ]
    selection = {"selection": {"points": forum_and_summit, "point_indices": [], "box": []}}
    assert selected_event_ids(selection) == ["economic-forum", "summit"]
    assert selected_event_ids({"points": forum_and_summit}) == ["economic-forum", "summit"]


def test_selected_ids_from_streamlit_state_objects(background_fig):
    points = [
        {"customdata": m["customdata"], "x": m["x"]} for m in marks(background_fig, "taiwan-drills")
    ]
    points.append({"x": 1, "y": 2})  # no customdata: skipped
    state = PlotlyState(
        {
            "selection": PlotlySelectionState(
                {"points": points, "point_indices": [0], "box": [], "lasso": []}
            )
        }
    )
    assert selected_event_ids(state) == ["taiwan-drills"]
    assert selected_event_ids(state.selection) == ["taiwan-drills"]


def test_selected_ids_of_nothing():
    assert selected_event_ids(None) == []
    assert selected_event_ids({}) == []
    assert selected_event_ids({"selection": {"points": []}}) == []
    assert selected_event_ids({"points": [{"customdata": "summit"}]}) == ["summit"]


# ---------------------------------------------------------------------------------------
# Table and text alternative


def test_table_lists_days_then_background(visit):
    table = timeline.timeline_table(visit, visit.events)
    assert list(table.columns) == [
        "day",
        "time",
        "title",
        "place",
        "topic",
        "status",
        "date precision",
    ]
    assert len(table) == len(visit.events)
    assert table.loc["summit", "day"] == "Mon 5 Jan"
    assert table.loc["summit", "time"] == "time not stated"
    assert table.loc["luncheon-li-qiang", "time"] == "midday (inferred)"
    assert table.loc["economic-forum", "day"] == (
        "Day not stated: one of Sun 4 Jan, Mon 5 Jan, Tue 6 Jan"
    )
    assert table.loc["mou-signing", "place"] == "place not stated"
    assert table.loc["xi-previous-korea-visit", "day"] == "2014 (year only)"
    assert table.loc["thaad-deployment", "topic"] == "Culture and content"
    ids = list(table.index)
    assert ids[0] == "departure" and ids.index("return") < ids.index("xi-previous-korea-visit")
    assert ids[-2:] == ["taiwan-drills", "cctv-interview"]


def test_alt_text_is_honest_about_missing_times(visit):
    text = timeline.timeline_alt_text(visit, visit.events)
    assert "times in the host's zone, CST (UTC+8)." in text
    assert "none with a stated clock time" in text
    assert "Mon 5 Jan: Summit talks with President Xi Jinping (time not stated)." in text
    assert "Luncheon with Premier Li Qiang (midday, inferred)" in text
    assert "Korea-China economic forum (one of Sun 4 Jan, Mon 5 Jan, Tue 6 Jan" in text
    assert "Background, 9 events from 2014 to 2026" in text
    background_only = timeline.timeline_alt_text(visit, visit.events[visit.events["background"]])
    assert background_only.startswith("Background, 9 events")
    assert "No events match the filters".lower() in timeline.timeline_alt_text(
        visit, visit.events.iloc[0:0]
    )


# ---------------------------------------------------------------------------------------
# Zone helpers


def test_zone_names_and_offsets():
    winter = date(2026, 1, 5)
    assert timeline.zone_abbreviation("Asia/Shanghai", winter) == "CST"
    assert timeline.zone_abbreviation("Asia/Seoul", winter) == "KST"
    assert timeline.utc_offset_text("Asia/Shanghai", winter) == "UTC+8"
    assert timeline.utc_offset_text("Asia/Kolkata", winter) == "UTC+5:30"
    assert timeline.utc_offset_text("America/New_York", winter) == "UTC-5"
    assert timeline.zone_abbreviation("America/Sao_Paulo", winter) == "UTC-3"


def test_short_labels_for_the_background_rows():
    assert timeline.short_label("Return home") == "Return home"
    assert timeline.short_label("Summit talks with President Xi Jinping", 24) == (
        "Summit talks with…"
    )


def test_a_finished_figure_gives_plotlys_own_dict_computed_once(visit):
    import plotly.graph_objects as go

    for builder in (timeline.day_timeline, timeline.background_timeline, timeline.day_counts):
        fig = builder(visit, visit.events)
        first = fig.to_dict()
        assert first == go.Figure.to_dict(fig)  # what plotly itself would give
        assert fig.to_dict() is first  # kept: st.plotly_chart asks on every rerun


def test_split_background_keeps_each_event_once_in_order(visit):
    on_visit, background = timeline.split_background(visit.events)
    assert not on_visit["background"].any() and background["background"].all()
    assert list(on_visit["id"]) + list(background["id"]) == list(
        visit.events.sort_values("background", kind="stable")["id"]
    )


def test_selected_details_list_the_kept_events_in_selection_order(visit):
    details = timeline.selected_details(
        visit, visit.events, ["luncheon-li-qiang", "nowhere", "summit"]
    )
    assert [d.id for d in details] == ["luncheon-li-qiang", "summit"]  # an unknown id is skipped
    summit = details[1]
    assert summit.title == "Summit talks with President Xi Jinping"
    assert summit.when == "Mon 5 Jan 2026"
    assert summit.place == "Great Hall of the People"
    assert summit.quotes and all(q in visit.seed_text for q in summit.quotes)
    assert summit.basis == "inferred" and summit.basis_note  # the venue is inferred
    kept = visit.events[visit.events["id"] != "summit"]
    assert [d.id for d in timeline.selected_details(visit, kept, ["summit"])] == []


def test_no_background_label_is_cut_a_long_one_wraps(visit):
    fig = timeline.background_timeline(visit, visit.events).to_plotly_json()
    labels = [a["text"] for a in fig["layout"]["annotations"]]
    assert not [t for t in labels if "…" in t]
    (thaad,) = [t for t in labels if t.startswith("Deployment of the U.S. THAAD")]
    assert thaad.startswith("Deployment of the U.S. THAAD missile defense<br>system")
