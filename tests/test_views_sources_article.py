"""The article as HTML (`views.sources.article`): every sentence numbered, every cited
span a disclosure that names its rows, shaded by how many cite it; only what the filters
keep highlighted when asked; text and ids escaped; a long article a page at a time."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
from article_marks import parse, text_offsets, tone

from dashboard.data.provenance import normalise, quote_spans
from dashboard.model.citations import citations, kept_ids
from dashboard.views.sources.article import (
    ARTICLE_PAGE_SIZE,
    MARK_ROWS,
    _segments,
    article_html,
    article_page_count,
    article_pieces,
)
from dashboard.views.sources.shades import SHADES

# ---------------------------------------------------------------------------------------
# Article HTML


def test_article_has_every_sentence_number_and_all_the_text(visit, cited):
    parsed = parse(article_html(visit, cited))
    assert parsed.sentence_numbers == list(range(1, 15))
    paragraphs = [p for p in visit.seed_text.split("\n") if p.strip()]
    assert parsed.paragraphs == len(paragraphs)
    assert parsed.text == "".join(paragraphs)


def test_every_span_is_marked_with_its_rows(visit, cited):
    parsed = parse(article_html(visit, cited))
    rows_at = parsed.rows_at()
    plain = text_offsets(visit.seed_text)
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
    parsed = parse(article_html(visit, cited))
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
    parsed = parse(html_text)
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


def test_each_mark_is_shaded_by_how_many_rows_cite_it(visit, cited):
    parsed = parse(article_html(visit, cited))
    counts = [int(m["data-count"]) for m in parsed.marks]
    assert counts == [len(m["data-rows"].split()) for m in parsed.marks]  # all named here
    # More citing rows never give a lighter shade, and the shades in use are told apart.
    by_count = sorted(set(zip(counts, (tone(m) for m in parsed.marks), strict=True)))
    tones = [tone for _, tone in by_count]
    assert tones == sorted(tones) and len(set(tones)) >= 3
    # The key names every shade in use, in words: the shipped article, 1 to 8 rows a span.
    assert parsed.key == (
        "Shade: how many of the data’s rows cite the text:1 row2 rows3 rows4–8 rowsnot cited"
    )
    assert {tone(m) for m in parsed.marks if int(m["data-count"]) == 1} == {1}
    assert {tone(m) for m in parsed.marks if int(m["data-count"]) >= 4} == {SHADES}


def test_each_mark_is_a_disclosure_a_keyboard_opens(visit, cited):
    """`<details>` with its `<summary>` first: Tab reaches the summary, Enter or Space (or a
    click or tap) opens it, with no script; screen readers announce it as expandable."""
    html_text = article_html(visit, cited)
    parsed = parse(html_text)
    assert parsed.first_child == ["summary"] * len(parsed.marks)
    assert "<script" not in html_text and "onclick" not in html_text
    assert 'tabindex="-1"' not in html_text  # nothing takes a summary out of the Tab order
    assert all(m["class"] and m["title"].startswith("Cited by: ") for m in parsed.marks)
    assert len(parsed.panels) == len(parsed.marks)


def test_a_disclosure_lists_the_citing_rows_with_table_title_and_span(visit, cited):
    parsed = parse(article_html(visit, cited))
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
    parsed = parse(article_html(visit, cited, only=kept))
    assert parsed.marks
    for mark, panel in zip(parsed.marks, parsed.panels, strict=True):
        rows = set(mark["data-rows"].split())
        assert rows and rows <= kept, rows  # only kept rows are named
        assert int(mark["data-count"]) == len(rows)
        assert "the filters keep" in panel
    # Every character a kept row cites is highlighted, and nothing else.
    rows_at = parsed.rows_at()
    plain = text_offsets(visit.seed_text)
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
    assert parse(article_html(visit, cited, only={"summit"})).marks
    none = parse(article_html(visit, cited, only=frozenset()))
    assert none.marks == [] and none.text == parsed.text


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
    parsed = parse(html_text)
    assert parsed.text.startswith(attack)
    assert any("alert(2)" in m["data-rows"] for m in parsed.marks)
    assert parsed.sentence_numbers == list(range(1, len(parsed.sentence_numbers) + 1))


def test_a_span_cited_by_many_rows_names_the_first_and_counts_the_rest(visit, cited):
    summit = cited[cited["key"] == "events/summit"].iloc[[0]]
    many = pd.concat([summit] * 30, ignore_index=True)
    many["row_id"] = [f"copy-{i}" for i in range(30)]
    many["key"] = [f"events/copy-{i}" for i in range(30)]
    crowded_cited = pd.concat([cited, many], ignore_index=True)
    parsed = parse(article_html(visit, crowded_cited))
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
    assert {tone(m) for m, _ in crowded} == {SHADES}
    kept = parse(article_html(visit, crowded_cited, only={"copy-29"}))
    assert kept.marks and all(m["data-rows"] == "events/copy-29" for m in kept.marks)


def test_a_long_article_is_drawn_a_page_of_paragraphs_at_a_time(visit, cited):
    # The real article after 100 paragraphs of filler: its marks come on the last page.
    filler = "\n".join(f"Filler paragraph {i}." for i in range(100))
    long = dataclasses.replace(visit, seed_text=filler + "\n" + visit.seed_text)
    long_cited = citations(long)
    pieces = article_pieces(long, long_cited)
    pages = article_page_count(pieces)
    assert pages == -(-len(pieces) // ARTICLE_PAGE_SIZE) and pages >= 3
    second = parse(article_html(long, long_cited, pieces=pieces, page=2))
    assert second.text.startswith(f"Filler paragraph {ARTICLE_PAGE_SIZE}.")
    assert f"Filler paragraph {2 * ARTICLE_PAGE_SIZE}." not in second.text
    whole = parse(article_html(long, long_cited, pieces=pieces))
    last = parse(article_html(long, long_cited, pieces=pieces, page=pages))
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
