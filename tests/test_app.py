"""AppTests: every page runs, follows the filters in the URL, drops bad parameters with a
notice, and shows the validation report (and nothing else) when the data is broken.

Widgets of the entrypoint cannot be driven reliably across reruns in AppTest when pages are
files (their elements vanish from the tree after the first run), so filters are set the way
a shared link sets them: through the URL, before the first run. Clicking is covered by the
browser tier.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import planned_day_param
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV, load_dataset
from dashboard.model.cells import shown
from dashboard.ui.state import CONTEXT_KEY

ROOT = Path(__file__).resolve().parents[1]

PAGES = {
    "overview": "pages/overview_page.py",
    "map": "pages/map.py",
    "timeline": "pages/timeline.py",
    "issues": "pages/issues.py",
    "sources": "pages/sources.py",
}


#: The shipped visit, named in every link: another visit folder beside it in data/ (which
#: may sort first and so be the default) leaves these tests as they are.
SHIPPED = "lee-china-2026"


#: The link's as_of that shows the plan as the article tells it: these tests check the
#: pages' mechanics on it; test_app_reports.py checks what the reports tell.
PLAN = planned_day_param(load_dataset(ROOT / "data" / SHIPPED), SHIPPED)


def open_page(
    page: str, params: dict[str, list[str]] | None = None, *, plan: bool = True
) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    link = {"visit": [SHIPPED], **({"as_of": [PLAN]} if plan else {}), **(params or {})}
    for name, values in link.items():
        at.query_params[name] = values
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    return at


def html_of(at: AppTest) -> str:
    """The HTML blocks the page shows (the page-wide style block, which shows nothing, left
    out)."""
    bodies = [el.proto.body for el in at.get("html")]
    return "\n".join(b for b in bodies if not re.fullmatch(r"\s*<style>.*</style>\s*", b, re.S))


def caption_starting(at: AppTest, start: str) -> str:
    """The first caption that starts with `start`, as a reader sees it."""
    return next(shown(c.value) for c in at.caption if shown(c.value).startswith(start))


def card_ids_of(at: AppTest) -> list[str]:
    """The ids of the issue cards the page shows, in order."""
    return re.findall(
        r'<article class="issue-card" id="card-[^"]*" data-card="([^"]+)"', html_of(at)
    )


def keys_of(at: AppTest, prefix: str) -> list[str]:
    found = []

    def walk(node):
        key = getattr(node, "key", None)
        if isinstance(key, str) and key.startswith(prefix):
            found.append(key)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def deck_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_and_names_its_source(page):
    at = open_page(page)
    assert not at.exception
    assert not at.error
    footer = next(c.value for c in at.caption if "Source" in c.value).replace("\\", "")
    assert footer.startswith("Source: President Lee Jae Myung departs")
    assert "Data licence: The curated tables in data/ are released under CC BY 4.0" in footer


@pytest.mark.parametrize("page", list(PAGES))
def test_a_bad_parameter_is_dropped_with_a_notice(page):
    at = open_page(page, {"day": ["2026-13-40"], "topic": ["economy"], "city": ["atlantis"]})
    assert not at.exception
    notices = [shown(i.value) for i in at.info]
    assert "Ignored 1 unknown day from the link: '2026-13-40'." in notices
    assert "Ignored 1 unknown city from the link: 'atlantis'." in notices
    assert at.query_params.get("topic") == "economy"  # the valid part of the link is kept
    assert "day" not in at.query_params and "city" not in at.query_params


def test_overview_shows_headline_figures_and_the_days():
    at = open_page("overview")
    metrics = {shown(m.label): shown(m.value) for m in at.metric}
    assert metrics == {
        "Days": "4",
        "Cities": "3",
        "Events": "10",
        "Distance (km)": "2,886",
        "MOUs expected": "> 10",
        "First visit since": "2019",
    }
    days = re.findall(r'<section class="day" data-day="([^"]+)"', html_of(at))
    assert days == ["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07"]
    reported = next(shown(m.value) for m in at.markdown if "As reported" in m.value)
    assert reported == (
        "**As reported on Sun 4 Jan 2026: of the visit's 10 events, ✓ 1 done, ○ 8 scheduled, "
        "◌ 1 expected.**"
    )
    events = next(m for m in at.metric if shown(m.label) == "Events")
    assert shown(events.delta) == "+ 9 background"


def test_overview_days_follow_the_topic_filter():
    everything = html_of(open_page("overview"))
    assert "Nothing matches the filters." not in everything
    taiwan = html_of(open_page("overview", {"topic": ["taiwan"]}))  # only background events
    assert taiwan.count("Nothing matches the filters.") == 4
    assert '<section class="spans"' not in taiwan


def test_a_day_filter_narrows_the_days_and_each_undated_event_is_listed_once():
    overview = html_of(open_page("overview", {"day": ["2026-01-06"]}))
    assert re.findall(r'data-day="([^"]+)"', overview) == ["2026-01-06"]
    listed = re.findall(r'data-event="([^"]+)"', overview)
    assert len(listed) == len(set(listed))  # nothing repeated
    assert {"luncheon-li-qiang", "mou-signing", "economic-forum"} <= set(listed)
    assert "summit" not in listed
    everything = re.findall(r'data-event="([^"]+)"', html_of(open_page("overview")))
    assert everything.count("mou-signing") == 1 and len(everything) == 10


def test_map_highlights_the_days_in_the_link():
    def leg_alphas(at):
        deck = next(d for d in deck_specs(at) if any(la["id"] == "legs" for la in d["layers"]))
        legs = next(la for la in deck["layers"] if la["id"] == "legs")
        return [row["colour"][3] if "colour" in row else row["color"][3] for row in legs["data"]]

    plain = open_page("map")
    tuesday = open_page("map", {"day": ["2026-01-06"]})
    assert not tuesday.exception
    assert len(set(leg_alphas(plain))) == 1  # no filter: every leg drawn alike
    alphas = leg_alphas(tuesday)
    assert alphas[1] > alphas[0] and alphas[1] > alphas[2]  # leg 2 is Tuesday's


def test_timeline_marks_follow_the_topic_filter():
    def event_ids(at):
        ids = set()
        for spec in plotly_specs(at):
            for trace in spec["data"]:
                for item in trace.get("customdata") or []:
                    if isinstance(item, list) and item and isinstance(item[0], str):
                        ids.add(item[0])
        return ids

    everything = event_ids(open_page("timeline"))
    history = event_ids(open_page("timeline", {"topic": ["history"]}))
    assert "summit" in everything and "return" in everything
    assert history == {"provisional-government-visit"}


def test_issue_cards_follow_the_link_and_escape_nothing_unsafe():
    at = open_page("issues")
    assert len(card_ids_of(at)) == 7
    tuesday_economy = open_page("issues", {"day": ["2026-01-06"], "topic": ["economy"]})
    assert card_ids_of(tuesday_economy) == ["economic-cooperation"]
    assert tuesday_economy.query_params["day"] in ("2026-01-06", ["2026-01-06"])


def test_issue_empty_state_names_the_filter():
    at = open_page("issues", {"q": ["no such words anywhere"]})
    assert card_ids_of(at) == []
    assert "No issue card matches. The search text filter leaves nothing" in at.warning[0].value


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


def test_hostile_search_text_in_the_link_is_shown_as_text():
    at = open_page("issues", {"q": ["<script>alert(1)</script>"]})
    assert not at.exception
    assert "<script>" not in html_of(at)
    # The caption names the search as typed, escaped so Markdown shows it as text.
    caption = next(c.value for c in at.caption if "issue cards" in c.value)
    assert "text “<script>alert(1)</script>”" in shown(caption)
    assert "<script>" not in caption  # escaped: Markdown shows it as text
    assert at.warning  # the empty state explains itself


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini_visit", folder / "mini")
    events = folder / "mini" / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            '2026-03-02,2026-03-02,day,"on', '2026-03-32,2026-03-02,day,"on', 1
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@pytest.mark.parametrize("page", list(PAGES))
def test_broken_data_shows_the_report_and_nothing_else(broken_data, page):
    at = open_page(page)
    assert not at.exception
    assert [t.value for t in at.title] == ["The data needs fixing"]
    report = at.dataframe[0].value
    row = report[report["column"] == "date_start"].iloc[0]
    assert (row["file"], row["row"], row["value"]) == ("mini/events.csv", "2", "2026-03-32")
    assert row["problem"] == "is not a real date in YYYY-MM-DD form."
    assert not at.metric and not at.get("plotly_chart") and not at.get("deck_gl_json_chart")


def test_each_page_file_is_named_like_its_url():
    """A first request to /timeline on a fresh server runs pages/timeline.py through
    Streamlit's automatic pages/ navigation, before app.py has declared its own; a page
    file named like its URL is found there (no "Page not found"), and `ui.context` then
    switches to the declared navigation (see the browser test of a fresh server)."""
    stems = {path.stem for path in (ROOT / "pages").glob("*.py")}
    assert stems == {"overview_page", "map", "timeline", "issues", "sources"}
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    for stem in stems - {"overview_page"}:
        assert re.search(rf'\("pages/{stem}\.py", "[^"]+", "[^"]+", "{stem}"\)', app), stem


def test_the_cached_data_is_reloaded_when_a_data_file_changes(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini_visit", folder / "mini")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    before = open_page("overview")
    title = shown(before.title[0].value)
    visits = folder / "mini" / "visits.csv"
    visits.write_text(
        visits.read_text(encoding="utf-8").replace(title, title + " (corrected)"),
        encoding="utf-8",
    )
    after = open_page("overview")
    assert shown(after.title[0].value) == title + " (corrected)"


def test_memo_keys_on_plain_arguments_and_not_on_built_objects():
    """A tuple of scalars (ids, a sort) can change the result, so it keys it; frames and
    built pieces are determined by the data version, visit and filters, so they do not (and
    hashing a whole article on every rerun would cost more than drawing it)."""
    from dashboard.ui.cache import _plain
    from dashboard.views.sources.article import Piece

    assert _plain("title") and _plain(3) and _plain(None) and _plain(("a", 1, None))
    assert not _plain(pd.DataFrame({"id": ["a"]}))
    assert not _plain(((Piece("text", ("events/a",), frozenset({"a"})),),))
    assert not _plain(frozenset({"a"}))


def test_the_issues_caption_says_what_filters_the_cards():
    unfiltered = open_page("issues")
    assert caption_starting(unfiltered, "7 of 7 issue cards").startswith(
        "7 of 7 issue cards · no filter."
    )
    tuesday = open_page("issues", {"day": ["2026-01-06"]})
    cards = next(shown(c.value) for c in tuesday.caption if "issue cards ·" in c.value)
    assert "· filtered by day Tue 6 Jan." in cards


def test_a_table_in_an_expander_is_built_when_the_reader_opens_it():
    at = open_page("timeline")
    assert not at.dataframe  # closed: nothing built, nothing sent
    at.session_state["events_table"] = True  # what a click on the expander does
    at.run()
    (table,) = [d.value for d in at.dataframe]
    assert "Summit talks with President Xi Jinping" in set(table["title"])


def test_the_card_order_comes_from_the_link():
    at = open_page("issues", {"sort": ["title"]})
    assert not at.exception
    ids = card_ids_of(at)
    titles = dict(
        zip(*[at.session_state[CONTEXT_KEY].cards[c] for c in ("id", "title")], strict=True)
    )
    assert [titles[i] for i in ids] == sorted(titles.values(), key=str.casefold)
    assert at.query_params.get("sort") == "title"
    assert at.session_state["card_sort"] == "title"
