"""The route map in a browser, at 1280x800 and 390x844, on the shipped visit and on the
out-and-back fixture (tests/fixtures/river_visit): the base map fills the canvas, the
labels the browser draws do not overlap, names in Korean and Chinese script are glyphs,
a return leg is its own arc, the legend sits beside the map, and the click tables fit.

Where a check needs the map's geometry it reads the deck the server draws (the same
`maps.route_deck` on the same data) and projects it with the view's Web Mercator onto the
canvas the browser laid out. Screenshots of every map land in test-output/screenshots/
(map-<visit>-<desktop|phone>.png, the page, and ...-canvas.png, the map alone); with
UPDATE_DOCS_SCREENSHOTS=1 the shipped visit's become docs/map-<desktop|phone>.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

from dashboard.data.loading import load_dataset
from dashboard.model.filters import Filters
from dashboard.model.visit import select_visit
from dashboard.views import maps
from dashboard.views.maps.basemap import LAND_COLOUR, SEA_COLOUR, load_world
from tests.map_decks import label_boxes

from .browsing import (
    DECK,
    DESKTOP,
    DOCS,
    MEASURE,
    PHONE,
    REQUIRE_BROWSER_ENV,
    ROOT,
    SCREENSHOTS,
    StreamlitServer,
    dataframe_cells,
    drawn_canvas,
    full_page_screenshot,
    hover_venue,
    open_page,
    stable_screenshot,
    url_of,
    wait_for_map,
)

RIVER = ROOT / "tests" / "fixtures" / "river_visit"
#: A route over the antimeridian: 178E to 158W, a year end, ten topics.
DATELINE = ROOT / "tests" / "fixtures" / "dateline_visit"
FIXTURES = {"river": (RIVER, "fixture-river-2026"), "dateline": (DATELINE, "fixture-dateline-2026")}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
#: Pixels of canvas kept clear of the chart's rounded corners when sampling its edges.
CORNER = 14


@pytest.fixture(scope="module")
def fixture_servers(tmp_path_factory, browser):
    """One server per fixture visit, started when a test first asks for it."""
    servers: dict[str, StreamlitServer] = {}

    def server(name: str) -> StreamlitServer:
        if name not in servers:
            data = tmp_path_factory.mktemp(name) / "data"
            shutil.copytree(FIXTURES[name][0], data / FIXTURES[name][0].name)
            servers[name] = StreamlitServer(data_dir=data, name=name)
        return servers[name]

    yield server
    for started in servers.values():
        started.stop()


@pytest.fixture(scope="module")
def river_server(fixture_servers):
    return fixture_servers("river")


@dataclass
class MapView:
    """One map as the browser drew it: the page, the canvas's box, its pixels, and the
    deck the server sent."""

    name: str
    size: str
    page: object
    visit: object
    spec: dict
    canvas: dict  # the canvas's bounding box on the page
    pixels: np.ndarray  # height x width x RGB

    def projection(self) -> maps.Projection:
        view = self.spec["initialViewState"]
        size = (self.canvas["width"], self.canvas["height"])
        return maps.Projection(view["longitude"], view["latitude"], view["zoom"], size)

    def to_canvas(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.projection().pixel(lon, lat)
        return self.canvas["width"] / 2 + x, self.canvas["height"] / 2 + y

    def rows(self, layer_id: str) -> list[dict]:
        return next(layer for layer in self.spec["layers"] if layer["id"] == layer_id)["data"]

    def layer(self, layer_id: str) -> dict:
        return next(layer for layer in self.spec["layers"] if layer["id"] == layer_id)


@pytest.fixture(
    scope="module", params=[(v, s) for v in ("shipped", "river", "dateline") for s in SIZES]
)
def drawn(request, browser, base_url, fixture_servers, visit):
    """The map page of one visit at one size, drawn once for the module's checks."""
    name, size = request.param
    if name == "shipped":
        url, shown = base_url, visit
    else:
        url = fixture_servers(name).url
        shown = select_visit(load_dataset(FIXTURES[name][0]), FIXTURES[name][1])
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    try:
        open_page(page, url_of(url, "map"))
        canvas, pixels = drawn_canvas(page, SCREENSHOTS / f"map-{name}-{size}-canvas.png")
        spec = json.loads(maps.route_deck(shown, Filters(visit=shown.id)).to_json())
        yield MapView(name, size, page, shown, spec, canvas.bounding_box(), pixels)
        full = full_page_screenshot(page, SCREENSHOTS / f"map-{name}-{size}.png")
        if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1" and name == "shipped":
            DOCS.mkdir(exist_ok=True)
            shutil.copyfile(full, DOCS / f"map-{size}.png")
    finally:
        context.close()


# -- The base map --------------------------------------------------------------------------


def _in_ring(x: float, y: float, ring: np.ndarray) -> bool:
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    crossing = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return bool(np.count_nonzero(crossing & (x < at)) % 2)


def _land_at(lon: float, lat: float) -> bool:
    """Whether the bundled 1:50m data has land there (the map draws it simplified)."""
    world = load_world("50m")
    lon = (lon + 180) % 360 - 180
    boxes = world.land_boxes
    near = (boxes[:, 0] <= lon) & (boxes[:, 2] >= lon) & (boxes[:, 1] <= lat) & (boxes[:, 3] >= lat)
    for index in np.flatnonzero(near):
        outer, *holes = world.land[index]
        if _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, h) for h in holes):
            return True
    return False


def _kind(pixel) -> str:
    """'land', 'sea', 'bare' (the page's white showing through) or 'other' (lines, marks)."""
    pixel = np.asarray(pixel, dtype=float)
    if (pixel >= 250).all():
        return "bare"
    land = np.abs(pixel - LAND_COLOUR).max()
    sea = np.abs(pixel - SEA_COLOUR).max()
    if min(land, sea) > 12:
        return "other"
    return "land" if land < sea else "sea"


def _edges(height: int, width: int):
    """(edge, x, y) every 4 pixels along each edge, 2 pixels in, clear of the corners."""
    for x in range(CORNER, width - CORNER, 4):
        yield "top", x, 2
        yield "bottom", x, height - 3
    for y in range(CORNER, height - CORNER, 4):
        yield "left", 2, y
        yield "right", width - 3, y


def test_the_base_map_fills_the_canvas_to_every_edge(drawn):
    """Along each edge: no run of bare canvas, and land where the bundled data has land,
    sea where it has sea (the East Asia basemap showed sea over Central Asia at the left)."""
    height, width = drawn.pixels.shape[:2]
    chart = drawn.projection()
    runs = {"top": 0, "bottom": 0, "left": 0, "right": 0}
    longest = dict(runs)
    agree = {edge: [0, 0] for edge in runs}
    for edge, x, y in _edges(height, width):
        kind = _kind(drawn.pixels[y, x])
        runs[edge] = runs[edge] + 1 if kind == "bare" else 0
        longest[edge] = max(longest[edge], runs[edge])
        if kind in ("land", "sea"):
            lon, lat = chart.lonlat(x - width / 2, y - height / 2)
            agree[edge][0] += (kind == "land") == _land_at(lon, lat)
            agree[edge][1] += 1
    assert longest == {"top": 0, "bottom": 0, "left": 0, "right": 0}, longest
    for edge, (same, total) in agree.items():
        assert total > 20, (edge, total)
        assert same / total >= 0.9, (drawn.name, drawn.size, edge, same, total)


# -- Labels --------------------------------------------------------------------------------


def _measured_boxes(drawn) -> dict[str, maps.Box]:
    """Every label's box on the canvas, its width measured by the browser with the deck's
    own font, as deck.gl lays it out (`map_decks.label_boxes`); the layout's own estimate of
    each label's width is checked against the browser's on the way: never narrower."""

    def measured(lines, size, weight, font) -> float:
        width = max(drawn.page.evaluate(MEASURE, [font, weight, lines])) * size
        estimate = max(maps.text_width(line, size, weight) for line in lines)
        assert estimate >= width - 0.5, (lines, estimate, width)  # the layout's
        return width

    return label_boxes(drawn.spec, point=drawn.to_canvas, width=measured, line_height=1.0)


def test_no_label_overlaps_another_a_leg_or_the_edge(drawn):
    boxes = _measured_boxes(drawn)
    assert boxes, "no label on the map"
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), (drawn.name, drawn.size, a, b)
    legs = {r["id"]: [drawn.to_canvas(*p) for p in r["path"]] for r in drawn.rows("legs")}
    width, height = drawn.canvas["width"], drawn.canvas["height"]
    for label, box in boxes.items():
        for leg_id, path in legs.items():
            for p, q in zip(path, path[1:], strict=False):
                assert not box.hits_segment(p, q), (drawn.size, label, "on leg", leg_id)
        city = next((r for r in drawn.rows("city-labels") if f"city-labels:{r['id']}" == label), None)  # fmt: skip
        if city is not None:
            x, y = drawn.to_canvas(*city["position"])
            if not (0 <= x <= width and 0 <= y <= height):
                continue  # a city off the chart
        assert 0 <= box.left and box.right <= width, (drawn.size, label, box)
        assert 0 <= box.top and box.bottom <= height, (drawn.size, label, box)


GLYPHS = """([font, chars]) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const context = canvas.getContext('2d');
    return chars.map(char => {
        context.clearRect(0, 0, 48, 48);
        context.font = `600 32px ${font}`;
        context.fillText(char, 4, 38);
        const data = context.getImageData(0, 0, 48, 48).data;
        let ink = 0, hash = 7;
        for (let i = 3; i < data.length; i += 4) {
            ink += data[i] > 0;
            hash = (hash * 31 + data[i]) | 0;
        }
        return [ink, hash];
    });
}"""


#: The scripts of the shipped visit's names, as fontconfig names them.
CJK_LANGUAGES = ("ko", "zh-cn")
NO_CJK_FONT = "no Korean/Chinese font installed: apt-get install fonts-noto-cjk"


def languages_without_a_font(languages=CJK_LANGUAGES) -> list[str]:
    """The languages for which `fc-list :lang=<language>` lists no font (all of them when
    fontconfig itself is missing: the browser finds its fonts through it)."""
    missing = []
    for language in languages:
        try:
            listed = subprocess.run(
                ["fc-list", f":lang={language}"], capture_output=True, text=True, timeout=30
            ).stdout
        except FileNotFoundError:
            listed = ""
        if not listed.strip():
            missing.append(language)
    return missing


def without_a_font(missing: list[str], required: bool) -> tuple[str, str] | None:
    """What the glyph test does when a script has no font, as the tier does without a
    browser: ("fail", why) when the browser is required (CI, which installs the fonts),
    else ("skip", why); None when every script has a font."""
    if not missing:
        return None
    reason = f"{NO_CJK_FONT} (none for {', '.join(missing)})"
    if required:
        return "fail", f"{reason}; ${REQUIRE_BROWSER_ENV} is set, so this is a failure."
    return "skip", reason


def test_a_missing_cjk_font_skips_the_glyph_test_and_fails_it_in_ci():
    assert without_a_font([], required=True) is None
    assert without_a_font([], required=False) is None
    assert without_a_font(["ko"], required=False) == (
        "skip",
        "no Korean/Chinese font installed: apt-get install fonts-noto-cjk (none for ko)",
    )
    assert without_a_font(["ko", "zh-cn"], required=True) == (
        "fail",
        "no Korean/Chinese font installed: apt-get install fonts-noto-cjk (none for ko, zh-cn); "
        "$DASHBOARD_REQUIRE_BROWSER is set, so this is a failure.",
    )
    assert languages_without_a_font(["x-no-such-language"]) == ["x-no-such-language"]


def test_names_in_korean_and_chinese_script_are_drawn_as_glyphs(drawn):
    """deck.gl draws labels from an atlas it renders with the page's fonts: without a CJK
    font every character is the same empty box. Each character is drawn with the deck's
    font: all must show ink, and no two may look alike. (CI installs fonts-noto-cjk.)"""
    layer = drawn.layer("city-labels")
    chars = sorted(
        {
            char
            for row in layer["data"]
            for char in row["label"]
            if unicodedata.east_asian_width(char) in ("W", "F")
        }
    )
    if drawn.name != "shipped":
        assert chars == []  # the fixture's names are in Latin script
        return
    verdict = without_a_font(languages_without_a_font(), bool(os.environ.get(REQUIRE_BROWSER_ENV)))
    if verdict is not None:
        action, reason = verdict
        (pytest.fail if action == "fail" else pytest.skip)(reason)
    assert len(chars) >= 6
    drawn_chars = drawn.page.evaluate(GLYPHS, [layer["fontFamily"], chars])
    assert all(ink > 20 for ink, _ in drawn_chars), list(zip(chars, drawn_chars, strict=True))
    looks = [image for _, image in drawn_chars]
    assert len(set(looks)) == len(looks), (
        "some characters are drawn alike: the browser has no font for them (empty boxes); "
        "install a CJK font (Debian: fonts-noto-cjk)"
    )


# -- Legs, legend and tables ---------------------------------------------------------------


def _dark_near(pixels: np.ndarray, x: float, y: float, reach: int = 3) -> bool:
    x, y = int(round(x)), int(round(y))
    patch = pixels[max(y - reach, 0) : y + reach + 1, max(x - reach, 0) : x + reach + 1]
    return bool((patch.astype(int).sum(axis=2) < 3 * 100).any())


def test_a_return_leg_over_the_same_places_is_its_own_arc(drawn):
    legs = drawn.rows("legs")
    pairs = [
        (a, b)
        for i, a in enumerate(legs)
        for b in legs[i + 1 :]
        if (a["from_place"], a["to_place"]) == (b["to_place"], b["from_place"])
    ]
    if drawn.name == "shipped":
        assert pairs == []  # a round trip through three cities: no leg retraced
        return
    # The first pair of legs over the same two places, one each way (dateline: 1 and 4).
    assert pairs, drawn.name
    out, back = pairs[0]
    middles = [drawn.to_canvas(*leg["path"][len(leg["path"]) // 2]) for leg in (out, back)]
    for x, y in middles:  # each arc is drawn (dark) at its own middle...
        assert _dark_near(drawn.pixels, x, y), (drawn.size, x, y)
    between = ((middles[0][0] + middles[1][0]) / 2, (middles[0][1] + middles[1][1]) / 2)
    assert not _dark_near(drawn.pixels, *between, reach=1)  # ...with map between them
    assert abs(middles[0][1] - middles[1][1]) + abs(middles[0][0] - middles[1][0]) > 25


def test_the_legend_sits_beside_the_map_in_words(drawn):
    legend = drawn.page.locator('section[aria-label="Map legend"]')
    expect(legend).to_be_visible()
    box, deck = legend.bounding_box(), drawn.page.locator(DECK).first.bounding_box()
    assert box["y"] >= deck["y"] + deck["height"] - 1  # right under the map
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[drawn.size]["width"]
    text = legend.inner_text()
    for words in ("City: a large ring", "Venue: a small dot", "Leg: a line with an arrowhead"):
        assert words in text
    shown = {row["topic"] for row in drawn.rows("places")}
    for topic in drawn.visit.topics.to_dict("records"):
        assert (str(topic["label"]) in text) == (topic["id"] in shown), topic["label"]


SCROLL = """e => {
    const scroller = e.querySelector('.dvn-scroller');
    return [scroller.scrollWidth, scroller.clientWidth];
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    ("name", "city", "nudge"),
    [("shipped", "beijing", -8), ("river", "vila-aurora", 8)],
)
def test_a_click_on_a_city_lists_its_events_in_tables_that_fit(
    browser, base_url, river_server, visit, name, city, nudge, size
):
    """Clicking a city's ring (beside the venue dot at its middle) lists its events and its
    issue cards under readable headers, every column inside the table's width."""
    url, shown = (
        (base_url, visit)
        if name == "shipped"
        else (river_server.url, select_visit(load_dataset(RIVER), "fixture-river-2026"))
    )
    context = browser.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        open_page(page, url_of(url, "map"))
        deck = wait_for_map(page)
        deck.scroll_into_view_if_needed()
        stable_screenshot(deck)
        box = deck.locator("canvas").first.bounding_box()
        view = maps.route_deck(shown, Filters(visit=shown.id)).initial_view_state
        chart = maps.Projection(view.longitude, view.latitude, view.zoom, (box["width"], box["height"]))  # fmt: skip
        place = shown.places.set_index("id").loc[city]
        x, y = chart.pixel(float(place["lon"]), float(place["lat"]))
        x, y = box["x"] + box["width"] / 2 + x + nudge, box["y"] + box["height"] / 2 + y
        page.mouse.move(x - 2, y)
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name=str(place["name"]))).to_be_visible()
        tables = main.get_by_test_id("stDataFrame")
        expect(tables).to_have_count(2)
        events, cards = tables.nth(0), tables.nth(1)
        expect(events.locator("td").first).to_be_attached()
        details = maps.place_details(shown, city)
        headers = {"Event", "When", "Where", "Status"}
        assert headers <= set(dataframe_cells(events))
        assert set(details.events["title"]) <= set(dataframe_cells(events))
        assert {"Issue", "Topic", "Status"} <= set(dataframe_cells(cards))
        for table in (events, cards):
            cells = set(dataframe_cells(table))
            assert "id" not in cells and not cells & set(shown.events["id"])
            table.scroll_into_view_if_needed()
            scroll_width, client_width = table.evaluate(SCROLL)
            assert scroll_width <= client_width + 1, (name, size, scroll_width, client_width)
            assert table.bounding_box()["width"] <= SIZES[size]["width"]
        page.wait_for_timeout(500)
        shot = SCREENSHOTS / f"map-{name}-{size}-clicked.png"
        full_page_screenshot(page, Path(shot))
    finally:
        context.close()


# -- Picking a place ---------------------------------------------------------------------


def test_clicking_a_city_on_the_map_lists_its_venues_events(page, base_url, visit):
    city = "beijing"
    details = maps.place_details(visit, city)

    open_page(page, url_of(base_url, "map"))
    page.mouse.click(*hover_venue(page, visit, city))

    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=details.name)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]place={city}(&|$)"))
    expect(main.get_by_text("Events here", exact=True)).to_be_visible()
    events_table = main.get_by_test_id("stDataFrame").first
    expect(events_table.locator("td").first).to_be_attached()
    cells = dataframe_cells(events_table)
    assert set(details.events["title"]) <= set(cells)
    # A city's list has its venues' events too: the summit at the Great Hall.
    assert "Great Hall of the People" in set(details.events["place"])


def test_a_venue_under_its_citys_ring_is_chosen_from_the_list(page, base_url, visit):
    venue = "great-hall"
    details = maps.place_details(visit, venue)
    label = maps.place_choices(visit)[venue]

    open_page(page, url_of(base_url, "map"))
    main = page.get_by_test_id("stMain")
    main.locator('[data-testid="stSelectbox"]').filter(has_text="Or choose a place").locator(
        "input"
    ).click()
    page.get_by_role("option", name=label, exact=True).click()

    expect(main.get_by_role("heading", name=details.name)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]place={venue}(&|$)"))
    events_table = main.get_by_test_id("stDataFrame").first
    expect(events_table.locator("td").first).to_be_attached()
    assert set(details.events["title"]) <= set(dataframe_cells(events_table))
    assert len(details.events) >= 2  # the summit and the Zhao Leji meeting
    cards_table = main.get_by_test_id("stDataFrame").nth(1)
    assert set(details.cards["title"]) <= set(dataframe_cells(cards_table))
    # Back takes the choice back, and the list shows no place again.
    page.go_back()
    expect(main.get_by_role("heading", name=details.name)).to_have_count(0)
    expect(main.get_by_text("Click a city or venue on the map")).to_be_visible()
