"""The plan against what happened: each row of a visit as the seed article planned it, and as
the reports published by an instant tell it (`claims.statements`).

An event keeps its plan in `planned_*` columns and takes, where the reports give one, their
preferred status, date, time, place and participants; it counts the sources that report it
and names the fields they disagree on. An event first reported after the article (basis
`reported`) appears once a source published by then reports it. A planned event whose
planned days are over with no report says so ("not reported"). A visit with no sources
reads exactly as its plan.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from .claims import PLANNED, Statement, sources_by, statements

#: What the dashboard says of an event with no report once its days are over.
NOT_REPORTED = "not reported"
#: Every status an event may show: the plan's, and the outcomes reports give.
EVENT_STATUSES = (
    "done",
    "ongoing",
    "scheduled",
    "expected",
    "cancelled",
    "postponed",
    NOT_REPORTED,
)
#: The event fields claims give, and the column of the events table each one sets.
EVENT_FIELDS = (
    "status",
    "date",
    "time",
    "time_end",
    "duration_min",
    "day_part",
    "place",
    "participants",
)


@dataclass(frozen=True)
class Reports:
    """The sources of one visit published by an instant (all of them with none), their
    claims, and every statement made of them."""

    sources: pd.DataFrame  # with `published_at` and `deciding`
    claims: pd.DataFrame
    statements: dict[tuple[str, str, str], Statement]
    as_of: datetime | None
    #: The instant the picture stands at: `as_of`, else the newest source's publication.
    horizon: datetime | None

    @property
    def any(self) -> bool:
        return bool(len(self.sources))

    def of(self, table: str, row_id: str) -> dict[str, Statement]:
        """The statements on one row, by field."""
        return self._by_row.get((table, row_id), {})

    @functools.cached_property
    def deciding(self) -> dict[str, bool]:
        """Source id -> whether it may decide a value (not a summary)."""
        ids = self.sources["id"].astype(str)
        return dict(zip(ids, self.sources["deciding"], strict=True))

    @functools.cached_property
    def _by_row(self) -> dict[tuple[str, str], dict[str, Statement]]:
        rows: dict[tuple[str, str], dict[str, Statement]] = {}
        for (table, row_id, field_name), said in self.statements.items():
            rows.setdefault((table, row_id), {})[field_name] = said
        return rows


def reports_of(
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    findings: pd.DataFrame,
    as_of: datetime | None,
    home_zone: str,
    cities: Mapping[str, str] | None = None,
    stated: Mapping[str, pd.DataFrame] | None = None,
) -> Reports:
    """The reports published by `as_of` (see `Reports`); `cities`: place id -> city id;
    `stated`: the figures and people tables, whose values the seed article states."""
    published = sources_by(sources, as_of, home_zone)
    known = set(published["id"].astype(str))
    kept = claims[claims["source_id"].astype(str).isin(known)].reset_index(drop=True)
    kept = pd.concat([kept, _seed_claims(kept, published, stated or {})], ignore_index=True)
    instants = [w for w in published["published_at"] if w is not None]
    horizon = as_of or (max(instants) if instants else None)
    said = statements(kept, published, findings, cities)
    return Reports(published, kept, said, as_of, horizon)


#: The fields whose value the seed article states in its own rows, as a claim of its own
#: beside the reports' (an event's plan is a plan, kept in `planned_*`, not a claim).
SEED_STATES = {"figures": ("value", "qualifier"), "people": ("role", None)}


def _seed_claims(
    claims: pd.DataFrame, sources: pd.DataFrame, stated: Mapping[str, pd.DataFrame]
) -> pd.DataFrame:
    """The seed's own value for each figure and role the reports speak of, as a claim of the
    seed source (when the visit lists one), so that a report that differs from the article
    shows as a disagreement with it."""
    seeds = sources.loc[sources["kind"].astype(str) == "seed", "id"].astype(str)
    if seeds.empty or claims.empty:
        return claims.iloc[0:0]
    rows = []
    for table, (column, qualifier) in SEED_STATES.items():
        frame = stated.get(table)
        if frame is None or frame.empty:
            continue
        field_name = "value" if table == "figures" else "role"
        spoken = set(
            claims.loc[(claims["table"] == table) & (claims["field"] == field_name), "row_id"]
        )
        for row in frame.to_dict("records"):
            if row["id"] in spoken and str(row.get("basis") or "article") != "reported":
                value = row[column]
                rows.append(
                    {
                        "id": f"seed-{table}-{row['id']}",
                        "source_id": seeds.iloc[0],
                        "table": table,
                        "row_id": row["id"],
                        "field": field_name,
                        "value": f"{value:g}" if isinstance(value, float) else str(value),
                        "qualifier": str(row.get(qualifier) or "") if qualifier else "",
                        "locator": "",
                        "note": "as the article states it",
                    }
                )
    return pd.DataFrame(rows, columns=claims.columns)


def reported_by_then(frame: pd.DataFrame, named: set[str]) -> pd.DataFrame:
    """The rows the article gives, and those first reported after it that a source
    published by then names (`named`: the ids its claims and kept events name)."""
    if "basis" not in frame or frame.empty:
        return frame
    later = frame["basis"].astype(str) == "reported"
    return frame[~later | frame["id"].astype(str).isin(named)].reset_index(drop=True)


def named_ids(reports: Reports, events: pd.DataFrame) -> set[str]:
    """Every id the kept claims and events name: rows, places and participants."""
    names = set(reports.claims["row_id"].astype(str))
    for field_name in ("place", "participants"):
        values = reports.claims.loc[reports.claims["field"] == field_name, "value"]
        names |= {part for value in values.astype(str) for part in value.split()}
    names |= set(events["place_id"].fillna("").astype(str))
    names |= {p for ps in events["participants"] for p in (ps or ())}
    return names


# ---------------------------------------------------------------------------------------
# Events


def _day(value: str) -> pd.Timestamp:
    return pd.Timestamp(value)


def _over(planned_end: pd.Timestamp, zone: str, horizon: datetime | None) -> bool:
    """Whether an event's last planned day had ended by the horizon (in the event's zone)."""
    if horizon is None or pd.isna(planned_end):
        return False
    end = datetime.combine(planned_end.date() + timedelta(days=1), time(0, 0))
    return end.replace(tzinfo=ZoneInfo(zone or "UTC")) <= horizon


def with_reports(events: pd.DataFrame, reports: Reports, zones: Mapping[str, str]) -> pd.DataFrame:
    """The events as the reports tell them (see the module's docstring). `zones`: place id
    -> time zone, to tell when an event's days are over."""
    out = events.copy()
    if not reports.any and "basis" in out:
        return out[out["basis"].astype(str) != "reported"].reset_index(drop=True)
    for column in ("status", "date_start", "date_end", "date_precision", "time_local", "place_id"):
        out[f"planned_{column}"] = out[column]
    out["status"] = pd.Categorical(out["status"].astype(str), categories=list(EVENT_STATUSES))
    rows = []
    deciding = reports.deciding
    for event in out.to_dict("records"):
        said = reports.of("events", str(event["id"]))
        rows.append(_event_row(event, said, reports, zones, deciding))
    frame = pd.DataFrame(rows, index=out.index)
    for column in frame.columns:
        if column == "keep":
            continue
        out[column] = _typed_like(frame[column], out[column]) if column in out else frame[column]
    return out[frame["keep"].to_numpy(dtype=bool)].reset_index(drop=True)


def _typed_like(values: pd.Series, like: pd.Series) -> pd.Series:
    """`values` in the dtype of the column they replace."""
    if isinstance(like.dtype, pd.CategoricalDtype):
        return pd.Categorical(values, categories=like.dtype.categories)
    if like.dtype.kind == "M":
        return pd.to_datetime(values).astype(like.dtype)
    if like.dtype == object:
        return values.astype(object)
    return values.astype(like.dtype)


#: The columns of an event that reports may set.
_SET = ("status", "date_start", "date_end", "date_precision", "time_local", "time_precision",
        "day_part", "place_id", "participants")  # fmt: skip


def _event_row(
    event: dict,
    said: dict[str, Statement],
    reports: Reports,
    zones: Mapping,
    deciding: Mapping[str, bool],
) -> dict:
    """One event's columns as its reports set them (see the module's docstring)."""
    reported_row = str(event.get("basis")) == "reported"
    sources = tuple(dict.fromkeys(s for st in said.values() for s in st.sources))
    n_sources = sum(1 for s in sources if deciding.get(s))
    row: dict = {column: event.get(column) for column in _SET}
    row |= {
        "keep": bool(said) or not reported_row,
        "in_plan": not reported_row,
        "source_ids": sources,
        "disputed": tuple(f for f, st in said.items() if st.disputed),
        "n_sources": n_sources,
        "n_summaries": len(sources) - n_sources,
        "status": _status(event, said.get("status"), reported_row, reports, zones),
    }
    for step in (_reported_date, _reported_time, _reported_part, _reported_people):
        row |= step(event, said, zones)
    return row


def _preferred(said: Statement | None) -> str | None:
    return said.preferred if said is not None else None


def _status(event: dict, said: Statement | None, reported_row: bool, reports: Reports, zones):
    """The reports' status; else, for a planned event still to come in the article whose
    days are over by the horizon, "not reported" (the article's own "done" is a report)."""
    if _preferred(said) is not None:
        return said.preferred
    if event["background"] or reported_row or str(event["status"]) == "done":
        return event["status"]
    zone = zones.get(str(event.get("place_id") or ""), "") or zones.get("", "")
    return NOT_REPORTED if _over(event["date_end"], zone, reports.horizon) else event["status"]


def _reported_date(event: dict, said: dict[str, Statement], zones: Mapping) -> dict:
    day = said.get("date")
    if _preferred(day) is None or day.state == PLANNED:
        return {}
    when = _day(day.preferred)
    return {"date_start": when, "date_end": when, "date_precision": "day"}


def _reported_time(event: dict, said: dict[str, Statement], zones: Mapping) -> dict:
    """The reports' clock time and place. A clock time is the local time of its place:
    without a place, there is no zone to read it in (as validation asks of the article's
    own times), so it is left to the claims."""
    clock, place = said.get("time"), said.get("place")
    found = {"place_id": place.preferred} if _preferred(place) is not None else {}
    where = found.get("place_id", event.get("place_id"))
    if _preferred(clock) is None or not zones.get(str(where or ""), ""):
        return found
    about = any("about" in v.qualifiers for v in clock.values if v.value == clock.preferred)
    return found | {"time_local": clock.preferred, "time_precision": "about" if about else "exact"}


def _reported_part(event: dict, said: dict[str, Statement], zones: Mapping) -> dict:
    part = said.get("day_part")
    if _preferred(part) is None or _text(event.get("time_local")):
        return {}
    return {"day_part": part.preferred}


def _reported_people(event: dict, said: dict[str, Statement], zones: Mapping) -> dict:
    people = said.get("participants")
    if _preferred(people) is None:
        return {}
    planned = tuple(event.get("participants") or ())
    return {"participants": tuple(dict.fromkeys([*planned, *people.preferred.split()]))}


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def planned_day(event: Mapping) -> date | None:
    value = event.get("planned_date_start", event.get("date_start"))
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
