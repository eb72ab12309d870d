"""A report's claims against earlier sources and the plan (`authoring.report.compare`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.authoring.report.compare import contradictions, plan_changes, same
from dashboard.authoring.report.propose import Claim
from dashboard.authoring.report.quality import visit_rows

CLOCK = Path(__file__).resolve().parent / "fixtures" / "clock_visit"
VISIT = "fixture-clock-2026"


def claim(row_id: str, field: str, value: str, qualifier: str = "") -> Claim:
    return Claim("events", row_id, field, value, qualifier, "para 1, sentence 1")


def with_earlier(rows, *claims: tuple[str, str, str, str, str]):
    """The visit with earlier sources: (source id, kind, row, field, value[, qualifier])."""
    tables = dict(rows.tables)
    sources = {c[0]: c[1] for c in claims}
    tables["sources"] = tuple({"id": s, "kind": k} for s, k in sources.items())
    tables["claims"] = tuple(
        {
            "id": f"c{n}",
            "visit_id": VISIT,
            "source_id": c[0],
            "table": "events",
            "row_id": c[2],
            "field": c[3],
            "value": c[4],
            "qualifier": c[5] if len(c) > 5 else "",
        }
        for n, c in enumerate(claims)
    )
    return type(rows)(rows.folder, tables)


@pytest.fixture(scope="module")
def rows():
    return visit_rows(CLOCK)


def test_a_value_an_earlier_report_gives_otherwise_is_a_contradiction(rows):
    earlier = with_earlier(rows, ("wire", "original", "accord", "time", "15:20"))
    (found,) = contradictions([claim("accord", "time", "16:05")], earlier)
    assert (found.other, found.sources) == ("15:20", ("wire",))
    assert contradictions([claim("accord", "time", "15:20")], earlier) == []


def test_plans_and_reports_never_contradict_each_other(rows):
    preview = with_earlier(rows, ("wire", "original", "dinner", "time", "19:30", "scheduled"))
    assert contradictions([claim("dinner", "time", "20:00")], preview) == []
    report = with_earlier(rows, ("wire", "original", "dinner", "time", "20:00"))
    assert contradictions([claim("dinner", "time", "19:30", "scheduled")], report) == []


def test_values_at_another_precision_agree(rows):
    assert same("place", "palace-p", "city-p", rows) and same("place", "city-p", "palace-p", rows)
    assert not same("place", "university-p", "palace-p", rows)
    assert same("participants", "premier-e", "president-f premier-e", rows)
    assert same("duration_min", "240", "240.0", rows)
    earlier = with_earlier(rows, ("digest", "summary", "talks", "place", "city-p"))
    assert contradictions([claim("talks", "place", "palace-p")], earlier) == []


def test_a_summary_that_differs_is_named_too(rows):
    earlier = with_earlier(rows, ("digest", "summary", "talks", "date", "2026-05-12"))
    (found,) = contradictions([claim("talks", "date", "2026-05-11")], earlier)
    assert found.sources == ("digest",)


def test_changes_to_the_plan(rows):
    changed = plan_changes(
        [
            claim("press", "status", "cancelled"),
            claim("talks", "status", "done"),
            claim("talks", "time", "11:30"),
            claim("talks", "place", "city-p"),
            claim("students", "date", "2026-05-12"),
            claim("departure", "date", "2026-05-13"),
            claim("accord", "participants", "premier-e"),
        ],
        rows,
    )
    assert [(d.claim.row_id, d.claim.field, d.other) for d in changed] == [
        ("press", "status", "scheduled"),
        ("talks", "time", "11:00"),
        ("departure", "date", "2026-05-12"),
    ]
