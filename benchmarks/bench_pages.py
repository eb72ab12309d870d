"""The measurements of one data folder ($DASHBOARD_DATA_DIR), timed by pytest-benchmark; run by
`python -m benchmarks`, one process per folder. In file order: loading, each page's warm
rerun, replay and filtered rerun (each run beside one run of both floors), peak RSS, cold
starts, and the browser. A test's id is its measurement's key in the table (`report.key_of`).
The method is in docs/benchmarks.md."""

from __future__ import annotations

import os

import pytest

from dashboard.data.stored import CACHE_DIR_ENV
from dashboard.ui.render import DEBUG_ENV

from . import pages
from .capacity import status_mb
from .pages import PAGES, URLS, WARM_RUNS, WARMUP_RUNS, drop_context, rerun, run

PAGE_RUNS = [(page, kind) for page in PAGES for kind in ("warm", "replay", "filter")]


def quiet_env() -> dict:
    """The environment of a child process: a page's error shown as a reader sees it."""
    return {k: v for k, v in os.environ.items() if k != DEBUG_ENV}


@pytest.fixture(scope="session")
def plan(settings, record) -> dict:
    """The filter states and clicks of the visit shown, and the folder's shape."""
    from dashboard.data.loading import load_dataset

    dataset = load_dataset(settings.folder)
    made = pages.filter_plan(dataset, settings.runs * len(PAGES), settings.runs)
    record["meta"] = {"visits": len(dataset.visits), "events": len(dataset.events),
                      "events_shown": made["events_shown"], "cards_shown": made["cards_shown"]}  # fmt: skip
    record["click_labels"] = [c["label"] for c in made["clicks"]]
    return made


@pytest.fixture(scope="session")
def page_at(settings):
    """The AppTest of the page being measured: one page at a time, as a reader has it."""
    os.environ[DEBUG_ENV] = "1"  # a page's error is raised, failing its measurement
    pages.as_the_server_runs()
    current: dict = {}

    def get(name: str):
        if name not in current:
            current.clear()  # the previous page's session goes first
            current[name] = pages.open_page(name, settings.timeout)
        return current[name]

    return get


@pytest.fixture(scope="session")
def floors(page_at, settings):
    return pages.Floors(settings.timeout)


def test_load(benchmark, settings):
    from dashboard.data.loading import load_dataset

    benchmark.pedantic(load_dataset, args=(settings.folder,), rounds=settings.runs)


def test_stored_load(benchmark, settings, plan, tmp_path, monkeypatch):
    from dashboard.data import stored

    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    stored.load(settings.folder)  # the first start: stores the copy

    def from_copy():
        assert stored.load(settings.folder)[1], "the stored copy was not used"

    benchmark.pedantic(from_copy, rounds=settings.runs)


@pytest.mark.parametrize(("page", "kind"), PAGE_RUNS, ids=[f"{kind}:{page}" for page, kind in PAGE_RUNS])
def test_page(benchmark, page, kind, page_at, floors, plan, settings):
    at, timeout, extra = page_at(page), settings.timeout, benchmark.extra_info
    rounds, beside = max(settings.runs, WARM_RUNS), {"setup": lambda: floors.record(extra)}
    if kind == "warm":
        for _ in range(WARMUP_RUNS):  # a page's first reruns still fill caches
            rerun(at, timeout)
        benchmark.pedantic(rerun, args=(at, timeout), rounds=rounds, **beside)
        keep = settings.logs / f"{page}.pyisession"
        extra["share"] = pages.sampled(lambda: rerun(at, timeout), rounds, keep=keep)
    elif kind == "replay":
        from streamlit.testing.v1 import AppTest

        rerun(at, timeout)
        extra["elements"] = pages.keep_deltas()
        replay = AppTest.from_file(str(pages.REPLAY), default_timeout=timeout)
        for _ in range(WARMUP_RUNS):
            run(replay, timeout, widgets=False)
        benchmark.pedantic(run, args=(replay, timeout), kwargs={"widgets": False}, rounds=rounds, **beside)
    else:
        first = PAGES.index(page) * settings.runs
        states = iter(plan["combos"][first : first + settings.runs])
        unfiltered, views = pages.sidebar_summary(at), []

        def new_state():  # a state no other run used: no cache of filtered results answers
            floors.record(extra)
            for key, value in next(states).items():
                at.session_state[key] = value
            drop_context(at)

        benchmark.pedantic(run, args=(at, timeout), setup=new_state, rounds=settings.runs,
                           teardown=lambda *_: views.append(pages.sidebar_summary(at)))  # fmt: skip
        assert any(v != unfiltered for v in views), "no filter state changed the page"


def test_peak_rss(record):
    """Once every page ran; the cold starts and the browser run in processes of their own."""
    record["peak_rss_mb"] = pages.peak_rss_mb()


@pytest.mark.parametrize("target", ["app", "stored", "floor", "imports"], ids=lambda t: f"cold:{t}")
def test_cold(benchmark, target, settings, tmp_path):
    """A new process until its READY line. `app`: a first start ever (a new folder of
    stored copies each run); `stored`: the copy one first start stored; `floor`: the
    trivial page; `imports`: only what the first page imports."""
    from .cold import start, stop

    limit, started, runs = max(settings.timeout, 1800), [], iter(range(settings.runs))
    child, expected = {"floor": "trivial", "stored": "app"}.get(target, target), {"app": "full", "stored": "stored"}
    if target == "stored":
        stop(start("app", {**quiet_env(), CACHE_DIR_ENV: str(tmp_path / "filled")}, limit)[0])

    def spawn():
        copies = tmp_path / ("filled" if target == "stored" else f"copies-{next(runs)}")
        return (child, {**quiet_env(), CACHE_DIR_ENV: str(copies)}, limit), {}

    def check(*_):
        process, how = started.pop()
        stop(process)
        assert how == expected.get(target, ""), f"loaded: {how or '?'}"  # e.g. a copy not used

    benchmark.pedantic(lambda *a: started.append(start(*a)), setup=spawn, teardown=check, rounds=settings.runs)


@pytest.fixture(scope="module")
def browser(settings, plan, record):
    """Both servers, Chromium, and a context whose pages carry the click clock."""
    if not settings.browser:
        pytest.skip("--no-browser")
    from playwright.sync_api import sync_playwright

    from . import browser as b

    app, floor = b.servers(quiet_env(), settings.logs)
    try:
        app.launch(), floor.launch()  # side by side
        app.wait_healthy(), floor.wait_healthy()
        with sync_playwright() as p:
            chromium = b.launch(p)
            record["chromium"] = chromium.version
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(b.CLOCK)
            b.warm_up(context, app.url, floor.url)
            yield context, app, floor
            record["server_rss_mb"], record["floor_server_rss_mb"] = (status_mb(s.pid, "VmHWM") for s in (app, floor))
            chromium.close()
    finally:
        app.stop()
        floor.stop()


@pytest.mark.parametrize("target", ["app", "floor"], ids=lambda t: f"nav:{t}")
def test_browser_navigation(benchmark, target, browser, settings):
    from . import browser as b

    context, app, floor = browser
    url, visible = (f"{app.url}/{URLS['issues']}", b.CARD) if target == "app" else (floor.url, b.HELLO)
    tabs = []

    def new_tab():
        tabs.append(context.new_page())
        return (tabs[-1], url, visible, settings.timeout * 1000), {}

    benchmark.pedantic(b.navigate, setup=new_tab, teardown=lambda *_: tabs.pop().close(), rounds=settings.runs)


@pytest.mark.parametrize("target", ["app", "floor"], ids=lambda t: f"click:{t}")
def test_browser_click(benchmark, target, browser, plan, settings):
    """A pill not clicked before until the cards change (then unselected, untimed); the
    trivial page's button until its count shows. Each click's split and script time too."""
    from . import browser as b

    context, app, floor = browser
    server, timeout, page = (app if target == "app" else floor), settings.timeout * 1000, context.new_page()
    extra, before_runs = benchmark.extra_info, []
    extra.update(split=[], script=[])
    if target == "app":
        assert plan["clicks"], "no sidebar pill changes the cards of this visit"
        b.navigate(page, f"{app.url}/{URLS['issues']}", b.CARD, timeout)
        clicks = [(page.get_by_test_id("stSidebar").get_by_role("button", name=c["label"], exact=True), b.CHANGED)
                  for c in plan["clicks"][: settings.runs]]  # fmt: skip
    else:
        b.navigate(page, floor.url, b.HELLO, timeout)
        clicks = [(page.get_by_role("button", name="Count", exact=True), b.COUNTED)] * settings.runs
    b.wait_idle(page, timeout)
    before, done = page.evaluate(b.SIGNATURE), iter(range(1, len(clicks) + 1))

    def next_click():
        before_runs.append(len(b.runs_settled(server.runs_file)))
        control, until = clicks[len(before_runs) - 1]
        return (control, until, before if target == "app" else f"clicks: {next(done)}"), {}

    def click(control, until, arg):
        control.click(timeout=timeout)
        page.wait_for_function(until, arg=arg, polling="raf", timeout=timeout)

    def after(control, until, arg):
        extra["split"].append(b.split(page))
        extra["script"].append(b.script_since(server.runs_file, before_runs[-1]))
        if target == "app":  # untimed: unselect it, back to every card
            control.click(timeout=timeout)
            page.wait_for_function(b.SAME, arg=before, timeout=timeout)
        b.wait_idle(page, timeout)

    benchmark.pedantic(click, setup=next_click, teardown=after, rounds=len(clicks))
    page.close()
