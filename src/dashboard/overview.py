"""The overview: headline figures computed from the data, the days as a strip, and what the
source says is still open or sensitive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .model import Visit, day_key, day_label, event_days, figure_value


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    help: str


def headline_figures(visit: Visit) -> list[Headline]:
    """Days, cities, events, distance, and the figures the data marks as headline."""
    visit_events = visit.events[~visit.events["background"]]
    # Cities on the route, then any other city where a visit event takes place.
    route_cities = list(
        dict.fromkeys(
            [*visit.legs["from_place"], *visit.legs["to_place"]]
            + [c for c in visit_events["city_id"] if c]
        )
    )
    names = dict(zip(visit.places["id"], visit.places["name"], strict=True))
    distance = float(visit.legs["distance_km"].sum())
    figures = [
        Headline(
            "Days",
            str(len(visit.days)),
            f"{visit.start:%a %-d %b} to {visit.end:%a %-d %b %Y}. "
            + str(visit.visit["basis_note"] or "From the visit's dates in visits.csv."),
        ),
        Headline(
            "Cities",
            f"{len(route_cities):,}",
            "Visited: " + ", ".join(names[c] for c in route_cities) + ".",
        ),
        Headline(
            "Events",
            f"{len(visit_events):,}",
            f"Events during the visit; {int(visit.events['background'].sum()):,} more are "
            "background.",
        ),
        Headline(
            "Distance (km)",
            f"{distance:,.0f}",
            f"Great-circle distance of the {len(visit.legs)} legs, computed from coordinates.",
        ),
    ]
    for f in visit.figures[visit.figures["headline"]].to_dict("records"):
        figures.append(
            Headline(
                f["label"],
                figure_value(f["value"], f["unit"], f["qualifier"] or ""),
                f"As written: “{f['value_as_written']}”.",
            )
        )
    return figures


#: A day card lists this many events at most, then says how many more there are.
DAY_LIST_LIMIT = 8


@dataclass(frozen=True)
class DayCard:
    key: str
    label: str
    city: str
    events: tuple[tuple[str, bool], ...]  # (title, day is certain)

    @property
    def shown(self) -> tuple[tuple[str, bool], ...]:
        """The events the card lists: the first `DAY_LIST_LIMIT`, certain days first."""
        return self.events[:DAY_LIST_LIMIT]

    @property
    def more(self) -> int:
        """How many events of the day the card does not list."""
        return max(0, len(self.events) - DAY_LIST_LIMIT)


def day_strip(visit: Visit, events: pd.DataFrame) -> list[DayCard]:
    """One card per visit day with the (filtered) events that fall, or may fall, on it."""
    legs = visit.legs
    names = dict(zip(visit.places["id"], visit.places["name"], strict=True))
    visit_days = visit.days
    by_day: dict[date, list[tuple[str, bool]]] = {day: [] for day in visit_days}
    on_visit = events[~events["background"].to_numpy(dtype=bool)]
    for title, first, last in zip(
        on_visit["title"], on_visit["date_start"], on_visit["date_end"], strict=True
    ):
        days = event_days({"date_start": first, "date_end": last}, visit_days)
        for day in days:
            by_day[day].append((str(title), len(days) == 1))
    strip = []
    for day in visit_days:
        titles = by_day[day]
        arriving = legs[legs["date"].dt.date == day]
        city = " → ".join(
            dict.fromkeys(
                [
                    *(names[p] for p in arriving["from_place"]),
                    *(names[p] for p in arriving["to_place"]),
                ]
            )
        )
        if not city:
            earlier = legs[legs["date"].dt.date < day]
            city = names[earlier.iloc[-1]["to_place"]] if not earlier.empty else ""
        titles.sort(key=lambda t: not t[1])  # events certainly on this day first
        strip.append(DayCard(day_key(day), day_label(day), city, tuple(titles)))
    return strip


#: The findings the overview lists beside the sensitive issues: the source's own problems.
SOURCE_KINDS = ("contradiction", "ambiguity")


def open_questions(visit: Visit) -> pd.DataFrame:
    """What the source calls sensitive, a top priority or ongoing, and its own contradictions."""
    cards = visit.issue_cards
    rows = [
        {"what": c["title"], "why": c["why"], "kind": str(c["sensitivity"])}
        for c in cards.to_dict("records")
        if c["sensitivity"] in ("sensitive", "top priority") or c["status"] == "ongoing"
    ]
    rows += [
        {"what": f"Source {f['kind']}: {f['says']}", "why": f["why"], "kind": str(f["kind"])}
        for f in visit.findings.to_dict("records")
        if f["kind"] in SOURCE_KINDS
    ]
    return pd.DataFrame(rows, columns=["what", "why", "kind"])


#: The overview names this many sensitive or ongoing issues at most (the Issues page has all),
#: and this many of the source's own problems (Sources & data lists them all).
OPEN_CARDS_LIMIT = 6
SOURCE_PROBLEMS_LIMIT = 10


@dataclass(frozen=True)
class OpenList:
    items: tuple[dict, ...]  # {"what", "why", "kind"}
    more: int  # sensitive or ongoing issues not listed
    more_problems: int = 0  # contradictions and ambiguities of the source not listed


def open_question_list(visit: Visit) -> OpenList:
    """`open_questions` for the overview: the first OPEN_CARDS_LIMIT issues, then the
    source's contradictions before its ambiguities, up to SOURCE_PROBLEMS_LIMIT, and how
    many of each are left out."""
    rows = open_questions(visit).to_dict("records")
    source = [r for r in rows if r["kind"] in SOURCE_KINDS]
    source.sort(key=lambda r: SOURCE_KINDS.index(r["kind"]))  # stable: contradictions first
    issues = [r for r in rows if r["kind"] not in SOURCE_KINDS]
    shown = issues[:OPEN_CARDS_LIMIT]
    problems = source[:SOURCE_PROBLEMS_LIMIT]
    return OpenList(tuple(shown + problems), len(issues) - len(shown), len(source) - len(problems))
