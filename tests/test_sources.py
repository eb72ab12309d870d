"""Tests for the source view (dashboard.views.sources, source_article, source_shades, source_tables):
citations, coverage, the article as HTML with its shades and disclosures, the tables as a
reader sees them, findings, and the source and licence footer."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import as_planned

from dashboard.data.loading import load_dataset
from dashboard.data.provenance import normalise, quote_spans
from dashboard.data.schema import FINDING_KIND
from dashboard.model.citations import (
    CITING_TABLES,
    citations,
    coverage,
    finding_flags,
    findings_for,
    kept_ids,
    load_seed_meta,
    seed_meta_for,
    source_footer,
)
from dashboard.model.visit import Visit, select_visit
from dashboard.views.sources import citations_table
from dashboard.views.sources.article import (
    ARTICLE_PAGE_SIZE,
    MARK_ROWS,
    _segments,
    article_html,
    article_page_count,
    article_pieces,
)
from dashboard.views.sources.shades import SHADES, Shade, shade_steps
from dashboard.views.sources.tables import (
    FIELDS,
    PHONE_BUDGET,
    row_fields,
    table_label,
    table_layout,
    table_names,
    table_rows,
    visit_rows,
)

VISIT_ID = "lee-china-2026"


@pytest.fixture(scope="module")
def visit(real_data) -> Visit:
    return as_planned(real_data, VISIT_ID)  # the plan: these test the article view


@pytest.fixture(scope="module")
def cited(visit) -> pd.DataFrame:
    return citations(visit)


class Marks(HTMLParser):
    """Reads article HTML back: the article's text with the rows citing each character, the
    disclosures (each `<details>` and its `<summary>`), the text of each disclosure's list
    of rows, and how disclosures nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, frozenset[str]]] = []
        self.marks: list[dict[str, str]] = []  # the summary's attributes, and the details' id
        self.panels: list[str] = []
        self.first_child: list[str] = []  # the first element inside each <details>
        self.sentence_numbers: list[int] = []
        self.depth = self.max_depth = 0
        self.rows: frozenset[str] = frozenset()
        self.skip = 0  # inside <sup> or <style>
        self.paragraphs = 0
        self.divs: list[str] = []  # classes of the open <div>s
        self.key = ""
        self._details_id = ""
        self._awaiting_child = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._awaiting_child:
            self.first_child.append(tag)
            self._awaiting_child = False
        if tag == "details":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self._details_id = attributes.get("id", "")
            self._awaiting_child = True
        elif tag == "summary":
            self.marks.append({**attributes, "id": self._details_id})
            self.rows = frozenset(attributes["data-rows"].split())
        elif tag in ("sup", "style"):
            self.skip += 1
            if attributes.get("class") == "sentence-number":
                self.sentence_numbers.append(int(attributes["id"].removeprefix("sentence-")))
        elif tag == "div":
            self.divs.append(attributes.get("class", ""))
            if attributes.get("class") == "para":
                self.paragraphs += 1
            elif attributes.get("class") == "cite-rows":
                self.panels.append("")

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1
        elif tag == "summary":
            self.rows = frozenset()
        elif tag in ("sup", "style"):
            self.skip -= 1
        elif tag == "div":
            self.divs.pop()

    def handle_data(self, data):
        if "cite-rows" in self.divs:
            self.panels[-1] += data
        elif "cite-key" in self.divs:
            self.key += data
        elif "para" in self.divs and not self.skip:
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
    assert html_text.count("<details ") == html_text.count("</details>") == len(parsed.marks)
    ids = [m["id"] for m in parsed.marks]
    assert len(set(ids)) == len(ids)
    both = [
        m
        for m in parsed.marks
        if {"events/summit", "issue_cards/north-korea-support"} <= set(m["data-rows"].split())
    ]
    assert both
    assert all(int(m["data-count"]) >= 2 for m in both)


def _tone(mark: dict[str, str]) -> int:
    (tone,) = [int(c[1:]) for c in mark["class"].split() if re.fullmatch(r"t\d", c)]
    return tone


def test_each_mark_is_shaded_by_how_many_rows_cite_it(visit, cited):
    parsed = _parse(article_html(visit, cited))
    counts = [int(m["data-count"]) for m in parsed.marks]
    assert counts == [len(m["data-rows"].split()) for m in parsed.marks]  # all named here
    # More citing rows never give a lighter shade, and the shades in use are told apart.
    by_count = sorted(set(zip(counts, (_tone(m) for m in parsed.marks), strict=True)))
    tones = [tone for _, tone in by_count]
    assert tones == sorted(tones) and len(set(tones)) >= 3
    # The key names every shade in use, in words: the shipped article, 1 to 8 rows a span.
    assert parsed.key == (
        "Shade: how many of the data’s rows cite the text:1 row2 rows3 rows4–8 rowsnot cited"
    )
    assert {_tone(m) for m in parsed.marks if int(m["data-count"]) == 1} == {1}
    assert {_tone(m) for m in parsed.marks if int(m["data-count"]) >= 4} == {SHADES}


def test_each_mark_is_a_disclosure_a_keyboard_opens(visit, cited):
    """`<details>` with its `<summary>` first: Tab reaches the summary, Enter or Space (or a
    click or tap) opens it, with no script; screen readers announce it as expandable."""
    html_text = article_html(visit, cited)
    parsed = _parse(html_text)
    assert parsed.first_child == ["summary"] * len(parsed.marks)
    assert "<script" not in html_text and "onclick" not in html_text
    assert 'tabindex="-1"' not in html_text  # nothing takes a summary out of the Tab order
    assert all(m["class"] and m["title"].startswith("Cited by: ") for m in parsed.marks)
    assert len(parsed.panels) == len(parsed.marks)


def test_a_disclosure_lists_the_citing_rows_with_table_title_and_span(visit, cited):
    parsed = _parse(article_html(visit, cited))
    summit = visit.events.set_index("id").loc["summit"]
    (first, second) = quote_spans(str(summit["quote"]))
    panels = [
        panel
        for mark, panel in zip(parsed.marks, parsed.panels, strict=True)
        if "events/summit" in mark["data-rows"].split()
    ]
    assert panels
    for panel in panels:
        count = re.match(r"Cited by (\d+) rows?:", panel)
        assert count, panel
        assert f"Event: {summit['title']} — " in panel
        assert first in panel or second in panel  # the span that covers this piece
    with_card = [p for p in panels if "Issue card: China's support on North Korea" in p]
    assert with_card and all(second in p for p in with_card)


def test_only_what_the_filters_keep_is_highlighted(visit, cited):
    events = visit.events[visit.events["id"].isin(["summit", "departure"])]
    cards = visit.issue_cards[visit.issue_cards["id"] == "economic-cooperation"]
    kept = kept_ids(events, cards)
    assert kept == {"events/summit", "events/departure", "issue_cards/economic-cooperation"}
    parsed = _parse(article_html(visit, cited, only=kept))
    assert parsed.marks
    for mark, panel in zip(parsed.marks, parsed.panels, strict=True):
        rows = set(mark["data-rows"].split())
        assert rows and rows <= kept, rows  # only kept rows are named
        assert int(mark["data-count"]) == len(rows)
        assert "the filters keep" in panel
    # Every character a kept row cites is highlighted, and nothing else.
    rows_at = parsed.rows_at()
    plain = _plain_offset(visit.seed_text)
    kept_spans = cited[cited["key"].isin(kept)]
    covered = {
        plain[o]
        for row in kept_spans.itertuples()
        for o in range(row.start, row.end)
        if visit.seed_text[o] != "\n"
    }
    assert {i for i, rows in enumerate(rows_at) if rows} == covered
    # A piece that rows the filters leave out cite too says how many.
    assert any("other row" in p and "leave out" in p for p in parsed.panels)
    assert parsed.key.startswith("Shade: how many of the rows the filters keep cite the text:")
    # Bare ids work too; keeping nothing highlights nothing.
    assert _parse(article_html(visit, cited, only={"summit"})).marks
    none = _parse(article_html(visit, cited, only=frozenset()))
    assert none.marks == [] and none.text == parsed.text


def test_shade_steps_give_each_count_its_own_shade_when_there_are_few():
    assert shade_steps({}) == ()
    assert shade_steps({1: 50}) == (Shade(2, 1, 1),)
    assert shade_steps({1: 10, 3: 10}) == (Shade(1, 1, 1), Shade(4, 3, 3))
    assert [s.words for s in shade_steps({1: 5, 2: 5, 3: 5, 4: 5})] == [
        "1 row",
        "2 rows",
        "3 rows",
        "4 rows",
    ]
    assert [s.tone for s in shade_steps({1: 5, 2: 5, 3: 5})] == [1, 2, 4]  # spread apart


def test_shade_steps_group_many_counts_into_even_shares_of_text():
    # Text cited by 1 to 8 rows, most of it by 2 or 3 (as in an article quoted densely).
    shades = shade_steps({1: 294, 2: 888, 3: 822, 4: 370, 5: 125, 6: 52, 7: 12, 8: 19})
    assert [(s.low, s.high) for s in shades] == [(1, 1), (2, 2), (3, 3), (4, 8)]
    assert [s.tone for s in shades] == [1, 2, 3, 4]
    assert shades[-1].words == "4–8 rows"
    # A tracker whose rows cite each span hundreds of times: still four shades, in order.
    many = shade_steps({n: 10 for n in range(1, 2001)})
    assert len(many) == SHADES
    assert many[0].low == 1 and many[-1].high == 2000
    assert all(a.high + 1 == b.low for a, b in zip(many, many[1:], strict=False))
    assert many[-1].words == f"{many[-1].low:,}–2,000 rows"
    sizes = [sum(10 for _ in range(s.low, s.high + 1)) for s in many]
    assert max(sizes) - min(sizes) <= 20  # about as much text in each


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
    assert html_text.count("<b>") == html_text.count("</b>")  # only the table names are bold
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


def test_the_findings_table_comes_contradictions_first_with_names_for_ids(real_data, visit):
    table = table_rows(real_data.tables, visit, "findings")
    assert len(table) == len(visit.findings)
    assert table.iloc[0]["kind"] == "contradiction"
    ranks = [FINDING_KIND.index(k) for k in table["kind"]]
    assert ranks == sorted(ranks)
    row = table.set_index("id").loc["date-weekday-conflict"]
    assert row["Affects"] == (
        "President Lee Jae Myung's state visit to China, Departure for Beijing, Seoul → Beijing"
    )


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
    assert list(table.columns) == ["sentence", "row", "span", "key"]
    assert len(table) == len(cited)
    assert list(table["span"]) == list(cited["span"])
    summit = table[table["key"] == "events/summit"]
    assert set(summit["row"]) == {"Event: Summit talks with President Xi Jinping"}
    layout = table_layout("citations", list(table.columns), len(table))
    assert layout.order == ("sentence", "row", "span")  # the key only when asked for
    assert [layout.config[c]["label"] for c in layout.order] == ["Sentence", "Row", "Quoted span"]
    assert not layout.more  # every field is in the grid: nothing to select


@pytest.mark.parametrize("name", ["visits", "events", "places", "findings"])
def test_visit_rows_keep_only_the_visits_rows(real_data, visit, name):
    rows = visit_rows(real_data.tables, name, VISIT_ID)
    key = "visit_id" if "visit_id" in rows.columns else "id"
    assert len(rows) > 0 and set(rows[key]) == {VISIT_ID}
    assert visit_rows(real_data.tables, name, "another-visit").empty


def test_a_span_cited_by_many_rows_names_the_first_and_counts_the_rest(visit, cited):
    summit = cited[cited["key"] == "events/summit"].iloc[[0]]
    many = pd.concat([summit] * 30, ignore_index=True)
    many["row_id"] = [f"copy-{i}" for i in range(30)]
    many["key"] = [f"events/copy-{i}" for i in range(30)]
    crowded_cited = pd.concat([cited, many], ignore_index=True)
    parsed = _parse(article_html(visit, crowded_cited))
    crowded = [
        (m, p)
        for m, p in zip(parsed.marks, parsed.panels, strict=True)
        if "events/copy-0" in m["data-rows"].split()
    ]
    assert crowded
    for mark, panel in crowded:
        named = mark["data-rows"].split()
        assert len(named) == MARK_ROWS
        total = len(named) + int(re.search(r"and ([\d,]+) more rows", mark["title"])[1])
        assert total == int(mark["data-count"]) >= 31  # the thirty copies and the summit
        assert (
            panel.count("Event: ") + panel.count("Person: ") + panel.count("Visit: ")
            <= MARK_ROWS + 1
        )
        assert f"… and {total - MARK_ROWS:,} more" in panel
    # The darkest shade goes to the crowded span, and the filter still sees every row.
    assert {_tone(m) for m, _ in crowded} == {SHADES}
    kept = _parse(article_html(visit, crowded_cited, only={"copy-29"}))
    assert kept.marks and all(m["data-rows"] == "events/copy-29" for m in kept.marks)


def test_a_long_article_is_drawn_a_page_of_paragraphs_at_a_time(visit, cited):
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


# ---------------------------------------------------------------------------------------
# The tables as a reader sees them

#: Columns that hold ids: of the row itself, or of rows it refers to.
ID_COLUMNS = {
    "id",
    "visit_id",
    "place_id",
    "city_id",
    "participants",
    "topics",
    "topic",
    "related_events",
    "affects",
    "card_id",
    "from_place",
    "to_place",
    "seed",
}
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module", params=["shipped", "mini_visit", "sparse_visit"])
def any_visit(request, real_data) -> tuple:
    """(dataset, visit) for the shipped data and both fixtures."""
    if request.param == "shipped":
        return real_data, select_visit(real_data, VISIT_ID)
    dataset = load_dataset(FIXTURES / request.param)
    return dataset, select_visit(dataset, str(dataset.visits["id"].iloc[0]))


def test_the_tables_open_on_the_events(real_data):
    names = table_names(list(real_data.tables))
    assert names[0] == "events"
    assert sorted(names) == sorted(real_data.tables)
    assert [table_label(n) for n in names[:2]] == ["Events", "Issue cards"]
    assert table_label("some_new_table") == "Some new table"


def test_every_table_shows_readable_columns_and_no_ids_unless_asked(any_visit):
    dataset, visit = any_visit
    for name in table_names(list(dataset.tables)):
        rows = table_rows(dataset.tables, visit, name)
        layout = table_layout(name, list(rows.columns), len(rows))
        assert layout.order, name
        assert not set(layout.order) & ID_COLUMNS, (name, layout.order)
        labels = [layout.config[c]["label"] for c in layout.order]
        assert all(label[0].isupper() and "_" not in label for label in labels), labels
        # The widths fit a phone's column; the grid shares out the rest on a wider screen.
        assert sum(layout.config[c]["width"] for c in layout.order) <= PHONE_BUDGET, name
        everything = table_layout(name, list(rows.columns), len(rows), everything=True)
        loaded = list(dataset.tables[name].columns)
        assert list(everything.order) == loaded and "id" in everything.order
        assert everything.config == {}  # the columns' own names, as in the CSV


def test_the_events_table_names_places_and_dates_in_words(real_data, visit):
    rows = table_rows(real_data.tables, visit, "events")
    layout = table_layout("events", list(rows.columns), len(rows))
    assert [layout.config[c]["label"] for c in layout.order] == ["Title", "Date", "Place", "Status"]
    summit = rows.set_index("id").loc["summit", list(layout.order)]
    assert list(summit) == [
        "Summit talks with President Xi Jinping",
        "Mon 5 Jan 2026",
        "Great Hall of the People, Beijing",
        "scheduled",
    ]
    assert layout.more and layout.row_height > 64  # wraps (Streamlit wraps above 4rem)
    # The rows keep every loaded column (the link between a row and its CSV line).
    assert list(rows.columns[: len(real_data.tables["events"].columns)]) == list(
        real_data.tables["events"].columns
    )


def test_a_row_in_full_has_every_readable_field_and_no_ids(real_data, visit):
    rows = table_rows(real_data.tables, visit, "events")
    position = int(rows.index[rows["id"] == "summit"][0])
    fields = dict(row_fields("events", rows, position))
    assert fields["Title"] == "Summit talks with President Xi Jinping"
    assert fields["People"] == "Lee Jae Myung, Xi Jinping"
    assert fields["Topics"].startswith("Diplomacy and summitry")
    assert fields["Background"] == "no"
    assert normalise(quote_spans(fields["Quote"])[0]) in normalise(visit.seed_text)
    assert not set(fields) & {f.column for f in FIELDS["events"] if f.column in ID_COLUMNS}


def test_the_fixtures_article_and_tables_draw(any_visit):
    dataset, visit = any_visit
    cited = citations(visit)
    parsed = _parse(article_html(visit, cited))
    assert parsed.marks and len(parsed.panels) == len(parsed.marks)
    assert parsed.key.startswith("Shade: how many of the data’s rows cite the text:")
    kept = kept_ids(visit.events, visit.issue_cards)
    for mark in _parse(article_html(visit, cited, only=kept)).marks:
        assert set(mark["data-rows"].split()) <= kept


# ---------------------------------------------------------------------------------------
# The page (AppTest): what reaches the reader's screen

ROOT = Path(__file__).resolve().parents[1]


def _sources_page(params: dict | None = None, state: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # The shipped visit by id: another visit folder beside it may sort first.
    for name, values in {"visit": [VISIT_ID], **(params or {})}.items():
        at.query_params[name] = values
    at.run()
    at.switch_page("pages/sources.py")
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _grid(element) -> tuple[list[str], list[str]]:
    """(the columns a grid shows, their headers) as sent to the browser."""
    config = json.loads(element.proto.columns or "{}")
    order = list(element.proto.column_order)
    return order, [config.get(c, {}).get("label", c) for c in order]


def test_the_tables_tab_opens_on_the_events_with_readable_headers():
    at = _sources_page(state={"sources_tab": "Data"})
    assert at.selectbox(key="table_choice").value == "events"
    (grid,) = at.dataframe
    order, headers = _grid(grid)
    assert headers == ["Title", "Date", "Place", "Status"]
    assert "id" not in order
    at.toggle(key="tables_all_columns").set_value(True).run()
    order, headers = _grid(at.dataframe[0])
    assert order[:3] == ["id", "visit_id", "title"] and headers == order


def test_the_findings_tab_shows_no_ids_by_default():
    at = _sources_page(state={"sources_tab": "Findings"})
    order, headers = _grid(at.dataframe[0])
    assert headers == ["Kind", "The article says", "Resolved as"]
    assert at.dataframe[0].value["kind"].iloc[0] == "contradiction"
    assert [t.label for t in at.toggle] == ["Show ids and all columns"]


def test_the_toggle_highlights_only_what_the_filters_keep():
    at = _sources_page({"day": ["2026-01-05"]})
    every = _parse("\n".join(el.proto.body for el in at.get("html")))
    at.toggle(key="sources_kept_only").set_value(True).run()
    kept = _parse("\n".join(el.proto.body for el in at.get("html")))
    assert 0 < len(kept.marks) < len(every.marks)
    named = {k for m in kept.marks for k in m["data-rows"].split()}
    assert named and all(k.split("/")[0] in ("events", "issue_cards") for k in named)
    assert "events/summit" in named and "events/departure" not in named  # Monday's, not Sunday's
    assert any(
        "Highlighting the text quoted by the" in c.value and "the filters keep" in c.value
        for c in at.caption
    )


def test_the_toggle_says_so_when_the_filters_keep_nothing():
    at = _sources_page({"q": ["no such words anywhere"]}, {"sources_kept_only": True})
    assert [i.value for i in at.info] == [
        "The filters keep no event or issue card, so nothing is highlighted."
    ]
    article = _parse("\n".join(el.proto.body for el in at.get("html")))
    assert article.marks == [] and article.sentence_numbers  # the text is still there
