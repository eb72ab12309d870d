"""Issue cards (`views.cards`): what a reader sees on each card, its HTML escaped, the
sorts a link may name, and pages of twelve."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from dashboard.data.schema import PALETTE
from dashboard.views import cards


def test_one_card_per_agenda_issue_sorted_most_sensitive_first(visit):
    built = cards.issue_cards(visit, visit.issue_cards)
    assert len(built) == 7
    assert [c.sensitivity for c in built[:3]] == ["sensitive", "sensitive", "top priority"]
    assert [c.title for c in cards.issue_cards(visit, visit.issue_cards, sort="title")][0] == (
        "China's support on North Korea"
    )


def test_card_carries_badge_colour_figures_events_quotes_and_flags(visit):
    built = {c.id: c for c in cards.issue_cards(visit, visit.issue_cards)}
    economy = built["economic-cooperation"]
    assert economy.colour == "#009E73" and economy.colour in PALETTE
    assert ("> 10", "more than 10", "MOUs") in [
        (f.value, f.value_as_written, f.unit) for f in economy.figures
    ]
    assert [e.id for e in economy.events] == [
        "economic-forum",
        "mou-signing",
        "luncheon-li-qiang",
        "startup-event",
    ]
    assert economy.events[0].when == "sometime Sun 4 – Tue 6 Jan 2026"
    assert economy.events[2].place == "Beijing"
    assert len(economy.quotes) == 3
    history = built["provisional-government-kim-gu"]
    assert any("Not resolved" in f for f in history.findings)  # the centennial ambiguity


def test_card_html_escapes_text_from_data(visit):
    hostile = visit.issue_cards.copy()
    hostile.loc[0, "title"] = "<script>alert('x')</script>"
    hostile.loc[0, "aim"] = '<img src=x onerror="alert(1)">'
    card = cards.issue_cards(dataclasses.replace(visit, issue_cards=hostile), hostile.iloc[:1])[0]
    html = cards.card_html(card)
    assert "<script>" not in html and "<img" not in html
    # Escaped by the template (Jinja's autoescape writes quotes as &#39; and &#34;).
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


@pytest.mark.parametrize("sort", list(cards.SORTS))
def test_rows_sort_like_built_cards_so_pages_keep_the_order(visit, sort):
    rows = cards.sort_rows(visit, visit.issue_cards, sort)
    built = cards.issue_cards(visit, visit.issue_cards, sort=sort)
    assert list(rows["id"]) == [c.id for c in built]


def _with_cards(visit, **related: tuple[str, ...]):
    """The visit's first card copied once per keyword: id -> its related events."""
    first = visit.issue_cards.iloc[[0]]
    copies = pd.concat([first] * len(related), ignore_index=True)
    copies["id"] = list(related)
    copies["title"] = [f"Card {name}" for name in related]
    copies["related_events"] = list(related.values())
    return copies


def test_earliest_first_counts_background_events_and_puts_cards_without_events_last(visit):
    # A card of visit events only, one of background only (years before the visit), one of
    # both, and one with no event at all.
    rows = _with_cards(
        visit,
        visit_only=("summit",),
        background_only=("thaad-deployment",),  # 2017
        mixed=("return", "previous-presidential-visit"),  # 2019 and the last day
        no_event=(),
    )
    assert list(cards.sort_rows(visit, rows, "date")["id"]) == [
        "background_only",
        "mixed",
        "visit_only",
        "no_event",
    ]


def test_latest_first_sorts_by_each_cards_last_event_background_included(visit):
    rows = _with_cards(
        visit,
        background_only=("xi-previous-korea-visit", "cctv-interview"),  # 2014 and 2 Jan 2026
        visit_only=("summit",),  # 5 Jan
        ongoing=("yellow-sea-talks",),  # background that runs until 4 Jan
        no_event=(),
        ranged=("departure", "mou-signing"),  # a range that may end on 7 Jan
    )
    assert list(cards.sort_rows(visit, rows, "latest")["id"]) == [
        "ranged",
        "visit_only",
        "ongoing",
        "background_only",
        "no_event",
    ]


def test_date_sorts_on_the_shipped_cards(visit):
    """The cards whose events are all background come first when sorted earliest first."""
    earliest = list(cards.sort_rows(visit, visit.issue_cards, "date")["id"])
    assert earliest[:4] == [
        "korean-content",  # THAAD, 2017
        "pragmatic-diplomacy",  # the previous visit, 2019
        "yellow-sea-structures",  # raised November 2025
        "taiwan-one-china",  # drills and an interview before the visit
    ]
    latest = list(cards.sort_rows(visit, visit.issue_cards, "latest")["id"])
    assert latest[0] == "economic-cooperation" and latest[-1] == "taiwan-one-china"


def test_the_sort_keys_stay_short_and_stable():
    """The keys will travel in links: renaming one breaks shared links."""
    assert list(cards.SORTS) == ["sensitivity", "date", "latest", "topic", "title", "outcome"]
    assert cards.SORTS["date"] == "Earliest event first"
    assert cards.SORTS["latest"] == "Latest event first"


def test_cards_are_paginated_in_order(visit):
    many = visit.issue_cards.sample(n=30, replace=True, random_state=1).reset_index(drop=True)
    many["id"] = [f"card-{i:02d}" for i in range(30)]
    assert cards.page_count(30) == 3 and cards.page_count(0) == 1
    pages = [cards.page_rows(many, p) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [12, 12, 6]
    assert list(pd.concat(pages)["id"]) == list(many["id"])


def test_a_card_is_built_once_per_visit_and_each_visit_has_its_own(visit):
    """A filter click that shows a card again looks it up; another visit (or the same
    visit with other rows) builds its own."""
    first = cards.issue_cards(visit, visit.issue_cards)
    again = cards.issue_cards(visit, visit.issue_cards.iloc[::-1], sort=None)
    by_id = {c.id: c for c in again}
    assert len(first) > 1 and {c.id for c in first} == set(by_id)
    assert all(card is by_id[card.id] for card in first)
    retitled = visit.issue_cards.assign(title="Another title")
    other = dataclasses.replace(visit, issue_cards=retitled)
    assert {c.title for c in cards.issue_cards(other, retitled)} == {"Another title"}
    assert "Another title" not in {c.title for c in cards.issue_cards(visit, visit.issue_cards)}


def test_a_card_says_its_plan_in_words_about_an_issue_not_an_event(visit):
    built = {c.id: c for c in cards.issue_cards(visit, visit.issue_cards)}
    for card in built.values():
        html = cards.card_html(card)
        assert "status:" not in html  # an event's word, which read oddly on an issue
        assert f"plan: {cards.CARD_PLAN[card.status]}" in html
        if card.sensitivity == "on the agenda":  # the status's word: the badge says another
            assert '">agenda item</span>' in html
    assert built["taiwan-one-china"].plan == "acted on before the visit"


def test_each_quote_names_its_sentence_and_links_to_it_in_the_article(visit):
    economy = {c.id: c for c in cards.issue_cards(visit, visit.issue_cards)}["economic-cooperation"]
    numbers = [number for _, number in economy.quotes]
    assert all(isinstance(n, int) and n >= 1 for n in numbers), numbers
    for span, _ in economy.quotes:
        assert span in visit.seed_text
    html = cards.card_html(economy)
    for number in numbers:
        assert f'href="sources?visit={visit.id}#sentence-{number}"' in html
        assert f"sentence {number} of the article" in html


def test_a_card_without_whose_aim_names_the_visit(visit):
    card = cards.issue_cards(visit, visit.issue_cards)[0]
    html = cards.card_html(dataclasses.replace(card, aim_of=""))
    assert "<b>The visit's aim:</b>" in html and "<b>Aim:</b>" not in html
