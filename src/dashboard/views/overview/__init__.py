"""The overview: the visit in one line, the date it is reported as of, headline figures
computed from the data, and what the source says is still open or sensitive. (The days
themselves are `itinerary`.)"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from ...model import agreement
from ...model.cells import md
from ...model.visit import Visit, per_visit
from ...model.words import (
    STATUS,
    day_label,
    day_range_label,
    figure_label,
    figure_value,
    zone_abbreviation,
)


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    help: str
    note: str = ""  # a small line under the value ('+ 9 background')


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
    background = int(visit.events["background"].sum())
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
            "Events during the visit. Background events (before or after it, which the "
            "article recalls) are counted apart.",
            f"+ {background:,} background" if background else "",
        ),
        Headline(
            "Distance (km)",
            f"{distance:,.0f}",
            f"Great-circle distance of the {len(visit.legs)} legs, computed from coordinates.",
        ),
    ]
    for f in visit.figures[visit.figures["headline"]].to_dict("records"):
        figures.append(_headline_figure(visit, f))
    return figures


def _headline_figure(visit: Visit, figure: dict) -> Headline:
    """A headline figure: the value the reports prefer where they give one (else the
    article's), with its flag where they differ."""
    said = agreement.figure_reported(visit, str(figure["id"]))
    value, qualifier = float(figure["value"]), str(figure["qualifier"] or "")
    if said is not None and said.preferred is not None and float(said.preferred) != value:
        value = float(said.preferred)  # the reports' value, with their own qualifier
        first = said.values[0]
        qualifier = next(
            (q for q in first.qualifiers if q in ("more than", "about", "at least")), ""
        )
    reported = str(figure.get("basis") or "") == "reported"
    note = "; ".join(agreement.flags(visit, "figures", str(figure["id"])))
    if reported:
        help_text = "First reported after the article. " + (said.why if said else "")
    else:
        help_text = f"As the article writes it: “{figure['value_as_written']}”."
        if said is not None and said.sources:
            help_text += f" Reports: {agreement.values_text(visit, said)}."
    return Headline(
        figure_label(str(figure["label"]), figure["unit"]),
        figure_value(value, figure["unit"], qualifier),
        help_text,
        "sources differ" if note else "",
    )


def happened_line(visit: Visit) -> str | None:
    """The overview's first line once reports exist: by when, how many sources of each
    kind, what became of the planned events, and how many were not in the plan."""
    now = agreement.happened(visit)
    if now is None:
        return None
    kinds = [
        f"{now.sources[k]:,} {agreement.SOURCE_KIND_NOUNS[k][now.sources[k] != 1]}"
        for k in ("original", "official", "summary")
        if now.sources.get(k)
    ]
    planned = sum(now.planned.values())
    outcomes = ", ".join(
        f"{STATUS[s][0]} {now.planned[s]:,} {STATUS[s][1]}"
        for s in agreement.OUTCOME_ORDER
        if now.planned.get(s)
    )
    unplanned = (
        f"; {now.unplanned:,} event{'s' if now.unplanned != 1 else ''} not in the plan"
        if now.unplanned
        else ""
    )
    when = f"By {now.when}," if visit.reports.as_of is None else f"As of {as_of_words(visit)}:"
    return (
        f"{when} {now.total_sources - now.sources.get('seed', 0):,} sources "
        f"({', '.join(kinds)}): of the {planned:,} planned events, {outcomes}{unplanned}."
    )


def as_of_words(visit: Visit) -> str:
    """The as-of moment as the overview says it: 'Mon 5 Jan 2026, 23:59 <zone>'."""
    moment = visit.reports.as_of.astimezone(ZoneInfo(visit.home_timezone or "UTC"))
    zone = zone_abbreviation(visit.home_timezone or "UTC", moment.date())
    return f"{day_label(moment.date())} {moment.year}, {moment:%H:%M} {zone}"


def as_of_caption(visit: Visit) -> str:
    """How current an as-of view is: the newest source by then, or that there is none yet
    (the plan, as the article gives it); '' without an as-of moment."""
    reports = visit.reports
    if reports is None or reports.as_of is None:
        return ""
    dated = reports.sources[reports.sources["published_at"].notna()]
    dated = dated[dated["kind"].astype(str) != "seed"]
    if dated.empty:
        return f"As of {as_of_words(visit)}: no report yet; the plan, as the article gives it."
    latest = dated.loc[dated["published_at"].map(lambda w: w.timestamp()).idxmax()]
    moment = latest["published_at"].astimezone(ZoneInfo(visit.home_timezone or "UTC"))
    return (
        f"Latest source by then: {latest['outlet']}, {day_label(moment.date())} "
        f"{moment:%H:%M}. Choose “All reports” under “Reports as of” for everything."
    )


def disputes_line(visit: Visit) -> str:
    """How many points the sources differ on, and where to see them."""
    now = agreement.happened(visit)
    if now is None or not now.disputes:
        return ""
    return (
        f"Sources differ on {now.disputes:,} point{'s' if now.disputes != 1 else ''}: each is "
        "flagged where it sits, and listed under Sources & data, Disagreements."
    )


@dataclass(frozen=True)
class CardOutcome:
    title: str
    outcome: str  # agreed, progress, …
    note: str  # our words
    sources: str  # '3 reports, 1 summary'


def outcome_list(visit: Visit, cards: pd.DataFrame) -> list[CardOutcome]:
    """What came of each issue card among `cards` (the filters' cards), in their order."""
    outcomes = agreement.card_outcomes(visit)
    found = []
    for card in cards[["id", "title"]].to_dict("records"):  # the two columns it reads
        outcome = outcomes.get(str(card["id"]))
        if outcome is None:
            continue
        told = ", ".join(
            p
            for p in (
                f"{outcome.sources:,} report{'s' if outcome.sources != 1 else ''}"
                if outcome.sources
                else "",
                f"{outcome.summaries:,} summar{'ies' if outcome.summaries != 1 else 'y'}"
                if outcome.summaries
                else "",
            )
            if p
        )
        found.append(CardOutcome(str(card["title"]), outcome.word, outcome.note, told))
    return found


#: How many outcomes the overview lists; the rest are counted (each card has its own).
OUTCOMES_LIMIT = 12


def outcome_text(outcomes: list[CardOutcome]) -> str:
    """The first OUTCOMES_LIMIT outcomes as Markdown, each text escaped (`md`)."""
    return "\n\n".join(
        f"**{md(o.title)}**: {md(o.outcome)} ({md(o.sources)})  \n{md(o.note)}"
        for o in outcomes[:OUTCOMES_LIMIT]
    )


#: The findings the overview lists beside the sensitive issues: the source's own problems.
SOURCE_KINDS = ("contradiction", "ambiguity")


def open_questions(visit: Visit, cards: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the source calls sensitive, a top priority or ongoing (among `cards`, the
    filtered issue cards, or all of them), and its own contradictions and ambiguities."""
    cards = visit.issue_cards if cards is None else cards
    sensitive = cards["sensitivity"].isin(("sensitive", "top priority"))
    shown = cards[(sensitive | (cards["status"] == "ongoing")).to_numpy(dtype=bool)]
    rows = [
        {"what": c["title"], "why": c["why"], "kind": str(c["sensitivity"])}
        for c in shown[["title", "why", "sensitivity"]].to_dict("records")
    ]
    rows += _source_problems(visit)
    return pd.DataFrame(rows, columns=["what", "why", "kind"])


@per_visit  # the same whatever the filters: worked out once per visit, not per filter state
def _source_problems(visit: Visit) -> list[dict]:
    """The article's own contradictions and ambiguities, each with how the reports settle
    it. Read it, never change it."""
    return [
        {
            "what": f"Source {f['kind']}: {f['says']}",
            "why": " ".join(part for part in (f["why"], agreement.settled(visit, f)) if part),
            "kind": str(f["kind"]),
        }
        for f in visit.findings.to_dict("records")
        if f["kind"] in SOURCE_KINDS
    ]


#: The overview names this many sensitive or ongoing issues at most (the Issues page has all),
#: and this many of the source's own problems (Sources & data lists them all).
OPEN_CARDS_LIMIT = 6
SOURCE_PROBLEMS_LIMIT = 10


@dataclass(frozen=True)
class OpenList:
    items: tuple[dict, ...]  # {"what", "why", "kind"}
    more: int  # sensitive or ongoing issues not listed
    more_problems: int = 0  # contradictions and ambiguities of the source not listed


def no_open_questions_text(filtered: bool) -> str:
    """What the overview says when its "still open" list is empty: that the filters left
    nothing, or that the data records nothing (a reader should not look for a filter)."""
    if filtered:
        return "Nothing the source calls sensitive or open matches the filters."
    return "The data records no sensitive or open issue and no contradiction in the source."


def open_question_list(visit: Visit, cards: pd.DataFrame | None = None) -> OpenList:
    """`open_questions` for the overview: the first OPEN_CARDS_LIMIT issues, then the
    source's contradictions before its ambiguities, up to SOURCE_PROBLEMS_LIMIT, and how
    many of each are left out."""
    rows = open_questions(visit, cards).to_dict("records")
    source = [r for r in rows if r["kind"] in SOURCE_KINDS]
    source.sort(key=lambda r: SOURCE_KINDS.index(r["kind"]))  # stable: contradictions first
    issues = [r for r in rows if r["kind"] not in SOURCE_KINDS]
    shown = issues[:OPEN_CARDS_LIMIT]
    problems = source[:SOURCE_PROBLEMS_LIMIT]
    return OpenList(tuple(shown + problems), len(issues) - len(shown), len(source) - len(problems))


# ---------------------------------------------------------------------------------------
# The first lines


def _span(visit: Visit) -> str:
    start, end = visit.start, visit.end
    text = day_range_label(start, end)
    return text if start.year != end.year else f"{text} {end.year}"


def summary(visit: Visit) -> str:
    """'Guest (country) visits Host (country) · Sun 4 – Wed 7 Jan 2026 · A → B → C → A'."""
    row = visit.visit
    parts = [
        f"{row['guest']} ({row['guest_country']}) visits {row['host']} ({row['host_country']})",
        _span(visit),
    ]
    legs = visit.legs
    if not legs.empty:
        stops = [legs.iloc[0]["from_name"], *legs["to_name"]]
        parts.append(" → ".join(str(s) for s in stops))
    return " · ".join(parts)


@dataclass(frozen=True)
class Reported:
    """As of when the article tells the visit, and how far the visit had got by then."""

    when: str  # 'Sun 4 Jan 2026', or '' when the data gives no date
    counts: dict[str, int]  # status -> events of the visit itself

    @property
    def sentence(self) -> str:
        total = sum(self.counts.values())
        statuses = ", ".join(f"{STATUS[s][0]} {n:,} {STATUS[s][1]}" for s, n in self.counts.items())
        plural = "event" if total == 1 else "events"
        if not self.when:
            return (
                "The article's date is not recorded. Its statuses, as it gives them, for the "
                f"visit's {total:,} {plural}: {statuses}."
            )
        return f"As reported on {self.when}: of the visit's {total:,} {plural}, {statuses}."


def reported(visit: Visit, seed_meta: dict | None = None) -> Reported:
    """The article's date (`visits.reported_on`, else the record's `date_published`) and
    the visit's events by status, as the article gives them."""
    from .itinerary import status_counts

    day = visit.reported_on
    published = (seed_meta or {}).get("date_published")
    if day is None and published:
        try:
            day = pd.Timestamp(str(published)).date()
        except ValueError:
            day = None
    when = f"{day_label(day)} {day.year}" if day else ""
    return Reported(when, status_counts(visit.events))
