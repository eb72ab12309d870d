"""The rules each declared column is checked by: one vectorised test per rule (Arrow's RE2
engine where it can run), and the pandera schema built from the same rules for the report
of a table that fails them. Built from `schema.TABLES`, once per column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

import pandas as pd

from .schema import (
    COLOUR_PATTERN,
    CONTROL_IN_QUOTE,
    CONTROL_IN_QUOTE_RE2,
    CONTROL_PATTERN,
    CONTROL_RE2,
    DATE_PATTERN,
    ID_PATTERN,
    TEXT,
    TIME_PATTERN,
    Col,
    Table,
)

if TYPE_CHECKING:
    # Imported where a schema is built instead: pandera takes about 0.3 s to import, and
    # valid data never needs it (validation runs the rules without it first).
    import pandera.pandas as pa


def _arrow_text(values: pd.Series):
    """The column as an Arrow array, when it is Arrow-backed text with no missing cell;
    else None (the rules then use pandas' own string methods)."""
    import pyarrow as pa_arrow

    dtype = values.dtype
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow" or values.hasnans:
        return None
    return pa_arrow.array(values, type=pa_arrow.large_string())


def _fullmatch(values: pd.Series, pattern: str) -> pd.Series:
    """`values.str.fullmatch(pattern)`, run by Arrow's RE2 engine when it can (several
    times faster at 100k cells; RE2's \\d and \\s are ASCII only, a little stricter)."""
    import pyarrow.compute as pc

    text = _arrow_text(values)
    if text is not None:
        try:
            hit = pc.match_substring_regex(text, f"^(?:{pattern})$")
            return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index)
        except Exception:  # a pattern RE2 cannot read: pandas' engine below
            pass
    return values.str.fullmatch(pattern)


def _contains(values: pd.Series, pattern: re.Pattern, re2: str) -> pd.Series:
    """`values.str.contains(pattern)`, by Arrow with `re2` (the same class in RE2's
    syntax) when it can."""
    import pyarrow.compute as pc

    text = _arrow_text(values)
    if text is not None:
        hit = pc.match_substring_regex(text, re2)
        return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index)
    return values.str.contains(pattern.pattern, regex=True)


def _dates_ok(values: pd.Series) -> pd.Series:
    shaped = _fullmatch(values, DATE_PATTERN.pattern)
    real = pd.to_datetime(values.where(shaped), format="%Y-%m-%d", errors="coerce").notna()
    return shaped & real


def _numbers_ok(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.notna() & numbers.abs().ne(float("inf"))


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


@dataclass(frozen=True)
class Rule:
    """One test of a column of raw text: True for each cell that passes; `error` says why not."""

    test: Callable[[pd.Series], pd.Series]
    error: str


def column_checks(col: Col) -> list[pa.Check]:
    """The pandera checks for one column of raw CSV text; `error` is the plain sentence."""
    import pandera.pandas as pa

    return [pa.Check(rule.test, error=rule.error) for rule in column_rules(col)]


@cache
def column_rules(col: Col) -> tuple[Rule, ...]:
    """The rules one column of raw CSV text must pass, in the order they are reported.

    Rules are vectorised over the column (no Python call per cell), so validating a
    hundred thousand rows stays fast; an empty optional cell passes every rule.
    """
    if col.multiline:
        control = Rule(
            lambda s: ~_contains(s, CONTROL_IN_QUOTE, CONTROL_IN_QUOTE_RE2),
            "holds a control character (such as a NUL byte): remove it",
        )
    else:
        control = Rule(
            lambda s: ~_contains(s, CONTROL_PATTERN, CONTROL_RE2),
            "holds a line break or another control character: keep each cell on one line",
        )
    rules: list[Rule] = [control]
    if col.required:
        rules.append(Rule(lambda s: s.str.strip() != "", "is empty but required"))

    def add(test, error: str) -> None:
        rules.append(Rule(lambda s: s.eq("") | test(s), error))

    if col.kind == "id":
        add(
            lambda s: _fullmatch(s, ID_PATTERN.pattern),
            "is not a valid id: use lower-case letters, digits and hyphens",
        )
    elif col.kind == "date":
        add(_dates_ok, "is not a real date in YYYY-MM-DD form")
    elif col.kind == "time":
        add(lambda s: _fullmatch(s, TIME_PATTERN.pattern), "is not a time of day in HH:MM form")
    elif col.kind in ("float", "int"):
        if col.kind == "int":
            add(lambda s: _fullmatch(s.str.strip(), r"-?\d+"), "is not a whole number")
        else:
            add(_numbers_ok, "is not a number")
        if col.low is not None or col.high is not None:
            low, high = col.low, col.high

            def in_range(s: pd.Series) -> pd.Series:
                x = pd.to_numeric(s, errors="coerce")
                ok = x.isna()  # not a number: reported by the type check above
                inside = pd.Series(True, index=s.index)
                if low is not None:
                    inside &= x >= low
                if high is not None:
                    inside &= x <= high
                return ok | inside

            if low is not None and high is not None:
                bounds = f"between {low:g} and {high:g}"
            elif low is not None:
                bounds = f"at least {low:g}"
            else:
                bounds = f"at most {high:g}"
            add(in_range, f"is out of range: it must be {bounds}")
    elif col.kind == "bool":
        add(lambda s: s.isin(("true", "false")), "must be true or false")
    elif col.kind == "choice":
        allowed = col.choices
        add(lambda s: s.isin(allowed), "is not one of: " + ", ".join(allowed))
    elif col.kind == "lang":
        add(
            lambda s: _fullmatch(s, r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"),
            "is not a language code such as ja, ko, zh-Hans or fr",
        )
    elif col.kind == "timezone":
        add(
            lambda s: s.isin(_timezones()),
            "is not an IANA time zone name such as Europe/Paris or America/Chicago",
        )
    elif col.kind == "colour":
        palette = col.choices
        add(lambda s: _fullmatch(s, COLOUR_PATTERN.pattern), "is not a colour in #RRGGBB form")
        add(
            lambda s: ~_fullmatch(s, COLOUR_PATTERN.pattern) | s.str.upper().isin(palette),
            "is not in the colour-blind-safe palette: " + ", ".join(palette),
        )
    elif col.kind in ("ref", "refs"):
        add(
            lambda s: _fullmatch(s, r"\s*([a-z0-9][a-z0-9-]*\s*)*"),
            "is not a valid id list: separate ids with spaces",
        )
    return tuple(rules)


@cache
def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """A strict schema over the table's raw text; every problem is collected (lazy)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            c.name: pa.Column(
                TEXT,
                checks=column_checks(c),
                unique=c.unique,
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
