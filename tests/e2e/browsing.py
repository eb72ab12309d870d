"""What the browser tests share: the server on a free loopback port, the pages' addresses,
readiness, selectors and small helpers to read what a reader sees. Fixtures live in
conftest.py; test modules import helpers from here, never from each other.

Readiness after `goto`: the app is connected and its script is not running, and the status
widget's running icon is gone. After a click that signal is not reliable (it may still read
"notRunning" before the rerun starts): tests wait for the DOM they expect instead.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from dashboard.model.filters import Filters
from dashboard.ui import PAGE_END
from dashboard.views import maps
from tests import harness

ROOT = Path(__file__).resolve().parents[2]


E2E_DIR = Path(__file__).resolve().parent


OUTPUT = ROOT / "test-output"


SCREENSHOTS = OUTPUT / "screenshots"


LOGS = OUTPUT / "e2e-logs"


DOCS = ROOT / "docs"


MINI_VISIT = ROOT / "tests" / "fixtures" / "mini_visit"


DATA_DIR_ENV = "DASHBOARD_DATA_DIR"


REQUIRE_BROWSER_ENV = "DASHBOARD_REQUIRE_BROWSER"


TILES_ENV = "DASHBOARD_MAP_TILES"


SERVER_START_TIMEOUT_S = 60.0


EXPECT_TIMEOUT_MS = 20_000


READY = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)


RUNNING_ICON = '[data-testid="stStatusWidgetRunningIcon"]'


#: page name -> path, in the order of the sidebar navigation.
PAGES = {
    "overview": "/",
    "map": "/map",
    "timeline": "/timeline",
    "issues": "/issues",
    "sources": "/sources",
}


#: page name -> the label of its sidebar navigation link.
NAV_LABELS = {
    "overview": "Overview",
    "map": "Route map",
    "timeline": "Timeline",
    "issues": "Issues",
    "sources": "Sources & data",
}


DESKTOP = {"width": 1280, "height": 800}


PHONE = {"width": 390, "height": 844}


CARD = "article.issue-card[data-card]"


SELECTED_EVENT = '[class*="st-key-selected-"]'


PLOTLY = '[data-testid="stPlotlyChart"]'


DECK = '[data-testid="stDeckGlJsonChart"]'


#: Deep links to a sub page make the frontend probe `/<page>/_stcore/...` first: two
#: harmless 404s that the console reports as errors.
HARMLESS_404 = re.compile(r"/[^/?#]+/_stcore/(health|host-config)$")


class StreamlitServer(harness.StreamlitServer):
    """`streamlit run app.py` from the repository root, on a free loopback port, started
    by the constructor (the shared harness, its errors turned into test failures)."""

    def __init__(self, data_dir: Path | None = None, name: str = "app"):
        env = dict(os.environ)
        env.pop(DATA_DIR_ENV, None)
        # The bundled basemap: no tile requests, the same pixels with or without a network.
        env[TILES_ENV] = "offline"
        if data_dir is not None:
            env[DATA_DIR_ENV] = str(data_dir)
        super().__init__(
            "app.py",
            cwd=ROOT,
            env=env,
            log_path=LOGS / f"server-{name}.log",  # overwritten by the next run
            timeout=SERVER_START_TIMEOUT_S,
        )
        try:
            self.start()
        except harness.ServerError as err:
            pytest.fail(str(err), pytrace=False)


def warm_up(browser, server: StreamlitServer) -> None:
    """Open the entrypoint's own page once, so the first test does not pay for the first
    load, and so the server knows the app's declared pages (see
    `test_a_fresh_server_shows_the_declared_navigation_on_a_deep_link` for why that matters)."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        open_page(page, server.url + "/")
    finally:
        context.close()


@dataclass
class PageLog:
    """What a page said on the side: console errors, uncaught errors and dialogs."""

    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    console_all: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def unexpected_errors(self) -> list[str]:
        """Console errors other than the two known 404s of a deep link, and page errors."""
        unexpected = [
            f"{text} ({url})"
            for text, url in self.console_errors
            if not (text.startswith("Failed to load resource") and HARMLESS_404.search(url))
        ]
        return unexpected + [f"uncaught: {e}" for e in self.page_errors]


def watch(page, log: PageLog) -> PageLog:
    """Record the page's console errors, uncaught errors and dialogs (dismissed) in `log`."""

    def on_console(message) -> None:
        log.console_all.append(f"{message.type}: {message.text}")
        if message.type == "error":
            log.console_errors.append((message.text, message.location.get("url", "")))

    def on_dialog(dialog) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    return log


@functools.cache
def plan_day() -> str:
    """The link's as_of that shows the shipped visit as its article planned it (the day it
    was written): the browser tests of the pages' mechanics read the plan
    (test_reports_browser.py reads the reports)."""
    from conftest import DATA_DIR, SHIPPED, planned_day_param

    from dashboard.data.loading import load_dataset

    return planned_day_param(load_dataset(DATA_DIR / SHIPPED), SHIPPED)


def url_of(
    base_url: str, page_name: str, params: dict | list | None = None, *, plan: bool = True
) -> str:
    """A page's link; with `plan`, as of the start of the day the article was written (a
    visit with no reports reads the same either way)."""
    pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
    if plan and not any(name == "as_of" for name, _ in pairs):
        pairs.append(("as_of", plan_day()))
    query = urlencode(pairs, doseq=True)
    return base_url + PAGES[page_name] + (f"?{query}" if query else "")


def wait_ready(page, timeout: float = 60_000) -> None:
    """After `goto`: connected, the script finished, the running icon gone."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_selector(RUNNING_ICON, state="detached", timeout=timeout)


def open_page(page, url: str) -> None:
    """Go to `url` and wait until the page has drawn its last block.

    The readiness selectors alone can pass before the first run has begun (the script
    state reads notRunning then too), so a fresh tab could be read half drawn.
    """
    page.goto(url)
    wait_ready(page)
    page.get_by_test_id("stMain").locator("h1").first.wait_for()
    page.locator(f".st-key-{PAGE_END}").wait_for(state="attached", timeout=60_000)


def settle_on(page, heading: str, timeout: float = 60_000) -> None:
    """After a click that switches page: wait until the new page's title is drawn and its
    run has finished, so the next click is not sent to a page still being drawn."""
    from playwright.sync_api import expect

    title = page.get_by_test_id("stMain").locator("h1").first
    expect(title).to_have_text(re.compile(rf"^{re.escape(heading)}"), timeout=timeout)
    wait_ready(page, timeout)
    page.locator(f".st-key-{PAGE_END}").wait_for(state="attached", timeout=timeout)


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def pill(page, label: str):
    return sidebar(page).get_by_role("button", name=label, exact=True)


def pressed_pills(page, expected: int | None = None) -> list[str]:
    """The labels of the pressed pills; with `expected`, first wait until that many are
    pressed (on a busy machine the first render may still be on its way)."""
    if expected is not None:
        from playwright.sync_api import expect

        expect(sidebar(page).locator('button[aria-pressed="true"]')).to_have_count(expected)
    return [
        text.strip()
        for text in sidebar(page).locator('button[aria-pressed="true"]').all_inner_texts()
    ]


#: The app's own links to its pages (they carry the filters), at the top of the sidebar.
PAGE_NAV = ".st-key-page-nav"


def nav_link(page, page_name: str):
    return page.locator(PAGE_NAV).get_by_role("link", name=NAV_LABELS[page_name], exact=False)


def showing_text(page) -> str:
    """The sidebar's summary line, e.g. 'Showing 7 of 10 visit events · 0 of 9 background,
    and 2 of 7 issue cards.'"""
    line = sidebar(page).locator("p").filter(has_text=re.compile(r"^Showing \d+ of \d+ visit"))
    return line.inner_text().strip()


def card_ids(page) -> set[str]:
    return set(page.locator(CARD).evaluate_all("els => els.map(e => e.dataset.card)"))


def timeline_marks(page):
    """The day chart's data marks: scatter points and bars (not the legend's entries, whose
    empty bars plotly draws as `M0,0Z`)."""
    chart = page.locator(PLOTLY).first
    return chart.locator('.scatterlayer .point, .barlayer .point path:not([d="M0,0Z"])')


def dataframe_cells(locator) -> list[str]:
    """Text of a dataframe's cells, from the grid's accessible table (the grid is a canvas)."""
    return locator.locator("th, td").evaluate_all("els => els.map(e => e.textContent)")


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, "element is not visible"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def click_at_centre(page, locator) -> None:
    """Move the mouse onto the element, then click there: plotly's drag layer sits on top
    of the marks and swallows element clicks."""
    locator.scroll_into_view_if_needed()
    x, y = centre(locator)
    page.mouse.move(x - 4, y)
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def png_image(data: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("RGB")


def distinct_colours(image) -> int:
    return len(image.getcolors(maxcolors=1 << 24) or [])


def stable_screenshot(locator, attempts: int = 20, pause_ms: int = 400) -> bytes:
    """A screenshot taken once two in a row agree (WebGL draws after the DOM settles)."""
    previous = locator.screenshot()
    for _ in range(attempts):
        locator.page.wait_for_timeout(pause_ms)
        current = locator.screenshot()
        if current == previous:
            return current
        previous = current
    return previous


def wait_for_map(page, min_colours: int = 50, timeout_s: float = 30.0):
    """The first deck's canvas, once it has drawn something (many colours)."""
    deck = page.locator(DECK).first
    deck.locator("canvas").first.wait_for()
    deadline = time.monotonic() + timeout_s
    while True:
        colours = distinct_colours(png_image(deck.screenshot()))
        if colours >= min_colours or time.monotonic() > deadline:
            return deck
        page.wait_for_timeout(300)


#: The height of everything a reader can scroll to: the main column, and the sidebar when it
#: is open (on a phone it starts collapsed, off-screen).
CONTENT_HEIGHT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const side = document.querySelector('[data-testid="stSidebarContent"]');
    const sideOpen = side && side.getBoundingClientRect().right > 0;
    return Math.max(main ? main.scrollHeight : 0, sideOpen ? side.scrollHeight : 0,
                    window.innerHeight);
}"""


def full_page_screenshot(page, path: Path, max_height: int = 12_000) -> Path:
    """The whole page: Streamlit scrolls inside its main container, so the viewport is made
    as tall as the content for the shot, then put back."""
    size = page.viewport_size
    height = page.evaluate(CONTENT_HEIGHT)
    page.set_viewport_size({"width": size["width"], "height": min(int(height), max_height)})
    page.wait_for_timeout(600)
    if page.locator(DECK).count():
        wait_for_map(page)
        stable_screenshot(page.locator(DECK).first)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def project_to_canvas(view, box: dict, lon: float, lat: float) -> tuple[float, float]:
    """Page pixel of a longitude/latitude on a deck canvas with this initial view state
    (web Mercator, 512-pixel world at zoom 0, view centred in the canvas; no pitch)."""

    def mercator(lon: float, lat: float) -> tuple[float, float]:
        phi = math.radians(lat)
        return (lon + 180.0) / 360.0, (
            1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi
        ) / 2

    scale = 512 * 2**view.zoom
    cx, cy = mercator(view.longitude, view.latitude)
    x, y = mercator(lon, lat)
    return (
        box["x"] + box["width"] / 2 + (x - cx) * scale,
        box["y"] + box["height"] / 2 + (y - cy) * scale,
    )


def copy_visit(source: Path, target: Path, edits: dict[tuple[str, str, str], str]) -> Path:
    """Copy a visit folder and set cells: {(file, row id, column): value}."""
    shutil.copytree(source, target)
    for (file, row_id, column), value in edits.items():
        path = target / file
        records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header = records[0]
        row = next(r for r in records[1:] if r and r[header.index("id")] == row_id)
        row[header.index(column)] = value
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(records)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return target


def hover_venue(page, visit, venue: str) -> tuple[float, float]:
    """Move the mouse onto a place's point on the drawn map; returns where it is."""
    place = visit.places.set_index("id").loc[venue]
    view = maps.route_deck(visit, Filters(visit=visit.id)).initial_view_state
    deck = wait_for_map(page)
    stable_screenshot(deck)
    box = deck.locator("canvas").first.bounding_box()
    x, y = project_to_canvas(view, box, float(place["lon"]), float(place["lat"]))
    page.mouse.move(x - 4, y)
    page.mouse.move(x, y)
    return x, y


#: The width of each of `lines`, in ems, as the browser draws it in `font` at `weight`: what
#: deck.gl's TextLayer lays out (the map tests' measure of a label).
MEASURE = """([font, weight, lines]) => {
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${weight} 64px ${font}`;
    return lines.map(line => context.measureText(line).width / 64);
}"""


def drawn_canvas(page, shot: Path):
    """The route map's canvas once drawn and still: its locator and its pixels, the
    screenshot kept at `shot`."""
    import numpy as np

    deck = wait_for_map(page)
    deck.scroll_into_view_if_needed()
    canvas = deck.locator("canvas").first
    stable_screenshot(deck)
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.write_bytes(stable_screenshot(canvas))
    return canvas, np.asarray(png_image(shot.read_bytes()))
