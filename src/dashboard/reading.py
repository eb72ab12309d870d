"""Read one CSV table as text: decode it, skip comment lines, and keep each record's line.

Nothing is typed here: every cell stays the string that was written, so validation can
quote it back, at the row a spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .problems import Problem
from .schema import CONTROL_PATTERN, MAX_CELL, Table

COMMENT_PREFIX = "#"
#: The metadata record beside an article: `<stem>.meta.json`.
META_SUFFIX = ".meta.json"
# The csv module stops at 131,072 characters a cell with an error that names no row or
# column. It reads any cell here; a cell over MAX_CELL is then reported where it is.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


@dataclass
class RawTable:
    """A table as text: one string per cell, and the spreadsheet row of each record."""

    file: str
    frame: pd.DataFrame
    rows: list[int]

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

    With `roots`, a file that leads outside them (a link) is refused unread.
    """
    if not path.is_file() and not path.is_symlink():
        problems.append(Problem.of_file(label, "is missing: this table is required."))
        return None
    if roots is not None and inside(path, roots, label, problems) is None:
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
    for col in table.columns:
        if col.optional and col.name not in frame.columns:
            frame[col.name] = ""  # an older folder: the column reads as empty
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
    if not isinstance(meta, dict):
        message = f"must hold one JSON object ({{...}}), not a {type(meta).__name__}."
        problems.append(Problem.of_file(meta_label, message))
        return None
    before = len(problems)
    for key, value in meta.items():
        if isinstance(value, str) and CONTROL_PATTERN.search(value):
            message = "holds a line break or another control character: keep it on one line."
            problems.append(Problem(meta_label, None, str(key), value, message))
        elif not isinstance(value, (str, int, float, bool, type(None))):
            message = "must be a text, a number or null."
            problems.append(Problem(meta_label, None, str(key), None, message))
    if len(problems) > before:
        return None
    meta.setdefault("file", seed_path.name)
    return meta
