"""The itinerary (`views.overview.itinerary`): each day with its route and its events'
statuses, an event of unstated day listed once over its possible days, a busy day bounded,
and its HTML escaped."""

from __future__ import annotations

import pandas as pd

from dashboard.views.overview import itinerary


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
    assert "△</span> expected</span>" in html
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
