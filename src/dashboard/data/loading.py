"""Load a data folder into typed DataFrames, validating everything and reporting every problem.

A data folder holds one sub-folder per visit (or is itself one visit's folder). Each visit
folder has the same CSV tables (see `schema.TABLES`), and its `visits.csv` names the article
(`seed`) that every row quotes. Problems are collected across all files before anything is
reported; each names the file, the row (as a spreadsheet counts it: the header is row 1),
the column, the value and one plain sentence.

This module finds the folders, runs the reading (`reading`) and the checks (`validation`)
over them, and types the tables once all is valid. It also re-exports the names of those
modules that callers import from here.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .problems import Problem, count_text
from .reading import COMMENT_PREFIX, RawTable, decode, inside, read_seed_meta, read_table
from .schema import ID_PATTERN, TABLES
from .typed import typed
from .validation import (
    formula_warnings,
    repeated_text_warnings,
    validate_logic,
    validate_quotes,
    validate_references,
    validate_table,
    validate_tables,
)

__all__ = [
    "COMMENT_PREFIX",
    "DATA_DIR_ENV",
    "DEFAULT_DATA_DIR",
    "PROJECT_ROOT",
    "DataError",
    "Dataset",
    "Problem",
    "RawTable",
    "check_folder",
    "data_dir_from_env",
    "data_fingerprint",
    "load_dataset",
    "project_root",
    "read_table",
    "validate_logic",
    "validate_quotes",
    "validate_references",
    "validate_table",
    "validate_tables",
    "visit_folders",
]

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
# Where the package's checkout would be in the src layout: <root>/src/dashboard/data/loading.py.
_CHECKOUT_ROOT = Path(__file__).resolve().parents[3]


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
    seed_meta: dict[str, dict] = field(default_factory=dict)  # visit id -> its record
    #: Visit folders left out because they have problems (the others are served).
    quarantined: tuple[Quarantined, ...] = ()
    #: Cells that are valid but deserve a look (`validation.formula_warnings`), from a full
    #: load; a stored copy keeps none (only `validate`, which loads in full, prints them).
    warnings: tuple[Problem, ...] = ()

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

    @property
    def sources(self) -> pd.DataFrame:
        return self.tables["sources"]

    @property
    def claims(self) -> pd.DataFrame:
        return self.tables["claims"]

    def summary(self) -> str:
        visits = len(self.tables["visits"])
        counts = ", ".join(
            _count(len(frame), name)
            for name, frame in self.tables.items()
            if name != "visits" and (len(frame) or not TABLES[name].optional_file)
        )
        return f"OK: {_count(visits, 'visits')} loaded from {self.folder}: {counts}."


def _count(n: int, table: str) -> str:
    """'1 issue card', '2 issue cards', '1 person': a count of a table's rows in words."""
    plural = table.replace("_", " ")
    return count_text(n, "person" if plural == "people" else plural.removesuffix("s"), plural)


@dataclass(frozen=True)
class Quarantined:
    """A visit folder with problems, left out of the dataset so that the other visits are
    served: its id (the visit's, when its visits.csv names a valid one, else the folder's
    name), its title when known, and every problem found in it."""

    id: str
    folder: str
    title: str | None
    problems: tuple[Problem, ...]


class DataError(Exception):
    """Raised by `load_dataset` when the folder has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{count_text(len(problems), 'problem')} in the data")


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
    """What was read from one visit folder: its raw tables, visit id and article."""

    raws: dict[str, RawTable | None]
    visit_id: str | None
    seed_text: str | None
    seed_path: Path | None
    seed_meta: dict | None = None
    folder: Path = field(default_factory=Path)
    #: This folder's problems, in the order they are reported.
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def quarantined(self, data_dir: Path) -> Quarantined:
        label = _label(self.folder, data_dir)
        visit_id = self.visit_id if _is_id(self.visit_id) else None
        title = None
        visits = self.raws.get("visits")
        if visits is not None and "title" in visits.frame and len(visits.frame):
            title = str(visits.frame["title"].iloc[0]) or None
        return Quarantined(visit_id or label, label, title, tuple(self.problems))


def _is_id(value: object) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


#: Told what the load is doing, in a few words ("Reading events.csv (visit folder 1 of 2)…"),
#: for a progress line.
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def check_folder(
    data_dir: Path | str | None = None,
    progress: Progress = _quiet,
    texts: dict[str, pd.DataFrame] | None = None,
) -> tuple[list[Problem], list[_VisitLoad]]:
    """Read and validate every visit folder; return all problems and what was read (and,
    with `texts`, each table of all folders joined as Arrow text: see `validate_tables`)."""
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    if not data_dir.is_dir():
        message = "is not a folder: set DASHBOARD_DATA_DIR to a data folder."
        return [Problem.of_file(str(data_dir), message)], []
    folders = visit_folders(data_dir)
    if not folders:
        message = "holds no visit folder (a folder with visits.csv)."
        return [Problem.of_file(str(data_dir), message)], []
    # Read every folder, validate each table across all folders at once, then check each
    # folder's references, dates and quotes. Problems are reported folder by folder, file by
    # file, in the order of the tables.
    read_problems: dict[Path, list[Problem]] = {folder: [] for folder in folders}
    raws = {}
    for number, folder in enumerate(folders, start=1):
        where = f"visit folder {number} of {len(folders)}"
        raws[folder] = _read_visit_folder(
            folder,
            data_dir,
            read_problems[folder],
            lambda file, where=where: progress(f"Reading {file} ({where})…"),
        )
    progress("Checking every table against its schema…")
    by_file = _validate_across_folders(list(raws.values()), texts)
    loads = []
    for number, folder in enumerate(folders, start=1):
        progress(
            f"Checking ids, dates and quotes against the article, visit {number} of {len(folders)}…"
        )
        found = list(read_problems[folder])
        for raw in raws[folder].values():
            if raw is not None:
                found.extend(by_file.get(raw.file, []))
        load = _check_visit_folder(folder, data_dir, raws[folder], found)
        load.folder, load.problems = folder, found
        load.warnings = formula_warnings(raws[folder]) + repeated_text_warnings(raws[folder])
        loads.append(load)
    _repeated_visit_ids(loads)
    return [p for load in loads for p in load.problems], loads


def _read_visit_folder(
    folder: Path, data_dir: Path, problems: list[Problem], progress: Progress = _quiet
) -> dict[str, RawTable | None]:
    # read_table is looked up in this module's namespace on each call, so that a test can
    # watch which tables are read by replacing `loading.read_table`.
    roots = [data_dir]  # a table that links outside the data folder is not read
    raws = {}
    for name, table in TABLES.items():
        progress(table.file)
        path = folder / table.file
        raws[name] = read_table(path, table, _label(path, data_dir), problems, roots)
    return raws


def _validate_across_folders(
    folders: list[dict[str, RawTable | None]], texts: dict[str, pd.DataFrame] | None = None
) -> dict[str, list[Problem]]:
    """Each table of every folder against its schema, in one run per table; by file."""
    by_file: dict[str, list[Problem]] = {}
    for name, table in TABLES.items():
        present = [raws[name] for raws in folders if raws[name] is not None]
        for problem in validate_tables(present, table, texts):
            by_file.setdefault(problem.file, []).append(problem)
    return by_file


def _check_visit_folder(
    folder: Path, data_dir: Path, raws: dict[str, RawTable | None], problems: list[Problem]
) -> _VisitLoad:
    """What spans one folder's tables: its single visit, its article, ids, dates, quotes."""
    visits = raws["visits"]
    visit_id = seed_text = seed_path = meta = None
    if visits is not None and len(visits.frame) >= 1 and "id" in visits.frame:
        if len(visits.frame) > 1:
            message = "A visit folder holds exactly one visit; put each visit in its own folder."
            problems.append(Problem.of_row(visits.file, visits.row_of(1), message))
        visit_id = visits.frame["id"].iloc[0]
        seed_text, seed_path = _read_seed(visits, folder, data_dir, problems)
    if seed_path is not None:
        meta = read_seed_meta(seed_path, _label(seed_path, data_dir), problems)
    problems.extend(validate_references(raws, visit_id))
    problems.extend(validate_logic(raws))
    if seed_text is not None and seed_path is not None:
        problems.extend(validate_quotes(raws, seed_text, seed_path.name))
    return _VisitLoad(raws, visit_id, seed_text, seed_path, meta)


def seed_roots(data_dir: Path) -> list[Path]:
    """Where articles may be: the project's seeds/, the seeds/ beside the data folder, and
    the data folder itself (a fixture's or a new visit's placeholder article)."""
    data_dir = data_dir.resolve()
    return list(dict.fromkeys([project_root() / "seeds", data_dir.parent / "seeds", data_dir]))


def _read_seed(
    visits: RawTable, folder: Path, data_dir: Path, problems: list[Problem]
) -> tuple[str | None, Path | None]:
    """The text and path of the article that `seed` names, relative to the visit folder."""
    if "seed" not in visits.frame:
        return None, None
    value = visits.frame["seed"].iloc[0]
    named = folder / value
    if not value or not (named.exists() or named.is_symlink()):
        message = "does not name an article file; give its path relative to this folder."
        problems.append(Problem(visits.file, visits.row_of(0), "seed", value, message))
        return None, None
    # The article must be a file in seeds/ (or in the data folder): a path that leads
    # anywhere else on the server is refused, and never read or shown.
    found: list[Problem] = []
    path = inside(folder / value, seed_roots(data_dir), "the article", found)
    for problem in found:
        message = f"names an article that {problem.message}"
        problems.append(Problem(visits.file, visits.row_of(0), "seed", value, message))
    if path is None:
        return None, None
    return decode(path, _label(path, data_dir), problems), path


def _repeated_visit_ids(loads: list[_VisitLoad]) -> None:
    """A visit id names one visit: each folder after the first to use it has a problem."""
    seen: dict[str, str] = {}
    for load in loads:
        raw = load.raws["visits"]
        if load.visit_id and raw is not None:
            if load.visit_id in seen:
                message = f"is already the id of the visit in {seen[load.visit_id]}."
                load.problems.append(
                    Problem(raw.file, raw.row_of(0), "id", load.visit_id, message)
                )
            seen[load.visit_id] = raw.file


@contextmanager
def _no_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused, then back as it was.

    A load makes millions of objects that live on (every cell as text, then typed), and
    each makes the collector run again over all that exist: at 100k events, 0.8 of 4.6 s
    of a load, for no garbage (a collection after it finds none; peak memory is the same).
    Memory freed by reference counting, nearly all of it, is freed as before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_dataset(
    data_dir: Path | str | None = None, progress: Progress = _quiet, *, strict: bool = False
) -> Dataset:
    """Load and fully validate a data folder.

    A visit folder with problems is quarantined: left out, with its problems, in
    `Dataset.quarantined`, so that one broken visit does not take the others off the
    dashboard. DataError (listing every problem) when no visit folder is free of problems,
    the folder itself is missing or empty, or, with `strict`, any folder has a problem.
    `progress` is told each step in a few words (for the app's progress line).
    """
    with _no_collection():
        return _load_dataset(data_dir, progress, strict)


def _load_dataset(data_dir: Path | str | None, progress: Progress, strict: bool) -> Dataset:
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    texts: dict[str, pd.DataFrame] = {}  # each table's text as validated, if in one run
    problems, every_load = check_folder(folder, progress, texts)
    loads = [load for load in every_load if not load.problems]
    if not loads or (strict and problems):
        raise DataError(problems)
    quarantined = tuple(load.quarantined(folder) for load in every_load if load.problems)
    progress("Typing the tables…")
    # Join the visits' text first, then type each table once.
    tables = {name: typed(_joined(name, loads, texts), table) for name, table in TABLES.items()}
    seeds = {load.visit_id: load.seed_text for load in loads}
    seed_files = {load.visit_id: load.seed_path for load in loads}
    meta = {load.visit_id: load.seed_meta for load in loads}
    return Dataset(
        tables,
        seeds,
        seed_files,
        folder=folder,
        seed_meta=meta,
        quarantined=quarantined,
        warnings=tuple(w for load in loads for w in load.warnings),
    )


def _joined(name: str, loads: list[_VisitLoad], texts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The table of every visit, one below the other: the Arrow text validation made of
    them when it made one of all of them, else the frames as read."""
    frames = [load.raws[name].frame for load in loads]
    text = texts.get(name)
    if text is not None and len(text) == sum(len(f) for f in frames):
        return text
    return pd.concat(frames, ignore_index=True)


def data_fingerprint(data_dir: Path | str | None = None) -> tuple:
    """A cheap key that changes when any data or seed file changes (for caching): each
    entry's path, time and size, a link's own. Listed with `os.scandir`, whose entries
    carry what the listing already knows (every rerun of every page asks)."""
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    if not folder.is_dir():
        return (str(folder),)
    entries = _entries(str(folder), recursive=True)
    # Articles live beside the data folder by convention (a visit's `seed` is
    # ../../seeds/...), which is the project's seeds/ for the default data folder.
    for seeds in seed_roots(folder)[:2]:
        if seeds.is_dir():
            entries += _entries(str(seeds), recursive=False)
    return (str(folder.resolve()), tuple(entries))


def _entries(folder: str, *, recursive: bool) -> list[tuple]:
    """(path, time, size) of each entry under `folder`, by name; a link's own, never
    followed; the path alone for what cannot be read."""
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return [(Path(folder).as_posix(),)]
    found = []
    for entry in listing:
        link = entry.is_symlink()
        try:
            stat = entry.stat(follow_symlinks=not link)
        except OSError:
            found.append((Path(entry.path).as_posix(),))
            continue
        found.append((Path(entry.path).as_posix(), stat.st_mtime_ns, stat.st_size))
        if recursive and not link and entry.is_dir(follow_symlinks=False):
            found += _entries(entry.path, recursive=True)
    return found
