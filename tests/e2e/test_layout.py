"""Layout on a laptop and a phone: no page scrolls sideways, and a full-page screenshot of
each page at both sizes lands in test-output/screenshots/.

With UPDATE_DOCS_SCREENSHOTS=1 the shots the README uses are copied to docs/ as
docs/<page>-<desktop|phone>.png (run once before a commit that changes the look).
"""

from __future__ import annotations

import os
import shutil

import pytest

from .browsing import (
    DESKTOP,
    DOCS,
    PAGES,
    PHONE,
    SCREENSHOTS,
    full_page_screenshot,
    open_page,
    url_of,
)

SIZES = {"desktop": DESKTOP, "phone": PHONE}
DOCS_SHOTS = {
    ("overview", "desktop"),
    ("overview", "phone"),
    ("map", "desktop"),
    ("timeline", "desktop"),
    ("issues", "desktop"),
    ("issues", "phone"),
    ("sources", "desktop"),
}

WIDTHS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const wide = [...main.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map(e => (e.getAttribute('data-testid') || e.tagName.toLowerCase()) + ' right='
             + Math.round(e.getBoundingClientRect().right));
    return {
        inner: window.innerWidth,
        document: document.documentElement.scrollWidth,
        main: main.scrollWidth,
        mainClient: main.clientWidth,
        wide,
    };
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways(browser, base_url, name, size):
    context = browser.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        open_page(page, url_of(base_url, name, plan=False))  # the view a bare link opens
        page.wait_for_timeout(500)  # charts size themselves after the first paint
        widths = page.evaluate(WIDTHS)
        shot = full_page_screenshot(page, SCREENSHOTS / f"{name}-{size}.png")
        if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1" and (name, size) in DOCS_SHOTS:
            DOCS.mkdir(exist_ok=True)
            shutil.copyfile(shot, DOCS / shot.name)
    finally:
        context.close()
    assert widths["document"] <= widths["inner"], widths
    assert widths["main"] <= widths["mainClient"], widths
    assert widths["wide"] == [], widths
