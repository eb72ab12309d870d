"""The shared filter state: what the URL holds, how it is read and written, and what it keeps.

URL parameters (repeatable): `visit`, `day` (YYYY-MM-DD or `background`), `topic`, `city`,
and `q` (free text); the view settings `sort`, `as_of` and `place` (the place picked on the
route map). Reading them never fails: unknown values are dropped and reported as plain
notices for the page to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from ..data.problems import count_text
from .visit import BACKGROUND, Visit, search_text
from .words import day_key, day_label

MAX_TEXT = 100
PARAMS = ("visit", "day", "topic", "city", "q", "sort", "as_of", "place")
#: The order of the issue cards (a view setting the link keeps, not a filter).
SORTS = ("sensitivity", "date", "latest", "topic", "title", "outcome")
DEFAULT_SORT = SORTS[0]


@dataclass(frozen=True)
class Filters:
    visit: str
    days: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    text: str = ""
    sort: str = DEFAULT_SORT  # the issue cards' order: kept in the link, filters nothing
    #: The view as it stood when only the sources published by then existed: a day
    #: ('2026-01-05': as it began) or a day and time ('2026-01-05T23:00'), in the visit's
    #: home zone; '' shows everything (`as_of_instant`).
    as_of: str = ""
    #: The place picked on the route map (a place id, '' for none): kept in the link, so
    #: that a shared link opens on it and Back takes the pick back; filters nothing.
    place: str = ""

    @property
    def active(self) -> bool:
        return bool(self.days or self.topics or self.cities or self.text)

    def cleared(self) -> Filters:
        return Filters(visit=self.visit, sort=self.sort, as_of=self.as_of, place=self.place)


@dataclass(frozen=True)
class Options:
    """The values each filter offers for one visit, with their labels, in display order."""

    days: dict[str, str]
    topics: dict[str, str]
    cities: dict[str, str]
    #: The places a link may pick on the route map.
    places: dict[str, str] = field(default_factory=dict)


#: What a visit that cannot be shown (a quarantined folder) offers.
NO_OPTIONS = Options(days={}, topics={}, cities={})


def options(visit: Visit) -> Options:
    days = {day_key(d): day_label(d) for d in visit.days}
    if visit.events["background"].any():
        days[BACKGROUND] = "Background"
    used_cities = (
        set(visit.events["city_id"]) | set(visit.legs["from_place"]) | set(visit.legs["to_place"])
    )
    cities = {str(c.id): str(c.name) for c in visit.cities.itertuples() if c.id in used_cities}
    places = dict(
        zip(visit.places["id"].astype(str), visit.places["name"].astype(str), strict=True)
    )
    return Options(days=days, topics=visit.topic_labels, cities=cities, places=places)


@dataclass(frozen=True)
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)


#: How many values a notice names before it counts the rest ("and 994 more").
NOTICE_NAMES = 5


def listed(values: Sequence[str], limit: int = NOTICE_NAMES) -> str:
    """Values from a link for a notice: the first `limit`, each cut to 40 characters and
    quoted, and a count of the rest."""
    shown = ", ".join(repr(v[:40]) for v in values[:limit])
    rest = len(values) - limit
    return f"{shown} and {rest:,} more" if rest > 0 else shown


def _clean(
    values: Sequence[str], allowed: Mapping[str, str], what: tuple[str, str]
) -> tuple[tuple, list]:
    """The values the visit offers, in its order; a notice naming the others. `what`: the
    noun, singular and plural."""
    kept, dropped = [], []
    for value in values:
        if value in allowed and value not in kept:
            kept.append(value)
        elif value not in allowed:
            dropped.append(value)
    notices = []
    if dropped:
        unknown = count_text(len(dropped), f"unknown {what[0]}", f"unknown {what[1]}")
        notices.append(f"Ignored {unknown} from the link: {listed(dropped)}.")
    # keep the display order, not the link's order
    order = list(allowed)
    return tuple(sorted(kept, key=order.index)), notices


def parse_params(
    params: Mapping[str, Sequence[str]], visit_ids: Sequence[str], options_for
) -> Parsed:
    """Filters from URL parameters. `options_for(visit_id)` gives that visit's `Options`
    (a visit that cannot be shown offers none: empty `Options`)."""
    notices: list[str] = []
    requested = [v for v in params.get("visit", []) if v]
    visit = visit_ids[0]
    if requested:
        if requested[0] in visit_ids:
            visit = requested[0]
        else:
            notices.append(
                f"Ignored unknown visit {requested[0][:40]!r} from the link; showing the first."
            )
    opts = options_for(visit)
    days, n1 = _clean(params.get("day", []), opts.days, ("day", "days"))
    topics, n2 = _clean(params.get("topic", []), opts.topics, ("topic", "topics"))
    cities, n3 = _clean(params.get("city", []), opts.cities, ("city", "cities"))
    text_values = [t for t in params.get("q", []) if t.strip()]
    text = text_values[0].strip() if text_values else ""
    if len(text) > MAX_TEXT:
        notices.append(f"Shortened the search text from the link to {MAX_TEXT} characters.")
        text = text[:MAX_TEXT].strip()  # as the search box keeps it
    sort = next(iter(params.get("sort", [])), DEFAULT_SORT)
    if sort not in SORTS:
        notices.append(f"Ignored unknown sort {sort[:40]!r} from the link.")
        sort = DEFAULT_SORT
    as_of, n4 = _as_of(params.get("as_of", []))
    place = next((p for p in params.get("place", []) if p), "")
    if place and place not in opts.places:
        notices.append(f"Ignored unknown place {place[:40]!r} from the link.")
        place = ""
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        words = count_text(len(unknown), "unknown link parameter")
        notices.append(f"Ignored {words}: {listed(unknown)}.")
    filters = Filters(visit, days, topics, cities, text, sort, as_of, place)
    return Parsed(filters, notices + n1 + n2 + n3 + n4)


def _as_of(values: Sequence[str]) -> tuple[str, list[str]]:
    """The link's as-of moment, checked (`as_of_text`); a notice for one that is not."""
    wanted = next((v.strip() for v in values if v.strip()), "")
    if not wanted:
        return "", []
    cleaned = as_of_text(wanted)
    if cleaned is None:
        return "", [
            f"Ignored the date {wanted[:40]!r} from the link (as_of takes YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM); showing everything."
        ]
    return cleaned, []


def as_of_text(value: str) -> str | None:
    """'2026-01-05' or '2026-01-05T23:00' as the link keeps it, or None when it is neither."""
    value = value.strip().replace(" ", "T")
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        moment = datetime.strptime(value[:16], "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M") if len(value) in (16, 19) else None


def as_of_instant(text: str, zone: str) -> datetime | None:
    """The as-of moment in the visit's home zone: a day alone is the moment it begins
    (00:00), so that the day of the article shows its plan; a source with no time of
    publication counts from the end of its own day (`claims.published_at`)."""
    if not text:
        return None
    tz = ZoneInfo(zone or "UTC")
    if "T" not in text:
        return datetime.combine(date.fromisoformat(text), time(0, 0)).replace(tzinfo=tz)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M").replace(tzinfo=tz)


def to_params(filters: Filters, default_visit: str) -> dict[str, list[str] | str]:
    """URL parameters for a filter state; empty filters are left out of the link."""
    params: dict[str, list[str] | str] = {}
    if filters.visit != default_visit:
        params["visit"] = filters.visit
    if filters.days:
        params["day"] = list(filters.days)
    if filters.topics:
        params["topic"] = list(filters.topics)
    if filters.cities:
        params["city"] = list(filters.cities)
    if filters.text:
        params["q"] = filters.text
    if filters.sort != DEFAULT_SORT:
        params["sort"] = filters.sort
    if filters.as_of:
        params["as_of"] = filters.as_of
    if filters.place:
        params["place"] = filters.place
    return params


# ---------------------------------------------------------------------------------------
# Applying filters


def _all(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=frame.index)


def event_mask_by(visit: Visit, filters: Filters, which: str) -> pd.Series:
    """Which events pass one filter (`day`, `topic`, `city` or `text`), vectorised."""
    events = visit.events
    if which == "day":
        if not filters.days:
            return _all(events)
        mask = events["background"] if BACKGROUND in filters.days else ~_all(events)
        for key in filters.days:
            if key == BACKGROUND:
                continue
            day = pd.Timestamp(key)
            # A ranged event counts on each day it may fall on.
            mask = mask | (
                ~events["background"] & (events["date_start"] <= day) & (events["date_end"] >= day)
            )
        return mask
    if which == "topic":
        if not filters.topics:
            return _all(events)
        wanted = set(filters.topics)
        return events["topics"].map(lambda ts: not wanted.isdisjoint(ts)).astype(bool)
    if which == "city":
        if not filters.cities:
            return _all(events)
        return events["city_id"].isin(filters.cities)
    if which == "text":
        if not filters.text:
            return _all(events)
        return events["search_text"].str.contains(filters.text.casefold(), regex=False)
    raise ValueError(f"unknown filter {which!r}")


FILTERS = ("day", "topic", "city", "text")
CARD_TEXT = ["title", "aim", "why", "quote"]


def _combined(masks: dict[str, pd.Series], frame: pd.DataFrame) -> np.ndarray:
    """The rows that pass every mask, as a numpy array: combining aligned Series costs
    pandas an index alignment per mask, more than the masks themselves on a click."""
    mask = np.ones(len(frame), dtype=bool)
    for alone in masks.values():
        mask &= alone.to_numpy(dtype=bool)
    return mask


def event_masks(visit: Visit, filters: Filters) -> dict[str, pd.Series]:
    return {which: event_mask_by(visit, filters, which) for which in FILTERS}


def event_mask(visit: Visit, filters: Filters) -> np.ndarray:
    """Which of the visit's events pass all the filters, in the events' order."""
    return _combined(event_masks(visit, filters), visit.events)


def filter_events(visit: Visit, filters: Filters) -> pd.DataFrame:
    return visit.events[_combined(event_masks(visit, filters), visit.events)]


def card_mask_by(
    visit: Visit, filters: Filters, which: str, event_mask: pd.Series | None = None
) -> pd.Series:
    """Which issue cards pass one filter. Day and city act through the card's events."""
    cards = visit.issue_cards
    if which == "topic":
        return cards["topic"].isin(filters.topics) if filters.topics else _all(cards)
    if which == "text":
        if not filters.text:
            return _all(cards)
        return search_text(cards, CARD_TEXT).str.contains(filters.text.casefold(), regex=False)
    if (which == "day" and not filters.days) or (which == "city" and not filters.cities):
        return _all(cards)
    if event_mask is None:
        event_mask = event_mask_by(visit, filters, which)
    passing = set(visit.events.loc[event_mask, "id"])
    return cards["related_events"].map(lambda ids: not passing.isdisjoint(ids)).astype(bool)


def card_masks(
    visit: Visit, filters: Filters, events_by: dict[str, pd.Series] | None = None
) -> dict[str, pd.Series]:
    events_by = events_by or event_masks(visit, filters)
    return {which: card_mask_by(visit, filters, which, events_by[which]) for which in FILTERS}


def filter_cards(visit: Visit, filters: Filters) -> pd.DataFrame:
    return visit.issue_cards[_combined(card_masks(visit, filters), visit.issue_cards)]


@dataclass(frozen=True)
class Counts:
    events: int  # visit and background events together, as the pages' frames hold them
    events_total: int
    cards: int
    cards_total: int
    per_filter: dict[str, int]  # events left by each active filter on its own
    background: int = 0  # of `events`, those before or after the visit
    background_total: int = 0
    per_filter_background: dict[str, int] = field(default_factory=dict)

    def events_text(self, which: str | None = None) -> str:
        """'10 of 10 visit events · 9 of 9 background': the visit's own events and the
        background counted apart, so no two counts on screen seem to disagree. `which`
        names one filter: what it leaves on its own."""
        shown = self.per_filter.get(which, self.events) if which else self.events
        background = (
            self.per_filter_background.get(which, self.background) if which else self.background
        )
        visit_total = self.events_total - self.background_total
        text = f"{shown - background:,} of {visit_total:,} visit events"
        if self.background_total:
            text += f" · {background:,} of {self.background_total:,} background"
        return text


@dataclass(frozen=True)
class Applied:
    """The filters applied once: what every page shows, and the counts the sidebar gives."""

    events: pd.DataFrame
    cards: pd.DataFrame
    counts: Counts


def apply(visit: Visit, filters: Filters) -> Applied:
    """Each filter's mask is computed once and shared by events, cards and counts."""
    events_by = event_masks(visit, filters)
    cards_by = card_masks(visit, filters, events_by)
    events = visit.events[_combined(events_by, visit.events)]
    cards = visit.issue_cards[_combined(cards_by, visit.issue_cards)]
    active = {which: mask for which, mask in events_by.items() if _is_active(filters, which)}
    background = visit.events["background"].to_numpy(dtype=bool)
    counts = Counts(
        len(events),
        len(visit.events),
        len(cards),
        len(visit.issue_cards),
        {which: int(mask.sum()) for which, mask in active.items()},
        background=int(events["background"].sum()),
        background_total=int(background.sum()),
        per_filter_background={
            which: int((mask.to_numpy(dtype=bool) & background).sum())
            for which, mask in active.items()
        },
    )
    return Applied(events, cards, counts)


def counts(visit: Visit, filters: Filters) -> Counts:
    return apply(visit, filters).counts


def _is_active(filters: Filters, which: str) -> bool:
    return bool(
        {
            "day": filters.days,
            "topic": filters.topics,
            "city": filters.cities,
            "text": filters.text,
        }[which]
    )


FILTER_NAMES = {"day": "day", "topic": "topic", "city": "city", "text": "search text"}


def emptying_filters(visit: Visit, filters: Filters, kind: str = "cards") -> list[str]:
    """The filters that empty the list: each active filter, added one at a time in sidebar
    order, that takes the count to zero; if no single step does, every active filter."""
    mask_by = card_mask_by if kind == "cards" else event_mask_by
    frame = visit.issue_cards if kind == "cards" else visit.events
    mask = pd.Series(True, index=frame.index)
    culprits = []
    for which in FILTERS:
        if not _is_active(filters, which):
            continue
        alone = mask_by(visit, filters, which)
        if not alone.any():
            culprits.append(which)
        mask &= alone
    if culprits:
        return [FILTER_NAMES[c] for c in culprits]
    if not mask.any():
        return [FILTER_NAMES[w] for w in FILTERS if _is_active(filters, w)]
    return []


def describe(filters: Filters, opts: Options) -> str:
    """A short sentence for what the filters keep, for headings and empty states."""
    parts = []
    if filters.days:
        parts.append("day " + ", ".join(opts.days[d] for d in filters.days))
    if filters.topics:
        parts.append("topic " + ", ".join(opts.topics[t] for t in filters.topics))
    if filters.cities:
        parts.append("city " + ", ".join(opts.cities[c] for c in filters.cities))
    if filters.text:
        parts.append(f"text “{filters.text}”")
    return "; ".join(parts) if parts else "everything"


__all__ = [
    "Filters",
    "Options",
    "Parsed",
    "Counts",
    "options",
    "parse_params",
    "to_params",
    "filter_events",
    "filter_cards",
    "apply",
    "counts",
    "emptying_filters",
    "describe",
]


def no_events_text(filters: Filters, opts: Options) -> str:
    """What a list of the visit's days says when the filters leave it empty: the Background
    day alone keeps only the background, which the Timeline shows; else which filters."""
    if filters.days and set(filters.days) == {BACKGROUND}:
        return (
            "The Background filter keeps only the events before and around the visit, not "
            "its days: they are on the Timeline, under its Background tab."
        )
    return f"No event of the visit matches the filters ({describe(filters, opts)})."
