"""Caching for the pages: the data loaded once per change of its files (from the stored
copy of `dashboard.data.stored` when the files are unchanged since the last start), and every built
piece (figure, deck, table, HTML) once per data version, visit and filter state.

`memo` keys a result on the context (data version, visit, filters) and on the arguments it
can see. An argument it cannot key by value must say where it comes from: it is a value of
the page's context, a result of an earlier `memo` call (keyed by that call), or the caller
names it with `part=`. Anything else is refused with a TypeError, so a builder can never
hand back a result built for other arguments.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from types import BuiltinFunctionType, FunctionType
from typing import Any

import pyarrow as pa
import streamlit as st
from cachetools import LRUCache, cached

from ..data import stored
from ..data.loading import DataError, Dataset, Problem, data_dir_from_env, data_fingerprint
from ..model import filters as F
from ..model.visit import Visit, select_visit
from .state import CONTEXT_KEY

# ---------------------------------------------------------------------------------------
# Loading, cached once per change of the data files


@dataclass(frozen=True)
class Loaded:
    dataset: Dataset | None
    problems: tuple[Problem, ...]
    version: str = ""  # of the files this was loaded from (see `load`)
    stored: bool = False  # read from the stored copy (`dashboard.data.stored`), not the CSV files


#: The loaded data folders of this server, by (folder, version of its files): the newest 4.
#: Not `st.cache_resource`: a first load shows what it is doing (`load`), and Streamlit
#: replays what a cached function drew on every later call. Nothing mutates a loaded value.
LOADS: LRUCache = LRUCache(maxsize=4)
_loads_lock = threading.Lock()
#: One lock per key being loaded, so that each version loads once however many readers ask.
_loading: dict[tuple[str, str], threading.Lock] = {}


def _loaded(key: tuple[str, str]) -> Loaded | None:
    with _loads_lock:
        return LOADS.get(key)


def loaded_now() -> list[Loaded]:
    """What the server holds, least recently used first (for tests and the benchmark)."""
    with _loads_lock:
        return list(LOADS.values())


def clear() -> None:
    """Forget every load and built piece (a restart, as tests and the benchmark make it)."""
    with _loads_lock:
        LOADS.clear()
    for cache in (_visits, _options, _applied, BUILT):
        with _cache_lock:
            cache.clear()


def load_now(folder: Path, version: str, progress=lambda _: None) -> Loaded:
    """Load the folder (from its stored copy when its files are unchanged)."""
    try:
        dataset, from_copy = stored.load(folder, progress)
    except DataError as err:
        return Loaded(None, tuple(err.problems), version)
    return Loaded(dataset, (), version, from_copy)


def load() -> Loaded:
    """The data, loaded once per version of its files. The first load of a version shows
    what it is doing in a status line, gone when the data is ready."""
    folder = data_dir_from_env()
    # A short digest of the files' names, sizes and times: every cached call below takes it
    # as its key, and hashing 16 characters is cheaper than hashing the whole listing.
    fingerprint = repr(data_fingerprint(folder)).encode()
    key = (str(folder), hashlib.blake2b(fingerprint, digest_size=8).hexdigest())
    found = _loaded(key)
    if found is not None:
        return found
    with _loads_lock:
        lock = _loading.setdefault(key, threading.Lock())
    box = st.empty()
    with box.status("Loading the visit data…") as status:
        with lock:  # another reader may be loading it: wait for that load
            found = _loaded(key)
            if found is None:
                found = load_now(folder, key[1], lambda text: status.update(label=text))
                with _loads_lock:
                    LOADS[key] = found
                    _loading.pop(key, None)
                _freeze_once()
    box.empty()
    return found


_FROZEN = threading.Event()


def _freeze_once() -> None:
    """Exempt what the server holds for good from the garbage collector's scans.

    A full collection scans every object of the process: the imported libraries (plotly,
    pandas, pydeck, pandera) and the loaded data, each time. Measured on the server, that
    scan was most of a filter click's time and, holding the interpreter, stalled every
    other reader meanwhile. After the first load, what exists is frozen (`gc.freeze`):
    later collections scan only what the runs create. It is frozen as it is, without a
    collection first: measured on the first page, that collection took 0.11-0.13 s (at
    any size of data) to find about 20 objects of garbage, which now stay, once.
    """
    if not _FROZEN.is_set():
        _FROZEN.set()
        gc.freeze()


# ---------------------------------------------------------------------------------------
# The visit, its filter options and the filtered rows: keyed on the data's version, the
# visit and the filters (plain values), never on the frames themselves.

_cache_lock = threading.RLock()
_visits: LRUCache = LRUCache(maxsize=16)
_options: LRUCache = LRUCache(maxsize=16)
#: Every rerun (a page switch, a map click) applies the filters again: one result per
#: filter state, so that only a change of the filters pays for it.
_applied: LRUCache = LRUCache(maxsize=64)


@cached(
    _visits,
    key=lambda dataset, version, visit_id, as_of="": (version, visit_id, as_of),
    lock=_cache_lock,
)
def visit_of(dataset: Dataset, version: str, visit_id: str, as_of: str = "") -> Visit:
    """The visit, as its sources published by `as_of` (a link's text, read in the visit's
    home zone) tell it; everything without one."""
    if not as_of:
        return select_visit(dataset, visit_id)
    home = visit_of(dataset, version, visit_id).home_timezone
    return select_visit(dataset, visit_id, F.as_of_instant(as_of, home))


@cached(_options, key=lambda visit, version: (version, visit.id), lock=_cache_lock)
def options_of(visit: Visit, version: str) -> F.Options:
    return F.options(visit)


@cached(
    _applied,
    key=lambda visit, filters, version: (version, visit.id, filters),
    lock=_cache_lock,
)
def applied(visit: Visit, filters: F.Filters, version: str) -> F.Applied:
    return F.apply(visit, filters)


# ---------------------------------------------------------------------------------------
# Built pieces, cached per data version, visit and filter state

#: What `memo` built, by key: a page calls it a dozen times on every rerun, so a look-up
#: must cost nothing (a call of a Streamlit-cached function costs hashing its key and a
#: spinner's set-up, measured as a large part of a warm rerun).
BUILT: LRUCache = LRUCache(maxsize=256)
_MISSING = object()


def _build(fn, args: tuple, kwargs: dict, key: str):
    with _cache_lock:
        found = BUILT.get(key, _MISSING)
    if found is not _MISSING:
        return found
    with st.spinner("Drawing…"):
        found = fn(*args, **kwargs)
    with _cache_lock:
        BUILT[key] = found
    return found


SCALAR = str | int | float | bool | None


def _plain(value: object) -> bool:
    """A value that keys a result by itself: a scalar or a tuple of scalars."""
    if isinstance(value, tuple):
        return all(isinstance(v, SCALAR) for v in value)
    return isinstance(value, SCALAR)


class Results:
    """The results `memo` handed out in one run of a page: object id -> the key of the call
    that built it, so that a later call of the same run can take one as an argument.

    One per run (the page's context, rebuilt by every run of the entrypoint), with no
    limit: a run hands out a few dozen results, and nothing another session does can drop
    one before the run passes it on. Holding each object keeps its id from being reused
    while it is listed; an equal object that `memo` did not hand out is never mistaken for
    it. A tuple's items are listed too (`cited, total = memo(...)`, then `cited` passed on).
    """

    def __init__(self) -> None:
        self._entries: dict[int, tuple[str, Any]] = {}

    def add(self, value: Any, key: str) -> None:
        if _plain(value):
            return
        self._entries[id(value)] = (key, value)
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                if not _plain(item):
                    self._entries[id(item)] = (f"{key}[{index}]", item)

    def key_of(self, value: Any) -> str | None:
        found = self._entries.get(id(value))
        return found[0] if found is not None and found[1] is value else None


def _function_name(value: Any) -> str | None:
    if isinstance(value, (FunctionType, BuiltinFunctionType)) and "<locals>" not in getattr(
        value, "__qualname__", "<locals>"
    ):
        return f"fn:{value.__module__}.{value.__qualname__}"
    return None


def _context_names(ctx: Any) -> dict[int, tuple[str, Any]]:
    """Each value of the page's context by its name: every field of the context's type
    that takes part in its equality (`results`, this run's own list, does not), and the
    dataset's tables."""
    values = {f.name: getattr(ctx, f.name) for f in fields(ctx) if f.compare}
    values["tables"] = ctx.dataset.tables
    return {id(v): (f"ctx.{name}", v) for name, v in values.items()}


def argument_key(
    value: Any, context: dict[int, tuple[str, Any]], part: str, results: Results
) -> str | None:
    """How an argument keys a result: by value (scalars), by name (context values, module
    functions, earlier results of `memo` in this run), or not at all when `part` names it.
    Raises TypeError for an argument that nothing identifies."""
    if _plain(value):
        return repr(value)
    named = context.get(id(value))
    if named is not None and named[1] is value:
        return named[0]
    key = _function_name(value) or results.key_of(value)
    if key is not None:
        return key
    if part:
        return None  # the caller's `part` tells this argument apart
    raise TypeError(
        f"memo cannot key an argument of type {type(value).__name__}: pass a value of the "
        "page's context, a result of an earlier memo call, or name it with part=..."
    )


def memo_key(
    ctx: Any, fn: Callable, args: tuple, kwargs: dict, *, part: str = "", filtered: bool = True
) -> str:
    """The cache key of `fn(*args, **kwargs)` on the page whose context is `ctx`."""
    context, results = _context_names(ctx), ctx.results
    keyed = [argument_key(a, context, part, results) for a in args]
    named = sorted((k, argument_key(v, context, part, results)) for k, v in kwargs.items())
    return repr(
        (
            ctx.version,
            ctx.visit.id,
            getattr(ctx.filters, "as_of", ""),  # the visit itself differs with it, filtered or not
            ctx.filters if filtered else None,
            f"{fn.__module__}.{fn.__qualname__}",
            part,
            keyed,
            named,
        )
    )  # one string: the cheapest key for Streamlit's cache to hash


def memo(fn, *args, part: str = "", filtered: bool = True, **kwargs):
    """`fn(*args, **kwargs)`, computed once per data version, visit and filter state.

    Scalars key the result by value; the context's visit, frames and filters, module
    functions and earlier `memo` results by name. Any other argument (a frame sliced by the
    page, say) needs a `part` that tells it apart, or the call is refused (see
    `argument_key`). `filtered=False` marks a result that does not depend on the filters
    (kept across them).
    """
    ctx = st.session_state[CONTEXT_KEY]
    key = memo_key(ctx, fn, args, kwargs, part=part, filtered=filtered)
    result = _build(fn, args, kwargs, key)
    ctx.results.add(result, key)
    return result


def _as_arrow(fn, *args, **kwargs) -> pa.Table:
    return pa.Table.from_pandas(fn(*args, **kwargs), preserve_index=False)


def dataframe(fn, *args, part: str = "", filtered: bool = True, **kwargs) -> None:
    """`st.dataframe` of the frame `fn(*args, **kwargs)`, as `memo` keys it.

    Streamlit converts a pandas frame to Arrow on every rerun (most of a table-heavy page's
    rerun); an Arrow table it only has to send. So the frame is converted once per state.
    """
    table = memo(_as_arrow, fn, *args, part=part, filtered=filtered, **kwargs)
    st.dataframe(table, hide_index=True, width="stretch")


def table_expander(label: str, fn, *args, key: str, filtered: bool = True, **kwargs) -> None:
    """An expander holding the table `fn(*args, **kwargs)` (see `dataframe`), built and sent
    only while the reader has it open: a closed table costs a rerun nothing."""
    box = st.expander(label, key=key, on_change="rerun")
    with box:
        if box.open:
            dataframe(fn, *args, filtered=filtered, **kwargs)
