"""Browser timings: the real `streamlit run` servers driven by Playwright in headless Chromium.

Two servers run side by side on free loopback ports: the dashboard (with
$DASHBOARD_DATA_DIR set to the folder) and the trivial page (`trivial_page.py`), the floor.
Each is a `harness.StreamlitServer`, stopped by its PID when done. Measured, `runs` times
each after one warm-up:

- navigation: `goto(/issues)` until the first issue card (`article.issue-card[data-card]`) is
  visible; the floor is `goto(/)` of the trivial page until its "hello" is visible;
- a filter click: a pill in the sidebar (Day pills first, then Topic pills; each click a
  pill not clicked before, so no click is answered from a cache) until the cards update:
  the cards on the page and the page's captions ("N of M issue cards") differ from before
  the click and the script run has finished; the pill is then unselected, untimed. The
  floor is a click on the trivial page's button until its counter text shows the count.

Also read: each server's peak RSS (VmHWM from /proc) and the Chromium version.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.harness import LAUNCH_ARGS, ServerError, StreamlitServer, find_chromium, free_port

from .measure import ROOT, TRIVIAL, log, new_measure
from .served import RUNS_FILE, read_runs

CARD = "article.issue-card[data-card]"
HAS_TEXT = "t => document.body.innerText.includes(t)"
# What the Issues page shows: the ids of the cards on the page (the page may paginate) and
# the captions of the main area ("N of M issue cards"). A click has updated the cards when
# this differs from before the click and the script run has finished (stale cards gone).
SIGNATURE = f"""() => [
  ...Array.from(document.querySelectorAll('{CARD}'), e => e.dataset.card),
  ...Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]'),
                e => e.innerText),
].join('\\n')"""
# Where a click's time goes, on the page's own clock: when the pointer went down, when each
# WebSocket message from the server arrived after it, and when the wait saw the page done
# (`_STAMP`, appended to a wait's predicate, records that once and stays true).
CLOCK = """(() => {
  window.__wsIn = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__wsIn.push(performance.now()));
    }
  };
  document.addEventListener('pointerdown', () => {
    window.__clickAt = performance.now();
    window.__wsIn = [];
    window.__doneAt = null;
  }, true);
})();"""
_STAMP = "((window.__doneAt = window.__doneAt || performance.now()), true)"
SPLIT = """() => {
  const done = window.__doneAt, click = window.__clickAt;
  const replies = (window.__wsIn || []).filter(t => t <= done);
  if (!done || !click || !replies.length) return null;
  return {reply: replies[replies.length - 1] - click, render: done - replies[replies.length - 1],
          messages: replies.length};
}"""
_SCRIPT_DONE = (
    "(document.querySelector('[data-testid=\"stApp\"]') || {getAttribute: () => ''})"
    ".getAttribute('data-test-script-state') === 'notRunning'"
)
CHANGED = f"before => ({SIGNATURE})() !== before && {_SCRIPT_DONE} && {_STAMP}"
SAME = f"before => ({SIGNATURE})() === before && {_SCRIPT_DONE}"
FIRST_LOAD_TIMEOUT_S = 1800.0  # the server's first page loads and validates the data


def peak_rss_of(pid: int) -> float | None:
    """VmHWM (the peak resident set) of a running process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _timed(measure: dict, fn) -> bool:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    start = time.perf_counter()
    try:
        fn()
    except PlaywrightTimeout:
        measure["status"] = "timeout"
        return False
    except PlaywrightError as err:
        measure["status"] = "error"
        measure["error"] = str(err).splitlines()[0][:300]
        return False
    measure["samples"].append(time.perf_counter() - start)
    return True


def _wait_idle(page, timeout_ms: float) -> None:
    page.locator(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
        '[data-test-script-state="notRunning"]'
    ).wait_for(timeout=timeout_ms)
    page.get_by_test_id("stStatusWidgetRunningIcon").wait_for(state="detached", timeout=timeout_ms)


def measure_browser(
    folder: Path, runs: int, timeout: float, plan: dict, log_dir: Path, env: dict
) -> dict:
    """Every browser measurement of one data folder; never raises for a slow page."""
    from playwright.sync_api import sync_playwright

    result = {
        "nav": new_measure(),
        "nav_floor": new_measure(),
        "click": new_measure(),
        "click_floor": new_measure(),
        "click_split": [],
        "click_floor_split": [],
        "click_script": [],  # per timed click: the seconds the server's script ran for it
        "click_floor_script": [],
        "server_rss_mb": None,
        "floor_server_rss_mb": None,
        "chromium": None,
        "click_labels": plan.get("click_labels"),
    }
    timeout_ms = timeout * 1000
    env = {**env, "DASHBOARD_DATA_DIR": str(folder)}
    runs_of = {"app": log_dir / "runs-app.json", "floor": log_dir / "runs-trivial.json"}
    for path in runs_of.values():
        path.unlink(missing_ok=True)
    app = StreamlitServer(
        ROOT / "app.py",
        cwd=ROOT,
        env={**env, RUNS_FILE: str(runs_of["app"])},
        log_path=log_dir / "server-app.log",
        module="benchmarks.served",
    )
    floor = StreamlitServer(
        TRIVIAL,
        cwd=ROOT,
        env={**env, RUNS_FILE: str(runs_of["floor"])},
        log_path=log_dir / "server-trivial.log",
        port=free_port(avoid={app.port}),
        module="benchmarks.served",
    )
    try:
        # Both start side by side; each is then polled until healthy.
        app.launch()
        floor.launch()
        app.wait_healthy()
        floor.wait_healthy()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=find_chromium(), headless=True, args=LAUNCH_ARGS
            )
            result["chromium"] = browser.version
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(CLOCK)
            try:
                _navigation(
                    context, app.url, floor.url, runs, timeout_ms, result, plan["issues_url"]
                )
                _clicks(context, app.url, floor.url, runs, timeout_ms, plan, result, runs_of)
            finally:
                context.close()
                browser.close()
        result["server_rss_mb"] = peak_rss_of(app.pid)
        result["floor_server_rss_mb"] = peak_rss_of(floor.pid)
    except Exception as err:  # a broken server is a result, recorded in every cell left
        # A server's error ends with its log: the cell keeps the first line.
        what = str(err).splitlines()[0] if isinstance(err, ServerError) else str(err)
        for key in ("nav", "nav_floor", "click", "click_floor"):
            if not result[key]["samples"] and result[key]["status"] == "ok":
                result[key]["status"] = "error"
                result[key]["error"] = f"{type(err).__name__}: {what}"[:300]
    finally:
        app.stop()
        floor.stop()
    return result


def _navigation(context, app_url, floor_url, runs, timeout_ms, result, issues: str) -> None:
    # Warm-up: the first session of the server loads and validates the data. It opens the
    # root first: with streamlit 1.67, a fresh server whose first session deep-links to a
    # sub page named like a file in pages/ serves the automatic pages/ navigation for good,
    # where the entrypoint's filters never run (the app now names its page files unlike
    # their URLs; opening / first keeps the benchmark safe either way).
    page = context.new_page()
    try:
        start = time.perf_counter()
        first_load = FIRST_LOAD_TIMEOUT_S * 1000
        page.goto(app_url, wait_until="commit", timeout=first_load)
        page.get_by_test_id("stSidebar").get_by_role("button").first.wait_for(timeout=first_load)
        _wait_idle(page, first_load)
        page.goto(f"{app_url}/{issues}", wait_until="commit", timeout=first_load)
        page.locator(CARD).first.wait_for(state="visible", timeout=first_load)
        log(f"browser warm-up (server loads the data): {time.perf_counter() - start:.2f} s")
        page.goto(floor_url, wait_until="commit", timeout=timeout_ms)
        page.get_by_text("hello", exact=True).wait_for(timeout=timeout_ms)
    finally:
        page.close()
    for i in range(runs):
        for key, url, visible in (
            ("nav", f"{app_url}/{issues}", lambda pg: pg.locator(CARD).first),
            ("nav_floor", floor_url, lambda pg: pg.get_by_text("hello", exact=True)),
        ):
            if result[key]["status"] != "ok":
                continue
            page = context.new_page()
            try:
                _timed(
                    result[key],
                    lambda page=page, url=url, visible=visible: (
                        page.goto(url, wait_until="commit", timeout=timeout_ms),
                        visible(page).wait_for(state="visible", timeout=timeout_ms),
                    ),
                )
            finally:
                page.close()
        log(f"browser navigation run {i + 1} done")


def _clicks(context, app_url, floor_url, runs, timeout_ms, plan, result, runs_of) -> None:
    clicks = plan.get("clicks") or []
    if not clicks:
        result["click"]["status"] = "error"
        result["click"]["error"] = "no sidebar pill changes the cards of this visit"
    else:
        page = context.new_page()
        try:
            page.goto(f"{app_url}/{plan['issues_url']}", wait_until="commit", timeout=timeout_ms)
            page.locator(CARD).first.wait_for(state="visible", timeout=timeout_ms)
            _wait_idle(page, timeout_ms)
            before = page.evaluate(SIGNATURE)
            sidebar = page.get_by_test_id("stSidebar")
            for click in clicks[:runs]:
                # Each click selects a pill not selected before: a new filter state.
                pill = sidebar.get_by_role("button", name=click["label"], exact=True)
                ran = len(_runs_settled(runs_of["app"]))
                ok = _timed(
                    result["click"],
                    lambda pill=pill, before=before: (
                        pill.click(timeout=timeout_ms),
                        page.wait_for_function(
                            CHANGED, arg=before, polling="raf", timeout=timeout_ms
                        ),
                    ),
                )
                if not ok:
                    break
                _keep_split(page, result["click_split"])
                _keep_script(runs_of["app"], ran, result["click_script"])
                # Untimed: unselect it, back to every card, before the next click.
                pill.click(timeout=timeout_ms)
                page.wait_for_function(SAME, arg=before, timeout=timeout_ms)
                _wait_idle(page, timeout_ms)
        except Exception as err:
            if result["click"]["status"] == "ok":
                result["click"]["status"] = "error"
                result["click"]["error"] = f"{type(err).__name__}: {err}"[:300]
        finally:
            page.close()
    page = context.new_page()
    try:
        page.goto(floor_url, wait_until="commit", timeout=timeout_ms)
        page.get_by_text("clicks: 0", exact=True).wait_for(timeout=timeout_ms)
        _wait_idle(page, timeout_ms)
        button = page.get_by_role("button", name="Count", exact=True)
        for i in range(1, runs + 1):
            ran = len(_runs_settled(runs_of["floor"]))
            ok = _timed(
                result["click_floor"],
                lambda i=i: (
                    button.click(timeout=timeout_ms),
                    page.wait_for_function(
                        f"t => ({HAS_TEXT})(t) && {_STAMP}",
                        arg=f"clicks: {i}",
                        polling="raf",
                        timeout=timeout_ms,
                    ),
                ),
            )
            if not ok:
                break
            _keep_split(page, result["click_floor_split"])
            _keep_script(runs_of["floor"], ran, result["click_floor_script"])
            _wait_idle(page, timeout_ms)
    finally:
        page.close()
    log("browser clicks done")


def _keep_split(page, splits: list) -> None:
    """The last click's split on the page's clock (see CLOCK), when it could be read: the
    time from the pointer going down to the server's last message before the page showed
    the change (`reply`), and from that message to the change on screen (`render`)."""
    try:
        split = page.evaluate(SPLIT)
    except Exception:  # a missing clock costs the split only, never the measurement
        return
    if split:
        splits.append(split)


def _runs_settled(path: Path, at_least: int = 0, wait_s: float = 2.0) -> list[float]:
    """The server's script runs so far (`benchmarks.served`), once there are `at_least` and
    no more arrive for a moment: the file is written just after a run ends, which may be
    just after the page saw that run finish."""
    deadline = time.monotonic() + wait_s
    runs = read_runs(path)
    while time.monotonic() < deadline:
        time.sleep(0.05)
        again = read_runs(path)
        if len(again) >= at_least and len(again) == len(runs):
            return again
        runs = again
    return runs


def _keep_script(path: Path, ran: int, scripts: list) -> None:
    """The seconds the server's script ran for the click just timed: the runs written since
    the `ran` there were before it (at least one, when the server wrote it)."""
    runs = _runs_settled(path, at_least=ran + 1)
    if len(runs) > ran:
        scripts.append(sum(runs[ran:]))
