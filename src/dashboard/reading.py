"""Read one CSV table as text: decode it, skip comment lines, and keep each record's line.

Nothing is typed here: every cell stays the string that was written, so validation can
quote it back, at the row a spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .problems import Problem
from .schema import Table

COMMENT_PREFIX = "#"


@dataclass
class RawTable:
    """A table as text: one string per cell, and the spreadsheet row of each record."""

    file: str
    frame: pd.DataFrame
    rows: list[int]

    def row_of(self, index: int) -> int:
        return self.rows[index]


def decode(path: Path, label: str, problems: list[Problem]) -> str | None:
    """The file's text (UTF-8, with or without a byte-order mark), or None and a problem."""
    # Strip a byte-order mark first: decoding with "utf-8-sig" would report error offsets
    # relative to the text after the mark, three bytes off.
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end]
        message = "contains bytes that are not UTF-8 text; save the file as UTF-8."
        problems.append(Problem.of_row(label, line, message, value=bad.hex(" ")))
        return None


def read_table(path: Path, table: Table, label: str, problems: list[Problem]) -> RawTable | None:
    """Read one CSV as text cells; lines starting with '#' are comments (examples, notes)."""
    if not path.is_file():
        problems.append(Problem.of_file(label, "is missing: this table is required."))
        return None
    text = decode(path, label, problems)
    if text is None:
        return None
    parsed = _parse(text, label, problems) if text.strip() else (None, [], [])
    if parsed is None:
        return None
    header, records, rows = parsed
    if header is None:
        problems.append(Problem.of_file(label, "is empty: it needs a header row."))
        return None
    duplicates = sorted({c for c in header if header.count(c) > 1})
    for name in duplicates:
        problems.append(Problem.of_header(label, name, "appears twice in the header."))
    if duplicates:
        return None
    frame = pd.DataFrame(records, columns=header, dtype=object)
    if len(frame) < table.min_rows:
        message = f"has no data rows: it needs at least {table.min_rows}."
        problems.append(Problem.of_file(label, message))
    return RawTable(label, frame, rows)


def _parse(
    text: str, label: str, problems: list[Problem]
) -> tuple[list[str] | None, list[list[str]], list[int]] | None:
    """The header, the data records and the line each starts on; None if it is not CSV.

    A record with the wrong number of cells is reported and left out, so that one bad
    line does not hide the problems of the others.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    start_line = 1
    try:
        for record in reader:
            # A quoted cell may span lines: a record starts where the previous one ended.
            line, start_line = start_line, reader.line_num + 1
            if _is_blank_or_comment(record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
            elif len(record) != len(header):
                message = (
                    f"has {len(record)} cells but the header has {len(header)}; "
                    "check for a missing or extra comma, or an unclosed quote."
                )
                problems.append(Problem.of_row(label, line, message))
            else:
                records.append(record)
                rows.append(line)
    except csv.Error as err:
        problems.append(Problem.of_row(label, start_line, f"cannot be read as CSV: {err}."))
        return None
    return header, records, rows


def _is_blank_or_comment(record: list[str]) -> bool:
    if not record or all(not cell.strip() for cell in record):
        return True
    return record[0].lstrip().startswith(COMMENT_PREFIX)
