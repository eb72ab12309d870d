"""The issues page (`pages/issues.py`) through AppTest: the cards follow the link and
its sort, the caption says what filters them, an empty result says which filter emptied it,
search text from the link is shown as text, and each card shows its outcome."""

from __future__ import annotations

import re

from open_pages import caption_starting, card_ids_of, html_of, open_page

from dashboard.model.cells import shown
from dashboard.ui.state import CONTEXT_KEY


def test_issue_cards_follow_the_link_and_escape_nothing_unsafe():
    at = open_page("issues")
    assert len(card_ids_of(at)) == 7
    tuesday_economy = open_page("issues", {"day": ["2026-01-06"], "topic": ["economy"]})
    assert card_ids_of(tuesday_economy) == ["economic-cooperation"]
    assert tuesday_economy.query_params["day"] == "2026-01-06"


def test_issue_empty_state_names_the_filter():
    at = open_page("issues", {"q": ["no such words anywhere"]})
    assert card_ids_of(at) == []
    assert "No issue card matches. The search text filter leaves nothing" in at.warning[0].value


def test_hostile_search_text_in_the_link_is_shown_as_text():
    at = open_page("issues", {"q": ["<script>alert(1)</script>"]})
    assert not at.exception
    assert "<script>" not in html_of(at)
    # The caption names the search as typed, escaped so Markdown shows it as text.
    caption = next(c.value for c in at.caption if "issue cards" in c.value)
    assert "text “<script>alert(1)</script>”" in shown(caption)
    assert "<script>" not in caption  # escaped: Markdown shows it as text
    assert [w.value for w in at.warning] == [  # the empty state explains itself
        "No issue card matches. The search text filter leaves nothing; widen it, or press "
        "**Clear all** among the filters above."
    ]


def test_the_issues_caption_says_what_filters_the_cards():
    unfiltered = open_page("issues")
    assert caption_starting(unfiltered, "7 of 7 issue cards").startswith(
        "7 of 7 issue cards · no filter."
    )
    tuesday = open_page("issues", {"day": ["2026-01-06"]})
    cards = next(shown(c.value) for c in tuesday.caption if "issue cards ·" in c.value)
    assert "· filtered by day Tue 6 Jan." in cards


def test_the_card_order_comes_from_the_link():
    at = open_page("issues", {"sort": ["title"]})
    assert not at.exception
    ids = card_ids_of(at)
    titles = dict(
        zip(*[at.session_state[CONTEXT_KEY].cards[c] for c in ("id", "title")], strict=True)
    )
    assert [titles[i] for i in ids] == sorted(titles.values(), key=str.casefold)
    assert at.query_params.get("sort") == "title"
    assert at.session_state["card_sort"] == "title"


def test_each_issue_shows_its_outcome_with_its_sources():
    at = open_page("issues", {"sort": ["outcome"]}, plan=False)
    html = html_of(at)
    outcomes = re.findall(r"<b>Outcome: ([^<]+)</b>", html)
    assert outcomes == ["agreed", "agreed", "progress", "progress", "progress", "progress", "discussed"]
    assert "Sources differ on outcome (agreed or discussed)" in html
