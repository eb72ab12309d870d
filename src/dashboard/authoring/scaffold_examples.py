"""The example rows a new visit's tables carry as comments: one small fictional visit that
validates as a whole once uncommented (every quote is in the placeholder article's example
text, every id points at an example row, every date is the placeholder day). Coordinates
and zones are made up on purpose: replace every value."""

from __future__ import annotations

from ..data.schema import PLACEHOLDER_DAY as DAY

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "topics": [
        {
            "id": "trade",
            "label": "Trade",
            "description": "Trade and investment between the two countries.",
            "colour": "#0072B2",
            "quote": "to discuss trade and investment",
            "basis": "article",
        }
    ],
    "places": [
        {
            "id": "capital-a",
            "name": "Capital A",
            "kind": "city",
            "country": "Country A",
            "lat": "10.0",
            "lon": "20.0",
            "timezone": "Etc/UTC",
            "name_local": "Capital A",
            "name_local_lang": "en",
            "quote": "flying from Capital A",
            "basis": "reference",
            "basis_note": "Coordinates and time zone from a gazetteer (these are made up).",
        },
        {
            "id": "capital-b",
            "name": "Capital B",
            "kind": "city",
            "country": "Country B",
            "lat": "12.0",
            "lon": "24.0",
            "timezone": "Etc/GMT-3",
            "quote": "arrive in Capital B",
            "basis": "reference",
            "basis_note": "Coordinates and time zone from a gazetteer (these are made up).",
        },
    ],
    "people": [
        {
            "id": "president-b",
            "name": "President B",
            "role": "President of Country B",
            "country": "Country B",
            "quote": "summit talks with President B",
            "basis": "article",
        }
    ],
    "events": [
        {
            "id": "summit",
            "title": "Summit with President B",
            "kind": "summit",
            "status": "scheduled",
            "date_start": DAY,
            "date_end": DAY,
            "date_precision": "day",
            "date_as_written": "On Monday",
            "day_part": "afternoon",
            "place_id": "capital-b",
            "participants": "president-b",
            "topics": "trade",
            "background": "false",
            "summary": "The two presidents hold summit talks.",
            "quote": "On Monday she will hold summit talks with President B in the afternoon",
            "basis": "article",
            "place_id_basis": "inferred",
        }
    ],
    "legs": [
        {
            "id": "capital-a-to-capital-b",
            "seq": "1",
            "from_place": "capital-a",
            "to_place": "capital-b",
            "date": DAY,
            "date_precision": "day",
            "quote": "flying from Capital A to arrive in Capital B",
            "basis": "article",
        }
    ],
    "issue_cards": [
        {
            "id": "trade-deal",
            "topic": "trade",
            "title": "A trade agreement",
            "aim": "Sign an agreement on trade.",
            "aim_of": "Country A",
            "why": "Both sides want more trade.",
            "sensitivity": "on the agenda",
            "status": "expected",
            "related_events": "summit",
            "quote": "expected to sign an agreement on trade",
            "basis": "article",
        }
    ],
    "figures": [
        {
            "id": "agreements",
            "card_id": "trade-deal",
            "label": "Agreements expected",
            "value": "10",
            "value_as_written": "more than 10 agreements",
            "unit": "agreements",
            "qualifier": "more than",
            "headline": "true",
            "quote": "more than 10 agreements in all",
            "basis": "article",
        }
    ],
    "findings": [
        {
            "id": "date-weekday",
            "kind": "ambiguity",
            "affects": "summit",
            "says": "On Monday",
            "resolved": "The Monday of the visit.",
            "why": "The article gives the weekday only.",
            "quote": "On Monday",
        }
    ],
    "sources": [
        {
            "id": "wire-summit",
            "kind": "original",
            "outlet": "Example Wire",
            "title": "Presidents A and B hold summit talks",
            "url": "https://news.example/a-b-summit",
            "language": "en",
            "published_date": DAY,
            "published_time": "18:30",
            "published_zone": "Etc/UTC",
            "accessed": DAY,
            "note": "A report after the talks (made up): cite it, never copy its sentences.",
        }
    ],
    "claims": [
        {
            "id": "wire-summit-status",
            "source_id": "wire-summit",
            "table": "events",
            "row_id": "summit",
            "field": "status",
            "value": "done",
            "locator": "para 1",
        },
        {
            "id": "wire-summit-time",
            "source_id": "wire-summit",
            "table": "events",
            "row_id": "summit",
            "field": "time",
            "value": "15:00",
            "qualifier": "about",
            "locator": "para 2",
        },
    ],
}
