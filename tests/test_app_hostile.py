"""Hostile data and hostile links: every page, every tab, with markup in every text column of
every table and in every URL parameter. Nothing may become a live link, an image, a colour,
an icon or a formula, in Streamlit's Markdown or in plotly's HTML-like text.

What Streamlit renders as Markdown was measured in Chromium (1.67): titles, headers,
captions, Markdown, alerts, metric label/value/help, button and pill labels, tabs and
expander labels. Select box and multiselect options, tables and `st.text` are plain text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
#: What the hostile data and links carry (the same markup as conftest's `hostile_data`).
HOSTILE = (
    "X ![i](https://evil.example/x.png) :red[RED] $x^2$ [L](https://evil.example/) "
    ":material/warning: <a href='https://evil.example/'>a</a> <img src=https://evil.example/y.png> "
    "**B** _i_ `c` # h"
)

#: Live Markdown: each pattern is markup with nothing escaping it.
LIVE_MARKDOWN = {
    "link": re.compile(r"(?<!\\)\]\((?:https?:)?//"),
    "image": re.compile(r"(?<!\\)!\["),
    "colour": re.compile(r"(?<!\\):red(?<!\\)\["),
    "icon": re.compile(r"(?<!\\):material(?<!\\)/"),
    "math": re.compile(r"(?<!\\)\$x"),
    "html": re.compile(r"(?<!\\)<(a|img)\b"),
}
#: GitHub-flavoured Markdown links bare addresses even when their punctuation is escaped.
AUTOLINK = re.compile(r"(?i)\b(https?|ftp)://|\bwww\.|[\w.+-]@[\w-]+\.")
#: plotly renders <a>, <img>-less HTML such as <b>, <br>, <span>: a raw tag from data is live.
LIVE_HTML = re.compile(r"<a\b|<img\b")
#: In the app's own HTML, the one link it writes is to a sentence on its Sources page (the
#: cards' quotes); any other <a> or an <img> came from data.
LIVE_IN_HTML = re.compile(r"<img\b|<a\b(?![^>]*\bhref=\"sources\?visit=[^\"<>]*#sentence-\d+\")")

PAGES = {
    "overview": "pages/overview_page.py",
    "map": "pages/map.py",
    "timeline": "pages/timeline.py",
    "issues": "pages/issues.py",
    "sources": "pages/sources.py",
}
#: Open tabs and expanders, as a reader's clicks would (their content is drawn only then).
OPENED = {
    "map": {"legs_table": True},
    "timeline": {"events_table": True},
    "sources": {"citations_table": True},
}
SOURCES_TABS = ["Article", "Findings", "Data"]


def _strings(message: Message, path: str = "") -> list[tuple[str, str]]:
    """Every string field of a proto, with its dotted field path."""
    found = []
    for field, value in message.ListFields():
        name = f"{path}.{field.name}" if path else field.name
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                found += _strings(item, name)
            elif isinstance(item, str):
                found.append((name, item))
    return found


def _elements(node) -> list:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        children = list(children.values())
    found = [node] if getattr(node, "proto", None) is not None else []
    for child in children or []:
        found += _elements(child)
    return found


#: (element type, field) pairs that are plain text, not Markdown.
PLAIN = {
    ("selectbox", "options"),
    ("multiselect", "options"),
    ("selectbox", "default"),
    ("text", "body"),
    ("code", "code_text"),
    ("text_input", "value"),
    ("text_input", "default"),
    ("download_button", "url"),
    ("plotly_chart", "alt"),  # an aria-label, read out as text
    ("deck_gl_json_chart", "alt"),
}


def live_markup(at: AppTest) -> list[str]:
    """Every place where markup from the data or the link would act on the page."""
    problems = []
    for element in _elements(at._tree):
        kind = getattr(element, "type", type(element).__name__)
        for field, value in _strings(element.proto):
            if (kind, field.split(".")[0]) in PLAIN or field in ("id", "form_id", "icon"):
                continue  # icons are the pages' own, never from data
            if kind == "plotly_chart" and field == "spec":
                for text in _json_strings(json.loads(value)):
                    if LIVE_HTML.search(text):
                        problems.append(f"plotly text {text[:80]!r}")
                continue
            if kind == "deck_gl_json_chart":
                continue  # deck.gl draws text as text; tooltips: test_views_maps_deck.py
            if kind == "html":
                if LIVE_IN_HTML.search(value):
                    problems.append(f"html {value[:80]!r}")
                continue
            for what, pattern in LIVE_MARKDOWN.items():
                if pattern.search(value):
                    problems.append(f"{kind}.{field}: live {what} in {value[:100]!r}")
            if AUTOLINK.search(re.sub(r"\\(.)", r"\1", value)):
                problems.append(f"{kind}.{field}: live address in {value[:100]!r}")
    return problems


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def reached(at: AppTest) -> bool:
    """Whether the hostile text reached the page at all (else the test proves nothing)."""
    return any(
        "evil" in value for element in _elements(at._tree) for _, value in _strings(element.proto)
    )


HOSTILE_LINK = {
    "day": ["[EVILLINK](https://evil.example/)"],
    "topic": ["![x](https://evil.example/x.png)"],
    "city": [":red[RED] $x^2$"],
    "q": [HOSTILE],
    "visit": ["![x](https://evil.example/x.png)"],
    "[p](https://evil.example/)": ["1"],
}


def open_page(page: str, params: dict | None = None, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, values in (params or {}).items():
        at.query_params[name] = values
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page])
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    return at


@pytest.mark.parametrize("page", list(PAGES))
def test_hostile_data_renders_as_text_on_every_page(page, hostile_data, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(hostile_data))
    tabs = {"sources": SOURCES_TABS, "timeline": [0, 1]}.get(page, [None])
    for tab in tabs:
        state = dict(OPENED.get(page, {}))
        if isinstance(tab, str):
            state["sources_tab"] = tab
        elif tab is not None:  # the timeline's tabs are named by the data's years
            state["timeline_tab"] = [t.label for t in open_page(page).tabs][tab]
        at = open_page(page, state=state)
        assert not at.exception, [e.message for e in at.exception]
        assert reached(at), f"{page} {tab}: the hostile text never reached the page"
        assert live_markup(at) == [], f"{page} {tab}"


@pytest.mark.parametrize("page", list(PAGES))
def test_a_hostile_link_renders_as_text_on_every_page(page):
    at = open_page(page, HOSTILE_LINK)
    assert not at.exception, [e.message for e in at.exception]
    assert reached(at), f"{page}: the link's text is not named in any notice"
    assert live_markup(at) == [], page


def test_hostile_data_with_a_hostile_link_and_every_filter(hostile_data, monkeypatch):
    """The filters' own labels (a topic or city named with markup) in the notices, the
    captions that describe the filters and the pills."""
    monkeypatch.setenv(DATA_DIR_ENV, str(hostile_data))
    for page in PAGES:
        at = open_page(page, {**HOSTILE_LINK, "topic": ["diplomacy"], "city": ["city-x"]})
        assert not at.exception, [e.message for e in at.exception]
        assert live_markup(at) == [], page


def test_the_check_itself_finds_live_markup():
    """The detector must see a live link, so that its silence above means something."""
    at = AppTest.from_string(
        "import streamlit as st\n"
        "st.caption('[L](https://evil.example/)')\n"
        "st.metric('![i](https://evil.example/x.png)', ':red[RED]')\n"
        "st.markdown('see https\\\\:\\\\/\\\\/evil.example')\n"
    )
    at.run()
    found = live_markup(at)
    assert any("live link" in f for f in found)
    assert any("live image" in f for f in found)
    assert any("live colour" in f for f in found)
    assert any("live address" in f for f in found)
