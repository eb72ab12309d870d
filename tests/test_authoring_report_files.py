"""Adding rows to a visit folder (`authoring.report.files`): old text kept byte for byte,
columns added where the rows need them, the folder checked in a copy, each file replaced
at once, and every file put back when writing fails half-way."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from dashboard.authoring.report.files import Change, WriteError, appended, check_changes, commit
from dashboard.data.schema import TABLES

CLOCK = Path(__file__).resolve().parent / "fixtures" / "clock_visit"
SOURCE = {
    "id": "wire-a",
    "visit_id": "fixture-clock-2026",
    "kind": "original",
    "outlet": "Wire A",
    "title": "A title",
    "url": "https://a.example.org/1",
    "language": "en",
    "published_date": "2026-05-11",
    "accessed": "2026-05-12",
}


def records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_rows_are_added_after_the_old_text_kept_byte_for_byte():
    header = ",".join(TABLES["sources"].column_names)
    old = f'{header}\r\n# an editor\'s comment, "quoted"\r\nold,x,seed,Seed,"A ""title""\r\non two lines",seed.txt,en,2026-05-01,,,2026-05-01,,\r\n'
    new = appended(old, "sources", [SOURCE])
    assert new.startswith(old) and new.endswith("\r\n")
    assert records(new[len(old) :])[0][:3] == ["wire-a", "fixture-clock-2026", "original"]


def test_a_missing_final_line_break_is_added_before_the_rows():
    old = ",".join(TABLES["sources"].column_names)
    new = appended(old, "sources", [SOURCE])
    assert new.startswith(old + "\n") and len(new.splitlines()) == 2


def test_a_column_the_rows_need_is_added_to_the_header_and_every_record():
    columns = [c for c in TABLES["claims"].column_names if c != "draft"]
    old = (
        ",".join(columns)
        + "\n# comment\n"
        + 'c1,v,s,events,talks,time,10:00,,"para 1, sentence 1",\n\n'
    )
    claim = dict(
        zip(
            columns,
            ["c2", "v", "s", "events", "talks", "date", "2026-05-11", "", "", ""],
            strict=True,
        )
    )
    new = appended(old, "claims", [claim | {"draft": "true"}])
    lines = new.split("\n")
    assert lines[0] == ",".join(columns) + ",draft"
    assert lines[1] == "# comment"
    assert lines[2] == 'c1,v,s,events,talks,time,10:00,,"para 1, sentence 1",,'
    assert records(lines[4])[0][-1] == "true"


def test_a_missing_table_is_written_whole():
    new = appended(None, "sources", [SOURCE])
    assert records(new)[0] == TABLES["sources"].column_names


@pytest.fixture
def folder(tmp_path) -> Path:
    return Path(shutil.copytree(CLOCK, tmp_path / "clock_visit"))


def sources_change(folder: Path, row=SOURCE) -> Change:
    return Change(folder / "sources.csv", None, appended(None, "sources", [row]))


def test_the_folder_is_checked_as_it_would_be_in_a_copy(folder):
    before = sorted(p.name for p in folder.iterdir())
    assert check_changes([sources_change(folder)], folder, folder, "seed.txt") == []
    problems = check_changes(
        [sources_change(folder, SOURCE | {"kind": "rumour"})], folder, folder, "seed.txt"
    )
    assert problems and "sources.csv" in problems[0] and "rumour" in problems[0]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_the_copy_finds_an_article_in_seeds_beside_the_data_folder(tmp_path):
    data = tmp_path / "data"
    visit = Path(shutil.copytree(CLOCK, data / "clock_visit"))
    (tmp_path / "seeds").mkdir()
    shutil.move(visit / "seed.txt", tmp_path / "seeds" / "clock.txt")
    visits = visit / "visits.csv"
    visits.write_text(
        visits.read_text(encoding="utf-8").replace(",seed.txt,", ",../../seeds/clock.txt,"),
        encoding="utf-8",
    )
    assert check_changes([sources_change(visit)], visit, data, "../../seeds/clock.txt") == []


def test_commit_writes_each_file_and_creates_new_ones_only_where_nothing_is(folder):
    events = folder / "events.csv"
    old = events.read_text(encoding="utf-8")
    commit([sources_change(folder), Change(events, old, old + "# checked\n")])
    assert (folder / "sources.csv").is_file() and events.read_text(encoding="utf-8").endswith(
        "# checked\n"
    )
    with pytest.raises(WriteError, match="already exists"):
        commit([sources_change(folder)])
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_file_changed_since_it_was_read_is_not_overwritten(folder):
    events = folder / "events.csv"
    old = events.read_text(encoding="utf-8")
    events.write_text(old + "# an editor was here\n", encoding="utf-8")
    with pytest.raises(WriteError, match="changed while"):
        commit([sources_change(folder), Change(events, old, old + "# new\n")])
    assert not (folder / "sources.csv").exists()
    assert events.read_text(encoding="utf-8").endswith("# an editor was here\n")


def test_a_failure_half_way_puts_every_file_back(folder, monkeypatch):
    events, topics = folder / "events.csv", folder / "topics.csv"
    old_events, old_topics = events.read_bytes(), topics.read_bytes()
    real_replace = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    changes = [
        sources_change(folder),
        Change(events, old_events.decode(), old_events.decode() + "# a\n"),
        Change(topics, old_topics.decode(), old_topics.decode() + "# b\n"),
    ]
    with pytest.raises(WriteError, match="no space left on device; every file is as it was"):
        commit(changes)
    monkeypatch.setattr(os, "replace", real_replace)
    assert events.read_bytes() == old_events and topics.read_bytes() == old_topics
    assert not (folder / "sources.csv").exists()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
