"""A validated, typed copy of a loaded data folder, kept outside it, so that a restart with
unchanged files skips reading and validating them.

The copy lives in the user's cache folder ($DASHBOARD_CACHE_DIR, else
$XDG_CACHE_HOME/state-visit-dashboard, else ~/.cache/state-visit-dashboard), never in the
data folder. It is keyed on the content of every file the load may read (each data file,
every article and record in the folders articles may come from) and on the code that reads
them (the package's version and a digest of its source), so that a changed, added or
removed file, or other code, finds no copy and loads the folder in full.

A copy is one folder per key, named `copy-<key>` and holding a marker file of its own
(`MARKER`): each table as an Arrow IPC file (typed columns, read without parsing text) and
`dataset.json` with the rest of the `Dataset` (articles, their records) and the digest of
each table file. A copy is checked before it is used: the format, the key, every file's
digest, the columns, the row counts and the dtypes a full load gives, and the articles'
records as a full load checks them; anything else, or any error reading it, and the folder
is loaded in full and a new copy written. Only a folder without problems is stored. When
the cache folder cannot be written (a read-only server), the app loads as before and
stores nothing.

What it finds is never trusted blindly, as OpenSSH treats `~/.ssh` and pip its cache:
- It removes only what it made: folders named as its copies that hold its marker (old
  copies beyond the newest KEEP, and the temporary folders of writes that crashed). Any
  other file or folder in the cache folder is left alone, whatever the folder is.
- It reads and writes only a cache folder, copy and file owned by the user running the app
  and writable by no one else (no group or other write permission), and never follows a
  link there. A folder that fails this is neither read nor written: the app loads in full
  and logs why, once.
- A digest beside the copy proves only that the copy is whole, not who wrote it; what it
  holds is typed and checked as a full load's tables, and a view that puts a value into
  HTML or CSS checks it there too (a colour that is not a colour is refused: `colours`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import loading, typed
from .loading import Dataset, Progress, _quiet
from .problems import Problem
from .reading import check_seed_meta
from .schema import TABLES, TEXT, Table

_log = logging.getLogger(__name__)

#: Where the copies go; "off" stores nothing.
CACHE_DIR_ENV = "DASHBOARD_CACHE_DIR"
APP_NAME = "state-visit-dashboard"
#: The layout of a copy; a copy of another layout is never read.
FORMAT = 1
#: Copies kept: the newest, by the time they were written or last used.
KEEP = 8
#: A copy's folder is `copy-<key>`; a write in progress is `.copy-<key>-<random>`.
COPY_PREFIX = "copy-"
_COPY_NAME = re.compile(r"copy-[0-9a-f]{40}")
_TEMP_NAME = re.compile(r"\.copy-[0-9a-f]{40}-[A-Za-z0-9_]{8}")
#: A temporary folder older than this is a crashed write (a live write takes seconds).
_STALE_TEMP_SECONDS = 3600
#: The file that marks a folder as a copy this app made, and its exact content.
MARKER = "STATE-VISIT-DASHBOARD-COPY"
MARKER_TEXT = f"A stored copy of {APP_NAME}; removed by it when old.\n"
_CHUNK = 1 << 20
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole package, dashboard/


def cache_dir() -> Path | None:
    """The folder that holds the copies, or None when storing is turned off."""
    configured = os.environ.get(CACHE_DIR_ENV, "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / APP_NAME


# ---------------------------------------------------------------------------------------
# The key


def package_version() -> str:
    try:
        return metadata.version("dashboard")
    except metadata.PackageNotFoundError:
        return "unknown"


def _code_digest() -> str:
    """The package's own source: a copy made by other code is never read."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _inputs(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every file and link the load may read: all of the data folder, and the folders an
    article may come from (`loading.seed_roots`), each under a label of its root."""
    roots = [("data", data_dir)]
    roots += [(f"seeds{i}", root) for i, root in enumerate(loading.seed_roots(data_dir)[:2])]
    for label, root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_symlink() or path.is_file():
                yield f"{label}/{path.relative_to(root).as_posix()}", path


def input_key(data_dir: Path | str) -> str:
    """The key of a copy: the content of every input file, where it lies, and the code.

    A link counts as where it leads (its target's text); a file that cannot be read makes
    the key unique, so that nothing stored is used for it (the full load reports it).
    """
    data_dir = Path(data_dir).resolve()
    digest = hashlib.blake2b(digest_size=20)
    for part in (
        f"format {FORMAT}",
        f"dashboard {package_version()} {_code_digest()}",
        f"pandas {pd.__version__} pyarrow {pa.__version__}",
        str(data_dir),
    ):
        digest.update(part.encode() + b"\n")
    for label, path in _inputs(data_dir):
        try:
            content = f"link {os.readlink(path)}" if path.is_symlink() else _file_digest(path)
        except OSError:
            content = f"unreadable {os.urandom(8).hex()}"
        digest.update(f"{label}\0{content}\n".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# Writing


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def copy_folder(folder: Path, key: str) -> Path:
    """Where the copy of `key` lies in the cache folder."""
    return folder / f"{COPY_PREFIX}{key}"


def write(dataset: Dataset, key: str, folder: Path) -> Path:
    """Store a loaded dataset under `key` in `folder`, atomically: into a temporary folder
    beside it, renamed into place when complete. Returns the copy's folder.

    Raises UntrustedFolder (an OSError) for a cache folder others could write."""
    _make_private_folder(folder)
    final = copy_folder(folder, key)
    temp = Path(tempfile.mkdtemp(prefix=f".{COPY_PREFIX}{key}-", dir=folder))
    try:
        (temp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        tables = {}
        for name, frame in dataset.tables.items():
            file = temp / f"{name}.arrow"
            table = _arrow_table(frame)
            with pa.OSFile(str(file), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
                w.write_table(table)
            tables[name] = {
                "file": file.name,
                "rows": len(frame),
                "digest": _file_digest(file),
            }
        record = {
            "format": FORMAT,
            "key": key,
            "tables": tables,
            "seeds": dataset.seeds,
            "seed_files": {vid: str(path) for vid, path in dataset.seed_files.items()},
            "seed_meta": dataset.seed_meta,
        }
        (temp / "dataset.json").write_text(json.dumps(record), encoding="utf-8")
        try:
            temp.rename(final)
        except OSError:
            if not (final / "dataset.json").is_file():  # not another process's copy
                raise
    finally:
        if temp.exists():
            _remove_own(temp)
    _prune(folder, keep=final)
    return final


def _own_copy(path: Path, pattern: re.Pattern) -> bool:
    """Whether `path` is a folder this app made: named as its copies, a real folder (not a
    link) of this user, holding the marker with its exact text."""
    if not pattern.fullmatch(path.name):
        return False
    try:
        info = path.lstat()
        marker = path / MARKER
        marker_info = marker.lstat()
        return (
            stat.S_ISDIR(info.st_mode)
            and info.st_uid == os.geteuid()
            and stat.S_ISREG(marker_info.st_mode)
            and marker_info.st_size == len(MARKER_TEXT.encode())
            and marker.read_text(encoding="utf-8") == MARKER_TEXT
        )
    except (OSError, UnicodeDecodeError):
        return False


def _remove_own(path: Path) -> None:
    """Remove a folder this app made (`_own_copy`); anything else is left as it is."""
    if _own_copy(path, _COPY_NAME) or _own_copy(path, _TEMP_NAME):
        shutil.rmtree(path, ignore_errors=True)


def _prune(folder: Path, keep: Path) -> None:
    """Remove this app's copies but the newest KEEP, and its temporary folders of crashed
    writes. Nothing else in the folder is touched (`_own_copy`)."""
    try:
        entries = list(folder.iterdir())
        copies = [p for p in entries if p != keep and _own_copy(p, _COPY_NAME)]
        copies.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        now = time.time()
        crashed = [
            p
            for p in entries
            if _own_copy(p, _TEMP_NAME) and now - p.stat().st_mtime > _STALE_TEMP_SECONDS
        ]
    except OSError:
        return
    for old in copies[KEEP - 1 :] + crashed:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# Trust: a folder or file that only this user can have written


class UntrustedFolder(OSError):
    """A cache folder, copy or file that someone else could have written."""


def _why_untrusted(info: os.stat_result, what: str) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return f"the {what} is a link"
    if info.st_uid != os.geteuid():
        return f"the {what} belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"the {what} can be written by other users (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def check_trusted(path: Path, what: str = "cache folder") -> None:
    """Raise UntrustedFolder unless `path` is a folder (not a link) of this user that no
    one else may write."""
    info = path.lstat()
    reason = _why_untrusted(info, what)
    if reason is None and not stat.S_ISDIR(info.st_mode):
        reason = f"the {what} is not a folder"
    if reason is not None:
        raise UntrustedFolder(f"{path}: {reason}")


def _make_private_folder(folder: Path) -> None:
    """The cache folder, made if missing (readable and writable by this user only), and
    checked (`check_trusted`)."""
    if not (folder.exists() or folder.is_symlink()):
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    check_trusted(folder)


def _read_own_file(path: Path) -> bytes:
    """A file's bytes, opened without following a link, if this user's and no one else's
    to write; else UntrustedFolder."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        reason = _why_untrusted(info, "stored file")
        if reason is None and not stat.S_ISREG(info.st_mode):
            reason = "the stored file is not a regular file"
        if reason is not None:
            raise UntrustedFolder(f"{path}: {reason}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    """Log why the stored copy is not used, once per reason (not on every start of a
    reader's session)."""
    if message not in _warned:
        _warned.add(message)
        _log.warning("The stored copy is not used: %s. The data is loaded in full.", message)


# ---------------------------------------------------------------------------------------
# Reading


class StaleCopy(Exception):
    """A stored copy that must not be used (and is removed)."""


_TEXT = {pa.string(): TEXT, pa.large_string(): TEXT}


def _id_tuples(column: pa.ChunkedArray) -> np.ndarray:
    """A column of id lists as tuples of text, one per row: the lists joined with spaces
    (which an id never holds, `ID_PATTERN`), then split as a full load splits them, each
    distinct list once (`typed.id_tuples`)."""
    joined = pc.fill_null(pc.binary_join(column.combine_chunks(), " "), "")
    return typed.id_tuples(pd.Series(pd.arrays.ArrowStringArray(joined)))


def _restored(arrow: pa.Table, table: Table) -> pd.DataFrame:
    """The table as a full load types it. The id lists (`refs`) are tuples of text
    (`_id_tuples`)."""
    if arrow.column_names != table.column_names:
        raise StaleCopy(f"{table.name}: other columns")
    refs = [col.name for col in table.columns if col.kind == "refs"]
    # Text straight into pandas' text dtype (Arrow-backed: no copy through Python strings).
    frame = arrow.drop_columns(refs).to_pandas(types_mapper=_TEXT.get)
    for name in refs:
        frame[name] = pd.Series(_id_tuples(arrow.column(name)), dtype=object, index=frame.index)
    frame = frame[table.column_names]
    # Choices and text as a full load types them; the other kinds are read as stored, so
    # a copy that stored them as something else fails the check below.
    for col in table.columns:
        if col.kind not in ("date", "float", "int", "bool", "refs"):
            frame[col.name] = frame[col.name].astype(typed.column_dtype(col))
    # The dtypes a full load gives (each compared with ==: a category's list included).
    if list(frame.dtypes) != [typed.column_dtype(col) for col in table.columns]:
        raise StaleCopy(f"{table.name}: other types")
    return frame


def _read_table(path: Path, entry: dict, table: Table) -> pd.DataFrame:
    data = _read_own_file(path)
    if hashlib.blake2b(data, digest_size=16).hexdigest() != entry["digest"]:
        raise StaleCopy(f"{path.name}: changed since it was written")
    arrow = pa.ipc.open_file(pa.BufferReader(data)).read_all()
    if arrow.num_rows != entry["rows"]:
        raise StaleCopy(f"{path.name}: other row count")
    return _restored(arrow, table)


def _checked_meta(meta: object) -> dict:
    """An article's record as a full load checks it (`reading.check_seed_meta`)."""
    if not isinstance(meta, dict):
        raise StaleCopy("an article's record is not an object")
    problems: list[Problem] = []
    checked = check_seed_meta(meta, "stored record", problems)
    if checked is None or problems:
        raise StaleCopy("an article's record fails its checks")
    return checked


def read(key: str, folder: Path, data_dir: Path, progress: Progress = _quiet) -> Dataset:
    """The copy stored under `key`, checked; raises StaleCopy, UntrustedFolder (or any
    error reading it)."""
    check_trusted(folder)
    copy = copy_folder(folder, key)
    check_trusted(copy, "stored copy")
    if not _own_copy(copy, _COPY_NAME):
        raise StaleCopy("not marked as a copy of this app")
    record = json.loads(_read_own_file(copy / "dataset.json").decode("utf-8"))
    if not isinstance(record, dict):
        raise StaleCopy("the record is not an object")
    if record.get("format") != FORMAT or record.get("key") != key:
        raise StaleCopy("another format or key")
    if not isinstance(record.get("tables"), dict) or set(record["tables"]) != set(TABLES):
        raise StaleCopy("other tables")
    tables = {}
    for name, table in TABLES.items():
        progress(f"Reading the stored {table.file}…")
        entry = record["tables"][name]
        tables[name] = _read_table(copy / Path(entry["file"]).name, entry, table)
    seeds, files, meta = record.get("seeds"), record.get("seed_files"), record.get("seed_meta")
    if not all(isinstance(part, dict) for part in (seeds, files, meta)):
        raise StaleCopy("the articles are not recorded as objects")
    visits = list(tables["visits"]["id"])
    if not (set(seeds) == set(files) == set(meta) == set(visits)):
        raise StaleCopy("articles and visits differ")
    if not all(isinstance(text, str) for text in [*seeds.values(), *files.values()]):
        raise StaleCopy("an article or its path is not text")
    os.utime(copy)  # recently used: kept by `_prune`
    return Dataset(
        tables,
        {vid: seeds[vid] for vid in visits},
        {vid: Path(files[vid]) for vid in visits},
        folder=data_dir,
        seed_meta={vid: _checked_meta(meta[vid]) for vid in visits},
    )


# ---------------------------------------------------------------------------------------
# Loading through the copy


def load(data_dir: Path | str | None = None, progress: Progress = _quiet) -> tuple[Dataset, bool]:
    """The folder's dataset and whether it came from a stored copy.

    Unchanged files: the stored copy (no CSV is read). Otherwise, or when the copy is
    missing, unreadable or fails a check: `loading.load_dataset` (which raises DataError
    for a folder with problems), then a new copy if the cache folder can be written.
    """
    data_dir = Path(data_dir) if data_dir is not None else loading.data_dir_from_env()
    folder = cache_dir()
    key = None
    if folder is not None and data_dir.is_dir() and _usable(folder):
        progress("Checking whether the data files changed since the last start…")
        key = input_key(data_dir)
        copy = copy_folder(folder, key)
        if copy.exists() or copy.is_symlink():
            try:
                return read(key, folder, data_dir, progress), True
            except UntrustedFolder as err:
                _warn_once(str(err))
                key = None  # neither read nor replaced
            except Exception:  # a damaged or stale copy of ours: load in full, write anew
                _remove_own(copy)
    dataset = loading.load_dataset(data_dir, progress=progress)
    # Stored only if no file changed while it loaded: the copy must match its key, and only
    # a folder with no problem at all (a quarantined visit is loaded in full each time).
    if key is not None and not dataset.quarantined and input_key(data_dir) == key:
        progress("Saving a copy of the checked tables for the next start…")
        try:
            write(dataset, key, folder)
        except UntrustedFolder as err:
            _warn_once(str(err))
        except OSError:  # a read-only or full disk: serve without a copy
            pass
    return dataset, False


def _usable(folder: Path) -> bool:
    """Whether the cache folder may be read and written: missing (it will be made private),
    or this user's and no one else's to write. Else the reason is logged once."""
    try:
        if folder.exists() or folder.is_symlink():
            check_trusted(folder)
    except UntrustedFolder as err:
        _warn_once(str(err))
        return False
    except OSError:
        return False
    return True
