"""What the page measurements are made of, with AppTest (`bench_pages.py` times them; the
method is in docs/benchmarks.md): the pages app.py declares, AppTest made to rerun as the
server does, a reader's rerun, the two floors, the filter states, the replay of a page's
own messages, and where a rerun's script time goes (pyinstrument in the script thread)."""

from __future__ import annotations

import ast
import itertools
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
APP, TRIVIAL = ROOT / "app.py", HERE / "trivial_page.py"
FLOOR, REPLAY = HERE / "floor_page.py", HERE / "replay_page.py"
# The measured pages, by the URL path app.py's PAGES gives them ("" for the default page).
URLS = {"overview": "", "route_map": "map", "timeline": "timeline", "issues": "issues", "sources": "sources"}
PAGES = tuple(URLS)
RUN_TIMEOUT, FIRST_RUN_TIMEOUT = 120.0, 1800.0  # seconds; a process's first run loads the data
WARMUP_RUNS, WARM_RUNS = 3, 21  # warm reruns: untimed first, then at least this many
LAST_RUN: list = []  # the ForwardMsgs of the last AppTest run
REPLAYED: list = []  # the deltas replay_page.py sends on each run


def page_files(app: Path = APP) -> dict[str, str]:
    """Each measured page's file (for `AppTest.switch_page`), from app.py's
    `PAGES = [(file, title, icon, url path), ...]`."""
    tree = ast.parse(app.read_text(encoding="utf-8"))
    declared = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    and any(getattr(target, "id", "") == "PAGES" for target in node.targets))  # fmt: skip
    files = {url: file for file, _, _, url in ast.literal_eval(declared)}
    if missing := [name for name, url in URLS.items() if url not in files]:
        raise RuntimeError(f"app.py declares no st.Page for: {', '.join(missing)}")
    return {name: files[url] for name, url in URLS.items()}


class PageError(Exception):
    """The page showed an exception: a failed measurement, never timed as the page."""


def run(at, timeout: float, *, widgets: bool = True) -> None:
    """One AppTest run; without `widgets` it sends no widget state (the replay's)."""
    at.run(timeout=timeout) if widgets else at._run(None, timeout=timeout)
    if len(at.exception):
        raise PageError(at.exception[0].message.splitlines()[0][:200])


def drop_context(at) -> None:
    from dashboard import ui

    if ui.CONTEXT_KEY in at.session_state:
        del at.session_state[ui.CONTEXT_KEY]


def rerun(at, timeout: float) -> None:
    """A reader's rerun: the stored context dropped, so the page's `ui.context()` computes
    it again as app.py would (cached load, sidebar filters, filtering), then the page."""
    drop_context(at)
    run(at, timeout)


def sidebar_summary(at) -> str:
    """The sidebar's 'Showing N of M events', to check that a filter changed the view."""
    return next((m.value for m in at.sidebar.markdown if "Showing" in m.value), "") if len(at.sidebar) else ""


def as_the_server_runs() -> None:
    """AppTest made to rerun as the server does: one compiled copy of each script per process,
    and the `pages/` folder left alone once a script called `st.navigation` (AppTest redoes
    both on every run; the server once). Each run's messages are kept too, for the replay.
    Applied once per process."""
    from streamlit.commands import navigation
    from streamlit.runtime.pages_manager import PagesManager as Manager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import local_script_runner as runner

    if getattr(Manager, "_declared_once", None) is not None:
        return
    shared, Manager._declared_once = ScriptCache(), False
    runner.ScriptCache = lambda: shared
    init, declare, parse = Manager.__init__, navigation._navigation, runner.parse_tree_from_messages

    def pages_manager(self, *args, **kwargs):
        if Manager.uses_pages_directory is None and Manager._declared_once:
            Manager.uses_pages_directory = False
        init(self, *args, **kwargs)

    def declared(*args, **kwargs):
        Manager._declared_once = True
        return declare(*args, **kwargs)

    def keeping(messages):
        LAST_RUN[:] = messages
        return parse(messages)

    Manager.__init__, navigation._navigation = pages_manager, declared
    runner.parse_tree_from_messages = keeping


def open_page(name: str, timeout: float):
    """AppTest of app.py run once (a cold cache loads the data), then switched to the page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    run(at, FIRST_RUN_TIMEOUT)
    at.switch_page(page_files()[name])
    run(at, timeout)
    return at


class Floors:
    """The trivial page (`floor`) and the one-element page (`floor1`), ready to run."""

    def __init__(self, timeout: float):
        from streamlit.testing.v1 import AppTest

        self.timeout = timeout
        self.apps = {key: AppTest.from_file(str(path), default_timeout=timeout)
                     for key, path in (("floor", TRIVIAL), ("floor1", FLOOR))}  # fmt: skip
        for at in self.apps.values():
            run(at, timeout)

    def record(self, into: dict) -> None:
        """One timed run of each floor, its seconds appended to `into[floor]`."""
        for key, at in self.apps.items():
            start = time.perf_counter()
            run(at, self.timeout)
            into.setdefault(key, []).append(time.perf_counter() - start)


def filter_plan(dataset, n_combos: int, n_clicks: int) -> dict:
    """`combos`: filter states (`f_day`/`f_topic`: a day, a topic or both) in a fixed
    shuffled order, one per measured run; `clicks`: up to `n_clicks` sidebar pills (Day,
    then Topic) that each change the number of issue cards; and the visit shown (the first)."""
    from dashboard.model import filters as F
    from dashboard.model.visit import select_visit, visit_ids

    vid = visit_ids(dataset)[0]
    visit = select_visit(dataset, vid)
    opts = F.options(visit)
    states = [{"f_day": [d] if d else [], "f_topic": [t] if t else []}
              for d, t in itertools.product([None, *opts.days], [None, *opts.topics]) if d or t]  # fmt: skip
    random.Random(0).shuffle(states)
    total, clicks = len(visit.issue_cards), []
    for kind, choices in (("days", opts.days), ("topics", opts.topics)):
        for value, label in choices.items():
            kept = len(F.filter_cards(visit, F.Filters(visit=vid, **{kind: (value,)})))
            if kept != total and len(clicks) < n_clicks:
                clicks.append({"value": value, "label": label, "cards": kept})
    return {"combos": [states[i % len(states)] for i in range(n_combos)], "events_shown": len(visit.events),
            "cards_shown": total, "clicks": clicks}  # fmt: skip


def keep_deltas() -> int:
    """Take the last run's elements for the replay; how many there are."""
    REPLAYED[:] = [m for m in LAST_RUN if m.WhichOneof("type") == "delta"]
    return len(REPLAYED)


PROJECT = tuple(str(ROOT / part) for part in ("app.py", "pages", "src"))
STREAMLIT, CACHE = "/streamlit/", "/streamlit/runtime/caching/"
KINDS = ("streamlit", "cache", "project", "runner")


def kind_of(in_project: bool, callee: str | None) -> str:
    """A sample's kind: `runner` with no project frame on its stack; else by the file the
    innermost project frame called (`callee`; None when it is in that frame itself)."""
    if not in_project:
        return "runner"
    if callee and CACHE in callee:
        return "cache"
    return "streamlit" if callee and STREAMLIT in callee else "project"


def file_time(frame, seconds: dict, in_project: bool = False, callee: str | None = None) -> None:
    """Add each frame's own time (its time less its children's) of a pyinstrument frame
    tree to its kind in `seconds`."""
    path = None if frame.is_synthetic else frame.file_path
    if path and path.startswith(PROJECT):
        in_project, callee = True, None
    elif path and in_project and callee is None:
        callee = path
    seconds[kind_of(in_project, callee)] += max(frame.time - sum(c.time for c in frame.children), 0.0)
    for child in frame.children:
        file_time(child, seconds, in_project, callee)


def sampled(rerun_once, runs: int, keep: Path | None = None) -> dict:
    """`runs` calls of `rerun_once()`, each script run profiled by pyinstrument (0.5 ms)
    in its own thread (AppTest's script thread, which a profiler of the main thread does
    not see): each kind's share and the samples taken; the last profile saved to `keep`
    (`pyinstrument --load FILE`)."""
    from pyinstrument import Profiler
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner as Runner

    sessions, original = [], Runner._run_script_thread

    def profiled(self):
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        try:
            return original(self)
        finally:
            sessions.append(profiler.stop())

    Runner._run_script_thread = profiled
    try:
        for _ in range(runs):
            rerun_once()
    finally:
        Runner._run_script_thread = original
    seconds = dict.fromkeys(KINDS, 0.0)
    for session in sessions:
        if (root := session.root_frame()) is not None:
            file_time(root, seconds)
    if keep is not None and sessions:
        sessions[-1].save(keep)
    total = sum(seconds.values()) or 1.0
    return {"shares": {k: v / total for k, v in seconds.items()}, "samples": sum(s.sample_count for s in sessions)}


def bound(warm: float, share: dict) -> float:
    """The warm rerun less the project's own work and cache lookups, as shares of it; the
    shares are of the script's time, less than the rerun's, so the bound errs low."""
    return warm * (1.0 - share["shares"]["project"] - share["shares"]["cache"])


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
