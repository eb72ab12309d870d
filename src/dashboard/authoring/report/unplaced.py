"""What a report says that the command could not place, for the editor to read: a time
or an outcome in a sentence that names no event of the plan, and people and places the
report names that the visit's tables do not have. Each is told by where it stands and in
a few words of its own (a name, a time), never by the report's sentences.
"""

from __future__ import annotations

from ..draft import find_people, find_places
from .clock import clock_times
from .propose import Reading
from .visit import VisitRows
from .words import CANCELLED, POSTPONED


def unplaced(reading: Reading, rows: VisitRows) -> list[str]:
    return _loose_sentences(reading) + _unknown_names(reading, rows)


def _loose_sentences(reading: Reading) -> list[str]:
    notes = []
    for sentence in reading.unmatched:
        said = [f"a clock time ({c.value})" for c in clock_times(sentence.text)]
        if CANCELLED.search(sentence.text) or POSTPONED.search(sentence.text):
            said.append("a cancellation or postponement")
        if said:
            notes.append(f"{sentence.locator}: {', '.join(said)}, but no event of the plan.")
    return notes


def _known(name: str, names: list[str]) -> bool:
    low = name.lower()
    return any(low == n.lower() or low in n.lower() or n.lower() in low for n in names)


def _unknown_names(reading: Reading, rows: VisitRows) -> list[str]:
    body = [s for s in reading.located if not s.headline]
    by_number = {s.sentence.number: s for s in body}
    sentences = [s.sentence for s in body]
    people = find_people(sentences)
    notes = [
        f"{by_number[p.sentence.number].locator}: names {p.name}, who is not in people.csv."
        for p in people
        if not _known(p.name, [q["name"] for q in rows.people.values()])
    ]
    countries = {rows.visit.get("guest_country", ""), rows.visit.get("host_country", "")}
    place_names = [p["name"] for p in rows.places.values()] + [c for c in countries if c]
    notes += [
        f"{by_number[p.sentence.number].locator}: names {p.name}, which is not in places.csv."
        for p in find_places(sentences, people)
        if not _known(p.name, place_names)
    ]
    return notes
