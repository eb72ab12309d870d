"""One visit joined (`model.visit`): `per_visit` computes once per visit and arguments,
and forgets a visit that is dropped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FakeVisit:
    """A visit as `per_visit` sees it: an id, on an object that can be dropped."""

    id: str = "a-visit"


def test_per_visit_computes_once_per_visit_and_arguments_and_forgets_a_dropped_visit():
    import gc

    from dashboard.model.visit import per_visit

    calls: list[tuple] = []

    @per_visit
    def derived(visit, scale=1, *, compact=False):
        calls.append((visit.id, scale, compact))
        return [visit.id, scale, compact]

    one, two = FakeVisit("one"), FakeVisit("two")
    assert derived(one) is derived(one)
    assert derived(one, 2) == ["one", 2, False] and derived(one, compact=True)[2] is True
    assert derived(two) == ["two", 1, False]  # another visit: its own result
    assert calls == [("one", 1, False), ("one", 2, False), ("one", 1, True), ("two", 1, False)]
    del one
    gc.collect()
    again = FakeVisit("one")  # may reuse the dropped visit's id: never its results
    derived(again)
    assert calls[-1] == ("one", 1, False) and len(calls) == 5
