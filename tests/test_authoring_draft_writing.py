"""The draft command on hostile or careless input (`draft.writing`, `draft.text`): it
writes only new regular files in the folders named, never through a link; leaves nothing
behind when it refuses; says why in one sentence with exit 1, never a traceback; and
keeps its cells valid and its output safe for a terminal and a spreadsheet."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from dashboard.__main__ import main
from dashboard.authoring.draft import draft_tables
from dashboard.authoring.draft import text as draft_text
from dashboard.data.loading import check_folder

ARTICLE = ROOT / "seeds" / "lee-jae-myung-china-state-visit-2026.txt"
SIMPLE = (
    "President Ana Silva departed for Norway on Monday, March 2, 2026, for a three-day state "
    "visit. She will meet King Harald in Oslo on Tuesday and return home on Wednesday.\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "seeds").mkdir()
    return tmp_path


def draft(workspace: Path, article: Path, visit_id: str = "v1", *more: str) -> int:
    return main(["draft", str(article), "--id", visit_id, "--data-dir", str(workspace / "data"), *more])


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")} | {
        p.relative_to(folder).as_posix() for p in folder.rglob(".*")
    }


def one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# ---------------------------------------------------------------------------------------
# Links and files that are there already


@pytest.mark.parametrize("which", ["txt", "meta.json"])
def test_a_dangling_link_in_seeds_is_not_written_through(workspace, capsys, which):
    outside = workspace / "outside.txt"
    (workspace / "seeds" / f"v1.{which}").symlink_to(outside)
    before = listing(workspace)
    assert draft(workspace, ARTICLE) == 1
    assert "is a link: nothing was written" in one_sentence(capsys.readouterr().err)
    assert not outside.exists() and listing(workspace) == before


def test_a_dangling_link_in_place_of_the_visit_folder_leaves_nothing(workspace, capsys):
    (workspace / "data" / "v1").symlink_to(workspace / "nowhere")
    before = listing(workspace)
    assert draft(workspace, ARTICLE) == 1
    assert "is a link: nothing was written" in one_sentence(capsys.readouterr().err)
    assert listing(workspace) == before and not (workspace / "nowhere").exists()


def test_a_failure_half_way_removes_what_was_created(workspace, monkeypatch):
    """Writing fails after the article and some tables are written: all of it goes."""
    from dashboard.authoring import newfiles

    calls = {"n": 0}
    original = newfiles.NewFiles.file

    def failing(self, path, data):
        calls["n"] += 1
        if calls["n"] == 5:
            raise newfiles.NewFileError(f"cannot write {path}: no space left on device.")
        return original(self, path, data)

    monkeypatch.setattr(newfiles.NewFiles, "file", failing)
    before = listing(workspace)
    assert draft(workspace, ARTICLE) == 1
    assert listing(workspace) == before


def test_data_dir_naming_a_file_is_refused_before_anything_is_written(workspace, capsys):
    afile = workspace / "afile"
    afile.write_text("not a folder\n", encoding="utf-8")
    before = listing(workspace)
    code = main(["draft", str(ARTICLE), "--id", "v1", "--data-dir", str(afile)])
    assert code == 1
    assert "is not a folder: nothing was written" in one_sentence(capsys.readouterr().err)
    assert listing(workspace) == before


def test_an_article_with_a_long_name_is_copied_under_the_visit_id(workspace, capsys):
    long = workspace / ("a." + "b" * 248)  # 250 characters, the "suffix" most of them
    long.write_bytes(ARTICLE.read_bytes())
    assert draft(workspace, long, "lee-china-2026") == 0
    assert (workspace / "seeds" / "lee-china-2026.txt").read_bytes() == ARTICLE.read_bytes()


# ---------------------------------------------------------------------------------------
# Ids


@pytest.mark.parametrize("command", ["draft", "new-visit"])
def test_an_id_ending_in_a_newline_is_refused_and_leaves_nothing(workspace, capsys, command):
    before = listing(workspace)
    if command == "draft":
        code = draft(workspace, ARTICLE, "abc\n")
    else:
        code = main(["new-visit", "abc\n", "--data-dir", str(workspace / "data")])
    assert code == 1
    assert "is not a valid id" in one_sentence(capsys.readouterr().err)
    assert listing(workspace) == before


# ---------------------------------------------------------------------------------------
# What the article holds


@pytest.mark.parametrize("space", ["\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1f"])
def test_white_space_controls_become_spaces_and_the_folder_validates(workspace, capsys, space):
    article = workspace / "article.txt"
    article.write_text(SIMPLE.replace(". She", f".{space}She").replace(" in Oslo", f"{space}in Oslo"), encoding="utf-8")
    assert draft(workspace, article) == 0
    problems, _ = check_folder(workspace / "data")
    assert problems == []
    assert (workspace / "seeds" / "v1.txt").read_bytes() == article.read_bytes()  # byte for byte
    for csv in (workspace / "data" / "v1").glob("*.csv"):
        assert space not in csv.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "control, line, column", [("\x1b[8m", 2, 5), ("\x07", 2, 5), ("\x7f", 2, 5), ("\x9b", 2, 5)]
)
def test_other_control_characters_are_refused_with_where_they_are(
    workspace, capsys, control, line, column
):
    article = workspace / "article.txt"
    article.write_text(f"Line one.\nLine{control} two, on Monday, March 2, 2026.\n", encoding="utf-8")
    before = listing(workspace)
    assert draft(workspace, article) == 1
    err = one_sentence(capsys.readouterr().err)
    assert f"at line {line}, column {column}" in err
    assert "\x1b" not in err and "\x07" not in err
    assert listing(workspace) == before


def test_an_article_over_the_size_limit_is_refused_with_the_limit(workspace, capsys):
    article = workspace / "big.txt"
    article.write_text("Yes. " * (draft_text.MAX_ARTICLE_BYTES // 5 + 10), encoding="utf-8")
    assert draft(workspace, article) == 1
    err = one_sentence(capsys.readouterr().err)
    assert f"{draft_text.MAX_ARTICLE_BYTES:,} bytes" in err


@pytest.mark.parametrize(
    "text, written",
    [
        ("The leader visits on Monday, December 31, 9999. He meets the host on Tuesday.\n", None),
        ("The leader visited on Monday, January 1, 0001. He met the host.\n", None),
        ("For the first time in 5000 years, on Monday, March 2, 2026, a leader came.\n", None),
        (SIMPLE, "0001-01-01"),
        (SIMPLE, "9999-12-31"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_never_end_in_a_traceback(workspace, capsys, text, written):
    article = workspace / "article.txt"
    article.write_text(text, encoding="utf-8")
    code = draft(workspace, article, "v1", *(["--written", written] if written else []))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 1:
        assert "outside the years a draft handles" in one_sentence(err)
    else:
        assert code == 0 and check_folder(workspace / "data")[0] == []


def test_a_cell_never_starts_as_a_spreadsheet_formula(workspace, capsys):
    article = workspace / "article.txt"
    article.write_text(
        '=HYPERLINK("https://evil.example/","Click") said President Ana Silva on Monday, '
        "March 2, 2026, in Oslo.\n+SUM(1) was the toast of King Harald.\n@cmd came next.\n",
        encoding="utf-8",
    )
    assert draft(workspace, article) == 0
    import csv

    for table in (workspace / "data" / "v1").glob("*.csv"):
        for record in csv.reader(table.open(encoding="utf-8")):
            for cell in record:
                assert not cell.startswith(("=", "+", "@")), (table.name, cell)
    assert check_folder(workspace / "data")[0] == []


def test_validate_warns_of_a_cell_a_spreadsheet_would_run(broken_copy, capsys):
    def formula(v):
        v.set_cell("events.csv", v.read("events.csv")[1][0], "summary", '=HYPERLINK("x")')

    folder = broken_copy(formula)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Warning: events.csv, row 2, column summary: '=HYPERLINK(\"x\")' starts with '='" in out


def test_terminal_escapes_in_a_name_are_shown_not_obeyed(workspace, capsys):
    named = workspace / "article\x1b]0;PWNED\x07.txt"
    named.write_text(SIMPLE, encoding="utf-8")
    assert draft(workspace, named) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    report = (workspace / "data" / "v1" / "DRAFT-REPORT.md").read_text(encoding="utf-8")
    meta = (workspace / "seeds" / "v1.meta.json").read_text(encoding="utf-8")
    assert "\x1b" not in report and "\\x1b" in meta and "\x1b" not in meta


# ---------------------------------------------------------------------------------------
# Time: near-linear in the article's length


def test_the_splitter_is_given_bounded_pieces_of_a_long_paragraph(monkeypatch):
    """pysbd's time grows with the square of a text's sentences: it is given pieces."""
    draft_text.split_sentences("Warm up.")  # the splitter made once
    sizes: list[int] = []
    original = draft_text._SPLITTER.segment

    def segment(text):
        sizes.append(len(text))
        return original(text)

    monkeypatch.setattr(draft_text._SPLITTER, "segment", segment)
    paragraph = "Yes. " * 4000 + "Mr. Smith met Dr. Jones in the U.S. today. " * 200
    sentences = draft_text.split_sentences(paragraph)
    assert max(sizes) <= 2 * draft_text.CHUNK + 50
    assert len(sentences) == 4000 + 200
    joined = [s.text for s in sentences]
    assert joined[-1] == "Mr. Smith met Dr. Jones in the U.S. today."
    for s in sentences[:50]:
        assert paragraph[s.start : s.end] == s.text


def test_a_100_kb_article_of_short_sentences_drafts_in_bounded_cpu_time(tmp_path):
    """On the code before this check, 100 KB of "Yes. " took 41 s and 60 KB of "Ab " 25 s;
    both now draft in a few seconds. A CPU-time limit (not wall time: a busy machine does
    not fail it) of 30 s for both in a fresh process."""
    script = (
        "from dashboard.authoring.draft import draft_tables\n"
        "draft_tables('Yes. ' * 20000, 'a', 's.txt')\n"
        "draft_tables('Ab ' * 33000, 'b', 's.txt')\n"
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))

    done = subprocess.run([sys.executable, "-c", script], preexec_fn=limit, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-500:]


def test_the_draft_of_the_shipped_article_is_unchanged_by_the_cell_rules():
    text = ARTICLE.read_text(encoding="utf-8")
    drafted = draft_tables(text, "x", "a.txt")
    cells = [v for rows in drafted.tables.values() for row in rows for v in row.values()]
    assert all(isinstance(v, str) for v in cells)
    assert not any(v.startswith(("=", "+", "@")) for v in cells)
    assert not [v for v in cells if "\n" in v or "\r" in v]  # each cell one line
