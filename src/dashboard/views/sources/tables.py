"""The data tables as a reader sees them on the Sources page: readable column names, ids
replaced by the names they stand for, a few columns narrow enough for a phone, and every
column as loaded (ids included) when the reader asks for it.

`table_rows` gives the visit's rows of one table: every column as loaded, then the readable
columns derived from them (their names are their labels, so they never clash with a
loaded column, which is lower case). `table_layout` picks what the grid shows and how wide:
plain values that `st.dataframe` takes as `column_order`, `column_config` and `row_height`.
`row_fields` is one row in full, label by label, for a reader whose screen is too narrow for
every column. All pure; no `st.*`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from ...data.schema import FINDING_KIND
from ...model.cells import place_text, text
from ...model.visit import Visit
from ...model.words import date_text, figure_value, span_text

#: table -> (one row, the table), in the order the Tables tab offers them: events first.
TABLE_NOUNS = {
    "events": ("Event", "Events"),
    "issue_cards": ("Issue card", "Issue cards"),
    "places": ("Place", "Places"),
    "legs": ("Leg", "Legs"),
    "people": ("Person", "People"),
    "figures": ("Figure", "Figures"),
    "topics": ("Topic", "Topics"),
    "findings": ("Finding", "Findings"),
    "sources": ("Source", "Sources"),
    "claims": ("Claim", "Claims"),
    "reported_sources": ("Source", "Sources"),
    "reported_claims": ("Claim", "Claims"),
    "disagreements": ("Disagreement", "Disagreements"),
    "visits": ("Visit", "Visits"),
}

#: Pixels a grid's columns may take on a 390 px phone: the main column is 358 px wide, the
#: selection boxes take 32 and the frame 2 of that.
PHONE_BUDGET = 320
#: A grid shows this many rows before it scrolls inside itself.
VISIBLE_ROWS = 8
#: A grid's row, in pixels, when its text wraps (Streamlit wraps cell text only in rows
#: taller than 4rem) and when it does not (Streamlit's default).
WRAPPED_ROW = 76
ONE_LINE_ROW = 35


def table_names(loaded: list[str]) -> list[str]:
    """The loaded tables in the order of TABLE_NOUNS, any other after them as loaded."""
    return [n for n in TABLE_NOUNS if n in loaded] + [n for n in loaded if n not in TABLE_NOUNS]


def table_label(name: str) -> str:
    """'Issue cards' for issue_cards; a table not declared here: its name in words."""
    return TABLE_NOUNS.get(name, (None, name.replace("_", " ").capitalize()))[1]


def visit_rows(tables: Mapping[str, pd.DataFrame], name: str, visit_id: str) -> pd.DataFrame:
    """The rows of one data table that belong to the visit (the visits table: its own row)."""
    frame = tables[name]
    return frame[frame["visit_id" if "visit_id" in frame.columns else "id"] == visit_id]


# ---------------------------------------------------------------------------------------
# Names for ids


def _names(frame: pd.DataFrame, column: str) -> dict[str, str]:
    return {str(i): text(v) for i, v in zip(frame["id"], frame[column], strict=True)}


def id_names(visit: Visit) -> dict[str, dict[str, str]]:
    """Per kind of row, id -> what a reader calls it: a place's name, an event's title."""
    cities = {str(p): str(c) for p, c in zip(visit.places["id"], _city_ids(visit), strict=True)}
    places = _names(visit.places, "name")
    return {
        "places": places,
        "place_with_city": {
            p: place_text({"place_name": places[p], "city_name": places.get(cities[p], "")})
            for p in places
        },
        "people": _names(visit.people, "name"),
        "topics": _names(visit.topics, "label"),
        "events": _names(visit.events, "title"),
        "issue_cards": _names(visit.issue_cards, "title"),
        "figures": _names(visit.figures, "label"),
        "legs": {
            str(i): f"{text(a)} → {text(b)}"
            for i, a, b in zip(
                visit.legs["id"], visit.legs["from_name"], visit.legs["to_name"], strict=True
            )
        },
        "visits": {visit.id: visit.title},
    }


def _city_ids(visit: Visit) -> list[str]:
    return [
        c if isinstance(c, str) and c else str(p)
        for p, c in zip(visit.places["id"], visit.places["city_id"], strict=True)
    ]


def _ids(value: object) -> tuple[str, ...]:
    """A cell of ids as a tuple: one id, a tuple or list of them, or nothing."""
    if isinstance(value, (tuple, list)):
        return tuple(str(v) for v in value)
    value = text(value)
    return tuple(value.split()) if value else ()


def _named(lookup: Mapping[str, str], value: object) -> str:
    """The names of the ids in a cell, joined; an id with no name stays as written."""
    return ", ".join(lookup.get(i) or i for i in _ids(value))


# ---------------------------------------------------------------------------------------
# Readable columns, per table

Derive = Callable[[pd.DataFrame, dict[str, dict[str, str]]], list[str]]


@dataclass(frozen=True)
class Field:
    """A readable column: a loaded column under a label, or one derived (`derive` set) and
    named by its label. `width` (pixels) puts it in the grid; None keeps it for the row in
    full only."""

    column: str
    label: str
    width: int | None = None
    derive: Derive | None = None

    @property
    def name(self) -> str:
        """The column's name in the frame `table_rows` builds."""
        return self.label if self.derive else self.column


def _event_date(rows: pd.DataFrame, _names: dict) -> list[str]:
    return [date_text(row) for row in rows.to_dict("records")]


def _leg_date(rows: pd.DataFrame, _names: dict) -> list[str]:
    return [
        date_text({"date_start": d, "date_end": d, "date_precision": p})
        for d, p in zip(rows["date"], rows["date_precision"], strict=True)
    ]


def _visit_dates(rows: pd.DataFrame, _names: dict) -> list[str]:
    return [
        span_text(pd.Timestamp(a).date(), pd.Timestamp(b).date())
        for a, b in zip(rows["start_date"], rows["end_date"], strict=True)
    ]


def _figure(rows: pd.DataFrame, _names: dict) -> list[str]:
    return [
        figure_value(float(v), text(u), text(q))
        for v, u, q in zip(rows["value"], rows["unit"], rows["qualifier"], strict=True)
    ]


def _yes_no(column: str) -> Derive:
    return lambda rows, _names: ["yes" if bool(v) else "no" for v in rows[column]]


def _names_of(column: str, kind: str) -> Derive:
    return lambda rows, names: [_named(names[kind], v) for v in rows[column]]


def _anything_named(column: str) -> Derive:
    """Ids that may name a row of any table (a finding's `affects`)."""

    def derive(rows: pd.DataFrame, names: dict) -> list[str]:
        merged: dict[str, str] = {}
        for kind in (
            "visits",
            "topics",
            "people",
            "places",
            "legs",
            "figures",
            "issue_cards",
            "events",
        ):
            merged.update(names[kind])
        return [_named(merged, v) for v in rows[column]]

    return derive


_PROVENANCE = (
    Field("quote", "Quote"),
    Field("basis", "Basis"),
    Field("basis_note", "Basis note"),
)

#: table -> its readable fields, in the order shown. The grid's widths add up to
#: PHONE_BUDGET at most, so no column is ever cut on a phone; on a wider screen the grid
#: shares out the rest evenly.
FIELDS: dict[str, tuple[Field, ...]] = {
    "events": (
        Field("title", "Title", 90),
        Field("date_start", "Date", 80, _event_date),
        Field("place_id", "Place", 70, _names_of("place_id", "place_with_city")),
        Field("status", "Status", 80),
        Field("time_local", "Time"),
        Field("kind", "Kind"),
        Field("topics", "Topics", None, _names_of("topics", "topics")),
        Field("participants", "People", None, _names_of("participants", "people")),
        Field("background", "Background", None, _yes_no("background")),
        Field("summary", "Summary"),
        Field("date_as_written", "Date as written"),
        *_PROVENANCE,
    ),
    "issue_cards": (
        Field("title", "Title", 100),
        Field("topic", "Topic", 75, _names_of("topic", "topics")),
        Field("sensitivity", "Sensitivity", 70),
        Field("status", "Status", 75),
        Field("aim", "Aim"),
        Field("why", "Why it matters"),
        Field("related_events", "Related events", None, _names_of("related_events", "events")),
        *_PROVENANCE,
    ),
    "places": (
        Field("name", "Name", 110),
        Field("kind", "Kind", 60),
        Field("country", "Country", 70),
        Field("basis", "Basis", 80),
        Field("city_id", "In city", None, _names_of("city_id", "places")),
        Field("lat", "Latitude"),
        Field("lon", "Longitude"),
        Field("timezone", "Time zone"),
        Field("name_ko", "Name in Korean"),
        Field("name_zh", "Name in Chinese"),
        Field("quote", "Quote"),
        Field("basis_note", "Basis note"),
    ),
    "legs": (
        Field("seq", "Leg", 45),
        Field("from_place", "From", 90, _names_of("from_place", "places")),
        Field("to_place", "To", 90, _names_of("to_place", "places")),
        Field("date", "Date", 95, _leg_date),
        *_PROVENANCE,
    ),
    "people": (
        Field("name", "Name", 100),
        Field("role", "Role", 150),
        Field("country", "Country", 70),
        Field("name_ko", "Name in Korean"),
        Field("name_zh", "Name in Chinese"),
        *_PROVENANCE,
    ),
    "figures": (
        Field("label", "Figure", 120),
        Field("value", "Value", 60, _figure),
        Field("value_as_written", "As written", 75),
        Field("card_id", "Issue", 65, _names_of("card_id", "issue_cards")),
        Field("unit", "Unit"),
        Field("headline", "Headline", None, _yes_no("headline")),
        Field("quote", "Quote"),
    ),
    "topics": (
        Field("label", "Topic", 110),
        Field("description", "Description", 210),
        Field("colour", "Colour"),
        *_PROVENANCE,
    ),
    "findings": (
        Field("kind", "Kind", 100),
        Field("says", "The article says", 110),
        Field("resolved", "Resolved as", 110),
        Field("why", "Why"),
        Field("affects", "Affects", None, _anything_named("affects")),
        Field("quote", "Quote"),
    ),
    # Not a loaded table: `sources.citations_table`, the rows citing each sentence.
    "citations": (
        Field("sentence", "Sentence", 75),
        Field("row", "Row", 115),
        Field("span", "Quoted span", 130),
    ),
    "visits": (
        Field("title", "Title", 110),
        Field("start_date", "Dates", 90, _visit_dates),
        Field("guest", "Guest", 60),
        Field("host", "Host", 60),
        Field("guest_country", "Guest's country"),
        Field("host_country", "Host's country"),
        *_PROVENANCE,
    ),
}

FIELDS |= {
    # The reports' tables as the Sources tab shows them (`views.sources.reports`).
    "reported_sources": (
        Field("Outlet", "Outlet", 100),
        Field("Kind", "Kind", 80),
        Field("Published", "Published", 80),
        Field("Claims", "Claims", 40),
        Field("Title", "Title"),
        Field("Language", "Language"),
        Field("Address", "Address"),
        Field("Accessed", "Accessed"),
        Field("Note", "Note"),
    ),
    "reported_claims": (
        Field("About", "About", 110),
        Field("Field", "Field", 70),
        Field("Value", "Value", 80),
        Field("Where", "Where", 60),
        Field("Qualifier", "Qualifier"),
        Field("Outlet", "Outlet"),
        Field("Note", "Note"),
    ),
    # The loaded tables, as the Data tab's table browser shows them.
    "sources": (
        Field("outlet", "Outlet", 100),
        Field("kind", "Kind", 80),
        Field("published_date", "Published", 80),
        Field("title", "Title"),
        Field("language", "Language"),
        Field("published_time", "Time"),
        Field("published_zone", "Zone"),
        Field("url", "Address"),
        Field("accessed", "Accessed"),
        Field("note", "Note"),
    ),
    "claims": (
        Field("row_id", "Row", 100),
        Field("field", "Field", 70),
        Field("value", "Value", 80),
        Field("table", "Table"),
        Field("qualifier", "Qualifier"),
        Field("source_id", "Source"),
        Field("locator", "Where"),
        Field("note", "Note"),
    ),
    "disagreements": (
        Field("what", "About", 100),
        Field("field", "Field", 70),
        Field("preferred", "Preferred", 80),
        Field("values", "Who says what"),
        Field("state", "State"),
        Field("why", "Why"),
    ),
}

#: Tables whose grid columns hold sentences: their rows are tall enough to wrap.
WRAPPED = frozenset(
    {"findings", "topics", "people", "issue_cards", "events", "figures", "citations",
     "reported_sources", "reported_claims", "disagreements", "sources", "claims"}
)  # fmt: skip


def fields_of(name: str, columns: list[str]) -> tuple[Field, ...]:
    """The table's readable fields that its loaded columns can fill; for a table not
    declared here, every column but the ids, labelled in words."""
    if name in FIELDS:
        return tuple(f for f in FIELDS[name] if f.column in columns)
    readable = [c for c in columns if c != "id" and not c.endswith("_id")]
    shown = readable[:3]  # the rest in the row in full
    return tuple(
        Field(c, c.replace("_", " ").capitalize(), PHONE_BUDGET // 3 if c in shown else None)
        for c in readable
    )


def table_rows(tables: Mapping[str, pd.DataFrame], visit: Visit, name: str) -> pd.DataFrame:
    """The visit's rows of table `name`: every loaded column, then the derived readable
    ones. Findings come contradictions first, then by kind as declared."""
    rows = visit_rows(tables, name, visit.id).reset_index(drop=True)
    if name == "findings":
        order = {kind: i for i, kind in enumerate(FINDING_KIND)}
        rank = rows["kind"].astype(str).map(order).fillna(len(order))
        rows = rows.iloc[rank.argsort(kind="stable")].reset_index(drop=True)
    derived = [f for f in fields_of(name, list(rows.columns)) if f.derive]
    if not derived:
        return rows
    names = id_names(visit)
    extra = {
        f.name: pd.Series(f.derive(rows, names) if len(rows) else [], dtype="string")
        for f in derived
    }
    return pd.concat([rows, pd.DataFrame(extra, index=rows.index)], axis=1)


def _loaded(name: str, columns: list[str]) -> list[str]:
    """The columns as loaded: the frame's, without those `table_rows` derived."""
    derived = {f.name for f in FIELDS.get(name, ()) if f.derive}
    return [c for c in columns if c not in derived]


@dataclass(frozen=True)
class TableLayout:
    """What `st.dataframe` shows of a frame: `order` (column_order), `config`
    (column_config, plain dicts), `row_height` and `height` in pixels."""

    order: tuple[str, ...]
    config: dict[str, dict]
    row_height: int
    height: int
    more: bool = False  # the row in full shows fields the grid does not


def _height(rows: int, row_height: int) -> int:
    """Tall enough for VISIBLE_ROWS rows (fewer if there are fewer) under the header."""
    return ONE_LINE_ROW + max(1, min(rows, VISIBLE_ROWS)) * row_height + 3


def table_layout(name: str, columns: list[str], rows: int, everything: bool = False) -> TableLayout:
    """The grid of table `name` of `rows` rows: its readable columns under their labels, at
    widths that fit a phone; with `everything`, every loaded column (ids included) under
    its own name. `columns` are the frame's, as `table_rows` built it."""
    loaded = _loaded(name, columns)
    if everything:
        return TableLayout(tuple(loaded), {}, ONE_LINE_ROW, _height(rows, ONE_LINE_ROW), True)
    shown = [f for f in fields_of(name, loaded) if f.width is not None]
    config = {f.name: {"label": f.label, "width": f.width, "alignment": "left"} for f in shown}
    row_height = WRAPPED_ROW if name in WRAPPED else ONE_LINE_ROW
    more = len(shown) < len(fields_of(name, loaded))
    return TableLayout(
        tuple(f.name for f in shown), config, row_height, _height(rows, row_height), more
    )


def row_fields(name: str, rows: pd.DataFrame, position: int) -> list[tuple[str, str]]:
    """Row `position` of `table_rows` in full: (label, text) for every readable field that
    has a value."""
    row = rows.iloc[position]
    found = []
    for field in fields_of(name, _loaded(name, list(rows.columns))):
        value = row[field.name]
        shown = text(value) if not isinstance(value, (tuple, list)) else ", ".join(value)
        if shown:
            found.append((field.label, shown))
    return found
