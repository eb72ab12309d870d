"""Reading a table as text: Arrow's CSV reader and the record-by-record walk agree.

Arrow reads a file only when every record is one line and none is a comment, blank, of
another width or too long; any other file is walked by Python's csv module. These tests
hold the two to the same cells and the same spreadsheet rows.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from dashboard.data import reading
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
    assert raw.arrow is not None  # read by Arrow
    assert raw.rows == [2, 3]  # the header is row 1
    assert list(raw.frame["description"]) == ["Exports, tariffs", ""]
    assert raw.frame["id"].dtype == object and isinstance(raw.frame["id"].iloc[0], str)
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
