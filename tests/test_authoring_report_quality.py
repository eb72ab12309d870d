"""`python -m dashboard draft-report-quality` (`authoring.report.quality`): the committed
section of docs/draft-quality.md is what it prints, the targets hold (on the held-out
reports too), the fixtures' expectations name real rows and values, and measuring writes
nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import SHIPPED

from dashboard.__main__ import main
from dashboard.authoring.report.quality import (
    HEADING,
    PRECISION,
    RECALL,
    fixture,
    measure,
    total,
    visit_rows,
)
from dashboard.data.schema import CLAIM_FIELDS
from dashboard.model.claims import normalised

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "tests" / "fixtures" / "reports"
FOLDERS = sorted(p for p in REPORTS.iterdir() if (p / "source.json").is_file())


@pytest.fixture(scope="module")
def scores():
    return measure(REPORTS)


def test_the_committed_section_is_what_the_command_prints(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["draft-report-quality"]) == 0
    printed = capsys.readouterr().out
    committed = (ROOT / "docs" / "draft-quality.md").read_text(encoding="utf-8")
    assert committed.count(HEADING) == 1
    assert printed == committed[committed.index(HEADING) :]


def test_the_other_section_is_left_as_the_draft_quality_command_wrote_it():
    committed = (ROOT / "docs" / "draft-quality.md").read_text(encoding="utf-8")
    first = committed[: committed.index(HEADING)]
    assert first.startswith("# Draft quality\n") and first.endswith("\n\n")
    assert f"python -m dashboard draft-quality data/{SHIPPED}" in first


def test_there_are_at_least_five_reports_of_the_shapes_asked_for():
    shapes = " ".join(json.loads((f / "source.json").read_text())["shape"] for f in FOLDERS)
    assert len(FOLDERS) >= 5
    for words in ("wire story of one day", "round-up", "contradicts", "host's", "cancellation"):
        assert words in shapes, words


def test_recall_and_precision_meet_the_targets_overall_and_on_the_held_out_reports(scores):
    every = total(scores)
    held = total([s for s in scores if s.held_out])
    assert any(s.held_out for s in scores)
    for score in (every, held):
        assert score.recall >= RECALL and score.precision >= PRECISION, (
            score.recall,
            score.precision,
        )


def test_every_report_proposes_most_of_what_is_expected_of_it(scores):
    for score in scores:
        assert score.recall >= 0.7 and score.precision >= 0.8, (
            score.name,
            score.recall,
            score.precision,
        )


def test_the_contradicting_report_names_the_fields_it_contradicts(scores):
    by_name = {s.name: s for s in scores}
    contradiction = by_name["03-contradiction"]
    assert contradiction.contradicts == {"events/accord/time", "events/talks/time"}
    assert contradiction.contradicts <= contradiction.contradicted
    # A report of what was planned never contradicts a preview of it.
    assert not by_name["05-round-up"].contradicted


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_each_expectation_names_a_row_of_the_visit_and_a_value_of_its_field(folder):
    case = fixture(folder)
    rows = visit_rows(case.visit_folder)
    assert rows.id == case.source.visit_id
    with (folder / "expected.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    ids = {table: {r["id"] for r in rows.rows(table)} for table in CLAIM_FIELDS}
    for row in expected:
        table, row_id, field = row["table"], row["row_id"], row["field"]
        assert table in CLAIM_FIELDS, row
        if row_id.startswith("new:"):
            assert field in CLAIM_FIELDS[table] or field == "kind", row
            continue
        assert row_id in ids[table] and field in CLAIM_FIELDS[table], row
        normalised(field, row["value"])  # a value of the field's kind: raises if not
    keys = [(r["table"], r["row_id"], r["field"]) for r in expected]
    assert len(keys) == len(set(keys)), "one value per field of a row"


def test_measuring_writes_nothing():
    def files() -> dict[str, bytes]:
        return {
            str(p): p.read_bytes()
            for visit in ("clock_visit", "dateline_visit", "river_visit", "autumn_visit")
            for p in (REPORTS.parent / visit).iterdir()
        }

    before = files()
    measure(REPORTS)
    assert files() == before
