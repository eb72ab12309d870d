"""Synthetic, valid data folders of any size, for the benchmarks.

`generate(folder, visits=N, events=M, seed=S)` writes N visit folders under `folder`, with M
events spread evenly over them (the first visits take the remainder), and everything the
pages read beside them: topics in the palette's colours, cities, venues and a sea area with
real coordinates and IANA time zones, people, the route's legs, issue cards (about one per 20
events, each with related events), key figures and findings. Every row quotes a short,
unique sentence ("Event 123 takes place in City 2-7.") that is written into that visit's
article (`article.txt`, beside its `article.meta.json`), so the folder passes
`python -m dashboard validate`.

The mix exercises the pages' code paths: about 10% background events with every date
precision (year, month, early-month, before, ongoing, day, range), visit events dated to a
day or a range of days, a few `time_local` values at places with a time zone, events with no
place or no participants, multi-span quotes, inferred rows with a basis note, and findings
that point at events, cards, places and the visit.

Everything is drawn from `random.Random(seed)`: the same arguments write the same bytes.
The tables are written row by row with the csv module; 100k events take a few seconds.

Command line: `python -m benchmarks generate FOLDER --visits 2 --events 10000 [--seed 0]`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.schema import (
    BASIS,
    DAY_PART,
    PALETTE,
    SENSITIVITY,
    STATUS,
    STATUS_CARD,
    TABLES,
)

ARTICLE = "article.txt"
META = "article.meta.json"
FIRST_START = dt.date(2026, 1, 4)
VISIT_SPACING_DAYS = 40

# (time zone, centre latitude, centre longitude, country): real zones, plausible places.
REGIONS = (
    ("Asia/Seoul", 36.5, 127.8, "Korea"),
    ("Asia/Shanghai", 33.0, 113.0, "China"),
    ("Asia/Tokyo", 36.0, 138.0, "Japan"),
    ("Europe/Paris", 46.5, 2.5, "France"),
    ("Europe/Berlin", 51.0, 10.0, "Germany"),
    ("America/New_York", 40.5, -76.0, "United States"),
    ("Australia/Sydney", -33.5, 150.5, "Australia"),
    ("America/Sao_Paulo", -22.5, -46.5, "Brazil"),
    ("Africa/Nairobi", -1.0, 37.0, "Kenya"),
    ("Asia/Kolkata", 22.0, 78.0, "India"),
)
TOPIC_LABELS = ("Trade", "Security", "Culture", "Energy", "History", "Technology", "Climate")
EVENT_KINDS = ("meeting", "summit", "travel", "forum", "meal", "signing", "visit", "talks")
FINDING_KINDS = ("contradiction", "ambiguity", "imprecise", "derivation", "inference", "consistent")
QUALIFIERS = ("", "", "", "more than", "about", "at least", "fewer than")
UNITS = ("agreements", "days", "people", "billion dollars", "year", "years")


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass
class _Visit:
    """One visit folder being built: its rows per table and its article's sentences."""

    number: int
    id: str
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict[str, str]) -> None:
        self.rows.setdefault(table, []).append(row)

    def cite(self, sentence: str) -> str:
        """Write `sentence` into the article and return it as the row's quote."""
        self.sentences.append(sentence)
        return sentence


def _basis(rng: random.Random) -> tuple[str, str]:
    basis = rng.choices(BASIS, weights=(7, 1, 2))[0]
    note = {
        "article": "",
        "reference": "Synthetic: coordinates and names are generated.",
        "inferred": "Synthetic: inferred by the generator, as a curator might infer it.",
    }[basis]
    return basis, note


def _place_row(v: _Visit, rng, pid, name, kind, city_id, country, region, zone, spread) -> dict:
    _, lat, lon, _ = region
    basis, note = _basis(rng)
    return {
        "id": pid,
        "visit_id": v.id,
        "name": name,
        "kind": kind,
        "city_id": city_id,
        "country": country,
        "lat": f"{_clamp_f(lat + rng.uniform(-spread, spread), -89.9, 89.9):.4f}",
        "lon": f"{_clamp_f(lon + rng.uniform(-spread, spread), -179.9, 179.9):.4f}",
        "timezone": zone,
        "name_ko": f"{name} (ko)" if rng.random() < 0.3 else "",
        "name_zh": f"{name} (zh)" if rng.random() < 0.3 else "",
        "quote": v.cite(f"{name} is a {kind} in {country}."),
        "basis": basis,
        "basis_note": note,
    }


def _clamp_f(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _background_dates(rng: random.Random, visit_start: dt.date) -> tuple[str, str, str, str]:
    """(date_start, date_end, precision, as written) for an event before the visit."""
    year = rng.randint(2014, 2025)
    month = rng.randint(1, 12)
    precision = rng.choice(("year", "month", "early-month", "before", "ongoing", "day", "range"))
    if precision == "year":
        return f"{year}-01-01", f"{year}-12-31", precision, f"in {year}"
    first = dt.date(year, month, 1)
    last_of_month = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
        days=1
    )
    if precision == "month":
        return first.isoformat(), last_of_month.isoformat(), precision, f"in {first:%B %Y}"
    if precision == "early-month":
        return (
            first.isoformat(),
            first.replace(day=10).isoformat(),
            precision,
            f"in early {first:%B %Y}",
        )
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


@dataclass(frozen=True)
class _Frame:
    """Who, where and when of one visit: what every table of it refers to."""

    number: int
    vid: str
    home_region: tuple
    host_region: tuple
    guest_country: str
    host_country: str
    n_days: int
    start: dt.date
    end: dt.date
    days: list[dt.date]
    guest: str
    host: str


@dataclass(frozen=True)
class _Places:
    home: str
    host_cities: list[str]
    venues: list[str]
    sea: str
    zones: dict[str, str]  # place id -> IANA time zone ("" for none)
    names: dict[str, str]  # place id -> name


@dataclass(frozen=True)
class _Events:
    ids: list[str]  # every event, background included
    visit_ids: list[str]  # the events during the visit


def _frame(rng: random.Random, number: int) -> _Frame:
    home_region, host_region = rng.sample(REGIONS, 2)
    n_days = rng.randint(3, 7)
    start = FIRST_START + dt.timedelta(days=VISIT_SPACING_DAYS * (number - 1))
    return _Frame(
        number=number,
        vid=f"synthetic-visit-{number:02d}",
        home_region=home_region,
        host_region=host_region,
        guest_country=f"{home_region[3]} {number}",
        host_country=f"{host_region[3]} {number}",
        n_days=n_days,
        start=start,
        end=start + dt.timedelta(days=n_days - 1),
        days=[start + dt.timedelta(days=i) for i in range(n_days)],
        guest=f"Guest {number}",
        host=f"Host {number}",
    )


def _add_visit_row(v: _Visit, rng: random.Random, f: _Frame) -> None:
    basis, note = _basis(rng)
    v.add(
        "visits",
        {
            "id": f.vid,
            "title": f"Synthetic state visit {f.number} of {f.guest} to {f.host_country}",
            "guest": f.guest,
            "guest_country": f.guest_country,
            "host": f.host,
            "host_country": f.host_country,
            "start_date": f.start.isoformat(),
            "end_date": f.end.isoformat(),
            "seed": ARTICLE,
            "quote": v.cite(
                f"{f.guest} begins a {f.n_days}-day state visit to {f.host_country} on "
                f"{f.start:%A, %B} {f.start.day}, {f.start.year}."
            )
            + " | "
            + v.cite(f"{f.guest} returns home on {f.end:%A}."),
            "basis": basis,
            "basis_note": note,
        },
    )


def _add_topics(v: _Visit, rng: random.Random, f: _Frame) -> list[str]:
    topic_ids = []
    for k, (label, colour) in enumerate(zip(TOPIC_LABELS, PALETTE, strict=False), start=1):
        tid = f"topic-{f.number}-{k}"
        topic_ids.append(tid)
        basis, note = _basis(rng)
        v.add(
            "topics",
            {
                "id": tid,
                "visit_id": f.vid,
                "label": f"{label} {f.number}",
                "description": f"Everything about {label.lower()} during visit {f.number}.",
                "colour": colour,
                "quote": v.cite(f"{label} {f.number} is on the agenda of visit {f.number}."),
                "basis": basis,
                "basis_note": note,
            },
        )
    return topic_ids


def _add_places(v: _Visit, rng: random.Random, f: _Frame, n_events: int) -> _Places:
    """The guest's home city, the host's cities, venues in them, and a sea area."""
    number, home_region, host_region = f.number, f.home_region, f.host_region

    def place(pid, name, kind, city_id, country, region, zone, spread) -> None:
        v.add("places", _place_row(v, rng, pid, name, kind, city_id, country, region, zone, spread))

    n_cities = _clamp(n_events // 100, 3, 60)
    n_venues = _clamp(n_events // 40, 2, 250)
    home = f"city-{number}-1"
    place(home, f"City {number}-1", "city", "", f.guest_country, home_region, home_region[0], 1.0)
    host_cities = []
    for k in range(2, n_cities + 2):
        pid = f"city-{number}-{k}"
        host_cities.append(pid)
        place(
            pid, f"City {number}-{k}", "city", "", f.host_country, host_region, host_region[0], 4.0
        )
    venues = []
    for k in range(1, n_venues + 1):
        pid = f"venue-{number}-{k}"
        venues.append(pid)
        zone = host_region[0] if rng.random() < 0.9 else ""  # a few venues without a zone
        city = rng.choice(host_cities)
        place(pid, f"Venue {number}-{k}", "venue", city, f.host_country, host_region, zone, 4.0)
    sea = f"sea-{number}"
    countries = f"{f.guest_country} / {f.host_country}"
    place(sea, f"Sea {number}", "sea area", "", countries, host_region, "", 2.0)
    return _Places(
        home=home,
        host_cities=host_cities,
        venues=venues,
        sea=sea,
        zones={row["id"]: row["timezone"] for row in v.rows["places"]},
        names={row["id"]: row["name"] for row in v.rows["places"]},
    )


def _add_people(v: _Visit, rng: random.Random, f: _Frame, n_events: int) -> list[str]:
    number, guest, host = f.number, f.guest, f.host
    people = []
    for k in range(1, _clamp(n_events // 50, 3, 300) + 1):
        pid = f"person-{number}-{k}"
        people.append(pid)
        name = guest if k == 1 else host if k == 2 else f"Person {number}-{k}"
        basis, note = _basis(rng)
        v.add(
            "people",
            {
                "id": pid,
                "visit_id": f.vid,
                "name": name,
                "role": "Guest" if k == 1 else "Host" if k == 2 else f"Official {k}",
                "country": f.guest_country if k % 2 else f.host_country,
                "name_ko": f"{name} (ko)" if rng.random() < 0.3 else "",
                "name_zh": f"{name} (zh)" if rng.random() < 0.3 else "",
                "quote": v.cite(f"{name} takes part in visit {number} as official {k}."),
                "basis": basis,
                "basis_note": note,
            },
        )
    return people


def _add_legs(v: _Visit, rng: random.Random, f: _Frame, places: _Places) -> None:
    """The route: home -> host cities (one a day at most) -> home."""
    number, n_days, days = f.number, f.n_days, f.days
    host_cities = places.host_cities
    stops = host_cities[: _clamp(n_days - 1, 1, len(host_cities))]
    route = [places.home, *stops, places.home]
    leg_days = [days[0]] + [days[min(i, n_days - 1)] for i in range(1, len(route) - 2)] + [f.end]
    for seq, (a, b) in enumerate(zip(route, route[1:], strict=False), start=1):
        basis, note = _basis(rng)
        when = leg_days[seq - 1]
        v.add(
            "legs",
            {
                "id": f"leg-{number}-{seq}",
                "visit_id": f.vid,
                "seq": str(seq),
                "from_place": a,
                "to_place": b,
                "date": when.isoformat(),
                "date_precision": "day",
                "quote": v.cite(f"Leg {seq} of visit {number} goes from {a} to {b} on {when:%A}."),
                "basis": basis,
                "basis_note": note,
            },
        )


def _background_when(rng: random.Random, f: _Frame, places: _Places) -> dict[str, str]:
    """Dates, place and status of a background event (before the visit)."""
    first, last, precision, written = _background_dates(rng, f.start)
    place = rng.choice(["", "", places.home, *places.host_cities[:3], places.sea])
    status = rng.choice(("done", "ongoing")) if precision == "ongoing" else "done"
    return {
        "date_start": first,
        "date_end": last,
        "date_precision": precision,
        "date_as_written": written,
        "time_local": "",
        "day_part": "",
        "place_id": place,
        "status": status,
    }


def _visit_when(rng: random.Random, f: _Frame, places: _Places) -> dict[str, str]:
    """Dates, place, time and status of an event during the visit."""
    n_days, days = f.n_days, f.days
    time_local = day_part = ""
    d0 = rng.randrange(n_days)
    if rng.random() < 0.75:
        first = last = days[d0]
        precision, written = "day", f"on {first:%A}"
    else:
        d1 = min(n_days - 1, d0 + rng.randint(1, 2))
        d0 = min(d0, d1 - 1)
        first, last = days[d0], days[d1]
        precision, written = "range", f"between {first:%A} and {last:%A}"
    first, last = first.isoformat(), last.isoformat()
    host_places = places.host_cities + places.venues
    place = rng.choice(host_places) if rng.random() < 0.92 else ""
    if place and places.zones.get(place) and rng.random() < 0.06:
        time_local = f"{rng.randint(7, 21):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    if rng.random() < 0.3:
        day_part = rng.choice(DAY_PART)
    status = rng.choice(STATUS)
    return {
        "date_start": first,
        "date_end": last,
        "date_precision": precision,
        "date_as_written": written,
        "time_local": time_local,
        "day_part": day_part,
        "place_id": place,
        "status": status,
    }


def _event_row(
    v: _Visit,
    rng: random.Random,
    f: _Frame,
    n: int,
    when: dict[str, str],
    people: list[str],
    topic_ids: list[str],
    names: dict[str, str],
) -> dict[str, str]:
    """The rest of event `n`'s row, once its kind and `when` are drawn."""
    kind, background = when.pop("kind"), when.pop("background")
    participants = rng.sample(people, rng.randint(0, min(3, len(people))))
    topics = rng.sample(topic_ids, rng.choices((1, 2, 3), weights=(5, 3, 1))[0])
    place = when["place_id"]
    where = names[place] if place else "a place not stated"
    title = f"{kind.capitalize()} {n} on {TOPIC_LABELS[topic_ids.index(topics[0])].lower()}"
    quote = v.cite(f"Event {n} is a {kind} that takes place in {where} {when['date_as_written']}.")
    if rng.random() < 0.1:
        quote += " | " + v.cite(f"Event {n} concerns {len(topics)} topics.")
    basis, note = _basis(rng)
    return {
        "id": f"e-{n}",
        "visit_id": f.vid,
        "title": title,
        "kind": kind,
        "status": when["status"],
        "date_start": when["date_start"],
        "date_end": when["date_end"],
        "date_precision": when["date_precision"],
        "date_as_written": when["date_as_written"],
        "time_local": when["time_local"],
        "day_part": when["day_part"],
        "place_id": place,
        "participants": " ".join(participants),
        "topics": " ".join(topics),
        "background": "true" if background else "false",
        "summary": f"Summary of event {n}: a {kind} with {len(participants)} named people.",
        "quote": quote,
        "basis": basis,
        "basis_note": note,
    }


def _add_events(
    v: _Visit,
    rng: random.Random,
    f: _Frame,
    places: _Places,
    people: list[str],
    topic_ids: list[str],
    n_events: int,
    counters: dict,
) -> _Events:
    event_ids, visit_event_ids = [], []
    for _ in range(n_events):
        counters["event"] += 1
        n = counters["event"]
        event_ids.append(f"e-{n}")
        kind = rng.choice(EVENT_KINDS)
        background = rng.random() < 0.1
        if background:
            when = _background_when(rng, f, places)
        else:
            visit_event_ids.append(f"e-{n}")
            when = _visit_when(rng, f, places)
        when.update(kind=kind, background=background)
        v.add("events", _event_row(v, rng, f, n, when, people, topic_ids, places.names))
    return _Events(event_ids, visit_event_ids)


def _add_issue_cards(
    v: _Visit,
    rng: random.Random,
    f: _Frame,
    topic_ids: list[str],
    events: _Events,
    n_events: int,
    counters: dict,
) -> list[str]:
    """About one card per 20 events, each with related events (mostly the visit's own)."""
    number, event_ids, visit_event_ids = f.number, events.ids, events.visit_ids
    card_ids = []
    for _ in range(max(1, n_events // 20)):
        counters["card"] += 1
        n = counters["card"]
        cid = f"card-{n}"
        card_ids.append(cid)
        topic = rng.choice(topic_ids)
        pool = visit_event_ids if visit_event_ids and rng.random() < 0.85 else event_ids
        related = rng.sample(pool, min(len(pool), rng.randint(0, 5))) if pool else []
        basis, note = _basis(rng)
        v.add(
            "issue_cards",
            {
                "id": cid,
                "visit_id": f.vid,
                "topic": topic,
                "title": f"Issue {n} on {TOPIC_LABELS[topic_ids.index(topic)].lower()}",
                "aim": f"Agree on point {n}.",
                "why": f"Point {n} matters to both sides.",
                "sensitivity": rng.choice(SENSITIVITY),
                "status": rng.choice(STATUS_CARD),
                "related_events": " ".join(related),
                "quote": v.cite(f"Issue {n} is raised during visit {number}.")
                + (" | " + v.cite(f"Both sides hope to settle issue {n}.") if n % 3 == 0 else ""),
                "basis": basis,
                "basis_note": note,
            },
        )
    return card_ids


def _add_figures(
    v: _Visit, rng: random.Random, f: _Frame, card_ids: list[str], counters: dict
) -> None:
    for k in range(max(2, len(card_ids) // 2)):
        counters["figure"] += 1
        n = counters["figure"]
        unit = rng.choice(UNITS)
        qualifier = rng.choice(QUALIFIERS)
        value = rng.randint(1990, 2025) if unit == "year" else round(rng.uniform(1, 500), 1)
        written = f"{qualifier} {value:g} {unit}".strip()
        v.add(
            "figures",
            {
                "id": f"fig-{n}",
                "visit_id": f.vid,
                "card_id": rng.choice(card_ids) if rng.random() < 0.8 else "",
                "label": f"Figure {n}",
                "value": f"{value:g}",
                "value_as_written": written,
                "unit": unit,
                "qualifier": qualifier,
                "headline": "true" if k < 3 else "false",
                "quote": v.cite(f"Figure {n} of visit {f.number} is {written}."),
            },
        )


def _add_findings(
    v: _Visit,
    rng: random.Random,
    f: _Frame,
    affectable: list[str],
    n_events: int,
    counters: dict,
) -> None:
    for _ in range(max(2, n_events // 50)):
        counters["finding"] += 1
        n = counters["finding"]
        kind = rng.choice(FINDING_KINDS)
        affects = rng.sample(affectable, min(len(affectable), rng.randint(1, 4)))
        v.add(
            "findings",
            {
                "id": f"finding-{n}",
                "visit_id": f.vid,
                "kind": kind,
                "affects": " ".join(affects),
                "says": f"Finding {n} says something {kind}.",
                "resolved": f"Finding {n} is resolved by the generator.",
                "why": f"Because finding {n} is synthetic.",
                "quote": v.cite(f"Finding {n} is noted in visit {f.number}."),
            },
        )


def _build_visit(rng: random.Random, number: int, n_events: int, counters: dict) -> _Visit:
    """One visit's rows, table by table, in a fixed order: every draw from `rng` comes in
    the same sequence, so a seed always writes the same bytes."""
    f = _frame(rng, number)
    v = _Visit(number, f.vid)
    _add_visit_row(v, rng, f)
    topic_ids = _add_topics(v, rng, f)
    places = _add_places(v, rng, f, n_events)
    people = _add_people(v, rng, f, n_events)
    _add_legs(v, rng, f, places)
    events = _add_events(v, rng, f, places, people, topic_ids, n_events, counters)
    card_ids = _add_issue_cards(v, rng, f, topic_ids, events, n_events, counters)
    _add_figures(v, rng, f, card_ids, counters)
    affectable = [f.vid, *events.ids, *card_ids, *places.host_cities]
    _add_findings(v, rng, f, affectable, n_events, counters)
    return v


def _article(v: _Visit, rng: random.Random) -> str:
    """The visit's article: a title line, then paragraphs of cited (and a few uncited)
    sentences in a shuffled order."""
    sentences = list(v.sentences)
    sentences += [f"This is uncited sentence {k} of visit {v.number}." for k in range(1, 6)]
    rng.shuffle(sentences)
    lines = [f"SYNTHETIC ARTICLE for benchmarks of visit {v.number}, not a real news report."]
    for at in range(0, len(sentences), 12):
        lines.append(" ".join(sentences[at : at + 12]))
    return "\n".join(lines) + "\n"


def _csv(table: str, rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    columns = TABLES[table].column_names
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def split_events(events: int, visits: int) -> list[int]:
    """Events per visit: even, the first visits take the remainder."""
    base, extra = divmod(events, visits)
    return [base + (1 if i < extra else 0) for i in range(visits)]


def generate(folder: Path | str, *, visits: int, events: int, seed: int = 0) -> Path:
    """Write a valid synthetic data folder with `visits` visit folders and `events` events.

    `folder` is created if needed; existing visit folders of the same names are overwritten,
    other files are left alone. Returns the folder.
    """
    if visits < 1:
        raise ValueError("visits must be at least 1")
    if events < 0:
        raise ValueError("events must not be negative")
    folder = Path(folder)
    rng = random.Random(seed)
    counters = {"event": 0, "card": 0, "figure": 0, "finding": 0}
    for number, n_events in enumerate(split_events(events, visits), start=1):
        v = _build_visit(rng, number, n_events, counters)
        target = folder / v.id
        target.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            (target / TABLES[table].file).write_text(
                _csv(table, v.rows.get(table, [])), encoding="utf-8", newline=""
            )
        (target / ARTICLE).write_text(_article(v, rng), encoding="utf-8", newline="")
        meta = {
            "file": ARTICLE,
            "title": f"Synthetic article of visit {number}",
            "origin": f"Generated by benchmarks/generate.py (seed {seed}); not a real source.",
            "licence": "Synthetic text, no licence needed.",
            "data_licence": "Synthetic data for benchmarks.",
        }
        (target / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return folder
