"""Issue cards and the overview: what a reader sees on each card and in the headline."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import as_planned

from dashboard.data.schema import PALETTE
from dashboard.model import colours
from dashboard.model.visit import select_visit
from dashboard.views import cards, overview
from dashboard.views.overview import itinerary


@pytest.fixture(scope="module")
def visit(real_data):
    return as_planned(real_data, "lee-china-2026")  # the plan: these test the mechanics


@pytest.fixture(scope="module")
def mini():
    from pathlib import Path

    from dashboard.data.loading import load_dataset

    folder = Path(__file__).resolve().parent / "fixtures" / "mini_visit"
    return select_visit(load_dataset(folder), "fixture-mini-2026")


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


@pytest.mark.parametrize("colour", PALETTE)
def test_badge_text_has_enough_contrast_on_every_topic_colour(colour):
    assert colours.contrast_ratio(colour, colours.text_colour_on(colour)) >= 4.5


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


def test_headline_figures_are_computed_from_the_data(visit):
    figures = {f.label: f.value for f in overview.headline_figures(visit)}
    assert figures["Days"] == "4"
    assert figures["Cities"] == "3"
    assert figures["Events"] == "10"
    assert figures["Distance (km)"] == "2,886"
    assert figures["MOUs expected"] == "> 10"  # "more than 10", not rounded to 10
    assert figures["First visit since"] == "2019"


def test_the_itinerary_lists_each_day_with_its_route_and_statuses(visit):
    days = itinerary.itinerary(visit, visit.events)
    assert [(d.label, d.route) for d in days.days] == [
        ("Sun 4 Jan", "Seoul → Beijing"),
        ("Mon 5 Jan", "Beijing"),
        ("Tue 6 Jan", "Beijing → Shanghai"),
        ("Wed 7 Jan", "Shanghai → Seoul"),
    ]
    sunday = days.days[0].items
    assert [(i.title, i.status) for i in sunday] == [("Departure for Beijing", "done")]
    tuesday = [i.title for i in days.days[2].items]
    assert tuesday[0] == "Luncheon with Premier Li Qiang"  # midday before untimed ones
    assert days.days[2].items[0].when == "midday"


def test_an_event_of_unstated_day_is_listed_once_with_its_possible_days(visit):
    days = itinerary.itinerary(visit, visit.events)
    on_days = [i.id for d in days.days for i in d.items]
    spans = {i.id: i.when for i in days.spans}
    assert "economic-forum" not in on_days and "mou-signing" not in on_days
    assert spans["economic-forum"] == "sometime Sun 4 – Tue 6 Jan"
    assert spans["mou-signing"] == "sometime Sun 4 – Wed 7 Jan"
    everything = on_days + list(spans)
    assert len(everything) == len(set(everything)) == 10


def test_the_itinerary_html_shows_status_in_words_and_marks_and_escapes_data(visit):
    events = visit.events.copy()
    events.loc[events["id"] == "summit", "title"] = "<b>Talks</b> & <script>x</script>"
    html = itinerary.itinerary_html(itinerary.itinerary(visit, events))
    assert "✓</span> done</span>" in html and "○</span> scheduled</span>" in html
    assert "◌</span> expected</span>" in html
    assert "<script>" not in html and "&lt;b&gt;Talks&lt;/b&gt; &amp;" in html
    assert html.count('<section class="day"') == 4 and html.count('class="spans"') == 1


def test_a_busy_day_lists_its_first_events_and_counts_the_rest(visit):
    # Twelve copies of Monday's summit: the day lists DAY_LIMIT and counts the others.
    summit = visit.events[visit.events["id"] == "summit"]
    copies = pd.concat([summit] * 12, ignore_index=True)
    copies["id"] = [f"summit-{i}" for i in range(12)]
    monday = itinerary.itinerary(visit, copies).days[1]
    assert len(monday.items) == itinerary.DAY_LIMIT
    assert monday.more == 12 - itinerary.DAY_LIMIT
    assert itinerary.itinerary(visit, visit.events).days[1].more == 0  # the real visit
    assert "… and 4 more: see the Timeline." in itinerary.itinerary_html(
        itinerary.itinerary(visit, copies)
    )


def test_the_summary_and_the_reported_date(visit, mini):
    assert overview.summary(visit) == (
        "Lee Jae Myung (South Korea) visits Xi Jinping (China) · Sun 4 – Wed 7 Jan 2026 · "
        "Seoul → Beijing → Shanghai → Seoul"
    )
    reported = overview.reported(visit)
    assert reported.when == "Sun 4 Jan 2026"
    assert reported.counts == {"done": 1, "scheduled": 8, "expected": 1}
    # A visit whose data gives no date says so, and the record's publication date is used.
    assert overview.reported(mini).sentence.startswith("The article's date is not recorded.")
    assert overview.reported(mini, {"date_published": "2026-03-01"}).when == "Sun 1 Mar 2026"


def test_open_questions_show_sensitive_issues_and_the_source_contradiction(visit):
    questions = overview.open_questions(visit)
    whats = list(questions["what"])
    assert "Chinese steel structures in the Yellow Sea" in whats
    assert any(w.startswith("Source contradiction") for w in whats)


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


def test_the_overview_lists_six_open_issues_and_ten_source_problems(visit):
    real = overview.open_question_list(visit)
    assert real.more == 0
    assert [i["what"] for i in real.items] == list(overview.open_questions(visit)["what"])
    # Twenty copies of a sensitive card: six are listed, the rest counted; findings all stay.
    sensitive = visit.issue_cards[visit.issue_cards["sensitivity"] == "sensitive"].iloc[[0]]
    copies = pd.concat([sensitive] * 20, ignore_index=True)
    copies["id"] = [f"copy-{i}" for i in range(20)]
    busy = dataclasses.replace(visit, issue_cards=copies)
    listed = overview.open_question_list(busy)
    issues = [i for i in listed.items if i["kind"] not in overview.SOURCE_KINDS]
    source = [i for i in listed.items if i["kind"] in overview.SOURCE_KINDS]
    assert len(issues) == overview.OPEN_CARDS_LIMIT
    assert listed.more == 20 - overview.OPEN_CARDS_LIMIT
    assert len(source) == visit.findings["kind"].isin(overview.SOURCE_KINDS).sum() > 0
    assert listed.more_problems == 0
    # Thirty ambiguities and the contradiction: the contradiction first, ten listed in all.
    ambiguity = visit.findings[visit.findings["kind"] == "ambiguity"].iloc[[0]]
    many = pd.concat([ambiguity] * 30, ignore_index=True)
    many["id"] = [f"ambiguity-{i}" for i in range(30)]
    findings = pd.concat([many, visit.findings], ignore_index=True)
    crowded = overview.open_question_list(dataclasses.replace(visit, findings=findings))
    problems = [i for i in crowded.items if i["kind"] in overview.SOURCE_KINDS]
    assert len(problems) == overview.SOURCE_PROBLEMS_LIMIT
    assert problems[0]["kind"] == "contradiction"
    total = int(findings["kind"].isin(overview.SOURCE_KINDS).sum())
    assert crowded.more_problems == total - overview.SOURCE_PROBLEMS_LIMIT


def test_large_counts_carry_thousands_separators(visit):
    summit = visit.events[visit.events["id"] == "summit"]
    copies = pd.concat([summit] * 1200, ignore_index=True)
    copies["id"] = [f"summit-{i}" for i in range(1200)]
    busy = dataclasses.replace(visit, events=pd.concat([visit.events, copies], ignore_index=True))
    figures = {f.label: f.value for f in overview.headline_figures(busy)}
    assert figures["Events"] == "1,210"  # the ten of the visit and the copies


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


def test_a_crowded_day_goes_by_part_of_the_day_and_spans_are_counted(visit):
    """Chosen on whole columns (`itinerary.itinerary`): the first DAY_LIMIT events of the
    day in the order of its parts, an event with no part staying after the one before it in
    the data ("later that day"), then the count of the rest; events of unstated day listed
    up to SPAN_LIMIT, then counted."""
    summit = visit.events[visit.events["id"] == "summit"]
    parts = ["evening", "morning", None, "afternoon"] * 3
    crowd = pd.concat([summit] * len(parts), ignore_index=True)
    crowd["id"] = [f"e{i}" for i in range(len(parts))]
    crowd["day_part"] = pd.Categorical(parts, categories=crowd["day_part"].cat.categories)
    crowd["time_local"] = pd.array([None] * len(parts), dtype="string")
    forum = visit.events[visit.events["id"] == "economic-forum"]
    spans = pd.concat([forum] * 10, ignore_index=True)
    spans["id"] = [f"s{i}" for i in range(10)]
    built = itinerary.itinerary(visit, pd.concat([crowd, spans], ignore_index=True))
    day = next(d for d in built.days if d.items)
    assert [i.id for i in day.items] == ["e1", "e2", "e5", "e6", "e9", "e10", "e3", "e7"]
    assert [i.when for i in day.items] == ["morning", "", "morning", "", "morning", "", "afternoon", "afternoon"]  # fmt: skip
    assert day.more == len(parts) - itinerary.DAY_LIMIT
    assert [i.id for i in built.spans] == [f"s{i}" for i in range(itinerary.SPAN_LIMIT)]
    assert built.more_spans == 10 - itinerary.SPAN_LIMIT
