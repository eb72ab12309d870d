"""The shared filters: reading the link, writing it back, and what each filter keeps."""

from __future__ import annotations

from conftest import SHIPPED

from dashboard.model import filters as F
from dashboard.model.visit import select_visit


def parse(real_data, params):
    return F.parse_params(params, [SHIPPED], lambda vid: F.options(select_visit(real_data, vid)))


def test_options_offer_each_visit_day_and_background(visit):
    opts = F.options(visit)
    assert list(opts.days) == ["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "background"]
    assert opts.days["2026-01-05"] == "Mon 5 Jan"
    assert list(opts.cities) == ["seoul", "beijing", "shanghai", "gyeongju"]
    assert opts.topics["yellow-sea"] == "Yellow Sea structures"


def test_link_round_trip_keeps_the_whole_state(real_data):
    state = F.Filters(
        SHIPPED,
        days=("2026-01-06",),
        topics=("economy", "history"),
        cities=("beijing",),
        text="luncheon",
    )
    params = F.to_params(state, SHIPPED)
    assert params == {
        "day": ["2026-01-06"],
        "topic": ["economy", "history"],
        "city": ["beijing"],
        "q": "luncheon",
    }
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    again = parse(real_data, as_lists)
    assert again.filters == state
    assert again.notices == []


def test_unknown_values_are_dropped_with_a_polite_notice(real_data):
    parsed = parse(
        real_data,
        {
            "day": ["2026-01-06", "2026-02-30"],
            "topic": ["<script>alert(1)</script>", "economy"],
            "visit": ["nope"],
            "utm_source": ["x"],
        },
    )
    assert parsed.filters == F.Filters(SHIPPED, days=("2026-01-06",), topics=("economy",))
    assert "Ignored 1 unknown day from the link: '2026-02-30'." in parsed.notices
    assert any("'<script>alert(1)</script>'" in n for n in parsed.notices)
    assert any(n.startswith("Ignored unknown visit 'nope'") for n in parsed.notices)
    assert "Ignored 1 unknown link parameter: 'utm_source'." in parsed.notices


def test_a_link_with_999_unknown_parameters_gets_a_short_notice(real_data):
    """On the code before this, every name was listed: a notice of 42,000 characters."""
    params = {f"p{i:03d}-{'x' * 35}": ["1"] for i in range(999)}
    params["day"] = [f"2099-01-{i:02d}" for i in range(1, 29)] + ["background-x"] * 3
    parsed = parse(real_data, params)
    assert len(parsed.notices) == 2
    for notice in parsed.notices:
        assert len(notice) < 400, notice
    unknown = next(n for n in parsed.notices if "link parameter" in n)
    assert unknown.startswith("Ignored 999 unknown link parameters: 'p000-")
    assert unknown.endswith("and 994 more.")
    days = next(n for n in parsed.notices if "unknown day" in n)
    assert days.startswith("Ignored 31 unknown days") and days.endswith("and 26 more.")


def test_overlong_search_text_is_shortened(real_data):
    parsed = parse(real_data, {"q": ["x" * 500]})
    assert len(parsed.filters.text) == F.MAX_TEXT
    assert parsed.notices == [
        f"Shortened the search text from the link to {F.MAX_TEXT} characters."
    ]


def test_day_filter_keeps_dated_and_possible_events(visit):
    kept = F.filter_events(visit, F.Filters(SHIPPED, days=("2026-01-06",)))
    assert set(kept["id"]) == {
        "economic-forum",
        "mou-signing",
        "luncheon-li-qiang",
        "meeting-zhao-leji",
        "to-shanghai",
        "provisional-government-visit",
        "startup-event",
    }


def test_background_day_keeps_only_background(visit):
    kept = F.filter_events(visit, F.Filters(SHIPPED, days=("background",)))
    assert len(kept) == 9
    assert kept["background"].all()


def test_topic_city_and_text_filters(visit):
    assert set(F.filter_events(visit, F.Filters(SHIPPED, topics=("taiwan",)))["id"]) == {
        "taiwan-drills",
        "cctv-interview",
    }
    assert set(F.filter_events(visit, F.Filters(SHIPPED, cities=("shanghai",)))["id"]) == {
        "provisional-government-visit",
        "startup-event",
        "return",
    }
    assert set(F.filter_events(visit, F.Filters(SHIPPED, text="ZHAO"))["id"]) == {"meeting-zhao-leji"}


def test_counts_say_what_each_filter_leaves(visit):
    counts = F.counts(visit, F.Filters(SHIPPED, days=("2026-01-05",), topics=("economy",)))
    assert counts.events_total == 19
    assert counts.per_filter == {"day": 3, "topic": 5}  # summit, forum, MOUs | +luncheon, startup
    assert counts.events == 3  # summit, forum (4-6 Jan), MOU signing (4-7 Jan)
    assert counts.cards_total == 7


def test_cards_follow_day_city_through_their_events(visit):
    kept = F.filter_cards(visit, F.Filters(SHIPPED, cities=("shanghai",)))
    assert set(kept["id"]) == {"economic-cooperation", "provisional-government-kim-gu"}


def test_empty_state_names_the_filter_that_emptied_the_list(visit):
    only_history_on_monday = F.Filters(SHIPPED, days=("2026-01-05",), topics=("history",))
    assert F.filter_cards(visit, only_history_on_monday).empty
    assert F.emptying_filters(visit, only_history_on_monday) == ["day", "topic"]
    nothing_matches = F.Filters(SHIPPED, text="no such words")
    assert F.emptying_filters(visit, nothing_matches) == ["search text"]


def test_reset_clears_every_filter_but_the_visit():
    state = F.Filters(SHIPPED, days=("background",), text="x")
    assert state.active
    assert state.cleared() == F.Filters(SHIPPED)
    assert not state.cleared().active


def test_the_card_order_is_kept_in_the_link_and_checked():
    from dashboard.views import cards

    assert tuple(cards.SORTS) == F.SORTS  # every order the page offers, the link accepts
    options = lambda _: F.Options(days={}, topics={}, cities={})  # noqa: E731
    parsed = F.parse_params({"sort": ["title"]}, ["v"], options)
    assert parsed.filters.sort == "title" and not parsed.filters.active
    assert F.to_params(parsed.filters, "v") == {"sort": "title"}
    assert F.to_params(F.Filters("v"), "v") == {}  # the default order is left out
    bad = F.parse_params({"sort": ["[x](https://evil.example)"]}, ["v"], options)
    assert bad.filters.sort == F.DEFAULT_SORT
    assert bad.notices == ["Ignored unknown sort '[x](https://evil.example)' from the link."]
