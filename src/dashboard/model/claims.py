"""What the sources say, field by field, and where they disagree: computed, never typed.

A claim says that one source gives one value for one field of one row (an event's status,
date, time, place or participants; a figure's value; an issue card's outcome; a person's
role). The claims on one field of one row make a statement (as Wikidata keeps them): every
value side by side with the sources that give it, and the value preferred, with why:

- a finding of kind `disagreement` on that row and field names the value it prefers and
  says why (a rank with its reason);
- else the value that the original and official sources give, when they agree; when they
  differ, the value more of them give, flagged as a disagreement (left open on a tie);
- a summary or aggregator never decides a value alone: a field only summaries give has no
  preferred value, and a summary that differs from the preferred value is named as such.

A plan is not a report of what happened: a claim whose status is `scheduled`, or whose
qualifier is `scheduled` (a preview: "will meet at 16:30"), counts only while no report of
the event itself exists, and never disagrees with one.

`as_of` (an instant) keeps only the sources published by then (a source with no time counts
from the end of its day; one with no date at all only when no `as_of` is given).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..data.columns import members
from ..data.schema import CLAIM_FIELDS, claim_value_kind

#: Sources that report (as against summarise): they may decide a value.
DECIDING = ("seed", "original", "official")
#: When a source with a date but no time counts from: the end of its day.
END_OF_DAY = time(23, 59)
PLAN = "scheduled"

# Agreement states, from settled to open.
AGREED = "agreed"  # every deciding source gives the same value
RESOLVED = "resolved"  # sources differ; a finding prefers one, with its reason
MAJORITY = "majority"  # sources differ; more of them give the preferred value
OPEN = "open"  # sources differ and none has more: left open
SUMMARIES_ONLY = "summaries only"  # only summaries give it: nothing is decided
PLANNED = "planned"  # only previews give it: what was announced


@dataclass(frozen=True)
class Value:
    """One value of a field and the sources that give it."""

    value: str
    qualifiers: tuple[str, ...]  # "about", "more than", … as the sources give them
    deciding: tuple[str, ...]  # ids of original, official (and seed) sources
    summaries: tuple[str, ...]  # ids of summaries and aggregators
    plans: tuple[str, ...]  # ids of sources that announce it as a plan

    @property
    def sources(self) -> tuple[str, ...]:
        return self.deciding + self.summaries + self.plans


@dataclass(frozen=True)
class Statement:
    """The claims on one field of one row: each value with its sources, and the value
    preferred with why (see the module's docstring)."""

    table: str
    row_id: str
    field: str
    values: tuple[Value, ...]  # the preferred first, then by support
    preferred: str | None
    state: str
    why: str
    finding_id: str | None = None

    @property
    def disputed(self) -> bool:
        """Sources give different values (after plans gave way to reports)."""
        return self.state in (RESOLVED, MAJORITY, OPEN) or self.summary_differs

    @property
    def summary_differs(self) -> bool:
        """A summary gives a value that no deciding source gives."""
        return self.preferred is not None and any(
            v.summaries and not v.deciding and v.value != self.preferred for v in self.values
        )

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for v in self.values for s in v.sources))


# ---------------------------------------------------------------------------------------
# When a source was published


def published_at(row: Mapping, default_zone: str) -> datetime | None:
    """The instant a source was published: its date and time in its zone (the visit's home
    zone when it states none); with no time, the end of its day (23:59); None with no date."""
    day = row.get("published_date")
    if day is None or (isinstance(day, float) and math.isnan(day)) or pd.isna(day):
        return None
    day = pd.Timestamp(day).date()
    zone = _text(row.get("published_zone")) or default_zone or "UTC"
    clock = _text(row.get("published_time"))
    if clock:
        hours, minutes = (int(part) for part in clock.split(":"))
        local = datetime.combine(day, time(hours, minutes))
    else:  # the day's last minute, which the as-of control's "end of day" also names
        local = datetime.combine(day, END_OF_DAY)
    return local.replace(tzinfo=ZoneInfo(zone))


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def sources_by(sources: pd.DataFrame, as_of: datetime | None, default_zone: str) -> pd.DataFrame:
    """The sources published by `as_of` (all, with no `as_of`), with their instant
    (`published_at`, a column) and, for each, whether it may decide a value."""
    frame = sources.copy()
    frame["published_at"] = [published_at(r, default_zone) for r in frame.to_dict("records")]
    frame["deciding"] = frame["kind"].astype(str).isin(DECIDING)
    if as_of is not None:
        kept = np.array([w is not None and w <= as_of for w in frame["published_at"]], dtype=bool)
        frame = frame.loc[kept]
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# Statements


def normalised(field_name: str, value: str) -> str:
    """A claim's value as compared with others: numbers as numbers ('14.0' is '14'), id
    lists as sorted sets, times and words as written."""
    value = str(value).strip()
    kind = claim_value_kind(field_name).kind
    if kind in ("float", "int"):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if kind == "refs":
        return " ".join(sorted(set(value.split())))
    return value


def _is_plan(claim: Mapping) -> bool:
    return claim["qualifier"] == PLAN or (claim["field"] == "status" and claim["value"] == PLAN)


@dataclass
class _Tally:
    qualifiers: dict[str, list[str]] = field(default_factory=dict)
    deciding: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)

    def value(self, text: str) -> Value:
        qualifiers = tuple(dict.fromkeys(q for qs in self.qualifiers.values() for q in qs if q))
        return Value(
            text,
            qualifiers,
            tuple(dict.fromkeys(self.deciding)),
            tuple(dict.fromkeys(self.summaries)),
            tuple(dict.fromkeys(self.plans)),
        )


def _tallies(claims: Iterable[Mapping], deciding: Mapping[str, bool]) -> dict[str, _Tally]:
    """Value -> who gives it. Plans count only when no claim reports the field itself."""
    claims = list(claims)
    reported = [c for c in claims if not _is_plan(c)]
    counted = reported or claims
    tallies: dict[str, _Tally] = {}
    for claim in counted:
        value = normalised(claim["field"], claim["value"])
        tally = tallies.setdefault(value, _Tally())
        source = claim["source_id"]
        tally.qualifiers.setdefault(source, []).append(_text(claim["qualifier"]))
        if _is_plan(claim):
            tally.plans.append(source)
        elif deciding.get(source, False):
            tally.deciding.append(source)
        else:
            tally.summaries.append(source)
    return tallies


def _merged(field_name: str, tallies: dict[str, _Tally], cities: Mapping[str, str]):
    """Values that say the same thing at different precision, as one: a city and one venue
    in it (the venue), or lists of participants each part of the longest (the longest)."""
    if len(tallies) < 2:
        return tallies
    if field_name == "place":
        # A city named where others name one venue in it: the venue, more precisely.
        for venue in [v for v in tallies if cities.get(v, v) != v]:
            city = cities[venue]
            others = [v for v in tallies if v != venue and cities.get(v, v) == city]
            if city in tallies and all(v == city for v in others):
                merged = _into({v: tallies[v] for v in (venue, city)}, venue)
                return {v: t for v, t in tallies.items() if v not in (venue, city)} | merged
    if field_name == "participants":
        longest = max(tallies, key=lambda v: len(v.split()))
        if all(set(v.split()) <= set(longest.split()) for v in tallies):
            return _into(tallies, longest)
    return tallies


def _into(tallies: dict[str, _Tally], value: str) -> dict[str, _Tally]:
    merged = _Tally()
    for tally in tallies.values():
        for source, qualifiers in tally.qualifiers.items():
            merged.qualifiers.setdefault(source, []).extend(qualifiers)
        merged.deciding += tally.deciding
        merged.summaries += tally.summaries
        merged.plans += tally.plans
    return {value: merged}


def statement(
    table: str,
    row_id: str,
    field_name: str,
    claims: Iterable[Mapping],
    deciding: Mapping[str, bool],
    finding: Mapping | None = None,
    cities: Mapping[str, str] | None = None,
) -> Statement:
    """The statement of one field of one row (see the module's docstring). `cities`: place
    id -> its city's id, so that a city and a venue in it are not a disagreement."""
    tallies = _merged(field_name, _tallies(claims, deciding), cities or {})
    values = [t.value(v) for v, t in tallies.items()]
    values.sort(key=lambda v: (-len(v.deciding), -len(v.plans), -len(v.summaries), v.value))
    decided = [v for v in values if v.deciding]
    preferred, state, why, finding_id = _preferred(field_name, values, decided, finding)
    if preferred is not None:
        values.sort(key=lambda v: v.value != preferred)  # the preferred first (a stable sort)
    return Statement(table, row_id, field_name, tuple(values), preferred, state, why, finding_id)


def _preferred(field_name, values, decided, finding):
    if finding is not None and _text(finding.get("preferred")) and len(values) > 1:
        value = normalised(field_name, _text(finding["preferred"]))
        return value, RESOLVED, _text(finding.get("why")), str(finding["id"])
    if not decided:
        plans = [v for v in values if v.plans]
        if plans and len({v.value for v in plans}) == 1:
            return plans[0].value, PLANNED, "announced before the event", None
        if plans:
            return None, OPEN, "the previews differ", None
        return None, SUMMARIES_ONLY, "only summaries give it; a summary never decides alone", None
    if len(decided) == 1:
        n = len(decided[0].deciding)
        return decided[0].value, AGREED, f"{n} source{'s' if n != 1 else ''} agree", None
    top, second = len(decided[0].deciding), len(decided[1].deciding)
    if top == second:
        return None, OPEN, "sources differ, as many on each side: left open", None
    total = sum(len(v.deciding) for v in decided)
    return decided[0].value, MAJORITY, f"{top} of {total} reporting sources give it", None


def statements(
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    findings: pd.DataFrame,
    cities: Mapping[str, str] | None = None,
) -> dict[tuple[str, str, str], Statement]:
    """Every (table, row id, field) the claims speak of, from the sources given (already
    cut to an as-of instant, `sources_by`)."""
    deciding = dict(zip(sources["id"].astype(str), sources["deciding"], strict=True))
    known = set(deciding)
    rows = [c for c in claims.to_dict("records") if str(c["source_id"]) in known]
    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for claim in rows:
        key = (str(claim["table"]), str(claim["row_id"]), str(claim["field"]))
        grouped.setdefault(key, []).append(claim)
    chosen = disagreement_findings(findings)
    return {
        key: statement(*key, group, deciding, finding_for(chosen, key), cities)
        for key, group in grouped.items()
    }


def disagreement_findings(findings: pd.DataFrame) -> list[dict]:
    if "field" not in findings:
        return []
    return [f for f in findings.to_dict("records") if _text(f.get("field"))]


def finding_for(findings: list[dict], key: tuple[str, str, str]) -> dict | None:
    _, row_id, field_name = key
    for finding in findings:
        affects = finding.get("affects") or ()
        if _text(finding["field"]) == field_name and row_id in tuple(affects):
            return finding
    return None


# ---------------------------------------------------------------------------------------
# Every field at once: the same statements, on whole columns


KEY = ["table", "row_id", "field"]
#: Each field a claim may give -> the kind of its value.
_FIELD_KINDS = {f: claim_value_kind(f).kind for fields in CLAIM_FIELDS.values() for f in fields}
SUMMARY_COLUMNS = [*KEY, "preferred", "state", "disputed", "about"]


def normalised_column(claims: pd.DataFrame) -> pd.Series:
    """`normalised` of every claim's value, on whole columns (the id lists one by one)."""
    values = claims["value"].astype(str).str.strip()
    kinds = claims["field"].astype(str).map(_FIELD_KINDS)
    out = values.copy()
    numeric = kinds.isin(("float", "int"))
    if numeric.any():
        numbers = pd.to_numeric(values[numeric], errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round())
        out[numeric] = [
            str(int(n)) if w else (repr(float(n)) if pd.notna(n) else v)
            for n, w, v in zip(numbers, whole, values[numeric], strict=True)
        ]
    lists = kinds == "refs"
    if lists.any():
        out[lists] = [" ".join(sorted(set(v.split()))) for v in values[lists]]
    return out


def prepared(claims: pd.DataFrame, deciding: Mapping[str, bool]) -> pd.DataFrame:
    """The claims with what the statements are made of, as columns: the normalised value,
    whether the source may decide, whether the claim is a plan."""
    out = claims.copy()
    for name in (*KEY, "source_id"):
        out[name] = out[name].astype(str)
    qualifier = out["qualifier"].astype(object)
    out["qualifier"] = qualifier.where(qualifier.notna(), "").astype(str)
    out["norm"] = normalised_column(out)
    out["deciding"] = out["source_id"].map(deciding).fillna(False).astype(bool)
    out["plan"] = (out["qualifier"] == PLAN) | (
        (out["field"] == "status") & (out["value"].astype(str) == PLAN)
    )
    return out


def summarise(
    claims: pd.DataFrame,
    deciding: Mapping[str, bool],
    findings: pd.DataFrame,
    cities: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[tuple[str, str, str], Statement]]:
    """Every field's preferred value, state, whether its sources differ and whether the
    preferred value is approximate (one row per (table, row id, field)), computed on whole
    columns where one value is given (most fields), and by `statement` where values differ
    or a finding names the field; those statements are returned too.

    `claims` as `prepared` gives them. The same result as `statements`, in linear time."""
    if claims.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS), {}
    distinct = claims.groupby(KEY, sort=False)["norm"].transform("nunique")
    named = _finding_keys(findings)
    with_finding = np.zeros(len(claims), dtype=bool)
    if named:
        pairs = claims["row_id"] + "\0" + claims["field"]
        with_finding = members(pairs, {f"{r}\0{f}" for r, f in named})
    complex_rows = (distinct > 1).to_numpy() | with_finding
    simple = _simple(claims[~complex_rows])
    chosen = disagreement_findings(findings)
    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for claim in claims[complex_rows].to_dict("records"):  # records once, not per group
        grouped.setdefault((claim["table"], claim["row_id"], claim["field"]), []).append(claim)
    detailed = {
        key: statement(*key, group, deciding, finding_for(chosen, key), cities)
        for key, group in grouped.items()
    }
    rows = [
        {
            "table": t, "row_id": r, "field": f, "preferred": s.preferred, "state": s.state,
            "disputed": s.disputed,
            "about": any("about" in v.qualifiers for v in s.values if v.value == s.preferred),
        }
        for (t, r, f), s in detailed.items()
    ]  # fmt: skip
    summary = pd.concat([simple, pd.DataFrame(rows, columns=SUMMARY_COLUMNS)], ignore_index=True)
    preferred = summary["preferred"].astype(object)
    summary["preferred"] = preferred.where(preferred.notna(), None)
    summary["disputed"] = summary["disputed"].astype(bool)
    summary["about"] = summary["about"].astype(bool)
    return summary, detailed


def _simple(claims: pd.DataFrame) -> pd.DataFrame:
    """The fields with one value: agreed when a deciding source reports it, announced when
    only previews give it, undecided when only summaries report it."""
    if claims.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    frame = claims.assign(
        report=~claims["plan"],
        decided=~claims["plan"] & claims["deciding"],
        approx=claims["qualifier"] == "about",
    )
    agg = frame.groupby(KEY, sort=False).agg(
        value=("norm", "first"),
        report=("report", "any"),
        decided=("decided", "any"),
        about=("approx", "any"),
    )
    state = np.select([agg["decided"], agg["report"]], [AGREED, SUMMARIES_ONLY], PLANNED)
    preferred = np.array(agg["value"].astype(object).to_numpy(), dtype=object)
    preferred[state == SUMMARIES_ONLY] = None
    out = pd.DataFrame(
        {"preferred": preferred, "state": state, "disputed": False, "about": agg["about"]},
        index=agg.index,
    ).reset_index()
    out.loc[out["state"] == SUMMARIES_ONLY, "about"] = False
    return out[SUMMARY_COLUMNS]


def _finding_keys(findings: pd.DataFrame) -> set[tuple[str, str]]:
    """(row id, field) pairs a finding names: their statements are made one by one."""
    found = set()
    for finding in disagreement_findings(findings):
        for row_id in tuple(finding.get("affects") or ()):
            found.add((str(row_id), _text(finding["field"])))
    return found
