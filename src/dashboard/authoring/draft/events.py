"""Events a text tells, in reading order: the moves of the itinerary, the actions of the
visit (see `actions`) and dated happenings before it (see `background`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from .actions import Scene, action_events
from .background import background_events
from .date_words import Mention
from .dates import Dates
from .event_words import Event, status_of
from .ids import slug, unique_ids
from .itinerary import Leg
from .people import Person
from .places import Place
from .text import Sentence
from .visit import NO_VISIT, Visit


def find_events(
    sentences: list[Sentence],
    dates: Dates,
    people: Sequence[Person] = (),
    places: Sequence[Place] = (),
    legs: Sequence[Leg] = (),
    visit: Visit = NO_VISIT,
) -> list[Event]:
    """Every event the sentences tell, sentence by sentence: its moves (one per leg), its
    actions, then the happenings it dates before the visit; each with an id from its title."""
    scene = Scene(dates, people, places, legs, visit)
    cities = scene.cities
    found: list[Event] = []
    there: Place | None = None  # the city last named: what a sentence opening "There" means
    for s in sentences:
        actions = action_events(s, scene, there if re.match(r"There\b", s.text) else None)
        taken = [event.span for event in actions if event.span]
        found += travel_events(s, legs, dates, visit)
        found += actions
        found += background_events(s, dates, people, places, visit.first, taken)
        named = [c for c in cities if re.search(rf"\b{re.escape(c.name)}\b", s.text)]
        there = named[-1] if named else there
    ids = unique_ids([slug(event.title, 40) for event in found])
    return [replace(event, id=ident) for event, ident in zip(found, ids, strict=True)]


def travel_events(
    s: Sentence, legs: Sequence[Leg], dates: Dates, visit: Visit = NO_VISIT
) -> list[Event]:
    """One event per leg a sentence tells (ids left empty): a departure from the guest's
    home, a return home, an arrival, or a move between two cities."""
    events = []
    for leg in legs:
        if leg.sentence != s:
            continue
        origin, destination = leg.origin, leg.destination
        where, note = origin, "The place is where the move starts."
        if leg.arrival:
            title, where = f"Arrival in {destination.name}", destination
            note = "The place is where the move ends (the text tells the arrival)."
        elif origin is visit.home:
            title = f"Departure for {destination.name}"
        elif destination is visit.home:
            title = "Return home"
        else:
            title = f"Travel from {origin.name} to {destination.name}"
        said = _said(dates, s, leg.date)
        events.append(
            Event(
                "",
                title,
                "travel",
                status_of(
                    leg.date, leg.date, dates.written, s.text, said.tense if said else "future"
                ),
                leg.date,
                leg.date,
                "day",
                said.text if said else "(no day stated)",
                where,
                "inferred" if leg.basis == "inferred" and where is visit.home else "article",
                s,
                leg.quote,
                False,
                (visit.guest,) if visit.guest else (),
                note=note,
            )
        )
    return events


def _said(dates: Dates, s: Sentence, day: dt.date) -> Mention | None:
    """The first mention of a sentence that resolves to `day` (not the dateline)."""
    said = [m for m in dates.in_sentence(s) if m.first == day and m.kind != "dateline"]
    return said[0] if said else None
