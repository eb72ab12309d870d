"""The browser measurements' pieces (`bench_pages.py` times them; the method is in
docs/benchmarks.md): the dashboard's and the trivial page's servers, both `benchmarks.served`
(each script run timed on the server), and what Playwright waits for in Chromium. `CLOCK`,
added to every page, stamps on the page's clock the pointer going down and each WebSocket
message after it, so that `split()` can divide a click at the server's last message."""

from __future__ import annotations

import time
from pathlib import Path

from tests.harness import LAUNCH_ARGS, StreamlitServer, find_chromium, free_port

from .pages import APP, ROOT, TRIVIAL, URLS
from .served import RUNS_FILE, read_runs

CARD = "article.issue-card[data-card]"
SIGNATURE = f"""() => [
  ...Array.from(document.querySelectorAll('{CARD}'), e => e.dataset.card),
  ...Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]'),
                e => e.innerText),
].join('\\n')"""
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
_IDLE = (
    "(document.querySelector('[data-testid=\"stApp\"]') || {getAttribute: () => ''})"
    ".getAttribute('data-test-script-state') === 'notRunning'"
)
CHANGED = f"before => ({SIGNATURE})() !== before && {_IDLE} && {_STAMP}"
SAME = f"before => ({SIGNATURE})() === before && {_IDLE}"
COUNTED = f"t => document.body.innerText.includes(t) && {_STAMP}"
HELLO = 'internal:text="hello"s'  # the trivial page's first element
FIRST_LOAD_MS = 1_800_000  # the server's first page loads and validates the data


def servers(env: dict, logs: Path) -> tuple[StreamlitServer, StreamlitServer]:
    """The dashboard's and the trivial page's servers (not started), each writing its
    script runs to `runs_file`."""

    def server(script: Path, name: str, port: int | None = None) -> StreamlitServer:
        runs = logs / f"runs-{name}.txt"
        runs.unlink(missing_ok=True)
        made = StreamlitServer(
            script, cwd=ROOT, env={**env, RUNS_FILE: str(runs)}, module="benchmarks.served",
            log_path=logs / f"server-{name}.log", port=port, timeout=120.0,
        )  # fmt: skip
        made.runs_file = runs
        return made

    app = server(APP, "app")
    return app, server(TRIVIAL, "trivial", free_port(avoid={app.port}))


def launch(playwright):
    return playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=LAUNCH_ARGS)


def wait_idle(page, timeout_ms: float) -> None:
    page.locator(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
        '[data-test-script-state="notRunning"]'
    ).wait_for(timeout=timeout_ms)
    page.get_by_test_id("stStatusWidgetRunningIcon").wait_for(state="detached", timeout=timeout_ms)


def warm_up(context, app_url: str, floor_url: str) -> None:
    """The server's first session loads the data. It opens `/` first: with streamlit 1.67 a
    fresh server whose first session deep-links to a sub page named like a file in pages/
    serves the old automatic navigation for good, where a filter click changes nothing."""
    page = context.new_page()
    page.goto(app_url, wait_until="commit", timeout=FIRST_LOAD_MS)
    page.get_by_test_id("stSidebar").get_by_role("button").first.wait_for(timeout=FIRST_LOAD_MS)
    wait_idle(page, FIRST_LOAD_MS)
    navigate(page, f"{app_url}/{URLS['issues']}", CARD, FIRST_LOAD_MS)
    navigate(page, floor_url, HELLO, FIRST_LOAD_MS)
    page.close()


def navigate(page, url: str, visible: str, timeout_ms: float) -> None:
    """`goto(url)` until the first element `visible` selects is visible."""
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    page.locator(visible).first.wait_for(state="visible", timeout=timeout_ms)


def split(page) -> dict | None:
    """The last click on the page's clock: pointer down to the server's last message before
    the change showed (`reply`), and from it to the change (`render`), in ms."""
    try:
        return page.evaluate(SPLIT)
    except Exception:  # a missing clock costs the split only, never the measurement
        return None


def runs_settled(path: Path, at_least: int = 0, wait_s: float = 2.0) -> list[float]:
    """The server's script runs so far, once there are `at_least` and no more arrive for a
    moment (the file is written just after a run ends, maybe after the page saw it)."""
    deadline, runs = time.monotonic() + wait_s, read_runs(path)
    while time.monotonic() < deadline:
        time.sleep(0.05)
        again = read_runs(path)
        if len(again) >= at_least and len(again) == len(runs):
            return again
        runs = again
    return runs


def script_since(path: Path, ran: int) -> float | None:
    """The seconds the server's script ran since there were `ran` runs (the click's)."""
    runs = runs_settled(path, at_least=ran + 1)
    return sum(runs[ran:]) if len(runs) > ran else None
