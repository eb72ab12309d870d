"""The article's shades (`views.sources.shades`): one per count of citing rows when
there are few, even shares of the text when there are many."""

from __future__ import annotations

from dashboard.views.sources.shades import SHADES, Shade, shade_steps


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
