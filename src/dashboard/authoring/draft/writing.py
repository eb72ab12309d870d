"""Write a draft: the article into seeds/ with its metadata, the tables into data/VISIT_ID/,
and the draft report beside them. Nothing that exists is overwritten."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...data.problems import count_text
from ...data.schema import TABLES
from ..newfiles import NewFileError, NewFiles, printable
from .build import Draft, draft_tables
from .dates import FIRST_YEAR, LAST_YEAR, in_range
from .gazetteer import GAZETTEER
from .text import ArticleError, read_article

REPORT = "DRAFT-REPORT.md"


class DraftError(Exception):
    """The draft cannot be written; the message says why in plain words."""


def table_csv(name: str, rows: list[dict[str, str]]) -> str:
    columns = TABLES[name].column_names
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


#: The suffixes an article's copy in seeds/ may keep; any other becomes .txt.
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


@dataclass(frozen=True)
class _Target:
    """Where a draft goes: the visit's folder, the article's copy and its record."""

    folder: Path
    seed: Path
    meta: Path
    data: bytes  # the article, byte for byte


def write_draft(
    article: Path,
    visit_id: str,
    data_dir: Path,
    seeds_dir: Path,
    written: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[Draft, Path]:
    """Draft the article into `data_dir/visit_id/` and copy it into `seeds_dir`.

    Everything is checked and built first; then only new regular files and folders are
    created (never through a link, never over anything), and if writing fails half-way,
    what was created is removed. Raises DraftError or ArticleError, one sentence each.
    """
    _refuse_arguments(visit_id, written, data_dir, seeds_dir)
    text = read_article(article)  # ArticleError: not UTF-8, empty, missing, too large
    target = _target(article, visit_id, data_dir, seeds_dir)
    relative = Path("..") / ".." / seeds_dir.name / target.seed.name
    if seeds_dir.resolve().parent != data_dir.resolve().parent:
        relative = Path(_relpath(target.seed, target.folder))
    draft = draft_tables(text, visit_id, relative.as_posix(), written)
    files = {
        target.folder / f"{name}.csv": table_csv(name, draft.tables.get(name, []))
        for name in TABLES
    }
    files[target.folder / REPORT] = printable(report(draft, target.folder, written))
    meta = _meta(article, target.seed, target.data, today or dt.date.today())
    _write(target, meta, files, data_dir, seeds_dir)
    return draft, target.folder


def _refuse_arguments(
    visit_id: str, written: dt.date | None, data_dir: Path, seeds_dir: Path
) -> None:
    """Raise DraftError for an id that is not one, a date of writing out of range, or a
    folder argument that names a file."""
    from ..scaffold import check_name

    problem = check_name(visit_id)
    if problem:
        raise DraftError(problem)
    if written is not None and not in_range(written):
        raise DraftError(
            f"--written {written.isoformat()} is outside the years a draft handles "
            f"({FIRST_YEAR}-{LAST_YEAR})."
        )
    for folder, what in ((data_dir, "--data-dir"), (seeds_dir, "--seeds-dir")):
        if os.path.lexists(folder) and not folder.is_dir():
            raise DraftError(f"{what} {folder} is not a folder: nothing was written.")


def _target(article: Path, visit_id: str, data_dir: Path, seeds_dir: Path) -> _Target:
    """Where the draft goes; DraftError if any of it is there already (but the same
    article), is a link, or is a seeds folder the app does not read."""
    from ...data.loading import seed_roots

    folder = data_dir / visit_id
    if os.path.lexists(folder):
        what = "is a link" if folder.is_symlink() else "already exists"
        raise DraftError(f"{folder} {what}: nothing was written. Pick another --id.")
    suffix = article.suffix if _SUFFIX.fullmatch(article.suffix) else ".txt"
    seed = seeds_dir / f"{visit_id}{suffix}"
    meta = seeds_dir / f"{seed.stem}.meta.json"
    data = article.read_bytes()
    if seed.is_symlink() or meta.is_symlink():
        link = seed if seed.is_symlink() else meta
        raise DraftError(f"{link} is a link: nothing was written. Remove it first.")
    if seed.exists() and seed.read_bytes() != data:
        raise DraftError(f"{seed} already exists with other text: nothing was written.")
    if meta.exists() and not seed.exists():
        raise DraftError(f"{meta} already exists: nothing was written.")
    if seeds_dir.resolve() not in seed_roots(data_dir):
        roots = ", ".join(str(r) for r in seed_roots(data_dir))
        raise DraftError(
            f"the app reads articles only from {roots}; {seeds_dir} is not one of them. "
            "Leave out --seeds-dir, or give one of those."
        )
    return _Target(folder, seed, meta, data)


def _write(
    target: _Target, meta: str, files: dict[Path, str], data_dir: Path, seeds_dir: Path
) -> None:
    """Create the article's copy and record (unless the same are there) and the visit's
    folder with its files, all new; on failure, remove what was created."""
    try:
        with NewFiles() as new:
            new.folders(seeds_dir)
            if not target.seed.exists():
                new.file(target.seed, target.data)
            if not target.meta.exists():
                new.text(target.meta, meta)
            new.folders(data_dir)
            new.folder(target.folder)
            for path, content in files.items():
                new.text(path, content)
    except NewFileError as err:
        raise DraftError(f"{err} Nothing was left behind.") from err


def _meta(article: Path, seed: Path, data: bytes, today: dt.date) -> str:
    """The article's record beside its copy in seeds/."""
    meta = {
        "file": seed.name,
        "title": f"Drafted from {printable(article.name, lines=False)}",
        "title_basis": "descriptive title written by the draft command; replace it with the article's headline",
        "origin": f"Copied byte for byte from {printable(article.name, lines=False)} by `python -m dashboard draft`.",
        "publisher": None,
        "url": None,
        "date_published": None,
        "date_accessed": today.isoformat(),
        "language": "en",
        "licence": "Not stated in the source.",
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return json.dumps(meta, indent=2, ensure_ascii=False) + "\n"


def _relpath(target: Path, start: Path) -> str:
    return os.path.relpath(target.resolve(), start.resolve())


def report(draft: Draft, folder: Path, written: dt.date | None) -> str:
    """What was found per table, every guess and why, and the sentences with no row, in
    the order an editor should check them."""
    lines = [f"# Draft report: {draft.visit_id}", ""]
    lines.append(
        "Every row below was drafted from the article by `python -m dashboard draft` and is "
        "marked `draft=true`. Check each, fix it, then empty its `draft` cell. "
        f"`python -m dashboard validate {folder.parent}` lists what is left. Cities come "
        f"from the gazetteer ({GAZETTEER}), their time zones from their coordinates."
    )
    lines += ["", "## Found", ""]
    lines += [f"- {name}: {count_text(len(rows), 'row')}" for name, rows in draft.tables.items()]
    lines += ["", "## Check first: dates, places and guesses, in this order", ""]
    lines += [f"{i}. {check}" for i, check in enumerate(draft.checks, 1)] or ["Nothing."]
    findings = draft.tables.get("findings", [])
    if findings:
        lines += ["", "## What the draft found in the text (findings.csv)", ""]
        lines += [f"- {f['kind']}: {f['says']} → {f['resolved']}" for f in findings]
    lines += ["", "## Sentences with no row", ""]
    if draft.uncovered:
        lines += [f"- Sentence {s.number}: “{s.text}”" for s in draft.uncovered]
    else:
        lines.append("None: every sentence is cited by at least one row.")
    lines += [
        "",
        "## Then",
        "",
        "- Titles, summaries and card texts are cut from the article: rewrite them short.",
        "- Topics are the article's agenda words: merge or split them, and check each event's topics.",
        "",
    ]
    return "\n".join(lines)


__all__ = ["ArticleError", "DraftError", "write_draft", "report", "REPORT"]
