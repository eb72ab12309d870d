"""A validated, typed copy of a loaded data folder, kept outside it, so that a restart with
unchanged files skips reading and validating them.

The copy lives in the user's cache folder ($DASHBOARD_CACHE_DIR, else
$XDG_CACHE_HOME/state-visit-dashboard, else ~/.cache/state-visit-dashboard), never in the
data folder. It is keyed on the content of every file the load may read (each data file,
every article and record in the folders articles may come from) and on the code that reads
them (the package's version and a digest of its source), so that a changed, added or
removed file, or other code, finds no copy and loads the folder in full.

A copy is one folder per key: each table as an Arrow IPC file (typed columns, read without
parsing text) and `dataset.json` with the rest of the `Dataset` (articles, their records)
and the digest of each table file. A copy is checked before it is used: the format, the key,
every file's digest, the columns, the row counts and the dtypes a full load gives; anything
else, or any error reading it, and the folder is loaded in full and a new copy written.
Only a folder without problems is stored. When the cache folder cannot be written (a
read-only server), the app loads as before and stores nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import loading
from .loading import Dataset, Progress, _quiet
from .schema import TABLES, TEXT, Table

#: Where the copies go; "off" stores nothing.
CACHE_DIR_ENV = "DASHBOARD_CACHE_DIR"
APP_NAME = "state-visit-dashboard"
#: The layout of a copy; a copy of another layout is never read.
FORMAT = 1
#: Copies kept: the newest, by the time they were written or last used.
KEEP = 8
_CHUNK = 1 << 20
_PACKAGE = Path(__file__).resolve().parent


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


def write(dataset: Dataset, key: str, folder: Path) -> Path:
    """Store a loaded dataset under `key` in `folder`, atomically: into a temporary folder
    beside it, renamed into place when complete. Returns the copy's folder."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / key
    temp = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=folder))
    try:
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
            shutil.rmtree(temp, ignore_errors=True)
    _prune(folder, keep=final)
    return final


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the newest KEEP copies (and temporary folders of crashed writes)."""
    try:
        copies = [p for p in folder.iterdir() if p.is_dir() and p != keep]
        copies.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in copies[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# Reading


class StaleCopy(Exception):
    """A stored copy that must not be used (and is removed)."""


_TEXT = {pa.string(): TEXT, pa.large_string(): TEXT}


def _id_tuples(column: pa.ChunkedArray) -> np.ndarray:
    """A column of id lists as tuples of text, one per row: the lists joined with spaces
    (which an id never holds, `ID_PATTERN`), then split as a full load splits them, each
    distinct list once (`loading._id_tuples`)."""
    joined = pc.fill_null(pc.binary_join(column.combine_chunks(), " "), "")
    return loading._id_tuples(pd.Series(pd.arrays.ArrowStringArray(joined)))


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
            frame[col.name] = frame[col.name].astype(loading.column_dtype(col))
    # The dtypes a full load gives (each compared with ==: a category's list included).
    if list(frame.dtypes) != [loading.column_dtype(col) for col in table.columns]:
        raise StaleCopy(f"{table.name}: other types")
    return frame


def _read_table(path: Path, entry: dict, table: Table) -> pd.DataFrame:
    data = path.read_bytes()
    if hashlib.blake2b(data, digest_size=16).hexdigest() != entry["digest"]:
        raise StaleCopy(f"{path.name}: changed since it was written")
    arrow = pa.ipc.open_file(pa.BufferReader(data)).read_all()
    if arrow.num_rows != entry["rows"]:
        raise StaleCopy(f"{path.name}: other row count")
    return _restored(arrow, table)


def read(key: str, folder: Path, data_dir: Path, progress: Progress = _quiet) -> Dataset:
    """The copy stored under `key`, checked; raises StaleCopy (or any error reading it)."""
    copy = folder / key
    record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))
    if record.get("format") != FORMAT or record.get("key") != key:
        raise StaleCopy("another format or key")
    if set(record["tables"]) != set(TABLES):
        raise StaleCopy("other tables")
    tables = {}
    for name, table in TABLES.items():
        progress(f"Reading the stored {table.file}…")
        entry = record["tables"][name]
        tables[name] = _read_table(copy / Path(entry["file"]).name, entry, table)
    seeds, files, meta = record["seeds"], record["seed_files"], record["seed_meta"]
    visits = list(tables["visits"]["id"])
    if not (set(seeds) == set(files) == set(meta) == set(visits)):
        raise StaleCopy("articles and visits differ")
    if not all(isinstance(text, str) for text in seeds.values()):
        raise StaleCopy("an article is not text")
    os.utime(copy)  # recently used: kept by `_prune`
    return Dataset(
        tables,
        {vid: seeds[vid] for vid in visits},
        {vid: Path(files[vid]) for vid in visits},
        folder=data_dir,
        seed_meta={vid: meta[vid] for vid in visits},
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
    if folder is not None and data_dir.is_dir():
        progress("Checking whether the data files changed since the last start…")
        key = input_key(data_dir)
        if (folder / key / "dataset.json").is_file():
            try:
                return read(key, folder, data_dir, progress), True
            except Exception:  # never trusted: load in full, write a new copy
                shutil.rmtree(folder / key, ignore_errors=True)
    dataset = loading.load_dataset(data_dir, progress=progress)
    # Stored only if no file changed while it loaded: the copy must match its key.
    if key is not None and input_key(data_dir) == key:
        progress("Saving a copy of the checked tables for the next start…")
        try:
            write(dataset, key, folder)
        except OSError:  # a read-only or full disk: serve without a copy
            pass
    return dataset, False
