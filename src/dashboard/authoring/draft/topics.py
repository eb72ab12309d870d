"""Topics a text puts on its agenda, from the lists it introduces as such: "The talks will
focus on offshore energy, shipping, and climate finance", "Sensitive topics include ...",
"Cultural exchanges are also on the agenda". Each item is a topic, with the sentences that
name it again."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from .gazetteer import DEMONYMS, country_names
from .ids import slug, unique_ids
from .text import Sentence, capitalise, clip

AGENDA = re.compile(
    r"\b(?:focus(?:ing|es|ed)?\s+on|(?:topics|issues)\s+(?:include|included|including)|"
    r"agenda\s+(?:includes|covers))\s+(?P<list>[^.;]+)",
    re.IGNORECASE,
)
ON_AGENDA = re.compile(r"^(?P<subject>[A-Z][^,.;]*?)\s+(?:is|are)\s+(?:also\s+)?on the agenda")
#: Words of five letters or more that name no subject: function words, and the words for
#: relations and agendas themselves.
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


@dataclass(frozen=True)
class Topic:
    """A subject the text puts on the agenda."""

    id: str
    label: str
    sentence: Sentence  # where the agenda names it
    quote: str
    sensitivity: str  # sensitive, top priority or on the agenda
    words: frozenset[str]  # the stems that name it; empty for a topic named by a country
    context: tuple[Sentence, ...] = ()  # the other sentences that name it


class _Item(NamedTuple):
    label: str
    sentence: Sentence
    start: int
    end: int
    sensitivity: str


def find_topics(sentences: list[Sentence]) -> list[Topic]:
    """Every item of the agenda lists, once per subject (two items sharing a stem are one),
    in order, each with the other sentences that name it."""
    items: list[tuple[_Item, frozenset[str]]] = []
    for s in sentences:
        for item in _agenda_items(s):
            words = _words(item.label)
            if words and any(words & other for _, other in items):
                continue  # the same subject, named again
            items.append((item, words))
    ids = unique_ids([slug(item.label, 30) for item, _ in items])
    return [
        _topic(ident, item, words, sentences)
        for ident, (item, words) in zip(ids, items, strict=True)
    ]


def _agenda_items(s: Sentence) -> list[_Item]:
    """The items a sentence puts on the agenda, with their labels cleaned (see `_label`)."""
    found = []
    for m in AGENDA.finditer(s.text):
        sensitive = re.search(r"\bsensitive\b", s.text[: m.start() + 20], re.I)
        sensitivity = "sensitive" if sensitive else "on the agenda"
        at = m.start("list")
        head = re.split(r",\s*(?:which|who|where|when|according\s+to|said)\b", m["list"])[0]
        for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", head):
            start = s.text.find(item, at)
            if start < 0:
                continue
            found.append(_Item(_label(item), s, start, start + len(item), sensitivity))
            at = start + len(item)
    m = ON_AGENDA.search(s.text)
    if m:
        found.append(_Item(_label(m["subject"]), s, *m.span("subject"), "on the agenda"))
    return [item for item in found if len(item.label) >= 3]


def _label(text: str) -> str:
    """An agenda item's label: no article, no relative clause, the head of a long one
    ("construction of steel structures in the ... zone": the words before "in")."""
    label = re.sub(r"^(?:the|a|an)\s+", "", text.strip(" ,;:"), flags=re.IGNORECASE)
    label = re.split(r",\s*(?:which|who|where|when)\b", label)[0]
    if len(label) > 30:
        label = re.split(r"\s+(?:in|on|at|across|over|along|near)\s+", label)[0]
    return label


def _topic(ident: str, item: _Item, words: frozenset[str], sentences: list[Sentence]) -> Topic:
    topic = Topic(
        ident,
        capitalise(clip(item.label, 48)),
        item.sentence,
        item.sentence.quote(item.start, item.end),
        item.sensitivity,
        words,
    )
    context = tuple(s for s in sentences if s is not item.sentence and names_topic(s.text, topic))
    if any(re.search(r"\btop priority\b", s.text) for s in context[:1]):
        return replace(topic, context=context, sensitivity="top priority")
    return replace(topic, context=context)


@cache
def _country_words() -> frozenset[str]:
    """Every word of a country's name or nationality, lower case."""
    return frozenset(n.lower() for n in country_names() | set(DEMONYMS) for n in n.split())


def _words(label: str) -> frozenset[str]:
    """The stems that name a topic; country names and nationalities name no topic (every
    sentence of a visit names its countries)."""
    found = set()
    for word in re.findall(r"[A-Za-z][A-Za-z-]+", label):
        low = word.lower()
        if len(low) >= 5 and low not in _STOP and low not in _country_words():
            found.add(low[:6])
    return frozenset(found)


def names_topic(text: str, topic: Topic) -> bool:
    """Whether a text names a topic: one of its stems, or its whole label for a topic
    named by a country alone."""
    low = text.lower()
    if not topic.words:
        return topic.label.lower() in low
    return any(re.search(rf"\b{re.escape(w)}", low) for w in topic.words)
