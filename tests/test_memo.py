"""`ui.memo` keys every argument it is given, or refuses the call: it can never hand back a
result built for other arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.cache import Results, memo_key

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class FakeVisit:
    id: str = "a-visit"


@dataclass
class FakeDataset:
    tables: dict


@dataclass
class FakeContext:
    """The fields `memo` reads from the page's context."""

    version: str = "v1"
    visit: FakeVisit = None
    filters: tuple = ()
    options: object = None
    events: pd.DataFrame = None
    cards: pd.DataFrame = None
    counts: object = None
    dataset: FakeDataset = None
    results: Results = field(default_factory=Results)


def make_context() -> FakeContext:
    return FakeContext(
        visit=FakeVisit(),
        filters=("day", "2026-01-05"),
        options=object(),
        events=pd.DataFrame({"id": ["a", "b"]}),
        cards=pd.DataFrame({"id": ["c"]}),
        counts=object(),
        dataset=FakeDataset(tables={}),
    )


def builder(frame: pd.DataFrame, size: int = 1) -> int:
    return len(frame) * size


def test_context_values_and_scalars_key_the_result():
    ctx = make_context()
    events_key = memo_key(ctx, builder, (ctx.events,), {"size": 2})
    cards_key = memo_key(ctx, builder, (ctx.cards,), {"size": 2})
    bigger_key = memo_key(ctx, builder, (ctx.events,), {"size": 3})
    assert len({events_key, cards_key, bigger_key}) == 3
    assert "ctx.events" in events_key and "ctx.cards" in cards_key


def test_a_frame_the_page_built_itself_is_refused_without_a_part():
    ctx = make_context()
    sliced = ctx.events.iloc[:1]  # not the context's frame, not a memo result
    with pytest.raises(TypeError, match="memo cannot key an argument of type DataFrame"):
        memo_key(ctx, builder, (sliced,), {})
    with pytest.raises(TypeError, match="name it with part"):
        memo_key(ctx, builder, (), {"frame": sliced})


def test_a_part_names_a_frame_and_tells_two_calls_apart():
    ctx = make_context()
    first = memo_key(ctx, builder, (ctx.events.iloc[:1],), {}, part="page 1")
    second = memo_key(ctx, builder, (ctx.events.iloc[1:],), {}, part="page 2")
    assert first != second


def test_an_earlier_result_is_keyed_by_the_call_that_built_it():
    ctx = make_context()
    built = pd.DataFrame({"id": ["x"]})
    ctx.results.add(built, "the-call-that-built-it")
    assert "'the-call-that-built-it'" in memo_key(ctx, builder, (built,), {})
    pair = (pd.DataFrame(), pd.DataFrame())
    ctx.results.add(pair, "split")
    assert "'split[1]'" in memo_key(ctx, builder, (pair[1],), {})
    # An equal frame that memo did not build is still refused: identity, not equality.
    with pytest.raises(TypeError):
        memo_key(ctx, builder, (pd.DataFrame({"id": ["x"]}),), {})


def test_a_result_of_another_run_is_not_taken_for_one_of_this_run():
    ctx, other_run = make_context(), make_context()
    built = pd.DataFrame({"id": ["x"]})
    other_run.results.add(built, "built-by-another-run")
    with pytest.raises(TypeError):
        memo_key(ctx, builder, (built,), {})


def test_a_long_tuple_result_does_not_push_out_the_results_before_it():
    """An article of thousands of paragraphs (a tuple) once pushed the page's earlier result
    out of a shared list of 1,024, and the page failed on its next call with that result."""
    ctx = make_context()
    citations = pd.DataFrame({"span": ["x"]})
    ctx.results.add(citations, "citations")
    paragraphs = tuple((object(),) for _ in range(5000))  # pieces: not plain values
    ctx.results.add(paragraphs, "pieces")
    key = memo_key(ctx, builder, (citations,), {"pieces": paragraphs})  # no TypeError
    assert "'citations'" in key and "'pieces'" in key
    assert "'pieces[4999]'" in memo_key(ctx, builder, (paragraphs[4999],), {})


def test_other_sessions_results_cannot_push_out_this_runs():
    """With one list shared by every session, readers drawing other filter states between
    two calls of this run could push its first result out, and its second call failed."""
    ctx = make_context()
    first = pd.DataFrame({"id": ["x"]})
    ctx.results.add(first, "first-call")
    for n in range(5000):  # what other sessions' runs hand out meanwhile
        make_context().results.add(pd.DataFrame({"n": [n]}), f"other-{n}")
    assert "'first-call'" in memo_key(ctx, builder, (first,), {})


def test_filtered_results_follow_the_filters_and_unfiltered_ones_do_not():
    ctx, other = make_context(), make_context()
    other.filters = ()
    other.events = ctx.events
    assert memo_key(ctx, builder, (ctx.events,), {}) != memo_key(
        other, builder, (other.events,), {}
    )
    assert memo_key(ctx, builder, (ctx.events,), {}, filtered=False) == memo_key(
        other, builder, (other.events,), {}, filtered=False
    )


def _page_with_an_unnamed_frame():
    import pandas as pd

    from dashboard import ui

    ctx = ui.context()
    ui.memo(len, ctx.events.head(1))  # a frame the page sliced: memo must refuse it
    del pd


def test_a_page_that_passes_an_unnamed_frame_fails_loudly(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_page_with_an_unnamed_frame, default_timeout=60)
    at.run()
    assert at.exception, "memo returned a result for an argument it cannot key"
    assert "memo cannot key an argument of type DataFrame" in at.exception[0].message


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
