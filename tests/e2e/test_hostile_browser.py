"""Hostile data and a hostile link, in a real browser: on every page and tab, nothing links
or loads from outside the app, no dialog opens, and no traceback is shown."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .browsing import PAGES, SCREENSHOTS, open_page, url_of

HOSTILE_LINK = {
    "day": ["[EVILLINK](https://evil.example/)"],
    "topic": ["![x](https://evil.example/x.png)"],
    "q": ["[L](https://evil.example/) ![i](https://evil.example/x.png) :red[R] $x^2$"],
    "visit": ["![x](https://evil.example/x.png)"],
}
#: What a Python traceback or Streamlit's error details would show.
TRACEBACK_WORDS = ("Traceback (most recent call last)", 'File "/', "Error:")

FOREIGN = """(origin) => {
  const out = [];
  const check = (kind, value) => {
    if (!value) return;
    const url = new URL(value, document.baseURI);
    if (!['http:', 'https:'].includes(url.protocol)) return;   // data:, blob:, about:
    if (url.origin !== origin) out.push(kind + ' ' + url.href);
  };
  document.querySelectorAll('a[href]').forEach(a => check('a', a.getAttribute('href')));
  document.querySelectorAll('img[src]').forEach(i => check('img', i.getAttribute('src')));
  return out;
}"""


def foreign_links(page, origin: str) -> list[str]:
    return page.evaluate(FOREIGN, origin)


@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_data_and_link_load_nothing_from_outside(
    name, hostile_data, serve_data, page, page_log
):
    server = serve_data(hostile_data, name="hostile")
    origin = f"{urlparse(server.url).scheme}://{urlparse(server.url).netloc}"
    open_page(page, url_of(server.url, name, HOSTILE_LINK))
    tabs = page.get_by_role("tab")
    for index in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(index).click()
            page.wait_for_timeout(800)
        assert foreign_links(page, origin) == [], f"{name}, tab {index}"
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert not [w for w in TRACEBACK_WORDS if w in text], f"{name}, tab {index}"
        assert "evil" in text or "EVIL" in text  # the hostile text is there, as text
    assert page_log.dialogs == []
    page.screenshot(path=str(SCREENSHOTS / f"hostile-{name}.png"))
