"""The short report the command prints and writes (`authoring.report.summary`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.authoring.report import Source, draft_report
from dashboard.authoring.report.compare import contradictions, plan_changes
from dashboard.authoring.report.quality import visit_rows
from dashboard.authoring.report.summary import report_name, summary

CLOCK = Path(__file__).resolve().parent / "fixtures" / "clock_visit"
TEXT = (
    "Premier E ends visit\n"
    "Premier E left City P at 4:47 p.m. on Tuesday.\n"
    "Her press conference was called off.\n"
    "She laid a wreath at the Memorial of the Founders in City P around noon on Tuesday.\n"
)


def written(outlet: str = "Fixture Herald") -> str:
    rows = visit_rows(CLOCK)
    source = Source(
        "fixture-clock-2026",
        outlet,
        "https://h.example.org/1",
        "original",
        dt.date(2026, 5, 12),
        "20:30",
    )
    proposal = draft_report(TEXT, rows, source, dt.date(2026, 5, 13))
    return summary(
        proposal,
        rows,
        contradictions(proposal.claims, rows),
        plan_changes(proposal.claims, rows),
        CLOCK,
    )


def test_it_says_what_matched_what_is_new_what_changed_and_what_it_could_not_place():
    text = written()
    assert text.startswith("# Draft report: fixture-herald-20260512-2030\n")
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Matched rows",
        "## New rows (events.csv)",
        "## Contradicts an earlier source",
        "## Changes the plan",
        "## Could not place",
    ]
    assert (
        "- events `departure`, “Flight home”: status done, date 2026-05-12, time 16:47, place city-p, participants premier-e [para 2, sentence 1]"
        in text
    )
    assert "- `commemoration-city-p` “Commemoration in City P”: kind commemoration" in text
    assert (
        "- events `press` status: this report cancelled [para 3, sentence 1]; the plan: scheduled."
        in text
    )
    assert (
        "- para 4, sentence 1: names Memorial of the Founders, which is not in places.csv." in text
    )
    assert "## Contradicts an earlier source\n\nNone." in text


def test_its_name_and_escapes():
    assert report_name("wire-1") == "DRAFT-REPORT-wire-1.md"
    text = written("Herald\x1b[2J\u202e")
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b[2J" in text


def test_it_quotes_no_sentence_of_the_report():
    text = written()
    for sentence in TEXT.splitlines()[1:]:
        assert sentence.rstrip(".") not in text
