"""The stored copy of the checked tables: a start with unchanged files reads no CSV; any
change of the files or the code, and any damage to the copy, leads to a full load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA_DIR, ROOT, SHIPPED

from dashboard import loading, stored
from dashboard.loading import DataError, load_dataset


class Reads:
    """Counts the CSV tables a load parses (`loading.read_table`, looked up per call)."""

    def __init__(self, monkeypatch):
        self.tables: list[str] = []
        original = loading.read_table

        def read_table(path, *args, **kwargs):
            self.tables.append(Path(path).name)
            return original(path, *args, **kwargs)

        monkeypatch.setattr(loading, "read_table", read_table)


@pytest.fixture
def reads(monkeypatch) -> Reads:
    return Reads(monkeypatch)


@pytest.fixture
def visit(broken_copy) -> Path:
    """A writable copy of the mini visit."""
    return broken_copy()


def assert_same(a: loading.Dataset, b: loading.Dataset) -> None:
    assert set(a.tables) == set(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True)
    assert a.seeds == b.seeds
    assert a.seed_files == b.seed_files
    assert a.seed_meta == b.seed_meta
    assert a.folder == b.folder


def no_csv(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a CSV file was read")

    monkeypatch.setattr(loading, "read_table", refuse)


@pytest.mark.parametrize("folder", ["mini", "shipped"])
def test_a_second_start_reads_no_csv_and_gets_the_same_tables(
    folder, mini_visit, monkeypatch, stored_copies
):
    data_dir = mini_visit if folder == "mini" else DATA_DIR / SHIPPED
    first, from_copy = stored.load(data_dir)
    assert from_copy is False
    assert [p.name for p in stored_copies.iterdir()] == [stored.input_key(data_dir)]

    no_csv(monkeypatch)
    second, from_copy = stored.load(data_dir)
    assert from_copy is True
    assert_same(second, first)


def test_the_stored_tables_equal_a_full_load(visit):
    stored.load(visit)
    from_copy, was_stored = stored.load(visit)
    assert was_stored
    assert_same(from_copy, load_dataset(visit))


def test_a_changed_file_leads_to_a_full_load(visit, reads, edit_folder):
    stored.load(visit)
    assert "events.csv" in reads.tables
    reads.tables.clear()
    stored.load(visit)
    assert reads.tables == []  # unchanged: the copy

    edit_folder(visit).set_cell("topics.csv", "trade", "label", "Trade and tariffs")
    dataset, from_copy = stored.load(visit)
    assert from_copy is False
    assert "topics.csv" in reads.tables and "events.csv" in reads.tables
    labels = dataset.topics.set_index("id")["label"]
    assert labels["trade"] == "Trade and tariffs"


def test_a_changed_article_leads_to_a_full_load(visit, reads):
    stored.load(visit)
    seed = visit / "seed.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    reads.tables.clear()
    dataset, from_copy = stored.load(visit)
    assert from_copy is False and reads.tables
    assert next(iter(dataset.seeds.values())).endswith("One more line.\n")


def test_an_added_file_leads_to_a_full_load(visit, reads):
    stored.load(visit)
    reads.tables.clear()
    (visit / "notes.txt").write_text("a new file in the data folder\n", encoding="utf-8")
    _, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables


def test_a_removed_file_leads_to_a_full_load(visit, reads):
    stored.load(visit)
    reads.tables.clear()
    (visit / "README.md").unlink()
    _, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables

    # A removed table: the full load reports it, nothing stored is served instead.
    (visit / "figures.csv").unlink()
    with pytest.raises(DataError) as err:
        stored.load(visit)
    assert any(p.file.endswith("figures.csv") for p in err.value.problems)


def test_a_folder_with_problems_is_never_stored(broken_copy, stored_copies):
    folder = broken_copy(lambda v: v.delete("legs.csv"))
    for _ in range(2):
        with pytest.raises(DataError):
            stored.load(folder)
    assert list(stored_copies.iterdir()) == []


def test_a_newer_package_leads_to_a_full_load(visit, reads, monkeypatch):
    stored.load(visit)
    reads.tables.clear()
    monkeypatch.setattr(stored, "package_version", lambda: "99.0.0")
    dataset, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables
    assert_same(dataset, load_dataset(visit))


def _copy_of(visit: Path, stored_copies: Path) -> Path:
    return stored_copies / stored.input_key(visit)


@pytest.mark.parametrize(
    "damage",
    [
        "truncated table",
        "flipped byte",
        "table replaced by another",
        "bad json",
        "missing table",
        "record of another key",
        "empty file",
    ],
)
def test_a_corrupt_copy_is_ignored_and_rebuilt(visit, reads, stored_copies, damage):
    first, _ = stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    events = copy / "events.arrow"
    if damage == "truncated table":
        events.write_bytes(events.read_bytes()[:100])
    elif damage == "flipped byte":
        data = bytearray(events.read_bytes())
        data[len(data) // 2] ^= 0xFF
        events.write_bytes(bytes(data))
    elif damage == "table replaced by another":
        shutil.copy(copy / "topics.arrow", events)
    elif damage == "bad json":
        (copy / "dataset.json").write_text("{not json", encoding="utf-8")
    elif damage == "missing table":
        events.unlink()
    elif damage == "record of another key":
        record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))
        record["key"] = "0" * 40
        (copy / "dataset.json").write_text(json.dumps(record), encoding="utf-8")
    elif damage == "empty file":
        (copy / "dataset.json").write_bytes(b"")
    reads.tables.clear()
    dataset, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables
    assert_same(dataset, first)
    # Rebuilt: the next start reads the new copy.
    reads.tables.clear()
    again, from_copy = stored.load(visit)
    assert from_copy is True and reads.tables == []
    assert_same(again, first)


def test_a_copy_with_tampered_types_is_not_used(visit, reads, stored_copies):
    """A table file whose digest was updated to match but whose columns are of other types
    (written by other code, say) fails the check of the types a full load gives."""
    import hashlib

    import pyarrow as pa

    stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    table = pa.ipc.open_file(pa.BufferReader((copy / "events.arrow").read_bytes())).read_all()
    at = table.schema.get_field_index("date_start")
    as_text = table.set_column(at, "date_start", table.column(at).cast(pa.string()))
    with pa.OSFile(str(copy / "events.arrow"), "wb") as sink:
        with pa.ipc.new_file(sink, as_text.schema) as writer:
            writer.write_table(as_text)
    record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))
    data = (copy / "events.arrow").read_bytes()
    record["tables"]["events"]["digest"] = hashlib.blake2b(data, digest_size=16).hexdigest()
    (copy / "dataset.json").write_text(json.dumps(record), encoding="utf-8")
    reads.tables.clear()
    _, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables


def test_the_data_folder_is_never_written(visit, stored_copies):
    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            p.relative_to(visit).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(visit.rglob("*"))
        }

    before = snapshot()
    stored.load(visit)
    stored.load(visit)
    assert snapshot() == before
    assert any(stored_copies.iterdir())
    assert not stored_copies.resolve().is_relative_to(visit.resolve())


def test_an_unwritable_cache_folder_still_loads(visit, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(stored.CACHE_DIR_ENV, str(blocker / "copies"))
    dataset, from_copy = stored.load(visit)
    assert from_copy is False
    assert_same(dataset, load_dataset(visit))


def test_storing_can_be_turned_off(visit, monkeypatch, reads):
    monkeypatch.setenv(stored.CACHE_DIR_ENV, "off")
    assert stored.cache_dir() is None
    stored.load(visit)
    reads.tables.clear()
    _, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables


def test_the_default_cache_folder_is_the_users(monkeypatch, tmp_path):
    monkeypatch.delenv(stored.CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert stored.cache_dir() == tmp_path / stored.APP_NAME
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert stored.cache_dir() == Path.home() / ".cache" / stored.APP_NAME


def test_old_copies_are_pruned(visit, stored_copies, edit_folder):
    for i in range(stored.KEEP + 3):
        edit_folder(visit).set_cell("topics.csv", "trade", "label", f"Trade {i}")
        stored.load(visit)
    copies = [p for p in stored_copies.iterdir() if p.is_dir()]
    assert len(copies) == stored.KEEP
    assert _copy_of(visit, stored_copies) in copies


def test_progress_says_what_the_load_is_doing(visit):
    said: list[str] = []
    stored.load(visit, said.append)
    assert "Reading events.csv (visit folder 1 of 1)…" in said
    assert any("quotes against the article" in s for s in said)
    assert said[-1].startswith("Saving a copy")
    said.clear()
    stored.load(visit, said.append)
    assert said and not any(s.startswith("Reading events.csv") for s in said)
    assert any(s.startswith("Reading the stored") for s in said)


def test_the_app_restarts_from_the_stored_copy(monkeypatch, mini_visit):
    """A restart (the server's memory empty, the stored copy kept) shows the same page
    without reading a CSV file."""
    from streamlit.testing.v1 import AppTest

    from dashboard import ui

    monkeypatch.setenv(loading.DATA_DIR_ENV, str(mini_visit))
    monkeypatch.setenv("DASHBOARD_MAP_TILES", "offline")

    def start() -> tuple[AppTest, list]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        return at, ui._load.loaded()

    ui._load.clear()
    first, loaded = start()
    assert [entry.stored for entry in loaded] == [False]
    ui._load.clear()  # a restart
    no_csv(monkeypatch)
    second, loaded = start()
    assert [entry.stored for entry in loaded] == [True]
    assert [m.value for m in second.metric] == [m.value for m in first.metric]
    assert len(second.metric) > 0
