"""The shape of every data table: columns, types, allowed values and references.

One declaration per table drives three things: the pandera schema that validates the raw
CSV text, the typed conversion after validation, and the headers of a new visit's scaffold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import available_timezones

import pandera.pandas as pa

# Okabe & Ito (2008), the colour-blind-safe palette; black is left out for topics.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
)

BASIS = ("article", "reference", "inferred")
STATUS = ("done", "scheduled", "expected", "ongoing")
DATE_PRECISION = ("day", "range", "early-month", "month", "year", "ongoing", "before")
DAY_PART = ("morning", "midday", "afternoon", "evening")
SENSITIVITY = ("sensitive", "top priority", "on the agenda", "context")
FINDING_KIND = ("contradiction", "ambiguity", "imprecise", "derivation", "inference", "consistent")
PLACE_KIND = ("city", "venue", "sea area")
STATUS_CARD = ("done", "scheduled", "expected", "ongoing", "on the agenda")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Col:
    """One column of a table.

    kind: id, text, date, time, float, int, bool, choice, timezone, colour, ref, refs.
    `ref`/`refs` name the table an id (or a space-separated list of ids) points to.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str = ""
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    min_rows: int = 0
    example: dict[str, str] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


QUOTE = Col("quote")
BASIS_COLS = (Col("basis", "choice", choices=BASIS), Col("basis_note", required=False))
VISIT_ID = Col("visit_id", "ref", ref="visits")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "visits",
            (
                Col("id", "id"),
                Col("title"),
                Col("guest"),
                Col("guest_country"),
                Col("host"),
                Col("host_country"),
                Col("start_date", "date"),
                Col("end_date", "date"),
                Col("seed"),
                QUOTE,
                *BASIS_COLS,
            ),
            min_rows=1,
        ),
        Table(
            "topics",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("label"),
                Col("description"),
                Col("colour", "colour", choices=PALETTE),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "places",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("name"),
                Col("kind", "choice", choices=PLACE_KIND),
                Col("city_id", "ref", required=False, ref="places"),
                Col("country"),
                Col("lat", "float", low=-90, high=90),
                Col("lon", "float", low=-180, high=180),
                Col("timezone", "timezone", required=False),
                Col("name_ko", required=False),
                Col("name_zh", required=False),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "people",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("name"),
                Col("role"),
                Col("country"),
                Col("name_ko", required=False),
                Col("name_zh", required=False),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "events",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("title"),
                Col("kind"),
                Col("status", "choice", choices=STATUS),
                Col("date_start", "date"),
                Col("date_end", "date"),
                Col("date_precision", "choice", choices=DATE_PRECISION),
                Col("date_as_written"),
                Col("time_local", "time", required=False),
                Col("day_part", "choice", required=False, choices=DAY_PART),
                Col("place_id", "ref", required=False, ref="places"),
                Col("participants", "refs", required=False, ref="people"),
                Col("topics", "refs", ref="topics"),
                Col("background", "bool"),
                Col("summary"),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "legs",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("seq", "int", low=1),
                Col("from_place", "ref", ref="places"),
                Col("to_place", "ref", ref="places"),
                Col("date", "date"),
                Col("date_precision", "choice", choices=DATE_PRECISION),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "issue_cards",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("topic", "ref", ref="topics"),
                Col("title"),
                Col("aim"),
                Col("why"),
                Col("sensitivity", "choice", choices=SENSITIVITY),
                Col("status", "choice", choices=STATUS_CARD),
                Col("related_events", "refs", required=False, ref="events"),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "figures",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("card_id", "ref", required=False, ref="issue_cards"),
                Col("label"),
                Col("value", "float"),
                Col("value_as_written"),
                Col("unit"),
                Col("qualifier", required=False),
                Col("headline", "bool"),
                QUOTE,
            ),
        ),
        Table(
            "findings",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("kind", "choice", choices=FINDING_KIND),
                Col("affects", "refs", required=False, ref="*"),
                Col("says"),
                Col("resolved"),
                Col("why"),
                QUOTE,
            ),
        ),
    )
}

# Columns that hold a space-separated list of ids, as tuples once loaded.
LIST_KINDS = ("refs",)


def _is_date(value: str) -> bool:
    import datetime as dt

    if not DATE_PATTERN.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.strip().lower() not in {"nan", "inf", "-inf", "infinity", "-infinity"}


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def _skip_empty(test):
    """Optional columns may be empty; every other value must pass `test`."""

    def check(value: str) -> bool:
        return value == "" or test(value)

    return check


def column_checks(col: Col) -> list[pa.Check]:
    """The pandera checks for one column of raw CSV text; `error` is the plain sentence."""
    checks: list[pa.Check] = []
    if col.required:
        checks.append(
            pa.Check(lambda v: v.strip() != "", element_wise=True, error="is empty but required")
        )

    def add(test, error: str) -> None:
        checks.append(pa.Check(_skip_empty(test), element_wise=True, error=error))

    if col.kind == "id":
        add(
            lambda v: bool(ID_PATTERN.match(v)),
            "is not a valid id: use lower-case letters, digits and hyphens",
        )
    elif col.kind == "date":
        add(_is_date, "is not a real date in YYYY-MM-DD form")
    elif col.kind == "time":
        add(lambda v: bool(TIME_PATTERN.match(v)), "is not a time of day in HH:MM form")
    elif col.kind in ("float", "int"):
        if col.kind == "int":
            add(lambda v: v.strip().lstrip("-").isdigit(), "is not a whole number")
        else:
            add(_is_number, "is not a number")
        if col.low is not None or col.high is not None:
            low, high = col.low, col.high

            def in_range(v: str) -> bool:
                if not _is_number(v):
                    return True  # reported by the type check above
                x = float(v)
                return (low is None or x >= low) and (high is None or x <= high)

            if low is not None and high is not None:
                bounds = f"between {low:g} and {high:g}"
            elif low is not None:
                bounds = f"at least {low:g}"
            else:
                bounds = f"at most {high:g}"
            add(in_range, f"is out of range: it must be {bounds}")
    elif col.kind == "bool":
        add(lambda v: v in ("true", "false"), "must be true or false")
    elif col.kind == "choice":
        allowed = col.choices
        add(lambda v: v in allowed, "is not one of: " + ", ".join(allowed))
    elif col.kind == "timezone":
        add(lambda v: v in _timezones(), "is not an IANA time zone name such as Asia/Seoul")
    elif col.kind == "colour":
        palette = col.choices
        add(lambda v: bool(COLOUR_PATTERN.match(v)), "is not a colour in #RRGGBB form")
        add(
            lambda v: not COLOUR_PATTERN.match(v) or v.upper() in palette,
            "is not in the colour-blind-safe palette: " + ", ".join(palette),
        )
    elif col.kind in ("ref", "refs"):
        add(
            lambda v: all(ID_PATTERN.match(part) for part in v.split()),
            "is not a valid id list: separate ids with spaces",
        )
    return checks


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """A strict schema over the table's raw text; every problem is collected (lazy)."""
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(
                str,
                checks=column_checks(c),
                unique=c.kind == "id",
                nullable=False,
                coerce=False,
                required=True,
            )
            for c in table.columns
        },
        strict=True,
        ordered=False,
        name=table.name,
    )
