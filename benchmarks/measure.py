"""The in-process measurements of one data folder, run in a process of their own.

`python -m benchmarks.measure --data FOLDER --json OUT [--runs 5] [--timeout 120]` (with
$DASHBOARD_DATA_DIR set to FOLDER by the caller) measures, in this order:

1. `load_dataset(FOLDER)`: reading and validating the folder, no cache, `runs` times;
   then `stored.load(FOLDER)` with unchanged files (the stored copy), `runs` times.
2. For each page: a warm rerun with AppTest and a rerun after a filter change (to a
   filter state no earlier run used), each followed by a warm rerun of both floors in the
   same process: the trivial page (`trivial_page.py`, three elements and a button) and the
   one-element page (`floor_page.py`), so every page has its own interleaved floors.
   AppTest is made to rerun scripts as the server does (`as_the_server_runs`).
3. The peak RSS of this process (`ru_maxrss`).

How a rerun is made. `AppTest.from_file("app.py")`, `run()`, then
`switch_page("pages/x.py").run()`. From then on AppTest runs the page file on its own, and
the page takes its context (dataset, visit, filtered events and cards) from session state,
where the entrypoint left it. A real rerun runs the entrypoint too: the cached loader with
its file fingerprint, the sidebar filters and the filtering. So before each timed rerun the
stored context is dropped (`ui.CONTEXT_KEY`): the page's `ui.context()` then recomputes it
exactly as the entrypoint would, sidebar included. A filter change sets `f_day`/`f_topic`
in session state before that rerun, to a combination no other run of the process used (so
a cache of filtered results cannot answer it); setting them without dropping the context
does not change what the page shows.

`python -m benchmarks.measure --cold app|trivial` is the child of the cold-start
measurement: it imports AppTest, runs the app (or the trivial page) to its first complete
page and prints READY (with how the data was loaded: `stored` or `full`); the parent times
it from process start, with an empty folder of stored copies (a first start ever) or one
that holds the copy of an earlier start (unchanged files).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import resource
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # replay_page.py imports benchmarks.replay
    sys.path.insert(0, str(ROOT))
APP = ROOT / "app.py"
TRIVIAL = Path(__file__).resolve().parent / "trivial_page.py"
#: The one-element floor (`st.write("floor")`): the warm-rerun targets are ratios to it.
FLOOR = Path(__file__).resolve().parent / "floor_page.py"
#: A page's own elements sent again, computing nothing (`benchmarks.replay`).
REPLAY = Path(__file__).resolve().parent / "replay_page.py"
# The pages measured, by the words that name them in app.py's st.Page(...) calls (file
# name, url_path or title): the files may be renamed without touching the benchmarks.
PAGE_WORDS = {
    "overview": ("overview",),
    "route_map": ("route", "map"),
    "timeline": ("timeline",),
    "issues": ("issue",),
    "sources": ("source",),
}
_ST_PAGE = re.compile(r"st\.Page\(\s*(?P<args>.*?)\)", re.S)
_STRING = re.compile(r"""^\s*["'](?P<file>[^"']+\.py)["']""")
_KEYWORD = re.compile(r"""(?P<key>url_path|title)\s*=\s*["'](?P<value>[^"']*)["']""")


@dataclass(frozen=True)
class Page:
    name: str  # overview, route_map, timeline, issues, sources
    file: str  # relative to app.py, for AppTest.switch_page
    url_path: str  # for the browser: /issues


def _declared(source: str) -> list[tuple[str, str, str]]:
    """(file, url path, title) of each page: from a `PAGES = [(file, title, icon, url)]`
    list, else from each `st.Page("pages/x.py", url_path=...)` call."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets
        ):
            return [
                (f, url or Path(f).stem, title) for f, title, _, url in ast.literal_eval(node.value)
            ]
    declared = []
    for call in _ST_PAGE.finditer(source):
        args = call.group("args")
        file = _STRING.match(args)
        if file:
            keywords = {m.group("key"): m.group("value") for m in _KEYWORD.finditer(args)}
            url_path = keywords.get("url_path") or Path(file.group("file")).stem
            declared.append((file.group("file"), url_path, keywords.get("title", "")))
    return declared


def discover_pages(app: Path = APP) -> dict[str, Page]:
    """The measured pages as app.py declares them (see `_declared`)."""
    found: dict[str, Page] = {}
    for file, url_path, title in _declared(app.read_text(encoding="utf-8")):
        words = f"{Path(file).stem} {url_path} {title}".lower()
        for name, needles in PAGE_WORDS.items():
            if name not in found and any(n in words for n in needles):
                found[name] = Page(name, file, url_path)
                break
    missing = [name for name in PAGE_WORDS if name not in found]
    if missing:
        raise RuntimeError(f"app.py declares no st.Page for: {', '.join(missing)}")
    return {name: found[name] for name in PAGE_WORDS}


FIRST_RUN_TIMEOUT = 1800.0  # the first run of a process loads and validates the data


class RunTimeout(Exception):
    pass


class PageError(Exception):
    pass


#: Warm reruns: untimed ones before timing, and the least number of timed ones.
WARMUP_RUNS = 3
WARM_RUNS = 21


def new_measure() -> dict:
    return {"samples": [], "status": "ok", "error": None}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def log(message: str) -> None:
    print(f"[measure {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _run(at, timeout: float, *, widgets: bool = True) -> None:
    """One AppTest run; a timeout or an exception shown by the page is raised. Without
    `widgets`, the run sends no widget state (the replay: its widgets were never declared
    by a script, and AppTest cannot read their state back)."""
    try:
        at.run(timeout=timeout) if widgets else at._run(None, timeout=timeout)
    except RuntimeError as err:
        if "timed out" in str(err):
            raise RunTimeout(str(err)) from err
        raise
    if len(at.exception):
        raise PageError(at.exception[0].message.splitlines()[0][:200])


def _record(measure: dict, fn: Callable[[], None]) -> float | None:
    """Time `fn`; on a timeout or an error, mark the measure and return None."""
    start = time.perf_counter()
    try:
        fn()
    except RunTimeout:
        measure["status"] = "timeout"
        return None
    except Exception as err:  # a broken page is a result too, not a crash of the benchmark
        measure["status"] = "error"
        measure["error"] = f"{type(err).__name__}: {err}"[:300]
        return None
    elapsed = time.perf_counter() - start
    measure["samples"].append(elapsed)
    return elapsed


def _drop_context(at) -> None:
    from dashboard import ui

    key = getattr(ui, "CONTEXT_KEY", None)
    if key is None:
        return
    try:
        del at.session_state[key]
    except KeyError:
        pass


def _sidebar_summary(at) -> str:
    """The sidebar's 'Showing N of M events' line, to check that a filter changed the view."""
    texts = [m.value for m in at.sidebar.markdown] if len(at.sidebar) else []
    return next((t for t in texts if "Showing" in t), "")


def as_the_server_runs() -> None:
    """Make AppTest rerun a script as `streamlit run` does, in two respects (for the page
    and both floors alike):

    - one compiled copy of each script for the process (the server keeps a ScriptCache
      for its lifetime; AppTest makes a new one, and so compiles app.py and the page
      again, on every run);
    - once a script has declared its navigation (`st.navigation`), the `pages/` folder is
      not taken for the old automatic navigation again (the server decides that once;
      AppTest resets it before every run, so every run of app.py would first run the page
      through the `pages/` navigation, which the app leaves with a rerun).
    """
    from streamlit.commands import navigation
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import local_script_runner

    if getattr(PagesManager, "_declared_once", None) is not None:
        return  # already applied in this process
    shared = ScriptCache()
    local_script_runner.ScriptCache = lambda: shared
    PagesManager._declared_once = False
    original_init = PagesManager.__init__
    original_navigation = navigation._navigation

    def init(self, *args, **kwargs):
        if PagesManager.uses_pages_directory is None and PagesManager._declared_once:
            PagesManager.uses_pages_directory = False
        original_init(self, *args, **kwargs)

    def declared(*args, **kwargs):
        PagesManager._declared_once = True
        return original_navigation(*args, **kwargs)

    PagesManager.__init__ = init
    navigation._navigation = declared


def measure_loading(folder: Path, runs: int, timeout: float, budget: float):
    from dashboard.data.loading import load_dataset

    measure = new_measure()
    dataset = None
    spent = 0.0
    for i in range(runs):
        start = time.perf_counter()
        try:
            dataset = load_dataset(folder)
        except Exception as err:
            measure["status"] = "error"
            measure["error"] = f"{type(err).__name__}: {err}"[:300]
            break
        elapsed = time.perf_counter() - start
        measure["samples"].append(elapsed)
        spent += elapsed
        log(f"load run {i + 1}: {elapsed:.3f} s")
        if elapsed > timeout:
            measure["status"] = "timeout"
            break
        if spent > budget and i + 1 < runs:
            measure["status"] = "budget"
            break
    return measure, dataset


def filter_plan(dataset, n_combos: int, n_clicks: int) -> dict:
    """What the filter measurements apply, and the visit's shape.

    `combos`: `n_combos` different filter states (session-state values of `f_day` and
    `f_topic`: one day, one topic, or both), in a fixed shuffled order; each page run gets
    one no other run got, so a cache of filtered results never answers a measured rerun.
    `clicks`: up to `n_clicks` sidebar pills (Day pills first, then Topic pills) that each
    change the number of issue cards, for the browser: each click is a new filter state.
    """
    import itertools
    import random

    from dashboard.model import filters as F
    from dashboard.model.visit import select_visit, visit_ids

    vid = visit_ids(dataset)[0]
    visit = select_visit(dataset, vid)
    opts = F.options(visit)
    states = [
        {"f_day": [d] if d else [], "f_topic": [t] if t else []}
        for d, t in itertools.product([None, *opts.days], [None, *opts.topics])
        if d or t
    ]
    random.Random(0).shuffle(states)
    combos = [states[i % len(states)] for i in range(n_combos)]
    total = len(visit.issue_cards)

    def cards_kept(days=(), topics=()) -> int | None:
        try:
            return len(F.filter_cards(visit, F.Filters(visit=vid, days=days, topics=topics)))
        except Exception:  # the filter API changed: click anyway, the page shows the result
            return None

    clicks = []
    candidates = [("day", d, label) for d, label in opts.days.items()]
    candidates += [("topic", t, label) for t, label in opts.topics.items()]
    for kind, value, label in candidates:
        kept = cards_kept(**({"days": (value,)} if kind == "day" else {"topics": (value,)}))
        if kept != total and len(clicks) < n_clicks:
            clicks.append({"kind": kind, "value": value, "label": label, "cards": kept})
    return {
        "combos": combos,
        "visit": vid,
        "events_shown": len(visit.events),
        "cards_shown": total,
        "clicks": clicks,
        "click_labels": [c["label"] for c in clicks],
        "issues_url": discover_pages()["issues"].url_path,
    }


def measure_pages(runs: int, timeout: float, budget: float, plan: dict, pages: list[str]):
    from streamlit.testing.v1 import AppTest

    from benchmarks import replay

    as_the_server_runs()
    replay.capture()
    floor_at = AppTest.from_file(str(TRIVIAL), default_timeout=timeout)
    floor_at.run()
    floor1_at = AppTest.from_file(str(FLOOR), default_timeout=timeout)
    floor1_at.run()

    def floors(result: dict) -> None:
        _record(result["floor"], lambda: _run(floor_at, timeout))
        _record(result["floor1"], lambda: _run(floor1_at, timeout))

    first_run = new_measure()
    results: dict[str, dict] = {}
    declared = discover_pages()
    for page_index, name in enumerate(pages):
        page = declared[name].file
        result = {
            "warm": new_measure(),
            "filter": new_measure(),
            "floor": new_measure(),
            "floor1": new_measure(),
            "replay": new_measure(),
            "elements": None,
            "filter_changed_view": None,
        }
        results[name] = result
        at = AppTest.from_file(str(APP), default_timeout=timeout)
        # The first run of the process loads and validates the data (cache miss).
        if _record(first_run, lambda at=at: _run(at, FIRST_RUN_TIMEOUT)) is None:
            for key in ("warm", "filter"):
                result[key]["status"] = first_run["status"]
                result[key]["error"] = f"first run: {first_run['error'] or first_run['status']}"
            continue
        try:
            at.switch_page(page)
            _run(at, timeout)
        except Exception as err:
            for key in ("warm", "filter"):
                result[key]["status"] = "timeout" if isinstance(err, RunTimeout) else "error"
                result[key]["error"] = f"switch: {type(err).__name__}: {err}"[:300]
            continue
        log(f"{name}: first run + switch done")
        # Untimed reruns first: the page's first reruns in a process still fill caches and
        # import lazily. Then more samples than `runs`: a warm rerun takes milliseconds and
        # its median over a handful of runs moves with the machine's other work.
        for _ in range(WARMUP_RUNS):
            _drop_context(at)
            _run(at, timeout)
        warm_runs = max(runs, WARM_RUNS)
        spent = 0.0
        for i in range(warm_runs):
            _drop_context(at)
            elapsed = _record(result["warm"], lambda at=at: _run(at, timeout))
            floors(result)
            if elapsed is None:
                break
            spent += elapsed
            log(f"{name}: warm {i + 1}: {elapsed * 1000:.1f} ms")
            if spent > budget and i + 1 < warm_runs:
                result["warm"]["status"] = "budget"
                break
        measure_replay(at, result, timeout, warm_runs, lambda result=result: floors(result))
        result["share"] = measure_share(at, timeout, warm_runs)
        unfiltered = _sidebar_summary(at)
        views = []
        spent = 0.0
        for i in range(runs):
            for key, value in plan["combos"][page_index * runs + i].items():
                at.session_state[key] = value
            _drop_context(at)
            elapsed = _record(result["filter"], lambda at=at: _run(at, timeout))
            floors(result)
            if elapsed is None:
                break
            views.append(_sidebar_summary(at))
            spent += elapsed
            log(f"{name}: filter {i + 1}: {elapsed * 1000:.1f} ms ({views[-1][:60]})")
            if spent > budget and i + 1 < runs:
                result["filter"]["status"] = "budget"
                break
        if views:
            result["filter_changed_view"] = any(v != unfiltered for v in views)
        del at
    return results, first_run


def measure_replay(at, result: dict, timeout: float, runs: int, floors) -> None:
    """The page's replay floor: one more warm rerun of the page, its elements kept, then
    `runs` timed runs of `replay_page.py` sending them, each followed by the floors."""
    from streamlit.testing.v1 import AppTest

    from benchmarks import replay

    measure = result["replay"]
    try:
        _drop_context(at)
        _run(at, timeout)
        result["elements"] = replay.keep_deltas()
        replay_at = AppTest.from_file(str(REPLAY), default_timeout=timeout)
        for _ in range(WARMUP_RUNS):
            _run(replay_at, timeout, widgets=False)
    except Exception as err:
        measure["status"], measure["error"] = "error", f"{type(err).__name__}: {err}"[:300]
        return
    for _ in range(runs):
        if _record(measure, lambda: _run(replay_at, timeout, widgets=False)) is None:
            break
        floors()
    log(f"replay of {result['elements']} elements: {len(measure['samples'])} runs")


def measure_share(at, timeout: float, runs: int) -> dict:
    """How the page's warm rerun divides between Streamlit and the project (see
    `benchmarks.share`): `runs` more warm reruns, sampled."""
    from benchmarks import share

    def rerun() -> None:
        _drop_context(at)
        _run(at, timeout)

    try:
        out = share.sampled(rerun, runs)
    except Exception as err:
        return {"error": f"{type(err).__name__}: {err}"[:300]}
    shares = out["shares"]
    log(
        f"share: Streamlit {shares['streamlit']:.0%}, cache {shares['cache']:.0%}, project "
        f"{shares['project']:.0%}, runner {shares['runner']:.0%} of "
        f"{out['script_seconds'] * 1000:.1f} ms"
    )
    return out


def measure_stored(folder: Path, runs: int) -> dict:
    """`stored.load(folder)` with unchanged files: hashing every input and reading the
    stored copy (written once, untimed, into a temporary folder)."""
    import tempfile

    from dashboard.data import stored

    measure = new_measure()
    before = os.environ.get(stored.CACHE_DIR_ENV)
    with tempfile.TemporaryDirectory(prefix="stored-") as copies:
        os.environ[stored.CACHE_DIR_ENV] = copies
        try:
            stored.load(folder)  # the first start: stores the copy
            for i in range(runs):
                start = time.perf_counter()
                _, from_copy = stored.load(folder)
                if not from_copy:
                    measure["status"], measure["error"] = "error", "the copy was not used"
                    break
                measure["samples"].append(time.perf_counter() - start)
                log(f"stored load run {i + 1}: {measure['samples'][-1]:.3f} s")
        except Exception as err:
            measure["status"], measure["error"] = "error", f"{type(err).__name__}: {err}"[:300]
        finally:
            if before is None:
                os.environ.pop(stored.CACHE_DIR_ENV, None)
            else:
                os.environ[stored.CACHE_DIR_ENV] = before
    return measure


def run_measure(folder: Path, runs: int, timeout: float, budget: float, pages: list[str]) -> dict:
    out: dict = {"folder": str(folder)}
    out["load"], dataset = measure_loading(folder, runs, timeout, budget)
    if dataset is not None:
        out["stored_load"] = measure_stored(folder, runs)
    plan = filter_plan(dataset, runs * len(pages), runs) if dataset is not None else None
    out["plan"] = plan
    if plan is None:
        out["pages"] = {}
    else:
        out["pages"], out["first_run"] = measure_pages(runs, timeout, budget, plan, pages)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


#: What app.py and the Overview import, for the cold start of the imports alone.
COLD_IMPORTS = ("dashboard.ui", "dashboard.views.overview.itinerary", "dashboard.views.maps", "dashboard.views.overview",
                "dashboard.ui.serve")  # fmt: skip


def _errors_raised() -> None:
    """Let a page's error through (`at.exception`), so it is recorded as an error: the
    app's plain message for readers would otherwise be timed as if it were the page."""
    from dashboard.ui.render import DEBUG_ENV

    os.environ[DEBUG_ENV] = "1"


def cold_child(target: str) -> int:
    """Run the app (or the trivial page) to its first complete page; print READY. With
    `imports`: import AppTest and what the app's first page imports, and nothing else."""
    import importlib

    from streamlit.testing.v1 import AppTest

    if target == "imports":
        for module in COLD_IMPORTS:
            importlib.import_module(module)
        print("READY", flush=True)
        return 0

    script = APP if target == "app" else TRIVIAL
    if target == "app":  # the trivial page's process imports nothing of the app
        _errors_raised()
    at = AppTest.from_file(str(script), default_timeout=FIRST_RUN_TIMEOUT)
    at.run()
    if len(at.exception):
        print("ERROR " + at.exception[0].message.splitlines()[0][:200], flush=True)
        return 1
    how = ""
    if target == "app":
        from dashboard.ui import cache

        loads = cache.loaded_now()
        how = " stored" if loads and loads[-1].stored else " full"
    print("READY" + how, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("--cold", choices=("app", "trivial", "imports"))
    parser.add_argument("--data", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--budget", type=float, default=300.0)
    parser.add_argument("--pages", default=",".join(PAGE_WORDS))
    args = parser.parse_args(argv)
    if args.cold:
        return cold_child(args.cold)
    _errors_raised()
    if args.data is None or args.json is None:
        parser.error("--data and --json are required")
    os.environ["DASHBOARD_DATA_DIR"] = str(args.data)
    try:
        result = run_measure(args.data, args.runs, args.timeout, args.budget, args.pages.split(","))
    except Exception:
        result = {"crash": traceback.format_exc()[-2000:], "peak_rss_mb": peak_rss_mb()}
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
