"""Tests for the source view (dashboard.sources): citations, coverage, the article as HTML,
findings, and the source and licence footer."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from dashboard.model import Visit, select_visit
from dashboard.provenance import normalise, quote_spans
from dashboard.schema import FINDING_KIND
from dashboard.sources import (
    CITING_TABLES,
    article_html,
    citations,
    citations_table,
    coverage,
    finding_flags,
    findings_for,
    findings_table,
    load_seed_meta,
    seed_meta_for,
    source_footer,
    visit_rows,
)

VISIT_ID = "lee-china-2026"


@pytest.fixture(scope="module")
def visit(real_data) -> Visit:
    return select_visit(real_data, VISIT_ID)


@pytest.fixture(scope="module")
def cited(visit) -> pd.DataFrame:
    return citations(visit)


class Marks(HTMLParser):
    """Reads article HTML back: text with the rows citing each character, mark nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, frozenset[str]]] = []
        self.marks: list[dict[str, str]] = []
        self.sentence_numbers: list[int] = []
        self.depth = self.max_depth = 0
        self.rows: frozenset[str] = frozenset()
        self.skip = 0  # inside <sup> or <style>
        self.paragraphs = 0
        self.in_paragraph = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "mark":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self.marks.append(attributes)
            self.rows = frozenset(attributes["data-rows"].split())
        elif tag in ("sup", "style"):
            self.skip += 1
            if attributes.get("class") == "sentence-number":
                self.sentence_numbers.append(int(attributes["id"].removeprefix("sentence-")))
        elif tag == "p":
            self.paragraphs += 1
            self.in_paragraph = True

    def handle_endtag(self, tag):
        if tag == "mark":
            self.depth -= 1
            self.rows = frozenset()
        elif tag in ("sup", "style"):
            self.skip -= 1
        elif tag == "p":
            self.in_paragraph = False

    def handle_data(self, data):
        if self.in_paragraph and not self.skip:
            self.chunks.append((data, self.rows))

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.chunks)

    def rows_at(self) -> list[frozenset[str]]:
        return [rows for text, rows in self.chunks for _ in text]


def _parse(html_text: str) -> Marks:
    parser = Marks()
    parser.feed(html_text)
    parser.close()
    return parser


def _plain_offset(seed_text: str) -> list[int]:
    """Seed offset -> offset in the HTML's text (paragraph breaks are not text there)."""
    mapping, removed = [], 0
    for ch in seed_text:
        mapping.append(len(mapping) - removed)
        removed += ch == "\n"
    return mapping


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
    assert (cited["key"] == f"visits/{VISIT_ID}").sum() == 3


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
# Article HTML


def test_article_has_every_sentence_number_and_all_the_text(visit, cited):
    parsed = _parse(article_html(visit, cited))
    assert parsed.sentence_numbers == list(range(1, 15))
    paragraphs = [p for p in visit.seed_text.split("\n") if p.strip()]
    assert parsed.paragraphs == len(paragraphs)
    assert parsed.text == "".join(paragraphs)


def test_every_span_is_marked_with_its_rows(visit, cited):
    parsed = _parse(article_html(visit, cited))
    rows_at = parsed.rows_at()
    plain = _plain_offset(visit.seed_text)
    for row in cited.itertuples():
        for offset in range(row.start, row.end):
            if visit.seed_text[offset] != "\n":
                assert row.key in rows_at[plain[offset]], (row.key, offset)
    # and no character is marked for a row that does not cite it
    by_key = {k: list(zip(g["start"], g["end"], strict=True)) for k, g in cited.groupby("key")}
    for seed_offset, plain_offset in enumerate(plain):
        if visit.seed_text[seed_offset] == "\n":
            continue
        for key in rows_at[plain_offset]:
            assert any(s <= seed_offset < e for s, e in by_key[key])


def test_summit_quote_spans_are_marked(visit, cited):
    parsed = _parse(article_html(visit, cited))
    marked = "".join(text for text, rows in parsed.chunks if "events/summit" in rows)
    for span in quote_spans(str(visit.events.set_index("id").at["summit", "quote"])):
        assert normalise(span) in normalise(marked)
    titles = [m["title"] for m in parsed.marks if "events/summit" in m["data-rows"]]
    assert titles and all(t.startswith("Cited by: ") and "events/summit" in t for t in titles)


def test_overlapping_spans_make_one_flat_mark_listing_all_rows(visit, cited):
    summit = cited[cited["key"] == "events/summit"].iloc[1]
    card = cited[cited["key"] == "issue_cards/north-korea-support"].iloc[0]
    assert card.start < summit.end and summit.start < card.end  # they overlap
    html_text = article_html(visit, cited)
    parsed = _parse(html_text)
    assert parsed.max_depth == 1
    assert parsed.depth == 0
    assert html_text.count("<mark ") == html_text.count("</mark>") == len(parsed.marks)
    ids = [m["id"] for m in parsed.marks]
    assert len(set(ids)) == len(ids)
    both = [
        m
        for m in parsed.marks
        if {"events/summit", "issue_cards/north-korea-support"} <= set(m["data-rows"].split())
    ]
    assert both
    assert all("multi" in m["class"].split() for m in both)


def test_highlight_marks_rows_in_view(visit, cited):
    parsed = _parse(article_html(visit, cited, highlight_ids={"summit"}))
    for mark in parsed.marks:
        strong = "strong" in mark["class"].split()
        assert strong == ("events/summit" in mark["data-rows"].split())
    by_key = _parse(article_html(visit, cited, highlight_ids={"events/summit"}))
    assert [m["class"] for m in by_key.marks] == [m["class"] for m in parsed.marks]
    plain = _parse(article_html(visit, cited))
    assert not any("strong" in m["class"].split() for m in plain.marks)


def test_article_html_escapes_text_and_ids(visit):
    attack = "<script>alert(1)</script> & \"x\" <b onmouseover='y'>"
    injected = dataclasses.replace(visit, seed_text=attack + "\n" + visit.seed_text)
    cited = citations(injected)
    assert not cited["start"].isna().any()
    fake = pd.DataFrame(
        [
            {
                "table": "events",
                "row_id": '"><script>alert(2)</script>',
                "key": 'events/"><script>alert(2)</script>',
                "span_number": 1,
                "span": attack,
                "start": 0,
                "end": len(attack),
                "sentence": 1,
                "last_sentence": 1,
                "paragraph": 1,
            }
        ]
    ).astype(cited.dtypes.to_dict())
    html_text = article_html(injected, pd.concat([cited, fake], ignore_index=True))
    assert "<script" not in html_text.lower()
    assert "<b " not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    parsed = _parse(html_text)
    assert parsed.text.startswith(attack)
    assert any("alert(2)" in m["data-rows"] for m in parsed.marks)
    assert parsed.sentence_numbers == list(range(1, len(parsed.sentence_numbers) + 1))


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
    assert flags[VISIT_ID] == ["date-weekday-conflict", "written-on-departure-day"]
    assert "mou-signing-unplaced" in flags["economic-cooperation"]
    for row_id, finding_ids in flags.items():
        assert list(findings_for(visit, row_id)["id"]) == finding_ids


def test_findings_table_contradictions_first(visit):
    table = findings_table(visit)
    assert list(table.columns[:6]) == ["id", "kind", "says", "resolved", "why", "affects"]
    assert len(table) == len(visit.findings)
    assert table.iloc[0]["kind"] == "contradiction"
    ranks = [FINDING_KIND.index(k) for k in table["kind"]]
    assert ranks == sorted(ranks)
    row = table.set_index("id").loc["date-weekday-conflict"]
    assert row["affects"] == "lee-china-2026, departure, seoul-beijing"
    assert all(isinstance(v, str) for v in table.to_numpy().ravel())


# ---------------------------------------------------------------------------------------
# Source and licence


def test_footer_names_source_and_licences(real_data):
    seed_path = real_data.seed_files[VISIT_ID]
    meta_file = json.loads(seed_path.with_name(seed_path.stem + ".meta.json").read_text())
    meta = seed_meta_for(real_data, VISIT_ID)
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


def test_the_citations_table_names_each_sentence_row_and_span(visit, cited):
    table = citations_table(visit)
    assert list(table.columns) == ["Sentence", "Row (table/id)", "Quoted span"]
    assert len(table) == len(cited)
    assert list(table["Quoted span"]) == list(cited["span"])


@pytest.mark.parametrize("name", ["visits", "events", "places", "findings"])
def test_visit_rows_keep_only_the_visits_rows(real_data, visit, name):
    rows = visit_rows(real_data.tables, name, VISIT_ID)
    key = "visit_id" if "visit_id" in rows.columns else "id"
    assert len(rows) > 0 and set(rows[key]) == {VISIT_ID}
    assert visit_rows(real_data.tables, name, "another-visit").empty


def test_a_span_cited_by_many_rows_names_the_first_and_counts_the_rest(visit, cited):
    from dashboard.sources import MARK_ROWS

    summit = cited[cited["key"] == "events/summit"].iloc[[0]]
    many = pd.concat([summit] * 30, ignore_index=True)
    many["row_id"] = [f"copy-{i}" for i in range(30)]
    many["key"] = [f"events/copy-{i}" for i in range(30)]
    parsed = _parse(article_html(visit, pd.concat([cited, many], ignore_index=True)))
    crowded = [m for m in parsed.marks if "events/copy-0" in m["data-rows"].split()]
    assert crowded
    for mark in crowded:
        named = mark["data-rows"].split()
        assert len(named) == MARK_ROWS
        total = len(named) + int(re.search(r"and ([\d,]+) more rows", mark["title"])[1])
        assert total >= 31  # the thirty copies and the summit itself
    # Highlighting still sees every citing row, named or not.
    strong = _parse(
        article_html(visit, pd.concat([cited, many], ignore_index=True), highlight_ids={"copy-29"})
    )
    assert any("strong" in m["class"] for m in strong.marks)


def test_a_long_article_is_drawn_a_page_of_paragraphs_at_a_time(visit, cited):
    from dashboard.sources import ARTICLE_PAGE_SIZE, article_page_count, article_pieces

    # The real article after 100 paragraphs of filler: its marks come on the last page.
    filler = "\n".join(f"Filler paragraph {i}." for i in range(100))
    long = dataclasses.replace(visit, seed_text=filler + "\n" + visit.seed_text)
    long_cited = citations(long)
    pieces = article_pieces(long, long_cited)
    pages = article_page_count(pieces)
    assert pages == -(-len(pieces) // ARTICLE_PAGE_SIZE) and pages >= 3
    second = _parse(article_html(long, long_cited, pieces=pieces, page=2))
    assert second.text.startswith(f"Filler paragraph {ARTICLE_PAGE_SIZE}.")
    assert f"Filler paragraph {2 * ARTICLE_PAGE_SIZE}." not in second.text
    whole = _parse(article_html(long, long_cited, pieces=pieces))
    last = _parse(article_html(long, long_cited, pieces=pieces, page=pages))
    # Marks keep their numbers from the whole article, whichever page shows them.
    assert [m["id"] for m in last.marks] == [m["id"] for m in whole.marks][-len(last.marks) :]
    assert article_page_count(article_pieces(visit, cited)) == 1  # the real article: one page


def test_segments_match_a_character_by_character_reading():
    """The sweep gives, for every character, exactly the rows whose spans cover it."""
    import random

    from dashboard.sources import _segments

    rng = random.Random(7)
    for _ in range(200):
        start, end = rng.randint(0, 20), rng.randint(25, 80)
        spans = []
        for i in range(rng.randint(0, 12)):
            s = rng.randint(0, 90)
            spans.append((s, s + rng.randint(1, 30), f"k{rng.randint(0, 6)}-{i % 3}"))
        expected: list[tuple[int, int, tuple[str, ...]]] = []
        for at in range(start, end):
            keys = tuple(dict.fromkeys(k for s, e, k in spans if s <= at < e))
            if expected and expected[-1][2] == keys:
                expected[-1] = (expected[-1][0], at + 1, keys)
            else:
                expected.append((at, at + 1, keys))
        assert _segments(start, end, spans) == expected, spans
