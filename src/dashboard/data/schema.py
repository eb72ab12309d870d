"""The shape of every data table: columns, types, allowed values and references.

One declaration per table drives three things: the rules and pandera schema that validate
the raw CSV text (`checks`), the typed conversion after validation, and the headers of a new
visit's scaffold. The declarations are static, so what is built from them is built once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

# Okabe & Ito (2008), the colour-blind-safe palette; black is left out for topics.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    # Then five of Paul Tol's colour-blind-safe "muted" colours, far from those seven, for
    # visits with more topics.
    "#882255",
    "#332288",
    "#999933",
    "#44AA99",
    "#AA4499",
)

#: article: the seed article says it (the row quotes it); reference: a gazetteer fact;
#: inferred: reasoned, with a note; reported: first reported after the article, by the
#: sources of claims.csv (the row's values are what most of them give; it quotes nothing).
BASIS = ("article", "reference", "inferred", "reported")
STATUS = ("done", "scheduled", "expected", "ongoing")
#: day: one stated day; days: every day from date_start to date_end (a two-day forum);
#: range: one day, not stated, between the two; the rest for background events.
DATE_PRECISION = ("day", "days", "range", "early-month", "month", "year", "ongoing", "before")
#: The day `new-visit` gives a visit until its author sets the real dates: far from any
#: real visit, and named in the message about an event outside the visit.
PLACEHOLDER_DAY = "1900-01-01"
#: exact: the time as stated; about: "about 10:30", "around noon".
TIME_PRECISION = ("exact", "about")
DAY_PART = ("morning", "midday", "afternoon", "evening", "night")
SENSITIVITY = ("sensitive", "top priority", "on the agenda", "context")
FINDING_KIND = (
    "contradiction",
    "ambiguity",
    "imprecise",
    "derivation",
    "inference",
    "consistent",
    # Sources give different values for one field: the finding says which value is preferred
    # and why (`field`, `preferred`), or leaves it open.
    "disagreement",
)
PLACE_KIND = ("city", "venue", "sea area")
STATUS_CARD = ("done", "scheduled", "expected", "ongoing", "on the agenda")

#: What a source is: the article the visit was drafted from; an original report (a news
#: agency, broadcaster or newspaper); an official statement or readout; a summary or
#: aggregator (machine-written digests, reposts), which never decides a value alone.
SOURCE_KIND = ("seed", "original", "official", "summary")
#: The tables a claim may be about, and the fields of each it may give a value for.
CLAIM_FIELDS = {
    "events": (
        "status",
        "date",
        "time",
        "time_end",
        "duration_min",
        "day_part",
        "place",
        "participants",
    ),
    "figures": ("value",),
    "issue_cards": ("outcome",),
    "people": ("role",),
}
#: What happened to an event, as a report says: done; still to come (a preview);
#: called off; moved to a later date.
EVENT_OUTCOME = ("done", "scheduled", "cancelled", "postponed")
#: What came of an issue on the agenda, as a report says.
CARD_OUTCOME = ("agreed", "progress", "discussed", "no progress", "not reported")
#: A claim's value, qualified: approximate, a bound, or a plan the report announces.
CLAIM_QUALIFIER = ("about", "more than", "at least", "scheduled")


ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Every cell is one line of plain text: no line break, tab or other control character
#: (they break the exports' line formats and can hide text).
CONTROL_PATTERN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: A quote may keep the article's line breaks (matching ignores white space), nothing else.
CONTROL_IN_QUOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The same two classes in RE2's syntax (Arrow's regular expressions).
CONTROL_RE2 = r"[\x00-\x1f\x7f-\x9f\x{2028}\x{2029}]"
CONTROL_IN_QUOTE_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
#: The most characters a cell may hold (a quote of a few sentences is far shorter).
MAX_CELL = 20_000
#: Text as it is read, checked, typed and stored: pandas' Arrow-backed strings (one dtype
#: everywhere, so that a column compares equal whichever way it was loaded).
TEXT = pd.StringDtype("pyarrow")


@dataclass(frozen=True)
class Col:
    """One column of a table.

    kind: id, text, date, time, float, int, bool, choice, timezone, colour, lang, ref, refs.
    `ref`/`refs` name the table an id (or a space-separated list of ids) points to.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str = ""
    low: float | None = None
    high: float | None = None
    #: The column may be left out of the file (a folder written before it existed); it
    #: then reads as empty.
    optional: bool = False

    @property
    def multiline(self) -> bool:
        """Only a quote may hold line breaks (the article's own); every other cell is one
        line of plain text."""
        return self.name == "quote"

    @property
    def unique(self) -> bool:
        """Ids must be unique (within their file; see validation)."""
        return self.kind == "id"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    min_rows: int = 0
    # Left out of the hash (a dict has none), so that a Table can key a cache.
    example: dict[str, str] = field(default_factory=dict, hash=False)
    #: The file may be missing (a visit with no reports yet): the table is then empty.
    optional_file: bool = False

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def claim_value_kind(field: str) -> Col:
    """How a claim's value for `field` is written and checked, as a column of that kind."""
    return _CLAIM_VALUES[field]


_CLAIM_VALUES = {
    "status": Col("value", "choice", choices=EVENT_OUTCOME),
    "date": Col("value", "date"),
    "time": Col("value", "time"),
    "time_end": Col("value", "time"),
    "duration_min": Col("value", "int", low=1),
    "day_part": Col("value", "choice", choices=DAY_PART),
    "place": Col("value", "ref", ref="places"),
    "participants": Col("value", "refs", ref="people"),
    "value": Col("value", "float"),
    "outcome": Col("value", "choice", choices=CARD_OUTCOME),
    "role": Col("value"),
}

QUOTE = Col("quote")
#: A row first reported after the article (basis `reported`) quotes nothing from it.
QUOTE_UNLESS_REPORTED = Col("quote", required=False)
BASIS_COLS = (Col("basis", "choice", choices=BASIS), Col("basis_note", required=False))
VISIT_ID = Col("visit_id", "ref", ref="visits")
#: Names in other scripts (reference facts), for places and people: the name in the local
#: language and script, with its language (an ISO 639 code such as ja), and two columns kept
#: from the first visit's format (Korean, Chinese).
NAMES_IN_SCRIPTS = (
    Col("name_ko", required=False),
    Col("name_zh", required=False),
    Col("name_local", required=False, optional=True),
    Col("name_local_lang", "lang", required=False, optional=True),
)


#: A row the `draft` command wrote and no editor has checked yet: "true" until reviewed
#: (then delete the cell's value, or the column). Validation reports these as a warning,
#: and the app shows a banner on a visit that still has any.
DRAFT = Col("draft", "bool", required=False, optional=True)


def basis_of(column: str) -> Col:
    """The basis of one field when it differs from its row's (a stated time at an inferred
    venue): the column `<column>_basis`, optional."""
    return Col(f"{column}_basis", "choice", required=False, choices=BASIS, optional=True)


TABLES: dict[str, Table] = {
    t.name: Table(t.name, (*t.columns, DRAFT), t.min_rows, t.example, t.optional_file)
    for t in (
        Table(
            "visits",
            (
                Col("id", "id"),
                Col("title"),
                Col("guest"),
                Col("guest_country"),
                Col("host"),
                Col("host_country"),
                Col("start_date", "date"),
                Col("end_date", "date"),
                Col("seed"),
                QUOTE,
                *BASIS_COLS,
                # The day the article was written: what it calls done had happened by
                # then, the rest was still to come. Its basis is a finding of the visit.
                Col("reported_on", "date", required=False, optional=True),
            ),
            min_rows=1,
        ),
        Table(
            "topics",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("label"),
                Col("description"),
                Col("colour", "colour", choices=PALETTE),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "places",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("name"),
                Col("kind", "choice", choices=PLACE_KIND),
                Col("city_id", "ref", required=False, ref="places"),
                Col("country"),
                # Empty only on a draft row (a venue the gazetteer lacks): see validation.
                Col("lat", "float", required=False, low=-90, high=90),
                Col("lon", "float", required=False, low=-180, high=180),
                Col("timezone", "timezone", required=False),
                *NAMES_IN_SCRIPTS,
                QUOTE_UNLESS_REPORTED,
                *BASIS_COLS,
            ),
        ),
        Table(
            "people",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("name"),
                Col("role"),
                Col("country"),
                *NAMES_IN_SCRIPTS,
                QUOTE_UNLESS_REPORTED,
                *BASIS_COLS,
            ),
        ),
        Table(
            "events",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("title"),
                Col("kind"),
                Col("status", "choice", choices=STATUS),
                Col("date_start", "date"),
                Col("date_end", "date"),
                Col("date_precision", "choice", choices=DATE_PRECISION),
                Col("date_as_written"),
                Col("time_local", "time", required=False),
                Col(
                    "time_precision",
                    "choice",
                    required=False,
                    choices=TIME_PRECISION,
                    optional=True,
                ),
                Col("day_part", "choice", required=False, choices=DAY_PART),
                Col("place_id", "ref", required=False, ref="places"),
                Col("participants", "refs", required=False, ref="people"),
                Col("topics", "refs", ref="topics"),
                Col("background", "bool"),
                Col("summary"),
                QUOTE_UNLESS_REPORTED,
                *BASIS_COLS,
                basis_of("time"),
                basis_of("place_id"),
            ),
        ),
        Table(
            "legs",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("seq", "int", low=1),
                Col("from_place", "ref", ref="places"),
                Col("to_place", "ref", ref="places"),
                Col("date", "date"),
                Col("date_precision", "choice", choices=DATE_PRECISION),
                Col("day_part", "choice", required=False, choices=DAY_PART, optional=True),
                QUOTE,
                *BASIS_COLS,
            ),
        ),
        Table(
            "issue_cards",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("topic", "ref", ref="topics"),
                Col("title"),
                Col("aim"),
                Col("why"),
                Col("sensitivity", "choice", choices=SENSITIVITY),
                Col("status", "choice", choices=STATUS_CARD),
                Col("related_events", "refs", required=False, ref="events"),
                QUOTE,
                *BASIS_COLS,
                # Whose aim `aim` is, as the article names them (a capital, a government); left empty, the
                # card says "Aim".
                Col("aim_of", required=False, optional=True),
                # What came of it, in our words, from the reports (their claims give the
                # outcome itself, each with its source).
                Col("outcome_note", required=False, optional=True),
            ),
        ),
        Table(
            "figures",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("card_id", "ref", required=False, ref="issue_cards"),
                Col("label"),
                Col("value", "float"),
                Col("value_as_written"),
                Col("unit"),
                Col("qualifier", required=False),
                Col("headline", "bool"),
                QUOTE_UNLESS_REPORTED,
                Col("basis", "choice", required=False, choices=BASIS, optional=True),
                Col("basis_note", required=False, optional=True),
            ),
        ),
        Table(
            "findings",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("kind", "choice", choices=FINDING_KIND),
                Col("affects", "refs", required=False, ref="*"),
                Col("says"),
                Col("resolved"),
                Col("why"),
                # A disagreement between sources quotes nothing from the article.
                QUOTE_UNLESS_REPORTED,
                # A disagreement's field (as claims name it) and the value it prefers; a
                # finding about the article may name the field the reports later settle.
                Col("field", required=False, optional=True),
                Col("preferred", required=False, optional=True),
            ),
        ),
        Table(
            "sources",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("kind", "choice", choices=SOURCE_KIND),
                Col("outlet"),
                Col("title"),
                # The page's address (the seed: its file in seeds/).
                Col("url"),
                Col("language", "lang"),
                # As the page's own byline gives it; only a summary may lack it.
                Col("published_date", "date", required=False),
                Col("published_time", "time", required=False),
                # Only when the page states its zone or offset.
                Col("published_zone", "timezone", required=False),
                Col("accessed", "date"),
                Col("note", required=False),
            ),
            optional_file=True,
        ),
        Table(
            "claims",
            (
                Col("id", "id"),
                VISIT_ID,
                Col("source_id", "ref", ref="sources"),
                Col("table", "choice", choices=tuple(CLAIM_FIELDS)),
                Col("row_id"),  # an id of `table`: checked in validation
                Col(
                    "field", "choice", choices=tuple(dict.fromkeys(sum(CLAIM_FIELDS.values(), ())))
                ),
                Col("value"),
                Col("qualifier", "choice", required=False, choices=CLAIM_QUALIFIER),
                # Where in the source: "para 3", "para 3, sentence 2", "headline".
                Col("locator", required=False),
                Col("note", required=False),
            ),
            optional_file=True,
        ),
    )
}
