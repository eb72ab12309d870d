"""A new visit's folder: every table with its header and one commented example row.

`python -m dashboard new-visit NAME` writes `DATA_DIR/NAME/`. The folder is valid as it
stands (`python -m dashboard validate` exits 0 on it), so the app keeps loading while it is
filled in: the tables hold no data rows, `visits.csv` holds the one visit row a folder needs
(placeholders, dated the day it was made), and that row quotes `article.txt`, a placeholder
article inside the folder. Nothing is written outside the new folder.

The example rows are comments (lines starting with `#`, which the loader skips). To use one,
delete the leading `# ` and replace every value. The functions that build the text are pure;
`create_visit` is the only one that touches the disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

from ..data.loading import COMMENT_PREFIX, DataError, load_dataset, read_table, visit_folders
from ..data.problems import count_text
from ..data.schema import ID_PATTERN, PLACEHOLDER_DAY, TABLES, Table
from .newfiles import NewFileError, NewFiles
from .scaffold_examples import EXAMPLES as _EXAMPLES

ARTICLE = "article.txt"
MAX_NAME = 60


class ScaffoldError(Exception):
    """The folder cannot be made; the message is one plain sentence for the terminal."""


def check_name(name: str) -> str | None:
    """Why `name` cannot be a visit id, or None when it can."""
    if not name:
        return "The visit name is empty."
    if len(name) > MAX_NAME:
        return f"The visit name {name[:MAX_NAME]!r}… is longer than {MAX_NAME} characters."
    if not ID_PATTERN.fullmatch(name):
        return (
            f"The visit name {name!r} is not a valid id: use lower-case letters, digits and "
            "hyphens, starting with a letter or digit (e.g. lee-japan-2026)."
        )
    return None


META = "article.meta.json"

#: The example article the example rows quote: uncommented together, they validate.
EXAMPLE_TEXT = (
    "EXAMPLE: President A departs for a state visit to Country B, flying from Capital A to "
    "arrive in Capital B to discuss trade and investment. On Monday she will hold summit "
    "talks with President B in the afternoon, and the two sides are expected to sign an "
    "agreement on trade, more than 10 agreements in all."
)


def placeholder_article(name: str) -> str:
    return (
        f"PLACEHOLDER ARTICLE for the visit {name}, written by `python -m dashboard new-visit`; "
        "not a real source.\n"
        "Put the source article in seeds/ byte for byte, with its .meta.json record (a "
        f"template is {META}), point `seed` in visits.csv at it (e.g. "
        "../../seeds/ARTICLE.txt), replace the placeholder row there, and delete this file.\n"
        f"{EXAMPLE_TEXT}\n"
    )


def placeholder_quote(name: str) -> str:
    return f"PLACEHOLDER ARTICLE for the visit {name}"


def placeholder_meta(today: dt.date) -> str:
    """The template of the article's metadata record: every field, to be filled in."""
    record = {
        "title": "PLACEHOLDER: the article's headline, or a descriptive title",
        "origin": "PLACEHOLDER: where the article comes from",
        "publisher": None,
        "url": None,
        "date_published": None,
        "date_accessed": today.isoformat(),
        "language": "en",
        "licence": "PLACEHOLDER: the article's licence, or 'Not stated in the source.'",
        "data_licence": "PLACEHOLDER: the licence of the curated tables",
    }
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def visit_row(name: str, today: dt.date) -> dict[str, str]:
    """The one real row of `visits.csv`: placeholders that validate against the article."""
    return {
        "id": name,
        "title": f"New visit {name} (placeholder: edit visits.csv)",
        "guest": "Guest (placeholder)",
        "guest_country": "Guest country (placeholder)",
        "host": "Host (placeholder)",
        "host_country": "Host country (placeholder)",
        "start_date": PLACEHOLDER_DAY,
        "end_date": PLACEHOLDER_DAY,
        "seed": ARTICLE,
        "quote": placeholder_quote(name),
        "basis": "inferred",
        "basis_note": "Placeholder written by python -m dashboard new-visit: replace every cell.",
        "reported_on": "",
    }


def example_rows(name: str, today: dt.date) -> dict[str, list[dict[str, str]]]:
    """Illustrative rows for each table, in the visit's id: uncommented together, they
    validate against the placeholder visit and article (each quotes EXAMPLE_TEXT)."""
    return {
        table: [{"visit_id": name, **row} for row in rows] for table, rows in _EXAMPLES.items()
    } | {
        "visits": [
            {
                **visit_row(name, today),
                "title": "President A's state visit to Country B",
                "quote": "President A departs for a state visit to Country B",
                "basis": "article",
                "basis_note": "",
                "seed": "../../seeds/ARTICLE.txt",
            }
        ]
    }


def _csv_line(values: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


def table_text(table: Table, name: str, today: dt.date) -> str:
    """The header, the commented example rows and, for `visits.csv`, the placeholder row."""
    text = _csv_line(table.column_names)
    for example in example_rows(name, today)[table.name]:
        text += COMMENT_PREFIX + " " + _csv_line([example.get(c, "") for c in table.column_names])
    if table.name == "visits":
        row = visit_row(name, today)
        text += _csv_line([row.get(c, "") for c in table.column_names])
    return text


def visit_files(name: str, today: dt.date) -> dict[str, str]:
    """Every file of a new visit folder, by name, with its text."""
    files = {table.file: table_text(table, name, today) for table in TABLES.values()}
    files[ARTICLE] = placeholder_article(name)
    files[META] = placeholder_meta(today)
    return files


def _existing_ids(data_dir: Path) -> dict[str, Path]:
    """Visit id -> folder, for the visit folders already in `data_dir` (best effort)."""
    found: dict[str, Path] = {}
    for folder in visit_folders(data_dir):
        raw = read_table(folder / "visits.csv", TABLES["visits"], "visits.csv", [])
        if raw is not None and "id" in raw.frame.columns:
            for visit_id in raw.frame["id"].tolist():
                found.setdefault(str(visit_id).strip(), folder)
    return found


def create_visit(data_dir: Path | str, name: str, today: dt.date | None = None) -> Path:
    """Write `data_dir/name/` and return it; raise ScaffoldError, writing nothing, if it
    cannot be made (bad name, folder exists, id taken, or `data_dir` is one visit's folder)."""
    data_dir = Path(data_dir)
    problem = check_name(name)
    if problem:
        raise ScaffoldError(problem)
    target = data_dir / name
    if os.path.lexists(target):
        raise ScaffoldError(f"{target} already exists; nothing was changed.")
    if data_dir.exists() and not data_dir.is_dir():
        raise ScaffoldError(f"{data_dir} is a file, not a data folder.")
    if (data_dir / "visits.csv").exists():
        raise ScaffoldError(
            f"{data_dir} is itself one visit's folder (it holds visits.csv); give the folder "
            "that holds the visit folders, e.g. data/."
        )
    if data_dir.is_dir():
        taken = _existing_ids(data_dir)
        if name in taken:
            raise ScaffoldError(
                f"{name!r} is already the id of the visit in {taken[name]}; choose another name."
            )
    files = visit_files(name, today or dt.date.today())
    try:
        with NewFiles() as new:  # a refusal below removes all it made
            new.folders(data_dir)
            new.folder(target)
            for file, text in files.items():
                new.text(target / file, text)
            try:
                load_dataset(target, strict=True)  # the promise: valid as it stands
            except DataError as err:  # a bug in this module, not in the data
                raise ScaffoldError(
                    f"the new folder {target} did not validate "
                    f"({count_text(len(err.problems), 'problem')}), so it was removed again."
                ) from err
    except NewFileError as err:
        raise ScaffoldError(f"{err} Nothing was left behind.") from err
    return target
