"""Caching for the pages (`ui.cache`): `memo` keys every argument it is given, or
refuses the call, so it can never hand back a result built for other arguments; and the
data is loaded again when a data file changes."""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass, field

import pandas as pd
import pytest
from conftest import ROOT
from open_pages import open_page
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV
from dashboard.model.cells import shown
from dashboard.ui.cache import Results, memo_key


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


def keyed_by(key: str) -> tuple[list, list]:
    """What a memo key says of the call's arguments: each positional one's key, and each
    keyword's (name, key), read back from the key (a tuple written as one string)."""
    *_, args, kwargs = ast.literal_eval(key)
    return args, kwargs


def test_context_values_and_scalars_key_the_result():
    ctx = make_context()
    events_key = memo_key(ctx, builder, (ctx.events,), {"size": 2})
    cards_key = memo_key(ctx, builder, (ctx.cards,), {"size": 2})
    bigger_key = memo_key(ctx, builder, (ctx.events,), {"size": 3})
    assert len({events_key, cards_key, bigger_key}) == 3
    assert keyed_by(events_key) == (["ctx.events"], [("size", "2")])
    assert keyed_by(cards_key) == (["ctx.cards"], [("size", "2")])
    assert keyed_by(bigger_key) == (["ctx.events"], [("size", "3")])


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
    assert keyed_by(memo_key(ctx, builder, (built,), {})) == (["the-call-that-built-it"], [])
    pair = (pd.DataFrame(), pd.DataFrame())
    ctx.results.add(pair, "split")
    assert keyed_by(memo_key(ctx, builder, (pair[1],), {})) == (["split[1]"], [])
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
    assert keyed_by(key) == (["citations"], [("pieces", "pieces")])
    assert keyed_by(memo_key(ctx, builder, (paragraphs[4999],), {})) == (["pieces[4999]"], [])


def test_other_sessions_results_cannot_push_out_this_runs():
    """With one list shared by every session, readers drawing other filter states between
    two calls of this run could push its first result out, and its second call failed."""
    ctx = make_context()
    first = pd.DataFrame({"id": ["x"]})
    ctx.results.add(first, "first-call")
    for n in range(5000):  # what other sessions' runs hand out meanwhile
        make_context().results.add(pd.DataFrame({"n": [n]}), f"other-{n}")
    assert keyed_by(memo_key(ctx, builder, (first,), {})) == (["first-call"], [])


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


def test_the_cached_data_is_reloaded_when_a_data_file_changes(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini_visit", folder / "mini")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    before = open_page("overview")
    title = shown(before.title[0].value)
    visits = folder / "mini" / "visits.csv"
    visits.write_text(
        visits.read_text(encoding="utf-8").replace(title, title + " (corrected)"),
        encoding="utf-8",
    )
    after = open_page("overview")
    assert shown(after.title[0].value) == title + " (corrected)"


def test_memo_keys_on_plain_arguments_and_not_on_built_objects():
    """A tuple of scalars (ids, a sort) can change the result, so it keys it; frames and
    built pieces are determined by the data version, visit and filters, so they do not (and
    hashing a whole article on every rerun would cost more than drawing it)."""
    from dashboard.ui.cache import _plain
    from dashboard.views.sources.article import Piece

    assert _plain("title") and _plain(3) and _plain(None) and _plain(("a", 1, None))
    assert not _plain(pd.DataFrame({"id": ["a"]}))
    assert not _plain(((Piece("text", ("events/a",), frozenset({"a"})),),))
    assert not _plain(frozenset({"a"}))
