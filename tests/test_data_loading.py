"""The loader (`data.loading`): a data folder, one visit or many, loaded into typed
frames, or every problem of every folder reported at once; where the data is
($DASHBOARD_DATA_DIR), which folders are visits, and a visit id named twice.

Broken copies of tests/fixtures/mini_visit assert the exact Problem(s): file, row (the
header is row 1), column, value and the plain sentence."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA_DIR, MINI_ID, MINI_VISIT, ROOT, SEEDS_DIR, SHIPPED, problems_in
from open_pages import app_report

from dashboard.data.loading import (
    DATA_DIR_ENV,
    DEFAULT_DATA_DIR,
    DataError,
    Problem,
    check_folder,
    data_dir_from_env,
    data_fingerprint,
    load_dataset,
)
from dashboard.data.schema import PALETTE, STATUS, TABLES

REAL_SEED = "lee-jae-myung-china-state-visit-2026.txt"


# ---------------------------------------------------------------------------------------
# The fixture itself


def test_mini_visit_is_valid_and_complete(mini_visit):
    problems, loads = check_folder(mini_visit)
    assert problems == []
    assert [load.visit_id for load in loads] == [MINI_ID]
    raws = loads[0].raws
    assert set(raws) == set(TABLES)
    for name, raw in raws.items():
        assert raw is not None, name
        if TABLES[name].optional_file:  # no reports yet: the files are absent, the tables empty
            assert not (mini_visit / TABLES[name].file).exists() and len(raw.frame) == 0, name
        else:
            assert 1 <= len(raw.frame) <= 3, name
    assert loads[0].seed_path == (mini_visit / "seed.txt").resolve()
    assert loads[0].seed_text.startswith("FIXTURE ARTICLE for tests")
    assert (mini_visit / "README.md").read_text(encoding="utf-8").count("fixture") >= 1
    background = raws["events"].frame["background"]
    assert (background == "true").sum() == 1
    assert set(raws["topics"].frame["colour"]) <= set(PALETTE)


def test_mini_visit_rows_are_counted_like_a_spreadsheet(mini_visit):
    _, loads = check_folder(mini_visit)
    events = loads[0].raws["events"]
    assert events.rows == [2, 3, 4]
    assert list(events.frame["id"]) == ["arrival", "meeting", "previous-visit"]


def test_missing_visits_file_means_the_folder_is_no_visit(broken_copy):
    folder = broken_copy(lambda v: v.delete("visits.csv"))
    assert problems_in(folder) == [
        Problem(str(folder), None, None, None, "holds no visit folder (a folder with visits.csv)."),
    ]


def test_problems_from_several_visit_folders_are_all_reported(tmp_path, mini_visit, edit_folder):
    data = tmp_path / "data"
    for name in ("one", "two"):
        shutil.copytree(mini_visit, data / name)
        edit_folder(data / name).set_cell("visits.csv", MINI_ID, "id", f"fixture-{name}")
    edit_folder(data / "one").set_cell("places.csv", "city-x", "lat", "north")
    edit_folder(data / "two").set_cell("legs.csv", "city-to-hall", "seq", "two")
    problems = problems_in(data)
    assert Problem("one/places.csv", 2, "lat", "north", "is not a number.") in problems
    assert Problem("two/legs.csv", 2, "seq", "two", "is not a whole number.") in problems
    # Every other row still names the fixture's visit id, in both folders.
    assert (
        Problem(
            "one/people.csv",
            2,
            "visit_id",
            MINI_ID,
            "does not match this folder's visit id 'fixture-one'.",
        )
        in problems
    )
    assert (
        Problem(
            "two/people.csv",
            2,
            "visit_id",
            MINI_ID,
            "does not match this folder's visit id 'fixture-two'.",
        )
        in problems
    )


# ---------------------------------------------------------------------------------------
# load_dataset and the typed frames


@pytest.mark.parametrize("broken", [False, True])
def test_the_garbage_collector_is_paused_while_loading_and_back_after(
    broken, broken_copy, monkeypatch
):
    """A load pauses Python's cyclic collector (it would scan every cell read, again and
    again) and always turns it back on, when the folder has problems too."""
    from dashboard.data import loading

    folder = broken_copy(lambda v: v.empty("topics.csv") if broken else None)
    seen = []
    original = loading.read_table

    def read_table(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(loading, "read_table", read_table)
    assert gc.isenabled()
    if broken:
        with pytest.raises(DataError):
            load_dataset(folder)
    else:
        load_dataset(folder)
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()  # a caller that had paused it finds it paused still
    try:
        load_dataset(broken_copy())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_table_has_the_dtypes_its_columns_declare(real_data):
    """`column_dtype` (what the stored copy is checked against) is what loading gives, for
    the real tables and for tables with no rows."""
    from dashboard.data.typed import column_dtype, typed

    for name, table in TABLES.items():
        declared = [column_dtype(col) for col in table.columns]
        assert list(real_data.tables[name].dtypes) == declared, name
        empty = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in table.columns})
        assert list(typed(empty, table).dtypes) == declared, name


def test_load_dataset_returns_typed_frames_for_the_real_data(real_data):
    events, places, legs, visits = (
        real_data.events,
        real_data.places,
        real_data.legs,
        real_data.visits,
    )
    for frame, column in [
        (events, "date_start"),
        (events, "date_end"),
        (legs, "date"),
        (visits, "start_date"),
        (visits, "end_date"),
    ]:
        assert pd.api.types.is_datetime64_dtype(frame[column]), column
    assert isinstance(events["status"].dtype, pd.CategoricalDtype)
    assert list(events["status"].cat.categories) == list(STATUS)
    assert all(isinstance(value, tuple) for value in events["topics"])
    assert all(isinstance(value, tuple) for value in events["participants"])
    assert places["lat"].dtype == "float64"
    assert places["lon"].dtype == "float64"
    assert legs["seq"].dtype == "int64"
    assert events["background"].dtype == bool

    summit = events.set_index("id").loc["summit"]
    assert summit["date_start"] == pd.Timestamp("2026-01-05")
    assert summit["topics"] == ("diplomacy", "north-korea", "economy", "culture")
    assert summit["participants"] == ("lee", "xi")
    assert summit["status"] == "scheduled"
    mou = events.set_index("id").loc["mou-signing"]
    assert mou["participants"] == ()
    assert places.set_index("id").loc["seoul", "lat"] == pytest.approx(37.5665)
    assert visits["start_date"].iloc[0] == pd.Timestamp("2026-01-04")
    seed = real_data.seeds[SHIPPED]
    assert seed == (SEEDS_DIR / REAL_SEED).read_text(encoding="utf-8")
    assert real_data.seed_files[SHIPPED] == (SEEDS_DIR / REAL_SEED).resolve()


def test_real_data_has_every_table(real_data):
    assert set(real_data.tables) == set(TABLES)
    for name, frame in real_data.tables.items():
        assert list(frame.columns) == TABLES[name].column_names, name
    assert len(real_data.visits) == 1
    assert real_data.summary().startswith("OK: 1 visit loaded from ")


def test_each_table_is_a_property_of_the_dataset(real_data):
    for name in TABLES:
        assert getattr(real_data, name) is real_data.tables[name], name
    with pytest.raises(AttributeError):
        real_data.event  # noqa: B018 - a misspelt table name
    with pytest.raises(AttributeError):
        real_data.issue_card  # noqa: B018


def test_load_dataset_raises_data_error_with_every_problem(broken_copy):
    folder = broken_copy(lambda v: v.set_cell("places.csv", "civic-hall", "lat", "north"))
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert caught.value.problems == [Problem("places.csv", 3, "lat", "north", "is not a number.")]
    assert str(caught.value) == "1 problem in the data"


def test_load_dataset_of_the_mini_visit(mini_visit):
    dataset = load_dataset(mini_visit)
    assert list(dataset.visits["id"]) == [MINI_ID]
    assert dataset.events.set_index("id").loc["meeting", "topics"] == ("diplomacy", "trade")
    assert dataset.figures.set_index("id").loc["agreements", "value"] == 3.0
    assert dataset.summary() == (
        f"OK: 1 visit loaded from {mini_visit}: 2 topics, 2 places, 2 people, 3 events, "
        "1 leg, 1 issue card, 2 figures, 1 finding."
    )


# ---------------------------------------------------------------------------------------
# Where the data is: DASHBOARD_DATA_DIR and folders of visits


def test_data_dir_env_points_the_loader_elsewhere(monkeypatch, broken_copy):
    folder = broken_copy()
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    assert data_dir_from_env() == folder
    dataset = load_dataset()
    assert list(dataset.visits["id"]) == [MINI_ID]
    assert dataset.folder == folder
    problems, loads = check_folder()
    assert problems == []
    assert [load.visit_id for load in loads] == [MINI_ID]


def test_data_dir_env_unset_or_blank_means_the_project_data(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert data_dir_from_env() == DEFAULT_DATA_DIR == DATA_DIR
    monkeypatch.setenv(DATA_DIR_ENV, "   ")
    assert data_dir_from_env() == DATA_DIR


def test_data_dir_env_to_a_broken_copy_raises(monkeypatch, broken_copy):
    folder = broken_copy(lambda v: v.set_cell("legs.csv", "city-to-hall", "seq", "two"))
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    with pytest.raises(DataError) as caught:
        load_dataset()
    assert caught.value.problems == [
        Problem("legs.csv", 2, "seq", "two", "is not a whole number."),
    ]


def test_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere"
    assert problems_in(missing) == [
        Problem(
            str(missing),
            None,
            None,
            None,
            "is not a folder: set DASHBOARD_DATA_DIR to a data folder.",
        ),
    ]


def test_folder_without_any_visit(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "readme.txt").write_text("nothing here", encoding="utf-8")
    problems = problems_in(tmp_path)
    assert (
        Problem("notes/visits.csv", None, None, None, "is missing: this table is required.")
        in problems
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert problems_in(empty) == [
        Problem(str(empty), None, None, None, "holds no visit folder (a folder with visits.csv)."),
    ]


def _two_visit_data(tmp_path: Path, mini_visit: Path) -> Path:
    """data/ with the real visit (and its seed where its relative path expects it) + mini."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / SHIPPED, data / SHIPPED)
    (tmp_path / "seeds").mkdir()
    shutil.copy2(SEEDS_DIR / REAL_SEED, tmp_path / "seeds" / REAL_SEED)
    shutil.copytree(mini_visit, data / MINI_ID)
    return data


def test_folder_with_two_visit_sub_folders_loads_both(tmp_path, mini_visit, real_data):
    data = _two_visit_data(tmp_path, mini_visit)
    dataset = load_dataset(data)
    assert list(dataset.visits["id"]) == [MINI_ID, SHIPPED]
    assert set(dataset.seeds) == {MINI_ID, SHIPPED}
    assert dataset.seeds[MINI_ID].startswith("FIXTURE ARTICLE")
    for name, frame in dataset.tables.items():
        mini_rows = len(load_dataset(mini_visit).tables[name])
        assert len(frame) == mini_rows + len(real_data.tables[name]), name
    assert isinstance(dataset.events["status"].dtype, pd.CategoricalDtype)
    assert dataset.summary().startswith("OK: 2 visits loaded from ")


def test_problems_in_a_sub_folder_name_the_sub_folder(tmp_path, mini_visit, edit_folder):
    data = _two_visit_data(tmp_path, mini_visit)
    edit_folder(data / MINI_ID).set_cell("places.csv", "civic-hall", "lat", "95")
    assert problems_in(data) == [
        Problem(
            f"{MINI_ID}/places.csv",
            3,
            "lat",
            "95",
            "is out of range: it must be between -90 and 90.",
        ),
    ]


def test_hidden_and_underscore_folders_are_skipped(tmp_path, mini_visit, edit_folder):
    data = tmp_path / "data"
    shutil.copytree(mini_visit, data / MINI_ID)
    shutil.copytree(mini_visit, data / "_draft")
    edit_folder(data / "_draft").set_cell("places.csv", "city-x", "lat", "north")
    shutil.copytree(mini_visit, data / ".old")
    assert problems_in(data) == []
    assert list(load_dataset(data).visits["id"]) == [MINI_ID]


def test_two_folders_with_the_same_visit_id(tmp_path, mini_visit):
    data = tmp_path / "data"
    shutil.copytree(mini_visit, data / "a")
    shutil.copytree(mini_visit, data / "b")
    assert problems_in(data) == [
        Problem(
            "b/visits.csv", 2, "id", MINI_ID, "is already the id of the visit in a/visits.csv."
        ),
    ]
    with pytest.raises(DataError):
        load_dataset(data, strict=True)
    # Served, the second is quarantined: the first visit stays on the dashboard.
    dataset = load_dataset(data)
    assert [q.folder for q in dataset.quarantined] == ["b"]
    assert list(dataset.visits["id"]) == [MINI_ID]


def test_a_dangling_link_in_seeds_neither_breaks_the_fingerprint_nor_the_app(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    (project / "seeds" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert data_fingerprint(project / "data")  # no FileNotFoundError
    at = app_report(project / "data", monkeypatch)
    assert not at.error  # the link is no visit's article: the app runs as usual


def test_the_fingerprint_changes_with_any_file_and_only_then(tmp_path):
    data = shutil.copytree(MINI_VISIT, tmp_path / "data" / "v")
    folder = tmp_path / "data"
    before = data_fingerprint(folder)
    assert before == data_fingerprint(folder)  # nothing changed: the same key
    events = data / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = data_fingerprint(folder)
    assert edited != before
    (data / "deeper").mkdir()
    (data / "deeper" / "note.txt").write_text("x", encoding="utf-8")
    added = data_fingerprint(folder)
    assert added != edited
    assert any(entry[0].endswith("deeper/note.txt") for entry in added[1])
    (data / "gone.csv").symlink_to(tmp_path / "nowhere.csv")  # a dangling link is listed
    assert data_fingerprint(folder) != added
