"""Two replicas of `streamlit run app.py` behind HAProxy with the deployment's rules
(deploy/haproxy/readers.cfg), read in headless Chromium: a reader's session stays on its
replica across reruns, page links and a reload; when that replica is lost, HAProxy takes it
out within its health checks and the reader's page comes back on the other replica with the
same view (the filters live in the URL), before and after a reload; what a reader sees while
no replica answers is plain words, never a traceback.

Marked `replicas` (pyproject.toml), run by `python -m pytest` with the other tiers. Without
HAProxy (apt-get install haproxy) or Chromium it skips with the reason, except where
$DASHBOARD_REQUIRE_HAPROXY or $DASHBOARD_REQUIRE_BROWSER is set (CI: `.ci/run`), where it
fails. One cluster serves the module; its processes are stopped by their PIDs at the end.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.cluster import COOKIE, RULES, Cluster, ClusterError, find_haproxy
from tests.e2e.browsing import (
    CARD,
    READY,
    card_ids,
    nav_link,
    open_page,
    pill,
    pressed_pills,
    showing_text,
)
from tests.harness import LAUNCH_ARGS, find_chromium

pytestmark = pytest.mark.replicas

ROOT = Path(__file__).resolve().parents[1]
VISIT = ROOT / "data" / "lee-china-2026"
OUTPUT = ROOT / "test-output" / "replicas"
REQUIRE_HAPROXY_ENV = "DASHBOARD_REQUIRE_HAPROXY"
REQUIRE_BROWSER_ENV = "DASHBOARD_REQUIRE_BROWSER"
VIEW = "/issues?day=2026-01-06&topic=economy"
OTHER_DAY = "Wed 7 Jan"
TIMEOUT_MS = 30_000
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]*\", line \d+")


def _missing(what: str, env: str) -> None:
    if os.environ.get(env):
        pytest.fail(f"{what} (${env} is set, so this is a failure)")
    pytest.skip(what)


def health_bound_s() -> float:
    """How long the rules give HAProxy to take a dead replica out: `fall` failed checks,
    the first after `inter`, the others `fastinter` apart."""
    line = re.search(r"^\s*default-server\s.*$", RULES.read_text(encoding="utf-8"), re.M).group(0)

    def seconds(key: str) -> float:
        value = re.search(rf"\b{key} (\d+)(ms|s)\b", line)
        return int(value.group(1)) / (1000 if value.group(2) == "ms" else 1)

    fall = int(re.search(r"\bfall (\d+)", line).group(1))
    return seconds("inter") + (fall - 1) * seconds("fastinter")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if find_haproxy() is None:
        _missing("no haproxy: apt-get install haproxy", REQUIRE_HAPROXY_ENV)
    work = tmp_path_factory.mktemp("replicas")
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(VISIT), "DASHBOARD_MAP_TILES": "offline",
           "DASHBOARD_CACHE_DIR": str(work / "copies")}  # fmt: skip
    try:
        cluster = Cluster(2, work, env=env).start()
    except ClusterError as err:
        pytest.fail(str(err), pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def browser(cluster):
    executable = find_chromium()
    if executable is None:
        _missing("no Chromium: apt-get install chromium", REQUIRE_BROWSER_ENV)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def reader(browser):
    """A new reader: a browser context of its own (its own cookies) and a tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def cookie_of(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE)


def view(page) -> dict:
    """What makes a reader's view: the address, the pressed filters, the summary line and
    the cards shown."""
    return {
        "url": page.url.split("://", 1)[1].split("/", 1)[1],
        "pressed": pressed_pills(page, expected=2),  # the link's day and topic
        "showing": showing_text(page),
        "cards": card_ids(page),
    }


def test_each_reader_stays_on_its_replica_across_reruns_links_and_a_reload(cluster, browser):
    (context_a, a), (context_b, b) = reader(browser), reader(browser)
    try:
        open_page(a, cluster.url + VIEW)
        open_page(b, cluster.url + VIEW)
        on_a, on_b = (
            cluster.replica_of(cookie_of(context_a)),
            cluster.replica_of(cookie_of(context_b)),
        )
        assert {on_a, on_b} == set(cluster.replicas), "two readers, one on each replica"

        for pressed in ("true", "false", "true"):  # three reruns, by clicks on a filter
            pill(a, OTHER_DAY).click()
            expect(pill(a, OTHER_DAY)).to_have_attribute("aria-pressed", pressed)
        nav_link(a, "timeline").click()  # a page link: another script run on the same socket
        a.wait_for_url(re.compile(r"/timeline\?"))
        a.wait_for_selector(READY)
        streams = [
            r
            for r in cluster.requests()
            if r.path == "/_stcore/stream" and r.cookie == cookie_of(context_a)
        ]
        assert [r.replica for r in streams] == [on_a], (
            "the reruns and the link used the page's one WebSocket"
        )

        document = a.reload()
        a.wait_for_selector(READY)
        assert document.headers["x-replica"] == on_a
        mine = [r for r in cluster.requests() if r.cookie == cookie_of(context_a)]
        assert mine and {r.replica for r in mine} == {on_a}, (
            "every request with its cookie went to its replica"
        )
        assert sum(r.path == "/_stcore/stream" for r in mine) == 2  # the reload's new WebSocket
        assert {r.replica for r in cluster.requests() if r.cookie == cookie_of(context_b)} == {on_b}
    finally:
        context_a.close()
        context_b.close()


def wait_reconnected(page, sockets: list[str], opened: int, seen: list[str]) -> None:
    """Poll the page until it has opened a new WebSocket (more than `opened`) and is
    connected and idle again, keeping every dialog's and the main area's text on the way."""
    app = page.get_by_test_id("stApp")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        seen.extend(page.get_by_role("dialog").all_inner_texts())
        seen.append(page.get_by_test_id("stMain").inner_text())
        state = (
            app.get_attribute("data-test-connection-state"),
            app.get_attribute("data-test-script-state"),
        )
        if (
            len(sockets) > opened
            and state == ("CONNECTED", "notRunning")
            and page.locator(CARD).count()
        ):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page did not reconnect within 30 s")


def test_a_reader_whose_replica_is_lost_gets_the_same_view_back(cluster, browser):
    context, page = reader(browser)
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    try:
        open_page(page, cluster.url + VIEW)
        before, cookie = view(page), cookie_of(context)
        assert before["pressed"] and before["cards"]
        lost = cluster.replica_of(cookie)
        (survivor,) = set(cluster.replicas) - {lost}

        opened = len(sockets)
        killed = cluster.kill(lost)
        down = cluster.wait_down(lost)
        assert down - killed <= health_bound_s() + 0.5, (
            f"{lost} taken out after {down - killed:.2f} s"
        )
        sent = int(cluster.stats()[lost]["stot"])

        seen: list[str] = []
        wait_reconnected(page, sockets, opened, seen)  # by itself, through HAProxy
        # The page's first request after the loss carried the lost replica's cookie; HAProxy
        # sent it to the survivor with a new cookie, which the new WebSocket carried.
        requests, renewed = cluster.requests(), cookie_of(context)
        assert any(r.cookie == cookie and r.replica == survivor for r in requests)
        assert renewed != cookie and cluster.replica_of(renewed) == survivor
        streams = {
            r.replica for r in requests if r.path == "/_stcore/stream" and r.cookie == renewed
        }
        assert streams == {survivor}
        assert view(page) == before, "the page came back on the other replica as it was"
        document = page.reload()
        page.locator(CARD).first.wait_for()
        page.wait_for_selector(READY)
        assert document.headers["x-replica"] == survivor
        assert view(page) == before, "a reload shows the same view"
        assert cluster.stats()[lost]["stot"] == str(sent), (
            "HAProxy sent nothing to the dead replica"
        )
        assert not [t for t in seen if TRACEBACK.search(t)]
        assert page.locator('[data-testid="stException"]').count() == 0

        # No replica left: Streamlit's own connection dialog, in plain words.
        cluster.kill(survivor)
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=60_000)
        text = dialog.inner_text()
        OUTPUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "no-replica-left.png"))
        assert "Connection error" in text, text
        assert not TRACEBACK.search(text), text
    finally:
        context.close()
