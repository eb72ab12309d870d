"""`python -m dashboard new-visit NAME`: an empty, valid folder for a new visit.

Every test writes into tmp_path only; a fixture checks that the project's data/ and seeds/
are left exactly as they were. The command line runs in this process (`main(argv)`, as
`python -m dashboard` does); tests/test_main.py starts the real command once.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SHIPPED
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import main
from dashboard.authoring.scaffold import (
    ARTICLE,
    META,
    ScaffoldError,
    check_name,
    create_visit,
    example_rows,
    placeholder_quote,
    table_text,
    visit_files,
)
from dashboard.data.loading import (
    DATA_DIR_ENV,
    DataError,
    load_dataset,
    read_table,
    validate_table,
)
from dashboard.data.schema import PLACEHOLDER_DAY, TABLES
from dashboard.model.cells import shown

ROOT = Path(__file__).resolve().parents[1]
MINI_VISIT = Path(__file__).resolve().parent / "fixtures" / "mini_visit"
NAME = "lee-japan-2026"
TODAY = dt.date(2026, 5, 11)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def real_data_untouched():
    before = {name: _snapshot(ROOT / name) for name in ("data", "seeds")}
    yield
    assert {name: _snapshot(ROOT / name) for name in ("data", "seeds")} == before


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch, capsys):
    """`cli(*argv, env_dir=None, cwd=ROOT)`: `python -m dashboard *argv` in this process, with
    $DASHBOARD_DATA_DIR set to `env_dir` (else unset) and `cwd` as the working folder;
    returns its exit code and output."""

    def run(*argv: str, env_dir: Path | None = None, cwd: Path = ROOT) -> Result:
        with monkeypatch.context() as m:
            if env_dir is None:
                m.delenv(DATA_DIR_ENV, raising=False)
            else:
                m.setenv(DATA_DIR_ENV, str(env_dir))
            m.chdir(cwd)
            capsys.readouterr()
            code = main(list(argv))
            out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


# ---------------------------------------------------------------------------------------
# The name


@pytest.mark.parametrize("name", ["lee-japan-2026", "a", "2027-visit", "x1-y2"])
def test_valid_names(name):
    assert check_name(name) is None


@pytest.mark.parametrize(
    "name",
    ["", "Lee-Japan", "lee_japan", "-lee", "lee japan", "../escape", "a/b", "lée", "a" * 61],
)
def test_names_that_are_not_ids_are_refused(name, tmp_path):
    assert check_name(name)
    with pytest.raises(ScaffoldError):
        create_visit(tmp_path / "data", name, today=TODAY)
    assert not (tmp_path / "data").exists()


# ---------------------------------------------------------------------------------------
# The text of each file (pure)


@pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
def test_every_table_has_its_header_and_commented_examples(table, tmp_path):
    text = table_text(table, NAME, TODAY)
    lines = text.splitlines()
    assert lines[0] == ",".join(table.column_names)
    comments = [line for line in lines if line.startswith("#")]
    examples = example_rows(NAME, TODAY)[table.name]
    assert len(comments) == len(examples) >= 1 and lines[1 : 1 + len(comments)] == comments
    assert all(c.startswith("# ") for c in comments)
    expected_rows = 1 if table.name == "visits" else 0
    assert len(data_lines(text)) == 1 + expected_rows  # header (+ the visit row)

    # The loader skips the examples; without their '# ' they are rows that pass the table's
    # own checks (types, choices, palette), with a value in every required column.
    path = tmp_path / table.file
    path.write_text(text, encoding="utf-8")
    problems: list = []
    raw = read_table(path, table, table.file, problems)
    assert problems == [] and raw is not None and len(raw.frame) == expected_rows
    path.write_text(lines[0] + "\n" + "".join(c[2:] + "\n" for c in comments), encoding="utf-8")
    uncommented = read_table(path, table, table.file, problems)
    assert problems == [] and len(uncommented.frame) == len(examples)
    assert validate_table(uncommented, table) == []
    for i, row in enumerate(examples):
        assert list(uncommented.frame.iloc[i]) == [row.get(c, "") for c in table.column_names]
        if "visit_id" in row:
            assert row["visit_id"] == NAME


def test_no_example_is_set_in_a_real_place():
    """The examples are a made-up visit, placed nowhere real: coordinates and zones too."""
    places = example_rows(NAME, TODAY)["places"]
    assert [(p["name"], p["timezone"]) for p in places] == [
        ("Capital A", "Etc/UTC"),
        ("Capital B", "Etc/GMT-3"),
    ]


def test_the_files_of_a_new_visit():
    files = visit_files(NAME, TODAY)
    assert sorted(files) == sorted([t.file for t in TABLES.values()] + [ARTICLE, META])
    meta = json.loads(files[META])
    assert meta["date_accessed"] == TODAY.isoformat() and meta["title"].startswith("PLACEHOLDER")
    assert placeholder_quote(NAME) in files[ARTICLE]
    assert "not a real source" in files[ARTICLE]
    (visit_row,) = data_lines(files["visits.csv"])[1:]
    assert visit_row.startswith(f"{NAME},New visit {NAME} (placeholder")
    # The dates are obviously placeholders, not today: no real event falls in them.
    assert f",{PLACEHOLDER_DAY},{PLACEHOLDER_DAY},{ARTICLE}," in visit_row


# ---------------------------------------------------------------------------------------
# Creating the folder


def test_create_visit_writes_a_valid_folder(tmp_path):
    folder = create_visit(tmp_path / "data", NAME, today=TODAY)
    assert folder == tmp_path / "data" / NAME
    assert sorted(p.name for p in folder.iterdir()) == sorted(visit_files(NAME, TODAY))
    dataset = load_dataset(folder)
    assert list(dataset.visits["id"]) == [NAME]
    assert dataset.visits["start_date"].iloc[0].date().isoformat() == PLACEHOLDER_DAY
    assert all(len(frame) == 0 for name, frame in dataset.tables.items() if name != "visits")
    assert dataset.seed_files[NAME] == (folder / ARTICLE).resolve()
    # The data folder that holds it validates too (it is its only visit).
    assert list(load_dataset(tmp_path / "data").visits["id"]) == [NAME]


def test_the_examples_uncommented_together_validate(tmp_path):
    folder = create_visit(tmp_path / "data", NAME, today=TODAY)
    for path in folder.glob("*.csv"):
        if path.name == "visits.csv":  # its example stands for the placeholder row
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("".join(line.removeprefix("# ") + "\n" for line in lines), "utf-8")
    dataset = load_dataset(folder)
    assert {name: len(frame) for name, frame in dataset.tables.items()} == {
        "visits": 1,
        "topics": 1,
        "places": 2,
        "people": 1,
        "events": 1,
        "legs": 1,
        "issue_cards": 1,
        "figures": 1,
        "findings": 1,
        "sources": 1,
        "claims": 2,
    }


def test_an_event_outside_the_placeholder_dates_points_at_them(tmp_path, edit_folder):
    folder = create_visit(tmp_path / "data", NAME, today=TODAY)
    events = folder / "events.csv"
    header, example = events.read_text(encoding="utf-8").splitlines()
    events.write_text(f"{header}\n{example[2:]}\n".replace(PLACEHOLDER_DAY, "2026-03-02"), "utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = [p for p in caught.value.problems if p.column == "date_start"]
    assert "new-visit's placeholder (1900-01-01): set start_date and end_date" in problem.message


def test_an_existing_folder_is_never_overwritten(tmp_path):
    data = tmp_path / "data"
    folder = create_visit(data, NAME, today=TODAY)
    (folder / "events.csv").write_text("edited by hand\n", encoding="utf-8")
    before = _snapshot(folder)
    with pytest.raises(ScaffoldError, match="already exists; nothing was changed"):
        create_visit(data, NAME, today=TODAY)
    assert _snapshot(folder) == before
    (data / "plain-file").write_text("x", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists"):
        create_visit(data, "plain-file", today=TODAY)


def test_a_visit_id_already_taken_by_another_folder_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_VISIT, data / "some-folder")
    with pytest.raises(ScaffoldError, match="already the id of the visit in"):
        create_visit(data, "fixture-mini-2026", today=TODAY)
    assert sorted(p.name for p in data.iterdir()) == ["some-folder"]


def test_a_visit_folder_is_not_a_data_folder(tmp_path):
    visit = shutil.copytree(MINI_VISIT, tmp_path / "mini")
    with pytest.raises(ScaffoldError, match="is itself one visit's folder"):
        create_visit(visit, NAME, today=TODAY)
    assert not (visit / NAME).exists()


# ---------------------------------------------------------------------------------------
# The command line


def test_cli_creates_the_folder_and_it_validates(cli, tmp_path):
    data = tmp_path / "data"
    result = cli("new-visit", NAME, "--data-dir", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"Created {data / NAME} with every table's header")
    assert f"python -m dashboard validate {data / NAME}" in result.stdout
    assert result.stderr == ""
    for folder in (data / NAME, data):
        check = cli("validate", str(folder))
        assert check.returncode == 0, check.stdout
        assert check.stdout == (
            f"OK: 1 visit loaded from {folder}: 0 topics, 0 places, 0 people, 0 events, "
            "0 legs, 0 issue cards, 0 figures, 0 findings.\n"
        )


def test_cli_defaults_to_the_loaders_data_folder(cli, tmp_path):
    data = tmp_path / "elsewhere"
    result = cli("new-visit", NAME, env_dir=data, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (data / NAME / "visits.csv").is_file()


def test_cli_refuses_an_existing_folder_with_exit_1(cli, tmp_path):
    data = tmp_path / "data"
    assert cli("new-visit", NAME, "--data-dir", str(data)).returncode == 0
    before = _snapshot(data)
    again = cli("new-visit", NAME, "--data-dir", str(data))
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr == (
        f"Cannot create the visit: {data / NAME} already exists; nothing was changed.\n"
    )
    assert _snapshot(data) == before


@pytest.mark.parametrize("name", ["Lee_Japan", "../up"])
def test_cli_refuses_a_bad_name_with_exit_1(cli, tmp_path, name):
    result = cli("new-visit", name, "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "is not a valid id: use lower-case letters, digits and hyphens" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "up").exists()


def test_cli_help_names_the_command(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "new-visit" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# Beside the real visit, the app still loads


@pytest.fixture(scope="module")
def project_with_a_new_visit(tmp_path_factory) -> Path:
    """A copy of data/ and seeds/ with a new visit beside the real one, made once: the
    tests below only read it (and so the app's cache loads it once for all of them)."""
    project = tmp_path_factory.mktemp("project")
    data = project / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(ROOT / "seeds", project / "seeds")
    create_visit(data, NAME, today=TODAY)
    return data


@pytest.fixture
def data_with_a_new_visit(project_with_a_new_visit, monkeypatch) -> Iterator[Path]:
    before = _snapshot(project_with_a_new_visit)
    monkeypatch.setenv(DATA_DIR_ENV, str(project_with_a_new_visit))
    yield project_with_a_new_visit
    assert _snapshot(project_with_a_new_visit) == before  # still as made: nothing wrote to it


def test_the_data_folder_validates_with_the_new_visit_beside_the_real_one(data_with_a_new_visit):
    dataset = load_dataset(data_with_a_new_visit)
    assert {SHIPPED, NAME} <= set(dataset.visits["id"])  # and any other in data/


@pytest.mark.parametrize(
    "page",
    [
        "pages/overview_page.py",
        "pages/map.py",
        "pages/timeline.py",
        "pages/issues.py",
        "pages/sources.py",
    ],
)
def test_the_app_still_loads_and_shows_the_new_empty_visit(data_with_a_new_visit, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["visit"] = NAME
    at.run()
    if page != "pages/overview_page.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert not at.info or all("Ignored" not in i.value for i in at.info)
    if page == "pages/overview_page.py":
        assert [shown(t.value) for t in at.title] == [
            f"New visit {NAME} (placeholder: edit visits.csv)"
        ]
        assert {m.label: m.value for m in at.metric}["Events"] == "0"
    footer = shown(next(c.value for c in at.caption if shown(c.value).startswith("Source")))
    assert footer.startswith("Source: PLACEHOLDER: the article's headline")  # the template
    assert "Data licence: PLACEHOLDER" in footer
