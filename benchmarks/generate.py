"""Synthetic, valid data folders of any size: `generate(folder, visits=N, events=M, seed=S)`.

N visit folders with M events spread evenly (the first visits take the remainder), and all
the pages read: topics, cities, venues and a sea area with coordinates and time zones,
people, legs, issue cards (one per 20 events), figures and findings, and the reports after
the visit: sources (one per 10 events) and about five claims per event. Every row quotes a
unique sentence of the visit's generated article, so the folder validates. The mix covers
the pages' paths: background events of every date precision, days and ranges, clock times,
events with no place or people, multi-span quotes, inferred rows. Everything is drawn from
`random.Random(seed)` in a fixed order, from value lists kept here (not the schema's, which
may grow): the same arguments write the same bytes, so a size is the folder measured before.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

from dashboard.data.schema import PALETTE, TABLES

ARTICLE, META = "article.txt", "article.meta.json"
FIRST_START, VISIT_SPACING_DAYS = dt.date(2026, 1, 4), 40
# The values drawn from, as the schema had them when the committed tables were measured.
BASIS = ("article", "reference", "inferred")
STATUS = ("done", "scheduled", "expected", "ongoing")
DAY_PART = ("morning", "midday", "afternoon", "evening")
SENSITIVITY = ("sensitive", "top priority", "on the agenda", "context")
STATUS_CARD = ("done", "scheduled", "expected", "ongoing", "on the agenda")
# (time zone, centre latitude, centre longitude, country): real zones, plausible places.
REGIONS = (
    ("Asia/Seoul", 36.5, 127.8, "Korea"), ("Asia/Shanghai", 33.0, 113.0, "China"),
    ("Asia/Tokyo", 36.0, 138.0, "Japan"), ("Europe/Paris", 46.5, 2.5, "France"),
    ("Europe/Berlin", 51.0, 10.0, "Germany"), ("America/New_York", 40.5, -76.0, "United States"),
    ("Australia/Sydney", -33.5, 150.5, "Australia"), ("America/Sao_Paulo", -22.5, -46.5, "Brazil"),
    ("Africa/Nairobi", -1.0, 37.0, "Kenya"), ("Asia/Kolkata", 22.0, 78.0, "India"),
)  # fmt: skip
TOPIC_LABELS = ("Trade", "Security", "Culture", "Energy", "History", "Technology", "Climate")
EVENT_KINDS = ("meeting", "summit", "travel", "forum", "meal", "signing", "visit", "talks")
FINDING_KINDS = ("contradiction", "ambiguity", "imprecise", "derivation", "inference", "consistent")
QUALIFIERS = ("", "", "", "more than", "about", "at least", "fewer than")
UNITS = ("agreements", "days", "people", "billion dollars", "year", "years")
NOTES = {"article": "", "reference": "Synthetic: coordinates and names are generated.",
         "inferred": "Synthetic: inferred by the generator, as a curator might infer it."}  # fmt: skip


def _clamp(value, low, high):
    return max(low, min(high, value))


class _Visit:
    """One visit folder being built: its rows per table and its article's sentences."""

    def __init__(self, rng: random.Random, number: int, n_events: int):
        self.rng, self.number, self.n_events = rng, number, n_events
        self.id = f"synthetic-visit-{number:02d}"
        self.rows: dict[str, list[dict]] = {}
        self.sentences: list[str] = []

    def cite(self, sentence: str) -> str:
        """Write `sentence` into the article; it is the row's quote."""
        self.sentences.append(sentence)
        return sentence

    def add(self, table: str, row: Callable[[], dict], *, basis: bool = True) -> None:
        """A row of `table`, made by `row()` after its `basis` is drawn (as every table
        with a basis had it drawn)."""
        if basis:
            drawn = self.rng.choices(BASIS, weights=(7, 1, 2))[0]
            row = {**row(), "basis": drawn, "basis_note": NOTES[drawn]}
        else:
            row = row()
        self.rows.setdefault(table, []).append(row if table == "visits" else {"visit_id": self.id, **row})


def _background_dates(rng: random.Random, visit_start: dt.date) -> tuple[str, str, str, str]:
    """(date_start, date_end, precision, as written) for an event before the visit."""
    year, month = rng.randint(2014, 2025), rng.randint(1, 12)
    precision = rng.choice(("year", "month", "early-month", "before", "ongoing", "day", "range"))
    if precision == "year":
        return f"{year}-01-01", f"{year}-12-31", precision, f"in {year}"
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if precision == "month":
        return first.isoformat(), last.isoformat(), precision, f"in {first:%B %Y}"
    if precision == "early-month":
        return first.isoformat(), first.replace(day=10).isoformat(), precision, f"in early {first:%B %Y}"
    day = first.replace(day=rng.randint(1, 28))
    if precision == "before":
        return day.isoformat(), day.isoformat(), precision, "recently"
    if precision == "ongoing":
        end = visit_start - dt.timedelta(days=1)
        return day.isoformat(), end.isoformat(), precision, f"ongoing since {day:%B %Y}"
    if precision == "day":
        return day.isoformat(), day.isoformat(), precision, f"on {day:%A, %B} {day.day}, {year}"
    end = day + dt.timedelta(days=rng.randint(1, 3))
    return day.isoformat(), end.isoformat(), precision, f"between {day.day} and {end:%d %B %Y}"


def _places(v: _Visit, home_region, host_region, guest_country, host_country) -> dict:
    """The guest's home city, the host's cities, venues in them, and a sea area."""
    rng, n = v.rng, v.number

    def place(pid, name, kind, city_id, country, region, zone, spread):
        v.add("places", lambda: {
            "id": pid, "name": name, "kind": kind, "city_id": city_id, "country": country,
            "lat": f"{_clamp(region[1] + rng.uniform(-spread, spread), -89.9, 89.9):.4f}",
            "lon": f"{_clamp(region[2] + rng.uniform(-spread, spread), -179.9, 179.9):.4f}",
            "timezone": zone, "name_ko": f"{name} (ko)" if rng.random() < 0.3 else "",
            "name_zh": f"{name} (zh)" if rng.random() < 0.3 else "",
            "quote": v.cite(f"{name} is a {kind} in {country}."),
        })  # fmt: skip
        return pid

    home = place(f"city-{n}-1", f"City {n}-1", "city", "", guest_country, home_region, home_region[0], 1.0)
    cities = [place(f"city-{n}-{k}", f"City {n}-{k}", "city", "", host_country, host_region, host_region[0], 4.0)
              for k in range(2, _clamp(v.n_events // 100, 3, 60) + 2)]  # fmt: skip
    venues = []
    for k in range(1, _clamp(v.n_events // 40, 2, 250) + 1):
        zone = host_region[0] if rng.random() < 0.9 else ""  # a few venues without a zone
        city = rng.choice(cities)
        venues.append(place(f"venue-{n}-{k}", f"Venue {n}-{k}", "venue", city, host_country, host_region, zone, 4.0))
    sea = place(f"sea-{n}", f"Sea {n}", "sea area", "", f"{guest_country} / {host_country}", host_region, "", 2.0)
    rows = v.rows["places"]
    return {"home": home, "cities": cities, "venues": venues, "sea": sea,
            "zones": {r["id"]: r["timezone"] for r in rows}, "names": {r["id"]: r["name"] for r in rows}}  # fmt: skip


def _when(v: _Visit, days: list[dt.date], places: dict, background: bool) -> dict:
    """Dates, place, time and status of an event: before the visit, or during it."""
    rng, time_local, day_part = v.rng, "", ""
    if background:
        first, last, precision, written = _background_dates(rng, days[0])
        place = rng.choice(["", "", places["home"], *places["cities"][:3], places["sea"]])
        status = rng.choice(("done", "ongoing")) if precision == "ongoing" else "done"
    else:
        d0 = rng.randrange(len(days))
        if rng.random() < 0.75:
            first = last = days[d0]
            precision, written = "day", f"on {first:%A}"
        else:
            d1 = min(len(days) - 1, d0 + rng.randint(1, 2))
            first, last = days[min(d0, d1 - 1)], days[d1]
            precision, written = "range", f"between {first:%A} and {last:%A}"
        first, last = first.isoformat(), last.isoformat()
        place = rng.choice(places["cities"] + places["venues"]) if rng.random() < 0.92 else ""
        if place and places["zones"].get(place) and rng.random() < 0.06:
            time_local = f"{rng.randint(7, 21):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        if rng.random() < 0.3:
            day_part = rng.choice(DAY_PART)
        status = rng.choice(STATUS)
    return {"date_start": first, "date_end": last, "date_precision": precision, "date_as_written": written,
            "time_local": time_local, "day_part": day_part, "place_id": place, "status": status}  # fmt: skip


def _event(v: _Visit, n: int, kind: str, when: dict, background: bool, people, topic_ids, names) -> dict:
    rng = v.rng
    participants = rng.sample(people, rng.randint(0, min(3, len(people))))
    topics = rng.sample(topic_ids, rng.choices((1, 2, 3), weights=(5, 3, 1))[0])
    where = names[when["place_id"]] if when["place_id"] else "a place not stated"
    quote = v.cite(f"Event {n} is a {kind} that takes place in {where} {when['date_as_written']}.")
    if rng.random() < 0.1:
        quote += " | " + v.cite(f"Event {n} concerns {len(topics)} topics.")
    return {
        "id": f"e-{n}", "title": f"{kind.capitalize()} {n} on {TOPIC_LABELS[topic_ids.index(topics[0])].lower()}",
        "kind": kind, **when, "participants": " ".join(participants), "topics": " ".join(topics),
        "background": "true" if background else "false",
        "summary": f"Summary of event {n}: a {kind} with {len(participants)} named people.", "quote": quote,
    }  # fmt: skip


def _build_visit(rng: random.Random, number: int, n_events: int, counters: dict) -> _Visit:
    """One visit's rows, table by table, in a fixed order of draws."""
    home_region, host_region = rng.sample(REGIONS, 2)
    n_days = rng.randint(3, 7)
    start = FIRST_START + dt.timedelta(days=VISIT_SPACING_DAYS * (number - 1))
    days = [start + dt.timedelta(days=i) for i in range(n_days)]
    guest, host = f"Guest {number}", f"Host {number}"
    guest_country, host_country = f"{home_region[3]} {number}", f"{host_region[3]} {number}"
    v = _Visit(rng, number, n_events)
    v.add("visits", lambda: {
        "id": v.id, "title": f"Synthetic state visit {number} of {guest} to {host_country}",
        "guest": guest, "guest_country": guest_country, "host": host, "host_country": host_country,
        "start_date": start.isoformat(), "end_date": days[-1].isoformat(), "seed": ARTICLE,
        "quote": v.cite(f"{guest} begins a {n_days}-day state visit to {host_country} on "
                        f"{start:%A, %B} {start.day}, {start.year}.")
        + " | " + v.cite(f"{guest} returns home on {days[-1]:%A}."),
    })  # fmt: skip
    topic_ids = []
    for k, (label, colour) in enumerate(zip(TOPIC_LABELS, PALETTE, strict=False), start=1):
        topic_ids.append(f"topic-{number}-{k}")
        v.add("topics", lambda k=k, label=label, colour=colour: {
            "id": f"topic-{number}-{k}", "label": f"{label} {number}", "colour": colour,
            "description": f"Everything about {label.lower()} during visit {number}.",
            "quote": v.cite(f"{label} {number} is on the agenda of visit {number}."),
        })  # fmt: skip
    places = _places(v, home_region, host_region, guest_country, host_country)
    people = []
    for k in range(1, _clamp(n_events // 50, 3, 300) + 1):
        name = guest if k == 1 else host if k == 2 else f"Person {number}-{k}"
        people.append(f"person-{number}-{k}")
        v.add("people", lambda k=k, name=name: {
            "id": f"person-{number}-{k}", "name": name,
            "role": "Guest" if k == 1 else "Host" if k == 2 else f"Official {k}",
            "country": guest_country if k % 2 else host_country,
            "name_ko": f"{name} (ko)" if rng.random() < 0.3 else "",
            "name_zh": f"{name} (zh)" if rng.random() < 0.3 else "",
            "quote": v.cite(f"{name} takes part in visit {number} as official {k}."),
        })  # fmt: skip
    route = [places["home"], *places["cities"][: _clamp(n_days - 1, 1, len(places["cities"]))], places["home"]]
    leg_days = [days[0]] + [days[min(i, n_days - 1)] for i in range(1, len(route) - 2)] + [days[-1]]
    for seq, (a, b) in enumerate(zip(route, route[1:], strict=False), start=1):
        v.add("legs", lambda seq=seq, a=a, b=b, when=leg_days[seq - 1]: {
            "id": f"leg-{number}-{seq}", "seq": str(seq), "from_place": a, "to_place": b,
            "date": when.isoformat(), "date_precision": "day",
            "quote": v.cite(f"Leg {seq} of visit {number} goes from {a} to {b} on {when:%A}."),
        })  # fmt: skip
    event_ids, visit_event_ids = [], []
    for _ in range(n_events):
        counters["event"] += 1
        n = counters["event"]
        event_ids.append(f"e-{n}")
        kind, background = rng.choice(EVENT_KINDS), rng.random() < 0.1
        if not background:
            visit_event_ids.append(f"e-{n}")
        when = _when(v, days, places, background)
        row = _event(v, n, kind, when, background, people, topic_ids, places["names"])
        v.add("events", lambda row=row: row)
    card_ids = []
    for _ in range(max(1, n_events // 20)):
        counters["card"] += 1
        n = counters["card"]
        card_ids.append(f"card-{n}")
        topic = rng.choice(topic_ids)
        pool = visit_event_ids if visit_event_ids and rng.random() < 0.85 else event_ids
        related = rng.sample(pool, min(len(pool), rng.randint(0, 5))) if pool else []
        v.add("issue_cards", lambda n=n, topic=topic, related=related: {
            "id": f"card-{n}", "topic": topic,
            "title": f"Issue {n} on {TOPIC_LABELS[topic_ids.index(topic)].lower()}",
            "aim": f"Agree on point {n}.", "why": f"Point {n} matters to both sides.",
            "sensitivity": rng.choice(SENSITIVITY), "status": rng.choice(STATUS_CARD),
            "related_events": " ".join(related),
            "quote": v.cite(f"Issue {n} is raised during visit {number}.")
            + (" | " + v.cite(f"Both sides hope to settle issue {n}.") if n % 3 == 0 else ""),
        })  # fmt: skip
    for k in range(max(2, len(card_ids) // 2)):
        counters["figure"] += 1
        n, unit, qualifier = counters["figure"], rng.choice(UNITS), rng.choice(QUALIFIERS)
        value = rng.randint(1990, 2025) if unit == "year" else round(rng.uniform(1, 500), 1)
        written = f"{qualifier} {value:g} {unit}".strip()
        v.add("figures", lambda n=n, k=k, unit=unit, qualifier=qualifier, value=value, written=written: {
            "id": f"fig-{n}", "card_id": rng.choice(card_ids) if rng.random() < 0.8 else "",
            "label": f"Figure {n}", "value": f"{value:g}", "value_as_written": written, "unit": unit,
            "qualifier": qualifier, "headline": "true" if k < 3 else "false",
            "quote": v.cite(f"Figure {n} of visit {number} is {written}."),
        }, basis=False)  # fmt: skip
    affectable = [v.id, *event_ids, *card_ids, *places["cities"]]
    for _ in range(max(2, n_events // 50)):
        counters["finding"] += 1
        n, kind = counters["finding"], rng.choice(FINDING_KINDS)
        affects = rng.sample(affectable, min(len(affectable), rng.randint(1, 4)))
        v.add("findings", lambda n=n, kind=kind, affects=affects: {
            "id": f"finding-{n}", "kind": kind, "affects": " ".join(affects),
            "says": f"Finding {n} says something {kind}.", "resolved": f"Finding {n} is resolved by the generator.",
            "why": f"Because finding {n} is synthetic.", "quote": v.cite(f"Finding {n} is noted in visit {number}."),
        }, basis=False)  # fmt: skip
    return v


SOURCE_KINDS, OUTCOMES = ("original", "official", "summary"), ("agreed", "progress", "discussed")


def _reports(v: _Visit, seed: int) -> None:
    """Sources and claims for a visit (about five claims per event of the visit, from one
    source in ten events), drawn from a generator of their own, so that every other table
    draws as it did before the reports' tables existed. Some values differ between sources
    (another day, another time, a summary's wrong place), as real reports do."""
    rng = random.Random(seed * 1_000 + v.number)
    visit = v.rows["visits"][0]
    start = dt.date.fromisoformat(visit["start_date"])
    n_sources = max(3, v.n_events // 10)
    sources = [f"src-{v.number}-{k}" for k in range(1, n_sources + 1)]
    for k, sid in enumerate(sources, start=1):
        day = start + dt.timedelta(days=rng.randint(0, 8))
        kind = rng.choices(SOURCE_KINDS, weights=(7, 1, 2))[0]
        v.rows.setdefault("sources", []).append({
            "id": sid, "visit_id": v.id, "kind": kind, "outlet": f"Outlet {k % 37}",
            "title": f"Report {k} on visit {v.number}", "url": f"https://news.example/{v.number}/{k}",
            "language": "en", "published_date": day.isoformat(),
            "published_time": f"{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.8 else "",
            "published_zone": "", "accessed": "2026-12-05", "note": "",
        })  # fmt: skip
    places = [p["id"] for p in v.rows["places"]]
    claims = v.rows.setdefault("claims", [])

    def claim(source, table, row_id, field, value, qualifier=""):
        claims.append({
            "id": f"claim-{v.number}-{len(claims) + 1}", "visit_id": v.id, "source_id": source,
            "table": table, "row_id": row_id, "field": field, "value": value,
            "qualifier": qualifier, "locator": f"para {rng.randint(1, 12)}", "note": "",
        })  # fmt: skip

    for event in v.rows.get("events", []):
        if event["background"] == "true":
            continue
        first, second = rng.sample(sources, 2)
        claim(first, "events", event["id"], "status", "done")
        claim(second, "events", event["id"], "status", "done")
        day = dt.date.fromisoformat(event["date_start"])
        other = day + dt.timedelta(days=1) if rng.random() < 0.05 else day
        claim(first, "events", event["id"], "date", day.isoformat())
        claim(second, "events", event["id"], "date", other.isoformat())
        if event["place_id"]:
            place = event["place_id"] if rng.random() < 0.95 else rng.choice(places)
            claim(first, "events", event["id"], "place", place)
        else:
            claim(first, "events", event["id"], "day_part", rng.choice(DAY_PART))
    for card in v.rows.get("issue_cards", []):
        claim(rng.choice(sources), "issue_cards", card["id"], "outcome", rng.choice(OUTCOMES))
    for figure in v.rows.get("figures", [])[:5]:
        claim(rng.choice(sources), "figures", figure["id"], "value", figure["value"])


def _article(v: _Visit) -> str:
    """A title line, then paragraphs of 12 cited (and a few uncited) sentences, shuffled."""
    sentences = v.sentences + [f"This is uncited sentence {k} of visit {v.number}." for k in range(1, 6)]
    v.rng.shuffle(sentences)
    lines = [f"SYNTHETIC ARTICLE for benchmarks of visit {v.number}, not a real news report."]
    lines += [" ".join(sentences[at : at + 12]) for at in range(0, len(sentences), 12)]
    return "\n".join(lines) + "\n"


def split_events(events: int, visits: int) -> list[int]:
    """Events per visit: even, the first visits take the remainder."""
    base, extra = divmod(events, visits)
    return [base + (1 if i < extra else 0) for i in range(visits)]


def generate(folder: Path | str, *, visits: int, events: int, seed: int = 0) -> Path:
    """Write `visits` visit folders with `events` events under `folder` (created if need
    be; visit folders of the same names are overwritten, other files left alone)."""
    if visits < 1 or events < 0:
        raise ValueError("visits must be at least 1 and events not negative")
    folder, rng = Path(folder), random.Random(seed)
    counters = {"event": 0, "card": 0, "figure": 0, "finding": 0}
    for number, n_events in enumerate(split_events(events, visits), start=1):
        v = _build_visit(rng, number, n_events, counters)
        _reports(v, seed)
        target = folder / v.id
        target.mkdir(parents=True, exist_ok=True)
        for name, table in TABLES.items():
            out = io.StringIO(newline="")
            writer = csv.DictWriter(out, fieldnames=table.column_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(v.rows.get(name, []))
            (target / table.file).write_text(out.getvalue(), encoding="utf-8", newline="")
        (target / ARTICLE).write_text(_article(v), encoding="utf-8", newline="")
        meta = {"file": ARTICLE, "title": f"Synthetic article of visit {number}",
                "origin": f"Generated by benchmarks/generate.py (seed {seed}); not a real source.",
                "licence": "Synthetic text, no licence needed.",
                "data_licence": "Synthetic data for benchmarks."}  # fmt: skip
        (target / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return folder
