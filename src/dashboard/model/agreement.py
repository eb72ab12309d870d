"""What the reports say, in the words a reader reads: each statement's values with who gives
them, the fields where sources disagree, each card's outcome, each figure as reported, and
the counts the overview opens with. Pure functions of a `Visit` (its `reports`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import pandas as pd

from .claims import (
    AGREED,
    MAJORITY,
    OPEN,
    PLANNED,
    RESOLVED,
    SUMMARIES_ONLY,
    Statement,
    normalised,
)
from .happened import NOT_REPORTED
from .visit import Visit, per_visit
from .words import date_text, day_label, figure_value, zone_abbreviation

#: How a reader names each field a claim may give.
FIELD_WORDS = {
    "status": "what happened",
    "date": "date",
    "time": "start time",
    "time_end": "end time",
    "duration_min": "length",
    "day_part": "part of the day",
    "place": "place",
    "participants": "who took part",
    "value": "value",
    "outcome": "outcome",
    "role": "role",
}
#: A statement's state as a reader reads it.
STATE_WORDS = {
    AGREED: "sources agree",
    RESOLVED: "sources differ; one value preferred, with a reason",
    MAJORITY: "sources differ; most give the first value",
    OPEN: "sources differ; left open",
    SUMMARIES_ONLY: "only summaries give it; not decided",
    PLANNED: "announced before the event",
}
#: kind -> (singular, plural) as a count names them.
SOURCE_KIND_NOUNS = {
    "seed": ("article", "articles"),
    "original": ("original report", "original reports"),
    "official": ("official statement", "official statements"),
    "summary": ("summary", "summaries"),
}
SOURCE_KIND_WORDS = {
    "seed": "the article",
    "original": "original report",
    "official": "official statement",
    "summary": "summary or aggregator",
}


def kinds_of(visit: Visit) -> dict[str, str]:
    """Source id -> its kind."""
    sources = visit.reports.sources if visit.reports is not None else pd.DataFrame()
    if sources.empty:
        return {}
    return dict(zip(sources["id"].astype(str), sources["kind"].astype(str), strict=True))


def value_text(
    visit: Visit, table: str, row_id: str, field: str, value: str, *, short: bool = False
) -> str:
    """A claim's value as a reader should read it: a date with its weekday (its year left
    out when `short` and it is the visit's), a place or a person by name, a figure with its
    unit, minutes as minutes."""
    if field == "date":
        day = pd.Timestamp(value).date()
        return (
            day_label(day)
            if short and day.year == visit.start.year
            else f"{day_label(day)} {day.year}"
        )
    if field == "place":
        names = dict(zip(visit.places["id"], visit.places["name"], strict=True))
        return str(names.get(value, value))
    if field == "participants":
        names = dict(zip(visit.people["id"], visit.people["name"], strict=True))
        return ", ".join(str(names.get(p, p)) for p in value.split())
    if field == "duration_min":
        return f"{int(float(value))} min"
    if field == "value" and table == "figures":
        figure = visit.figures[visit.figures["id"] == row_id]
        unit = str(figure["unit"].iloc[0]) if len(figure) else ""
        return figure_value(float(value), unit)
    return value


def sources_text(value_sources: tuple[str, ...], kinds: Mapping[str, str]) -> str:
    """'3 reports, 1 summary' for a value's sources."""
    counts: dict[str, int] = {}
    for source in value_sources:
        kind = kinds.get(source, "original")
        noun = "summary" if kind == "summary" else "the article" if kind == "seed" else "report"
        counts[noun] = counts.get(noun, 0) + 1
    parts = []
    for noun, n in counts.items():
        if noun == "the article":
            parts.append(noun)
        else:
            plural = {"summary": "summaries", "report": "reports"}[noun]
            parts.append(f"{n:,} {noun if n == 1 else plural}")
    return ", ".join(parts)


def values_text(visit: Visit, said: Statement) -> str:
    """'Mon 5 Jan 2026 (9 reports, 2 summaries) · Sun 4 Jan 2026 (1 report)': every value
    of a statement with who gives it, the preferred first."""
    kinds = kinds_of(visit)
    parts = []
    for value in said.values:
        shown = value_text(visit, said.table, said.row_id, said.field, value.value)
        qualifier = "about " if "about" in value.qualifiers else ""
        parts.append(f"{qualifier}{shown} ({sources_text(value.sources, kinds)})")
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------
# Where sources disagree


DISAGREEMENT_COLUMNS = ["what", "field", "values", "preferred", "state", "why", "table", "row_id"]


def row_title(visit: Visit, table: str, row_id: str) -> str:
    frame = getattr(visit, table)
    column = {"events": "title", "figures": "label", "issue_cards": "title", "people": "name"}[
        table
    ]
    found = frame.loc[frame["id"].astype(str) == row_id, column]
    return str(found.iloc[0]) if len(found) else row_id


def disagreements(visit: Visit) -> pd.DataFrame:
    """One row per field where the sources give different values (a summary that differs
    from the reports included), in the order of the tables, each with every value and its
    sources, the value preferred and why."""
    if visit.reports is None:
        return pd.DataFrame(columns=DISAGREEMENT_COLUMNS)
    records = []
    disputed = visit.reports.disputed()
    for table, row_id, field in zip(
        disputed["table"], disputed["row_id"], disputed["field"], strict=True
    ):
        said = visit.reports.of(table, row_id)[field]
        preferred = (
            value_text(visit, table, row_id, field, said.preferred)
            if said.preferred is not None
            else "left open"
        )
        why = said.why
        if said.summary_differs and said.state == AGREED:
            why = "the reports agree; a summary gives another value, and a summary never decides"
        records.append(
            {
                "what": row_title(visit, table, row_id),
                "field": FIELD_WORDS.get(field, field),
                "values": values_text(visit, said),
                "preferred": preferred,
                "state": STATE_WORDS.get(said.state, said.state),
                "why": why,
                "table": table,
                "row_id": row_id,
            }
        )
    order = {"events": 0, "figures": 1, "issue_cards": 2, "people": 3}
    frame = pd.DataFrame.from_records(records, columns=DISAGREEMENT_COLUMNS)
    return frame.sort_values("table", key=lambda t: t.map(order), kind="stable").reset_index(
        drop=True
    )


def flags(visit: Visit, table: str, row_id: str) -> list[str]:
    """Short flags of where a row's sources disagree, where the row sits: '14 or 15
    agreements: sources differ (14 preferred)', 'place: a summary says <another place>'."""
    if visit.reports is None:
        return []
    found = []
    for field, said in visit.reports.disputed_of(table, row_id).items():

        def shown(value: str, field: str = field) -> str:
            return value_text(visit, table, row_id, field, value)

        others = [shown(v.value) for v in said.values if v.value != said.preferred]
        if said.state == AGREED:  # the reports agree; a summary gives another value
            found.append(f"{FIELD_WORDS[field]}: a summary says {' or '.join(others)}")
            continue
        values = ([shown(said.preferred)] if said.preferred is not None else []) + others
        unit = _unit(visit, row_id) if table == "figures" else ""
        what = (
            f"{' or '.join(values)}{unit}"
            if table == "figures"
            else f"{FIELD_WORDS[field]}: {' or '.join(values)}"
        )
        verdict = (
            f"{shown(said.preferred)} preferred" if said.preferred is not None else "left open"
        )
        found.append(f"{what}: sources differ ({verdict})")
    return found


def flag_lines(visit: Visit, table: str, row_ids: Iterable[str]) -> dict[str, str]:
    """`flag_line` of each row, by id: a view's one call for all the rows it lists."""
    return {row_id: flag_line(visit, table, row_id) for row_id in row_ids}


def flag_line(visit: Visit, table: str, row_id: str) -> str:
    """All of a row's disagreements in one line, for where space is short: 'Sources differ
    on the date (Mon 5, Sun 4 or Tue 6 Jan…) and the start time (16:47 or 16:50); a summary
    on the place (…)'. The preferred value comes first; '' when the sources agree."""
    if visit.reports is None:
        return ""
    differ, summaries = [], []
    for field, said in visit.reports.disputed_of(table, row_id).items():
        values = [
            value_text(visit, table, row_id, field, v.value, short=True)
            for v in sorted(said.values, key=lambda v: v.value != said.preferred)
        ]
        words = f"{FIELD_WORDS[field]} ({_or(values)})"
        (summaries if said.state == AGREED else differ).append(words)
    parts = []
    if differ:
        parts.append(f"Sources differ on {_and(differ)}")
    if summaries:
        parts.append(f"a summary differs on {_and(summaries)}")
    line = "; ".join(parts)
    return line[:1].upper() + line[1:]


def _or(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _and(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def _unit(visit: Visit, figure_id: str) -> str:
    unit = visit.figures.loc[visit.figures["id"] == figure_id, "unit"]
    return f" {unit.iloc[0]}" if len(unit) and str(unit.iloc[0]) not in ("", "year") else ""


# ---------------------------------------------------------------------------------------
# Outcomes


@dataclass(frozen=True)
class Outcome:
    """An issue card's outcome as the reports give it."""

    word: str  # agreed, progress, discussed, no progress, not reported, or "" (no reports)
    state: str
    sources: int  # reporting sources (summaries apart)
    summaries: int
    note: str  # the card's `outcome_note`, our words


@per_visit  # asked on every filter state by the overview and the cards: once per visit
def card_outcomes(visit: Visit) -> dict[str, Outcome]:
    """Card id -> its outcome. A visit with no reports gives none. Read it, never change it."""
    if visit.reports is None or not visit.reports.any:
        return {}
    kinds = kinds_of(visit)
    notes = (
        dict(
            zip(visit.issue_cards["id"], visit.issue_cards["outcome_note"].fillna(""), strict=True)
        )
        if "outcome_note" in visit.issue_cards
        else {}
    )
    outcomes, stated = {}, visit.reports.field_of("issue_cards", "outcome")
    for card_id in visit.issue_cards["id"].astype(str):
        said = stated.get(card_id)
        if said is None or said.preferred is None:
            word, state, n, m = "not reported", said.state if said else "", 0, 0
            if said is not None:
                m = sum(1 for s in said.sources if kinds.get(s) == "summary")
        else:
            word, state = said.preferred, said.state
            n = sum(1 for s in said.sources if kinds.get(s) != "summary")
            m = len(said.sources) - n
        outcomes[card_id] = Outcome(word, state, n, m, str(notes.get(card_id, "")))
    return outcomes


def figure_reported(visit: Visit, figure_id: str) -> Statement | None:
    if visit.reports is None:
        return None
    return visit.reports.of("figures", figure_id).get("value")


# ---------------------------------------------------------------------------------------
# The overview's first line


@dataclass(frozen=True)
class Happened:
    """How the visit stands by the newest source (or an as-of instant)."""

    when: str  # 'Thu 8 Jan 2026'
    sources: dict[str, int]  # kind -> sources published by then
    planned: dict[str, int]  # status -> planned events of the visit itself
    unplanned: int  # events not in the plan, reported by then
    disputes: int  # fields where sources differ

    @property
    def total_sources(self) -> int:
        return sum(self.sources.values())


def happened(visit: Visit) -> Happened | None:
    """The counts the overview opens with; None for a visit with no sources."""
    reports = visit.reports
    if reports is None or not reports.any:
        return None
    sources = reports.sources["kind"].astype(str).value_counts().to_dict()
    own = visit.events[~visit.events["background"].to_numpy(dtype=bool)]
    in_plan = own["in_plan"].to_numpy(dtype=bool) if "in_plan" in own else [True] * len(own)
    planned = own[in_plan]["status"].astype(str).value_counts().to_dict()
    horizon = reports.horizon
    when = f"{day_label(horizon.date())} {horizon.year}" if horizon else ""
    disputes = len(reports.disputed())
    return Happened(when, sources, planned, int((~pd.Series(in_plan)).sum()), disputes)


#: The order outcomes are counted in.
OUTCOME_ORDER = ("done", "cancelled", "postponed", "ongoing", "scheduled", "expected", NOT_REPORTED)


# ---------------------------------------------------------------------------------------
# As of a date


@per_visit
def report_count(visit: Visit) -> int:
    """How many of the visit's sources (published by its as-of moment) are reports, not the
    seed article."""
    if visit.reports is None or not visit.reports.any:
        return 0
    return int((visit.reports.sources["kind"].astype(str) != "seed").sum())


@per_visit
def as_of_choices(visit: Visit) -> list[str]:
    """The moments at which the picture changed, as link values: the start of the first day
    a source was published on (the plan, before any report), then the end of each day
    sources were published on (in the visit's home zone), oldest first."""
    reports = visit.reports
    if reports is None or not reports.any:
        return []
    zone = ZoneInfo(visit.home_timezone or "UTC")
    published = pd.to_datetime(reports.sources["published_at"], utc=True).dropna()
    days = sorted(set(published.dt.tz_convert(zone).dt.date))  # one pass, not per source
    if not days:
        return []
    return [days[0].isoformat(), *(f"{d.isoformat()}T23:59" for d in days)]


def as_of_label(text: str, zone: str) -> str:
    """How the as-of control names a moment: 'Sun 4 Jan 2026, 00:00 <zone> (before that
    day's reports)', 'Mon 5 Jan 2026, 23:59 <zone>'; 'All reports' for none."""
    if not text:
        return "All reports"
    day = date.fromisoformat(text[:10])
    label = f"{day_label(day)} {day.year}"
    abbreviation = zone_abbreviation(zone or "UTC", day)
    if "T" not in text:
        return f"{label}, 00:00 {abbreviation} · the plan"
    return f"{label}, {text[11:16]} {abbreviation}"


# ---------------------------------------------------------------------------------------
# One event's plan against its reports


def event_story(visit: Visit, event: Mapping) -> list[str]:
    """Lines on what became of an event: its plan, how many sources report it, where they
    differ; nothing for a visit without reports."""
    if visit.reports is None or not visit.reports.any or "planned_status" not in event:
        return []
    lines = []
    if bool(event.get("in_plan", True)):
        planned = {
            "date_start": event["planned_date_start"],
            "date_end": event["planned_date_end"],
            "date_precision": event["planned_date_precision"],
        }
        clock = event.get("planned_time_local")
        at = f", {clock}" if isinstance(clock, str) and clock else ""
        lines.append(f"Planned: {date_text(planned)}{at} ({event['planned_status']})")
    else:
        lines.append("Not in the article's plan: first reported after it")
    n, m = int(event.get("n_sources") or 0), int(event.get("n_summaries") or 0)
    if n or m:
        reports = f"{n:,} report{'s' if n != 1 else ''}"
        summaries = f" and {m:,} summar{'ies' if m != 1 else 'y'}" if m else ""
        lines.append(f"{reports}{summaries} tell of it")
    else:
        lines.append("No source reports it yet")
    lines += flags(visit, "events", str(event["id"]))
    return lines


def event_stories(visit: Visit, events: pd.DataFrame) -> dict[str, list[str]]:
    """`event_story` of each of `events`, by event id: a view's one call for all its rows."""
    return {str(e["id"]): event_story(visit, e) for e in events.to_dict("records")}


# ---------------------------------------------------------------------------------------
# What the reports settle of the article's own findings


def settled(visit: Visit, finding: Mapping) -> str:
    """How the reports settle a finding about the article ('' when they do not): a
    disagreement finding that names it, or the reports' agreement with the value it
    prefers ('Reports settle it: 3 reports give Sun 4 Jan 2026')."""
    if visit.reports is None or not visit.reports.any or finding.get("kind") == "disagreement":
        return ""
    fid = str(finding["id"])
    findings = visit.findings
    if "kind" in findings and len(findings):
        disagreements = findings[findings["kind"].astype(str) == "disagreement"]
        for affects, resolved in zip(disagreements["affects"], disagreements["resolved"], strict=True):
            if fid in tuple(affects or ()):
                return f"Reports settle it: {resolved}"
    field_name, preferred = str(finding.get("field") or ""), str(finding.get("preferred") or "")
    if not field_name or not preferred:
        return ""
    summary = visit.reports.summary
    named = summary[
        (summary["field"] == field_name)
        & summary["row_id"].isin(tuple(finding.get("affects") or ()))
    ]
    for table, row_id in zip(named["table"], named["row_id"], strict=True):
        said = visit.reports.of(table, row_id)[field_name]
        if said.preferred is not None and said.preferred == normalised(field_name, preferred):
            n = len(said.values[0].deciding)
            shown = value_text(visit, table, row_id, field_name, said.preferred)
            return f"Reports settle it: {n:,} report{'s' if n != 1 else ''} give {shown}."
    return ""
