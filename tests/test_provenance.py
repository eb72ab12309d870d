"""Every row of data/ rests on the article: the seed is intact, quoted verbatim and fully cited."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import provenance
from dashboard.data.loading import load_dataset
from dashboard.data.provenance import (
    cited_sentences,
    missing_spans,
    normalise,
    quote_spans,
    sentences,
    span_offsets,
)
from dashboard.data.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "lee-jae-myung-china-state-visit-2026.txt"
META = ROOT / "seeds" / "lee-jae-myung-china-state-visit-2026.meta.json"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_a247b40235607411.txt"
VISIT = "lee-china-2026"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def quote_rows(dataset) -> list[tuple[str, str, str]]:
    """(table, row id, quote cell) for every row of every table that has a quote."""
    rows = []
    for name, frame in dataset.tables.items():
        if "quote" in frame.columns:
            rows.extend((name, str(r["id"]), str(r["quote"])) for _, r in frame.iterrows())
    return rows


# ---------------------------------------------------------------------------------------
# (a) the seed copy is the article, byte for byte


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
    assert real_data.seed_files[VISIT] == SEED.resolve()


# ---------------------------------------------------------------------------------------
# (b) every quote is in the article


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
    assert VISIT in set(dataset.visits["id"])
    missing = []
    for name, frame in dataset.tables.items():
        if "quote" not in frame:  # the reports' tables cite the reports, not the article
            continue
        key = "id" if name == "visits" else "visit_id"
        for _, row in frame.iterrows():
            seed = dataset.seeds[str(row[key])]
            missing += [(name, row[key], row["id"], s) for s in missing_spans(str(row["quote"]), seed)]  # fmt: skip
    assert missing == []


def test_matcher_rejects_a_changed_word(seed_text):
    exact = "departed for Beijing on Sunday, January 5, 2026"
    assert missing_spans(exact, seed_text) == []
    changed = "departed for Beijing on Monday, January 5, 2026"
    assert missing_spans(changed, seed_text) == [changed]
    assert missing_spans("departed for Beijing on Sunday January 5, 2026", seed_text) != []
    assert missing_spans("Departed for Beijing", seed_text) == ["Departed for Beijing"]


def test_matcher_accepts_quote_mark_style_and_whitespace(seed_text):
    assert '"One China"' in seed_text
    curly = "respect for the \u201cOne China\u201d policy remains unchanged"
    straight = 'respect for the "One China" policy remains unchanged'
    spaced = 'respect  for the\n"One   China"\tpolicy remains unchanged'
    for quote in (curly, straight, spaced):
        assert missing_spans(quote, seed_text) == [], quote
    assert missing_spans("Kim Gu\u2019s birth", seed_text) == []
    # ...but a quote mark is not a letter, and a missing space is not whitespace.
    assert missing_spans("respect for the One China policy", seed_text) != []
    assert missing_spans("respectfor the", seed_text) != []


def test_matcher_checks_each_span_of_a_quote(seed_text):
    quote = "return home on Wednesday | return home on Thursday |  | "
    assert quote_spans(quote) == ["return home on Wednesday", "return home on Thursday"]
    assert missing_spans(quote, seed_text) == ["return home on Thursday"]


def test_span_offsets_point_into_the_original_text(seed_text):
    found = span_offsets("the  \u201cOne China\u201d policy", seed_text)
    assert found is not None
    start, end = found
    assert seed_text[start:end] == 'the "One China" policy'
    assert normalise("  a \u2018b\u2019\n c ") == "a 'b' c"


# ---------------------------------------------------------------------------------------
# (c) sentence coverage


def test_article_has_14_sentences(seed_text):
    found = sentences(seed_text)
    assert [s.number for s in found] == list(range(1, 15))
    assert [s.paragraph for s in found] == [1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]
    for sentence in found:
        assert seed_text[sentence.start : sentence.end] == sentence.text
    assert found[0].text.startswith("President Lee Jae Myung has departed")
    assert found[-1].text.startswith("The visit underscores")
    assert found[-1].text.endswith("while upholding its U.S. alliance.")


def test_us_thaad_does_not_split_a_sentence(seed_text):
    thaad = [s for s in sentences(seed_text) if "U.S. THAAD" in s.text]
    assert len(thaad) == 1
    assert thaad[0].text.startswith("Cultural exchanges are also on the agenda")
    assert thaad[0].text.endswith("missile defense system.")
    assert not any(
        s.text.strip() == "THAAD" or s.text.startswith("THAAD") for s in sentences(seed_text)
    )


def test_every_sentence_is_cited_by_at_least_one_row(real_data, seed_text, capsys):
    quotes = [quote for _, _, quote in quote_rows(real_data)]
    cited = cited_sentences(quotes, seed_text)
    total = len(sentences(seed_text))
    with capsys.disabled():
        print(f"\nsentence coverage: {len(cited)}/{total}")
    uncited = [s.text for s in sentences(seed_text) if s.number not in cited]
    assert uncited == []
    assert f"{len(cited)}/{total}" == "14/14"


def test_coverage_drops_when_a_sentence_is_not_cited(seed_text):
    quotes = ["President Lee Jae Myung has departed", "while upholding its U.S. alliance"]
    assert cited_sentences(quotes, seed_text) == {1, 14}
    assert cited_sentences(["not in the article"], seed_text) == set()


# ---------------------------------------------------------------------------------------
# (d) reference and inferred rows say why


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
# (e) events lie within their visit, or are background


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
# (f) findings


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
    assert {"departure", "seoul-beijing", VISIT} <= set(finding["affects"])
    assert "Monday" in finding["why"]


def test_spans_found_agrees_with_a_search_per_span():
    """The one-pass search finds exactly the spans a substring search finds: spans inside
    others, sharing a start, longer than the automaton's key, repeated, and absent ones."""
    from dashboard.data.provenance import normalise_many, spans_found

    article = normalise(
        "The president said: “We will deepen ties.” He left for Shanghai on Monday."
    )
    spans = [
        "The president",
        "president said",
        'The president said: "We will deepen ties."',  # longer than the key, shares a start
        "The president sang",  # shares the start, absent
        "Shanghai on Monday.",
        "Shanghai on Tuesday.",
        "ties",
        "ties",
        "He left  for\nShanghai",  # whitespace differs
        "not in the article at all",
    ]
    normalised = normalise_many(spans)
    assert normalised == [normalise(s) for s in spans]
    expected = {s for s in normalised if s in article}
    assert spans_found(normalised, article) == expected
    assert "The president sang" not in expected and "ties" in expected
    assert spans_found([], article) == set() and spans_found(normalised, "") == set()


def test_normalise_many_keeps_a_text_that_holds_the_joiner():
    from dashboard.data.provenance import normalise_many

    texts = ["a\x00b  c", " d\u201ce\u201d "]
    assert normalise_many(texts) == [normalise(t) for t in texts]


def test_normalise_collapses_exactly_what_a_regular_expression_calls_whitespace():
    """`normalise` splits with `str.split()`: the same characters as `\\s`, at every code
    point, so a quote matches the article as it did with the regular expression."""
    import re
    import sys

    space = re.compile(r"\s")
    points = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    differ = [c for c in points if bool(space.fullmatch(c)) != c.isspace()]
    assert differ == []
    text = "\u2003 “Ports”\u00a0are\n\tbridges,\u2028 ‘said’ \x1f he. "
    expected = re.sub(r"\s+", " ", text.translate(provenance._QUOTE_MARKS)).strip()
    assert normalise(text) == expected == "\"Ports\" are bridges, 'said' he."
    assert provenance.normalise_many([text, " a  b "]) == [expected, "a b"]
