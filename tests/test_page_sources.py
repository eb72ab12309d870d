"""The Sources & data page (`pages/sources.py`) through AppTest: what reaches the
reader's screen on each tab, as a shared link opens it."""

from __future__ import annotations

import json

import pytest
from article_marks import parse
from conftest import ROOT, SHIPPED
from open_pages import html_of, open_page

from dashboard.model.cells import shown


def test_sources_page_shows_the_article_findings_tables_and_downloads():
    at = open_page("sources", {"day": ["2026-01-05"]})
    body = html_of(at)
    assert body.count('class="sentence-number"') == 14
    assert '<details class="cite"' in body  # each cited span opens the rows citing it
    # Only the open tab is drawn: no download is built while the article is shown.
    assert [t.label for t in at.tabs] == ["Article", "Findings", "Data"]
    assert not at.get("download_button")
    at.session_state["sources_tab"] = "Findings"
    at.run()
    assert not html_of(at) and at.dataframe[0].value["kind"].iloc[0] == "contradiction"
    at.session_state["sources_tab"] = "Data"
    at.run()
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Download events (CSV)",
        "Download issue cards (CSV)",
        "Download events and cards (JSON)",
        "Download itinerary (.ics)",
    ]
    assert any("3 events and 4 issue cards" in m.value for m in at.markdown)
    assert [s.label for s in at.selectbox if s.label == "Table"] == ["Table"]  # then the tables


@pytest.mark.parametrize(
    "about, field, values",
    [
        ("Summit talks with President Xi Jinping", "date",
         "Mon 5 Jan 2026 (9 reports, 2 summaries) · Sun 4 Jan 2026 (1 report) · Tue 6 Jan 2026 (2 summaries)"),
        ("Summit talks with President Xi Jinping", "place",
         "Great Hall of the People (2 reports, 2 summaries) · Cheong Wa Dae (presidential office, Seoul) (1 summary)"),
        ("MOUs signed", "value", "14 (2 reports) · 15 (1 report, 1 summary)"),
        ("First visit since", "value", "2019 (6 reports, the article, 1 summary) · 2017 (2 reports, 1 summary)"),
        ("Last state visit to China by a South Korean president before this one", "value",
         "2017 (5 reports, 1 summary) · 2019 (1 summary)"),
        ("Lee Jae Myung", "role", "President of South Korea (the article) · Opposition leader (2 summaries)"),
    ],
)  # fmt: skip
def test_each_disagreement_is_on_the_sources_page(about, field, values):
    at = open_page("sources", plan=False)
    at.session_state["sources_tab"] = "Disagreements"  # the tab a reader opened
    at.run()
    texts = [shown(m.value) for m in at.markdown]
    assert f"**{about}**, {field}: {values}" in texts


def _sources_page(params: dict | None = None, state: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # The shipped visit by id: another visit folder beside it may sort first.
    for name, values in {"visit": [SHIPPED], **(params or {})}.items():
        at.query_params[name] = values
    at.run()
    at.switch_page("pages/sources.py")
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _grid(element) -> tuple[list[str], list[str]]:
    """(the columns a grid shows, their headers) as sent to the browser."""
    config = json.loads(element.proto.columns or "{}")
    order = list(element.proto.column_order)
    return order, [config.get(c, {}).get("label", c) for c in order]


def test_the_tables_tab_opens_on_the_events_with_readable_headers():
    at = _sources_page(state={"sources_tab": "Data"})
    assert at.selectbox(key="table_choice").value == "events"
    (grid,) = at.dataframe
    order, headers = _grid(grid)
    assert headers == ["Title", "Date", "Place", "Status"]
    assert "id" not in order
    at.toggle(key="tables_all_columns").set_value(True).run()
    order, headers = _grid(at.dataframe[0])
    assert order[:3] == ["id", "visit_id", "title"] and headers == order


def test_the_findings_tab_shows_no_ids_by_default():
    at = _sources_page(state={"sources_tab": "Findings"})
    order, headers = _grid(at.dataframe[0])
    assert headers == ["Kind", "The article says", "Resolved as"]
    assert at.dataframe[0].value["kind"].iloc[0] == "contradiction"
    assert [t.label for t in at.toggle] == ["Show ids and all columns"]


def test_the_toggle_highlights_only_what_the_filters_keep():
    at = _sources_page({"day": ["2026-01-05"]})
    every = parse("\n".join(el.proto.body for el in at.get("html")))
    at.toggle(key="sources_kept_only").set_value(True).run()
    kept = parse("\n".join(el.proto.body for el in at.get("html")))
    assert 0 < len(kept.marks) < len(every.marks)
    named = {k for m in kept.marks for k in m["data-rows"].split()}
    assert named and all(k.split("/")[0] in ("events", "issue_cards") for k in named)
    assert "events/summit" in named and "events/departure" not in named  # Monday's, not Sunday's
    assert any(
        "Highlighting the text quoted by the" in c.value and "the filters keep" in c.value
        for c in at.caption
    )


def test_the_toggle_says_so_when_the_filters_keep_nothing():
    at = _sources_page({"q": ["no such words anywhere"]}, {"sources_kept_only": True})
    assert [i.value for i in at.info] == [
        "The filters keep no event or issue card, so nothing is highlighted."
    ]
    article = parse("\n".join(el.proto.body for el in at.get("html")))
    assert article.marks == [] and article.sentence_numbers  # the text is still there
