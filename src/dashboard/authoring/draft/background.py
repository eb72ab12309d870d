"""Events that are background: a dated happening before the visit ("since taking office
last June", "in a Friday interview", "the 2017 deployment of ...", "Norway opened an
embassy in Abuja in early October"), titled from the words around its date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from .date_words import Mention
from .dates import Dates
from .event_words import Event, city_named, kind_of, participants, status_of, title_of
from .people import Person
from .places import Place
from .text import Sentence

#: A happening said beside a past date: "since taking office", "a Friday interview with
#: ...", "the 2017 deployment of the ...", "a sideline encounter at the X in early November".
PAST_HAPPENING = re.compile(
    r"\b(?:since|after|following)\s+(?P<what>[a-z]+ing\s+[a-z]+)\s+(?=last|in|on)"
    r"|\ba\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?P<noun>[a-z]+(?:\s+with\s+(?:(?!\s+that\b)[^,.;])+)?)"
    r"|\bthe\s+\d{4}\s+(?P<np>[a-z]+(?:\s+of\s+the\s+(?:[^,.;]|\.(?=\S|\s+[A-Z]{2}))+)?)"
    r"|(?P<np2>(?:a|an|the)\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:at|of)\s+the\s+[A-Z][^,.;]*?)\s+in\s+(?:early|late|mid)?\s*[A-Z]"
)


def background_events(
    s: Sentence,
    dates: Dates,
    people: Sequence[Person] = (),
    places: Sequence[Place] = (),
    visit_first: dt.date | None = None,
    taken: Sequence[tuple[int, int]] = (),
) -> list[Event]:
    """The happenings one sentence dates before the visit (before `visit_first`, or
    ongoing into it), as events (ids left empty); a date inside one of the `taken`
    spans (an action's words) is the action's, not a happening's."""
    cities = [p for p in places if p.kind == "city"]
    events = []
    for m in dates.in_sentence(s):
        if not _before_visit(m, visit_first) or any(a <= m.start < b for a, b in taken):
            continue
        title, start, end = _happening(s.text, m)
        if not title:
            continue
        city = city_named(s.text[start : max(end, m.end)], cities)
        events.append(
            Event(
                "",
                title,
                kind_of(title, "event"),
                status_of(m.first, m.last, dates.written, s.text, m.tense),
                m.first,
                m.last,
                m.precision,
                m.text,
                city,
                "article" if city else "",
                s,
                s.quote(min(start, m.start), max(end, m.end)),
                True,
                participants(people, s.text[start:end]),
                note=f"Date: {m.why}.",
                span=(min(start, m.start), max(end, m.end)),
            )
        )
    return events


def _before_visit(m: Mention, visit_first: dt.date | None) -> bool:
    """Whether a resolved mention dates something before the visit: not a full date or
    the dateline, and ending before the visit's first day (or ongoing into it)."""
    if not m.resolved or m.kind in ("full", "dateline"):
        return False
    if visit_first is None:
        return True
    if m.first >= visit_first and m.precision == "day":
        return False
    return not (m.last >= visit_first and m.precision != "ongoing")


def _happening(text: str, m: Mention) -> tuple[str, int, int]:
    """What happened at a past date, read from the words around the mention: a title and
    the offsets of its words ("", 0, 0 if none)."""
    best = None
    for h in PAST_HAPPENING.finditer(text):
        distance = min(abs(h.start() - m.end), abs(m.start - h.end()))
        if best is None or distance < best[0]:
            best = (distance, h)
    if best and best[0] <= 25:
        return _named_happening(text, best[1])
    if m.kind == "in-years":
        start = _clause_start(text, m.start)
        clause = re.sub(r"^(?:when|as|while)\s+", "", text[start : m.end].strip())
        return title_of(f"Previous: {clause}"), start, m.end
    if m.kind == "year":
        start = max(
            _clause_start(text, m.start),
            text.rfind(" and ", 0, m.start) + 5 if " and " in text[: m.start] else 0,
        )
        clause = re.sub(r"^(?:and|but)\s+", "", text[start : m.end].strip())
        return title_of(clause), start, m.end
    if m.precision == "ongoing":
        start = _clause_start(text, m.start)
        subject = re.split(r"\s+(?:have|has)\s+been\b", text[start : m.start].strip())[0]
        return title_of(subject), start, m.end
    return _clause_before(text, m)


def _named_happening(text: str, h: re.Match) -> tuple[str, int, int]:
    """A happening PAST_HAPPENING names: "taking office", "interview with ...", "the 2017
    deployment of ...", "a sideline encounter at the ..."."""
    what = h["what"] or h["noun"] or h["np"] or h["np2"]
    if h["noun"]:
        what = text[h.start() : h.end()].split(" ", 1)[1]
    start = h.start("np2") if h["np2"] else h.start()
    return title_of(what), start, h.end()


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding offset `at` starts (after a comma or semicolon)."""
    return max(text.rfind(",", 0, at), text.rfind(";", 0, at)) + 1


def _clause_before(text: str, m: Mention) -> tuple[str, int, int]:
    """The clause the date ends: "Norway opened an embassy in Abuja in early October"."""
    start = _clause_start(text, m.start)
    clause = text[start : m.start]
    clause = re.sub(r"^\s*(?:and|but|after|before|when|while|as)\s+", "", clause)
    clause = re.sub(r"\s+(?:in|on|since|last|this|during|from)\s*$", "", clause.rstrip())
    clause = re.sub(r"\s+(?:in|on|since|during)\s*$", "", clause)
    if len(clause.split()) < 2:
        return "", 0, 0
    return title_of(clause), text.index(clause.strip(), start), m.end
