"""Validate a visit's raw tables and report every problem, each at its file, row and column.

Four kinds of check, all on the text as read: each table against its pandera schema (see
`schema.TABLES`), the ids a row points to, the quotes against the visit's article, and the
rules that span columns (date order, events inside the visit, clock times need a zone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import pandas as pd

from .checks import column_rules, pandera_schema
from .problems import Problem
from .provenance import (
    QUOTE_SEPARATOR,
    closest_passage,
    normalise,
    normalise_many,
    quote_spans,
    spans_found,
)
from .reading import RawTable
from .reports import validate_reports
from .schema import PALETTE, PLACEHOLDER_DAY, TABLES, Col, Table


def validate_table(raw: RawTable, table: Table) -> list[Problem]:
    """Check one table against its schema and turn each failure into a Problem."""
    return validate_tables([raw], table)


def validate_tables(
    raws: list[RawTable], table: Table, texts: dict[str, pd.DataFrame] | None = None
) -> list[Problem]:
    """Validate one table of many visit folders in as few pandera runs as possible.

    Files with the same columns are checked together (pandera's cost is mostly per column
    and per run, not per row); each failure is mapped back to its own file and row.
    With `texts`, when every file was checked in one run, the files joined as Arrow text
    are kept there under the table's name: typing them again would convert every cell
    again (`loading.load_dataset`).
    """
    groups: dict[tuple[str, ...], list[RawTable]] = {}
    for raw in raws:
        groups.setdefault(tuple(raw.frame.columns), []).append(raw)
    problems: list[Problem] = []
    for members in groups.values():
        frames = [m.text() for m in members]  # one vectorised dtype check, not one per cell
        frame = pd.concat(frames, ignore_index=True) if len(members) > 1 else frames[0]
        if not _surely_valid(frame, table):
            problems.extend(_pandera_problems(members, frame, table))
        if texts is not None and len(groups) == 1:
            texts[table.name] = frame
    return problems


def _pandera_problems(members: list[RawTable], frame: pd.DataFrame, table: Table) -> list[Problem]:
    """Run the table's pandera schema over the joined files and report every failure."""
    import pandera.pandas as pa  # only here: see schema.py on why pandera loads late

    try:
        pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        owners = [(m, i) for m in members for i in range(len(m.frame))]
        return _problems_from_pandera(members, owners, table, err.failure_cases)
    return []


def _surely_valid(frame: pd.DataFrame, table: Table) -> bool:
    """Whether the table's pandera schema would accept the frame, judged without pandera.

    Pandera's fixed cost per column and per check is most of the time of loading a small
    folder (its dtype check alone formats a report of failure cases when there are none),
    and most tables are valid. So the rules the schema is built from run here first, on
    the same text; True only if the schema would find nothing: the same columns, all text
    and present, unique ids, every rule passed by every cell. Anything else, a rule that
    fails or raises included, goes to pandera, which then reports each failure.
    """
    if sorted(frame.columns) != sorted(table.column_names):
        return False
    for col in table.columns:
        values = frame[col.name]
        if not isinstance(values.dtype, pd.StringDtype) or values.isna().any():
            return False
        if col.unique and values.duplicated().any():
            return False
        for rule in column_rules(col):
            try:
                passed = rule.test(values)
            except Exception:  # pandera turns this into a problem; leave it to pandera
                return False
            if not passed.fillna(False).all():
                return False
    return True


def _problems_from_pandera(
    members: list[RawTable],
    owners: list[tuple[RawTable, int]],
    table: Table,
    cases: pd.DataFrame,
) -> list[Problem]:
    """One Problem per pandera failure case, at the file and row its record came from."""
    problems = []
    expected = ", ".join(table.column_names)
    for case in cases.itertuples(index=False):
        check = str(case.check)
        index = case.index
        value = None if case.failure_case is None else str(case.failure_case)
        if index is None or pd.isna(index):
            # A problem with the columns: every file of this group has it.
            if check == "column_in_dataframe":
                message = f"is a required column and is missing. The columns are: {expected}."
            elif check == "column_in_schema":
                message = f"is not a known column. The columns are: {expected}."
            else:
                message = check + "."
            problems.extend(Problem.of_header(m.file, value, message) for m in members)
            continue
        raw, local = owners[int(index)]
        row = raw.row_of(local)
        if check == "field_uniqueness":
            # Ids must be unique within their own file, not across visits.
            ids = raw.frame[case.column]
            if int((ids == value).sum()) < 2:
                continue
            message = "is a duplicate id: ids must be unique."
            problems.append(Problem(raw.file, row, case.column, value, message))
        else:
            problems.append(Problem(raw.file, row, case.column, value, check + "."))
    return sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))


def _ids(raw: RawTable | None) -> set[str]:
    if raw is None or "id" not in raw.frame.columns:
        return set()
    return set(raw.frame["id"].tolist())


def _cells(raw: RawTable, column: str) -> Iterable[tuple[int, str]]:
    if column in raw.frame.columns:
        for index, value in enumerate(raw.frame[column].tolist()):
            yield raw.row_of(index), value


def validate_references(raws: dict[str, RawTable | None], visit_id: str | None) -> list[Problem]:
    """Every id a row points to must exist in the same visit's folder."""
    ids = {name: _ids(raw) for name, raw in raws.items()}
    any_id = set().union(*ids.values())
    problems: list[Problem] = []
    for name, raw in raws.items():
        if raw is None:
            continue
        for col in TABLES[name].columns:
            if col.kind not in ("ref", "refs"):
                continue
            if col.name == "visit_id":
                problems.extend(_foreign_visit_ids(raw, visit_id))
            else:
                known = any_id if col.ref == "*" else ids.get(col.ref, set())
                problems.extend(_unknown_ids(raw, col, known))
    return problems


def _foreign_visit_ids(raw: RawTable, visit_id: str | None) -> Iterator[Problem]:
    """Each row must name its folder's visit; with no readable visit id, nothing is checked."""
    if visit_id is None:
        return
    if "visit_id" in raw.frame.columns and set(raw.frame["visit_id"].tolist()) <= {visit_id, ""}:
        return  # the common case: every row names this visit
    message = f"does not match this folder's visit id {visit_id!r}."
    for row, value in _cells(raw, "visit_id"):
        if value and value != visit_id:
            yield Problem(raw.file, row, "visit_id", value, message)


def _unknown_ids(raw: RawTable, col: Col, known: set[str]) -> Iterator[Problem]:
    """Each id of a `ref` cell, or of the space-separated list in a `refs` cell, must exist."""
    if col.name not in raw.frame.columns:
        return
    values = raw.frame[col.name].tolist()
    # The common case first: every id of the column exists (one split of all its cells).
    parts = set(" ".join(values).split()) if col.kind == "refs" else {v.strip() for v in values}
    if parts - {""} <= known:
        return
    target = "any table of this visit" if col.ref == "*" else f"{col.ref}.csv"
    message = f"is not an id in {target}."
    for row, value in _cells(raw, col.name):
        parts = value.split() if col.kind == "refs" else [value.strip()]
        for part in parts:
            if part and part not in known:
                yield Problem(raw.file, row, col.name, part, message)


def validate_quotes(
    raws: dict[str, RawTable | None], seed_text: str, seed_name: str
) -> list[Problem]:
    """Every quote must be in the article word for word; each missing stretch is a problem.

    All the spans of all the tables are looked up in one pass over the article
    (`provenance.spans_found`), each distinct span normalised once.
    """
    haystack = normalise(seed_text)  # once per article, not once per quote
    cited: list[tuple[RawTable, int, str]] = []  # (table, row, span) in reading order
    for raw in raws.values():
        if raw is None or "quote" not in raw.frame.columns:
            continue
        for index, value in enumerate(raw.frame["quote"].tolist()):
            if QUOTE_SEPARATOR in value:
                cited += [(raw, index, span) for span in quote_spans(value)]
            elif span := value.strip():
                cited.append((raw, index, span))
    distinct = list(dict.fromkeys(span for _, _, span in cited))
    normalised = dict(zip(distinct, normalise_many(distinct), strict=True))
    found = spans_found(normalised.values(), haystack)
    problems = []
    for raw, index, span in cited:
        if normalised[span] not in found:
            message = _missing_quote(span, haystack, seed_name)
            problems.append(Problem(raw.file, raw.row_of(index), "quote", span, message))
    return problems


def _missing_quote(span: str, haystack: str, seed_name: str) -> str:
    """Where the closest passage of the article first differs from the quote."""
    message = f"is not found word for word in the article {seed_name}."
    passage, at = closest_passage(span, haystack)
    if not passage or at == 0:
        return message
    quote = normalise(span)
    before = passage[max(at - 20, 0) : at]
    return (
        f"{message} The closest passage is “{passage[:120]}”; they differ at character "
        f"{at + 1}: the article has “…{before}{passage[at : at + 15]}”, the quote "
        f"“…{before}{quote[at : at + 15]}”."
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def validate_logic(raws: dict[str, RawTable | None]) -> list[Problem]:
    """Rules that span columns: date order, events inside their visit, times need a zone."""
    problems, span = _visit_span(raws.get("visits"))
    problems += validate_reports(raws)
    problems += list(_distinct_colours(raws.get("topics")))
    problems += list(_places_have_coordinates(raws.get("places")))
    events = raws.get("events")
    if events is None or not {"date_start", "date_end", "background"} <= set(events.frame):
        return problems
    found = [
        *_event_date_order(events),
        *_events_inside_visit(events, span),
        *_times_have_zone(events, raws.get("places")),
        *_approximate_needs_a_time(events),
    ]
    # Row by row, as a reader fixes them; the sort is stable, so a row keeps the rule order.
    legs = list(_legs_inside_visit(raws.get("legs"), span)) + list(_legs_move(raws.get("legs")))
    return problems + sorted(found, key=lambda p: p.row or 0) + legs


def _visit_span(visits: RawTable | None) -> tuple[list[Problem], tuple[dt.date, dt.date] | None]:
    """A visit must not end before it starts; also return its first and last day, if known."""
    if (
        visits is None
        or not len(visits.frame)
        or not {"start_date", "end_date"} <= set(visits.frame)
    ):
        return [], None
    start = _date(visits.frame["start_date"].iloc[0])
    end = _date(visits.frame["end_date"].iloc[0])
    if not (start and end):
        return [], None
    if end < start:
        # No span to hold events against until the visit's own dates are fixed.
        message = "is before start_date."
        return [Problem(visits.file, visits.row_of(0), "end_date", str(end), message)], None
    return [], (start, end)


def _legs_move(legs: RawTable | None) -> Iterator[Problem]:
    """A leg goes from one place to another: one that ends where it starts is a slip."""
    if legs is None or not {"from_place", "to_place"} <= set(legs.frame):
        return
    frame = legs.frame
    for index, (origin, destination) in enumerate(
        zip(frame["from_place"].tolist(), frame["to_place"].tolist(), strict=True)
    ):
        if origin and origin == destination:
            message = "is the same place as from_place: a leg goes from one place to another."
            yield Problem(legs.file, legs.row_of(index), "to_place", str(destination), message)


def _places_have_coordinates(places: RawTable | None) -> Iterator[Problem]:
    """A place needs its coordinates; only a draft row may leave them empty, for review
    (a venue the gazetteer lacks: the draft report and `validate` list it)."""
    if places is None or not {"lat", "lon"} <= set(places.frame):
        return
    frame = places.frame
    draft = frame["draft"].eq("true") if "draft" in frame else pd.Series(False, index=frame.index)
    for column in ("lat", "lon"):
        empty = frame[column].astype("string").fillna("").str.strip().eq("") & ~draft
        for index in (i for i, is_empty in enumerate(empty) if is_empty):
            message = "is empty but required."
            yield Problem(places.file, places.row_of(index), column, "", message)


def _distinct_colours(topics: RawTable | None) -> Iterator[Problem]:
    """Topics are told apart by colour: while the palette has a colour no topic uses, a
    colour is used once. Past PALETTE's length, colours repeat (the pills, legends and
    cards name every topic)."""
    if topics is None or not {"id", "colour"} <= set(topics.frame):
        return
    colours = [c.strip().upper() for c in topics.frame["colour"].tolist()]
    free = [c for c in PALETTE if c.upper() not in colours]
    if not free:
        return
    first: dict[str, str] = {}
    for index, (topic, colour) in enumerate(zip(topics.frame["id"].tolist(), colours, strict=True)):
        if colour in first:
            message = (
                f"is already the colour of topic {first[colour]!r}; topics are told apart "
                f"by colour: pick one no topic uses ({', '.join(free)})."
            )
            yield Problem(topics.file, topics.row_of(index), "colour", colour, message)
        first.setdefault(colour, topic)


def _event_date_order(events: RawTable) -> Iterator[Problem]:
    """An event must not end before it starts."""
    days = zip(events.frame["date_start"].tolist(), events.frame["date_end"].tolist(), strict=True)
    for index, (first, last) in enumerate(days):
        start, end = _date(first), _date(last)
        if start and end and end < start:
            row = events.row_of(index)
            yield Problem(events.file, row, "date_end", last, "is before date_start.")


def _events_inside_visit(
    events: RawTable, span: tuple[dt.date, dt.date] | None
) -> Iterator[Problem]:
    """An event that is not background must lie within the visit's days."""
    if span is None:
        return
    start, end = span
    message = (
        f"lies outside the visit ({start} to {end}); mark the event as background "
        "or correct the dates." + _placeholder_note(start)
    )
    frame = events.frame
    rows = zip(
        frame["date_start"].tolist(),
        frame["date_end"].tolist(),
        frame["background"].tolist(),
        strict=True,
    )
    for index, (first, last, background) in enumerate(rows):
        first_day, last_day = _date(first), _date(last)
        if background != "false" or not (first_day and last_day):
            continue
        if first_day < start or last_day > end:
            row, value = events.row_of(index), f"{first}..{last}"
            yield Problem(events.file, row, "date_start", value, message)


def _placeholder_note(start: dt.date) -> str:
    if start.isoformat() != PLACEHOLDER_DAY:
        return ""
    return (
        f" The visit's dates are still new-visit's placeholder ({PLACEHOLDER_DAY}): set "
        "start_date and end_date in visits.csv first."
    )


def _legs_inside_visit(legs: RawTable | None, span) -> Iterator[Problem]:
    """A leg of the route is travelled during the visit: from its first to its last day."""
    if legs is None or span is None or "date" not in legs.frame:
        return
    start, end = span
    message = f"lies outside the visit ({start} to {end}); correct the leg's date."
    message += _placeholder_note(start)
    for index, value in enumerate(legs.frame["date"].tolist()):
        day = _date(value)
        if day and not start <= day <= end:
            yield Problem(legs.file, legs.row_of(index), "date", value, message)


def _approximate_needs_a_time(events: RawTable) -> Iterator[Problem]:
    """'about' qualifies a clock time: without one it says nothing."""
    frame = events.frame
    if "time_precision" not in frame or "time_local" not in frame:
        return
    message = "qualifies a clock time, but time_local is empty: give the time it is about."
    for index, (precision, clock) in enumerate(
        zip(frame["time_precision"].tolist(), frame["time_local"].tolist(), strict=True)
    ):
        if precision == "about" and not clock:
            yield Problem(events.file, events.row_of(index), "time_precision", precision, message)


def _times_have_zone(events: RawTable, places: RawTable | None) -> Iterator[Problem]:
    """A clock time needs a place with a time zone, to be shown in the reader's zone too."""
    frame = events.frame
    if "time_local" not in frame:
        return
    zones = {}
    if places is not None and {"id", "timezone"} <= set(places.frame):
        zones = dict(
            zip(places.frame["id"].tolist(), places.frame["timezone"].tolist(), strict=True)
        )
    place_ids = frame["place_id"].tolist() if "place_id" in frame else [""] * len(frame)
    message = "needs a place with a time zone, so the time can be shown in both zones."
    for index, (clock, place) in enumerate(
        zip(frame["time_local"].tolist(), place_ids, strict=True)
    ):
        if clock and not zones.get(place):
            yield Problem(events.file, events.row_of(index), "time_local", clock, message)


#: What a spreadsheet takes as the start of a formula (and runs, in the file the README
#: tells editors to open in one).
FORMULA_START = ("=", "+", "@")


def formula_warnings(raws: dict[str, RawTable | None]) -> list[Problem]:
    """Text cells a spreadsheet would run as a formula: a warning each (the data is valid,
    but opening the file could run it). Ids, dates, numbers and choices cannot start so."""
    warnings = []
    for name, raw in raws.items():
        if raw is None:
            continue
        text = raw.text()  # Arrow text: one vectorised test per column
        for col in TABLES[name].columns:
            if col.kind != "text" or col.name not in raw.frame:
                continue
            starts = text[col.name].str.startswith(FORMULA_START).to_numpy(dtype=bool)
            for index in starts.nonzero()[0]:
                value = raw.frame[col.name].iloc[index]
                message = (
                    f"starts with {value[0]!r}: a spreadsheet would run this cell as a "
                    "formula. Reword its start (a quote may begin a few characters later)."
                )
                warnings.append(Problem(raw.file, raw.row_of(index), col.name, value, message))
    return warnings


#: Columns whose text should be each row's own: one sentence repeated on several cards says
#: nothing about any of them.
OWN_TEXT = {"issue_cards": ("aim", "why")}


def repeated_text_warnings(raws: dict[str, RawTable | None]) -> list[Problem]:
    """A card's aim or why-it-matters word for word the same as an earlier card's: a
    warning each (valid data, but the cards then fail to tell their issues apart)."""
    warnings = []
    for name, columns in OWN_TEXT.items():
        raw = raws.get(name)
        if raw is None:
            continue
        for column in columns:
            if column not in raw.frame:
                continue
            first: dict[str, int] = {}
            for index, value in enumerate(raw.frame[column].tolist()):
                key = " ".join(str(value or "").split()).lower()
                if not key:
                    continue
                if key in first:
                    message = (
                        f"the same text as row {raw.row_of(first[key])}: each card should say "
                        "this of its own issue, in its own words."
                    )
                    warnings.append(Problem(raw.file, raw.row_of(index), column, value, message))
                else:
                    first[key] = index
    return warnings
