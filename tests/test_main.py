"""`python -m dashboard validate`: what a person sees in the terminal, and the exit code.

The command's `main(argv)` runs in this process (output captured, environment and working
folder set per call), which is what `python -m dashboard` runs; one test starts the real
command as a subprocess to prove that the module runs as a program.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SHIPPED

from dashboard.__main__ import main
from dashboard.data.loading import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def validate(monkeypatch, capsys):
    """`validate(*args, env_dir=None, cwd=ROOT)`: `python -m dashboard validate *args` in this
    process, with $DASHBOARD_DATA_DIR set to `env_dir` (else unset) and `cwd` as the working
    folder; returns its exit code and output."""

    def run(*args: str, env_dir: Path | None = None, cwd: Path = ROOT) -> Result:
        with monkeypatch.context() as m:
            if env_dir is None:
                m.delenv(DATA_DIR_ENV, raising=False)
            else:
                m.setenv(DATA_DIR_ENV, str(env_dir))
            m.chdir(cwd)
            capsys.readouterr()
            code = main(["validate", *args])
            out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def test_valid_data_gives_exit_0_and_a_one_line_summary(validate):
    shipped = ROOT / "data" / SHIPPED  # by itself: other visits may sit beside it
    result = validate(str(shipped))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("OK:")
    assert lines[0] == (
        f"OK: 1 visit loaded from {shipped}: 7 topics, 13 places, 18 people, 27 events, "
        "3 legs, 7 issue cards, 20 figures, 24 findings, 72 sources, 418 claims."
    )
    assert result.stderr == ""


def test_no_argument_and_no_env_validates_the_project_data(validate, tmp_path):
    result = validate(cwd=tmp_path)  # the default does not depend on the working folder
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.match(
        rf"OK: \d+ visits? loaded from {re.escape(str(ROOT / 'data'))}: ", result.stdout
    )


def test_broken_copy_gives_exit_1_and_every_problem_line(validate, broken_copy):
    def two_problems(v) -> None:
        v.set_cell("places.csv", "civic-hall", "lat", "north")
        v.set_cell("people.csv", "mayor-b", "quote", "will meet Mayor C")

    folder = broken_copy(two_problems)
    result = validate(str(folder))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert result.stdout.splitlines() == [
        f"2 problems in {folder}:",
        "  places.csv, row 3, column lat: 'north' is not a number.",
        "  people.csv, row 3, column quote: 'will meet Mayor C' is not found word for word "
        "in the article seed.txt. The closest passage is “will meet Mayor B”; they differ at "
        "character 17: the article has “…will meet Mayor B”, the quote “…will meet Mayor C”.",
    ]


def test_undecodable_file_is_reported_without_a_traceback(validate, broken_copy):
    def garbage(v) -> None:
        v.write_bytes("figures.csv", b"id,visit_id\n\x00\xfe\xff\xfe\n")

    result = validate(str(broken_copy(garbage)))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert (
        "  figures.csv, row 2: 'fe' contains bytes that are not UTF-8 text; "
        "save the file as UTF-8." in result.stdout.splitlines()
    )


def test_env_var_with_no_argument(validate, broken_copy):
    good = broken_copy()
    result = validate(env_dir=good)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK: 1 visit loaded from {good}: 2 topics,")

    bad = broken_copy(lambda v: v.set_cell("legs.csv", "city-to-hall", "seq", "two"))
    result = validate(env_dir=bad)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert result.stdout.splitlines() == [
        f"1 problem in {bad}:",
        "  legs.csv, row 2, column seq: 'two' is not a whole number.",
    ]


def test_argument_wins_over_the_env_var(validate, broken_copy):
    bad = broken_copy(lambda v: v.delete("findings.csv"))
    good = broken_copy()
    result = validate(str(good), env_dir=bad)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK: 1 visit loaded from {good}:")


def test_folder_that_does_not_exist_gives_a_plain_message(validate, tmp_path):
    missing = tmp_path / "no-such-folder"
    result = validate(str(missing))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert result.stdout.splitlines() == [
        f"1 problem in {missing}:",
        f"  {missing}: is not a folder: set DASHBOARD_DATA_DIR to a data folder.",
    ]


def test_env_var_to_a_folder_that_does_not_exist(validate, tmp_path):
    missing = tmp_path / "gone"
    result = validate(env_dir=missing)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert f"  {missing}: is not a folder: set DASHBOARD_DATA_DIR to a data folder." in (
        result.stdout.splitlines()
    )


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert_no_traceback(Result(2, out, err))
    assert "invalid choice: 'check'" in err


def test_python_m_dashboard_validate_is_a_real_command():
    """The one subprocess: the module runs as a program, prints the summary, exits 0."""
    env = {k: v for k, v in os.environ.items() if k != DATA_DIR_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = result.stdout.splitlines()
    assert re.match(rf"OK: \d+ visits? loaded from {re.escape(str(ROOT / 'data'))}: ", line)
    assert_no_traceback(result)
