"""Shared fixtures: the mini visit fixture, broken copies of it, the real data loaded once,
the shipped visit as planned (and its citations), the fixture visits of other shapes, and
the mini visit with reports."""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from streamlit import config as st_config

from dashboard.data.loading import Dataset, Problem, check_folder, load_dataset
from dashboard.data.schema import TABLES
from dashboard.data.stored import CACHE_DIR_ENV
from dashboard.ui.render import DEBUG_ENV

# Property tests render pages, seconds per example: a few per run, more when asked.
settings.register_profile("default", max_examples=6, deadline=None)
settings.register_profile("deep", max_examples=60, deadline=None)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
#: The shipped visit: its folder in data/, and its id. Tests of the shipped data read it
#: by itself or select it by id, so another visit folder beside it changes nothing.
SHIPPED = "lee-china-2026"
SEEDS_DIR = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_VISIT = FIXTURES / "mini_visit"
#: The mini visit's id.
MINI_ID = "fixture-mini-2026"
ERROR_DETAILS = "client.showErrorDetails"


class VisitCopy:
    """A writable copy of a visit folder, with the edits a broken-data test needs.

    Rows are named by their `id` cell; every edit keeps the other lines as they were
    (rewritten through the csv module, one record per line).
    """

    def __init__(self, root: Path):
        self.root = root

    def path(self, file: str) -> Path:
        return self.root / file

    def read(self, file: str) -> list[list[str]]:
        text = self.path(file).read_text(encoding="utf-8")
        return list(csv.reader(io.StringIO(text, newline="")))

    def write(self, file: str, records: list[list[str]]) -> None:
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(records)
        self.path(file).write_text(out.getvalue(), encoding="utf-8", newline="")

    def _index(self, records: list[list[str]], row_id: str) -> int:
        id_col = records[0].index("id")
        for index, record in enumerate(records):
            if index and record[id_col] == row_id:
                return index
        raise KeyError(row_id)

    def set_cell(self, file: str, row_id: str, column: str, value: str) -> None:
        records = self.read(file)
        records[self._index(records, row_id)][records[0].index(column)] = value
        self.write(file, records)

    def drop_column(self, file: str, column: str) -> None:
        records = self.read(file)
        at = records[0].index(column)
        self.write(file, [r[:at] + r[at + 1 :] for r in records])

    def add_column(self, file: str, column: str, value: str = "") -> None:
        records = self.read(file)
        self.write(file, [records[0] + [column]] + [r + [value] for r in records[1:]])

    def duplicate_row(self, file: str, row_id: str) -> None:
        records = self.read(file)
        self.write(file, records + [list(records[self._index(records, row_id)])])

    def append_line(self, file: str, line: str) -> None:
        with self.path(file).open("a", encoding="utf-8", newline="") as handle:
            handle.write(line + "\n")

    def insert_line(self, file: str, before_line: int, line: str) -> None:
        """Insert a raw line so that it becomes line `before_line` (1-based) of the file."""
        lines = self.path(file).read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(before_line - 1, line + "\n")
        self.path(file).write_text("".join(lines), encoding="utf-8", newline="")

    def write_bytes(self, file: str, data: bytes) -> None:
        self.path(file).write_bytes(data)

    def delete(self, file: str) -> None:
        self.path(file).unlink()

    def empty(self, file: str) -> None:
        self.path(file).write_bytes(b"")


@pytest.fixture(scope="session", autouse=True)
def stored_copies_of_the_session(tmp_path_factory) -> Iterator[Path]:
    """The app keeps a checked copy of the tables in the user's cache folder: the tests keep
    theirs in a temporary folder, which the servers they start inherit."""
    folder = tmp_path_factory.mktemp("stored-copies")
    before = os.environ.get(CACHE_DIR_ENV)
    os.environ[CACHE_DIR_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_DIR_ENV, None)
    else:
        os.environ[CACHE_DIR_ENV] = before


@pytest.fixture(autouse=True)
def stored_copies(monkeypatch, tmp_path_factory) -> Path:
    """An empty folder of stored copies for each test: a test's first load reads the CSV
    files, whatever an earlier test stored."""
    folder = tmp_path_factory.mktemp("copies")
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    return folder


@pytest.fixture(autouse=True)
def errors_reach_the_tests(request, monkeypatch) -> Iterator[None]:
    """AppTests see a page's exception (`at.exception`) instead of the plain message a
    reader gets; the browser tier runs the app as deployed."""
    if request.node.get_closest_marker("e2e") is not None:
        yield
        return
    monkeypatch.setenv(DEBUG_ENV, "1")
    shown = st_config.get_option(ERROR_DETAILS)
    st_config.set_option(ERROR_DETAILS, "full")  # the deployed setting ("none") hides them
    yield
    st_config.set_option(ERROR_DETAILS, shown)


@pytest.fixture
def mini_visit() -> Path:
    """The small valid visit folder in tests/fixtures/mini_visit (read-only: copy to edit)."""
    return MINI_VISIT


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[..., Path]:
    """A factory: copy the mini visit into tmp_path, apply `mutate(VisitCopy)`, return the path.

    Each call makes a fresh copy, so one test may build several.
    """
    counter = itertools.count(1)

    def make(mutate: Callable[[VisitCopy], object] | None = None) -> Path:
        target = tmp_path / f"visit-{next(counter)}"
        shutil.copytree(MINI_VISIT, target)
        if mutate is not None:
            mutate(VisitCopy(target))
        return target

    return make


@pytest.fixture(scope="session")
def real_data() -> Dataset:
    """The shipped visit's folder in data/, loaded (and so validated) once per test session,
    by itself: other visit folders may sit beside it."""
    return load_dataset(DATA_DIR / SHIPPED)


def is_fixture(folder: Path) -> bool:
    """A copy of a test fixture: its article, beside its tables, says so in its first words."""
    seed = folder / "seed.txt"
    return seed.is_file() and seed.read_text(encoding="utf-8").startswith("FIXTURE ARTICLE")


@pytest.fixture(scope="session")
def seed_text(real_data) -> str:
    """The shipped visit's article, as loaded."""
    return real_data.seeds[SHIPPED]


def problems_in(folder: Path) -> list[Problem]:
    """Every problem of a data or visit folder, as the loader reports it."""
    problems, _ = check_folder(folder)
    return problems


def problem_lines(folder: Path) -> list[str]:
    """Every problem of a folder as the plain line a person reads."""
    return [str(p) for p in problems_in(folder)]


def as_planned(dataset: Dataset, visit_id: str):
    """The visit as its article tells it, before any report: as of the start of the day the
    article was written (its `reported_on`). Tests of the views' mechanics read the plan;
    tests of the reports read the visit as they tell it (`select_visit` without an as-of)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from dashboard.model.visit import select_visit

    full = select_visit(dataset, visit_id)
    day = full.reported_on or full.start
    zone = ZoneInfo(full.home_timezone or "UTC")
    return select_visit(dataset, visit_id, datetime.combine(day, time(0, 0), tzinfo=zone))


def planned_day_param(dataset: Dataset, visit_id: str) -> str:
    """The link's as_of that shows the plan (`as_planned`)."""
    from dashboard.model.visit import select_visit

    full = select_visit(dataset, visit_id)
    return (full.reported_on or full.start).isoformat()


@pytest.fixture(scope="module")
def visit(real_data):
    """The shipped visit as planned (`as_planned`): the views' mechanics are tested on it."""
    return as_planned(real_data, SHIPPED)


@pytest.fixture(scope="module")
def cited(visit):
    """Every quoted span of the planned shipped visit, located in its article."""
    from dashboard.model.citations import citations

    return citations(visit)


def fixture_visit(folder: str, visit_id: str):
    """A fixture visit of tests/fixtures, loaded and selected."""
    from dashboard.model.visit import select_visit

    return select_visit(load_dataset(FIXTURES / folder), visit_id)


@pytest.fixture(scope="module")
def mini():
    """The smallest fixture: one leg from a city to its venue, a kilometre away."""
    return fixture_visit("mini_visit", MINI_ID)


@pytest.fixture(scope="module")
def river():
    """The out-and-back fixture: Porto Selva <-> Vila Aurora, Cabo Lume in the background."""
    return fixture_visit("river_visit", "fixture-river-2026")


@pytest.fixture(scope="module")
def dateline():
    """Across the date line and a year end: out to Port Halen, out and back to Kalea Bay
    (two short legs between the same places), home."""
    return fixture_visit("dateline_visit", "fixture-dateline-2026")


@pytest.fixture(scope="module")
def autumn():
    """Across an ocean and a month end: a triangle, two legs of some 8,000 km, one short."""
    return fixture_visit("autumn_visit", "fixture-autumn-2026")


@pytest.fixture
def reported(tmp_path) -> Path:
    """A copy of the mini visit with sources and claims added (see reported_visit.py)."""
    from reported_visit import with_reports

    return with_reports(shutil.copytree(MINI_VISIT, tmp_path / "visit"))


@pytest.fixture
def edit_folder() -> Callable[[Path], VisitCopy]:
    """Edit any visit folder already copied under tmp_path: `edit_folder(path).set_cell(...)`."""
    return VisitCopy


#: Markup of every kind Streamlit's Markdown or plotly would act on, on one line.
HOSTILE = (
    "X ![i](https://evil.example/x.png) :red[RED] $x^2$ [L](https://evil.example/) "
    ":material/warning: <a href='https://evil.example/'>a</a> <img src=https://evil.example/y.png> "
    "**B** _i_ `c` # h"
)


def _text_columns() -> dict[str, list[str]]:
    """Per table, the free-text columns (ids, dates, choices and numbers keep their form)."""
    return {
        name: [
            c.name for c in table.columns if c.kind == "text" and c.name not in ("quote", "seed")
        ]
        for name, table in TABLES.items()
    }


def hostile_copy(target: Path) -> Path:
    """The mini visit with HOSTILE in every text cell of every row and as every row's quote
    (the article gets the same line, so every quote is still found in it)."""
    shutil.copytree(MINI_VISIT, target)
    seed = target / "seed.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + HOSTILE + "\n", encoding="utf-8")
    for name, columns in _text_columns().items():
        if not (target / TABLES[name].file).exists():  # a table a visit may leave out
            continue
        copy = VisitCopy(target)
        records = copy.read(TABLES[name].file)
        header = records[0]
        for record in records[1:]:
            if not record or record[0].startswith("#"):
                continue
            for column in columns:
                if column in header:
                    record[header.index(column)] += f" {HOSTILE}"
            record[header.index("quote")] = HOSTILE
        copy.write(TABLES[name].file, records)
    return target


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory) -> Path:
    """A valid visit folder with markup in every text cell and every quote."""
    folder = hostile_copy(tmp_path_factory.mktemp("hostile") / "visit")
    load_dataset(folder)  # markup is valid text: the data loads, so the pages must cope
    return folder
