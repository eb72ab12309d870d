"""Adding rows to a visit folder: new text built, the folder checked as it would be, each
changed file replaced at once.

- A table's new text is its old text, byte for byte, with the rows added at its end. A
  column the rows need that the header lacks (`draft`, or another optional column of an
  older folder) is added to the header and as an empty cell to every record; comments,
  blank lines and quoting stay as they were. A missing table is written whole.
- Before anything is written, the visit folder is copied into a temporary folder with the
  new texts and loaded strictly (`load_dataset(..., strict=True)`): a change that would
  leave the folder invalid is refused.
- Each file is then written beside itself and renamed over the old one (`os.replace`), so
  a reader sees the old file or the new one, never half of one. A new file is created only
  where nothing is (never over a file, never through a link). A file changed on disk since
  it was read is not overwritten; if writing fails half-way, every file is put back.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...data.loading import DataError, load_dataset
from ...data.reading import COMMENT_PREFIX
from ...data.schema import TABLES
from ..draft.writing import table_csv

Row = dict[str, str]


class WriteError(Exception):
    """The folder cannot be changed; one sentence says why."""


@dataclass(frozen=True)
class Change:
    """One file's new text, and its text as read (None: the file is new)."""

    path: Path
    old: str | None
    new: str


# ---------------------------------------------------------------------------------------
# New text


def _records(text: str) -> list[tuple[list[str], str]]:
    """Each record of a CSV text with its raw text (a quoted cell may span lines)."""
    lines = re.split(r"(?<=\n)", text)
    reader = csv.reader(iter(lines))
    records, used = [], 0
    for record in reader:
        records.append((record, "".join(lines[used : reader.line_num])))
        used = reader.line_num
    return records


def _is_data(record: list[str]) -> bool:
    return any(c.strip() for c in record) and not record[0].lstrip().startswith(COMMENT_PREFIX)


def appended(text: str | None, table: str, rows: Sequence[Row]) -> str:
    """The table's text with `rows` added (see the module)."""
    if text is None or not text.strip():
        return table_csv(table, list(rows))
    records = _records(text)
    header = next(r for r, _ in records if _is_data(r))
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [
        c for c in TABLES[table].column_names if c not in header and any(r.get(c) for r in rows)
    ]
    newline = "\r\n" if "\r\n" in text else "\n"
    if missing:
        text = _widened(records, len(missing), ",".join(missing), newline)
    if not text.endswith("\n"):
        text += newline
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=newline)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header + missing])
    return text + out.getvalue()


def _widened(records: list[tuple[list[str], str]], count: int, names: str, newline: str) -> str:
    """The records with `count` more columns: named in the header, empty in every row."""
    parts, header_seen = [], False
    for record, raw in records:
        if not _is_data(record):
            parts.append(raw)
            continue
        body, end = raw.rstrip("\r\n"), raw[len(raw.rstrip("\r\n")) :] or newline
        parts.append(body + ("," + names if not header_seen else "," * count) + end)
        header_seen = True
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# The folder as it would be


def check_changes(changes: Sequence[Change], folder: Path, data_dir: Path, seed: str) -> list[str]:
    """Every problem `validate` would find in the visit folder with the changes made (each
    as a line); the folder is copied into a temporary one, never touched."""
    with tempfile.TemporaryDirectory(prefix="draft-report-") as tmp:
        root = Path(tmp) / "a" / "b" / data_dir.name
        copy = root if folder.resolve() == data_dir.resolve() else root / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        _place_seed(folder, copy, seed, Path(tmp))
        for change in changes:
            (copy / change.path.name).write_text(change.new, encoding="utf-8", newline="")
        try:
            load_dataset(root, strict=True)
        except DataError as err:
            return [str(p).replace(str(root), str(data_dir)) for p in err.problems]
    return []


def _place_seed(folder: Path, copy: Path, seed: str, tmp: Path) -> None:
    """The article the visit cites, where the copy's `seed` path leads (it may lie outside
    the visit folder: seeds/ beside the data folder), with its record."""
    target = copy / seed
    source = (folder / seed).resolve()
    if target.exists() or not source.is_file():
        return
    if not target.resolve().is_relative_to(tmp.resolve()):
        raise WriteError(
            f"the visit's article {seed} lies too far outside its folder to check a copy."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    meta = source.with_name(source.stem + ".meta.json")
    if meta.is_file():
        shutil.copyfile(meta, target.with_name(meta.name))


# ---------------------------------------------------------------------------------------
# Writing


def commit(changes: Sequence[Change]) -> None:
    """Write every change (see the module); WriteError, with every file as it was, if any
    cannot be written."""
    for change in changes:
        _refuse_stale(change)
    done: list[Change] = []
    try:
        for change in changes:
            _write(change)
            done.append(change)
    except OSError as err:
        _undo(done)
        reason = (err.strerror or str(err)).lower()
        raise WriteError(
            f"cannot write {err.filename or 'a file'}: {reason}; every file is as it was."
        ) from err


def _refuse_stale(change: Change) -> None:
    path = change.path
    if path.is_symlink():
        raise WriteError(f"{path} is a link: nothing was written.")
    if change.old is None and os.path.lexists(path):
        raise WriteError(f"{path} already exists: nothing was written.")
    if change.old is not None and _read(path) != change.old:
        raise WriteError(
            f"{path} changed while the report was drafted: nothing was written; run the command again."
        )


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write(change: Change) -> None:
    fd, temporary = tempfile.mkstemp(
        dir=change.path.parent, prefix=f".{change.path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(change.new)
            handle.flush()
            os.fsync(handle.fileno())
        if change.old is None:
            os.link(temporary, change.path)  # fails if anything is there: never over a file
        else:
            os.replace(temporary, change.path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _undo(done: list[Change]) -> None:
    for change in reversed(done):
        with contextlib.suppress(OSError):
            if change.old is None:
                change.path.unlink()
            else:
                _write(Change(change.path, change.new, change.old))
