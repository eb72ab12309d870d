"""Read one CSV table as text: decode it, skip comment lines, and keep each record's line.

Nothing is typed here: every cell stays the string that was written, so validation can
quote it back, at the row a spreadsheet shows (the header is row 1).

Two readers give the same cells. Python's csv module walks the file record by record and
keeps the line each starts on, skipping comments and blank lines and reporting a record of
the wrong width. Arrow's CSV reader, several times faster on a large table, reads a file
only when every record is one line and none is a comment, blank, too wide or too long: the
line of each record is then its position. Any other file goes to the walk, which reports
what is wrong where it is.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from .problems import Problem
from .schema import CONTROL_PATTERN, MAX_CELL, TEXT, Table

COMMENT_PREFIX = "#"
#: The metadata record beside an article: `<stem>.meta.json`.
META_SUFFIX = ".meta.json"
# The csv module stops at 131,072 characters a cell with an error that names no row or
# column. It reads any cell here; a cell over MAX_CELL is then reported where it is.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


@dataclass
class RawTable:
    """A table as text: one string per cell, and the spreadsheet row of each record.

    `frame` holds the cells: as Arrow text (`TEXT`) when Arrow read the file (then `arrow`
    is the same frame: one copy of the cells, not a second as Python strings), else as
    Python strings; `text()` as Arrow text either way, for the checks made on whole
    columns. A check that walks cells one by one walks a column's `tolist()`: Arrow text
    is slow to iterate cell by cell.
    """

    file: str
    frame: pd.DataFrame
    rows: list[int]
    arrow: pd.DataFrame | None = None  # the Arrow text, when Arrow read the file

    def text(self) -> pd.DataFrame:
        """The cells as Arrow text (`TEXT`)."""
        return self.arrow if self.arrow is not None else self.frame.astype(TEXT)

    def row_of(self, index: int) -> int:
        return self.rows[index]


def inside(path: Path, roots: list[Path], label: str, problems: list[Problem]) -> Path | None:
    """The real path of a file, if it is a regular file inside one of `roots` (after
    following links); else None and a problem that says why, without reading the file."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        what = "is a link to a file that does not exist" if path.is_symlink() else "is missing"
        problems.append(Problem.of_file(label, f"{what}."))
        return None
    except (OSError, RuntimeError) as err:  # a loop of links, a path the system refuses
        problems.append(Problem.of_file(label, f"cannot be opened: {_reason(err)}."))
        return None
    if not any(real.is_relative_to(root.resolve()) for root in roots):
        folders = " or ".join(root.name + "/" for root in roots)
        problems.append(
            Problem.of_file(
                label,
                f"leads outside the folders the dashboard reads ({folders}); it is not read. "
                "Copy the file into one of them.",
            )
        )
        return None
    if not real.is_file():
        problems.append(Problem.of_file(label, "is not a regular file."))
        return None
    return real


def _reason(err: OSError | RuntimeError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied; let the server's user read it"
    return getattr(err, "strerror", None) or "the system refused it"


def decode(path: Path, label: str, problems: list[Problem]) -> str | None:
    """The file's text (UTF-8, with or without a byte-order mark), or None and a problem."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.append(Problem.of_file(label, f"cannot be read: {_reason(err)}."))
        return None
    # Strip a byte-order mark first: decoding with "utf-8-sig" would report error offsets
    # relative to the text after the mark, three bytes off.
    data = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end]
        message = "contains bytes that are not UTF-8 text; save the file as UTF-8."
        problems.append(Problem.of_row(label, line, message, value=bad.hex(" ")))
        return None


def read_table(
    path: Path,
    table: Table,
    label: str,
    problems: list[Problem],
    roots: list[Path] | None = None,
) -> RawTable | None:
    """Read one CSV as text cells; lines starting with '#' are comments (examples, notes).

    With `roots`, a file that leads outside them (a link) is refused unread. A table whose
    file may be missing (`Table.optional_file`) reads as empty without it.
    """
    if not path.is_file() and not path.is_symlink():
        if table.optional_file:  # a visit with no such rows yet: an empty table
            empty = {name: pd.Series([], dtype=object) for name in table.column_names}
            return RawTable(label, pd.DataFrame(empty), [])
        problems.append(Problem.of_file(label, "is missing: this table is required."))
        return None
    if roots is not None and inside(path, roots, label, problems) is None:
        return None
    text = decode(path, label, problems)
    parsed = _parsed(text, label, problems) if text is not None else None
    if parsed is None:
        return None
    header, cells, rows = parsed
    frame, arrow = _frames(header, cells, rows)
    _add_optional_columns(table, frame, arrow)
    if len(frame) < table.min_rows:
        message = f"has no data rows: it needs at least {table.min_rows}."
        problems.append(Problem.of_file(label, message))
    return RawTable(label, frame, rows, arrow)


def _parsed(text: str, label: str, problems: list[Problem]):
    """The header, the cells and each record's line (`_parse_lines`, else `_parse`), or
    None with the problems of a file with no header or a header naming a column twice."""
    parsed = (
        (_parse_lines(text) or _parse(text, label, problems)) if text.strip() else (None, [], [])
    )
    if parsed is None:
        return None
    header = parsed[0]
    if header is None:
        problems.append(Problem.of_file(label, "is empty: it needs a header row."))
        return None
    duplicates = sorted({c for c in header if header.count(c) > 1})
    for name in duplicates:
        problems.append(Problem.of_header(label, name, "appears twice in the header."))
    return None if duplicates else parsed


def _frames(header: list[str], cells, rows: list[int]):
    """The cells as a frame, and the same frame as Arrow text when Arrow read them."""
    if isinstance(cells, list):  # the walk's records (Arrow's columns are a tuple)
        return pd.DataFrame(cells, columns=header, dtype=object), None
    index = pd.RangeIndex(len(rows))
    named = dict(zip(header, cells, strict=True))
    arrow = pd.DataFrame({n: pd.array(c, dtype=TEXT) for n, c in named.items()}, index=index)
    return arrow, arrow


def _add_optional_columns(table: Table, frame: pd.DataFrame, arrow: pd.DataFrame | None) -> None:
    """A column added to the format since a folder was written reads as empty."""
    for col in table.columns:
        if col.optional and col.name not in frame.columns:
            frame[col.name] = ""
            if arrow is not None:
                arrow[col.name] = pd.array([""] * len(arrow), dtype=TEXT)


def _parse_lines(text: str) -> tuple[list[str], tuple[pa.ChunkedArray, ...], list[int]] | None:
    """The header, the data columns and each record's line, read by Arrow; None unless
    every record is one line, of the header's width, and none is blank, a comment or holds
    a cell over MAX_CELL (the walk, `_parse`, then reads the file and says what is wrong).

    Arrow reads quotes as the csv module does (doubled quotes, a quote inside an unquoted
    cell kept as it is); a test compares the two readers on many generated files.
    """
    body = text.removesuffix("\n")
    if "\r" in body:  # a line ending other than "\n": left to the walk
        return None
    try:
        width = len(next(csv.reader([body.partition("\n")[0]])))
    except (csv.Error, StopIteration):
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):  # a record of another width, say
        return None
    # One row per line: no record spans lines (a quoted line break) and none was dropped.
    if table.num_rows != body.count("\n") + 1:
        return None
    for column in table.columns:
        longest = pc.max(pc.utf8_length(column)).as_py()
        if longest is not None and longest > MAX_CELL:
            return None
    # A comment or blank record, exactly as the walk tells them (Python's own whitespace),
    # among the records whose first cell does not start with a letter or digit (found in
    # Arrow: a record that starts with one is neither, and most do).
    firsts = table.column(0)
    starts = pc.utf8_is_alnum(pc.utf8_slice_codeunits(firsts, 0, 1))
    for index in np.flatnonzero(~starts.to_numpy(zero_copy_only=False)):
        first = firsts[int(index)].as_py()
        if not first[:1].isalnum():
            record = [column[int(index)].as_py() for column in table.columns]
            if _is_blank_or_comment(record):
                return None
    header = [cell.strip() for cell in table.slice(0, 1).to_pylist()[0].values()]
    columns = tuple(column.slice(1) for column in table.columns)
    return header, columns, list(range(2, table.num_rows + 1))


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
            elif _oversized(record, header, label, line, problems):
                continue  # reported once; the row's other checks would only repeat it
            else:
                records.append(record)
                rows.append(line)
    except csv.Error as err:
        problems.append(Problem.of_row(label, start_line, f"cannot be read as CSV: {err}."))
        return None
    return header, records, rows


def _oversized(
    record: list[str], header: list[str], label: str, line: int, problems: list[Problem]
) -> bool:
    """Whether a cell is longer than MAX_CELL (reported, with its row and column)."""
    if max(map(len, record), default=0) <= MAX_CELL:  # the common case, in one call
        return False
    for column, cell in zip(header, record, strict=True):
        if len(cell) > MAX_CELL:
            message = (
                f"is {len(cell):,} characters long; a cell holds at most {MAX_CELL:,}. "
                "Check for a quote mark that is never closed."
            )
            problems.append(Problem(label, line, column, None, message))
            return True
    return False


def _is_blank_or_comment(record: list[str]) -> bool:
    first = record[0] if record else ""
    if first[:1].isalnum():  # the common case: a record that starts with an id
        return False
    if not record or all(not cell.strip() for cell in record):
        return True
    return record[0].lstrip().startswith(COMMENT_PREFIX)


def read_seed_meta(seed_path: Path, label: str, problems: list[Problem]) -> dict | None:
    """The metadata record beside the article (`<stem>.meta.json`), checked: one JSON object
    whose texts are single lines. Without a record, a minimal one naming the file; with a
    broken one, None and problems that say what to fix (the file is never shown)."""
    meta_path = seed_path.with_name(seed_path.stem + META_SUFFIX)
    meta_label = str(Path(label).with_name(meta_path.name))
    if not meta_path.exists() and not meta_path.is_symlink():
        return {"file": seed_path.name}
    real = inside(meta_path, [seed_path.parent], meta_label, problems)
    text = decode(real, meta_label, problems) if real is not None else None
    if text is None:
        return None
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}."
        problems.append(Problem.of_file(meta_label, message))
        return None
    checked = check_seed_meta(meta, meta_label, problems)
    if checked is not None:
        checked.setdefault("file", seed_path.name)
    return checked


def check_seed_meta(meta: object, label: str, problems: list[Problem]) -> dict | None:
    """An article's record checked: one JSON object whose keys are texts and whose values
    are single-line texts, numbers, true/false or null; else None and the problems."""
    if not isinstance(meta, dict):
        message = f"must hold one JSON object ({{...}}), not a {type(meta).__name__}."
        problems.append(Problem.of_file(label, message))
        return None
    before = len(problems)
    for key, value in meta.items():
        if not isinstance(key, str):
            problems.append(Problem.of_file(label, "has a key that is not text."))
        elif isinstance(value, str) and CONTROL_PATTERN.search(value):
            message = "holds a line break or another control character: keep it on one line."
            problems.append(Problem(label, None, str(key), value, message))
        elif not isinstance(value, (str, int, float, bool, type(None))):
            message = "must be a text, a number or null."
            problems.append(Problem(label, None, str(key), None, message))
    if len(problems) > before:
        return None
    return meta
