"""The loader reports every problem of a data folder, each as the user sees it.

Each test breaks its own copy of tests/fixtures/mini_visit and asserts the exact Problem(s):
file, row (the header is row 1), column, value and the plain sentence.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import validation
from dashboard.data.loading import (
    DATA_DIR_ENV,
    DEFAULT_DATA_DIR,
    DataError,
    Problem,
    check_folder,
    data_dir_from_env,
    load_dataset,
)
from dashboard.data.schema import PALETTE, STATUS, TABLES

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"
MINI_VISIT = ROOT / "tests" / "fixtures" / "mini_visit"
VISIT_ID = "fixture-mini-2026"
REAL_SEED = "lee-jae-myung-china-state-visit-2026.txt"
NOT_UTF8 = "contains bytes that are not UTF-8 text; save the file as UTF-8."


def problems_in(folder: Path) -> list[Problem]:
    problems, _ = check_folder(folder)
    return problems


def columns_of(table: str) -> str:
    return ", ".join(TABLES[table].column_names)


# ---------------------------------------------------------------------------------------
# The fixture itself


def test_mini_visit_is_valid_and_complete(mini_visit):
    problems, loads = check_folder(mini_visit)
    assert problems == []
    assert [load.visit_id for load in loads] == [VISIT_ID]
    raws = loads[0].raws
    assert set(raws) == set(TABLES)
    for name, raw in raws.items():
        assert raw is not None, name
        if TABLES[name].optional_file:  # no reports yet: the files are absent, the tables empty
            assert not (mini_visit / TABLES[name].file).exists() and len(raw.frame) == 0, name
        else:
            assert 1 <= len(raw.frame) <= 3, name
    assert loads[0].seed_path == (mini_visit / "seed.txt").resolve()
    assert loads[0].seed_text.startswith("FIXTURE ARTICLE for tests")
    assert (mini_visit / "README.md").read_text(encoding="utf-8").count("fixture") >= 1
    background = raws["events"].frame["background"]
    assert (background == "true").sum() == 1
    assert set(raws["topics"].frame["colour"]) <= set(PALETTE)


def test_mini_visit_rows_are_counted_like_a_spreadsheet(mini_visit):
    _, loads = check_folder(mini_visit)
    events = loads[0].raws["events"]
    assert events.rows == [2, 3, 4]
    assert list(events.frame["id"]) == ["arrival", "meeting", "previous-visit"]


# ---------------------------------------------------------------------------------------
# Files and columns


def test_missing_file(broken_copy):
    folder = broken_copy(lambda v: v.delete("findings.csv"))
    assert problems_in(folder) == [
        Problem("findings.csv", None, None, None, "is missing: this table is required."),
    ]


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


def test_missing_visits_file_means_the_folder_is_no_visit(broken_copy):
    folder = broken_copy(lambda v: v.delete("visits.csv"))
    assert problems_in(folder) == [
        Problem(str(folder), None, None, None, "holds no visit folder (a folder with visits.csv)."),
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


def test_column_named_twice_in_header(broken_copy):
    def twice(v) -> None:
        v.write("figures.csv", [r + [r[-1]] for r in v.read("figures.csv")])

    folder = broken_copy(twice)
    assert problems_in(folder) == [
        Problem("figures.csv", 1, "quote", None, "appears twice in the header."),
    ]


def test_empty_file(broken_copy):
    folder = broken_copy(lambda v: v.empty("findings.csv"))
    assert problems_in(folder) == [
        Problem("findings.csv", None, None, None, "is empty: it needs a header row."),
    ]


def test_file_of_only_comments_and_blank_lines_is_empty(broken_copy):
    folder = broken_copy(lambda v: v.write_bytes("findings.csv", b"# a note\n\n   \n"))
    assert problems_in(folder) == [
        Problem("findings.csv", None, None, None, "is empty: it needs a header row."),
    ]


def test_visits_without_a_data_row(broken_copy):
    folder = broken_copy(lambda v: v.write("visits.csv", v.read("visits.csv")[:1]))
    assert problems_in(folder) == [
        Problem("visits.csv", None, None, None, "has no data rows: it needs at least 1."),
        # Without a visit, the finding that names the visit points at nothing.
        Problem("findings.csv", 2, "affects", VISIT_ID, "is not an id in any table of this visit."),
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


# ---------------------------------------------------------------------------------------
# Cells: types, dates, ranges, choices


@pytest.mark.parametrize(
    ("file", "row_id", "column", "value", "row", "message"),
    [
        ("places.csv", "civic-hall", "lat", "north", 3, "is not a number."),
        ("places.csv", "city-x", "lon", "", 2, "is empty but required."),
        ("legs.csv", "city-to-hall", "seq", "two", 2, "is not a whole number."),
        ("events.csv", "meeting", "background", "yes", 3, "must be true or false."),
        ("figures.csv", "agreements", "headline", "True", 2, "must be true or false."),
        ("figures.csv", "visit-days", "value", "nan", 3, "is not a number."),
        ("events.csv", "meeting", "time_local", "9am", 3, "is not a time of day in HH:MM form."),
        (
            "events.csv",
            "meeting",
            "status",
            "cancelled",
            3,
            "is not one of: " + ", ".join(STATUS) + ".",
        ),
        ("people.csv", "mayor-b", "role", "", 3, "is empty but required."),
    ],
)
def test_bad_type(broken_copy, file, row_id, column, value, row, message):
    folder = broken_copy(lambda v: v.set_cell(file, row_id, column, value))
    assert problems_in(folder) == [Problem(file, row, column, value, message)]


@pytest.mark.parametrize("value", ["2026-02-30", "5 Jan", "2026-3-2"])
def test_bad_date(broken_copy, value):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "date_start", value))
    assert problems_in(folder) == [
        Problem("events.csv", 3, "date_start", value, "is not a real date in YYYY-MM-DD form."),
    ]


def test_bad_date_in_legs(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("legs.csv", "city-to-hall", "date", "5 Jan"))
    assert problems_in(folder) == [
        Problem("legs.csv", 2, "date", "5 Jan", "is not a real date in YYYY-MM-DD form."),
    ]


@pytest.mark.parametrize(
    ("column", "value", "bounds"),
    [
        ("lat", "95", "between -90 and 90"),
        ("lat", "-90.5", "between -90 and 90"),
        ("lon", "-190", "between -180 and 180"),
        ("lon", "180.01", "between -180 and 180"),
    ],
)
def test_coordinates_out_of_range(broken_copy, column, value, bounds):
    folder = broken_copy(lambda v: v.set_cell("places.csv", "civic-hall", column, value))
    assert problems_in(folder) == [
        Problem("places.csv", 3, column, value, f"is out of range: it must be {bounds}."),
    ]


def test_coordinates_on_the_bounds_are_accepted(broken_copy):
    def edges(v) -> None:
        v.set_cell("places.csv", "civic-hall", "lat", "-90")
        v.set_cell("places.csv", "civic-hall", "lon", "180")

    assert problems_in(broken_copy(edges)) == []


def test_leg_sequence_must_be_at_least_one(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("legs.csv", "city-to-hall", "seq", "0"))
    assert problems_in(folder) == [
        Problem("legs.csv", 2, "seq", "0", "is out of range: it must be at least 1."),
    ]


def test_invalid_id(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("figures.csv", "visit-days", "id", "Visit Days"))
    assert problems_in(folder) == [
        Problem(
            "figures.csv",
            3,
            "id",
            "Visit Days",
            "is not a valid id: use lower-case letters, digits and hyphens.",
        ),
    ]


def test_duplicate_id(broken_copy):
    folder = broken_copy(lambda v: v.duplicate_row("people.csv", "mayor-b"))
    duplicate = "is a duplicate id: ids must be unique."
    assert problems_in(folder) == [
        Problem("people.csv", 3, "id", "mayor-b", duplicate),
        Problem("people.csv", 4, "id", "mayor-b", duplicate),
    ]


def test_bad_time_zone(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("places.csv", "civic-hall", "timezone", "Mars/Olympus")
    )
    assert problems_in(folder) == [
        Problem(
            "places.csv",
            3,
            "timezone",
            "Mars/Olympus",
            "is not an IANA time zone name such as Europe/Paris or America/Chicago.",
        ),
    ]


def test_colour_outside_the_palette(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("topics.csv", "diplomacy", "colour", "#123456"))
    assert problems_in(folder) == [
        Problem(
            "topics.csv",
            3,
            "colour",
            "#123456",
            "is not in the colour-blind-safe palette: "
            "#0072B2, #D55E00, #009E73, #CC79A7, #E69F00, #56B4E9, #F0E442, "
            "#882255, #332288, #999933, #44AA99, #AA4499.",
        ),
    ]


def test_colour_not_in_hex_form(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("topics.csv", "diplomacy", "colour", "red"))
    assert problems_in(folder) == [
        Problem("topics.csv", 3, "colour", "red", "is not a colour in #RRGGBB form."),
    ]


def test_palette_colour_in_lower_case_is_accepted(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("topics.csv", "diplomacy", "colour", "#d55e00"))
    assert problems_in(folder) == []


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
            f"does not match this folder's visit id {VISIT_ID!r}.",
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
    folder = broken_copy(lambda v: v.set_cell("visits.csv", VISIT_ID, "seed", "nope.txt"))
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
# Bytes and CSV structure


def test_bytes_that_are_not_utf8(broken_copy):
    def bad_byte(v) -> None:
        data = v.path("figures.csv").read_bytes()
        v.write_bytes("figures.csv", data.replace(b"Length of", b"Length\xff of"))

    folder = broken_copy(bad_byte)
    assert problems_in(folder) == [Problem("figures.csv", 3, None, "ff", NOT_UTF8)]


def test_latin1_file_names_the_line_of_the_first_bad_byte(broken_copy):
    def latin1(v) -> None:
        text = v.path("figures.csv").read_text(encoding="utf-8")
        text = text.replace("Agreements expected", "Accords prévus")
        v.write_bytes("figures.csv", text.encode("latin-1"))

    folder = broken_copy(latin1)
    assert problems_in(folder) == [Problem("figures.csv", 2, None, "e9", NOT_UTF8)]


def test_bad_bytes_after_a_byte_order_mark(broken_copy):
    # Regression: with a BOM the offsets were three bytes off (wrong line, wrong byte).
    def bom_and_bad_byte(v) -> None:
        data = v.path("figures.csv").read_bytes().replace(b"\nvisit-days", b"\n\xffvisit-days")
        v.write_bytes("figures.csv", b"\xef\xbb\xbf" + data)

    folder = broken_copy(bom_and_bad_byte)
    assert problems_in(folder) == [Problem("figures.csv", 3, None, "ff", NOT_UTF8)]


def test_byte_order_mark_alone_is_accepted(broken_copy):
    def bom(v) -> None:
        v.write_bytes("people.csv", b"\xef\xbb\xbf" + v.path("people.csv").read_bytes())

    assert problems_in(broken_copy(bom)) == []


def test_wrong_cell_count(broken_copy):
    folder = broken_copy(lambda v: v.append_line("people.csv", "extra,fixture-mini-2026,X"))
    assert problems_in(folder) == [
        Problem(
            "people.csv",
            4,
            None,
            None,
            "has 3 cells but the header has 10; check for a missing or extra comma, "
            "or an unclosed quote.",
        ),
    ]


def test_cell_count_row_is_the_first_line_of_a_multiline_record(broken_copy):
    def multiline(v) -> None:
        v.insert_line("people.csv", 3, 'note,"a cell\nover two lines"')

    folder = broken_copy(multiline)
    assert problems_in(folder) == [
        Problem(
            "people.csv",
            3,
            None,
            None,
            "has 2 cells but the header has 10; check for a missing or extra comma, "
            "or an unclosed quote.",
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
        v.set_cell("visits.csv", VISIT_ID, "start_date", "2026-03-03")
        v.set_cell("visits.csv", VISIT_ID, "end_date", "2026-03-02")

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
# Collecting everything, comments and row numbers


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


def test_problems_from_several_visit_folders_are_all_reported(tmp_path, mini_visit, edit_folder):
    data = tmp_path / "data"
    for name in ("one", "two"):
        shutil.copytree(mini_visit, data / name)
        edit_folder(data / name).set_cell("visits.csv", VISIT_ID, "id", f"fixture-{name}")
    edit_folder(data / "one").set_cell("places.csv", "city-x", "lat", "north")
    edit_folder(data / "two").set_cell("legs.csv", "city-to-hall", "seq", "two")
    problems = problems_in(data)
    assert Problem("one/places.csv", 2, "lat", "north", "is not a number.") in problems
    assert Problem("two/legs.csv", 2, "seq", "two", "is not a whole number.") in problems
    # Every other row still names the fixture's visit id, in both folders.
    assert (
        Problem(
            "one/people.csv",
            2,
            "visit_id",
            VISIT_ID,
            "does not match this folder's visit id 'fixture-one'.",
        )
        in problems
    )
    assert (
        Problem(
            "two/people.csv",
            2,
            "visit_id",
            VISIT_ID,
            "does not match this folder's visit id 'fixture-two'.",
        )
        in problems
    )


def test_comment_lines_are_ignored_and_rows_keep_the_file_line_numbers(broken_copy):
    def comments_and_errors(v) -> None:
        v.set_cell("events.csv", "meeting", "date_start", "5 Jan")
        v.set_cell("events.csv", "previous-visit", "background", "false")
        v.insert_line("events.csv", 1, "# Example row: id,visit_id,title,...")
        v.insert_line("events.csv", 5, "")
        v.insert_line("events.csv", 6, '  # a note, with "commas", and quotes')

    folder = broken_copy(comments_and_errors)
    lines = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    assert lines[4 - 1].startswith("meeting,")
    assert lines[7 - 1].startswith("previous-visit,")
    assert problems_in(folder) == [
        Problem("events.csv", 4, "date_start", "5 Jan", "is not a real date in YYYY-MM-DD form."),
        Problem(
            "events.csv",
            7,
            "date_start",
            "2019-01-01..2019-12-31",
            "lies outside the visit (2026-03-02 to 2026-03-03); mark the event as "
            "background or correct the dates.",
        ),
    ]


def test_comment_lines_do_not_become_rows(broken_copy):
    def comments(v) -> None:
        v.insert_line("people.csv", 2, "# name,role: people quoted by the article")
        v.append_line("people.csv", "# end of table")

    folder = broken_copy(comments)
    assert problems_in(folder) == []
    dataset = load_dataset(folder)
    assert list(dataset.people["id"]) == ["minister-a", "mayor-b"]


def test_problem_reads_as_one_plain_line():
    problem = Problem("events.csv", 3, "lat", "north", "is not a number.")
    assert str(problem) == "events.csv, row 3, column lat: 'north' is not a number."
    missing = Problem("findings.csv", None, None, None, "is missing: this table is required.")
    assert str(missing) == "findings.csv: is missing: this table is required."


def test_problem_constructors_leave_what_does_not_apply_empty():
    assert Problem.of_file("a.csv", "m.") == Problem("a.csv", None, None, None, "m.")
    assert Problem.of_row("a.csv", 4, "m.") == Problem("a.csv", 4, None, None, "m.")
    assert Problem.of_row("a.csv", 4, "m.", value="ff") == Problem("a.csv", 4, None, "ff", "m.")
    assert Problem.of_header("a.csv", "lat", "m.") == Problem("a.csv", 1, "lat", None, "m.")
    assert str(Problem.of_file("a.csv", "is missing.")) == "a.csv: is missing."
    cell = Problem("a.csv", 3, "lat", "x", "is bad.")
    assert str(cell) == "a.csv, row 3, column lat: 'x' is bad."


# ---------------------------------------------------------------------------------------
# load_dataset and the typed frames


@pytest.mark.parametrize("broken", [False, True])
def test_the_garbage_collector_is_paused_while_loading_and_back_after(
    broken, broken_copy, monkeypatch
):
    """A load pauses Python's cyclic collector (it would scan every cell read, again and
    again) and always turns it back on, when the folder has problems too."""
    from dashboard.data import loading

    folder = broken_copy(lambda v: v.empty("topics.csv") if broken else None)
    seen = []
    original = loading.read_table

    def read_table(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(loading, "read_table", read_table)
    assert gc.isenabled()
    if broken:
        with pytest.raises(DataError):
            load_dataset(folder)
    else:
        load_dataset(folder)
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()  # a caller that had paused it finds it paused still
    try:
        load_dataset(broken_copy())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_table_has_the_dtypes_its_columns_declare(real_data):
    """`column_dtype` (what the stored copy is checked against) is what loading gives, for
    the real tables and for tables with no rows."""
    from dashboard.data.loading import _typed, column_dtype

    for name, table in TABLES.items():
        declared = [column_dtype(col) for col in table.columns]
        assert list(real_data.tables[name].dtypes) == declared, name
        empty = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in table.columns})
        assert list(_typed(empty, table).dtypes) == declared, name


def test_load_dataset_returns_typed_frames_for_the_real_data(real_data):
    events, places, legs, visits = (
        real_data.events,
        real_data.places,
        real_data.legs,
        real_data.visits,
    )
    for frame, column in [
        (events, "date_start"),
        (events, "date_end"),
        (legs, "date"),
        (visits, "start_date"),
        (visits, "end_date"),
    ]:
        assert pd.api.types.is_datetime64_dtype(frame[column]), column
    assert isinstance(events["status"].dtype, pd.CategoricalDtype)
    assert list(events["status"].cat.categories) == list(STATUS)
    assert all(isinstance(value, tuple) for value in events["topics"])
    assert all(isinstance(value, tuple) for value in events["participants"])
    assert places["lat"].dtype == "float64"
    assert places["lon"].dtype == "float64"
    assert legs["seq"].dtype == "int64"
    assert events["background"].dtype == bool

    summit = events.set_index("id").loc["summit"]
    assert summit["date_start"] == pd.Timestamp("2026-01-05")
    assert summit["topics"] == ("diplomacy", "north-korea", "economy", "culture")
    assert summit["participants"] == ("lee", "xi")
    assert summit["status"] == "scheduled"
    mou = events.set_index("id").loc["mou-signing"]
    assert mou["participants"] == ()
    assert places.set_index("id").loc["seoul", "lat"] == pytest.approx(37.5665)
    assert visits["start_date"].iloc[0] == pd.Timestamp("2026-01-04")
    seed = real_data.seeds["lee-china-2026"]
    assert seed == (SEEDS_DIR / REAL_SEED).read_text(encoding="utf-8")
    assert real_data.seed_files["lee-china-2026"] == (SEEDS_DIR / REAL_SEED).resolve()


def test_real_data_has_every_table(real_data):
    assert set(real_data.tables) == set(TABLES)
    for name, frame in real_data.tables.items():
        assert list(frame.columns) == TABLES[name].column_names, name
    assert len(real_data.visits) == 1
    assert real_data.summary().startswith("OK: 1 visit loaded from ")


def test_each_table_is_a_property_of_the_dataset(real_data):
    for name in TABLES:
        assert getattr(real_data, name) is real_data.tables[name], name
    with pytest.raises(AttributeError):
        real_data.event  # noqa: B018 - a misspelt table name
    with pytest.raises(AttributeError):
        real_data.issue_card  # noqa: B018


def test_load_dataset_raises_data_error_with_every_problem(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("places.csv", "civic-hall", "lat", "north"))
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert caught.value.problems == [Problem("places.csv", 3, "lat", "north", "is not a number.")]
    assert str(caught.value) == "1 problem in the data"


def test_load_dataset_of_the_mini_visit(mini_visit):
    dataset = load_dataset(mini_visit)
    assert list(dataset.visits["id"]) == [VISIT_ID]
    assert dataset.events.set_index("id").loc["meeting", "topics"] == ("diplomacy", "trade")
    assert dataset.figures.set_index("id").loc["agreements", "value"] == 3.0
    assert dataset.summary() == (
        f"OK: 1 visit loaded from {mini_visit}: 2 topics, 2 places, 2 people, 3 events, "
        "1 leg, 1 issue card, 2 figures, 1 finding."
    )


# ---------------------------------------------------------------------------------------
# Where the data is: DASHBOARD_DATA_DIR and folders of visits


def test_data_dir_env_points_the_loader_elsewhere(monkeypatch, broken_copy):
    folder = broken_copy()
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    assert data_dir_from_env() == folder
    dataset = load_dataset()
    assert list(dataset.visits["id"]) == [VISIT_ID]
    assert dataset.folder == folder
    problems, loads = check_folder()
    assert problems == []
    assert [load.visit_id for load in loads] == [VISIT_ID]


def test_data_dir_env_unset_or_blank_means_the_project_data(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert data_dir_from_env() == DEFAULT_DATA_DIR == DATA_DIR
    monkeypatch.setenv(DATA_DIR_ENV, "   ")
    assert data_dir_from_env() == DATA_DIR


def test_data_dir_env_to_a_broken_copy_raises(monkeypatch, broken_copy):
    folder = broken_copy(lambda v: v.set_cell("legs.csv", "city-to-hall", "seq", "two"))
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError) as caught:
        load_dataset()
    assert caught.value.problems == [
        Problem("legs.csv", 2, "seq", "two", "is not a whole number."),
    ]


def test_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere"
    assert problems_in(missing) == [
        Problem(
            str(missing),
            None,
            None,
            None,
            "is not a folder: set DASHBOARD_DATA_DIR to a data folder.",
        ),
    ]


def test_folder_without_any_visit(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "readme.txt").write_text("nothing here", encoding="utf-8")
    problems = problems_in(tmp_path)
    assert (
        Problem("notes/visits.csv", None, None, None, "is missing: this table is required.")
        in problems
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert problems_in(empty) == [
        Problem(str(empty), None, None, None, "holds no visit folder (a folder with visits.csv)."),
    ]


def _two_visit_data(tmp_path: Path, mini_visit: Path) -> Path:
    """data/ with the real visit (and its seed where its relative path expects it) + mini."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "lee-china-2026", data / "lee-china-2026")
    (tmp_path / "seeds").mkdir()
    shutil.copy2(SEEDS_DIR / REAL_SEED, tmp_path / "seeds" / REAL_SEED)
    shutil.copytree(mini_visit, data / VISIT_ID)
    return data


def test_folder_with_two_visit_sub_folders_loads_both(tmp_path, mini_visit, real_data):
    data = _two_visit_data(tmp_path, mini_visit)
    dataset = load_dataset(data)
    assert list(dataset.visits["id"]) == [VISIT_ID, "lee-china-2026"]
    assert set(dataset.seeds) == {VISIT_ID, "lee-china-2026"}
    assert dataset.seeds[VISIT_ID].startswith("FIXTURE ARTICLE")
    for name, frame in dataset.tables.items():
        mini_rows = len(load_dataset(mini_visit).tables[name])
        assert len(frame) == mini_rows + len(real_data.tables[name]), name
    assert isinstance(dataset.events["status"].dtype, pd.CategoricalDtype)
    assert dataset.summary().startswith("OK: 2 visits loaded from ")


def test_problems_in_a_sub_folder_name_the_sub_folder(tmp_path, mini_visit, edit_folder):
    data = _two_visit_data(tmp_path, mini_visit)
    edit_folder(data / VISIT_ID).set_cell("places.csv", "civic-hall", "lat", "95")
    assert problems_in(data) == [
        Problem(
            f"{VISIT_ID}/places.csv",
            3,
            "lat",
            "95",
            "is out of range: it must be between -90 and 90.",
        ),
    ]


def test_hidden_and_underscore_folders_are_skipped(tmp_path, mini_visit, edit_folder):
    data = tmp_path / "data"
    shutil.copytree(mini_visit, data / VISIT_ID)
    shutil.copytree(mini_visit, data / "_draft")
    edit_folder(data / "_draft").set_cell("places.csv", "city-x", "lat", "north")
    shutil.copytree(mini_visit, data / ".old")
    assert problems_in(data) == []
    assert list(load_dataset(data).visits["id"]) == [VISIT_ID]


def test_two_folders_with_the_same_visit_id(tmp_path, mini_visit):
    data = tmp_path / "data"
    shutil.copytree(mini_visit, data / "a")
    shutil.copytree(mini_visit, data / "b")
    assert problems_in(data) == [
        Problem(
            "b/visits.csv", 2, "id", VISIT_ID, "is already the id of the visit in a/visits.csv."
        ),
    ]
    with pytest.raises(DataError):
        load_dataset(data, strict=True)
    # Served, the second is quarantined: the first visit stays on the dashboard.
    dataset = load_dataset(data)
    assert [q.folder for q in dataset.quarantined] == ["b"]
    assert list(dataset.visits["id"]) == [VISIT_ID]


def test_no_fixture_is_committed_to_the_shipped_data():
    """data/ in the repository holds the real visit only (a copy of a fixture may sit there
    on a maintainer's machine, uncommitted: the suite still passes)."""
    listed = subprocess.run(
        ["git", "ls-files", "data"], cwd=DATA_DIR.parent, capture_output=True, text=True
    )
    if listed.returncode != 0:  # not a checkout: what is on disk is what ships
        files = [str(p.relative_to(DATA_DIR.parent)) for p in DATA_DIR.rglob("*") if p.is_file()]
    else:
        files = listed.stdout.splitlines()
    assert files and {Path(f).parts[1] for f in files} == {"lee-china-2026"}
    assert not any(f.endswith("seed.txt") for f in files)
    assert MINI_VISIT.is_relative_to(DATA_DIR.parent / "tests")


def test_two_topics_of_one_colour_while_the_palette_has_more(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("topics.csv", "diplomacy", "colour", "#0072B2"))
    problems, _ = check_folder(folder)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("topics.csv", 3, "colour", "#0072B2")
    ]
    assert "is already the colour of topic 'trade'" in problems[0].message
    assert "pick one no topic uses (#D55E00," in problems[0].message


# ---------------------------------------------------------------------------------------
# The rules run by Arrow's regular expressions say what Python's would


def test_the_control_classes_for_arrow_match_the_python_ones_on_every_character():
    from dashboard.data import schema

    chars = [chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000] + ["\ufeff", "😀"]
    cells = pd.Series([f"a{c}b" for c in chars], dtype="string")
    for pattern, re2 in (
        (schema.CONTROL_PATTERN, schema.CONTROL_RE2),
        (schema.CONTROL_IN_QUOTE, schema.CONTROL_IN_QUOTE_RE2),
    ):
        by_arrow = schema._contains(cells, pattern, re2)
        by_python = [bool(pattern.search(cell)) for cell in cells]
        assert by_arrow.tolist() == by_python
        assert 60 < sum(by_python) < 70  # the C0 and C1 controls, less what a quote keeps


def test_each_pattern_rule_gives_what_pandas_gives():
    from dashboard.data import schema

    cells = ["", "ab", "a-b", "Ab", "a b", " a  b ", "1", "-12", "12:30", "24:00", "#A1B2C3",
             "2026-01-05", "2026-02-30", "zh-Hans", "x\ny", "é"]  # fmt: skip
    values = pd.Series(cells, dtype="string")
    for pattern in (schema.ID_PATTERN.pattern, schema.TIME_PATTERN.pattern, r"-?\d+",
                    schema.COLOUR_PATTERN.pattern, r"\s*([a-z0-9][a-z0-9-]*\s*)*",
                    r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", schema.DATE_PATTERN.pattern):  # fmt: skip
        assert (
            schema._fullmatch(values, pattern).tolist() == values.str.fullmatch(pattern).tolist()
        ), pattern
    # A column with a missing cell is left to pandas, which keeps it missing.
    gappy = pd.Series(["ab", None], dtype="string")
    assert schema._fullmatch(gappy, schema.ID_PATTERN.pattern).isna().tolist() == [False, True]
