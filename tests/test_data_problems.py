"""A problem found in the data (`data.problems`): one plain line naming the file, row,
column and value, with what does not apply left out, and a long value cut."""

from __future__ import annotations

from conftest import problem_lines

from dashboard.data.loading import Problem


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


def test_a_long_value_is_shown_cut_in_the_report(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "status", "y" * 5000))
    (line,) = [line for line in problem_lines(folder) if "column status" in line]
    assert "(5,000 characters)" in line and len(line) < 400
