"""The stored copy of the checked tables: a start with unchanged files reads no CSV; any
change of the files or the code, and any damage to the copy, leads to a full load."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA_DIR, MINI_ID, ROOT, SHIPPED

from dashboard.data import loading, stored
from dashboard.data.loading import DataError, load_dataset


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
    assert [p.name for p in stored_copies.iterdir()] == [f"copy-{stored.input_key(data_dir)}"]

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
    return stored.copy_folder(stored_copies, stored.input_key(visit))


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
    assert len(copies) == stored.KEEP and all(p.name.startswith("copy-") for p in copies)
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

    from dashboard.ui import cache

    monkeypatch.setenv(loading.DATA_DIR_ENV, str(mini_visit))
    monkeypatch.setenv("DASHBOARD_MAP_TILES", "offline")

    def start() -> tuple[AppTest, list]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        return at, cache.loaded_now()

    cache.clear()
    first, loaded = start()
    assert [entry.stored for entry in loaded] == [False]
    cache.clear()  # a restart
    no_csv(monkeypatch)
    second, loaded = start()
    assert [entry.stored for entry in loaded] == [True]
    assert [m.value for m in second.metric] == [m.value for m in first.metric]
    assert len(second.metric) > 0


# ---------------------------------------------------------------------------------------
# What the copy may delete, and whom it trusts

NOBODY = 65534  # the uid of `nobody`: another local user


def as_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("simulating another user's files needs root (CI runs as root)")


def others_files(folder: Path, count: int = 12) -> dict[str, bytes]:
    """Folders and files of other programs in a cache folder: what a user keeps there."""
    made = {}
    for i in range(count):
        sub = folder / f"other-program-{i}"
        sub.mkdir(parents=True)
        (sub / "data.bin").write_bytes(f"keep me {i}".encode())
        made[f"other-program-{i}/data.bin"] = f"keep me {i}".encode()
    # Names that look like the copies', without the marker: not ours either.
    for name in ("0" * 40, "copy-" + "a" * 40, ".copy-" + "b" * 40 + "-abcdefgh"):
        (folder / name).mkdir()
        (folder / name / "dataset.json").write_text("{}", encoding="utf-8")
        made[f"{name}/dataset.json"] = b"{}"
    (folder / "notes.txt").write_text("a file of the user's\n", encoding="utf-8")
    made["notes.txt"] = b"a file of the user's\n"
    return made


def still_there(folder: Path, made: dict[str, bytes]) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in made if (folder / name).is_file()}


def test_other_programs_folders_in_the_cache_folder_are_never_removed(
    visit, stored_copies, edit_folder
):
    """`DASHBOARD_CACHE_DIR=~/.cache`: its other programs' folders stay, however many
    copies the dashboard writes there and prunes."""
    made = others_files(stored_copies)
    for i in range(stored.KEEP + 4):
        edit_folder(visit).set_cell("topics.csv", "trade", "label", f"Trade {i}")
        stored.load(visit)
    assert still_there(stored_copies, made) == made
    ours = [p for p in stored_copies.iterdir() if p.name.startswith("copy-") and (p / stored.MARKER).exists()]
    assert len(ours) == stored.KEEP


def test_a_cache_folder_pointed_at_a_checkout_deletes_nothing(
    tmp_path, monkeypatch, mini_visit, edit_folder
):
    """The cache folder set to a project's checkout: its folders (.ci, assets, data, …) stay."""
    checkout = tmp_path / "checkout"
    for name in (".ci", "assets", "benchmarks", "data", "src"):
        (checkout / name).mkdir(parents=True)
        (checkout / name / "keep.txt").write_text(name, encoding="utf-8")
    checkout.chmod(0o755)
    data = checkout / "data" / "mini"
    shutil.copytree(mini_visit, data)
    monkeypatch.setenv(stored.CACHE_DIR_ENV, str(checkout))
    for i in range(stored.KEEP + 2):
        edit_folder(data).set_cell("topics.csv", "trade", "label", f"Trade {i}")
        _, from_copy = stored.load(data)
        assert from_copy is False
    copies = [p for p in checkout.iterdir() if p.name.startswith("copy-")]
    assert len(copies) == stored.KEEP  # it did store (and prune) there
    for name in (".ci", "assets", "benchmarks", "data", "src"):
        assert (checkout / name / "keep.txt").read_text(encoding="utf-8") == name
    assert (data / "events.csv").is_file()


def test_only_marked_copies_of_this_app_are_pruned(visit, stored_copies, edit_folder):
    stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    (copy / stored.MARKER).write_text("someone else's marker\n", encoding="utf-8")
    for i in range(stored.KEEP + 2):
        edit_folder(visit).set_cell("topics.csv", "trade", "label", f"Trade {i}")
        stored.load(visit)
    assert copy.is_dir(), "a folder without this app's exact marker is not this app's to remove"


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_cache_folder_others_can_write_is_neither_read_nor_written(
    visit, tmp_path, monkeypatch, reads, caplog, mode
):
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv(stored.CACHE_DIR_ENV, str(shared))
    stored._warned.clear()
    with caplog.at_level("WARNING", logger="dashboard.data.stored"):
        for _ in range(2):
            dataset, from_copy = stored.load(visit)
            assert from_copy is False
    assert list(shared.iterdir()) == [], "nothing is written into a folder others can write"
    assert reads.tables.count("events.csv") == 2  # loaded in full, each time
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1, "why is logged once"
    assert "can be written by other users" in warnings[0]
    assert_same(dataset, load_dataset(visit))


def test_a_cache_folder_of_another_user_is_neither_read_nor_written(
    visit, tmp_path, monkeypatch, reads, caplog
):
    as_root()
    theirs = tmp_path / "their-cache"
    theirs.mkdir(mode=0o755)
    os.chown(theirs, NOBODY, NOBODY)
    monkeypatch.setenv(stored.CACHE_DIR_ENV, str(theirs))
    stored._warned.clear()
    with caplog.at_level("WARNING", logger="dashboard.data.stored"):
        _, from_copy = stored.load(visit)
    assert from_copy is False and list(theirs.iterdir()) == []
    assert any("belongs to another user" in r.getMessage() for r in caplog.records)


def _plant(copy: Path, edit) -> None:
    """Change a stored copy's events as a forger would: the table and its digest both."""
    import hashlib

    import pyarrow as pa

    table = pa.ipc.open_file(pa.BufferReader((copy / "events.arrow").read_bytes())).read_all()
    table = edit(table)
    with pa.OSFile(str(copy / "events.arrow"), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))
    data = (copy / "events.arrow").read_bytes()
    record["tables"]["events"]["digest"] = hashlib.blake2b(data, digest_size=16).hexdigest()
    (copy / "dataset.json").write_text(json.dumps(record), encoding="utf-8")


def _cancelled(table):
    import pyarrow as pa

    at = table.schema.get_field_index("title")
    titles = table.column(at).to_pylist()
    titles[0] = "summit cancelled"
    return table.set_column(at, "title", pa.array(titles, type=table.schema.field(at).type))


def test_a_copy_planted_by_another_user_is_not_shown(visit, stored_copies, reads, caplog):
    """Another local user forges a copy (table and digest) where the app's lies: it is
    not read (its files are not this user's), the data is loaded in full, and it is left
    alone (not this app's to delete)."""
    as_root()
    stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    # Run as that user: a real second user writes the forged copy.
    import subprocess

    planted = copy.with_name(copy.name + "-planted")
    shutil.copytree(copy, planted)
    _plant(planted, _cancelled)
    shutil.rmtree(copy)
    stored_copies.chmod(0o1777)  # a shared /tmp-like folder, which others may write
    result = subprocess.run(
        ["runuser", "-u", "nobody", "--", "mv", str(planted), str(copy)], capture_output=True
    )
    if result.returncode != 0:  # the folder's owner moves it: give it to nobody instead
        shutil.move(planted, copy)
    for path in [copy, *copy.iterdir()]:
        os.chown(path, NOBODY, NOBODY)
    stored_copies.chmod(0o700)  # the folder itself is the user's again: only the copy is not
    stored._warned.clear()
    reads.tables.clear()
    with caplog.at_level("WARNING", logger="dashboard.data.stored"):
        dataset, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables
    assert "summit cancelled" not in set(dataset.events["title"])
    assert any("belongs to another user" in r.getMessage() for r in caplog.records)
    assert copy.is_dir(), "another user's folder is not this app's to delete"


def test_a_forged_colour_in_a_copy_never_reaches_css(visit, stored_copies, monkeypatch):
    """A copy the user's own account wrote (so trusted by ownership) with a topic colour
    that is CSS: the model hands the views grey instead."""
    import pyarrow as pa

    from dashboard.model.visit import select_visit
    from dashboard.views.cards import cards_html, issue_cards

    stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    forged = "#E69F00;background-image:url(https://evil.example/x.png)"

    def colour(table):
        at = table.schema.get_field_index("colour")
        values = [forged] * table.num_rows
        return table.set_column(at, "colour", pa.array(values, type=table.schema.field(at).type))

    # The same forging, on topics.
    import hashlib

    table = pa.ipc.open_file(pa.BufferReader((copy / "topics.arrow").read_bytes())).read_all()
    table = colour(table)
    with pa.OSFile(str(copy / "topics.arrow"), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))
    digest = hashlib.blake2b((copy / "topics.arrow").read_bytes(), digest_size=16).hexdigest()
    record["tables"]["topics"]["digest"] = digest
    (copy / "dataset.json").write_text(json.dumps(record), encoding="utf-8")

    dataset, from_copy = stored.load(visit)
    if not from_copy:
        pytest.fail("the test meant to read the forged copy")
    v = select_visit(dataset, MINI_ID)
    assert set(v.topic_colours.values()) == {"#999999"}
    html = cards_html(issue_cards(v, v.issue_cards))
    assert "#999999" in html
    assert "url(" not in html and "evil.example" not in html


def test_a_forged_article_record_leads_to_a_full_load(visit, stored_copies, reads):
    """A record whose article metadata is not what a full load allows (a list, a line
    break) is not used: every page would otherwise fail on it."""
    first, _ = stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))
    vid = next(iter(record["seed_meta"]))
    for forged in ([1, 2], {"title": ["not", "text"]}, {"title": "two\nlines"}, "text"):
        record["seed_meta"][vid] = forged
        (copy / "dataset.json").write_text(json.dumps(record), encoding="utf-8")
        reads.tables.clear()
        dataset, from_copy = stored.load(visit)
        assert from_copy is False and "events.csv" in reads.tables
        assert dataset.seed_meta == first.seed_meta
        copy = _copy_of(visit, stored_copies)
        record = json.loads((copy / "dataset.json").read_text(encoding="utf-8"))


def test_a_link_in_place_of_a_copy_is_not_followed(visit, stored_copies, tmp_path, reads):
    stored.load(visit)
    copy = _copy_of(visit, stored_copies)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(copy, elsewhere)
    copy.symlink_to(elsewhere, target_is_directory=True)
    reads.tables.clear()
    _, from_copy = stored.load(visit)
    assert from_copy is False and "events.csv" in reads.tables
    assert copy.is_symlink() and elsewhere.is_dir(), "neither the link nor its target removed"
