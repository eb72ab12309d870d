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


def _rows(raw: RawTable) -> Iterator[tuple[int, dict[str, str]]]:
    for index, record in enumerate(raw.frame.to_dict("records")):
        yield raw.row_of(index), record


def _quotes_unless_reported(raw: RawTable | None, column: str, exempt: tuple[str, ...]):
    if raw is None or "quote" not in raw.frame or column not in raw.frame:
        return
    for row, record in _rows(raw):
        if not str(record["quote"]).strip() and record[column] not in exempt:
            if column == "basis":
                message = (
                    "is empty: quote the article, or set basis to reported for a row first "
                    "reported after it (its claims in claims.csv then cite the reports)."
                )
            else:
                message = "is empty: quote the article (only a disagreement between sources quotes nothing)."
            yield Problem(raw.file, row, "quote", "", message)


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
    for row, record in _rows(raw):
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
    if raw is None or "id" not in raw.frame:
        return set()
    return {str(v) for v in raw.frame["id"]}


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
    raw = raws.get("claims")
    needed = {"table", "row_id", "field", "value", "source_id"}
    if raw is None or not len(raw.frame) or not needed <= set(raw.frame):
        return
    seen: dict[tuple[str, str, str, str], int] = {}
    for row, record in _rows(raw):
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


def _disagreements(raws: dict[str, RawTable | None]) -> Iterator[Problem]:
    """A finding that names a field: a field claims may give, and a preferred value of it."""
    raw = raws.get("findings")
    if raw is None or not {"field", "preferred"} <= set(raw.frame):
        return
    fields = {f for names in CLAIM_FIELDS.values() for f in names}
    for row, record in _rows(raw):
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
