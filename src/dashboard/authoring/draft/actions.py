"""Event candidates: one per dated or scheduled action, and one per dated past happening."""

from __future__ import annotations

import datetime as dt
import re

from .dates import Dates, Mention
from .entities import Person, Place, slug, unique_id
from .events import (
    ACTION,
    KINDS,
    PAST_HAPPENING,
    RETURN,
    SCHEDULED,
    TRAVEL,
    Event,
    Leg,
    Visit,
    _leg_quote,
    _mention_in,
    _person_named,
    _sentence_day,
    city_on,
    days_in,
)
from .text import Sentence, capitalise, clip


def _kind(text: str, default: str = "event") -> str:
    low = text.lower()
    return next((kind for word, kind in KINDS if re.search(rf"\b{word}", low)), default)


def _status(first: dt.date, last: dt.date, written: dt.date | None, text: str, tense: str) -> str:
    if written and last < written:
        return "done"
    if re.search(r"\bongoing\b|\bhave been\b", text):
        return "ongoing"
    if re.search(r"\bexpects?\b|\bexpected\b|\blikely\b", text):
        return "expected"
    if written and first <= written and tense == "past":
        return "done"
    return "scheduled"


def _title(text: str) -> str:
    text = re.sub(r"^(?:a|an|the)\s+", "", text.strip(" ,;:"))
    # A purpose, an appositive or a source clause is for the summary, not the title.
    text = re.split(
        r"\s+to\s+(?:explore|mark|discuss|boost|ease|seek|promote|strengthen|deepen)\b"
        r"|,\s+(?:chairman|chairwoman|president|premier|minister|the|who|which|according)\b"
        r"|\s+across\s+various\b",
        text,
    )[0]
    text = re.sub(
        r"\s+(?:on|this|next|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$",
        "",
        text,
    )
    return capitalise(clip(text, 70))


def _cut_at_actions(text: str, start: int) -> int:
    """Where an action that starts at `start` ends: at the next action or the sentence's end."""
    ends = [m.start() for m in ACTION.finditer(text, start + 1)]
    ends += [m.start() for m in TRAVEL.finditer(text, start + 1)]
    ends += [m.start() for m in RETURN.finditer(text, start + 1)]
    ends += [m.start() for m in re.finditer(r",\s+(?:before|after|then)\b", text[start + 1 :])]
    ends = [e if e > start else e + start + 1 for e in ends]
    ends = [e for e in ends if e > start]
    return min(ends) if ends else len(text.rstrip("."))


def draft_events(
    sentences: list[Sentence],
    people: list[Person],
    places: list[Place],
    legs: list[Leg],
    dates: Dates,
    visit: Visit,
) -> list[Event]:
    taken: set[str] = set()
    events: list[Event] = []
    cities = [p for p in places if p.kind == "city"]
    written = dates.written
    first = min((leg.date for leg in legs), default=None)
    last = max((leg.date for leg in legs), default=None)
    visit_days = [
        m.first for m in dates.mentions if m.resolved and m.precision == "day" and m.tense != "past"
    ]
    if first is None and visit_days:
        first = min(visit_days)
    if visit_days:
        last = max([*visit_days, *([last] if last else [])])
    if first and dates.duration:
        stated_last = first + dt.timedelta(days=dates.duration[0] - 1)
        last = max(last or stated_last, stated_last) if last and last > stated_last else stated_last
    visit.first, visit.last = first, last
    previous_city: Place | None = None

    def add(event: Event) -> None:
        event.id = unique_id(slug(event.title, 40), taken)
        events.append(event)

    used_spans: list[tuple[int, int, int]] = []

    for s in sentences:
        text = s.text
        there = previous_city if re.match(r"There\b", text) else None
        # 1. moves between cities, from the legs
        for leg in legs:
            if leg.sentence is s:
                origin, dest = leg.origin, leg.destination
                where, note = origin, "The place is where the move starts."
                if leg.arrival:
                    title, where = f"Arrival in {dest.name}", dest
                    note = "The place is where the move ends (the text tells the arrival)."
                elif origin is visit.home:
                    title = f"Departure for {dest.name}"
                elif dest is visit.home:
                    title = "Return home"
                else:
                    title = f"Travel from {origin.name} to {dest.name}"
                add(
                    Event(
                        "",
                        title,
                        "travel",
                        _status(leg.date, leg.date, written, text, _tense_at(dates, s, leg.date)),
                        leg.date,
                        leg.date,
                        "day",
                        _as_written(dates, s, leg.date),
                        where,
                        "inferred"
                        if leg.basis == "inferred" and where is visit.home
                        else "article",
                        s,
                        leg.quote,
                        False,
                        [visit.guest] if visit.guest else [],
                        note=note,
                    )
                )
        # 2. scheduled and dated actions
        actions: list[tuple[int, int, str]] = []
        for m in ACTION.finditer(text):
            verb_start = m.start("verb")
            end = _cut_at_actions(text, verb_start)
            actions.append((verb_start, end, text[verb_start:end]))
        for m in SCHEDULED.finditer(text):
            items = re.split(r"\s+and\s+(?=(?:a|an|the)\s)", m["list"])
            at = m.start("list")
            for item in items:
                start = text.index(item, at)
                actions.append((start, start + len(item), item))
                at = start + len(item)
        first_action = min((a[0] for a in actions), default=len(text))
        moves = [m.start() for m in TRAVEL.finditer(text)] + [
            m.start() for m in RETURN.finditer(text)
        ]
        for start, end, phrase in sorted(actions):
            if phrase.strip().lower().startswith(("visit to", "visit with")):
                continue
            trail = re.search(r",?\s+(?:and|before|after|then)\s*$", phrase)
            if trail:
                end -= len(trail[0])
                phrase = phrase[: trail.start()]
            mention = _mention_in(dates, s, start, end) or _sentence_day(dates, s, first_action)
            city = _city_named(phrase, cities) or there
            day_city = None
            if mention and mention.precision == "day":
                first_day = last_day = mention.first
                precision = "day"
                before = any(start < move for move in moves) if moves else None
                day_city = city_on(legs, mention.first, visit.home, before=before)
            elif city and (span := days_in(legs, city)):
                first_day, last_day = span
                precision = "range" if first_day != last_day else "day"
            elif visit.first and visit.last:
                first_day, last_day, precision = visit.first, visit.last, "range"
            else:
                continue
            place = city or day_city
            place_basis = "article" if city else "inferred"
            if place is None:
                place_basis = ""
            venue = next((p for p in places if p.kind == "venue" and _names(p.name, phrase)), None)
            if venue is not None:
                place, place_basis = venue, "article"
            note = ""
            if precision == "range":
                if city:
                    note = f"No day is stated: drafted as the days the guest is in {city.name}."
                elif venue is not None:
                    note = "No day is stated: drafted as the whole visit."
                else:
                    note = "No day or place is stated: drafted as the whole visit."
            elif place_basis == "inferred" and place is not None:
                note = f"No place is stated: drafted as {place.name}, where the itinerary puts the guest that day."
            title = _title(_strip_mention(phrase, mention))
            quote = s.quote(start, end)
            if mention and not (mention.start >= start and mention.end <= end):
                quote = _leg_quote(s, start, end, mention)
            add(
                Event(
                    "",
                    title,
                    _kind(phrase, "event"),
                    _status(
                        first_day, last_day, written, text, mention.tense if mention else "future"
                    ),
                    first_day,
                    last_day,
                    precision,
                    mention.text if mention else "(no day stated)",
                    place,
                    place_basis,
                    s,
                    quote,
                    False,
                    _participants(people, phrase, visit),
                    note=note,
                )
            )
            used_spans.append((s.number, start, end))
        # 3. dated past happenings (background)
        for m in dates.in_sentence(s):
            if not m.resolved or any(n == s.number and a <= m.start < b for n, a, b in used_spans):
                continue
            if m.kind in ("full", "dateline") or (
                visit.first and m.first >= visit.first and m.precision == "day"
            ):
                continue
            if visit.first and m.last >= visit.first and m.precision not in ("ongoing",):
                continue
            title, q_start, q_end = _happening(text, m)
            if not title:
                continue
            city = _city_named(text[q_start : max(q_end, m.end)], cities)
            add(
                Event(
                    "",
                    title,
                    _kind(title, "event"),
                    _status(m.first, m.last, written, text, m.tense),
                    m.first,
                    m.last,
                    m.precision,
                    m.text,
                    city,
                    "article" if city else "",
                    s,
                    s.quote(min(q_start, m.start), max(q_end, m.end)),
                    True,
                    _participants(people, text[q_start:q_end], None),
                    note=f"Date: {m.why}.",
                )
            )
        named = [c for c in cities if re.search(rf"\b{re.escape(c.name)}\b", text)]
        if named:
            previous_city = named[-1]
    return events


def _tense_at(dates: Dates, s: Sentence, day: dt.date) -> str:
    said = [m for m in dates.in_sentence(s) if m.first == day and m.kind != "dateline"]
    return said[0].tense if said else "future"


def _as_written(dates: Dates, s: Sentence, day: dt.date) -> str:
    said = [m for m in dates.in_sentence(s) if m.first == day and m.kind != "dateline"]
    return said[0].text if said else "(no day stated)"


def _city_named(phrase: str, cities: list[Place]) -> Place | None:
    """The city an action happens in: one the phrase puts it "in" or "at" (a forum in
    Oslo), not one it only names (a wind farm off the coast of ...)."""
    return next(
        (
            c
            for c in cities
            if re.search(rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(c.name)}\b", phrase)
        ),
        None,
    )


def _names(venue: str, phrase: str) -> bool:
    """Whether a phrase names a venue: "the site of the X" names "Site of the X"."""
    name = re.sub(
        r"^(?:Site|Grounds|Tomb|Mausoleum|Birthplace|Former residence) of (?:the )?", "", venue
    )
    return re.search(rf"\b{re.escape(name)}\b", phrase, re.IGNORECASE) is not None


def _strip_mention(phrase: str, mention: Mention | None) -> str:
    if mention is None:
        return phrase
    phrase = phrase.replace(mention.text, "").replace(" on ,", ",").strip(" ,")
    return re.sub(r"\s+(?:on|in|at)$", "", phrase)


def _participants(people: list[Person], phrase: str, visit: Visit | None) -> list[Person]:
    named = _person_named(people, phrase)
    if visit and visit.guest and visit.guest not in named:
        named.insert(0, visit.guest)
    return named


def _happening(text: str, m: Mention) -> tuple[str, int, int]:
    """What happened at a past date, read from the words around the mention."""
    best = None
    for h in PAST_HAPPENING.finditer(text):
        distance = min(abs(h.start() - m.end), abs(m.start - h.end()))
        if best is None or distance < best[0]:
            best = (distance, h)
    if best and best[0] <= 25:
        h = best[1]
        what = h["what"] or h["noun"] or h["np"] or h["np2"]
        if h["noun"]:
            what = f"{text[h.start() : h.end()].split(' ', 1)[1]}"
        start = h.start("np2") if h["np2"] else h.start()
        return _title(what), start, h.end()
    if m.kind == "in-years":
        clause_start = max(text.rfind(",", 0, m.start), text.rfind(";", 0, m.start)) + 1
        clause = text[clause_start : m.end].strip()
        clause = re.sub(r"^(?:when|as|while)\s+", "", clause)
        return _title(f"Previous: {clause}"), clause_start, m.end
    if m.kind == "year":
        clause_start = max(
            text.rfind(",", 0, m.start) + 1,
            text.rfind(";", 0, m.start) + 1,
            text.rfind(" and ", 0, m.start) + 5 if " and " in text[: m.start] else 0,
        )
        clause = text[clause_start : m.end].strip()
        clause = re.sub(r"^(?:and|but)\s+", "", clause)
        return _title(clause), clause_start, m.end
    if m.precision == "ongoing":
        clause_start = max(text.rfind(",", 0, m.start), text.rfind(";", 0, m.start)) + 1
        clause = text[clause_start : m.start].strip()
        subject = re.split(r"\s+(?:have|has)\s+been\b", clause)[0]
        return _title(subject), clause_start, m.end
    # Else the clause the date ends: "Norway opened an embassy in Abuja in early October".
    clause_start = max(text.rfind(",", 0, m.start), text.rfind(";", 0, m.start)) + 1
    clause = text[clause_start : m.start]
    clause = re.sub(r"^\s*(?:and|but|after|before|when|while|as)\s+", "", clause)
    clause = re.sub(r"\s+(?:in|on|since|last|this|during|from)\s*$", "", clause.rstrip())
    clause = re.sub(r"\s+(?:in|on|since|during)\s*$", "", clause)
    if len(clause.split()) < 2:
        return "", 0, 0
    start = text.index(clause.strip(), clause_start)
    return _title(clause), start, m.end
