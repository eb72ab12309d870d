"""The words a report uses for what happened: events, their tense and their outcome.

The article drafter reads a plan ("will attend", "is set to sign"); a report also says what
was done ("met", "held", "signed", "landed"), what was called off and what was moved. Each
list below is a general pattern of news English, not of any one visit:

- `concepts`: the event words of a text ("talks", "signed", "banquet", "flew home"), each
  reduced to one concept ("talk", "sign", "dinner", "depart"), so that a report's "state
  banquet" meets a plan's "State dinner" and its "left City P" a plan's "Flight home";
- the outcome cues (`CANCELLED`, `POSTPONED`), the tense cues (`FUTURE`, `is_past`);
- the verbs of an action the plan may not have (`ACTS`), which make a new event;
- the words that name the visit's guest and host without their names.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..draft.date_words import NOT_PAST

#: Event words, each with the concept it stands for (first match wins: "flew home" is a
#: departure before "flew" is a flight).
_CONCEPTS = (
    (r"(?:flew|fl(?:y|ies|ying)|flights?|return(?:ed|s|ing)?|head(?:ed|s|ing)?) home", "depart"),
    (r"left|leav(?:e|es|ing)|depart(?:ed|s|ing|ure)?", "depart"),
    (r"land(?:ed|s|ing)?|arriv(?:ed|es|e|ing|al)|touched down", "arrive"),
    (r"flew|fl(?:y|ies|ying)|flights?", "fly"),
    (r"met|meets?|meetings?", "meet"),
    (r"talks", "talk"),
    (r"sign(?:ed|s|ing)?", "sign"),
    (r"accords?|agreements?|deals?|pacts?|memorand(?:um|a|ums)|treat(?:y|ies)", "accord"),
    (r"dinners?|banquets?|suppers?", "dinner"),
    (r"lunch(?:es|eons?)?", "lunch"),
    (r"breakfasts?", "breakfast"),
    (r"(?:press|news) (?:conferences?|briefings?)|told reporters", "press"),
    (r"welcom(?:ed|es|e|ing)|receiv(?:ed|es|e|ing)", "welcome"),
    (r"visit(?:ed|s|ing)?|tour(?:ed|s|ing)?", "visit"),
    (r"wreaths?|memorials?|tributes?", "wreath"),
    (r"ceremon(?:y|ies)", "ceremony"),
    (r"festivals?", "festival"),
    (r"forums?", "forum"),
    (r"summits?", "summit"),
    (r"speech(?:es)?|address(?:ed|es)?", "speech"),
    (r"interviews?", "interview"),
    (r"receptions?", "reception"),
)
_CONCEPT = re.compile(
    "|".join(rf"\b(?P<c{i}>{words})\b" for i, (words, _) in enumerate(_CONCEPTS)), re.IGNORECASE
)
#: "a four-day visit", "her state visit", "the visit": the whole visit, not one event of it.
_WHOLE_VISIT = re.compile(
    r"(?:\b[\w-]+-day|\bstate|\bofficial|\bworking|\bthe|\bthis|\bher|\bhis|\btheir|\bits)\s+$",
    re.IGNORECASE,
)
#: Words that tell nothing of which event is meant.
STOP = frozenset(
    "a an the of in on at to for with and or by from as into its her his their our two three "
    "first second new official day days year years event events between during after before "
    "visit".split()
)


class Hit(NamedTuple):
    """A word or phrase of a text at its offsets, and what it stands for."""

    start: int
    end: int
    value: str


def concepts(text: str) -> list[Hit]:
    """The event words of a text, each as its concept (see `_CONCEPTS`)."""
    hits = []
    for m in _CONCEPT.finditer(text):
        index = int(m.lastgroup[1:])
        concept = _CONCEPTS[index][1]
        if concept == "visit" and _WHOLE_VISIT.search(text[: m.start()]):
            continue
        hits.append(Hit(m.start(), m.end(), concept))
    return hits


def stem(word: str) -> str:
    """A word without its plural or verb ending, for comparing words of a title."""
    word = word.lower().strip("’'")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    # "pledge" and "pledged" alike: no final e.
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


def content_words(text: str) -> list[Hit]:
    """The words of a text that are neither event words nor small words, stemmed."""
    covered = [(h.start, h.end) for h in concepts(text)]
    words = []
    for m in re.finditer(r"[A-Za-z][A-Za-z’'-]*", text):
        if m[0].lower() in STOP or any(a <= m.start() < b for a, b in covered):
            continue
        words.append(Hit(m.start(), m.end(), stem(m[0])))
    return words


# ---------------------------------------------------------------------------------------
# Outcome and tense

CANCELLED = re.compile(
    r"\b(?:cancel(?:l?ed|s|l?ing)?|call(?:ed|s|ing)? off|scrap(?:ped|s|ping)?|axed|"
    r"abandoned|shelved)\b",
    re.IGNORECASE,
)
POSTPONED = re.compile(r"\b(?:postpon(?:ed|es|e|ing)|put off|deferred)\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|shall)\b|\b(?:is|are)\s+(?:(?:due|set|scheduled|expected|going)\s+)?to\b"
    r"|\bplans? to\b|\bintends? to\b|\b(?:is|are) scheduled for\b|\btomorrow\b"
    r"|\blater (?:today|tonight|this \w+)\b",
    re.IGNORECASE,
)
#: Past forms that do not end in -ed.
_IRREGULAR = (
    "met|held|left|took|made|went|came|began|gave|flew|spoke|laid|saw|led|told|won|sat|"
    "stood|brought|drove|ran|paid|had|was|were|did|became|ate|rode|shook|wrote|bore|sent"
)
_PAST = re.compile(rf"\b(?:{_IRREGULAR}|[a-z]+ed)\b", re.IGNORECASE)
#: -ed words that are no past action here: a plan's participles (see the drafter's
#: NOT_PAST) and a change of time, which is no outcome ("moved back by an hour").
_NOT_PAST = NOT_PAST | {"moved", "rescheduled", "delayed", "planned", "called", "based"}


def past_verbs(text: str) -> list[Hit]:
    """The verbs of a text in the past tense (irregular forms and -ed words)."""
    return [
        Hit(m.start(), m.end(), "done")
        for m in _PAST.finditer(text)
        if m[0].lower() not in _NOT_PAST
    ]


def outcome_cues(text: str) -> list[Hit]:
    """Every word of a text that tells an event's outcome or tense, as the status it gives:
    cancelled, postponed, scheduled (a plan) or done (a past verb)."""
    cues = [Hit(m.start(), m.end(), "cancelled") for m in CANCELLED.finditer(text)]
    cues += [Hit(m.start(), m.end(), "postponed") for m in POSTPONED.finditer(text)]
    cues += [Hit(m.start(), m.end(), "scheduled") for m in FUTURE.finditer(text)]
    return cues + past_verbs(text)


#: When several cues reach one event, the strongest: an outcome over a plan over a past verb.
STATUS_RANK = {"cancelled": 3, "postponed": 2, "scheduled": 1, "done": 0}


# ---------------------------------------------------------------------------------------
# Actions the plan may not have

ACTS = re.compile(
    r"\b(?:(?P<past>visited|toured|laid|attended|opened|inspected|addressed|unveiled|met|held|"
    r"hosted|gave|delivered|launched|planted|watched|signed)"
    r"|(?:will|to)\s+(?:also\s+)?(?P<plan>visit|tour|lay|attend|open|inspect|address|unveil|"
    r"meet|hold|host|give|deliver|launch|plant|watch|sign))\b"
    r"(?P<object>\s+(?!(?:on|in|at|to|for|with|by|from|them|him|it|that|as|and|but|"
    r"there|here|again|also)\b)[A-Za-z][\w-]*(?:\s+[\w’'-]+){0,7})",
    re.IGNORECASE,
)
#: The kind of event a verb makes when its object names none (see draft's `kind_of`).
ACT_KINDS = {
    "visit": "visit",
    "visited": "visit",
    "tour": "visit",
    "toured": "visit",
    "lay": "ceremony",
    "laid": "ceremony",
    "meet": "meeting",
    "met": "meeting",
    "hold": "meeting",
    "held": "meeting",
    "sign": "signing",
    "signed": "signing",
    "address": "speech",
    "addressed": "speech",
    "open": "ceremony",
    "opened": "ceremony",
    "unveil": "ceremony",
    "unveiled": "ceremony",
}


# ---------------------------------------------------------------------------------------
# The guest and the host, without their names

BOTH = re.compile(
    r"\b(?:the two|both)\s+(?:leaders|heads of (?:state|government)|presidents|premiers|"
    r"prime ministers|sides)\b|\bthe leaders\b",
    re.IGNORECASE,
)
GUEST = re.compile(r"\b(?:his|her|their|the)\s+guests?\b|\bthe visiting [a-z]+\b", re.IGNORECASE)
HOST = re.compile(r"\b(?:his|her|their|the)\s+hosts?\b", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:[Ss]he|[Hh]e|her|him)\b")
