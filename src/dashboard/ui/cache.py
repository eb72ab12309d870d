"""Caching for the pages: the data loaded once per change of its files (from the stored
copy of `dashboard.stored` when the files are unchanged since the last start), and every built
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
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import BuiltinFunctionType, FunctionType
from typing import Any

import pyarrow as pa
import streamlit as st

from .. import filters as F
from .. import stored
from ..loading import DataError, Dataset, Problem, data_dir_from_env, data_fingerprint
from ..model import Visit, select_visit
from .state import CONTEXT_KEY

# ---------------------------------------------------------------------------------------
# Loading, cached once per change of the data files


@dataclass(frozen=True)
class Loaded:
    dataset: Dataset | None
    problems: tuple[Problem, ...]
    version: str = ""  # of the files this was loaded from (see `load`)
    stored: bool = False  # read from the stored copy (`dashboard.stored`), not the CSV files


class Loads:
    """The loaded data folders of this server, by folder and version of its files: the
    newest `size` kept, each loaded once however many readers ask for it at the same time.

    Not `st.cache_resource`: a first load shows what it is doing (`load`), and Streamlit
    replays what a cached function drew on every later call. Nothing here mutates a
    loaded value: every function returns new frames and figures.
    """

    def __init__(self, size: int = 4):
        self._size = size
        self._entries: OrderedDict[tuple[str, str], Loaded] = OrderedDict()
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Loaded | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], value: Loaded) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
            self._locks.pop(key, None)

    def lock_for(self, key: tuple[str, str]) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(key, threading.Lock())

    def loaded(self) -> list[Loaded]:
        """What is held, oldest first."""
        with self._lock:
            return list(self._entries.values())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_load = Loads()


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
    found = _load.get(key)
    if found is not None:
        return found
    box = st.empty()
    with box.status("Loading the visit data…") as status:
        with _load.lock_for(key):  # another reader may be loading it: wait for that load
            found = _load.get(key)
            if found is None:
                found = load_now(folder, key[1], lambda text: status.update(label=text))
                _load.put(key, found)
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


@st.cache_resource(max_entries=16, show_spinner=False)
def _visit(_dataset: Dataset, version: str, visit_id: str) -> Visit:
    return select_visit(_dataset, visit_id)


def visit_of(dataset: Dataset, version: str, visit_id: str) -> Visit:
    return _visit(_dataset=dataset, version=version, visit_id=visit_id)


@st.cache_resource(max_entries=16, show_spinner=False)
def _options(_visit: Visit, version: str, visit_id: str) -> F.Options:
    return F.options(_visit)


def options_of(visit: Visit, version: str) -> F.Options:
    return _options(_visit=visit, version=version, visit_id=visit.id)


# Every rerun (a page switch, a map click) applies the filters again: keep the result per
# filter state, so that only a change of the filters pays for it.
@st.cache_resource(max_entries=64, show_spinner=False)
def _applied(_visit: Visit, _filters: F.Filters, version: str, key: str) -> F.Applied:
    return F.apply(_visit, _filters)


def applied(visit: Visit, filters: F.Filters, version: str) -> F.Applied:
    return _applied(_visit=visit, _filters=filters, version=version, key=repr(filters))


# ---------------------------------------------------------------------------------------
# Built pieces, cached per data version, visit and filter state


@st.cache_resource(max_entries=256, show_spinner="Drawing…")
def _built(_fn, _args: tuple, _kwargs: dict, key: str):
    return _fn(*_args, **_kwargs)


_MISSING = object()


class Built:
    """The results of `memo` by key: a plain dictionary in front of Streamlit's cache.

    A page calls `memo` a dozen times on every rerun, and a call of a cached function
    costs Streamlit hashing its key, statistics and a spinner's set-up, a large part of a
    warm rerun; a dictionary look-up costs nothing. Streamlit's cache (`_built`) still
    builds what is missing, with its "Drawing…" spinner. `clear()` empties both.
    """

    def __init__(self, size: int = 256):
        self._size = size
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, *, _fn, _args: tuple, _kwargs: dict, key: str):
        with self._lock:
            found = self._entries.get(key, _MISSING)
            if found is not _MISSING:
                self._entries.move_to_end(key)
                return found
        found = _built(_fn=_fn, _args=_args, _kwargs=_kwargs, key=key)
        with self._lock:
            self._entries[key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
        _built.clear()


_memo = Built()


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
    values = {
        "visit": ctx.visit,
        "filters": ctx.filters,
        "options": ctx.options,
        "events": ctx.events,
        "cards": ctx.cards,
        "counts": ctx.counts,
        "dataset": ctx.dataset,
        "tables": ctx.dataset.tables,
    }
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
    # Keyword arguments: Streamlit looks up positional ones' names with inspect, per call.
    result = _memo(_fn=fn, _args=args, _kwargs=kwargs, key=key)
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
