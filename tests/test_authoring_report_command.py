"""`python -m dashboard draft-report` (`authoring.report.command`): every fixture report
added to a copy of its fixture visit, the folder valid after each; its refusals, one
sentence each with nothing written; and no sentence of a report in any written file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.__main__ import main
from dashboard.authoring.report.text import word_runs
from dashboard.data.loading import load_dataset

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORTS = FIXTURES / "reports"
NAMES = sorted(p.name for p in REPORTS.iterdir() if (p / "source.json").is_file())
CLOCK = "fixture-clock-2026"
WIRE = REPORTS / "01-wire-day-one"


def meta(name: str) -> dict:
    return json.loads((REPORTS / name / "source.json").read_text(encoding="utf-8"))


def arguments(name: str, data_dir: Path, **changes: str) -> list[str]:
    """The command line of a fixture report, with `changes` to its options."""
    source = meta(name)
    options = {
        "visit": source["visit"],
        "outlet": source["outlet"],
        "published": source["published"],
        "url": source["url"],
        "kind": source.get("kind", "original"),
        "zone": source.get("zone", ""),
        "title": source.get("title", ""),
        "data-dir": str(data_dir),
    } | changes
    argv = ["draft-report", str(REPORTS / name / "report.txt")]
    for option, value in options.items():
        if value:
            argv += [f"--{option}", value]
    return argv


def visit_copy(tmp_path: Path, name: str) -> Path:
    """A writable copy of the fixture visit a report is about."""
    folder = (REPORTS / name / meta(name)["visit_folder"]).resolve()
    return Path(shutil.copytree(folder, tmp_path / folder.name))


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def refused(capsys, argv: list[str], folder: Path) -> str:
    """Run a command that must be refused: exit 1, one line, nothing written."""
    before = snapshot(folder)
    code, out, err = run(capsys, argv)
    assert code == 1, out
    assert "Traceback" not in out + err
    assert err.startswith("Cannot add the report: ") and err.count("\n") == 1, err
    assert snapshot(folder) == before
    assert not list(folder.glob(".*.tmp"))
    return err


# ---------------------------------------------------------------------------------------
# Every fixture report


@pytest.mark.parametrize("name", NAMES)
def test_each_fixture_report_adds_draft_claims_and_the_folder_validates(tmp_path, capsys, name):
    folder = visit_copy(tmp_path, name)
    code, out, err = run(capsys, arguments(name, folder))
    assert code == 0, err
    assert out.startswith("# Draft report: ") and "## Matched rows" in out
    dataset = load_dataset(folder, strict=True)  # raises DataError if anything is wrong
    claims, sources = dataset.claims, dataset.sources
    assert len(sources) == 1 and sources["url"].iloc[0] == meta(name)["url"]
    assert len(claims) > 0 and claims["draft"].astype(bool).all()
    assert set(claims["source_id"]) == set(sources["id"])
    report = folder / f"DRAFT-REPORT-{sources['id'].iloc[0]}.md"
    assert report.read_text(encoding="utf-8") in out
    n = len(claims)  # counts in words that agree with them: '1 claim', '28 claims', never '(s)'
    assert f"proposed {n} claim{'' if n == 1 else 's'} and " in out and "(s)" not in out
    code, out, _ = run(capsys, ["validate", str(folder)])
    assert code == 0 and "draft rows to review" in out


@pytest.mark.parametrize("name", NAMES)
def test_no_sentence_of_a_report_is_in_any_written_file(tmp_path, capsys, name):
    folder = visit_copy(tmp_path, name)
    before = snapshot(folder)
    assert run(capsys, arguments(name, folder))[0] == 0
    runs = word_runs((REPORTS / name / "report.txt").read_text(encoding="utf-8"))
    written = [n for n, data in snapshot(folder).items() if before.get(n) != data]
    assert "claims.csv" in written and "sources.csv" in written
    for file in written:
        added = (folder / file).read_text(encoding="utf-8")
        old = before.get(file, b"").decode("utf-8")
        leaked = word_runs(added) - word_runs(old) & runs
        assert not leaked, (file, sorted(leaked)[:3])


def test_reports_added_in_turn_build_on_each_other(tmp_path, capsys):
    """The clock visit's reports one after another, as an editor adds them: the folder is
    valid after each, and the one that contradicts the wire story says so."""
    folder = visit_copy(tmp_path, "01-wire-day-one")
    clock = [n for n in NAMES if meta(n)["visit"] == CLOCK]
    outputs = {}
    for name in clock:
        code, out, err = run(capsys, arguments(name, folder))
        assert code == 0, (name, err)
        load_dataset(folder, strict=True)
        outputs[name] = out
    contradicting = outputs["03-contradiction"].split("## Contradicts an earlier source")[1]
    assert "`accord` time: this report 16:05" in contradicting
    assert "fixture-wire-20260511-1810: 15:20" in contradicting
    sources = pd.read_csv(folder / "sources.csv", dtype=str)
    assert len(sources) == len(clock) and sources["id"].is_unique


def test_a_new_event_row_is_a_reported_draft_titled_in_the_visits_own_names(tmp_path, capsys):
    folder = visit_copy(tmp_path, "05-round-up")
    old = (folder / "events.csv").read_text(encoding="utf-8")
    assert run(capsys, arguments("05-round-up", folder))[0] == 0
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    new = events[events["basis"] == "reported"]
    assert len(new) == 1
    row = new.iloc[0]
    assert (row["title"], row["kind"], row["date_start"]) == (
        "Commemoration in City P",
        "commemoration",
        "2026-05-12",
    )
    assert row["quote"] == "" and row["draft"] == "true"
    assert row["summary"].startswith("Drafted from Fixture Herald, paragraph 6: write a line")
    # The old rows stay as they were: the file gained columns (draft, time_precision) as
    # empty cells at the end of each line, and one line.
    new_text = (folder / "events.csv").read_text(encoding="utf-8")
    old_lines, new_lines = old.splitlines(), new_text.splitlines()
    assert len(new_lines) == len(old_lines) + 1
    assert new_lines[0] == old_lines[0] + ",time_precision,draft"
    assert new_lines[1:-1] == [line + ",," for line in old_lines[1:]]


def test_a_data_folder_of_several_visits_finds_the_visit_by_id(tmp_path, capsys):
    data = tmp_path / "data"
    for visit in ("clock_visit", "dateline_visit"):
        shutil.copytree(FIXTURES / visit, data / visit)
    code, out, err = run(capsys, arguments("06-dateline-new-year", data))
    assert code == 0, err
    assert (data / "dateline_visit" / "claims.csv").is_file()
    assert not (data / "clock_visit" / "claims.csv").exists()
    load_dataset(data, strict=True)


# ---------------------------------------------------------------------------------------
# Refusals: one sentence, exit 1, nothing written


def test_an_unknown_visit_is_refused(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    err = refused(capsys, arguments("01-wire-day-one", folder, visit="no-such-visit"), folder)
    assert "no visit in" in err and "'no-such-visit'" in err and CLOCK in err


@pytest.mark.parametrize(
    "published", ["2026-13-11", "11 May 2026", "2026-05-11T25:00", "2026-05-11 18:10", "yesterday"]
)
def test_a_malformed_published_date_is_refused(tmp_path, capsys, published):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    err = refused(capsys, arguments("01-wire-day-one", folder, published=published), folder)
    assert "--published" in err and "YYYY-MM-DD" in err


@pytest.mark.parametrize("kind", ["rumour", "seed", "Original"])
def test_an_unknown_kind_is_refused(tmp_path, capsys, kind):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    err = refused(capsys, arguments("01-wire-day-one", folder, kind=kind), folder)
    assert f"--kind '{kind}'" in err and "original, official, summary" in err


def test_an_unknown_zone_and_a_bad_language_are_refused(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    assert "--zone" in refused(
        capsys, arguments("01-wire-day-one", folder, zone="Mars/Base"), folder
    )
    err = refused(capsys, arguments("01-wire-day-one", folder, language="English"), folder)
    assert "--language" in err


@pytest.mark.parametrize(
    "url",
    [
        "https://wire.example.org/2026/05/11/premier-e-accord",
        "HTTPS://WIRE.example.org/2026/05/11/premier-e-accord/",
        "https://wire.example.org/2026/05/11/premier-e-accord#top",
    ],
)
def test_an_address_already_in_sources_is_refused(tmp_path, capsys, url):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    assert run(capsys, arguments("01-wire-day-one", folder))[0] == 0
    again = arguments("01-wire-day-one", folder, url=url, outlet="Another Outlet")
    err = refused(capsys, again, folder)
    assert "already lists" in err and "'fixture-wire-20260511-1810'" in err


def test_a_source_id_already_in_sources_is_refused(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    assert run(capsys, arguments("01-wire-day-one", folder))[0] == 0
    other = arguments("01-wire-day-one", folder, url="https://wire.example.org/other")
    err = refused(capsys, other, folder)
    assert "already has a source 'fixture-wire-20260511-1810'" in err and "--published" in err


def test_a_report_with_control_characters_is_refused_and_the_message_escapes_them(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    report = tmp_path / "report\x1b[31m.txt"
    report.write_text("Premier E met President F.\n\x1b]0;owned\x07 on Monday.\n", encoding="utf-8")
    argv = arguments("01-wire-day-one", folder)
    argv[1] = str(report)
    err = refused(capsys, argv, folder)
    assert "control character (U+001B) at line 2, column 1" in err
    assert "\x1b" not in err and "\\x1b" in err


@pytest.mark.parametrize(
    "content, words",
    [(b"\xff\xfe not utf-8", "is not UTF-8"), (b"", "is empty"), (None, "no such file")],
)
def test_a_report_that_cannot_be_read_is_refused(tmp_path, capsys, content, words):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    report = tmp_path / "report.txt"
    if content is not None:
        report.write_bytes(content)
    argv = arguments("01-wire-day-one", folder)
    argv[1] = str(report)
    assert words in refused(capsys, argv, folder)


def test_an_outlet_or_url_that_is_not_one_line_is_refused(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    assert "--outlet" in refused(
        capsys, arguments("01-wire-day-one", folder, outlet="A\nB"), folder
    )
    assert "--url" in refused(
        capsys, arguments("01-wire-day-one", folder, url="https://x\t"), folder
    )


def test_a_folder_with_problems_is_refused_before_anything_is_drafted(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    events = folder / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace(",palace-p,", ",nowhere,", 1), encoding="utf-8"
    )
    err = refused(capsys, arguments("01-wire-day-one", folder), folder)
    assert "has 2 problems already" in err and "validate" in err


def test_a_report_file_already_there_is_never_overwritten(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    (folder / "DRAFT-REPORT-fixture-wire-20260511-1810.md").write_text(
        "an editor's notes\n", encoding="utf-8"
    )
    err = refused(capsys, arguments("01-wire-day-one", folder), folder)
    assert "already exists" in err


def test_a_table_that_is_a_link_is_never_written_through(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    elsewhere = tmp_path / "elsewhere.csv"
    (folder / "claims.csv").symlink_to(elsewhere)
    before = snapshot(tmp_path)
    code, _, err = run(capsys, arguments("01-wire-day-one", folder))
    assert code == 1 and "Traceback" not in err
    assert not elsewhere.exists() and snapshot(tmp_path) == before


def test_what_the_command_prints_is_escaped(tmp_path, capsys):
    folder = visit_copy(tmp_path, "01-wire-day-one")
    code, out, err = run(capsys, arguments("01-wire-day-one", folder, outlet="Wire\u202eeriW"))
    assert code == 0, err
    assert "\u202e" not in out and "\\u202e" in out
    written = next(folder.glob("DRAFT-REPORT-*.md")).read_text(encoding="utf-8")
    assert "\u202e" not in written
