"""The rules of the reports' tables, across columns and tables: the sources a visit cites
(`sources.csv`) and the claims they make (`claims.csv`), and the rows first reported after
the article (basis `reported`), which quote nothing from it.

- A source has an address and, unless it is a summary, the date its byline gives; two
  rows with one address are one source twice; a visit has at most one seed.
- A claim names a row of its table, a field that table's claims may give, and a value of
  that field's kind (a date, a time, a place id, a number, an outcome word); one source
  gives one value per field of a row.
- A row quotes the article unless it was first reported after it; a finding quotes it
  unless it is a disagreement between sources.

Every problem names the file, the row and the column, as every other check does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pandas as pd

from .columns import members
from .problems import Problem
from .reading import RawTable
from .schema import CLAIM_FIELDS, DATE_PATTERN, TIME_PATTERN, Col, claim_value_kind

#: Tables whose rows may be first reported after the article (basis `reported`).
REPORTABLE = ("places", "people", "events", "figures")


def validate_reports(raws: dict[str, RawTable | None]) -> list[Problem]:
    problems: list[Problem] = []
    for name in REPORTABLE:
        problems += _quotes_unless_reported(raws.get(name), "basis", ("reported",))
    problems += _quotes_unless_reported(raws.get("findings"), "kind", ("disagreement",))
    problems += _sources(raws.get("sources"))
    problems += _claims(raws)
    problems += _disagreements(raws)
    return problems


def _rows(raw: RawTable, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each record's spreadsheet row and its cells of `columns` (those the file has), read
    column by column: a whole-table `to_dict` of Arrow text is slow."""
    present = [c for c in columns if c in raw.frame]
    cells = [raw.frame[c].tolist() for c in present]
    for index, values in enumerate(zip(*cells, strict=True)):
        yield raw.row_of(index), dict(zip(present, values, strict=True))


def _quotes_unless_reported(raw: RawTable | None, column: str, exempt: tuple[str, ...]):
    """Rows with an empty quote that are not exempt (found on whole columns)."""
    if raw is None or "quote" not in raw.frame or column not in raw.frame or not len(raw.frame):
        return
    text = raw.text()
    empty = text["quote"].str.strip().eq("") & ~text[column].isin(exempt)
    if column == "basis":
        message = (
            "is empty: quote the article, or set basis to reported for a row first "
            "reported after it (its claims in claims.csv then cite the reports)."
        )
    else:
        message = (
            "is empty: quote the article (only a disagreement between sources quotes nothing)."
        )
    for index in np.flatnonzero(empty.to_numpy(dtype=bool)):
        yield Problem(raw.file, raw.row_of(int(index)), "quote", "", message)


def _address(url: str) -> str:
    """An address as compared for duplicates: scheme and host in lower case, no trailing
    slash, no fragment."""
    url = url.strip().split("#", 1)[0].rstrip("/")
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}" if sep else url


def _sources(raw: RawTable | None) -> Iterator[Problem]:
    if raw is None or not len(raw.frame) or not {"kind", "url", "published_date"} <= set(raw.frame):
        return
    seen: dict[str, tuple[int, str]] = {}
    seeds = 0
    for row, record in _rows(raw, ("id", "kind", "url", "published_date")):
        kind, url = record["kind"], record["url"]
        if not record["published_date"].strip() and kind in ("seed", "original", "official"):
            message = (
                f"is empty: an {kind} source needs the date its page gives (only a summary "
                "that shows none may leave it empty)."
                if kind != "seed"
                else "is empty: give the day the article was written."
            )
            yield Problem(raw.file, row, "published_date", "", message)
        if kind == "seed":
            seeds += 1
            if seeds > 1:
                yield Problem(
                    raw.file,
                    row,
                    "kind",
                    kind,
                    "is the second seed: a visit is drafted from one article.",
                )
        key = _address(url)
        if key and key in seen:
            first_row, first_id = seen[key]
            message = f"is the address of source {first_id!r} (row {first_row}) too: list each source once."
            yield Problem(raw.file, row, "url", url, message)
        elif key:
            seen[key] = (row, record.get("id", ""))


def _ids_of(raw: RawTable | None) -> set[str]:
    """The ids of a table, read once per table however many claims ask (keyed on the
    table object: a load checks each folder once)."""
    if raw is None or "id" not in raw.frame:
        return set()
    found = _ID_SETS.get(id(raw))
    if found is None or found[0] is not raw:
        found = _ID_SETS[id(raw)] = (raw, {str(v) for v in raw.frame["id"].tolist()})
    return found[1]


#: id(table) -> (the table, its ids): cleared after each check of a folder's claims.
_ID_SETS: dict[int, tuple[RawTable, set[str]]] = {}


def _value_problem(field: str, value: str, raws: dict[str, RawTable | None]) -> str | None:
    """Why `value` is not a value of `field`, or None (one check per kind of value)."""
    col = claim_value_kind(field)
    value = value.strip()
    if not value:
        return "is empty: a claim gives a value."
    check = _CHECKS.get(col.kind)
    return check(col, field, value, raws) if check else None


def _choice(col: Col, field: str, value: str, raws) -> str | None:
    if value in col.choices:
        return None
    return f"is not a value {field} may take; one of: {', '.join(col.choices)}."


def _a_date(col: Col, field: str, value: str, raws) -> str | None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return "is not a date in YYYY-MM-DD form."
    return None if DATE_PATTERN.match(value) else "is not a date in YYYY-MM-DD form."


def _a_time(col: Col, field: str, value: str, raws) -> str | None:
    return None if TIME_PATTERN.match(value) else "is not a time in HH:MM form (24 hours)."


def _a_number(col: Col, field: str, value: str, raws) -> str | None:
    try:
        number = float(value) if col.kind == "float" else int(value)
    except ValueError:
        return f"is not a {'number' if col.kind == 'float' else 'whole number'}."
    if col.low is not None and number < col.low:
        return f"must be at least {col.low:g}."
    return None


def _ids(col: Col, field: str, value: str, raws) -> str | None:
    known = _ids_of(raws.get(col.ref))
    unknown = [v for v in (value.split() if col.kind == "refs" else [value]) if v not in known]
    return f"names {', '.join(unknown)}, not an id in {col.ref}.csv." if unknown else None


_CHECKS = {
    "choice": _choice,
    "date": _a_date,
    "time": _a_time,
    "int": _a_number,
    "float": _a_number,
    "ref": _ids,
    "refs": _ids,
}


def _claims(raws: dict[str, RawTable | None]) -> Iterator[Problem]:
    try:
        yield from _each_claim(raws)
    finally:
        _ID_SETS.clear()


def _each_claim(raws: dict[str, RawTable | None]) -> Iterator[Problem]:
    raw = raws.get("claims")
    needed = {"table", "row_id", "field", "value", "source_id"}
    if raw is None or not len(raw.frame) or not needed <= set(raw.frame):
        return
    seen: dict[tuple[str, str, str, str], int] = {}
    suspect = _suspect_claims(raw.text(), raws)
    records = raw.frame[suspect].to_dict("records")  # the rows a check may fail, in order
    for index, record in zip(np.flatnonzero(suspect), records, strict=True):
        row = raw.row_of(int(index))
        table, row_id, field = record["table"], record["row_id"].strip(), record["field"]
        if table not in CLAIM_FIELDS:
            continue  # the schema's check reports it
        if row_id not in _ids_of(raws.get(table)):
            yield Problem(raw.file, row, "row_id", row_id, f"is not an id in {table}.csv.")
        if field not in CLAIM_FIELDS[table]:
            fields = ", ".join(CLAIM_FIELDS[table])
            yield Problem(
                raw.file,
                row,
                "field",
                field,
                f"is not a field of {table} a claim may give; one of: {fields}.",
            )
            continue
        why = _value_problem(field, record["value"], raws)
        if why:
            yield Problem(raw.file, row, "value", record["value"], why)
        key = (record["source_id"], table, row_id, field)
        if key in seen:
            message = f"repeats the claim of row {seen[key]}: one source gives one value per field of a row."
            yield Problem(raw.file, row, "field", field, message)
        else:
            seen[key] = row


def _suspect_claims(frame: pd.DataFrame, raws: dict[str, RawTable | None]) -> np.ndarray:
    """The claims some check may fail, found on whole columns (a claim file of hundreds of
    thousands of rows is checked cell by cell only where one does): an unknown row or
    field, a value not of its field's kind, a repeated claim. The row by row checks then
    say what is wrong with each."""
    # `frame` is Arrow text (`RawTable.text`): the string checks run in Arrow, not per cell.
    table, field = frame["table"], frame["field"]
    row_id, value = frame["row_id"].str.strip(), frame["value"].str.strip()
    suspect = np.zeros(len(frame), dtype=bool)
    for name in CLAIM_FIELDS:
        mine = (table == name).to_numpy()
        suspect |= mine & ~members(row_id, _ids_of(raws.get(name)))
    pairs = {f"{t}\0{f}" for t, fields in CLAIM_FIELDS.items() for f in fields}
    suspect |= ~members(table + "\0" + field, pairs)
    suspect |= (value == "").to_numpy()
    for name in {f for fields in CLAIM_FIELDS.values() for f in fields}:
        mine = (field == name).to_numpy()
        if mine.any():
            suspect[mine] |= ~_valid_values(claim_value_kind(name), value[mine], raws)
    keys = frame[["source_id", "table", "row_id", "field"]]
    suspect |= keys.assign(row_id=row_id).duplicated(keep=False).to_numpy()
    return suspect


def _valid_values(col: Col, values: pd.Series, raws: dict[str, RawTable | None]) -> np.ndarray:
    """Whether each value is of the column's kind, on the whole column (`_CHECKS` cell by
    cell says why one is not)."""
    if col.kind == "choice":
        return values.isin(col.choices).to_numpy(dtype=bool)
    if col.kind == "date":
        dated = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").notna()
        return (dated & values.str.fullmatch(r"\d{4}-\d{2}-\d{2}")).to_numpy()
    if col.kind == "time":
        return values.str.fullmatch(TIME_PATTERN.pattern.strip("^$")).to_numpy()
    if col.kind in ("int", "float"):
        numbers = pd.to_numeric(values, errors="coerce")
        valid = numbers.notna() & (numbers >= col.low if col.low is not None else True)
        if col.kind == "int":
            valid &= values.str.fullmatch(r"[+-]?\d+")
        return valid.to_numpy()
    if col.kind == "ref":
        return members(values, _ids_of(raws.get(col.ref)))
    if col.kind == "refs":
        known = _ids_of(raws.get(col.ref))
        return np.array([set(v.split()) <= known for v in values], dtype=bool)
    return np.ones(len(values), dtype=bool)


def _disagreements(raws: dict[str, RawTable | None]) -> Iterator[Problem]:
    """A finding that names a field: a field claims may give, and a preferred value of it."""
    raw = raws.get("findings")
    if raw is None or not {"field", "preferred"} <= set(raw.frame):
        return
    fields = {f for names in CLAIM_FIELDS.values() for f in names}
    for row, record in _rows(raw, ("kind", "field", "preferred")):
        field, preferred = record["field"].strip(), record["preferred"].strip()
        if record["kind"] == "disagreement" and not field:
            yield Problem(
                raw.file,
                row,
                "field",
                "",
                "is empty: a disagreement names the field the sources disagree on.",
            )
        if not field:
            continue
        if field not in fields:
            yield Problem(
                raw.file,
                row,
                "field",
                field,
                f"is not a field claims give; one of: {', '.join(sorted(fields))}.",
            )
        elif preferred:
            why = _value_problem(field, preferred, raws)
            if why:
                yield Problem(raw.file, row, "preferred", preferred, why)
