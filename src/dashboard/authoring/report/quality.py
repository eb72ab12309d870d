"""How close `draft-report` comes to an editor: recall and precision of the claims it
proposes for fictional reports (`tests/fixtures/reports/`), each with the claims an editor
expects of it (`expected.csv`).

A claim is compared as (table, row id, field, value), whichever source gives it, values
as the model compares them (`claims.normalised`). A row first reported by a report has an
expected id starting "new:"; each proposed new row is paired with the expected new row it
agrees with most (same day), and its kind counts as one more value. Reports are drafted in
memory, in name order, each on the visit as the ones before left it (their source, claims
and new rows added), so that a later report can contradict an earlier one.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ...data.loading import check_folder, project_root
from ...model.claims import normalised
from .build import Proposal, draft_report
from .command import Request, source_of
from .compare import contradictions
from .propose import Source
from .text import read_report
from .visit import VisitRows

FIXTURES = Path("tests") / "fixtures" / "reports"
RECALL, PRECISION = 0.8, 0.8
#: The heading the section starts with, in docs/draft-quality.md.
HEADING = "## Report drafts: the claims proposed against an editor's"

Item = tuple[str, str, str, str]  # table, row id, field, value


@dataclass(frozen=True)
class Fixture:
    name: str
    shape: str
    report: Path
    visit_folder: Path
    source: Source
    expected: frozenset[Item]
    contradicts: frozenset[str]
    held_out: bool = False


@dataclass(frozen=True)
class Score:
    name: str
    shape: str
    expected: frozenset[Item]
    proposed: frozenset[Item]
    contradicts: frozenset[str]
    contradicted: frozenset[str]
    held_out: bool = False

    @property
    def matched(self) -> frozenset[Item]:
        return self.expected & self.proposed

    @property
    def recall(self) -> float:
        return len(self.matched) / len(self.expected) if self.expected else 1.0

    @property
    def precision(self) -> float:
        return len(self.matched) / len(self.proposed) if self.proposed else 1.0


def fixture(folder: Path) -> Fixture:
    meta = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    request = Request(
        folder / "report.txt",
        meta["visit"],
        meta["outlet"],
        meta["published"],
        meta["url"],
        (folder / meta["visit_folder"]).resolve(),
        meta.get("kind", "original"),
        meta.get("title", ""),
        meta.get("language", "en"),
        meta.get("zone", ""),
    )
    with (folder / "expected.csv").open(encoding="utf-8", newline="") as handle:
        expected = frozenset(
            _item(r["table"], r["row_id"], r["field"], r["value"]) for r in csv.DictReader(handle)
        )
    return Fixture(
        folder.name,
        meta.get("shape", ""),
        request.report,
        request.data_dir,
        source_of(request),
        expected,
        frozenset(meta.get("contradicts", [])),
        bool(meta.get("held_out", False)),
    )


def _item(table: str, row_id: str, field: str, value: str) -> Item:
    return table, row_id, field, value if field == "kind" else normalised(field, value)


def visit_rows(folder: Path) -> VisitRows:
    """A fixture visit's rows, as the command reads them."""
    _, loads = check_folder(folder)
    tables = {
        name: tuple(raw.frame.to_dict("records")) if raw is not None else ()
        for name, raw in loads[0].raws.items()
    }
    return VisitRows(folder, tables)


def with_proposal(rows: VisitRows, proposal: Proposal) -> VisitRows:
    """The visit as an editor who accepted the proposal would have it."""
    tables = dict(rows.tables)
    tables["sources"] = (*rows.rows("sources"), proposal.source)
    tables["claims"] = (*rows.rows("claims"), *proposal.claim_rows)
    tables["events"] = (*rows.rows("events"), *proposal.events)
    return VisitRows(rows.folder, tables)


def measure(root: Path | None = None) -> list[Score]:
    """Draft every fixture report in name order (see the module) and score each."""
    root = root or project_root() / FIXTURES
    visits: dict[Path, VisitRows] = {}
    scores = []
    for folder in sorted(p for p in root.iterdir() if (p / "source.json").is_file()):
        case = fixture(folder)
        rows = visits.get(case.visit_folder) or visit_rows(case.visit_folder)
        proposal = draft_report(read_report(case.report), rows, case.source, case.source.published)
        found = frozenset(
            f"{d.claim.table}/{d.claim.row_id}/{d.claim.field}"
            for d in contradictions(proposal.claims, rows)
        )
        proposed = _proposed(proposal, case.expected)
        scores.append(
            Score(
                case.name,
                case.shape,
                case.expected,
                proposed,
                case.contradicts,
                found,
                case.held_out,
            )
        )
        visits[case.visit_folder] = with_proposal(rows, proposal)
    return scores


def _proposed(proposal: Proposal, expected: frozenset[Item]) -> frozenset[Item]:
    """The proposal's claims as items, each new row named as the expected new row it
    agrees with most (see the module)."""
    items = {_item(c.table, c.row_id, c.field, c.value) for c in proposal.claims}
    items |= {("events", e["id"], "kind", e["kind"]) for e in proposal.events}
    labels = {row_id for _, row_id, _, _ in expected if row_id.startswith("new:")}
    for event in proposal.events:
        own = {(f, v) for t, r, f, v in items if r == event["id"]}
        best = max(
            (label for label in labels if _same_day(own, expected, label)),
            key=lambda label: len(own & {(f, v) for _, r, f, v in expected if r == label}),
            default=None,
        )
        if best is not None:
            labels.discard(best)
            items = {(t, best if r == event["id"] else r, f, v) for t, r, f, v in items}
    return frozenset(items)


def _same_day(own: set[tuple[str, str]], expected: frozenset[Item], label: str) -> bool:
    days = {v for _, r, f, v in expected if r == label and f == "date"}
    mine = {v for f, v in own if f == "date"}
    return not days or not mine or bool(days & mine)


def markdown(scores: list[Score]) -> str:
    lines = [
        "| report | shape | expected | proposed | matched | recall | precision | contradictions found |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_line(s.name, s.shape, s) for s in scores]
    built = total([s for s in scores if not s.held_out])
    held = total([s for s in scores if s.held_out])
    every = total(scores)
    lines.append(_line("**built on**", "reports read while the command was written", built))
    lines.append(_line("**held out**", "reports written after it, not tuned on", held))
    lines.append(_line("**all**", "", every))
    lines += [
        "",
        f"Target: recall ≥ {RECALL:.0%} and precision ≥ {PRECISION:.0%}. "
        + _verdict(every, "over all reports")
        + " "
        + _verdict(held, "on the held-out reports alone"),
        "",
    ]
    for s in scores:
        lines += _misses(s)
    return "\n".join(lines) + "\n"


def _line(name: str, shape: str, s: Score) -> str:
    found = len(s.contradicts & s.contradicted)
    return (
        f"| {name} | {shape} | {len(s.expected)} | {len(s.proposed)} | {len(s.matched)} | "
        f"{s.recall:.0%} | {s.precision:.0%} | {found}/{len(s.contradicts)} |"
    )


def _verdict(score: Score, where: str) -> str:
    met = score.recall >= RECALL and score.precision >= PRECISION
    return f"{where.capitalize()}: {'met' if met else '**not met**'} ({score.recall:.0%}, {score.precision:.0%})."


def total(scores: list[Score]) -> Score:
    def tagged(s: Score, items) -> frozenset:
        return frozenset(
            (s.name, *item) if isinstance(item, tuple) else (s.name, item) for item in items
        )

    return Score(
        "all",
        "",
        frozenset().union(*(tagged(s, s.expected) for s in scores)),
        frozenset().union(*(tagged(s, s.proposed) for s in scores)),
        frozenset().union(*(tagged(s, s.contradicts) for s in scores)),
        frozenset().union(*(tagged(s, s.contradicted) for s in scores)),
    )


def _misses(score: Score) -> list[str]:
    def listed(items) -> str:
        return "; ".join(f"{r} {f} {v}" for _, r, f, v in sorted(items))

    lines = []
    if score.expected - score.proposed:
        lines.append(f"- {score.name}, missed: {listed(score.expected - score.proposed)}")
    if score.proposed - score.expected:
        lines.append(f"- {score.name}, not expected: {listed(score.proposed - score.expected)}")
    return lines


def document(scores: list[Score], command: str) -> str:
    """The section of docs/draft-quality.md: how it was made, the table, how to read it."""
    return "\n".join(
        [
            HEADING,
            "",
            "How many of the claims an editor expects of each fictional report in "
            "`tests/fixtures/reports/` the `draft-report` command proposes (*recall*), and how "
            "many of the claims it proposes an editor expects (*precision*). Written by the "
            "command below (do not edit by hand; a test checks that this section matches "
            "what it prints).",
            "",
            f"Command: `{command}`",
            "",
            markdown(scores),
            "How to read it. A claim is a value for one field of one row (an event's status, "
            "day, time, end, length, part of the day, place or participants; a figure's "
            "value), compared whichever source gives it. A row the plan lacks counts by its "
            "kind and its values once paired with the row the editor expects. *Contradictions "
            "found*: the fields an earlier report gives another value for, as the fixture "
            "lists them, that the command's report names. The reports are fiction written for "
            "the tests, each with the claims an editor would expect of it (see "
            "`tests/fixtures/reports/README.md`). The command was built while reading the "
            "first six, so their row says only that it reads what it was built on; the "
            "held-out reports were written and committed after it and not tuned on: theirs "
            "is the honest measure. Nine short reports are a small sample: a check on the "
            "method, not a measure of news in general.",
            "",
        ]
    )
