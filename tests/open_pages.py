"""Pages of the app opened through AppTest as a shared link opens them (the link seeded
before the first run, then a switch to the page), and what they show read back. Shared by
the tests of the entrypoint (test_app*.py) and of each page (test_page_*.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, SHIPPED, planned_day_param
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV, load_dataset
from dashboard.model.cells import shown

PAGES = {
    "overview": "pages/overview_page.py",
    "map": "pages/map.py",
    "timeline": "pages/timeline.py",
    "issues": "pages/issues.py",
    "sources": "pages/sources.py",
}

#: The link's as_of that shows the plan as the article tells it: most page tests check the
#: pages' mechanics on it; those that open a page with `plan=False` check what the reports
#: tell.
PLAN = planned_day_param(load_dataset(ROOT / "data" / SHIPPED), SHIPPED)


def open_page(
    page: str, params: dict[str, list[str]] | None = None, *, plan: bool = True
) -> AppTest:
    """The page as a link opens it: the shipped visit named by id (another visit folder beside
    it in data/ may sort first and so be the default), as planned unless `plan` is False."""
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


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def deck_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]


def strong_lines(at: AppTest) -> list[str]:
    return [shown(m.value) for m in at.markdown if m.value.startswith("**")]


def app_report(folder: Path, monkeypatch) -> AppTest:
    """The app's first page on the data folder `folder` (a broken one shows its report)."""
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    """Every text and table cell the report page shows."""
    texts = [e.value for e in [*at.title, *at.error, *at.markdown, *at.caption]]
    texts += [str(frame.value.to_dict()) for frame in at.dataframe]
    return "\n".join(texts)
