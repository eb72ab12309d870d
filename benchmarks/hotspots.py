"""Where the time goes: pyinstrument profiles of a warm rerun of each page, and of loading.

`python -m benchmarks.hotspots --data FOLDER --json OUT [--pages overview,...]` (with
$DASHBOARD_DATA_DIR set to FOLDER) profiles, in one process:

- `load_dataset(FOLDER)` once (cold, in the main thread);
- for each page: AppTest first run + switch (not profiled), then one warm rerun made as
  `measure` makes it (stored context dropped, so the page recomputes it), then one rerun
  after a filter change to a state no other run used (what no cache answers). AppTest runs the
  script in a thread of its own, which pyinstrument does not follow from the main thread,
  so the profiler is started inside that thread (a wrapper around
  `LocalScriptRunner._run_script_thread`).

Each profile is summarised as the project's functions (files under the repository: the
package, the pages, app.py) ranked by their *own* time: the time spent in the function
itself plus in library code it calls directly (pandas, plotly, re, streamlit...), up to the
next project function. Their shares add up to at most 100% of the run; the inclusive time
(everything below the function) is listed beside it.

Needs pyinstrument (`pip install pyinstrument`); the rest of the benchmarks do not.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

from .measure import (
    APP,
    FIRST_RUN_TIMEOUT,
    PAGE_WORDS,
    ROOT,
    _drop_context,
    _run,
    discover_pages,
    filter_plan,
    log,
)

TOP = 8
OUTSIDE = "(outside the project: streamlit, AppTest)"


def _top_entry(by_entry: dict[str, float], own: float) -> dict | None:
    """The library call that takes most of a function's own time, if it takes a fair part."""
    if not by_entry or own <= 0:
        return None
    entry, seconds = max(by_entry.items(), key=lambda kv: kv[1])
    return {"call": entry, "share": seconds / own} if seconds / own >= 0.2 else None


def _is_project(file_path: str | None) -> bool:
    if not file_path:
        return False
    if not file_path.endswith(".py"):
        return False  # <built-in>, <frozen ...>, <string>
    try:
        path = Path(file_path).resolve()
    except (OSError, ValueError):
        return False
    if "site-packages" in path.parts or "benchmarks" in path.parts:
        return False
    return path.is_relative_to(ROOT) and path.is_file()


def _label(frame, owner: str | None = None) -> str:
    """`src/dashboard/x.py:function`; a comprehension or lambda is named with the function
    it runs in and its line: `src/dashboard/x.py:_segments.<genexpr> (line 190)`."""
    try:
        short = Path(frame.file_path).resolve().relative_to(ROOT).as_posix()
    except (ValueError, TypeError):
        short = frame.file_path_short or "?"
    function = frame.function
    if function.startswith("<") and function != "<module>":
        if owner and owner.startswith(f"{short}:"):
            function = owner.split(":", 1)[1].split(" (line")[0] + "." + function
        function += f" (line {frame.line_no})"
    return f"{short}:{function}"


WRAPPERS = (
    ("metrics_util.py", "wrapped_func"),
    ("benchmarks/hotspots.py", "profiled"),
    ("threading.py", "run"),
    ("threading.py", "_bootstrap_inner"),
    ("threading.py", "_bootstrap"),
)


def _is_wrapper(frame) -> bool:
    path = str(frame.file_path or "")
    return any(path.endswith(f) and frame.function == fn for f, fn in WRAPPERS)


def _library_label(frame) -> str:
    path = str(frame.file_path or "?")
    if "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    elif "/lib/python" in path:
        path = path.split("/lib/python", 1)[1].split("/", 1)[-1]
    return f"{path}:{frame.function}"


def summarise(session) -> dict:
    """Own and inclusive time per project function of one pyinstrument session."""
    root = session.root_frame()
    if root is None:
        return {"duration": 0.0, "functions": []}
    total = root.time or 1e-12
    own: dict[str, float] = {}
    inclusive: dict[str, float] = {}
    entries: dict[str, dict[str, float]] = {}  # owner -> library entry point -> time

    def walk(frame, owner: str | None, entry: str | None, active: frozenset) -> None:
        name = owner
        if not frame.is_synthetic and _is_project(frame.file_path):
            name, entry = _label(frame, owner), None
            if name not in active:  # recursion: count the outermost call only
                inclusive[name] = inclusive.get(name, 0.0) + frame.time
            active = active | {name}
        elif entry is None and not frame.is_synthetic and not _is_wrapper(frame):
            entry = _library_label(frame)
        own_key = name or OUTSIDE
        self_time = max(frame.time - sum(child.time for child in frame.children), 0.0)
        own[own_key] = own.get(own_key, 0.0) + self_time
        if entry is not None:
            by_entry = entries.setdefault(own_key, {})
            by_entry[entry] = by_entry.get(entry, 0.0) + self_time
        for child in frame.children:
            walk(child, name, entry, active)

    walk(root, None, None, frozenset())
    ranked = sorted(own.items(), key=lambda kv: kv[1], reverse=True)
    return {
        "duration": total,
        "functions": [
            {
                "function": name,
                "own": seconds,
                "own_share": seconds / total,
                "inclusive": inclusive.get(name),
                "inclusive_share": (inclusive[name] / total) if name in inclusive else None,
                "via": _top_entry(entries.get(name, {}), seconds),
            }
            for name, seconds in ranked[:TOP]
        ],
    }


def _warm_imports() -> None:
    """Load a tiny generated folder first, so the profile of loading shows the work on the
    data rather than the lazy imports of its first call in a process."""
    import tempfile

    from dashboard.data.loading import load_dataset

    from .generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        load_dataset(generate(Path(tmp), visits=1, events=20))


def profile_all(folder: Path, pages: list[str], timeout: float) -> dict:
    from pyinstrument import Profiler
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from dashboard.data.loading import load_dataset

    out: dict = {"folder": str(folder), "pages": {}}
    _warm_imports()
    profiler = Profiler(interval=0.001, async_mode="disabled")
    start = time.perf_counter()
    profiler.start()
    dataset = load_dataset(folder)
    profiler.stop()
    out["load"] = summarise(profiler.last_session)
    log(f"profiled load_dataset: {time.perf_counter() - start:.2f} s")

    sessions: list = []
    active = {"on": False}
    original = LocalScriptRunner._run_script_thread

    def profiled(self):
        if not active["on"]:
            return original(self)
        thread_profiler = Profiler(interval=0.001, async_mode="disabled")
        thread_profiler.start()
        try:
            return original(self)
        finally:
            thread_profiler.stop()
            sessions.append(thread_profiler.last_session)

    LocalScriptRunner._run_script_thread = profiled
    declared = discover_pages()
    plan = filter_plan(dataset, len(pages), 0)

    def profile_run(at, name: str, kind: str) -> None:
        """Profile one rerun of the page (context dropped, as `measure` makes it)."""
        _drop_context(at)
        active["on"] = True
        start = time.perf_counter()
        try:
            _run(at, timeout)
        finally:
            active["on"] = False
        summary = summarise(sessions[-1])
        summary["wall"] = time.perf_counter() - start
        out["pages"].setdefault(name, {})[kind] = summary
        log(f"profiled {name} ({kind}): {summary['wall']:.2f} s")

    try:
        for index, name in enumerate(pages):
            at = AppTest.from_file(str(APP), default_timeout=timeout)
            try:
                _run(at, FIRST_RUN_TIMEOUT)
                at.switch_page(declared[name].file)
                _run(at, timeout)
                profile_run(at, name, "warm")
                for key, value in plan["combos"][index].items():
                    at.session_state[key] = value
                profile_run(at, name, "filter")
            except Exception as err:
                entry = out["pages"].setdefault(name, {})
                entry["error"] = f"{type(err).__name__}: {err}"[:300]
                continue
    finally:
        LocalScriptRunner._run_script_thread = original
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--pages", default=",".join(PAGE_WORDS))
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    os.environ["DASHBOARD_DATA_DIR"] = str(args.data)
    try:
        result = profile_all(args.data, args.pages.split(","), args.timeout)
    except Exception:
        result = {"crash": traceback.format_exc()[-2000:]}
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
