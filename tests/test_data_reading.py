"""Reading a table as text (`data.reading`): Arrow's CSV reader and the record-by-record
walk agree; files, bytes and records that cannot be read are plain problems naming the file and
line; comment lines are skipped, rows keep the file's line numbers; nothing is read from
outside the data and seeds folders, and no file's content is shown.

Arrow reads a file only when every record is one line and none is a comment, blank, of
another width or over the size limit; every other file is walked with Python's csv module.
Both must give the same cells, and the same rows."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINI_ID, problem_lines, problems_in
from open_pages import app_report, shown_text

from dashboard.data import reading
from dashboard.data.loading import Problem, load_dataset
from dashboard.data.reading import TEXT, read_table
from dashboard.data.schema import MAX_CELL, TABLES

# What a cell may hold: quotes, doubled quotes, commas, comment marks, line breaks and
# Unicode whitespace that str.strip() knows but an ASCII rule would not.
PIECES = ["a", "b", "1", " ", '"', '""', "#", "\t", ",", "é", "\u3000", "\x1c", "\x00", "\n"]


def _cell(rng: random.Random) -> str:
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))
    if rng.random() < 0.35:
        text = '"' + text.replace('"', '""') + '"'  # quoted as a spreadsheet writes it
    elif rng.random() < 0.05:
        text = '"' + text  # a quote that is never closed
    return text


def _file(rng: random.Random) -> str:
    width = rng.randint(1, 4)
    records = [
        ",".join(_cell(rng) for _ in range(width + (rng.random() < 0.04)))
        for _ in range(rng.randint(1, 5))
    ]
    return "\n".join(records) + ("\n" if rng.random() < 0.7 else "")


def _walked(text: str):
    problems: list = []
    parsed = reading._parse(text, "t.csv", problems)
    return parsed, problems


def test_arrow_and_the_walk_read_every_generated_file_alike():
    rng = random.Random(20260105)
    by_arrow = walked_only = 0
    for _ in range(12000):
        text = _file(rng)
        fast = reading._parse_lines(text)
        if fast is None:
            walked_only += 1
            continue
        by_arrow += 1
        header, columns, rows = fast
        records = (
            [list(r) for r in zip(*(c.to_pylist() for c in columns), strict=True)]
            if columns
            else []
        )
        parsed, problems = _walked(text)
        assert problems == [], text
        assert (header, records, rows) == parsed, repr(text)
    # Both readers were tried on many files: the comparison above is not an empty one.
    assert by_arrow > 1500
    assert walked_only > 1500


def _write(tmp_path, text: str, name: str = "topics"):
    path = tmp_path / TABLES[name].file
    path.write_text(text, encoding="utf-8", newline="")
    problems: list = []
    return read_table(path, TABLES[name], path.name, problems), problems


HEADER = "id,label,colour,description,source_ids"


def test_a_plain_file_is_read_by_arrow_with_its_spreadsheet_rows(tmp_path):
    text = f'{HEADER}\ntrade,Trade,#1F77B4,"Exports, tariffs",s1\nsecurity,Security,#FF7F0E,"",s2\n'
    raw, problems = _write(tmp_path, text)
    assert problems == []
    assert list(raw.arrow["description"]) == ["Exports, tariffs", ""]  # read by Arrow
    assert raw.rows == [2, 3]  # the header is row 1
    assert list(raw.frame["description"]) == ["Exports, tariffs", ""]
    # One copy of the cells, as Arrow text (a copy as Python strings doubled a load's memory).
    assert raw.frame is raw.arrow and isinstance(raw.frame["id"].iloc[0], str)
    assert (raw.text().dtypes == TEXT).all()
    pd.testing.assert_frame_equal(raw.text(), raw.frame.astype(TEXT))


@pytest.mark.parametrize(
    "body, rows",
    [
        ("# an example\ntrade,Trade,#1F77B4,x,s1\n", [3]),  # a comment line
        ("trade,Trade,#1F77B4,x,s1\n\nsecurity,Security,#FF7F0E,y,s2\n", [2, 4]),  # blank
        ('trade,Trade,#1F77B4,"two\nlines",s1\nsecurity,Security,#FF7F0E,y,s2\n', [2, 4]),
        ("trade,Trade,#1F77B4,x,s1\r\nsecurity,Security,#FF7F0E,y,s2\r\n", [2, 3]),  # CRLF
        ("\u3000,\u3000, , ,\u3000\ntrade,Trade,#1F77B4,x,s1\n", [3]),  # Unicode blank
        ("\u3000#x,a,b,c,d\ntrade,Trade,#1F77B4,x,s1\n", [3]),  # a comment after a space
    ],
)
def test_files_arrow_does_not_read_are_walked_with_their_lines(tmp_path, body, rows):
    raw, problems = _write(tmp_path, f"{HEADER}\n{body}")
    assert problems == []
    assert raw.arrow is None  # walked
    assert raw.rows == rows
    assert raw.frame["id"].iloc[0] == "trade"


def test_a_record_of_another_width_is_reported_by_the_walk_at_its_line(tmp_path):
    raw, problems = _write(tmp_path, f"{HEADER}\ntrade,Trade,#1F77B4,x,s1\nsecurity,oops\n")
    assert raw.arrow is None
    assert [(p.row, p.message[:22]) for p in problems] == [(3, "has 2 cells but the he")]
    assert raw.rows == [2]


def test_a_cell_over_the_limit_is_reported_by_the_walk(tmp_path):
    long = "x" * (MAX_CELL + 1)
    raw, problems = _write(tmp_path, f"{HEADER}\ntrade,Trade,#1F77B4,{long},s1\n")
    assert raw.arrow is None
    assert [(p.row, p.column) for p in problems] == [(2, "description")]


NOT_UTF8 = "contains bytes that are not UTF-8 text; save the file as UTF-8."


# ---------------------------------------------------------------------------------------
# Files and their header


def test_missing_file(broken_copy):
    folder = broken_copy(lambda v: v.delete("findings.csv"))
    assert problems_in(folder) == [
        Problem("findings.csv", None, None, None, "is missing: this table is required."),
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
        Problem("findings.csv", 2, "affects", MINI_ID, "is not an id in any table of this visit."),
    ]


# ---------------------------------------------------------------------------------------
# Bytes, records and comment lines


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


SECRET = "root:x:0:0:TOP-SECRET-LINE"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A file outside every data and seeds folder, standing for /etc/passwd."""
    outside = tmp_path / "outside" / "passwd"
    outside.parent.mkdir()
    outside.write_text(SECRET + "\n", encoding="utf-8")
    return outside


# ---------------------------------------------------------------------------------------
# Files from outside the folders the dashboard reads


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_a_seed_outside_the_seeds_folder_is_refused_unread(broken_copy, secret_file, how):
    def point_at_secret(v):
        # A long ../../.. path climbs to / and down again, as ../../../../etc/passwd does.
        target = str(secret_file) if how == "absolute" else "../" * 30 + str(secret_file)[1:]
        v.set_cell("visits.csv", "fixture-mini-2026", "seed", target)
        v.set_cell("visits.csv", "fixture-mini-2026", "quote", "root")

    folder = broken_copy(point_at_secret)
    lines = problem_lines(folder)
    seed_lines = [line for line in lines if "column seed" in line]
    assert seed_lines and "visits.csv, row 2, column seed" in seed_lines[0]
    assert "leads outside the folders the dashboard reads" in seed_lines[0]
    assert not any("TOP-SECRET" in line for line in lines)


def test_a_data_file_linked_outside_the_data_folder_is_refused_unread(broken_copy, secret_file):
    def link(v):
        v.path("topics.csv").unlink()
        v.path("topics.csv").symlink_to(secret_file)

    lines = problem_lines(broken_copy(link))
    assert any(
        line.startswith("topics.csv:") and "leads outside the folders the dashboard reads" in line
        for line in lines
    )
    assert not any("TOP-SECRET" in line or "root:x" in line for line in lines)


def test_the_app_shows_the_refusal_and_not_the_file(broken_copy, secret_file, monkeypatch):
    folder = broken_copy(
        lambda v: v.set_cell("visits.csv", "fixture-mini-2026", "seed", str(secret_file))
    )
    at = app_report(folder, monkeypatch)
    page = shown_text(at)
    assert "The data needs fixing" in page
    assert "leads outside" in page
    assert "TOP-SECRET" not in page


# ---------------------------------------------------------------------------------------
# The article's metadata record


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{ not json", "is not valid JSON: Expecting property name enclosed in double quotes"),
        ("[1, 2]", "must hold one JSON object ({...}), not a list."),
        (
            json.dumps({"title": "Line one\nline two"}),
            "column title: 'Line one\\nline two' holds a line break",
        ),
        (
            json.dumps({"title": {"nested": True}}),
            "column title: must be a text, a number or null.",
        ),
    ],
)
def test_a_broken_metadata_record_is_a_plain_problem(broken_copy, monkeypatch, content, expected):
    folder = broken_copy(lambda v: v.path("seed.meta.json").write_text(content, encoding="utf-8"))
    lines = problem_lines(folder)
    assert any(line.startswith("seed.meta.json") and expected in line for line in lines), lines
    at = app_report(folder, monkeypatch)
    assert "The data needs fixing" in shown_text(at)


def test_a_dangling_link_as_the_article_is_named(broken_copy, tmp_path):
    def dangle(v):
        v.path("seed.txt").unlink()
        v.path("seed.txt").symlink_to(tmp_path / "nowhere.txt")

    lines = problem_lines(broken_copy(dangle))
    assert any(
        "column seed" in line and "is a link to a file that does not exist" in line
        for line in lines
    ), lines


def test_a_file_the_server_may_not_read_is_a_plain_problem(broken_copy, monkeypatch):
    folder = broken_copy()
    unreadable = (folder / "people.csv").resolve()
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:  # as for a non-root user without the permission
        if path.resolve() == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    lines = problem_lines(folder)
    assert "people.csv: cannot be read: permission denied; let the server's user read it." in lines
    at = app_report(folder, monkeypatch)
    assert "permission denied" in shown_text(at)


def test_a_huge_cell_is_one_plain_sentence_with_no_knock_on_problems(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "summary", "x" * 1_048_576))
    lines = problem_lines(folder)
    row = [line for line in lines if line.startswith("events.csv, row 3")]
    assert row == [
        f"events.csv, row 3, column summary: is 1,048,576 characters long; a cell holds at "
        f"most {MAX_CELL:,}. Check for a quote mark that is never closed."
    ]
    assert not any("field larger than field limit" in line for line in lines)
