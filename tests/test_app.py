"""The entrypoint (`app.py`) with every page, through AppTest: every page runs and names
its source, drops bad parameters with a notice, follows an as-of moment in the link, and
shows the validation report (and nothing else) when the data is broken.

Widgets of the entrypoint cannot be driven reliably across reruns in AppTest when pages are
files (their elements vanish from the tree after the first run), so filters are set the way
a shared link sets them: through the URL, before the first run. Clicking is covered by the
browser tier. Each page's own behaviour is in test_page_<page>.py."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT, SHIPPED
from open_pages import PAGES, open_page, strong_lines
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV
from dashboard.model.cells import shown


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


@pytest.mark.parametrize(
    "as_of, first",
    [
        ("2026-01-04", "**As reported on Sun 4 Jan 2026: of the visit's 10 events, ✓ 1 done, ○ 8 scheduled, △ 1 expected.**"),
        ("2026-01-05T23:59", "**As of Mon 5 Jan 2026, 23:59 KST: 29 sources (25 original reports, 1 official statement, 3 summaries): of the 10 planned events, ✓ 4 done, ○ 6 scheduled; 7 events not in the plan.**"),
    ],
)  # fmt: skip
def test_an_as_of_link_shows_the_visit_as_it_stood_and_keeps_it(as_of, first):
    at = open_page("overview", {"as_of": [as_of]}, plan=False)
    assert strong_lines(at)[0] == first
    assert at.query_params.get("as_of") == as_of  # the link keeps it
    for page in ("timeline", "map", "issues", "sources"):
        other = open_page(page, {"as_of": [as_of]}, plan=False)
        assert not other.exception and other.query_params.get("as_of") == as_of


def test_a_bad_as_of_is_dropped_with_a_notice():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["visit"] = [SHIPPED]
    at.query_params["as_of"] = ["5 January"]
    at.run()
    notices = [shown(i.value) for i in at.info]
    assert any(n.startswith("Ignored the date '5 January' from the link") for n in notices)
    assert "as_of" not in at.query_params
