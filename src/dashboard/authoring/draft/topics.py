"""Candidate topics from the article's own agenda words, and a draft issue card for each.

The agenda words are the lists the text introduces as such: "The talks will focus on
offshore energy, shipping, and climate finance", "Sensitive topics include ...", "Cultural
exchanges are also on the agenda". Each item becomes a topic; a card per topic quotes the
words that name it and the first other sentence about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entities import slug, unique_id
from .events import AGENDA, ON_AGENDA, Event
from .text import Sentence, capitalise, clip

_STOP = {
    "about",
    "after",
    "their",
    "there",
    "these",
    "those",
    "which",
    "while",
    "ties",
    "relations",
    "issues",
    "topics",
}


@dataclass
class Topic:
    id: str
    label: str
    sentence: Sentence
    quote: str
    sensitivity: str
    words: set[str] = field(default_factory=set)
    related: list[Event] = field(default_factory=list)
    context: list[Sentence] = field(default_factory=list)


def _words(label: str) -> set[str]:
    """The stems that name a topic; country names and nationalities name no topic (every
    sentence of a visit names its countries)."""
    from .entities import DEMONYMS, country_names

    names = {n.lower() for n in country_names() | set(DEMONYMS) for n in n.split()}
    found = set()
    for word in re.findall(r"[A-Za-z][A-Za-z-]+", label):
        low = word.lower()
        if len(low) >= 5 and low not in _STOP and low not in names:
            found.add(low[:6])
    return found


def find_topics(sentences: list[Sentence]) -> list[Topic]:
    topics: list[Topic] = []
    taken: set[str] = set()

    def add(label: str, sentence: Sentence, start: int, end: int, sensitivity: str) -> None:
        label = re.sub(r"^(?:the|a|an)\s+", "", label.strip(" ,;:"), flags=re.IGNORECASE)
        label = re.split(r",\s*(?:which|who|where|when)\b", label)[0]
        if len(label) > 30:  # "construction of steel structures in the ... zone": the head
            label = re.split(r"\s+(?:in|on|at|across|over|along|near)\s+", label)[0]
        if not label or len(label) < 3:
            return
        words = _words(label)
        for topic in topics:
            if words and words & topic.words:
                return  # the same subject, named again
        ident = unique_id(slug(label, 30), taken)
        topics.append(
            Topic(
                ident,
                capitalise(clip(label, 48)),
                sentence,
                sentence.quote(start, end),
                sensitivity,
                words,
            )
        )

    for s in sentences:
        for m in AGENDA.finditer(s.text):
            sensitivity = (
                "sensitive"
                if re.search(r"\bsensitive\b", s.text[: m.start() + 20], re.I)
                else "on the agenda"
            )
            at = m.start("list")
            items = re.split(
                r",\s*(?:and\s+)?|\s+and\s+",
                re.split(r",\s*(?:which|who|where|when|according\s+to|said)\b", m["list"])[0],
            )
            for item in items:
                start = s.text.find(item, at)
                if start < 0:
                    continue
                add(item, s, start, start + len(item), sensitivity)
                at = start + len(item)
        m = ON_AGENDA.search(s.text)
        if m:
            add(m["subject"], s, m.start("subject"), m.end("subject"), "on the agenda")
    for topic in topics:
        for s in sentences:
            if s is not topic.sentence and _mentions(s.text, topic):
                topic.context.append(s)
        if any(re.search(r"\btop priority\b", s.text) for s in topic.context[:1]):
            topic.sensitivity = "top priority"
    return topics


def _mentions(text: str, topic: Topic) -> bool:
    low = text.lower()
    if not topic.words:  # a topic named by a country alone: its name, whole
        return topic.label.lower() in low
    return any(re.search(rf"\b{re.escape(w)}", low) for w in topic.words)


def assign(events: list[Event], topics: list[Topic], general: str) -> None:
    """Each event gets the topics whose words it uses, else the general topic."""
    for event in events:
        text = f"{event.title} {event.quote}"
        event.topics = [t.id for t in topics if _mentions(text, t)] or [general]
        for t in topics:
            if t.id in event.topics:
                t.related.append(event)
