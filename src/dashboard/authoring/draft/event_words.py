"""An event, and what every event finder reads from an event's words: its kind, its
status against the date of writing, a title cut from the text, the city it happens in
and the people it names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .people import ROLE, Person, named_in
from .places import SITE_HEADS, Place
from .text import Sentence, capitalise, clip

#: The words that tell an event's kind, each a prefix of a word, first match wins (a
#: summit meeting is a summit, a meeting to sign is a signing).
KINDS = (
    ("summit", "summit"),
    ("talks", "talks"),
    ("forum", "forum"),
    ("sign", "signing"),
    ("lunch|dinner|banquet|breakfast", "meal"),
    ("meet", "meeting"),
    ("interview", "interview"),
    # Events of business: a startup or business event, with companies or investors.
    ("startup|business|compan|entrepreneur|investor", "business"),
    ("ceremony", "ceremony"),
    # A place of memory (see places.SITE_HEADS) or a rite at one.
    (f"{'|'.join(SITE_HEADS)}|memorial|wreath|commemorat", "commemoration"),
    ("visit", "visit"),
)


#: Verbs of a purpose clause ("to explore cooperation", "to mark its centennial").
PURPOSE_VERBS = "explore|mark|discuss|boost|ease|seek|promote|strengthen|deepen|improve|expand"


@dataclass(frozen=True)
class Event:
    """Something the text says happens or happened, on its days, at its place."""

    id: str
    title: str
    kind: str
    status: str  # done, scheduled, expected or ongoing
    first: dt.date
    last: dt.date
    precision: str  # as events.csv's date_precision
    as_written: str  # the date's words, or "(no day stated)"
    place: Place | None
    place_basis: str  # article or inferred; "" without a place
    sentence: Sentence
    quote: str
    background: bool  # before the visit, not part of it
    participants: tuple[Person, ...] = ()
    note: str = ""
    span: tuple[int, int] | None = None  # the offsets of its words in the sentence, if one span


def kind_of(text: str, default: str = "event") -> str:
    """The kind of event its words name (see KINDS)."""
    low = text.lower()
    return next((kind for words, kind in KINDS if re.search(rf"\b(?:{words})", low)), default)


def status_of(first: dt.date, last: dt.date, written: dt.date | None, text: str, tense: str) -> str:
    """Done, ongoing, expected or scheduled, against the date of writing and the words."""
    if written and last < written:
        return "done"
    if re.search(r"\bongoing\b|\bhave been\b", text):
        return "ongoing"
    if re.search(r"\bexpects?\b|\bexpected\b|\blikely\b", text):
        return "expected"
    if written and first <= written and tense == "past":
        return "done"
    return "scheduled"


def title_of(text: str) -> str:
    """A title cut from an event's words: no leading article, purpose, appositive, source
    or weekday."""
    text = re.sub(r"^(?:a|an|the)\s+", "", text.strip(" ,;:"))
    # A purpose, an appositive, a source clause or how widely is for the summary, not
    # the title.
    text = re.split(
        rf"\s+to\s+(?:{PURPOSE_VERBS})\b"
        rf"|,\s+(?:{ROLE}|the|who|which|according)\b"
        r"|\s+(?:across|in)\s+(?:various|several|many|a range of|a variety of)\b",
        text,
    )[0]
    text = re.sub(
        r"\s+(?:on|this|next|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$",
        "",
        text,
    )
    return capitalise(clip(text, 70))


def city_named(phrase: str, cities: Sequence[Place]) -> Place | None:
    """The city an event happens in: one the phrase puts it "in" or "at" (a forum in
    Oslo), not one it only names (a wind farm off the coast of ...)."""
    return next(
        (
            c
            for c in cities
            if re.search(rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(c.name)}\b", phrase)
        ),
        None,
    )


def participants(
    people: Sequence[Person], phrase: str, guest: Person | None = None
) -> tuple[Person, ...]:
    """The people a phrase names, after the guest if there is one (the guest takes part in
    every event of the visit)."""
    named = named_in(list(people), phrase)
    if guest is not None and guest not in named:
        named.insert(0, guest)
    return tuple(named)
