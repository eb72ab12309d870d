"""What goes beside the map: a clicked place's names, events and issue cards, the route in
words (alt text) and the legs as a table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...model.cells import sentence
from ...model.cells import text as _text
from ...model.visit import Visit
from ...model.words import date_text
from .places import place_events, shown_places
from .text import km_text, leg_date_text, script_names


@dataclass(frozen=True)
class PlaceDetails:
    """A place picked on the map. For a city, `events` include those at its venues (the
    `place` column says where); `cards` are the issue cards tied to those events."""

    id: str
    name: str
    kind: str
    country: str
    scripts: tuple[str, ...]  # names in other scripts, the local name first
    basis: str
    basis_note: str
    events: pd.DataFrame  # id, title, date, status, place
    cards: pd.DataFrame  # id, title, topic, sensitivity, status, events

    @property
    def inferred(self) -> bool:
        return self.basis == "inferred"


def _events_frame(events: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [str(e) for e in events["id"]],
            "title": [str(t) for t in events["title"]],
            "date": [date_text(e) for e in events.to_dict("records")],
            "status": [str(s) for s in events["status"]],
            "place": [_text(p) for p in events["place_name"]],
        },
        columns=["id", "title", "date", "status", "place"],
    )


def _cards_frame(visit: Visit, event_ids: set[str]) -> pd.DataFrame:
    cards = visit.issue_cards[
        visit.issue_cards["related_events"].map(lambda ids: bool(event_ids & set(ids)))
    ]
    labels = visit.topic_labels
    return pd.DataFrame(
        {
            "id": [str(c) for c in cards["id"]],
            "title": [str(t) for t in cards["title"]],
            "topic": [labels.get(str(t), str(t)) for t in cards["topic"]],
            "sensitivity": [str(s) for s in cards["sensitivity"]],
            "status": [str(s) for s in cards["status"]],
            "events": [
                ", ".join(i for i in ids if i in event_ids) for ids in cards["related_events"]
            ],
        },
        columns=["id", "title", "topic", "sensitivity", "status", "events"],
    )


def place_details(visit: Visit, place_id: str) -> PlaceDetails:
    """A place's names, basis, events and the issue cards tied to those events.
    Raises KeyError for a place id the visit does not have."""
    matches = visit.places[visit.places["id"] == place_id]
    if matches.empty:
        raise KeyError(f"no place {place_id!r} in visit {visit.id!r}")
    place = matches.iloc[0].to_dict()
    events = _events_frame(place_events(visit, place))
    return PlaceDetails(
        id=place_id,
        **{
            name: _text(place.get(name))
            for name in ("name", "kind", "country", "basis", "basis_note")
        },
        scripts=tuple(script_names(place)),
        events=events,
        cards=_cards_frame(visit, set(events["id"])),
    )


def place_choices(visit: Visit) -> dict[str, str]:
    """The places a reader can pick beside the map, id -> label: each city followed by its
    venues ('Venue, City'), in the data's order. A venue drawn under its city's ring, and
    a reader on a keyboard, reach it here; a place with no event is left out."""
    records = [r for r in visit.places.to_dict("records") if not place_events(visit, r).empty]
    names = {str(i): _text(n) for i, n in zip(visit.places["id"], visit.places["name"], strict=True)}

    def city_of(record: dict) -> str:
        city = _text(record.get("city_id"))
        return city if city in names and city != str(record["id"]) else ""

    choices: dict[str, str] = {}
    for record in records:
        if city_of(record):
            continue
        choices[str(record["id"])] = names[str(record["id"])]
        for venue in records:
            if city_of(venue) == str(record["id"]):
                choices[str(venue["id"])] = f"{names[str(venue['id'])]}, {names[str(record['id'])]}"
    for venue in records:  # a venue whose city has no event of its own
        if str(venue["id"]) not in choices:
            choices[str(venue["id"])] = f"{names[str(venue['id'])]}, {names[city_of(venue)]}"
    return choices


#: The tables beside the map, as a reader sees them: column -> base width in pixels. The
#: widths add up to less than a phone's column (about 340 pixels); on a wider screen every
#: column grows to fill the width. Rows are tall enough for text to wrap to three lines.
EVENT_COLUMNS = {"Event": 108, "When": 80, "Where": 72, "Status": 80}
CARD_COLUMNS = {"Issue": 140, "Topic": 122, "Status": 74}
TABLE_ROW_HEIGHT = 68


def events_table(details: PlaceDetails) -> pd.DataFrame:
    """The events at a picked place for reading: what, when, where (for a city, whose
    events may be at its venues) and status; no ids."""
    events = details.events
    table = pd.DataFrame(
        {
            "Event": events["title"],
            "When": events["date"],
            "Where": events["place"],
            "Status": events["status"],
        },
        columns=list(EVENT_COLUMNS),
    )
    return table if details.kind == "city" else table.drop(columns="Where")


def cards_table(details: PlaceDetails) -> pd.DataFrame:
    """The issue cards tied to a picked place's events, for reading: title, topic and
    status; no ids."""
    cards = details.cards
    return pd.DataFrame(
        {"Issue": cards["title"], "Topic": cards["topic"], "Status": cards["status"]},
        columns=list(CARD_COLUMNS),
    )


def route_alt_text(visit: Visit) -> str:
    """The route in words, for screen readers and as the map's alt text."""
    legs = visit.legs.sort_values("seq").to_dict("records")
    if not legs:
        return f"Map of {visit.title}: no legs are recorded."
    parts = [
        f"leg {int(leg['seq'])}, {leg_date_text(leg)}: {_text(leg['from_name'])} to "
        f"{_text(leg['to_name'])}, {km_text(leg['distance_km'])}"
        for leg in legs
    ]
    total = sum(float(leg["distance_km"]) for leg in legs)
    stops = [_text(legs[0]["from_name"])] + [_text(leg["to_name"]) for leg in legs]
    venues = [str(n) for n in shown_places(visit).query("kind == 'venue'")["name"]]
    text = (
        f"Map of {visit.title}: {len(legs)} legs, {' to '.join(stops)}, "
        f"{km_text(total)} in all by great-circle distance. " + sentence("; ".join(parts))
    )
    if venues:
        text += " Venues marked: " + ", ".join(venues) + "."
    return text


def legs_table(visit: Visit) -> pd.DataFrame:
    """The legs as a table: the same data as the arcs, for reading and screen readers."""
    legs = visit.legs.sort_values("seq").to_dict("records")
    return pd.DataFrame(
        {
            "Leg": [int(leg["seq"]) for leg in legs],
            "From": [_text(leg["from_name"]) for leg in legs],
            "To": [_text(leg["to_name"]) for leg in legs],
            "Date": [leg_date_text(leg) for leg in legs],
            "Distance (km)": [int(round(float(leg["distance_km"]))) for leg in legs],
        },
        columns=["Leg", "From", "To", "Date", "Distance (km)"],
    )
