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
from pathlib import Path

from .loading import COMMENT_PREFIX, DataError, load_dataset, read_table, visit_folders
from .schema import ID_PATTERN, TABLES, Table

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
    if not ID_PATTERN.match(name):
        return (
            f"The visit name {name!r} is not a valid id: use lower-case letters, digits and "
            "hyphens, starting with a letter or digit (e.g. lee-japan-2026)."
        )
    return None


def placeholder_article(name: str) -> str:
    return (
        f"PLACEHOLDER ARTICLE for the visit {name}, written by `python -m dashboard new-visit`; "
        "not a real source.\n"
        "Put the source article in seeds/ byte for byte, with its .meta.json record, point "
        "`seed` in visits.csv at it (e.g. ../../seeds/ARTICLE.txt), replace the placeholder "
        "row there, and delete this file.\n"
    )


def placeholder_quote(name: str) -> str:
    return f"PLACEHOLDER ARTICLE for the visit {name}"


def visit_row(name: str, today: dt.date) -> dict[str, str]:
    """The one real row of `visits.csv`: placeholders that validate against the article."""
    return {
        "id": name,
        "title": f"New visit {name} (placeholder: edit visits.csv)",
        "guest": "Guest (placeholder)",
        "guest_country": "Guest country (placeholder)",
        "host": "Host (placeholder)",
        "host_country": "Host country (placeholder)",
        "start_date": today.isoformat(),
        "end_date": today.isoformat(),
        "seed": ARTICLE,
        "quote": placeholder_quote(name),
        "basis": "inferred",
        "basis_note": "Placeholder written by python -m dashboard new-visit: replace every cell.",
        "reported_on": "",
    }


def example_rows(name: str, today: dt.date) -> dict[str, dict[str, str]]:
    """One illustrative row per table, in the visit's id, each valid for its own table."""
    day = today.isoformat()
    return {
        "visits": {
            "id": name,
            "title": "President A's state visit to Country B",
            "guest": "President A",
            "guest_country": "Country A",
            "host": "President B",
            "host_country": "Country B",
            "start_date": day,
            "end_date": day,
            "seed": "../../seeds/ARTICLE.txt",
            "quote": "President A departs for a state visit to Country B",
            "basis": "article",
            "basis_note": "",
            "reported_on": day,
        },
        "topics": {
            "id": "trade",
            "visit_id": name,
            "label": "Trade",
            "description": "Trade and investment between the two countries.",
            "colour": "#0072B2",
            "quote": "to discuss trade and investment",
            "basis": "article",
            "basis_note": "",
        },
        "places": {
            "id": "capital-b",
            "visit_id": name,
            "name": "Capital B",
            "kind": "city",
            "city_id": "",
            "country": "Country B",
            "lat": "39.9042",
            "lon": "116.4074",
            "timezone": "Asia/Shanghai",
            "name_ko": "",
            "name_zh": "",
            "quote": "arrives in Capital B",
            "basis": "reference",
            "basis_note": "Coordinates and time zone from a gazetteer.",
        },
        "people": {
            "id": "president-b",
            "visit_id": name,
            "name": "President B",
            "role": "President of Country B",
            "country": "Country B",
            "name_ko": "",
            "name_zh": "",
            "quote": "summit talks with President B",
            "basis": "article",
            "basis_note": "",
        },
        "events": {
            "id": "summit",
            "visit_id": name,
            "title": "Summit with President B",
            "kind": "summit",
            "status": "scheduled",
            "date_start": day,
            "date_end": day,
            "date_precision": "day",
            "date_as_written": "on Monday",
            "time_local": "",
            "day_part": "afternoon",
            "place_id": "capital-b",
            "participants": "president-b",
            "topics": "trade",
            "background": "false",
            "summary": "The two presidents hold summit talks.",
            "quote": "will hold summit talks with President B on Monday",
            "basis": "article",
            "basis_note": "",
        },
        "legs": {
            "id": "home-to-capital-b",
            "visit_id": name,
            "seq": "1",
            "from_place": "capital-a",
            "to_place": "capital-b",
            "date": day,
            "date_precision": "day",
            "quote": "departs for Capital B on Sunday",
            "basis": "article",
            "basis_note": "",
        },
        "issue_cards": {
            "id": "trade-deal",
            "visit_id": name,
            "topic": "trade",
            "title": "A trade agreement",
            "aim": "Sign an agreement on trade.",
            "why": "Both sides want more trade.",
            "sensitivity": "on the agenda",
            "status": "expected",
            "related_events": "summit",
            "quote": "expected to sign an agreement on trade",
            "basis": "article",
            "basis_note": "",
        },
        "figures": {
            "id": "agreements",
            "visit_id": name,
            "card_id": "trade-deal",
            "label": "Agreements expected",
            "value": "10",
            "value_as_written": "more than 10",
            "unit": "agreements",
            "qualifier": "more than",
            "headline": "true",
            "quote": "more than 10 agreements",
        },
        "findings": {
            "id": "date-weekday",
            "visit_id": name,
            "kind": "ambiguity",
            "affects": "summit",
            "says": "on Monday",
            "resolved": "The Monday of the visit week.",
            "why": "The article gives the weekday only.",
            "quote": "on Monday",
        },
    }


def _csv_line(values: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


def table_text(table: Table, name: str, today: dt.date) -> str:
    """The header, the commented example row and, for `visits.csv`, the placeholder row."""
    example = example_rows(name, today)[table.name]
    text = _csv_line(table.column_names)
    text += COMMENT_PREFIX + " " + _csv_line([example[c] for c in table.column_names])
    if table.name == "visits":
        row = visit_row(name, today)
        text += _csv_line([row[c] for c in table.column_names])
    return text


def visit_files(name: str, today: dt.date) -> dict[str, str]:
    """Every file of a new visit folder, by name, with its text."""
    files = {table.file: table_text(table, name, today) for table in TABLES.values()}
    files[ARTICLE] = placeholder_article(name)
    return files


def _existing_ids(data_dir: Path) -> dict[str, Path]:
    """Visit id -> folder, for the visit folders already in `data_dir` (best effort)."""
    found: dict[str, Path] = {}
    for folder in visit_folders(data_dir):
        raw = read_table(folder / "visits.csv", TABLES["visits"], "visits.csv", [])
        if raw is not None and "id" in raw.frame.columns:
            for visit_id in raw.frame["id"]:
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
    if target.exists():
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
    target.mkdir(parents=True)
    for file, text in files.items():
        (target / file).write_text(text, encoding="utf-8", newline="")
    try:
        load_dataset(target)  # the promise: the new folder is valid as it stands
    except DataError as err:  # pragma: no cover - a bug in this module, not in the data
        raise ScaffoldError(f"the new folder {target} does not validate: {err.problems}") from err
    return target
