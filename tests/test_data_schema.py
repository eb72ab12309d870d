"""The tables' schema (`data.schema`): each cell's type, form, range and choices, one-line
fields and their control characters, the optional columns of a first-format folder, and the
rules run by Arrow's regular expressions saying what Python's would."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import ROOT, SHIPPED, problem_lines, problems_in

from dashboard.data import checks, schema
from dashboard.data.loading import Problem, check_folder, load_dataset
from dashboard.data.schema import STATUS

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
# The rules run by Arrow's regular expressions say what Python's would


def test_the_control_classes_for_arrow_match_the_python_ones_on_every_character():
    from dashboard.data import schema

    chars = [chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000] + ["\ufeff", "😀"]
    cells = pd.Series([f"a{c}b" for c in chars], dtype="string")
    for pattern, re2 in (
        (schema.CONTROL_PATTERN, schema.CONTROL_RE2),
        (schema.CONTROL_IN_QUOTE, schema.CONTROL_IN_QUOTE_RE2),
    ):
        by_arrow = checks._contains(cells, pattern, re2)
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
            checks._fullmatch(values, pattern).tolist() == values.str.fullmatch(pattern).tolist()
        ), pattern
    # A column with a missing cell is left to pandas, which keeps it missing.
    gappy = pd.Series(["ab", None], dtype="string")
    assert checks._fullmatch(gappy, schema.ID_PATTERN.pattern).isna().tolist() == [False, True]


# ---------------------------------------------------------------------------------------
# One-line fields: line breaks and control characters


@pytest.mark.parametrize("text", ["Summit\nwith a second line", "Summit\rtalks", "Summit\x00talks"])
def test_a_line_break_or_control_character_in_a_one_line_field_is_a_problem(broken_copy, text):
    def write(v):  # quoted, as a spreadsheet writes a cell that holds a line break
        path = v.path("events.csv")
        cell = '"' + text + '"'
        path.write_bytes(path.read_bytes().replace(b"Arrival in City X", cell.encode()))

    folder = broken_copy(write)
    lines = problem_lines(folder)
    assert any(
        line.startswith("events.csv, row 2, column title") and "control character" in line
        for line in lines
    ), lines


def test_a_newline_in_the_visit_title_is_caught_before_any_export(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("visits.csv", "fixture-mini-2026", "title", "Visit\nInjected")
    )
    assert any("visits.csv, row 2, column title" in line for line in problem_lines(folder))


def test_a_nul_byte_in_a_quote_is_a_problem_but_a_line_break_is_not(broken_copy):
    nul = broken_copy(lambda v: v.set_cell("people.csv", "mayor-b", "quote", "Mayor\x00B"))
    assert any("column quote" in line and "NUL" in line for line in problem_lines(nul))


# ---------------------------------------------------------------------------------------
# The first format


def test_a_folder_in_the_first_format_still_validates(tmp_path):
    """The columns added since the first visit (approximate times, per-field basis, legs'
    part of day, local names, whose aim, figures' basis, the date of writing) are optional:
    the shipped folder without any of them validates, with the same rows."""
    shipped = ROOT / "data" / SHIPPED
    old = tmp_path / "data" / "old"
    shutil.copytree(shipped, old)
    dropped = 0
    kept: dict[str, int] = {}
    for name, table in schema.TABLES.items():
        path = old / table.file
        if table.optional_file:  # the reports' tables came later: a first folder has none
            path.unlink(missing_ok=True)
            kept[name] = 0
            continue
        added = [col.name for col in table.columns if col.optional]
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        # Rows first reported after the article came with the reports' tables.
        later = pd.Series(False, index=frame.index)
        if "basis" in frame:
            later |= frame["basis"] == "reported"
        if name == "findings":
            later |= frame["kind"] == "disagreement"
        frame = frame[~later]
        kept[name] = len(frame)
        dropped += len(set(added) & set(frame.columns))
        frame.drop(columns=added, errors="ignore").to_csv(path, index=False)
    assert dropped >= 4  # the shipped folder uses some of the new columns
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    problems, _ = check_folder(tmp_path / "data")
    assert not problems, [str(p) for p in problems]
    after = load_dataset(tmp_path / "data")
    assert {n: len(f) for n, f in after.tables.items()} == kept
