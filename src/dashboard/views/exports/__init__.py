"""Downloads of what the reader has filtered: events and issue cards as CSV, everything as
one JSON document (here), and the itinerary as an iCalendar file (`calendar`), each keeping
its quotes.

Pure functions from a `Visit` and filtered frames to bytes; none of them calls `st.*` or
reads the clock, so the same data always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ...data.provenance import quote_spans
from ...model.citations import finding_flags, source_footer
from ...model.visit import Visit
from ...model.words import date_text as event_date_text

# Lists of names may hold spaces, so they are joined with "; "; lists of ids with a space,
# as in the data files.
NAME_LISTS = ("participant_names",)
EVENT_COLUMNS = [
    "id",
    "visit_id",
    "title",
    "kind",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "date_as_written",
    "time_local",
    "day_part",
    "timezone",
    "place_id",
    "place_name",
    "city_id",
    "city_name",
    "participants",
    "participant_names",
    "topics",
    "background",
    "summary",
    "quote",
    "basis",
    "basis_note",
    "place_basis",
]
CARD_COLUMNS = [
    "id",
    "visit_id",
    "topic",
    "title",
    "aim",
    "why",
    "sensitivity",
    "status",
    "related_events",
    "quote",
    "basis",
    "basis_note",
]
VISIT_COLUMNS = [
    "title",
    "guest",
    "guest_country",
    "host",
    "host_country",
    "start_date",
    "end_date",
    "seed",
    "quote",
    "basis",
    "basis_note",
]
# Columns joined in for display only; the export leaves them out.
INTERNAL_COLUMNS = ("first_topic", "search_text")
MAX_NAME = 120


# ---------------------------------------------------------------------------------------
# Cells


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _iso(value: dt.date | dt.datetime | pd.Timestamp) -> str:
    """A date as YYYY-MM-DD; a date-time keeps its time only when it has one."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    return value.isoformat()


def _json_value(value: object) -> object:
    """A cell as a JSON value: lists as lists, dates as ISO text, missing or empty as null."""
    if isinstance(value, (tuple, list, np.ndarray)):
        return [_json_value(v) for v in value]
    if is_missing(value) or (isinstance(value, str) and not value):
        return None
    if isinstance(value, (pd.Timestamp, dt.date, np.datetime64)):
        return _iso(pd.Timestamp(value) if isinstance(value, np.datetime64) else value)
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value if isinstance(value, (int, float, str)) else str(value)


def _csv_cell(value: object, column: str) -> str:
    """A cell as CSV text: lists joined, dates ISO, booleans as in the data files."""
    if isinstance(value, (tuple, list, np.ndarray)):
        separator = "; " if column in NAME_LISTS else " "
        return separator.join(str(v) for v in value)
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _ordered_columns(frame: pd.DataFrame, preferred: list[str]) -> list[str]:
    first = [c for c in preferred if c in frame.columns]
    rest = [c for c in frame.columns if c not in first and c not in INTERNAL_COLUMNS]
    return first + rest


def _with_date_text(events: pd.DataFrame) -> pd.DataFrame:
    out = events.copy()
    if {"date_start", "date_end", "date_precision"} <= set(out.columns):
        out["date_text"] = [event_date_text(row) for _, row in out.iterrows()]
    return out


#: A cell a spreadsheet would read as a formula starts with one of these (OWASP, "CSV
#: injection"); a plain number such as -3.5 is a number, not a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralised(cell: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula: a leading `'` before a formula
    sign, as OWASP recommends; other cells, numbers included, are unchanged."""
    if cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _csv_bytes(frame: pd.DataFrame, preferred: list[str]) -> bytes:
    columns = _ordered_columns(frame, preferred)
    text = pd.DataFrame(
        {c: [neutralised(_csv_cell(v, c)) for v in frame[c]] for c in columns},
        columns=columns,
        dtype=object,
    )
    out = io.StringIO()
    # CRLF, as RFC 4180 has it: a cell holding either character is then quoted, so a stray
    # carriage return in the data cannot split a row.
    text.to_csv(out, index=False, lineterminator="\r\n")
    return out.getvalue().encode("utf-8")


def events_csv(events: pd.DataFrame) -> bytes:
    """The (filtered) events as UTF-8 CSV: ids and names of lists joined, ISO dates, a
    readable `date_text`, and each row's `quote`, `basis` and `basis_note` kept; a cell
    that would start a formula is neutralised (see `neutralised`)."""
    return _csv_bytes(_with_date_text(events), EVENT_COLUMNS)


LEG_COLUMNS = [
    "id",
    "visit_id",
    "seq",
    "from_place",
    "from_name",
    "to_place",
    "to_name",
    "date",
    "date_precision",
    "distance_km",
    "quote",
    "basis",
    "basis_note",
]


def legs_csv(visit: Visit) -> bytes:
    """The route's legs as UTF-8 CSV, in order, with their endpoints' names, the computed
    great-circle distance (km, one decimal) and each leg's quote and basis."""
    legs = visit.legs.sort_values("seq").copy()
    legs["distance_km"] = legs["distance_km"].round(1)
    columns = [c for c in LEG_COLUMNS if c in legs.columns]
    return _csv_bytes(legs[columns], columns)


def cards_csv(cards: pd.DataFrame) -> bytes:
    """The (filtered) issue cards as UTF-8 CSV, with their quotes and basis."""
    return _csv_bytes(cards, CARD_COLUMNS)


# ---------------------------------------------------------------------------------------
# JSON


SOURCE_COLUMNS = [
    "id", "kind", "outlet", "title", "url", "language", "published_date", "published_time",
    "published_zone", "accessed", "note",
]  # fmt: skip
CLAIM_COLUMNS = [
    "id", "source_id", "outlet", "table", "row_id", "field", "value", "qualifier", "locator",
    "note",
]  # fmt: skip


def sources_frame(visit: Visit) -> pd.DataFrame:
    """The sources the visit cites, published by its as-of moment (all without one)."""
    if visit.reports is None:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    return visit.reports.sources[[c for c in SOURCE_COLUMNS if c in visit.reports.sources]]


def claims_frame(visit: Visit, row_ids: set[str] | None = None) -> pd.DataFrame:
    """The claims of those sources, each with its source's outlet; with `row_ids`, only the
    claims about those rows (the events and cards the filters keep). The seed's own values,
    which the model sets beside the reports', are rows of the data, not claims: left out."""
    if visit.reports is None or visit.reports.claims.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    claims = visit.reports.claims
    claims = claims[~claims["id"].astype(str).str.startswith("seed-")]
    if row_ids is not None:
        claims = claims[claims["row_id"].astype(str).isin(row_ids)]
    outlets = dict(zip(visit.reports.sources["id"], visit.reports.sources["outlet"], strict=True))
    out = claims.assign(outlet=claims["source_id"].map(outlets))
    return out[CLAIM_COLUMNS].reset_index(drop=True)


def sources_csv(visit: Visit) -> bytes:
    return _csv_bytes(sources_frame(visit), SOURCE_COLUMNS)


def claims_csv(visit: Visit, events: pd.DataFrame, cards: pd.DataFrame) -> bytes:
    """The claims about the events and cards the filters keep, and about every figure and
    person (no filter narrows those)."""
    kept = set(events["id"].astype(str)) | set(cards["id"].astype(str))
    kept |= set(visit.figures["id"].astype(str)) | set(visit.people["id"].astype(str))
    return _csv_bytes(claims_frame(visit, kept), CLAIM_COLUMNS)


def _records(frame: pd.DataFrame, preferred: list[str], flags: Mapping[str, list[str]]) -> list:
    columns = _ordered_columns(frame, preferred)
    records = []
    for _, row in frame.iterrows():
        record = {c: _json_value(row[c]) for c in columns}
        quote = record.get("quote") or ""
        record["quote_spans"] = quote_spans(quote)
        record["findings"] = list(flags.get(str(row["id"]), []))
        records.append(record)
    return records


def minimal_meta(visit: Visit) -> dict:
    seed = visit.visit.get("seed", "")
    return {"file": Path(str(seed)).name} if seed and not is_missing(seed) else {}


def filtered_json(
    visit: Visit,
    events: pd.DataFrame,
    cards: pd.DataFrame,
    *,
    seed_meta: Mapping | None = None,
    filters_text: str = "",
) -> bytes:
    """One JSON document of the visit, the filtered events and cards, and the source.

    Dates are ISO text, lists are lists; every row keeps its `quote` (and `quote_spans`) and
    lists the ids of the findings that affect it.
    """
    meta = dict(seed_meta) if seed_meta is not None else minimal_meta(visit)
    flags = finding_flags(visit)
    visit_record = {"id": visit.id}
    visit_record.update(
        {c: _json_value(visit.visit[c]) for c in VISIT_COLUMNS if c in visit.visit.index}
    )
    visit_record["host_timezone"] = visit.host_timezone
    visit_record["home_timezone"] = visit.home_timezone
    visit_record["quote_spans"] = quote_spans(str(visit.visit.get("quote", "") or ""))
    visit_record["findings"] = list(flags.get(visit.id, []))
    document = {
        "visit": visit_record,
        "filters": filters_text,
        "events": _records(_with_date_text(events), EVENT_COLUMNS, flags),
        "issue_cards": _records(cards, CARD_COLUMNS, flags),
        "source": {**meta, "footer": source_footer(meta)},
    }
    if visit.reports is not None and visit.reports.any:
        kept = set(events["id"].astype(str)) | set(cards["id"].astype(str))
        kept |= set(visit.figures["id"].astype(str)) | set(visit.people["id"].astype(str))
        document["as_of"] = _json_value(visit.reports.as_of) if visit.reports.as_of else None
        document["sources"] = _records(sources_frame(visit), SOURCE_COLUMNS, {})
        document["claims"] = _records(claims_frame(visit, kept), CLAIM_COLUMNS, {})
        for record in document["sources"] + document["claims"]:
            record.pop("quote_spans", None)
            record.pop("findings", None)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# ---------------------------------------------------------------------------------------
# File names


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def download_name(visit_id: str, filters_text: str, ext: str) -> str:
    """A safe file name: ASCII letters, digits and hyphens, then the extension.

    >>> download_name("visit-2026", "Day: Mon 5 Jan; topic Économie", ".csv")
    'visit-2026-day-mon-5-jan-topic-economie.csv'
    """
    stem = "-".join(p for p in (_slug(visit_id), _slug(filters_text)) if p) or "export"
    stem = stem[:MAX_NAME].rstrip("-")
    extension = _slug(ext) or "txt"
    return f"{stem}.{extension}"
