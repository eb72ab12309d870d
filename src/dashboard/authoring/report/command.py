"""`python -m dashboard draft-report`: a report in, its source and draft claims added to a
visit folder, and a short report of what it found.

Everything is checked before anything is written: the arguments (a known --kind, a date
in --published, an IANA --zone), the report (read as the drafter reads an article), the
visit (its folder found by id in the data folder, and valid as it stands), and the source
(no row of sources.csv with its id or address). Then the new texts are built and the folder
is checked as it would be (`files`). Each refusal is one sentence; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import available_timezones

from ...data.loading import check_folder
from ...data.problems import count_text
from ..draft.dates import in_range
from .build import Proposal, draft_report, source_id_of
from .compare import contradictions, plan_changes
from .files import Change, appended, check_changes, commit
from .propose import Source
from .summary import report_name, summary
from .text import read_report
from .visit import VisitRows

#: The kinds of source a report may be (a seed is the visit's article, never a report).
REPORT_KINDS = ("original", "official", "summary")
_PUBLISHED = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})(?:T(?P<time>(?:[01]\d|2[0-3]):[0-5]\d))?")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class ReportError(Exception):
    """The report cannot be added; the message is one plain sentence."""


@dataclass(frozen=True)
class Request:
    """The command line, as given."""

    report: Path
    visit_id: str
    outlet: str
    published: str
    url: str
    data_dir: Path
    kind: str = "original"
    title: str = ""
    language: str = "en"
    zone: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the command did: the proposal, the report it wrote, and where."""

    proposal: Proposal
    text: str
    report: Path
    folder: Path


def source_of(request: Request) -> Source:
    """The source the command line describes; ReportError for an argument it cannot be."""
    if request.kind not in REPORT_KINDS:
        raise ReportError(
            f"--kind {request.kind!r} is not a kind of report; give one of: {', '.join(REPORT_KINDS)}; nothing was written."
        )
    match = _PUBLISHED.fullmatch(request.published.strip())
    try:
        day = dt.date.fromisoformat(match["day"]) if match else None
    except ValueError:
        day = None
    if day is None or not in_range(day):
        raise ReportError(
            f"--published {request.published!r} is not a date in YYYY-MM-DD or YYYY-MM-DDTHH:MM form; nothing was written."
        )
    if request.zone and request.zone not in available_timezones():
        raise ReportError(
            f"--zone {request.zone!r} is not an IANA time zone name such as Europe/Paris; nothing was written."
        )
    if not _LANGUAGE.fullmatch(request.language):
        raise ReportError(
            f"--language {request.language!r} is not a language code such as en or fr; nothing was written."
        )
    for name, value in (("--outlet", request.outlet), ("--url", request.url)):
        if not value.strip() or re.search(r"[\x00-\x1f\x7f-\x9f]", value):
            raise ReportError(f"{name} must be one line of text; nothing was written.")
    return Source(
        request.visit_id,
        request.outlet.strip(),
        request.url.strip(),
        request.kind,
        day,
        match["time"] or "",
        request.zone,
        request.title.strip(),
        request.language,
    )


def visit_rows(data_dir: Path, visit_id: str) -> VisitRows:
    """The visit's folder and rows, found by id; ReportError for an unknown visit or a
    folder that does not validate as it stands."""
    if not data_dir.is_dir():
        raise ReportError(f"--data-dir {data_dir} is not a folder; nothing was written.")
    _, loads = check_folder(data_dir)
    known = sorted(str(load.visit_id) for load in loads if load.visit_id)
    load = next((load for load in loads if load.visit_id == visit_id), None)
    if load is None:
        listed = ", ".join(known) or "none"
        raise ReportError(
            f"no visit in {data_dir} has the id {visit_id!r} (visits there: {listed}); nothing was written."
        )
    if load.problems:
        raise ReportError(
            f"the folder of {visit_id} has {count_text(len(load.problems), 'problem')} already: run "
            f"`python -m dashboard validate {load.folder}` and fix them first; nothing was written."
        )
    tables = {
        name: tuple(raw.frame.to_dict("records")) if raw is not None else ()
        for name, raw in load.raws.items()
    }
    return VisitRows(load.folder, tables)


def _refuse_known_source(source: Source, rows: VisitRows) -> None:
    ident = source_id_of(source)
    for number, row in enumerate(rows.rows("sources"), 2):
        if row["id"] == ident:
            raise ReportError(
                f"sources.csv already has a source {ident!r} (row {number}), from the same outlet "
                "at the same time; give the time in --published (YYYY-MM-DDTHH:MM) to tell them apart; nothing was written."
            )
        if _address(row["url"]) == _address(source.url):
            raise ReportError(
                f"sources.csv already lists {source.url} as source {row['id']!r} (row {number}); nothing was written."
            )


def _address(url: str) -> str:
    """An address as validation compares them (`data.reports`): scheme and host in lower
    case, no fragment, no trailing slash."""
    url = url.strip().split("#", 1)[0].rstrip("/")
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}" if sep else url


def add_report(request: Request, today: dt.date | None = None) -> Outcome:
    """Check everything, draft the report, check the folder as it would be, then write
    (see the module). ReportError, ArticleError or WriteError: nothing was written."""
    source = source_of(request)
    text = read_report(request.report)
    rows = visit_rows(request.data_dir, request.visit_id)
    _refuse_known_source(source, rows)
    proposal = draft_report(text, rows, source, today or dt.date.today())
    report = rows.folder / report_name(proposal.source_id)
    markdown = summary(
        proposal,
        rows,
        contradictions(proposal.claims, rows),
        plan_changes(proposal.claims, rows),
        rows.folder,
    )
    changes = _changes(rows, proposal) + [Change(report, None, markdown)]
    problems = check_changes(changes, rows.folder, request.data_dir, rows.visit["seed"])
    if problems:
        raise ReportError(
            f"the drafted rows would not validate ({problems[0]}); nothing was written, please report this."
        )
    commit(changes)
    return Outcome(proposal, markdown, report, rows.folder)


def _changes(rows: VisitRows, proposal: Proposal) -> list[Change]:
    added = {
        "sources": [proposal.source],
        "claims": list(proposal.claim_rows),
        "events": list(proposal.events),
    }
    changes = []
    for table, new_rows in added.items():
        if not new_rows:
            continue
        path = rows.folder / f"{table}.csv"
        old = path.read_bytes().decode("utf-8") if path.is_file() else None
        changes.append(Change(path, old, appended(old, table, new_rows)))
    return changes
