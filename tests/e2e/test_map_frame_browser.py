"""The route map's frame, tooltips and labels in a browser, at 1280x800 and 390x844, for
every visit folder the tests know (the shipped data and each fixture visit in
tests/fixtures/*_visit): the map page's chart and the overview's smaller one frame the
route (its places on the canvas, the zoom close to the tightest that holds them with their
names), a mark is drawn where each place is, every tooltip opens inside the canvas and the
screen (a city's own when the city is hovered, a leg's on its middle), the labels the
browser draws overlap nothing, and the picked place goes in the link, which Back takes back.

Geometry comes from the deck the server draws (`maps.route_deck` on the same data),
projected with the view's Web Mercator onto the canvas the browser laid out; text is
measured by the browser with the deck's own font."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from dashboard.data.loading import load_dataset
from dashboard.model.filters import Filters
from dashboard.model.visit import select_visit, visit_ids
from dashboard.views import maps
from dashboard.views.maps.basemap import LAND_COLOUR, SEA_COLOUR
from dashboard.views.maps.style import RADIUS
from tests.map_decks import label_boxes, tightest

from .browsing import (
    DESKTOP,
    MEASURE,
    PHONE,
    ROOT,
    SCREENSHOTS,
    StreamlitServer,
    drawn_canvas,
    open_page,
    stable_screenshot,
    url_of,
    wait_for_map,
)

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def _folders() -> dict[str, Path]:
    """Each visit folder on its own: those in data/ and the fixture visits."""
    shipped = {p.name: p for p in sorted((ROOT / "data").iterdir()) if (p / "visits.csv").exists()}
    fixtures = {p.name: p for p in sorted((ROOT / "tests" / "fixtures").glob("*_visit"))}
    return shipped | fixtures


FOLDERS = _folders()
NEAR = "near_visit"

#: The visible tooltip (the template's box inside deck.gl's), its title and its box.
TOOLTIP = """() => {
    const tip = document.querySelector('.deck-tooltip');
    if (!tip || tip.style.display === 'none' || !tip.firstElementChild) return null;
    const box = tip.firstElementChild.getBoundingClientRect();
    const title = tip.querySelector('b');
    return {title: title ? title.textContent : '', left: box.left, top: box.top,
            right: box.right, bottom: box.bottom};
}"""


class Servers:
    """One server at a time, on the folder the test asks for (the tests run grouped by
    folder): a fixture's server is started once and stopped when the next folder comes."""

    def __init__(self):
        self.name: str | None = None
        self.server: StreamlitServer | None = None

    def url(self, name: str) -> str:
        if name != self.name:
            self.stop()
            self.server = StreamlitServer(data_dir=FOLDERS[name], name=f"frame-{name}")
            self.name = name
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        self.server, self.name = None, None


@pytest.fixture(scope="module")
def servers(browser):
    started = Servers()
    yield started
    started.stop()


@dataclass
class Drawn:
    """One map as the browser drew it: the page, the canvas's box on the page, its pixels,
    and the deck the server sent."""

    name: str
    size: str
    kind: str  # "route" (the map page) or "overview" (the overview's smaller map)
    page: object
    visit: object
    spec: dict
    canvas: dict
    pixels: np.ndarray

    def chart(self) -> maps.Projection:
        view = self.spec["initialViewState"]
        size = (self.canvas["width"], self.canvas["height"])
        return maps.Projection(view["longitude"], view["latitude"], view["zoom"], size)

    def on_page(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.chart().pixel(lon, lat)
        return (
            self.canvas["x"] + self.canvas["width"] / 2 + x,
            self.canvas["y"] + self.canvas["height"] / 2 + y,
        )

    def rows(self, layer_id: str) -> list[dict]:
        layers = [layer for layer in self.spec["layers"] if layer["id"] == layer_id]
        return layers[0]["data"] if layers else []

    def layer(self, layer_id: str) -> dict:
        return next(layer for layer in self.spec["layers"] if layer["id"] == layer_id)


def _draw(browser, servers, name: str, size: str, kind: str):
    """Open the page of one map of the folder's visit at one size, for a test's checks."""
    folder = FOLDERS[name]
    dataset = load_dataset(folder)
    visit = select_visit(dataset, visit_ids(dataset)[0])
    url = servers.url(name)
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    open_page(page, url_of(url, "map" if kind == "route" else "overview", plan=False))
    canvas, pixels = drawn_canvas(page, SCREENSHOTS / f"frame-{name}-{kind}-{size}.png")
    deck_spec = maps.route_deck(visit, Filters(visit=visit.id), compact=kind == "overview")
    spec = json.loads(deck_spec.to_json())
    return context, Drawn(name, size, kind, page, visit, spec, canvas.bounding_box(), pixels)


@pytest.fixture(
    scope="module",
    params=[(n, s, k) for n in FOLDERS for s in SIZES for k in ("route", "overview")],
    ids=lambda p: "-".join(p),
)
def drawn(request, browser, servers):
    context, result = _draw(browser, servers, *request.param)
    try:
        yield result
    finally:
        context.close()


# -- The frame -----------------------------------------------------------------------------


def _is_map(pixel) -> bool:
    """Whether the pixel is bare land or sea (no mark drawn there)."""
    pixel = np.asarray(pixel, dtype=float)
    return min(np.abs(pixel - LAND_COLOUR).max(), np.abs(pixel - SEA_COLOUR).max()) <= 12


def test_the_route_is_framed_on_the_canvas_and_drawn_there(drawn):
    """Each stop and each leg lies on the canvas the browser laid out, inside the screen;
    a mark is drawn at each stop (the view is the one the server framed); the zoom is within
    half a level of the tightest that holds them with their names beside them."""
    canvas, chart = drawn.canvas, drawn.chart()
    width = SIZES[drawn.size]["width"]
    assert canvas["x"] >= 0 and canvas["x"] + canvas["width"] <= width, canvas
    frame = set(maps.frame_place_ids(drawn.visit))
    places = {row["id"]: row for row in drawn.rows("places")}
    stops = [places[i]["position"] for i in frame if i in places]
    points = stops + [p for leg in drawn.rows("legs") for p in leg["path"]]
    for lon, lat in points:
        x, y = chart.pixel(lon, lat)
        assert chart.inside(x, y, margin=2), (drawn.name, drawn.kind, drawn.size, lon, lat)
    for lon, lat in stops:
        x, y = chart.pixel(lon, lat)
        px, py = int(canvas["width"] / 2 + x), int(canvas["height"] / 2 + y)
        patch = drawn.pixels[max(py - 2, 0) : py + 3, max(px - 2, 0) : px + 3].reshape(-1, 3)
        assert not all(_is_map(p) for p in patch), (drawn.name, drawn.kind, lon, lat)
    layer = drawn.layer("city-labels")
    names = [row["label"].split("\n")[0] for row in drawn.rows("city-labels") if row["id"] in frame]
    ems = drawn.page.evaluate(MEASURE, [layer["fontFamily"], layer["fontWeight"], names])
    room = max(ems, default=0) * layer["getSize"] + RADIUS["city"] + 4
    tightest_zoom = tightest(points, (canvas["width"], canvas["height"]), room)
    assert chart.zoom >= tightest_zoom - 0.5, (
        drawn.name,
        drawn.kind,
        drawn.size,
        chart.zoom,
        tightest_zoom,
    )


# -- Tooltips ------------------------------------------------------------------------------


def _hover(page, x: float, y: float):
    page.mouse.move(x - 3, y)
    page.mouse.move(x, y)
    page.wait_for_timeout(250)
    for _ in range(20):
        tip = page.evaluate(TOOLTIP)
        if tip is not None:
            return tip
        page.wait_for_timeout(150)
    return None


def _targets(drawn: Drawn) -> list[tuple[str, float, float, str | None]]:
    """Where to hover and whose tooltip that should give: each city on a part of its disc
    no city drawn over it covers (its own tooltip, not a venue's), each venue's point, each
    leg's band middle clear of every place; only points on the canvas."""
    chart = drawn.chart()
    places = drawn.rows("places")  # in drawing order: venues, then cities over them
    discs = [(row, *chart.pixel(*row["position"]), row["radius"]) for row in places]
    targets = []
    for index, (row, x, y, radius) in enumerate(discs):
        later = [d for d in discs[index + 1 :] if d[0]["kind"] == "city"]
        spots = [(x, y)] + [
            (x + 0.7 * radius * math.cos(a), y + 0.7 * radius * math.sin(a))
            for a in np.linspace(0, 2 * math.pi, 12, endpoint=False)
        ]
        free = [
            (sx, sy)
            for sx, sy in spots
            if all(math.hypot(sx - d[1], sy - d[2]) > d[3] + 1.5 for d in later)
        ]
        if row["kind"] == "city" and free:
            targets.append((row["id"], *free[0], row["tooltip_title"]))
        elif row["kind"] == "venue":
            targets.append((row["id"], x, y, None))  # a city's disc may answer for it
    for band in drawn.rows("leg-hits"):
        x, y = chart.pixel(*band["path"][len(band["path"]) // 2])
        if all(math.hypot(x - d[1], y - d[2]) > d[3] + 6 for d in discs):
            targets.append((band["id"], x, y, band["tooltip_title"]))
    half_w, half_h = drawn.canvas["width"] / 2 - 3, drawn.canvas["height"] / 2 - 3
    return [t for t in targets if abs(t[1]) <= half_w and abs(t[2]) <= half_h]


def test_every_tooltip_opens_inside_the_canvas_and_the_screen(drawn):
    """Hover each city (its own tooltip, even where a venue's dot lies under it), each venue
    and each leg's middle: the tooltip is whole inside the canvas and the screen."""
    targets = _targets(drawn)
    assert targets, (drawn.name, drawn.kind)
    canvas, viewport = drawn.canvas, SIZES[drawn.size]
    cx, cy = canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2
    seen = []
    for target, x, y, title in targets:
        tip = _hover(drawn.page, cx + x, cy + y)
        assert tip is not None, (drawn.name, drawn.kind, drawn.size, target)
        if title is not None:
            assert tip["title"] == title, (drawn.name, target, tip["title"])
        seen.append(tip["title"])
        assert canvas["x"] - 0.5 <= tip["left"] and tip["right"] <= canvas["x"] + canvas["width"] + 0.5, (drawn.name, drawn.kind, drawn.size, target, tip, canvas)  # fmt: skip
        assert canvas["y"] - 0.5 <= tip["top"] and tip["bottom"] <= canvas["y"] + canvas["height"] + 0.5, (drawn.name, drawn.kind, drawn.size, target, tip, canvas)  # fmt: skip
        assert 0 <= tip["left"] and tip["right"] <= viewport["width"], (target, tip)
        assert 0 <= tip["top"] and tip["bottom"] <= viewport["height"], (target, tip)
    legs = {band["id"] for band in drawn.rows("leg-hits")}
    if any(target[0] in legs for target in targets):  # a leg's middle clear of every place
        assert any(title.startswith("Leg ") for title in seen), (drawn.name, seen)


# -- Labels --------------------------------------------------------------------------------


def _label_boxes(drawn: Drawn) -> dict[str, maps.Box]:
    """Every label's box on the page, its width measured by the browser with the deck's own
    font, where deck.gl lays it out (`map_decks.label_boxes`)."""

    def measured(lines, size, weight, font) -> float:
        return max(drawn.page.evaluate(MEASURE, [font, weight, lines])) * size

    return label_boxes(drawn.spec, point=drawn.on_page, width=measured, line_height=1.0)


def test_no_two_labels_overlap_and_close_places_are_both_named(drawn):
    """The labels the browser draws overlap no other label and no other city's mark, and
    those of the frame's cities are whole on the canvas; on the visit whose two host cities
    are 21 km apart, both are named."""
    boxes = _label_boxes(drawn)
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), (drawn.name, drawn.kind, drawn.size, a, b)
    cities = [row for row in drawn.rows("places") if row["kind"] == "city"]
    frame = set(maps.frame_place_ids(drawn.visit))
    canvas = drawn.canvas
    for label, box in boxes.items():
        if not label.startswith("city-labels:"):
            continue
        own = label.split(":", 1)[1]
        for city in cities:
            if city["id"] != own:
                x, y = drawn.on_page(*city["position"])
                assert not box.hits_circle(x, y, city["radius"]), (drawn.name, label, city["id"])
        if own in frame:
            assert canvas["x"] <= box.left and box.right <= canvas["x"] + canvas["width"]
            assert canvas["y"] <= box.top and box.bottom <= canvas["y"] + canvas["height"]
    if drawn.name == NEAR:
        assert {"city-labels:haneul", "city-labels:seorin"} <= set(boxes)


# -- The picked place in the link, and Back --------------------------------------------------


@pytest.mark.parametrize("size", list(SIZES))
def test_a_picked_place_goes_in_the_link_and_back_takes_it_back(browser, servers, size):
    """From the overview the app's own link opens the map; a click on a city shows its
    events and puts it in the link; Back takes the pick back (the map keeps no pick), and
    Back again returns to the overview: the app, not the page before it."""
    url = servers.url(NEAR)
    dataset = load_dataset(FOLDERS[NEAR])
    visit = select_visit(dataset, visit_ids(dataset)[0])
    context = browser.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        page.goto("about:blank")
        open_page(page, url_of(url, "overview", plan=False))
        page.get_by_role("link", name="Open the route map").click()
        for attempt in range(3):  # the page may draw the map anew once after opening
            try:
                deck = wait_for_map(page)
                deck.scroll_into_view_if_needed()
                stable_screenshot(deck)
                break
            except PlaywrightError:
                if attempt == 2:
                    raise
                page.wait_for_timeout(500)
        box = deck.locator("canvas").first.bounding_box()
        view = maps.route_deck(visit, Filters(visit=visit.id)).initial_view_state
        chart = maps.Projection(view.longitude, view.latitude, view.zoom, (box["width"], box["height"]))  # fmt: skip
        place = visit.places.set_index("id").loc["capital-g"]
        x, y = chart.pixel(float(place["lon"]), float(place["lat"]))
        x, y = box["x"] + box["width"] / 2 + x, box["y"] + box["height"] / 2 + y
        page.mouse.move(x - 2, y)
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name="Capital G")).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]place=capital-g\b"))
        page.go_back()
        expect(main.get_by_role("heading", name="Capital G")).to_have_count(0)
        expect(main.get_by_text("Click a city or venue on the map")).to_be_visible()
        assert "place=" not in page.url and page.url.split("?")[0].endswith("/map")
        page.go_back()
        expect(main.locator("h1").first).to_have_text(str(visit.title))
        assert page.url.startswith(url)
    finally:
        context.close()
