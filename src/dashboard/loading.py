"""Load a data folder into typed DataFrames, validating everything and reporting every problem.

A data folder holds one sub-folder per visit (or is itself one visit's folder). Each visit
folder has the same CSV tables (see `schema.TABLES`), and its `visits.csv` names the article
(`seed`) that every row quotes. Problems are collected across all files before anything is
reported; each names the file, the row (as a spreadsheet counts it: the header is row 1),
the column, the value and one plain sentence.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .provenance import missing_spans, normalise
from .schema import TABLES, Col, Table, pandera_schema

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
# Where the package's checkout would be in the src layout: <root>/src/dashboard/loading.py.
_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]
COMMENT_PREFIX = "#"


def project_root() -> Path:
    """The folder that holds `data/` and `seeds/`.

    The source checkout the package is imported from (an editable install, or `src` on the
    path), recognised by its `pyproject.toml`; else, when the package was installed as a
    copy into site-packages, the working folder: `streamlit run app.py` and Community Cloud
    both start in the repository root.
    """
    if (_CHECKOUT_ROOT / "pyproject.toml").is_file():
        return _CHECKOUT_ROOT
    return Path.cwd()


PROJECT_ROOT = project_root()
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


def data_dir_from_env() -> Path:
    """The data folder: $DASHBOARD_DATA_DIR if set, else the project's `data/`."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured) if configured else project_root() / "data"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be.

    `Problem(file, row, column, value, message)` names a cell; the class methods build the
    coarser ones, where a part of the location does not apply and stays None.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    @classmethod
    def of_file(cls, file: str, message: str) -> Problem:
        """A problem with a whole file or folder."""
        return cls(file, None, None, None, message)

    @classmethod
    def of_row(cls, file: str, row: int, message: str, value: str | None = None) -> Problem:
        """A problem with a whole line, with the offending text if there is one."""
        return cls(file, row, None, value, message)

    @classmethod
    def of_header(cls, file: str, column: str | None, message: str) -> Problem:
        """A problem with a column of the header (row 1)."""
        return cls(file, 1, column, None, message)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = "" if self.value is None else f" {self.value!r}"
        return f"{where}:{value} {self.message}"


@dataclass
class Dataset:
    """Every table of every visit, typed, plus each visit's article text.

    A table is `tables[name]`, or the read-only property of the same name: one per table
    of `schema.TABLES`, so a misspelt name fails as an AttributeError, as any attribute.
    """

    tables: dict[str, pd.DataFrame]
    seeds: dict[str, str]  # visit id -> article text
    seed_files: dict[str, Path]  # visit id -> article path
    folder: Path = field(default_factory=Path)

    @property
    def visits(self) -> pd.DataFrame:
        return self.tables["visits"]

    @property
    def topics(self) -> pd.DataFrame:
        return self.tables["topics"]

    @property
    def places(self) -> pd.DataFrame:
        return self.tables["places"]

    @property
    def people(self) -> pd.DataFrame:
        return self.tables["people"]

    @property
    def events(self) -> pd.DataFrame:
        return self.tables["events"]

    @property
    def legs(self) -> pd.DataFrame:
        return self.tables["legs"]

    @property
    def issue_cards(self) -> pd.DataFrame:
        return self.tables["issue_cards"]

    @property
    def figures(self) -> pd.DataFrame:
        return self.tables["figures"]

    @property
    def findings(self) -> pd.DataFrame:
        return self.tables["findings"]

    def summary(self) -> str:
        visits = len(self.tables["visits"])
        counts = ", ".join(
            f"{len(frame)} {name.replace('_', ' ')}"
            for name, frame in self.tables.items()
            if name != "visits"
        )
        plural = "visit" if visits == 1 else "visits"
        return f"OK: {visits} {plural} loaded from {self.folder}: {counts}."


class DataError(Exception):
    """Raised by `load_dataset` when the folder has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data")


# ---------------------------------------------------------------------------------------
# Reading files


@dataclass
class RawTable:
    """A table as text: one string per cell, and the spreadsheet row of each record."""

    file: str
    frame: pd.DataFrame
    rows: list[int]

    def row_of(self, index: int) -> int:
        return self.rows[index]


def _decode(path: Path, label: str, problems: list[Problem]) -> str | None:
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
    text = _decode(path, label, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem.of_file(label, "is empty: it needs a header row."))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    start_line = 1
    try:
        for record in reader:
            line = start_line
            start_line = reader.line_num + 1
            if not record or all(not cell.strip() for cell in record):
                continue
            if record[0].lstrip().startswith(COMMENT_PREFIX):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            if len(record) != len(header):
                message = (
                    f"has {len(record)} cells but the header has {len(header)}; "
                    "check for a missing or extra comma, or an unclosed quote."
                )
                problems.append(Problem.of_row(label, line, message))
                continue
            records.append(record)
            rows.append(line)
    except csv.Error as err:
        problems.append(Problem.of_row(label, start_line, f"cannot be read as CSV: {err}."))
        return None
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


# ---------------------------------------------------------------------------------------
# Validating one table (pandera) and the references between tables


def validate_table(raw: RawTable, table: Table) -> list[Problem]:
    """Run the table's pandera schema lazily and turn each failure into a Problem."""
    return validate_tables([raw], table)


def validate_tables(raws: list[RawTable], table: Table) -> list[Problem]:
    """Validate one table of many visit folders in as few pandera runs as possible.

    Files with the same columns are checked together (pandera's cost is mostly per column
    and per run, not per row); each failure is mapped back to its own file and row.
    """
    groups: dict[tuple[str, ...], list[RawTable]] = {}
    for raw in raws:
        groups.setdefault(tuple(raw.frame.columns), []).append(raw)
    problems: list[Problem] = []
    schema = pandera_schema(table)
    for members in groups.values():
        frames = [m.frame for m in members]
        frame = pd.concat(frames, ignore_index=True) if len(members) > 1 else frames[0]
        frame = frame.astype("string")  # one vectorised dtype check instead of one per cell
        owners = [(m, i) for m in members for i in range(len(m.frame))]
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as err:
            problems.extend(_problems_from_pandera(members, owners, table, err.failure_cases))
    return problems


def _problems_from_pandera(
    members: list[RawTable],
    owners: list[tuple[RawTable, int]],
    table: Table,
    cases: pd.DataFrame,
) -> list[Problem]:
    problems = []
    expected = ", ".join(table.column_names)
    for case in cases.itertuples(index=False):
        check = str(case.check)
        index = case.index
        value = None if case.failure_case is None else str(case.failure_case)
        if index is None or pd.isna(index):
            # A problem with the columns: every file of this group has it.
            if check == "column_in_dataframe":
                message = f"is a required column and is missing. The columns are: {expected}."
            elif check == "column_in_schema":
                message = f"is not a known column. The columns are: {expected}."
            else:
                message = check + "."
            problems.extend(Problem.of_header(m.file, value, message) for m in members)
            continue
        raw, local = owners[int(index)]
        row = raw.row_of(local)
        if check == "field_uniqueness":
            # Ids must be unique within their own file, not across visits.
            ids = raw.frame[case.column]
            if int((ids == value).sum()) < 2:
                continue
            message = "is a duplicate id: ids must be unique."
            problems.append(Problem(raw.file, row, case.column, value, message))
        else:
            problems.append(Problem(raw.file, row, case.column, value, check + "."))
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def _ids(raw: RawTable | None) -> set[str]:
    if raw is None or "id" not in raw.frame.columns:
        return set()
    return set(raw.frame["id"])


def _cells(raw: RawTable, column: str) -> Iterable[tuple[int, str]]:
    if column in raw.frame.columns:
        for index, value in enumerate(raw.frame[column]):
            yield raw.row_of(index), value


def validate_references(raws: dict[str, RawTable | None], visit_id: str | None) -> list[Problem]:
    """Every id a row points to must exist in the same visit's folder."""
    problems = []
    ids = {name: _ids(raw) for name, raw in raws.items()}
    any_id = set().union(*ids.values())
    for name, raw in raws.items():
        if raw is None:
            continue
        for col in TABLES[name].columns:
            if col.kind not in ("ref", "refs"):
                continue
            known = any_id if col.ref == "*" else ids.get(col.ref, set())
            target = "any table of this visit" if col.ref == "*" else f"{col.ref}.csv"
            for row, value in _cells(raw, col.name):
                if col.name == "visit_id":
                    if visit_id is not None and value and value != visit_id:
                        message = f"does not match this folder's visit id {visit_id!r}."
                        problems.append(Problem(raw.file, row, col.name, value, message))
                    continue
                parts = value.split() if col.kind == "refs" else [value.strip()]
                for part in parts:
                    if part and part not in known:
                        message = f"is not an id in {target}."
                        problems.append(Problem(raw.file, row, col.name, part, message))
    return problems


def validate_quotes(
    raws: dict[str, RawTable | None], seed_text: str, seed_name: str
) -> list[Problem]:
    problems = []
    haystack = normalise(seed_text)  # once per article, not once per quote
    message = f"is not found word for word in the article {seed_name}."
    for raw in raws.values():
        if raw is None:
            continue
        for row, value in _cells(raw, "quote"):
            for span in missing_spans(value, seed_text, normalised_seed=haystack):
                problems.append(Problem(raw.file, row, "quote", span, message))
    return problems


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def validate_logic(raws: dict[str, RawTable | None]) -> list[Problem]:
    """Rules that span columns: date order, events inside their visit, times need a zone."""
    problems, span = _visit_span(raws.get("visits"))
    events = raws.get("events")
    if events is None or not {"date_start", "date_end", "background"} <= set(events.frame):
        return problems
    found = [
        *_event_date_order(events),
        *_events_inside_visit(events, span),
        *_times_have_zone(events, raws.get("places")),
    ]
    # Row by row, as a reader fixes them; the sort is stable, so a row keeps the rule order.
    return problems + sorted(found, key=lambda p: p.row or 0)


def _visit_span(visits: RawTable | None) -> tuple[list[Problem], tuple[dt.date, dt.date] | None]:
    """A visit must not end before it starts; also return its first and last day, if known."""
    if (
        visits is None
        or not len(visits.frame)
        or not {"start_date", "end_date"} <= set(visits.frame)
    ):
        return [], None
    start = _date(visits.frame["start_date"].iloc[0])
    end = _date(visits.frame["end_date"].iloc[0])
    if not (start and end):
        return [], None
    if end < start:
        # No span to hold events against until the visit's own dates are fixed.
        message = "is before start_date."
        return [Problem(visits.file, visits.row_of(0), "end_date", str(end), message)], None
    return [], (start, end)


def _event_date_order(events: RawTable) -> Iterator[Problem]:
    """An event must not end before it starts."""
    days = zip(events.frame["date_start"], events.frame["date_end"], strict=True)
    for index, (first, last) in enumerate(days):
        start, end = _date(first), _date(last)
        if start and end and end < start:
            yield Problem(
                events.file, events.row_of(index), "date_end", last, "is before date_start."
            )


def _events_inside_visit(
    events: RawTable, span: tuple[dt.date, dt.date] | None
) -> Iterator[Problem]:
    """An event that is not background must lie within the visit's days."""
    if span is None:
        return
    start, end = span
    message = (
        f"lies outside the visit ({start} to {end}); mark the event as background "
        "or correct the dates."
    )
    frame = events.frame
    rows = zip(frame["date_start"], frame["date_end"], frame["background"], strict=True)
    for index, (first, last, background) in enumerate(rows):
        first_day, last_day = _date(first), _date(last)
        if background != "false" or not (first_day and last_day):
            continue
        if first_day < start or last_day > end:
            yield Problem(
                events.file, events.row_of(index), "date_start", f"{first}..{last}", message
            )


def _times_have_zone(events: RawTable, places: RawTable | None) -> Iterator[Problem]:
    """A clock time needs a place with a time zone, to be shown in the reader's zone too."""
    frame = events.frame
    if "time_local" not in frame:
        return
    zones = {}
    if places is not None and {"id", "timezone"} <= set(places.frame):
        zones = dict(zip(places.frame["id"], places.frame["timezone"], strict=True))
    place_ids = frame["place_id"] if "place_id" in frame else [""] * len(frame)
    message = "needs a place with a time zone, so the time can be shown in both zones."
    for index, (clock, place) in enumerate(zip(frame["time_local"], place_ids, strict=True)):
        if clock and not zones.get(place):
            yield Problem(events.file, events.row_of(index), "time_local", clock, message)


# ---------------------------------------------------------------------------------------
# Folders


def visit_folders(data_dir: Path) -> list[Path]:
    """The visit folders: the folder itself if it holds visits.csv, else its sub-folders."""
    if (data_dir / "visits.csv").exists():
        return [data_dir]
    return sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _label(path: Path, data_dir: Path) -> str:
    try:
        return path.relative_to(data_dir).as_posix() or path.name
    except ValueError:
        return path.as_posix()


@dataclass
class _VisitLoad:
    raws: dict[str, RawTable | None]
    visit_id: str | None
    seed_text: str | None
    seed_path: Path | None


def _read_visit_folder(
    folder: Path, data_dir: Path, problems: list[Problem]
) -> dict[str, RawTable | None]:
    return {
        name: read_table(
            folder / table.file, table, _label(folder / table.file, data_dir), problems
        )
        for name, table in TABLES.items()
    }


def _check_visit_folder(
    folder: Path, data_dir: Path, raws: dict[str, RawTable | None], problems: list[Problem]
) -> _VisitLoad:
    visits = raws["visits"]
    visit_id = seed_text = seed_path = None
    if visits is not None and len(visits.frame) >= 1 and "id" in visits.frame:
        if len(visits.frame) > 1:
            message = "A visit folder holds exactly one visit; put each visit in its own folder."
            problems.append(Problem.of_row(visits.file, visits.row_of(1), message))
        visit_id = visits.frame["id"].iloc[0]
        if "seed" in visits.frame:
            seed_value = visits.frame["seed"].iloc[0]
            seed_path = (folder / seed_value).resolve()
            if not seed_value or not seed_path.is_file():
                message = "does not name an article file; give its path relative to this folder."
                problems.append(Problem(visits.file, visits.row_of(0), "seed", seed_value, message))
                seed_path = None
            else:
                seed_text = _decode(seed_path, _label(seed_path, data_dir), problems)
    problems.extend(validate_references(raws, visit_id))
    problems.extend(validate_logic(raws))
    if seed_text is not None and seed_path is not None:
        problems.extend(validate_quotes(raws, seed_text, seed_path.name))
    return _VisitLoad(raws, visit_id, seed_text, seed_path)


def check_folder(data_dir: Path | str | None = None) -> tuple[list[Problem], list[_VisitLoad]]:
    """Read and validate every visit folder; return all problems and what was read."""
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    problems: list[Problem] = []
    if not data_dir.is_dir():
        message = "is not a folder: set DASHBOARD_DATA_DIR to a data folder."
        problems.append(Problem.of_file(str(data_dir), message))
        return problems, []
    folders = visit_folders(data_dir)
    if not folders:
        message = "holds no visit folder (a folder with visits.csv)."
        problems.append(Problem.of_file(str(data_dir), message))
        return problems, []
    # Read every folder, validate each table across all folders at once, then check each
    # folder's references, dates and quotes. Problems are reported folder by folder, file by
    # file, in the order of the tables.
    read_problems = {folder: [] for folder in folders}
    raws = {
        folder: _read_visit_folder(folder, data_dir, read_problems[folder]) for folder in folders
    }
    by_file: dict[str, list[Problem]] = {}
    for name, table in TABLES.items():
        present = [r[name] for r in raws.values() if r[name] is not None]
        for problem in validate_tables(present, table):
            by_file.setdefault(problem.file, []).append(problem)
    loads = []
    for folder in folders:
        problems.extend(read_problems[folder])
        for raw in raws[folder].values():
            if raw is not None:
                problems.extend(by_file.get(raw.file, []))
        loads.append(_check_visit_folder(folder, data_dir, raws[folder], problems))
    seen: dict[str, str] = {}
    for load in loads:
        raw = load.raws["visits"]
        if load.visit_id and raw is not None:
            if load.visit_id in seen:
                message = f"is already the id of the visit in {seen[load.visit_id]}."
                problems.append(Problem(raw.file, raw.row_of(0), "id", load.visit_id, message))
            seen[load.visit_id] = raw.file
    return problems, loads


# ---------------------------------------------------------------------------------------
# Typing


def _typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(frame)))
    for col in table.columns:
        out[col.name] = _typed_column(frame[col.name], col)
    return out


def _typed_column(values: pd.Series, col: Col) -> pd.Series:
    values = values.reset_index(drop=True)
    if col.kind == "date":
        return pd.to_datetime(values.replace("", None), format="%Y-%m-%d").astype("datetime64[s]")
    if col.kind == "float":
        return pd.to_numeric(values.replace("", None)).astype("float64")
    if col.kind == "int":
        return pd.to_numeric(values).astype("int64")
    if col.kind == "bool":
        return values.eq("true")
    if col.kind == "choice":
        return pd.Categorical(values.replace("", None), categories=list(col.choices))
    if col.kind == "refs":
        return pd.Series([tuple(v.split()) for v in values], dtype=object)
    return values.astype("string")


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Load and fully validate a data folder; raise DataError listing every problem."""
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    problems, loads = check_folder(folder)
    if problems:
        raise DataError(problems)
    # Join the visits' text first, then type each table once.
    tables = {
        name: _typed(pd.concat([load.raws[name].frame for load in loads], ignore_index=True), table)
        for name, table in TABLES.items()
    }
    seeds = {load.visit_id: load.seed_text for load in loads}
    seed_files = {load.visit_id: load.seed_path for load in loads}
    return Dataset(tables=tables, seeds=seeds, seed_files=seed_files, folder=folder)


def data_fingerprint(data_dir: Path | str | None = None) -> tuple:
    """A cheap key that changes when any data or seed file changes (for caching)."""
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    if not folder.is_dir():
        return (str(folder),)
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    # Articles live beside the data folder by convention (a visit's `seed` is
    # ../../seeds/...), which is the project's seeds/ for the default data folder.
    for seeds in dict.fromkeys([project_root() / "seeds", folder.resolve().parent / "seeds"]):
        if seeds.is_dir():
            for path in sorted(seeds.iterdir()):
                stat = path.stat()
                entries.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return (str(folder.resolve()), tuple(entries))
