"""Validation of a visit's tables (`data.validation`): the columns each table must
have, the ids rows point to, quotes against the article, the rules across columns, and every
problem of every file found in one run.

Each test breaks its own copy of tests/fixtures/mini_visit and asserts the exact Problem(s):
file, row (the header is row 1), column, value and the plain sentence."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR, MINI_ID, MINI_VISIT, problems_in

from dashboard.data import validation
from dashboard.data.loading import Problem, check_folder, load_dataset
from dashboard.data.schema import PALETTE, TABLES


def columns_of(table: str) -> str:
    return ", ".join(TABLES[table].column_names)


# ---------------------------------------------------------------------------------------
# Columns and ids


def test_missing_table_also_reports_the_ids_that_pointed_into_it(broken_copy):
    folder = broken_copy(lambda v: v.delete("places.csv"))
    unknown = "is not an id in places.csv."
    assert problems_in(folder) == [
        Problem("places.csv", None, None, None, "is missing: this table is required."),
        Problem("events.csv", 2, "place_id", "city-x", unknown),
        Problem("events.csv", 3, "place_id", "civic-hall", unknown),
        Problem("events.csv", 4, "place_id", "city-x", unknown),
        Problem("legs.csv", 2, "from_place", "city-x", unknown),
        Problem("legs.csv", 2, "to_place", "civic-hall", unknown),
    ]


def test_missing_column(broken_copy):
    folder = broken_copy(lambda v: v.drop_column("events.csv", "summary"))
    assert problems_in(folder) == [
        Problem(
            "events.csv",
            1,
            "summary",
            None,
            f"is a required column and is missing. The columns are: {columns_of('events')}.",
        ),
    ]


def test_unknown_column(broken_copy):
    folder = broken_copy(lambda v: v.add_column("events.csv", "notes", "anything"))
    assert problems_in(folder) == [
        Problem(
            "events.csv",
            1,
            "notes",
            None,
            f"is not a known column. The columns are: {columns_of('events')}.",
        ),
    ]


def test_table_with_only_a_header_is_valid_when_rows_are_optional(broken_copy):
    folder = broken_copy(lambda v: v.write("legs.csv", v.read("legs.csv")[:1]))
    assert problems_in(folder) == []
    dataset = load_dataset(folder)
    assert len(dataset.legs) == 0
    assert list(dataset.legs.columns) == TABLES["legs"].column_names
    assert dataset.legs["seq"].dtype == "int64"


def test_two_visits_in_one_visits_file(broken_copy):
    def second_visit(v) -> None:
        records = v.read("visits.csv")
        other = list(records[1])
        other[0] = "fixture-other-2026"
        v.write("visits.csv", records + [other])

    folder = broken_copy(second_visit)
    assert problems_in(folder) == [
        Problem(
            "visits.csv",
            3,
            None,
            None,
            "A visit folder holds exactly one visit; put each visit in its own folder.",
        ),
    ]


def test_duplicate_id(broken_copy):
    folder = broken_copy(lambda v: v.duplicate_row("people.csv", "mayor-b"))
    duplicate = "is a duplicate id: ids must be unique."
    assert problems_in(folder) == [
        Problem("people.csv", 3, "id", "mayor-b", duplicate),
        Problem("people.csv", 4, "id", "mayor-b", duplicate),
    ]


# ---------------------------------------------------------------------------------------
# References between tables


@pytest.mark.parametrize(
    ("file", "row_id", "column", "cell", "row", "unknown", "target"),
    [
        ("events.csv", "meeting", "topics", "trade nonesuch", 3, "nonesuch", "topics.csv"),
        ("issue_cards.csv", "river-trade", "topic", "rivers", 2, "rivers", "topics.csv"),
        ("events.csv", "meeting", "place_id", "atlantis", 3, "atlantis", "places.csv"),
        ("places.csv", "civic-hall", "city_id", "city-y", 3, "city-y", "places.csv"),
        ("legs.csv", "city-to-hall", "to_place", "harbour", 2, "harbour", "places.csv"),
        (
            "issue_cards.csv",
            "river-trade",
            "related_events",
            "meeting ghost-event",
            2,
            "ghost-event",
            "events.csv",
        ),
        ("events.csv", "meeting", "participants", "minister-a nobody", 3, "nobody", "people.csv"),
        ("figures.csv", "agreements", "card_id", "no-card", 2, "no-card", "issue_cards.csv"),
        (
            "findings.csv",
            "weekday-checks",
            "affects",
            "arrival phantom",
            2,
            "phantom",
            "any table of this visit",
        ),
    ],
)
def test_reference_to_an_unknown_id(broken_copy, file, row_id, column, cell, row, unknown, target):
    folder = broken_copy(lambda v: v.set_cell(file, row_id, column, cell))
    assert problems_in(folder) == [
        Problem(file, row, column, unknown, f"is not an id in {target}."),
    ]


def test_visit_id_that_does_not_match_the_folder(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("people.csv", "mayor-b", "visit_id", "other-visit-2026")
    )
    assert problems_in(folder) == [
        Problem(
            "people.csv",
            3,
            "visit_id",
            "other-visit-2026",
            f"does not match this folder's visit id {MINI_ID!r}.",
        ),
    ]


def test_badly_written_id_list(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "topics", "diplomacy,trade"))
    assert problems_in(folder) == [
        Problem(
            "events.csv",
            3,
            "topics",
            "diplomacy,trade",
            "is not a valid id list: separate ids with spaces.",
        ),
        Problem("events.csv", 3, "topics", "diplomacy,trade", "is not an id in topics.csv."),
    ]


# ---------------------------------------------------------------------------------------
# Quotes and the article


def test_quote_not_found_in_the_seed(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("people.csv", "mayor-b", "quote", "will meet Mayor C")
    )
    assert problems_in(folder) == [
        Problem(
            "people.csv",
            3,
            "quote",
            "will meet Mayor C",
            "is not found word for word in the article seed.txt. The closest passage is "
            "“will meet Mayor B”; they differ at character 17: the article has "
            "“…will meet Mayor B”, the quote “…will meet Mayor C”.",
        ),
    ]


def test_only_the_missing_span_of_a_quote_is_reported(broken_copy):
    quote = "The two sides expect to sign 3 agreements | to discuss sea trade"
    folder = broken_copy(lambda v: v.set_cell("issue_cards.csv", "river-trade", "quote", quote))
    assert problems_in(folder) == [
        Problem(
            "issue_cards.csv",
            2,
            "quote",
            "to discuss sea trade",
            "is not found word for word in the article seed.txt. The closest passage is "
            "“to discuss river tra”; they differ at character 12: the article has "
            "“…to discuss river tra”, the quote “…to discuss sea trade”.",
        ),
    ]


def test_quote_may_differ_in_spaces_and_quote_marks(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("people.csv", "mayor-b", "quote", "will  meet\n Mayor B")
    )
    assert problems_in(folder) == []


def test_seed_that_is_not_a_file(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("visits.csv", MINI_ID, "seed", "nope.txt"))
    assert problems_in(folder) == [
        Problem(
            "visits.csv",
            2,
            "seed",
            "nope.txt",
            "does not name an article file; give its path relative to this folder.",
        ),
    ]


# ---------------------------------------------------------------------------------------
# Rules across columns


def test_event_outside_its_visit_that_is_not_background(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("events.csv", "previous-visit", "background", "false")
    )
    assert problems_in(folder) == [
        Problem(
            "events.csv",
            4,
            "date_start",
            "2019-01-01..2019-12-31",
            "lies outside the visit (2026-03-02 to 2026-03-03); mark the event as "
            "background or correct the dates.",
        ),
    ]


def test_event_ending_after_the_visit(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "date_end", "2026-03-04"))
    assert problems_in(folder) == [
        Problem(
            "events.csv",
            3,
            "date_start",
            "2026-03-02..2026-03-04",
            "lies outside the visit (2026-03-02 to 2026-03-03); mark the event as "
            "background or correct the dates.",
        ),
    ]


def test_event_date_end_before_date_start(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "date_end", "2026-03-01"))
    assert problems_in(folder) == [
        Problem("events.csv", 3, "date_end", "2026-03-01", "is before date_start."),
    ]


def test_visit_end_date_before_start_date(broken_copy):
    def reversed_visit(v) -> None:
        v.set_cell("visits.csv", MINI_ID, "start_date", "2026-03-03")
        v.set_cell("visits.csv", MINI_ID, "end_date", "2026-03-02")

    assert problems_in(broken_copy(reversed_visit)) == [
        Problem("visits.csv", 2, "end_date", "2026-03-02", "is before start_date."),
    ]


def test_clock_time_needs_a_place_with_a_time_zone(broken_copy):
    def time_without_zone(v) -> None:
        v.set_cell("places.csv", "civic-hall", "timezone", "")
        v.set_cell("events.csv", "meeting", "time_local", "10:00")

    assert problems_in(broken_copy(time_without_zone)) == [
        Problem(
            "events.csv",
            3,
            "time_local",
            "10:00",
            "needs a place with a time zone, so the time can be shown in both zones.",
        ),
    ]


# ---------------------------------------------------------------------------------------
# Collecting everything


def test_every_problem_in_every_file_is_reported_in_one_run(broken_copy):
    def many(v) -> None:
        v.set_cell("topics.csv", "trade", "colour", "#000000")
        v.set_cell("places.csv", "civic-hall", "lat", "north")
        v.set_cell("places.csv", "city-x", "lon", "-190")
        v.set_cell("events.csv", "meeting", "date_start", "5 Jan")
        v.set_cell("events.csv", "previous-visit", "background", "false")
        v.set_cell("people.csv", "mayor-b", "quote", "will meet Mayor C")
        v.drop_column("figures.csv", "unit")
        v.delete("findings.csv")

    problems = problems_in(broken_copy(many))
    expected = [
        Problem(
            "topics.csv",
            2,
            "colour",
            "#000000",
            "is not in the colour-blind-safe palette: " + ", ".join(PALETTE) + ".",
        ),
        Problem(
            "places.csv", 2, "lon", "-190", "is out of range: it must be between -180 and 180."
        ),
        Problem("places.csv", 3, "lat", "north", "is not a number."),
        Problem("events.csv", 3, "date_start", "5 Jan", "is not a real date in YYYY-MM-DD form."),
        Problem(
            "figures.csv",
            1,
            "unit",
            None,
            f"is a required column and is missing. The columns are: {columns_of('figures')}.",
        ),
        Problem("findings.csv", None, None, None, "is missing: this table is required."),
        Problem(
            "events.csv",
            4,
            "date_start",
            "2019-01-01..2019-12-31",
            "lies outside the visit (2026-03-02 to 2026-03-03); mark the event as "
            "background or correct the dates.",
        ),
        Problem(
            "people.csv",
            3,
            "quote",
            "will meet Mayor C",
            "is not found word for word in the article seed.txt. The closest passage is "
            "“will meet Mayor B”; they differ at character 17: the article has "
            "“…will meet Mayor B”, the quote “…will meet Mayor C”.",
        ),
    ]
    assert sorted(problems, key=str) == sorted(expected, key=str)
    assert len(problems) == len(expected)


def test_tables_passed_by_their_rules_are_passed_by_pandera_too(monkeypatch, broken_copy):
    # A table that passes its schema's rules skips pandera; without that shortcut, pandera
    # must find exactly the same problems, and none in valid data.
    def broken(v) -> None:
        v.set_cell("places.csv", "civic-hall", "lat", "north")
        v.set_cell("topics.csv", "trade", "colour", "#000000")
        v.drop_column("figures.csv", "unit")

    folders = [MINI_VISIT, DATA_DIR, broken_copy(broken)]
    with_shortcut = [problems_in(folder) for folder in folders]
    monkeypatch.setattr(validation, "_surely_valid", lambda frame, table: False)
    assert [problems_in(folder) for folder in folders] == with_shortcut
    assert with_shortcut[0] == with_shortcut[1] == []
    assert len(with_shortcut[2]) == 3


def test_two_topics_of_one_colour_while_the_palette_has_more(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("topics.csv", "diplomacy", "colour", "#0072B2"))
    problems, _ = check_folder(folder)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("topics.csv", 3, "colour", "#0072B2")
    ]
    assert "is already the colour of topic 'trade'" in problems[0].message
    assert "pick one no topic uses (#D55E00," in problems[0].message


def test_a_card_repeating_another_cards_why_is_warned_of_not_refused(broken_copy):
    def second_card_same_why(v):
        records = v.read("issue_cards.csv")
        copy = list(records[1])
        copy[0] = "river-trade-again"
        copy[3] = "River trade, again"
        records.append(copy)
        v.write("issue_cards.csv", records)

    dataset = load_dataset(broken_copy(second_card_same_why))
    repeated = [w for w in dataset.warnings if "the same text as row 2" in w.message]
    assert [(w.file, w.row, w.column) for w in repeated] == [
        ("issue_cards.csv", 3, "aim"),
        ("issue_cards.csv", 3, "why"),
    ]
    assert repeated[1].value == "The meeting is to discuss river trade."
