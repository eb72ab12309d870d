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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..data.columns import members
from .claims import (
    PLANNED,
    Statement,
    disagreement_findings,
    finding_for,
    prepared,
    sources_by,
    statement,
    summarise,
)

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
    claims, and what they say of each field: `summary` (one row per table, row id and
    field: the preferred value, its state, whether sources differ, whether it is
    approximate), and each row's statements in full on demand (`of`)."""

    sources: pd.DataFrame  # with `published_at` and `deciding`
    claims: pd.DataFrame  # `claims.prepared`
    summary: pd.DataFrame  # `claims.summarise`
    as_of: datetime | None
    #: The instant the picture stands at: `as_of`, else the newest source's publication.
    horizon: datetime | None
    findings: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    cities: Mapping[str, str] = field(default_factory=dict, repr=False)
    detailed: Mapping[tuple[str, str, str], Statement] = field(default_factory=dict, repr=False)

    @property
    def any(self) -> bool:
        return bool(len(self.sources))

    @functools.cached_property
    def deciding(self) -> dict[str, bool]:
        """Source id -> whether it may decide a value (not a summary)."""
        ids = self.sources["id"].astype(str)
        return dict(zip(ids, self.sources["deciding"], strict=True))

    @functools.cached_property
    def _rows(self) -> dict[tuple[str, str], np.ndarray]:
        """(table, row id) -> the positions of its claims."""
        if self.claims.empty:
            return {}
        return self.claims.groupby(["table", "row_id"], sort=False).indices

    def of(self, table: str, row_id: str) -> dict[str, Statement]:
        """The statements on one row, by field, made from its claims when first asked."""
        found = self._made.get((table, row_id))
        if found is None:
            at = self._rows.get((table, row_id))
            claims = self.claims.iloc[at] if at is not None else self.claims.iloc[0:0]
            found = self._made[(table, row_id)] = {
                name: self._statement(table, row_id, name, group.to_dict("records"))
                for name, group in claims.groupby("field", sort=False)
            }
        return found

    def disputed_of(self, table: str, row_id: str) -> dict[str, Statement]:
        """The statements on one row's fields where sources differ, by field, in the order
        `of` gives them; read from the statements `summarise` made (every disputed field
        is one of them), not from the claims."""
        return self._disputed.get((table, row_id), {})

    @functools.cached_property
    def _disputed(self) -> dict[tuple[str, str], dict[str, Statement]]:
        found: dict[tuple[str, str], dict[str, Statement]] = {}
        for (table, row_id, name), said in self.detailed.items():
            if said.disputed:
                found.setdefault((table, row_id), {})[name] = said
        return found

    def field_of(self, table: str, field_name: str) -> dict[str, Statement]:
        """Row id -> its statement on one field of a table, for every row with claims on it,
        made in one pass over the claims (a view's one call for all its rows: `of` row by
        row costs a slice and a grouping each)."""
        key = (table, field_name)
        if key not in self._fields:
            claims = self.claims
            if not claims.empty:
                claims = claims[(claims["table"] == table) & (claims["field"] == field_name)]
            grouped: dict[str, list[dict]] = {}
            for claim in claims.to_dict("records"):
                grouped.setdefault(str(claim["row_id"]), []).append(claim)
            self._fields[key] = {
                row_id: self._statement(table, row_id, field_name, group)
                for row_id, group in grouped.items()
            }
        return self._fields[key]

    def _statement(self, table: str, row_id: str, name: str, records: list[dict]) -> Statement:
        """One field's statement: the one `summarise` already made, or one made from its
        claims (`records`)."""
        return self.detailed.get((table, row_id, name)) or statement(
            table, row_id, name, records, self.deciding,
            finding_for(self._chosen, (table, row_id, name)), self.cities,
        )  # fmt: skip

    @functools.cached_property
    def _fields(self) -> dict:
        return {}

    @functools.cached_property
    def _made(self) -> dict:
        return {}

    @functools.cached_property
    def _chosen(self) -> list[dict]:
        return disagreement_findings(self.findings)

    @functools.cached_property
    def statements(self) -> dict[tuple[str, str, str], Statement]:
        """Every statement in full (for a small visit, or a test: `of` and `summary` are the
        quick ways)."""
        return {
            (t, r, f): said
            for t, r in dict.fromkeys(zip(self.summary["table"], self.summary["row_id"], strict=True))
            for f, said in self.of(t, r).items()
        }  # fmt: skip

    def disputed(self) -> pd.DataFrame:
        """The summary's rows where the sources give different values."""
        return self.summary[self.summary["disputed"].to_numpy(dtype=bool)]


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
    known = published["id"].astype(str)
    kept = claims[members(claims["source_id"].astype(str), set(known))].reset_index(drop=True)
    kept = pd.concat([kept, _seed_claims(kept, published, stated or {})], ignore_index=True)
    instants = [w for w in published["published_at"] if w is not None]
    horizon = as_of or (max(instants) if instants else None)
    deciding = dict(zip(known, published["deciding"], strict=True))
    prepared_claims = prepared(kept, deciding)
    summary, detailed = summarise(prepared_claims, deciding, findings, cities)
    return Reports(
        published, prepared_claims, summary, as_of, horizon, findings, dict(cities or {}), detailed
    )


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
    return frame[~later.to_numpy() | members(frame["id"].astype(str), named)].reset_index(drop=True)


def named_ids(reports: Reports, events: pd.DataFrame) -> set[str]:
    """Every id the kept claims and events name: rows, places and participants."""
    # Each column as a list first: walking Arrow text cell by cell is slow.
    names = set(reports.claims["row_id"].astype(str).tolist())
    for field_name in ("place", "participants"):
        values = reports.claims.loc[reports.claims["field"] == field_name, "value"]
        names |= {part for value in values.astype(str).tolist() for part in value.split()}
    names |= set(events["place_id"].fillna("").astype(str).tolist())
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
    """The events as the reports tell them (see the module's docstring), on whole columns.
    `zones`: place id -> time zone, to read a clock time and to tell when an event's days
    are over."""
    out = events.copy()
    if not reports.any and "basis" in out:
        return out[out["basis"].astype(str) != "reported"].reset_index(drop=True)
    for column in ("status", "date_start", "date_end", "date_precision", "time_local", "place_id"):
        out[f"planned_{column}"] = out[column]
    ids = out["id"].astype(str)
    said = _preferred_by_event(reports.summary, ids)
    counts = _sources_by_event(reports.claims, ids)
    reported_row = out["basis"].astype(str).eq("reported").to_numpy() if "basis" in out else False
    out["in_plan"] = ~reported_row
    out["n_sources"], out["n_summaries"] = counts["n_sources"], counts["n_summaries"]
    out["disputed"] = said["disputed"]
    out["status"] = _statuses(out, said, reported_row, reports, zones)
    _take_dates(out, said)
    _take_places_and_times(out, said, zones)
    _take_parts(out, said)
    _take_people(out, said)
    keep = said["any"].to_numpy(dtype=bool) | ~reported_row
    return out[keep].reset_index(drop=True)


def _preferred_by_event(summary: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """One row per event (in `ids`' order): each field's preferred value and state, whether
    the time is approximate, the fields where sources differ, and whether any claim is."""
    rows = summary[summary["table"] == "events"]
    wide = rows.pivot(index="row_id", columns="field", values="preferred") if len(rows) else None
    states = rows.pivot(index="row_id", columns="field", values="state") if len(rows) else None
    out = pd.DataFrame(index=ids.to_numpy())
    for name in EVENT_FIELDS:
        present = wide is not None and name in wide
        out[name] = wide[name].reindex(out.index).to_numpy() if present else None
        out[f"{name}_state"] = states[name].reindex(out.index).to_numpy() if present else None
    about = rows[(rows["field"] == "time") & rows["about"]]["row_id"]
    out["time_about"] = members(ids, about)
    disputed = rows[rows["disputed"].to_numpy(dtype=bool)].groupby("row_id", sort=False)["field"]
    tuples = disputed.agg(tuple) if len(rows) else pd.Series(dtype=object)
    listed = tuples.reindex(out.index)
    out["disputed"] = [v if isinstance(v, tuple) else () for v in listed.to_numpy()]
    out["any"] = members(ids, rows["row_id"])
    return out.reset_index(drop=True)


def _sources_by_event(claims: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """How many deciding sources and summaries tell of each event: every source of a field's
    reports (its previews only while no report of that field exists), once per event."""
    events = claims[claims["table"] == "events"]
    zero = pd.DataFrame({"n_sources": 0, "n_summaries": 0}, index=range(len(ids)))
    if events.empty:
        return zero
    reported = (~events["plan"]).groupby([events["row_id"], events["field"]]).transform("any")
    counted = events[(~events["plan"]) | ~reported].drop_duplicates(["row_id", "source_id"])
    by_event = counted.groupby("row_id")["deciding"].agg(["sum", "size"])
    deciding = by_event["sum"].reindex(ids.to_numpy()).fillna(0).astype(int).to_numpy()
    total = by_event["size"].reindex(ids.to_numpy()).fillna(0).astype(int).to_numpy()
    return pd.DataFrame({"n_sources": deciding, "n_summaries": total - deciding})


def _statuses(
    out: pd.DataFrame, said: pd.DataFrame, reported_row, reports, zones
) -> pd.Categorical:
    """The reports' status; else, for a planned event the article has still to come whose
    days are over by the horizon, "not reported" (the article's own "done" is a report)."""
    status = out["status"].astype(str).to_numpy(dtype=object).copy()
    given = said["status"].notna().to_numpy()
    status[given] = said["status"].to_numpy()[given]
    waiting = ~given & ~out["background"].to_numpy(dtype=bool) & ~reported_row & (status != "done")
    for i in np.flatnonzero(waiting):
        zone = zones.get(str(out["place_id"].iloc[i] or ""), "") or zones.get("", "")
        if _over(out["date_end"].iloc[i], zone, reports.horizon):
            status[i] = NOT_REPORTED
    return pd.Categorical(status, categories=list(EVENT_STATUSES))


def _take_dates(out: pd.DataFrame, said: pd.DataFrame) -> None:
    day = said["date"].notna().to_numpy() & (said["date_state"] != PLANNED).to_numpy()
    if day.any():
        when = pd.to_datetime(said.loc[day, "date"]).astype(out["date_start"].dtype).to_numpy()
        out.loc[day, "date_start"] = when
        out.loc[day, "date_end"] = when
        precision = out["date_precision"].astype(object)
        precision[day] = "day"
        out["date_precision"] = pd.Categorical(
            precision, categories=out["date_precision"].cat.categories
        )


def _take_places_and_times(out: pd.DataFrame, said: pd.DataFrame, zones: Mapping) -> None:
    """The reports' place, then their clock time: the local time of its place, so only
    where that place has a zone (as validation asks of the article's own times)."""
    place = said["place"].notna().to_numpy()
    if place.any():
        out.loc[place, "place_id"] = said.loc[place, "place"].to_numpy()
    where = out["place_id"].astype(object).fillna("").astype(str)
    zoned = np.array([bool(zones.get(p, "")) for p in where.tolist()], dtype=bool)
    clock = said["time"].notna().to_numpy() & zoned
    if clock.any():
        out.loc[clock, "time_local"] = said.loc[clock, "time"].to_numpy()
        exact = np.where(said["time_about"].to_numpy()[clock], "about", "exact")
        precision = out["time_precision"].astype(object)
        precision[clock] = exact
        out["time_precision"] = pd.Categorical(
            precision, categories=out["time_precision"].cat.categories
        )


def _take_parts(out: pd.DataFrame, said: pd.DataFrame) -> None:
    untimed = out["planned_time_local"].astype(object).fillna("").astype(str).eq("").to_numpy()
    part = said["day_part"].notna().to_numpy() & untimed
    if part.any():
        parts = out["day_part"].astype(object)
        parts[part] = said.loc[part, "day_part"].to_numpy()
        out["day_part"] = pd.Categorical(parts, categories=out["day_part"].cat.categories)


def _take_people(out: pd.DataFrame, said: pd.DataFrame) -> None:
    """The plan's participants and those the reports name, each once."""
    named = np.flatnonzero(said["participants"].notna().to_numpy())
    if len(named):
        people = out["participants"].to_numpy(dtype=object).copy()
        for i in named:
            people[i] = tuple(
                dict.fromkeys([*(people[i] or ()), *said["participants"].iloc[i].split()])
            )
        out["participants"] = people


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def planned_day(event: Mapping) -> date | None:
    value = event.get("planned_date_start", event.get("date_start"))
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
