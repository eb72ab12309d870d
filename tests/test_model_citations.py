"""Where each row's facts come from in the article (`model.citations`): every quoted
span located, the article's coverage, the findings about the source and the rows they
affect, and the article's record (source and licence) in the footer."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import SHIPPED

from dashboard.data.provenance import normalise, quote_spans
from dashboard.model.citations import (
    CITING_TABLES,
    coverage,
    finding_flags,
    findings_for,
    load_seed_meta,
    seed_meta_for,
    source_footer,
)

# ---------------------------------------------------------------------------------------
# Citations and coverage


def test_every_citation_is_found(visit, cited):
    assert not cited[["start", "end", "sentence", "last_sentence"]].isna().any().any()
    for row in cited.itertuples():
        assert normalise(visit.seed_text[row.start : row.end]) == normalise(row.span)
        assert 1 <= row.sentence <= row.last_sentence <= 14


def test_citations_cover_every_quoting_table(visit, cited):
    assert list(dict.fromkeys(cited["table"])) == list(CITING_TABLES)
    spans = sum(len(quote_spans(q)) for q in visit.events["quote"])
    assert (cited["table"] == "events").sum() == spans
    summit = cited[cited["key"] == "events/summit"]
    assert list(summit["span_number"]) == [1, 2]
    assert list(summit["sentence"]) == [3, 5]
    assert (cited["key"] == f"visits/{SHIPPED}").sum() == 3


def test_coverage_is_complete(visit):
    done, total, uncited = coverage(visit)
    assert (done, total) == (14, 14)
    assert uncited == []


def test_coverage_reports_uncited_sentences(visit):
    text = visit.seed_text + "\nAn added sentence nobody cites."
    done, total, uncited = coverage(dataclasses.replace(visit, seed_text=text))
    assert (done, total) == (14, 15)
    assert [s.text for s in uncited] == ["An added sentence nobody cites."]


# ---------------------------------------------------------------------------------------
# Findings


def test_findings_for_departure(visit):
    found = findings_for(visit, "departure")
    assert "date-weekday-conflict" in set(found["id"])
    assert all("departure" in affects for affects in found["affects"])
    assert findings_for(visit, "no-such-row").empty


def test_finding_flags(visit):
    flags = finding_flags(visit)
    assert "date-weekday-conflict" in flags["departure"]
    assert flags[SHIPPED] == ["date-weekday-conflict", "written-on-departure-day"]
    assert "mou-signing-unplaced" in flags["economic-cooperation"]
    for row_id, finding_ids in flags.items():
        assert list(findings_for(visit, row_id)["id"]) == finding_ids


# ---------------------------------------------------------------------------------------
# Source and licence


def test_footer_names_source_and_licences(real_data):
    seed_path = real_data.seed_files[SHIPPED]
    meta_file = json.loads(seed_path.with_name(seed_path.stem + ".meta.json").read_text())
    meta = seed_meta_for(real_data, SHIPPED)
    assert meta == load_seed_meta(seed_path)
    footer = source_footer(meta)
    assert meta_file["title"] in footer
    assert meta_file["licence"] in footer
    assert meta_file["data_licence"] in footer
    assert meta_file["date_accessed"] in footer
    assert "<" not in footer


def test_meta_absent_gives_minimal_record(mini_visit: Path):
    meta = load_seed_meta(mini_visit / "seed.txt")
    assert meta == {"file": "seed.txt"}
    footer = source_footer(meta)
    assert "seed.txt" in footer
    assert "licence: not recorded" in footer


def test_meta_invalid_fails_loudly(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="a.meta.json"):
        load_seed_meta(tmp_path / "a.txt")
