"""The format of the reports' tables (`data.reports`): sources and the claims they make,
each bad cell a problem naming file, row and column; a row from the article must still quote
it; strict validation fails on a bad claim."""

from __future__ import annotations

import shutil

import pytest
from conftest import MINI_VISIT
from reported_visit import CLAIMS, SOURCES, problems_of, visit_of, with_reports

from dashboard.data.loading import DataError, load_dataset

# ---------------------------------------------------------------------------------------
# The format


def test_a_visit_with_reports_validates(reported):
    assert problems_of(reported) == []


@pytest.mark.parametrize(
    "claim, where, message",
    [
        (
            "c90,{v},office-e,events,nowhere,status,done,,,",
            "row 18, column row_id: 'nowhere'",
            "is not an id in events.csv",
        ),
        (
            "c90,{v},office-e,figures,agreements,status,done,,,",
            "row 18, column field: 'status'",
            "is not a field of figures a claim may give",
        ),
        (
            "c90,{v},office-e,events,meeting,date,2 March,,,",
            "row 18, column value: '2 March'",
            "is not a date in YYYY-MM-DD form",
        ),
        (
            "c90,{v},office-e,events,meeting,time,25:00,,,",
            "row 18, column value: '25:00'",
            "is not a time in HH:MM form",
        ),
        (
            "c90,{v},office-e,events,meeting,place,atlantis,,,",
            "row 18, column value: 'atlantis'",
            "not an id in places.csv",
        ),
        (
            "c90,{v},office-e,figures,agreements,value,three,,,",
            "row 18, column value: 'three'",
            "is not a number",
        ),
        (
            "c90,{v},paper-c,issue_cards,river-trade,outcome,won,,,",
            "row 18, column value: 'won'",
            "is not a value outcome may take",
        ),
        (
            "c90,{v},office-e,events,meeting,status,finished,,,",
            "row 18, column value: 'finished'",
            "is not a value status may take",
        ),
        (
            "c90,{v},wire-b,events,meeting,time,10:20,,,",
            "row 18, column field: 'time'",
            "repeats the claim of row 6",
        ),
        (
            "c90,{v},ghost,events,meeting,status,done,,,",
            "row 18, column source_id: 'ghost'",
            "is not an id in sources.csv",
        ),
    ],
)
def test_a_bad_claim_is_a_problem_naming_file_row_and_column(tmp_path, claim, where, message):
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), claims=[*CLAIMS, claim])
    found = [p for p in problems_of(folder) if p.startswith("claims.csv")]
    assert len(found) == 1, found
    assert found[0].startswith(f"claims.csv, {where}") and message in found[0]


@pytest.mark.parametrize(
    "edit, where, message",
    [
        (
            lambda r: r.replace("https://b.example/1", ""),
            "row 4, column url: ''",
            "is empty but required",
        ),
        (
            lambda r: r.replace("2026-03-02,14:00", ",14:00"),
            "row 4, column published_date: ''",
            "needs the date its page gives",
        ),
        (
            lambda r: r.replace("https://b.example/1", "HTTPS://A.example/1/"),
            "row 4, column url",
            "is the address of source 'wire-a' (row 3) too",
        ),
    ],
)
def test_a_bad_source_is_a_problem_naming_file_row_and_column(tmp_path, edit, where, message):
    sources = [edit(s) if s.startswith("wire-b") else s for s in SOURCES]
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), sources=sources)
    found = [p for p in problems_of(folder) if p.startswith("sources.csv")]
    assert len(found) == 1, found
    assert found[0].startswith(f"sources.csv, {where}") and message in found[0]


def test_a_summary_may_lack_a_date_and_then_counts_only_without_an_as_of(tmp_path):
    sources = [
        s.replace("2026-03-03,08:00,UTC", ",,") if s.startswith("digest-d") else s for s in SOURCES
    ]
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"), sources=sources)
    assert problems_of(folder) == []
    assert "digest-d" in set(visit_of(folder).reports.sources["id"])
    assert "digest-d" not in set(visit_of(folder, "2027-01-01T00:00").reports.sources["id"])


def test_a_row_from_the_article_must_still_quote_it(tmp_path):
    folder = with_reports(shutil.copytree(MINI_VISIT, tmp_path / "v"))
    text = (folder / "events.csv").read_text(encoding="utf-8")
    (folder / "events.csv").write_text(text.replace(",reported,First", ",article,First"), "utf-8")
    assert any(
        p.startswith("events.csv, row 5, column quote: ''") and "set basis to reported" in p
        for p in problems_of(folder)
    )


def test_strict_validation_still_fails_on_a_bad_claim(tmp_path):
    folder = with_reports(
        shutil.copytree(MINI_VISIT, tmp_path / "v"),
        claims=[*CLAIMS, "c90,{v},wire-b,events,nowhere,status,done,,,"],
    )
    with pytest.raises(DataError):
        load_dataset(folder, strict=True)
