"""The drafter's tables (`draft.tables`, `draft.build`, `draft.findings`): one step per
table, each turning found records into rows without changing them; `draft_tables` is
their pipeline."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from dashboard.authoring.draft import build, tables
from dashboard.authoring.draft.dates import find_dates
from dashboard.authoring.draft.events import find_events
from dashboard.authoring.draft.figures import find_figures
from dashboard.authoring.draft.findings import finding_rows
from dashboard.authoring.draft.itinerary import find_legs
from dashboard.authoring.draft.people import find_people
from dashboard.authoring.draft.places import find_places
from dashboard.authoring.draft.text import split_sentences
from dashboard.authoring.draft.topics import find_topics
from dashboard.authoring.draft.visit import find_visit, visit_days, with_home

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "draft" / "hosted" / "article.txt"


@pytest.fixture(scope="module")
def found() -> dict:
    """What the finders find in a fictional article, as the pipeline finds it."""
    sentences = split_sentences(ARTICLE.read_text(encoding="utf-8"))
    dates = find_dates(sentences)
    people = find_people(sentences)
    named = find_places(sentences, people)
    visit = find_visit(sentences, people, named)
    places = with_home(named, visit)
    legs = find_legs(sentences, places, dates, visit.home)
    first, last = visit_days(legs, dates)
    visit = dataclasses.replace(visit, first=first, last=last)
    events = find_events(sentences, dates, people, places, legs, visit)
    topics = find_topics(sentences)
    figures = find_figures(sentences, dates.mentions)
    return dict(
        sentences=sentences, dates=dates, people=people, places=places, visit=visit,
        legs=legs, events=events, topics=topics, figures=figures,
    )  # fmt: skip


def steps(f: dict) -> dict:
    """Every table's step, on what was found."""
    leg_rows = tables.leg_rows(f["legs"])
    cards = tables.card_rows(f["topics"], f["events"])
    return {
        "visits": tables.visit_rows(f["visit"], f["dates"], "v", "a.txt", f["visit"].quote),
        "topics": tables.topic_rows(f["topics"], f["visit"].quote),
        "places": tables.place_rows(f["places"]),
        "people": tables.people_rows(f["people"], f["visit"]),
        "events": tables.event_rows(f["events"], f["topics"]),
        "legs": leg_rows,
        "issue_cards": cards,
        "figures": tables.figure_rows(f["figures"], cards),
        "findings": finding_rows(
            f["sentences"], f["dates"], f["visit"], f["legs"], f["events"], leg_rows, "v"
        ),
    }


def test_every_record_found_is_frozen(found):
    for name, value in found.items():
        for record in value if isinstance(value, list) else [value]:
            assert dataclasses.fields(record) and type(record).__dataclass_params__.frozen, name


def test_the_steps_change_nothing_they_are_given_and_give_the_same_rows_twice(found):
    given = copy.deepcopy(found)
    first = steps(found)
    assert found == given
    assert steps(found) == first


def test_the_pipeline_is_its_steps_then_the_draft_marks(found):
    text = ARTICLE.read_text(encoding="utf-8")
    draft = build.draft_tables(text, "v", "a.txt")
    topics = found["topics"][: tables.MAX_TOPICS]
    expected = steps({**found, "topics": topics})
    expected["visits"] = tables.visit_rows(
        found["visit"], found["dates"], "v", "a.txt", found["visit"].quote
    )
    assert draft.tables == tables.finished(expected, "v")
    assert all(row["draft"] == "true" for rows in draft.tables.values() for row in rows)
    assert all(
        row["visit_id"] == "v"
        for name, rows in draft.tables.items()
        if name != "visits"
        for row in rows
    )


def test_the_guest_takes_the_country_the_visit_infers_with_a_note(found):
    rows = {row["name"]: row for row in tables.people_rows(found["people"], found["visit"])}
    host = rows["Ingrid Halvorsen"]
    assert (host["country"], host["basis"]) == ("Norway", "inferred")
    assert host["basis_note"] == "country Norway: taken as the host (inferred)"
    assert rows["Lars Eide"]["country"] == "not stated"
    checks = tables.people_checks(found["people"], found["visit"])
    assert checks == ["people.csv, lars-eide: the article does not say Lars Eide's country."]


def test_an_event_no_agenda_word_covers_is_of_the_general_topic(found):
    arrival = found["events"][0]
    talks = dataclasses.replace(arrival, title="Talks on shipping and climate finance")
    rows = tables.event_rows([arrival, talks], found["topics"])
    assert [row["topics"] for row in rows] == [tables.GENERAL_TOPIC, "shipping climate-finance"]


def test_a_visit_without_dates_has_placeholders_and_a_check():
    visit = dataclasses.replace(find_visit([], [], []), first=None)
    dates = find_dates([])
    (row,) = tables.visit_rows(visit, dates, "v", "a.txt", "")
    assert (row["start_date"], row["end_date"]) == (tables.NO_DAY, tables.NO_DAY)
    assert tables.visit_checks(visit)[0].startswith("No visit dates found")


def test_the_visits_length_is_no_headline_figure(found):
    rows = {row["value_as_written"]: row for row in steps(found)["figures"]}
    assert (rows["three-day"]["label"], rows["three-day"]["headline"]) == (
        "Length of the visit",
        "false",
    )
    assert rows["more than 5 agreements"]["headline"] == "true"


def test_the_date_of_writing_taken_from_the_text_is_a_finding():
    text = "Minister Ana Ruiz arrives in Lima on Monday, March 2, 2026."
    draft = build.draft_tables(text, "v", "a.txt")
    kinds = {row["id"]: row["kind"] for row in draft.tables["findings"]}
    assert kinds["date-of-writing"] == "ambiguity"
    draft = build.draft_tables(text, "v", "a.txt", written=dt.date(2026, 3, 1))
    assert "date-of-writing" not in {row["id"] for row in draft.tables["findings"]}
