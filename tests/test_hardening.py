"""Hostile or broken files: each is a validation problem with a plain sentence that names
the file, row and column; nothing is read from outside the data and seeds folders, no
file's content is shown, and the app shows the report instead of a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV, check_folder, data_fingerprint, load_dataset
from dashboard.data.schema import MAX_CELL
from dashboard.ui.render import DEBUG_ENV, UNEXPECTED, guarded

ROOT = Path(__file__).resolve().parents[1]
SECRET = "root:x:0:0:TOP-SECRET-LINE"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A file outside every data and seeds folder, standing for /etc/passwd."""
    outside = tmp_path / "outside" / "passwd"
    outside.parent.mkdir()
    outside.write_text(SECRET + "\n", encoding="utf-8")
    return outside


def report(folder: Path) -> list[str]:
    problems, _ = check_folder(folder)
    return [str(p) for p in problems]


def app_report(folder: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    """Every text and table cell the report page shows."""
    texts = [e.value for e in [*at.title, *at.error, *at.markdown, *at.caption]]
    texts += [str(frame.value.to_dict()) for frame in at.dataframe]
    return "\n".join(texts)


# ---------------------------------------------------------------------------------------
# Files from outside the folders the dashboard reads


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_a_seed_outside_the_seeds_folder_is_refused_unread(broken_copy, secret_file, how):
    def point_at_secret(v):
        # A long ../../.. path climbs to / and down again, as ../../../../etc/passwd does.
        target = str(secret_file) if how == "absolute" else "../" * 30 + str(secret_file)[1:]
        v.set_cell("visits.csv", "fixture-mini-2026", "seed", target)
        v.set_cell("visits.csv", "fixture-mini-2026", "quote", "root")

    folder = broken_copy(point_at_secret)
    lines = report(folder)
    seed_lines = [line for line in lines if "column seed" in line]
    assert seed_lines and "visits.csv, row 2, column seed" in seed_lines[0]
    assert "leads outside the folders the dashboard reads" in seed_lines[0]
    assert not any("TOP-SECRET" in line for line in lines)


def test_a_data_file_linked_outside_the_data_folder_is_refused_unread(broken_copy, secret_file):
    def link(v):
        v.path("topics.csv").unlink()
        v.path("topics.csv").symlink_to(secret_file)

    lines = report(broken_copy(link))
    assert any(
        line.startswith("topics.csv:") and "leads outside the folders the dashboard reads" in line
        for line in lines
    )
    assert not any("TOP-SECRET" in line or "root:x" in line for line in lines)


def test_the_app_shows_the_refusal_and_not_the_file(broken_copy, secret_file, monkeypatch):
    folder = broken_copy(
        lambda v: v.set_cell("visits.csv", "fixture-mini-2026", "seed", str(secret_file))
    )
    at = app_report(folder, monkeypatch)
    page = shown_text(at)
    assert "The data needs fixing" in page
    assert "leads outside" in page
    assert "TOP-SECRET" not in page


# ---------------------------------------------------------------------------------------
# The article's metadata record


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{ not json", "is not valid JSON: Expecting property name enclosed in double quotes"),
        ("[1, 2]", "must hold one JSON object ({...}), not a list."),
        (
            json.dumps({"title": "Line one\nline two"}),
            "column title: 'Line one\\nline two' holds a line break",
        ),
        (
            json.dumps({"title": {"nested": True}}),
            "column title: must be a text, a number or null.",
        ),
    ],
)
def test_a_broken_metadata_record_is_a_plain_problem(broken_copy, monkeypatch, content, expected):
    folder = broken_copy(lambda v: v.path("seed.meta.json").write_text(content, encoding="utf-8"))
    lines = report(folder)
    assert any(line.startswith("seed.meta.json") and expected in line for line in lines), lines
    at = app_report(folder, monkeypatch)
    assert "The data needs fixing" in shown_text(at)


def test_a_dangling_link_in_seeds_neither_breaks_the_fingerprint_nor_the_app(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    (project / "seeds" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert data_fingerprint(project / "data")  # no FileNotFoundError
    at = app_report(project / "data", monkeypatch)
    assert not at.error  # the link is no visit's article: the app runs as usual


def test_a_dangling_link_as_the_article_is_named(broken_copy, tmp_path):
    def dangle(v):
        v.path("seed.txt").unlink()
        v.path("seed.txt").symlink_to(tmp_path / "nowhere.txt")

    lines = report(broken_copy(dangle))
    assert any(
        "column seed" in line and "is a link to a file that does not exist" in line
        for line in lines
    ), lines


def test_a_file_the_server_may_not_read_is_a_plain_problem(broken_copy, monkeypatch):
    folder = broken_copy()
    unreadable = (folder / "people.csv").resolve()
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:  # as for a non-root user without the permission
        if path.resolve() == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    lines = report(folder)
    assert "people.csv: cannot be read: permission denied; let the server's user read it." in lines
    at = app_report(folder, monkeypatch)
    assert "permission denied" in shown_text(at)


# ---------------------------------------------------------------------------------------
# Cells


@pytest.mark.parametrize("text", ["Summit\nwith a second line", "Summit\rtalks", "Summit\x00talks"])
def test_a_line_break_or_control_character_in_a_one_line_field_is_a_problem(broken_copy, text):
    def write(v):  # quoted, as a spreadsheet writes a cell that holds a line break
        path = v.path("events.csv")
        cell = '"' + text + '"'
        path.write_bytes(path.read_bytes().replace(b"Arrival in City X", cell.encode()))

    folder = broken_copy(write)
    lines = report(folder)
    assert any(
        line.startswith("events.csv, row 2, column title") and "control character" in line
        for line in lines
    ), lines


def test_a_newline_in_the_visit_title_is_caught_before_any_export(broken_copy):
    folder = broken_copy(
        lambda v: v.set_cell("visits.csv", "fixture-mini-2026", "title", "Visit\nInjected")
    )
    assert any("visits.csv, row 2, column title" in line for line in report(folder))


def test_a_nul_byte_in_a_quote_is_a_problem_but_a_line_break_is_not(broken_copy):
    nul = broken_copy(lambda v: v.set_cell("people.csv", "mayor-b", "quote", "Mayor\x00B"))
    assert any("column quote" in line and "NUL" in line for line in report(nul))


def test_a_huge_cell_is_one_plain_sentence_with_no_knock_on_problems(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "summary", "x" * 1_048_576))
    lines = report(folder)
    row = [line for line in lines if line.startswith("events.csv, row 3")]
    assert row == [
        f"events.csv, row 3, column summary: is 1,048,576 characters long; a cell holds at "
        f"most {MAX_CELL:,}. Check for a quote mark that is never closed."
    ]
    assert not any("field larger than field limit" in line for line in lines)


def test_a_long_value_is_shown_cut_in_the_report(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("events.csv", "meeting", "status", "y" * 5000))
    (line,) = [line for line in report(folder) if "column status" in line]
    assert "(5,000 characters)" in line and len(line) < 400


# ---------------------------------------------------------------------------------------
# An unexpected error in a page


def test_an_unexpected_error_shows_a_plain_message_not_a_traceback(monkeypatch):
    def page_that_fails():
        from dashboard.ui.render import guarded as run_guarded

        def draw():
            raise RuntimeError("/srv/secret/path.py exploded")

        run_guarded(draw)

    monkeypatch.delenv(DEBUG_ENV, raising=False)
    at = AppTest.from_function(page_that_fails, default_timeout=30)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [UNEXPECTED]
    assert "/srv/secret" not in str(at._tree)


def test_errors_still_reach_the_tests(monkeypatch):
    monkeypatch.setenv(DEBUG_ENV, "1")
    with pytest.raises(RuntimeError):
        guarded(lambda: (_ for _ in ()).throw(RuntimeError("boom")))


def test_the_deployed_app_never_shows_error_details():
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config


def test_the_real_data_still_loads():
    dataset = load_dataset(ROOT / "data")
    assert dataset.summary().startswith("OK: ")
    assert "lee-china-2026" in set(dataset.visits["id"])  # other visits may sit beside it


# ---------------------------------------------------------------------------------------
# A link deeper than a page


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/map/extra/deeper", "/map"),
        ("/timeline/x", "/timeline"),
        ("/nowhere/at/all", "/"),
        ("/map", None),  # a page: Streamlit's
        ("/", None),
        ("/map/_stcore/health", None),  # the frontend's probe of a deep link: a 404, as before
        ("/static/js/index.js", None),
        ("/media/abc.csv", None),
    ],
)
def test_a_link_below_a_page_goes_to_the_page(path, target):
    from dashboard.ui.serve import redirect_target

    assert redirect_target(path, ["map", "timeline", "issues", "sources"]) == target


def test_the_server_redirects_with_the_query_string_kept():
    import asyncio

    from dashboard.ui.serve import DeepLinks

    sent, passed = [], []

    async def streamlit(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    middleware = DeepLinks(streamlit, pages=["map"])
    scope = {"type": "http", "method": "GET", "path": "/map/a/b", "query_string": b"day=x"}
    asyncio.run(middleware(scope, None, send))
    assert sent[0]["status"] == 307
    assert (b"location", b"/map?day=x") in sent[0]["headers"]
    asyncio.run(middleware({**scope, "path": "/map"}, None, send))
    asyncio.run(middleware({"type": "websocket", "path": "/x/y"}, None, send))
    assert passed == ["/map", "/x/y"]
