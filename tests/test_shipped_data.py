"""The data in the repository: every visit folder in data/ loads and rests on its
article in seeds/, whose record's checksum is the file's; and the shipped visit's rows are
quoted verbatim, fully cited, say why where they are not the article's word, and record the
article's own contradiction. Other visits may sit beside the shipped one: it is read by id."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from conftest import DATA_DIR, ROOT, SEEDS_DIR, SHIPPED, is_fixture

from dashboard.data.loading import load_dataset, visit_folders
from dashboard.data.provenance import cited_sentences, missing_spans, quote_spans, sentences
from dashboard.data.schema import TABLES

SEED = ROOT / "seeds" / "lee-jae-myung-china-state-visit-2026.txt"


META = ROOT / "seeds" / "lee-jae-myung-china-state-visit-2026.meta.json"


SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_a247b40235607411.txt"


def quote_rows(dataset) -> list[tuple[str, str, str]]:
    """(table, row id, quote cell) for every row of every table that has a quote."""
    rows = []
    for name, frame in dataset.tables.items():
        if "quote" in frame.columns:
            rows.extend((name, str(r["id"]), str(r["quote"])) for _, r in frame.iterrows())
    return rows


# ---------------------------------------------------------------------------------------
# The seed copy is the article, byte for byte


def test_seed_matches_its_meta():
    meta = json.loads(META.read_text(encoding="utf-8"))
    data = SEED.read_bytes()
    assert meta["file"] == SEED.name
    assert len(data) == meta["bytes"] == 2612
    assert hashlib.sha256(data).hexdigest() == meta["sha256"]


def test_seed_is_byte_identical_to_the_shared_original():
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is absent on this machine")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_the_data_points_at_this_seed(real_data):
    assert real_data.seed_files[SHIPPED] == SEED.resolve()


# ---------------------------------------------------------------------------------------
# Every quote is in the article, every sentence is cited


def test_every_quote_span_in_the_data_occurs_in_the_seed(real_data, seed_text):
    rows = quote_rows(real_data)
    quoting = {name for name, table in TABLES.items() if "quote" in table.column_names}
    assert {name for name, _, _ in rows} == quoting
    assert len(rows) == sum(len(real_data.tables[name]) for name in quoting)
    missing = [
        (name, row_id, span)
        for name, row_id, quote in rows
        for span in missing_spans(quote, seed_text)
    ]
    assert missing == []
    # Only a row first reported after the article, or a disagreement between its reports,
    # quotes nothing from it.
    later = later_rows(real_data)
    empty = {(name, row_id) for name, row_id, quote in rows if not quote_spans(quote)}
    assert empty == later


def later_rows(dataset) -> set[tuple[str, str]]:
    found = set()
    for name, frame in dataset.tables.items():
        for column, value in (("basis", "reported"), ("kind", "disagreement")):
            if column in frame and "quote" in frame:
                found |= {(name, str(i)) for i in frame.loc[frame[column].astype(str) == value, "id"]}
    return found


def test_every_visit_in_data_quotes_its_own_article():
    """Whatever visits sit in data/: each row's quote is in its own visit's seed (ids may
    repeat across visits, so rows are told apart by visit)."""
    dataset = load_dataset(ROOT / "data")
    assert SHIPPED in set(dataset.visits["id"])
    missing = []
    for name, frame in dataset.tables.items():
        if "quote" not in frame:  # the reports' tables cite the reports, not the article
            continue
        key = "id" if name == "visits" else "visit_id"
        for _, row in frame.iterrows():
            seed = dataset.seeds[str(row[key])]
            missing += [(name, row[key], row["id"], s) for s in missing_spans(str(row["quote"]), seed)]  # fmt: skip
    assert missing == []


def test_every_sentence_is_cited_by_at_least_one_row(real_data, seed_text, capsys):
    quotes = [quote for _, _, quote in quote_rows(real_data)]
    cited = cited_sentences(quotes, seed_text)
    total = len(sentences(seed_text))
    with capsys.disabled():
        print(f"\nsentence coverage: {len(cited)}/{total}")
    uncited = [s.text for s in sentences(seed_text) if s.number not in cited]
    assert uncited == []
    assert f"{len(cited)}/{total}" == "14/14"


# ---------------------------------------------------------------------------------------
# Reference and inferred rows say why


def test_every_reference_or_inferred_row_has_a_basis_note(real_data):
    checked = 0
    empty = []
    for name, frame in real_data.tables.items():
        if "basis" not in frame.columns:
            continue
        for _, row in frame[frame["basis"].isin(["reference", "inferred"])].iterrows():
            checked += 1
            note = row["basis_note"]
            if pd.isna(note) or not str(note).strip():
                empty.append((name, row["id"]))
    assert checked > 0
    assert empty == []


# ---------------------------------------------------------------------------------------
# Events lie within their visit, or are background


def test_every_event_is_within_its_visit_or_background(real_data):
    visits = real_data.visits.set_index("id")
    outside = []
    for _, event in real_data.events.iterrows():
        visit = visits.loc[event["visit_id"]]
        inside = (
            visit["start_date"] <= event["date_start"] and event["date_end"] <= visit["end_date"]
        )
        if not inside and not event["background"]:
            outside.append(event["id"])
    assert outside == []
    events = real_data.events.set_index("id")
    assert not events.loc["summit", "background"]
    assert events.loc["thaad-deployment", "background"]


# ---------------------------------------------------------------------------------------
# Findings


def test_every_finding_affects_existing_ids(real_data):
    known = set()
    for frame in real_data.tables.values():
        known |= set(frame["id"])
    unknown = [
        (finding["id"], ref)
        for _, finding in real_data.findings.iterrows()
        for ref in finding["affects"]
        if ref not in known
    ]
    assert unknown == []
    assert all(len(affects) > 0 for affects in real_data.findings["affects"])


def test_the_date_weekday_contradiction_is_recorded(real_data):
    findings = real_data.findings
    contradictions = findings[findings["kind"] == "contradiction"]
    matching = contradictions[
        contradictions["says"].str.contains("January 5")
        | contradictions["quote"].str.contains("January 5")
    ]
    assert len(matching) == 1
    finding = matching.iloc[0]
    assert finding["id"] == "date-weekday-conflict"
    assert {"departure", "seoul-beijing", SHIPPED} <= set(finding["affects"])
    assert "Monday" in finding["why"]


# ---------------------------------------------------------------------------------------
# Every visit in data/


def test_the_real_data_still_loads():
    dataset = load_dataset(ROOT / "data")
    assert dataset.summary().startswith("OK: ")
    assert SHIPPED in set(dataset.visits["id"])  # other visits may sit beside it


def test_every_visit_in_data_loads_and_rests_on_its_article_in_seeds():
    """Whatever visits sit in data/: each folder loads with no problem, and each real visit
    (not a copy of a test fixture, which keeps its article beside its tables) quotes an
    article in seeds/ whose record gives the file's name, size and checksum."""
    folders = visit_folders(DATA_DIR)
    assert SHIPPED in [folder.name for folder in folders]
    for folder in folders:
        dataset = load_dataset(folder, strict=True)
        if is_fixture(folder):
            continue
        (visit_id,) = dataset.visits["id"]
        seed = dataset.seed_files[visit_id]
        assert seed.parent == SEEDS_DIR.resolve(), folder.name
        meta = json.loads(seed.with_name(seed.stem + ".meta.json").read_text(encoding="utf-8"))
        data = seed.read_bytes()
        recorded = (meta["file"], meta["bytes"], meta["sha256"])
        assert recorded == (seed.name, len(data), hashlib.sha256(data).hexdigest()), folder.name
