"""Counts a report gives for the visit's figures (`authoring.report.counts`): by the
figure's unit and a word of its label."""

from __future__ import annotations

from pathlib import Path

from dashboard.authoring.report.counts import report_counts
from dashboard.authoring.report.quality import visit_rows
from dashboard.authoring.report.text import locate

DATELINE = Path(__file__).resolve().parent / "fixtures" / "dateline_visit"


def counts(text: str):
    return [
        (c.figure_id, c.value, c.qualifier)
        for c in report_counts(locate(text), visit_rows(DATELINE))
    ]


def test_a_count_in_a_figures_unit_beside_a_word_of_its_label_is_a_claim_on_it():
    assert counts("Country N raised its pledge for reef research to 45 million dollars.") == [
        ("reef-pledge", "45000000", "")
    ]
    assert counts("The reef research fund now holds more than 41 million dollars.") == [
        ("reef-pledge", "41000000", "more than")
    ]


def test_a_count_in_a_figures_unit_with_no_word_of_its_label_gives_no_figure():
    assert counts("The new ferry cost 12 million dollars.") == [(None, "12000000", "")]


def test_a_count_of_something_the_visit_does_not_count_is_left_alone():
    assert counts("Some 300 dancers performed at the festival.") == []


def test_the_headline_gives_no_count():
    assert (
        counts("Pledge for reef research rises to 45 million dollars\nThe sum was confirmed.\n")
        == []
    )
