"""One broken visit folder among good ones: the others are served as usual, the broken
visit's pages show its report, a notice where visits are chosen names it, and `validate`
still exits 1. (On the code before this, one broken folder took every visit off the
dashboard.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import main
from dashboard.data.loading import DATA_DIR_ENV, DataError, Problem, load_dataset

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOOD = "fixture-mini-2026"
BROKEN_ID = "fixture-river-2026"


@pytest.fixture
def data(tmp_path: Path, edit_folder) -> Path:
    """data/a-mini (valid) and data/b-river (its legs.csv names an unknown place)."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini_visit", folder / "a-mini")
    shutil.copytree(FIXTURES / "river_visit", folder / "b-river")
    records = edit_folder(folder / "b-river").read("legs.csv")
    leg_id = records[1][0]
    edit_folder(folder / "b-river").set_cell("legs.csv", leg_id, "to_place", "atlantis")
    return folder


def test_a_broken_folder_is_quarantined_and_the_others_load(data):
    dataset = load_dataset(data)
    assert list(dataset.visits["id"]) == [GOOD]
    (broken,) = dataset.quarantined
    assert (broken.id, broken.folder) == (BROKEN_ID, "b-river")
    assert list(broken.problems) == [
        Problem("b-river/legs.csv", 2, "to_place", "atlantis", "is not an id in places.csv.")
    ]
    with pytest.raises(DataError):
        load_dataset(data, strict=True)


def test_a_folder_whose_visit_row_is_unreadable_is_named_by_its_folder(data):
    (data / "b-river" / "visits.csv").unlink()
    (broken,) = load_dataset(data).quarantined
    assert (broken.id, broken.title) == ("b-river", None)


def test_validate_still_exits_1_and_lists_the_broken_folder(data, capsys):
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out
    assert "b-river/legs.csv" in out and "a-mini" not in out


def test_every_folder_broken_is_still_the_whole_report(data, edit_folder):
    (data / "a-mini" / "legs.csv").unlink()
    with pytest.raises(DataError) as err:
        load_dataset(data)
    assert {p.file.split("/")[0] for p in err.value.problems} == {"a-mini", "b-river"}


def run(monkeypatch, data: Path, page: str = "overview", visit: str | None = None) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if visit:
        at.query_params["visit"] = [visit]
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", ["overview", "map", "timeline", "issues", "sources"])
def test_the_other_visit_is_served_with_a_notice_where_visits_are_chosen(monkeypatch, data, page):
    at = run(monkeypatch, data, page)
    titles = [t.value for t in at.title]
    assert "The data needs fixing" not in titles
    warnings = [w.value for w in at.sidebar.warning] if page == "overview" else []
    if page == "overview":
        assert any("1 visit has problems in its data and cannot be shown" in w for w in warnings)
        selector = at.sidebar.selectbox[0]
        assert selector.options[-1].startswith("⚠") and "(needs fixing)" in selector.options[-1]


@pytest.mark.parametrize("page", ["overview", "map", "timeline", "issues", "sources"])
def test_the_broken_visits_pages_show_its_report(monkeypatch, data, page):
    at = run(monkeypatch, data, page, visit=BROKEN_ID)
    assert [t.value for t in at.title] == ["This visit's data needs fixing"]
    (error,) = at.error
    assert "The other visits are shown as usual" in error.value
    shown = " ".join(str(frame.value.to_dict()) for frame in at.dataframe)
    assert "b-river/legs.csv" in shown and "atlantis" in shown
    assert not at.get("plotly_chart") and not at.get("deck_gl_json_chart")
