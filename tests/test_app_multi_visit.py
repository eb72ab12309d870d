"""More than one visit, picked up without code changes.

A data folder is built in a temporary folder with the real visit (its article in a `seeds/`
beside `data/`, so its `seed` path ../../seeds/... still resolves) and the two fixture
visits: `mini_visit` (two places, one background event, one card) and `sparse_visit` (one
city, no background, no cards, header-only tables). `DASHBOARD_DATA_DIR` points the app at
it. Folders load in name order, so the real visit (lee-…) stays the default.

AppTest drives the app through the URL, as a shared link does; the sidebar selector itself
is clicked in the browser test at the end (entrypoint widgets cannot be driven across
reruns in AppTest).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SHIPPED
from streamlit.testing.v1 import AppTest

from dashboard.data.loading import DATA_DIR_ENV, load_dataset
from dashboard.model.cells import shown

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MINI = "fixture-mini-2026"
SPARSE = "fixture-sparse-2026"
TITLES = {
    SHIPPED: "President Lee Jae Myung's state visit to China",
    MINI: "Fixture visit of Minister A to City X",
    SPARSE: "Fixture visit of Envoy C to City Y",
}
PAGES = {
    "overview": "pages/overview_page.py",
    "map": "pages/map.py",
    "timeline": "pages/timeline.py",
    "issues": "pages/issues.py",
    "sources": "pages/sources.py",
}
PAGE_TITLES = {
    "map": "Route map",
    "timeline": "Timeline",
    "issues": "Issues on the agenda",
    "sources": "Sources & data",
}


def build_data_folder(project: Path) -> Path:
    """project/data/{lee-china-2026, test-fixture-mini, test-fixture-sparse} + project/seeds."""
    data = project / "data"
    shutil.copytree(ROOT / "data" / SHIPPED, data / SHIPPED)
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copytree(FIXTURES / "mini_visit", data / "test-fixture-mini")
    shutil.copytree(FIXTURES / "sparse_visit", data / "test-fixture-sparse")
    return data


@pytest.fixture(scope="module")
def multi_data(tmp_path_factory) -> Path:
    return build_data_folder(tmp_path_factory.mktemp("multi") / "project")


@pytest.fixture
def multi(monkeypatch, multi_data) -> Path:
    monkeypatch.setenv(DATA_DIR_ENV, str(multi_data))
    return multi_data


def open_page(page: str, params: dict[str, list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, values in (params or {}).items():
        at.query_params[name] = values
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def footer_of(at: AppTest) -> str:
    """The footer caption as a reader sees it (Markdown escapes removed)."""
    footers = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Source\\:")]
    assert len(footers) == 1, [c.value for c in at.caption]
    return footers[0]


def html_of(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def deck_layers(at: AppTest) -> dict[str, dict]:
    (deck,) = [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]
    return {layer["id"]: layer for layer in deck["layers"]}


def link(at: AppTest) -> dict[str, list[str]]:
    """The URL parameters the app wrote, each as a list."""
    return {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}


def metrics(at: AppTest) -> dict[str, str]:
    return {shown(m.label): shown(m.value) for m in at.metric}


# ---------------------------------------------------------------------------------------
# The loader and the selector


def test_the_loader_reads_every_visit_folder_in_name_order(multi_data):
    dataset = load_dataset(multi_data)
    assert list(dataset.visits["id"]) == [SHIPPED, MINI, SPARSE]
    assert dataset.summary().startswith(f"OK: 3 visits loaded from {multi_data}:")
    article = multi_data.parent / "seeds" / "lee-jae-myung-china-state-visit-2026.txt"
    assert dataset.seed_files[SHIPPED] == article.resolve()  # ../../seeds/ resolves in the copy


def test_the_sparse_fixture_is_a_valid_visit_of_its_own():
    dataset = load_dataset(FIXTURES / "sparse_visit")
    assert list(dataset.visits["id"]) == [SPARSE]
    sizes = {name: len(frame) for name, frame in dataset.tables.items()}
    assert sizes == {
        "visits": 1,
        "topics": 1,
        "places": 1,
        "people": 0,
        "events": 1,
        "legs": 0,
        "issue_cards": 0,
        "figures": 0,
        "findings": 0,
        "sources": 0,  # no reports: the files are left out
        "claims": 0,
    }
    assert not dataset.events["background"].any()


def test_one_visit_shows_no_visit_selector(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_ENV, str(shutil.copytree(FIXTURES / "mini_visit", tmp_path / "v")))
    at = open_page("overview")
    assert [shown(t.value) for t in at.title] == [TITLES[MINI]]
    assert len(at.sidebar.selectbox) == 0
    assert "visit" not in at.query_params


#: How the selector names each visit: guest, host country, month (a title would be cut).
LABELS = {
    SHIPPED: "Lee Jae Myung in China, Jan 2026",
    MINI: "Minister A in Country X, Mar 2026",
    SPARSE: "Envoy C in Country Y, May 2026",
}


def test_several_visits_show_a_selector_with_their_short_labels(multi):
    at = open_page("overview")
    # The visit, and (the shipped visit has reports) the moment of its reports.
    assert [s.label for s in at.sidebar.selectbox] == ["Visit", "Reports as of"]
    selector = at.sidebar.selectbox[0]
    assert selector.label == "Visit"
    assert selector.options == [LABELS[SHIPPED], LABELS[MINI], LABELS[SPARSE]]
    assert selector.value == SHIPPED
    assert [shown(t.value) for t in at.title] == [TITLES[SHIPPED]]
    assert "visit" not in at.query_params  # the default visit keeps the link short


# ---------------------------------------------------------------------------------------
# ?visit=… picks the visit, and every page follows it


def test_the_link_selects_the_mini_visit_on_the_overview(multi):
    at = open_page("overview", {"visit": [MINI]})
    assert [shown(t.value) for t in at.title] == [TITLES[MINI]]
    assert at.sidebar.selectbox[0].value == MINI
    figures = metrics(at)
    assert figures["Days"] == "2"
    assert figures["Events"] == "2"  # the 2019 visit is background, not counted
    assert figures["Agreements expected"] == "3"
    assert link(at)["visit"] == [MINI]  # the link keeps naming it
    assert not at.info  # nothing was dropped


@pytest.mark.parametrize("page", [p for p in PAGES if p != "overview"])
def test_every_page_follows_the_visit_in_the_link(multi, page):
    at = open_page(page, {"visit": [MINI]})
    assert [shown(t.value) for t in at.title][:1] == [PAGE_TITLES[page]]
    assert link(at)["visit"] == [MINI]
    assert footer_of(at).startswith("Source: seed.txt.")
    if page == "map":
        layers = deck_layers(at)
        assert {row["id"] for row in layers["places"]["data"]} == {"city-x", "civic-hall"}
        assert len(layers["legs"]["data"]) == 1
    elif page == "timeline":
        (day,) = (json.dumps(spec) for spec in plotly_specs(at))  # the open tab's chart only
        assert "Meeting with Mayor B" in day and "Beijing" not in day
        at.session_state["timeline_tab"] = at.tabs[1].label  # what a click on the tab does
        (background,) = (json.dumps(spec) for spec in plotly_specs(at.run()))
        assert "Previous visit to City X" in background
    elif page == "issues":
        assert 'id="card-river-trade"' in html_of(at)
        assert "summit" not in html_of(at)
    elif page == "sources":
        article = html_of(at)
        assert "FIXTURE ARTICLE for tests" in article
        assert "Xi Jinping" not in article


def test_filters_in_the_link_are_checked_against_the_chosen_visit(multi):
    at = open_page(
        "overview", {"visit": [MINI], "day": ["2026-03-02", "2026-01-05"], "city": ["city-x"]}
    )
    assert [shown(t.value) for t in at.title] == [TITLES[MINI]]
    assert [shown(i.value) for i in at.info] == [
        "Ignored 1 unknown day from the link: '2026-01-05'."
    ]
    assert link(at)["day"] == ["2026-03-02"]
    assert link(at)["city"] == ["city-x"]


@pytest.mark.parametrize("page", list(PAGES))
def test_an_unknown_visit_in_the_link_is_dropped_with_one_notice(multi, page):
    at = open_page(page, {"visit": ["no-such-visit"]})
    notices = [shown(i.value) for i in at.info if "visit" in i.value]
    assert notices == ["Ignored unknown visit 'no-such-visit' from the link; showing the first."]
    assert "visit" not in at.query_params
    if page == "overview":
        assert [shown(t.value) for t in at.title] == [TITLES[SHIPPED]]
    assert footer_of(at).startswith("Source: President Lee Jae Myung departs")


# ---------------------------------------------------------------------------------------
# The sparse visit: one city, one event, no legs, no background, no cards


def test_the_sparse_visit_overview(multi):
    at = open_page("overview", {"visit": [SPARSE]})
    assert [shown(t.value) for t in at.title] == [TITLES[SPARSE]]
    figures = metrics(at)
    assert figures["Days"] == "1"
    assert figures["Events"] == "1"
    assert "Opening of a trade office" in "".join(h.proto.body for h in at.get("html"))
    captions = [shown(c.value) for c in at.main.caption]
    # No card and no finding: the data has none; no filter is to blame.
    assert "The data records no sensitive or open issue and no contradiction in the source." in captions  # fmt: skip
    filtered = open_page("overview", {"visit": [SPARSE], "topic": ["trade"]})
    assert "Nothing the source calls sensitive or open matches the filters." in [
        shown(c.value) for c in filtered.main.caption
    ]


def test_the_sparse_visit_has_the_issues_empty_state(multi):
    at = open_page("issues", {"visit": [SPARSE]})
    assert [i.value for i in at.info] == ["The source names no agenda issues for this visit."]
    assert "issue-card" not in html_of(at)


def test_the_sparse_visit_map_shows_its_one_city(multi):
    at = open_page("map", {"visit": [SPARSE]})
    layers = deck_layers(at)
    assert [row["tooltip_title"] for row in layers["places"]["data"]] == ["City Y"]
    assert [row["label"] for row in layers["city-labels"]["data"]] == ["City Y"]
    assert layers["legs"]["data"] == []
    (deck,) = [json.loads(el.proto.json) for el in at.get("deck_gl_json_chart")]
    view = deck["initialViewState"]
    assert (view["latitude"], view["longitude"]) == (-33.5, 151.25)  # centred on the city


def test_the_sparse_visit_timeline_without_background(multi):
    at = open_page("timeline", {"visit": [SPARSE]})
    (day,) = plotly_specs(at)  # no background chart at all
    assert "Opening of a trade office" in json.dumps(day)
    # No background events: the tab says so in words, not with an empty chart.
    assert "The source gives no background for this visit." in [c.value for c in at.caption]
    assert [t.label for t in at.tabs] == ["The visit, day by day", "Background"]


def test_the_sparse_visit_sources_page(multi):
    at = open_page("sources", {"visit": [SPARSE]})
    assert "FIXTURE ARTICLE for tests" in html_of(at)
    assert 'title="Cited by: visits/fixture-sparse-2026' in html_of(at)
    assert footer_of(at) == (
        "Source: seed.txt. Article licence: not recorded. Data licence: not recorded."
    )


# ---------------------------------------------------------------------------------------
# The footer: source and data licence on every page, for every visit


@pytest.mark.parametrize("page", list(PAGES))
def test_the_footer_names_the_source_and_the_data_licence(multi, page):
    at = open_page(page)
    footer = footer_of(at)
    assert footer.startswith(
        "Source: President Lee Jae Myung departs for a four-day state visit to China."
    )
    assert "Article licence: Not stated in the source." in footer
    assert "Data licence: The curated tables in data/ are released under CC BY 4.0" in footer


@pytest.mark.parametrize("page", list(PAGES))
def test_a_visit_without_a_metadata_record_says_so_in_the_footer(multi, page):
    at = open_page(page, {"visit": [MINI]})
    assert footer_of(at) == (
        "Source: seed.txt. Article licence: not recorded. Data licence: not recorded."
    )


# ---------------------------------------------------------------------------------------
# Known bugs in files outside this test's remit (pages/, overview.py): reported, not fixed.
# Not strict: they pass (XPASS) once fixed, and can then lose their mark.


def test_the_tables_tab_shows_only_the_chosen_visits_row_of_visits(multi):
    at = open_page("sources", {"visit": [MINI]})
    at.session_state["sources_tab"] = "Data"  # the tab is drawn once it is open
    at.run()
    at.selectbox(key="table_choice").set_value("visits").run()
    (table,) = [d.value for d in at.dataframe if "guest" in d.value.columns]
    assert list(table["id"]) == [MINI]


def test_the_timeline_texts_follow_the_chosen_visit(multi):
    at = open_page("timeline", {"visit": [MINI]})
    labels = [t.label for t in at.tabs]
    assert not any("2014" in label for label in labels), labels
    assert not any("China and Seoul" in c.value for c in at.caption)


def test_a_visit_without_legs_still_counts_its_city(multi):
    at = open_page("overview", {"visit": [SPARSE]})
    assert metrics(at)["Cities"] == "1"
