"""The timeline figures, table, text alternative and selection mapping (dashboard.timeline),
asserted on `fig.to_dict()` with the real visit and the mini fixture."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from streamlit.elements.plotly_chart import PlotlySelectionState, PlotlyState

from dashboard import timeline
from dashboard.model import select_visit
from dashboard.schema import PALETTE
from dashboard.selection import selected_event_ids

VISIT = "lee-china-2026"
DAY_LABELS = ["Sun 4 Jan", "Mon 5 Jan", "Tue 6 Jan", "Wed 7 Jan"]
DAY_MS = 24 * 3600 * 1000


@pytest.fixture(scope="module")
def visit(real_data):
    return select_visit(real_data, VISIT)


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


def row_of(fig: dict, y: float) -> str:
    """The day label of the row whose bounds hold y."""
    labels = fig["layout"]["yaxis"]["ticktext"]
    bounds = fig["layout"]["meta"]["row_bounds"]
    (label,) = [
        label for label, (top, bottom) in zip(labels, bounds, strict=True) if top < y < bottom
    ]
    return label


def data_traces(fig: dict) -> list[dict]:
    return [t for t in fig["data"] if t.get("customdata")]


def legend_entries(fig: dict) -> list[dict]:
    return [t for t in fig["data"] if t.get("showlegend")]


# ---------------------------------------------------------------------------------------
# Day timeline


def test_rows_are_the_four_visit_days_top_to_bottom(day_fig):
    axis = day_fig["layout"]["yaxis"]
    assert axis["ticktext"] == DAY_LABELS
    assert axis["tickvals"] == sorted(axis["tickvals"])
    low, high = axis["range"]
    assert low > high  # reversed: the first day is at the top
    assert day_fig["layout"]["meta"]["row_days"] == [
        "2026-01-04",
        "2026-01-05",
        "2026-01-06",
        "2026-01-07",
    ]
    bounds = day_fig["layout"]["meta"]["row_bounds"]
    for centre, (top, bottom) in zip(axis["tickvals"], bounds, strict=True):
        assert top < centre < bottom
    assert all(a[1] < b[0] for a, b in zip(bounds, bounds[1:], strict=False))


def test_x_axis_is_the_host_clock_with_hourly_ticks(day_fig):
    axis = day_fig["layout"]["xaxis"]
    assert axis["title"]["text"] == "Time of day, China Standard Time (UTC+8)"
    assert axis["tickvals"] == list(range(25))
    assert [t for t in axis["ticktext"] if t] == ["00:00", "06:00", "12:00", "18:00", "24:00"]
    assert axis["range"][0] == 0 and axis["range"][1] > 30


def test_untimed_band_is_shaded_and_labelled(day_fig):
    band = [s for s in day_fig["layout"]["shapes"] if s["type"] == "rect"]
    assert len(band) == 1 and band[0]["x0"] == timeline.UNTIMED_START > 24
    assert band[0]["yref"] == "paper" and (band[0]["y0"], band[0]["y1"]) == (0, 1)
    texts = [a["text"] for a in day_fig["layout"]["annotations"]]
    assert any("Time not stated" in t for t in texts)
    assert any("Clock time: none stated" in t for t in texts)


def test_summit_is_on_monday_in_the_time_not_stated_band(day_fig):
    (summit,) = marks(day_fig, "summit")
    assert summit["type"] == "scatter" and summit["x"] > 24
    assert row_of(day_fig, summit["y"]) == "Mon 5 Jan"
    assert summit["symbol"] == "circle"
    assert summit["customdata"] == ["summit", "2026-01-05"]
    hover = summit["hover"]
    assert "Summit talks with President Xi Jinping" in hover
    assert "Mon 5 Jan 2026" in hover
    assert "Great Hall of the People, Beijing" in hover
    assert "Status: scheduled" in hover
    assert "Time: not stated" in hover
    assert "Times: CST (UTC+8) · Seoul KST (UTC+9)" in hover


def test_no_real_event_pretends_a_clock_time(day_fig, visit):
    visit_ids = set(visit.events.loc[~visit.events["background"], "id"])
    for event_id in visit_ids - {"luncheon-li-qiang"}:
        for mark in marks(day_fig, event_id):
            assert mark["type"] == "scatter" and mark["x"] == timeline.UNTIMED_MARKER_X


def test_untimed_marks_in_a_row_are_stacked_without_overlap(day_fig):
    by_row: dict[str, list[float]] = {}
    for trace in data_traces(day_fig):
        if trace["type"] != "scatter":
            continue
        for x, y in zip(trace["x"], trace["y"], strict=True):
            if x > 24:
                by_row.setdefault(row_of(day_fig, y), []).append(y)
    assert {row: len(ys) for row, ys in by_row.items()} == {
        "Sun 4 Jan": 3,
        "Mon 5 Jan": 3,
        "Tue 6 Jan": 6,
        "Wed 7 Jan": 4,
    }
    for ys in by_row.values():
        ys = sorted(ys)
        assert all(b - a >= 1 for a, b in zip(ys, ys[1:], strict=False))


def test_luncheon_is_a_midday_band(day_fig):
    (lunch,) = marks(day_fig, "luncheon-li-qiang")
    assert lunch["type"] == "bar" and lunch["trace"]["orientation"] == "h"
    assert (lunch["base"], lunch["base"] + lunch["x"]) == (11.0, 14.0)
    assert "midday (inferred)" in lunch["text"]
    assert row_of(day_fig, lunch["y"]) == "Tue 6 Jan"
    assert lunch["trace"]["marker"]["opacity"] < 1  # translucent
    assert "Part of day: midday (inferred), drawn over 11:00-14:00" in lunch["hover"]


def test_forum_is_hollow_on_each_of_its_three_possible_days(day_fig):
    forum = marks(day_fig, "economic-forum")
    assert [row_of(day_fig, m["y"]) for m in forum] == DAY_LABELS[:3]
    assert {m["symbol"] for m in forum} == {"circle-open"}
    for mark in forum:
        assert "day not stated: one of Sun 4 Jan, Mon 5 Jan, Tue 6 Jan" in mark["hover"]
    assert len(marks(day_fig, "mou-signing")) == 4
    assert [row_of(day_fig, m["y"]) for m in marks(day_fig, "startup-event")] == DAY_LABELS[2:]


def test_hollow_key_is_in_the_legend(day_fig):
    key = [t for t in legend_entries(day_fig) if t["name"] == timeline.HOLLOW_KEY]
    assert len(key) == 1 and key[0]["marker"]["symbol"] == "circle-open"


def test_colours_are_palette_values_of_each_events_first_topic(day_fig, visit):
    first_topic = dict(zip(visit.events["id"], visit.events["first_topic"], strict=True))
    checked = 0
    for trace in data_traces(day_fig):
        colour = trace["marker"]["color"]
        assert colour in PALETTE
        for custom in trace["customdata"]:
            assert colour == visit.topic_colours[first_topic[custom[0]]]
            checked += 1
    assert checked == 17  # 6 dated events + 3 + 4 + 2 + 2 marks of the 4 undated ones


def test_one_legend_entry_per_topic_shown(day_fig, visit):
    topics = [t for t in legend_entries(day_fig) if t["legendgroup"].startswith("topic-")]
    assert [t["name"] for t in topics] == [
        visit.topic_labels[t] for t in ("diplomacy", "economy", "history")
    ]
    for entry in topics:
        topic = entry["legendgroup"].removeprefix("topic-")
        assert entry["marker"]["color"] == visit.topic_colours[topic]
    assert day_fig["layout"]["legend"]["orientation"] == "h"
    assert day_fig["layout"]["legend"]["y"] < 0  # below the chart


def test_every_mark_carries_its_event_id(day_fig, visit):
    ids = set(visit.events["id"])
    customs = [c for t in data_traces(day_fig) for c in t["customdata"]]
    assert customs and all(c[0] in ids for c in customs)
    assert all(
        "Times: CST (UTC+8) · Seoul KST (UTC+9)" in h
        for t in data_traces(day_fig)
        for h in t["hovertext"]
    )


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
    assert mark["x"] == 9.0
    assert row_of(fig, mark["y"]) == "Mon 5 Jan"
    assert "09:00 CST" in mark["hover"] and "10:00 KST" in mark["hover"]
    assert mark["symbol"] == "circle"
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "Clock time" in texts
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
    assert mark["x"] == 23.5
    assert row_of(fig, mark["y"]) == "Mon 5 Jan"
    assert mark["customdata"] == ["late", "2026-01-05"]
    assert "23:30 CST" in mark["hover"] and "00:30 KST" in mark["hover"]


def test_a_clock_time_without_a_place_is_read_as_host_time(visit):
    events = with_event(
        visit.events, "mou-signing", id="untold", title="Untold", time_local="15:00"
    )
    fig = timeline.day_timeline(visit, events).to_dict()
    found = marks(fig, "untold")
    assert [m["x"] for m in found] == [15.0] * 4
    assert {m["symbol"] for m in found} == {"circle-open"}
    assert "zone not stated" in found[0]["hover"]


def test_hover_text_from_data_is_escaped(visit):
    events = with_event(visit.events, "summit", id="odd", title="<b>Odd</b> & co")
    (mark,) = marks(timeline.day_timeline(visit, events).to_dict(), "odd")
    assert "&lt;b&gt;Odd&lt;/b&gt; &amp; co" in mark["hover"]
    assert "<b>Odd</b>" not in mark["hover"] and "<b>Odd</b>" not in mark["text"]


def test_height_grows_with_the_rows(visit, day_fig):
    summit_only = timeline.day_timeline(visit, visit.events[visit.events["id"] == "summit"])
    assert summit_only.layout.height < day_fig["layout"]["height"]
    assert summit_only.to_dict()["layout"]["yaxis"]["ticktext"] == DAY_LABELS


def test_mini_fixture_morning_band_and_empty_day(mini_visit):
    from dashboard.loading import load_dataset

    fixture = select_visit(load_dataset(mini_visit), "fixture-mini-2026")
    fig = timeline.day_timeline(fixture, fixture.events).to_dict()
    assert fig["layout"]["yaxis"]["ticktext"] == ["Mon 2 Mar", "Tue 3 Mar"]
    (meeting,) = marks(fig, "meeting")
    assert (meeting["base"], meeting["base"] + meeting["x"]) == (6.0, 11.0)
    assert "morning (no clock time)" in meeting["text"]  # the article states the morning
    assert "previous-visit" not in {c[0] for t in data_traces(fig) for c in t["customdata"]}


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
    assert "early November 2025 (1-10, day not stated)" in hover("apec-gyeongju")
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
        "President Lee Jae Myung's<br>state visit to China" in t and "4-7 Jan 2026" in t
        for t in texts
    )


def test_background_visit_label_spans_two_months(visit):
    across = dataclasses.replace(visit, start=date(2025, 12, 30), end=date(2026, 1, 2))
    fig = timeline.background_timeline(across, across.events).to_dict()
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert any(t.endswith("<br>30 Dec 2025 - 2 Jan 2026") for t in texts)


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
    assert "China Standard Time (UTC+8)" in text
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


def test_short_and_wrapped_labels():
    assert timeline.short_label("Return home") == "Return home"
    assert timeline.short_label("Summit talks with President Xi Jinping", 24) == (
        "Summit talks with…"
    )
    assert timeline.wrapped_label("Startup event with Korean and Chinese entrepreneurs") == (
        "Startup event with<br>Korean and Chinese…"
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
