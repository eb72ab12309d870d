"""Accessibility in the browser: axe-core on every page, the filters by keyboard, text
alternatives and tables for the charts, and the contrast of our own colours.

axe's findings are split in two: nodes in our content (the page body and the sidebar
widgets we declare) and nodes in Streamlit's own chrome (header, toolbar, navigation,
widget internals), which we cannot change and only report. Each page's full result is
written to test-output/axe/<page>.json.
"""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboard.model import filters as F
from dashboard.model.colours import contrast_ratio

from .browsing import (
    CONTENT_HEIGHT,
    DECK,
    OUTPUT,
    PAGES,
    PLOTLY,
    open_page,
    pill,
    url_of,
    wait_ready,
)

AXE_OUTPUT = OUTPUT / "axe"
SERIOUS = ("serious", "critical")

#: Streamlit's own interface: a node inside one of these is not our content.
STREAMLIT_CHROME = [
    '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stDecoration"]',
    '[data-testid="stStatusWidget"]',
    '[data-testid="stMainMenu"]',
    '[data-testid="stSkipToContent"]',
    '[data-testid="stSidebarHeader"]',
    '[data-testid="stSidebarCollapseButton"]',
    '[data-testid="stExpandSidebarButton"]',
    '[data-testid="stSidebarNav"]',
    '[data-testid="stElementToolbar"]',
    '[data-testid="stTooltipIcon"]',
    # widget internals: the markup is Streamlit's, only the labels are ours
    '[data-testid="stButtonGroup"] [role="group"]',
    '[data-testid="stButtonGroup"] button',
    '[data-testid="stTabs"] [role="tablist"]',
    '[data-testid="stExpander"] summary',
    '[data-testid="stDataFrame"] [data-testid="stDataFrameResizable"]',
    '[data-testid="stDataFrame"] table',
    '[data-testid="stDataFrame"] canvas',
    ".modebar-container",
]

CLASSIFY = """([targets, chrome]) => targets.map(target => {
    const selector = Array.isArray(target) ? target[target.length - 1] : target;
    let node = null;
    try { node = document.querySelector(selector); } catch (e) { node = null; }
    if (!node) return {where: "unknown", caption: false};
    const inChrome = chrome.some(s => node.closest(s));
    return {
        where: inChrome ? "streamlit" : "ours",
        caption: !!node.closest('[data-testid="stCaptionContainer"]'),
    };
})"""


def run_axe(page) -> dict:
    """axe on the whole page: the viewport is made as tall as the content first, because
    axe skips what is scrolled out of Streamlit's scrolling main container."""
    size = page.viewport_size
    height = page.evaluate(CONTENT_HEIGHT)
    page.set_viewport_size({"width": size["width"], "height": min(int(height), 10_000)})
    page.wait_for_timeout(500)
    try:
        return Axe().run(page).response
    finally:
        page.set_viewport_size(size)


def classify(page, response: dict) -> list[dict]:
    """One row per violating node: rule, impact, where (ours/streamlit), target, message."""
    rows = []
    for violation in response["violations"]:
        nodes = violation["nodes"]
        places = page.evaluate(CLASSIFY, [[n["target"] for n in nodes], STREAMLIT_CHROME])
        for node, place in zip(nodes, places, strict=True):
            checks = node.get("any") or node.get("all") or node.get("none") or [{}]
            rows.append(
                {
                    "rule": violation["id"],
                    "impact": node.get("impact") or violation["impact"],
                    "where": place["where"],
                    "caption": place["caption"],
                    "target": node["target"],
                    "html": node["html"][:160],
                    "message": checks[0].get("message", ""),
                }
            )
    return rows


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_problem_in_our_content(page, base_url, visit, name):
    """axe on the page as it opens, then again with a Day pill pressed (pressed pills, the
    Reset button and the filtered texts only exist then)."""
    open_page(page, url_of(base_url, name))
    if page.locator(PLOTLY).count():
        page.locator(PLOTLY).first.locator(".main-svg").first.wait_for()
    rows = [dict(row, state="unfiltered") for row in classify(page, run_axe(page))]
    day = next(iter(F.options(visit).days))
    pill(page, F.options(visit).days[day]).click()
    expect(page).to_have_url(re.compile(rf"[?&]day={day}"))
    expect(pill(page, F.options(visit).days[day])).to_have_attribute("aria-pressed", "true")
    wait_ready(page)
    seen = {(row["rule"], row["html"]) for row in rows}
    rows += [
        dict(row, state="filtered")
        for row in classify(page, run_axe(page))
        if (row["rule"], row["html"]) not in seen
    ]

    AXE_OUTPUT.mkdir(parents=True, exist_ok=True)
    (AXE_OUTPUT / f"{name}.json").write_text(
        json.dumps({"page": name, "nodes": rows}, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    summary: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = summary.setdefault(row["where"], {})
        counts[row["impact"]] = counts.get(row["impact"], 0) + 1
    print(f"\naxe on {name}: {summary or 'no violations'}")
    for row in rows:
        print(f"  [{row['where']}, {row['state']}] {row['impact']} {row['rule']}: {row['html']}")

    ours = [row for row in rows if row["where"] != "streamlit" and row["impact"] in SERIOUS]
    assert ours == [], json.dumps(ours, indent=2, ensure_ascii=False)


def relative_rgb(css: str) -> tuple[tuple[int, int, int], float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    alpha = values[3] if len(values) > 3 else 1.0
    return (int(values[0]), int(values[1]), int(values[2])), alpha


def hex_of(rgb) -> str:
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


EFFECTIVE_COLOURS = """els => els.map(e => {
    const backgrounds = [];
    let opacity = 1;
    for (let n = e; n; n = n.parentElement) {
        const style = getComputedStyle(n);
        opacity *= parseFloat(style.opacity);
        const c = style.backgroundColor;
        if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') {
            backgrounds.push(c);
            if (!c.startsWith('rgba')) break;  // opaque: nothing below shows through
        }
    }
    return {text: e.innerText.slice(0, 60), color: getComputedStyle(e).color, opacity,
            backgrounds};
})"""


def text_contrast(sample: dict) -> float:
    """Contrast of text over what is behind it: translucent backgrounds are laid over the
    first opaque one (else white), and the text colour's alpha and the opacity of the
    elements in between count (Streamlit fades captions with `opacity`)."""
    behind = [255.0, 255.0, 255.0]
    for css in reversed(sample["backgrounds"]):
        colour, alpha = relative_rgb(css)
        behind = [alpha * c + (1 - alpha) * b for c, b in zip(colour, behind, strict=True)]
    fg, alpha = relative_rgb(sample["color"])
    alpha *= sample["opacity"]
    shown = [alpha * f + (1 - alpha) * b for f, b in zip(fg, behind, strict=True)]
    return contrast_ratio(hex_of(shown), hex_of(behind))


def test_captions_have_enough_contrast(page, base_url):
    open_page(page, url_of(base_url, "issues"))
    captions = page.locator('[data-testid="stCaptionContainer"] p')
    expect(captions.first).to_be_visible()
    samples = captions.evaluate_all(EFFECTIVE_COLOURS)
    low = [(s["text"], round(text_contrast(s), 2)) for s in samples if text_contrast(s) < 4.5]
    assert low == []


def test_a_pressed_pill_has_enough_contrast(page, base_url, visit):
    day = next(iter(F.options(visit).days))
    open_page(page, url_of(base_url, "overview", {"day": day}))
    label = pill(page, F.options(visit).days[day]).locator("p")
    expect(label).to_be_visible()
    sample = label.evaluate_all(EFFECTIVE_COLOURS)[0]
    assert text_contrast(sample) >= 4.5, sample


def test_topic_badges_have_enough_contrast(page, base_url, visit):
    open_page(page, url_of(base_url, "issues"))
    badges = page.locator(".topic-badge")
    expect(badges).to_have_count(len(visit.issue_cards))
    samples = badges.evaluate_all(EFFECTIVE_COLOURS)
    assert {s["text"] for s in samples} <= set(visit.topic_labels.values())
    for sample in samples:
        assert text_contrast(sample) >= 4.5, sample


def test_a_day_filter_can_be_set_by_keyboard(page, base_url, visit):
    open_page(page, url_of(base_url, "overview"))
    days = F.options(visit).days
    labels = {label: key for key, label in days.items()}
    focused = None
    # A rerun that lands while tabbing (a busy machine) redraws the sidebar and sends the
    # focus back to the page's start: allow for starting over once or twice.
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                const inSidebar = !!e.closest('[data-testid="stSidebar"]');
                return inSidebar && e.hasAttribute('aria-pressed') ? e.innerText.trim() : null;
            }"""
        )
        if focused in labels:
            break
    assert focused in labels, "no Day pill was reached with 150 presses of Tab"
    expect(pill(page, focused)).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")
    expect(pill(page, focused)).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(rf"[?&]day={labels[focused]}"))

    # Inside the group, the arrow keys move between the pills; Space presses one too.
    page.keyboard.press("ArrowRight")
    following = page.evaluate("document.activeElement.innerText.trim()")
    assert following in labels and following != focused
    page.keyboard.press("Space")
    expect(pill(page, following)).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(rf"day={labels[focused]}&day={labels[following]}"))


ALT_PAGES = {
    # page: (charts with a text alternative, expander titles holding a table of the same data)
    "overview": ([DECK], []),
    "map": ([DECK], ["The legs as a table"]),
    "timeline": ([PLOTLY], ["The events as a table"]),  # the open tab's chart; see below
}


@pytest.mark.parametrize("name", list(ALT_PAGES))
def test_charts_have_a_text_alternative_and_a_table(page, base_url, visit, name):
    charts, tables = ALT_PAGES[name]
    open_page(page, url_of(base_url, name))
    found = page.locator(", ".join(sorted(set(charts))))
    expect(found).to_have_count(len(charts))
    for chart in found.all():
        assert chart.get_attribute("role") == "figure"
        alt = chart.get_attribute("aria-label") or ""
        assert len(alt) > 40, alt
    if name in ("map", "overview"):
        alt = page.locator(DECK).get_attribute("aria-label")
        for city in ("Seoul", "Beijing", "Shanghai"):
            assert city in alt
    if name == "timeline":
        alt = page.locator(PLOTLY).first.get_attribute("aria-label")
        assert alt.startswith(f"Timeline of {visit.title}")
        for title in visit.events.loc[~visit.events["background"], "title"]:
            assert title in alt
        # The background's chart is drawn once its tab is open, with its own alternative.
        page.get_by_role("tab", name=re.compile("^Background")).click()
        panel = page.get_by_role("tabpanel", name=re.compile("^Background"))
        expect(panel.locator(PLOTLY)).to_have_count(1)
        alt = panel.locator(PLOTLY).get_attribute("aria-label") or ""
        assert alt.startswith("Background, ") and len(alt) > 40, alt
        for title in visit.events.loc[visit.events["background"], "title"]:
            assert title in alt
    for title in tables:
        expander = page.get_by_test_id("stExpander").filter(has_text=title)
        expect(expander).to_have_count(1)
        # The table is drawn once the reader opens the expander.
        expect(expander.get_by_test_id("stDataFrame")).to_have_count(0)
        expander.get_by_text(title).click()
        expect(expander.get_by_test_id("stDataFrame")).to_have_count(1)
    if name == "overview":
        # The small map has no table of its own: it links to the route map, which has one.
        link = page.get_by_test_id("stMain").get_by_role("link", name="Open the route map")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", re.compile(r"(^|/)map$"))
