"""The short report the command prints and writes beside the tables
(`DRAFT-REPORT-<source id>.md`): what matched which row, what is new, what contradicts an
earlier source or changes the plan, and what it could not place, in the order to review.

Rows are named by their ids and the visit's own titles; the report's text appears only as
where it stands ("para 3, sentence 1"), so the editor reads each claim beside the report.
Control characters are shown as escapes (`newfiles.printable`).
"""

from __future__ import annotations

from pathlib import Path

from ...data.problems import count_text
from ..newfiles import printable
from .build import Proposal
from .compare import Difference
from .propose import Claim
from .visit import VisitRows


def report_name(source_id: str) -> str:
    return f"DRAFT-REPORT-{source_id}.md"


def summary(
    proposal: Proposal,
    rows: VisitRows,
    contradicted: list[Difference],
    changed: list[Difference],
    folder: Path,
) -> str:
    """The draft report's Markdown (see the module)."""
    source = proposal.source
    when = " ".join(
        v
        for v in (source["published_date"], source["published_time"], source["published_zone"])
        if v
    )
    lines = [
        f"# Draft report: {source['id']}",
        "",
        f"{source['outlet']} ({source['kind']}), published {when}: {source['url']}",
        "",
        f"`python -m dashboard draft-report` proposed {count_text(len(proposal.claims), 'claim')} "
        f"and {count_text(len(proposal.events), 'new event row')}, each marked `draft=true`. Read the report beside "
        "this list; fix or delete each claim, then empty its `draft` cell. "
        f"`python -m dashboard validate {folder}` counts what is left.",
    ]
    lines += _section("Matched rows", _matched(proposal, rows))
    lines += _section("New rows (events.csv)", _new_rows(proposal))
    lines += _section(
        "Contradicts an earlier source", [_difference(d, "earlier") for d in contradicted]
    )
    lines += _section("Changes the plan", [_difference(d, "plan") for d in changed])
    lines += _section("Could not place", [f"- {note}" for note in proposal.notes])
    return printable("\n".join(lines) + "\n")


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"## {title}", "", *(items or ["None."])]


def _claimed(claims: list[Claim]) -> str:
    """The claims of one row, grouped by where the report gives them."""
    by_place: dict[str, list[str]] = {}
    for claim in claims:
        qualifier = f" ({claim.qualifier})" if claim.qualifier else ""
        by_place.setdefault(claim.locator, []).append(f"{claim.field} {claim.value}{qualifier}")
    return "; ".join(f"{', '.join(values)} [{where}]" for where, values in by_place.items())


def _matched(proposal: Proposal, rows: VisitRows) -> list[str]:
    """One line per row the report gives values for, planned rows first."""
    titles = {e["id"]: e["title"] for e in rows.rows("events")}
    titles |= {e["id"]: e["title"] for e in proposal.events}
    labels = {f["id"]: f["label"] for f in rows.rows("figures")}
    by_row: dict[tuple[str, str], list[Claim]] = {}
    for claim in proposal.claims:
        by_row.setdefault((claim.table, claim.row_id), []).append(claim)
    lines = []
    for (table, row_id), claims in by_row.items():
        name = titles.get(row_id) if table == "events" else labels.get(row_id, "")
        new = " (new)" if any(e["id"] == row_id for e in proposal.events) else ""
        lines.append(f"- {table} `{row_id}`{new}, “{name}”: {_claimed(claims)}")
    return lines


def _new_rows(proposal: Proposal) -> list[str]:
    return [
        f"- `{e['id']}` “{e['title']}”: kind {e['kind']}, {e['date_start']}"
        f"{', ' + e['place_id'] if e['place_id'] else ''}; topics guessed ({e['topics']}): "
        "check the kind, title and topics, and write its summary."
        for e in proposal.events
    ]


def _difference(d: Difference, against: str) -> str:
    claim = d.claim
    what = (
        f"{claim.table} `{claim.row_id}` {claim.field}: this report {claim.value} [{claim.locator}]"
    )
    if against == "plan":
        return f"- {what}; the plan: {d.other}."
    return f"- {what}; {', '.join(d.sources)}: {d.other}."
