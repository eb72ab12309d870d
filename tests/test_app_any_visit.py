"""Any visit, any shape, through the entrypoint (`app.py`) and every page: no source file
names a shipped visit, and fixture visits of other shapes (across the date line and a year
end, across a month end, out and back, clock times, ten topics, background after the visit)
and visits of random shape (a property test) render on every page in their own words.

Each fixture is copied into a data folder of its own (`DASHBOARD_DATA_DIR`) and every page
is run through AppTest. What a page shows is gathered from every element it drew (text,
captions, charts' JSON, the deck's JSON, tables) and checked for the fixture's own wording
and for none of the shipped visits' names."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT, is_fixture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.data import schema
from dashboard.data.loading import DATA_DIR_ENV, check_folder, load_dataset
from dashboard.model.cells import shown
from dashboard.model.words import zone_abbreviation

PAGES = {
    "overview": None,
    "map": "pages/map.py",
    "timeline": "pages/timeline.py",
    "issues": "pages/issues.py",
    "sources": "pages/sources.py",
}


#: Fixture folder -> its visit id. Each is a shape the shipped visit does not have.
SHAPES = {
    "dateline_visit": "fixture-dateline-2026",  # date line, year end, ten topics, after
    "autumn_visit": "fixture-autumn-2026",  # month end, clock times, money, a triangle
    "river_visit": "fixture-river-2026",  # out and back, a distant background-only city
    "clock_visit": "fixture-clock-2026",  # clock times for most events
    "mini_visit": "fixture-mini-2026",  # one leg of a kilometre
    "sparse_visit": "fixture-sparse-2026",  # one city, no legs, no cards
}


def names_of(folders: list[Path]) -> set[str]:
    """The visits' people, places, countries, guest and host, their zones' keys, the keys'
    city part and the zones' abbreviations on the visits' first days and events' days."""
    names: set[str] = set()
    for folder in folders:
        visits = pd.read_csv(folder / "visits.csv", dtype=str)
        places = pd.read_csv(folder / "places.csv", dtype=str)
        people = pd.read_csv(folder / "people.csv", dtype=str)
        for column in ("guest", "guest_country", "host", "host_country"):
            names |= set(visits[column].dropna())
        names |= set(places["name"].dropna()) | set(places["country"].dropna())
        names |= set(people["name"].dropna()) | set(people["country"].dropna())
        events = pd.read_csv(folder / "events.csv", dtype=str, comment="#")
        days = set(pd.to_datetime(visits["start_date"]).dt.date)
        for column in ("date_start", "date_end"):
            days |= set(pd.to_datetime(events[column].dropna()).dt.date)
        for zone in set(places["timezone"].dropna()):
            names |= {zone, zone.split("/")[-1].replace("_", " ")}
            # On every day a page may show: a zone's abbreviation changes with the season.
            names |= {zone_abbreviation(zone, day) for day in days}
    # A zone without an abbreviation is named by its offset ('UTC+13'), and GMT is UTC's
    # other name (Africa/Dakar's, Europe/London's in winter, Etc/GMT-3's): no one's name.
    return {
        name
        for part in names
        for name in part.split(" / ")
        if len(name) > 2 and not name.startswith(("UTC", "GMT"))
    }


#: The real visits' names: every folder in data/ but copies of fictional fixtures.
NAMES = names_of(sorted(p for p in (ROOT / "data").iterdir() if p.is_dir() and not is_fixture(p)))


def named_in(text: str, own: frozenset[str] = frozenset()) -> list[str]:
    """The shipped names in `text`, but those in `own` (a zone abbreviation such as CST is
    used on more than one continent)."""
    return sorted(
        name for name in NAMES - own if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I)
    )


def test_the_shipped_names_are_read_from_the_data():
    assert {"Seoul", "Beijing", "China", "Asia/Seoul", "KST", "CST"} <= NAMES


def test_no_source_file_names_a_shipped_visit():
    """No word in src/, pages/ or app.py names a country, city, person or zone of a visit
    in data/: every such word on screen comes from the data."""
    files = [*sorted((ROOT / "src").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
    found = {}
    for path in [*files, ROOT / "app.py"]:
        for n, line in code_lines(path):
            if hits := named_in(line):
                found[f"{path.relative_to(ROOT)}:{n}"] = hits
    assert not found, found


def code_lines(path: Path) -> list[tuple[int, str]]:
    """The file's code, line by line, without its comments (a comment may say which
    article a rule was found in; code and strings, docstrings too, may not name a visit:
    a docstring describes the mechanism, never a visit's data)."""
    import io
    import tokenize

    lines: dict[int, list[str]] = {}
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        skipped = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                   tokenize.DEDENT, tokenize.ENDMARKER)  # fmt: skip
        if token.type in skipped:
            continue
        for offset, text in enumerate(token.string.splitlines() or [""]):
            lines.setdefault(token.start[0] + offset, []).append(text)
    return sorted((n, " ".join(parts)) for n, parts in lines.items())


def test_the_name_check_reads_code_and_strings_not_comments(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Reads a leg, as from Shanghai."""\nx = 1  # as in the Seoul article\ny = "Beijing"\n',
        encoding="utf-8",
    )
    assert [named_in(line) for _, line in code_lines(sample)] == [["Shanghai"], [], ["Beijing"]]


def test_the_name_check_finds_a_name_in_any_case():
    assert named_in("a heuristic: 'korea' in country") == ["Korea"]
    assert named_in("times in Asia/Seoul") == ["Asia/Seoul", "Seoul"]
    assert not named_in("Seoulite, KSTX, Chinaware")


# ---------------------------------------------------------------------------------------
# Fixture visits of other shapes, page by page


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """Each fixture as the one visit of a data folder of its own."""
    out = {}
    for name in SHAPES:
        data = tmp_path_factory.mktemp(name) / "data"
        shutil.copytree(FIXTURES / name, data / name)
        out[name] = data
    return out


def run_page(monkeypatch, data: Path, page: str, params: dict | None = None) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if PAGES[page]:
        at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def drawn(node) -> list[str]:
    """Everything an element and its children drew, as text (protobuf text format)."""
    out = [str(node.proto)] if getattr(node, "proto", None) is not None else []
    for child in getattr(node, "children", {}).values():
        out += drawn(child)
    return out


def page_text(at: AppTest) -> str:
    text = "\n".join(drawn(at._tree))
    # Protobuf escapes non-ASCII and quotes: decode what a reader would read.
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape", "ignore")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("shape", SHAPES)
def test_every_page_of_every_shape_renders_in_its_own_words(monkeypatch, folders, shape, page):
    at = run_page(monkeypatch, folders[shape], page)
    text, own = page_text(at), frozenset(names_of([FIXTURES / shape]))
    assert not named_in(text, own), (shape, page, named_in(text, own))


def test_the_fixtures_validate_each_as_its_own_visit():
    for name, visit_id in SHAPES.items():
        dataset = load_dataset(FIXTURES / name)
        assert list(dataset.visits["id"]) == [visit_id], name


# The dateline fixture: guest at UTC+12 (178E), host at UTC-10 (158W), 30 Dec 2026 - 2 Jan 2027.


def test_a_visit_across_a_year_end_names_both_years(monkeypatch, folders):
    at = run_page(monkeypatch, folders["dateline_visit"], "overview")
    (summary,) = [shown(c.value) for c in at.main.caption if " visits " in shown(c.value)]
    assert "Wed 30 Dec 2026 – Sat 2 Jan 2027" in summary
    assert "Vaimoana → Port Halen → Kalea Bay → Port Halen → Vaimoana" in summary
    # The talks' day is not stated: listed once, over the days they may fall on.
    assert page_text(at).count("sometime Wed 30 Dec 2026 – Fri 1 Jan 2027") == 1


def test_a_guest_across_the_date_line_gets_the_day_after_in_the_hover(monkeypatch, folders):
    at = run_page(monkeypatch, folders["dateline_visit"], "timeline")
    captions = " ".join(shown(c.value) for c in at.main.caption)
    # Pacific/Fiji has no abbreviation: its offset is said once, not twice.
    assert "Times: the host's HST (UTC-10) · the guest's home UTC+12" in captions
    assert "UTC+12 (UTC+12)" not in captions
    day = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec))
    # 14:00 on Wed 30 Dec at the host is 12:00 on Thu 31 Dec at the guest's home.
    assert "14:00 HST (at the guest's home: 12:00 UTC+12 on Thu 31 Dec)" in day
    assert "about 10:30" in day  # an approximate time says so


def test_background_after_the_visit_has_its_mark_on_the_axis(monkeypatch, folders):
    at = run_page(monkeypatch, folders["dateline_visit"], "timeline")
    labels = [t.label for t in at.tabs]
    assert "Background, 2025 to 2027" in labels, labels
    at.session_state["timeline_tab"] = "Background, 2025 to 2027"  # the tab opened
    (chart,) = at.run().get("plotly_chart")  # only the open tab's chart is drawn
    background = json.loads(chart.proto.spec)
    first, last = background["layout"]["xaxis"]["range"]
    assert first < "2025-03-01" and last > "2027-03-31"


def test_ten_topics_keep_ten_distinct_colours(monkeypatch, folders):
    at = run_page(monkeypatch, folders["dateline_visit"], "issues")
    topics = load_dataset(FIXTURES / "dateline_visit").topics
    assert len(set(topics["colour"])) == 10
    assert [shown(o) for o in at.sidebar.button_group[1].options][:10] == list(topics["label"])


def test_whose_aim_follows_the_data(monkeypatch, folders):
    html = "\n".join(el.proto.body for el in run_page(monkeypatch, folders["dateline_visit"], "issues").get("html"))  # fmt: skip
    assert "Country M's aim:" in html
    assert "Country N's aim:" in html
    assert "<b>The visit's aim:</b>" in html  # a card without aim_of


def test_money_figures_use_scale_words(monkeypatch, folders):
    at = run_page(monkeypatch, folders["autumn_visit"], "overview")
    values = {shown(m.label): shown(m.value) for m in at.metric}
    assert values["Energy accord"] == "2.5 billion pesos"
    at = run_page(monkeypatch, folders["dateline_visit"], "overview")
    values = {shown(m.label): shown(m.value) for m in at.metric}
    assert values["Pledged for reef research"] == "40 million dollars"


def test_a_visit_across_a_month_end_with_clock_times_gets_the_clock(monkeypatch, folders):
    at = run_page(monkeypatch, folders["autumn_visit"], "timeline")
    captions = " ".join(shown(c.value) for c in at.main.caption)
    assert "Clock: 6 of the visit's 6 events have a stated time" in captions
    assert "the guest's home WET (UTC+0)" in captions  # six hours ahead of the host
    day = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec))
    assert "Fri 30 Oct" in day and "Mon 2 Nov" in day


# ---------------------------------------------------------------------------------------
# Visits of random shape


#: Zones of every kind of offset: whole hours either side of UTC, half and quarter hours,
#: both sides of the date line, with and without daylight saving time and abbreviations.
ZONES = (
    "UTC",
    "Europe/Lisbon",
    "America/Mexico_City",
    "America/St_Johns",
    "Pacific/Apia",
    "Pacific/Honolulu",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Africa/Nairobi",
)


COLOURS = schema.PALETTE


@st.composite
def random_visit(draw) -> dict[str, list[dict]]:
    """A valid visit of random shape, as rows per table; each row's quote is a sentence of
    its own in the generated article (rows["seed"])."""
    sentences: list[str] = []

    def quote(what: str) -> str:
        sentences.append(f"Sentence {len(sentences) + 1} says that {what}.")
        return sentences[-1]

    vid = "random-visit"
    start = draw(st.dates(date(1990, 1, 1), date(2045, 12, 20)))
    length = draw(st.integers(1, 6))
    days = [start + timedelta(days=n) for n in range(length)]
    end = days[-1]
    cities = draw(st.integers(1, 4))
    places = [
        {
            "id": f"city-{n}",
            "name": f"City {n}",
            "kind": "city",
            "country": "Country G" if n == 0 else "Country H",
            "lat": draw(st.floats(-60, 70).map(lambda x: round(x, 2))),
            "lon": draw(st.floats(-179.5, 179.5).map(lambda x: round(x, 2))),
            "timezone": draw(st.sampled_from(ZONES)),
            "quote": quote(f"City {n} is a place"),
            "basis": "reference",
            "basis_note": "Made up for a property test.",
        }
        for n in range(cities)
    ]
    topics = [
        {
            "id": f"topic-{n}",
            "label": f"Topic {n}",
            "description": f"Topic number {n}.",
            "colour": COLOURS[n],
            "quote": quote(f"topic {n} matters"),
            "basis": "article",
        }
        for n in range(draw(st.integers(1, len(COLOURS))))
    ]
    events = []
    for n in range(draw(st.integers(1, 9))):
        kind = draw(st.sampled_from(["day", "time", "part", "range", "before", "after"]))
        row = {
            "id": f"event-{n}",
            "title": f"Event {n}",
            "kind": "meeting",
            "status": draw(st.sampled_from(["done", "scheduled", "expected", "ongoing"])),
            "place_id": draw(st.sampled_from([p["id"] for p in places] + [""])),
            "topics": " ".join(
                sorted(
                    {
                        t["id"]
                        for t in draw(st.lists(st.sampled_from(topics), min_size=1, max_size=3))
                    }
                )
            ),  # fmt: skip
            "background": "true" if kind in ("before", "after") else "false",
            "summary": f"Event {n} happens.",
            "quote": quote(f"event {n} happens"),
            "basis": "article",
            "date_as_written": "as the article says",
        }
        if kind in ("day", "time", "part"):
            day = draw(st.sampled_from(days))
            row |= {"date_start": day, "date_end": day, "date_precision": "day"}
            if kind == "time":  # a clock time needs a place with a zone
                row["place_id"] = draw(st.sampled_from([p["id"] for p in places]))
                row["time_local"] = f"{draw(st.integers(0, 23)):02d}:{draw(st.sampled_from([0, 15, 30, 45])):02d}"  # fmt: skip
                row["time_precision"] = draw(st.sampled_from(["exact", "about"]))
            if kind == "part":
                row["day_part"] = draw(st.sampled_from(["morning", "midday", "afternoon", "evening"]))  # fmt: skip
        elif kind == "range":
            first, last = sorted(draw(st.lists(st.sampled_from(days), min_size=2, max_size=2)))
            row |= {"date_start": first, "date_end": last, "date_precision": "range" if first < last else "day"}  # fmt: skip
        else:
            year = start.year - draw(st.integers(1, 12)) if kind == "before" else end.year + draw(st.integers(1, 3))  # fmt: skip
            row |= {"date_start": date(year, 1, 1), "date_end": date(year, 12, 31), "date_precision": "year", "status": "done" if kind == "before" else "scheduled"}  # fmt: skip
        events.append(row)
    route = [p["id"] for p in places] + ([places[0]["id"]] if cities > 1 else [])
    legs = [
        {
            "id": f"leg-{n}",
            "seq": n + 1,
            "from_place": a,
            "to_place": b,
            "date": days[min(n, len(days) - 1)],
            "date_precision": "day",
            "quote": quote(f"leg {n} goes from {a} to {b}"),
            "basis": "article",
        }
        for n, (a, b) in enumerate(zip(route, route[1:], strict=False))
    ]
    on_visit = [e["id"] for e in events]
    cards = [
        {
            "id": f"card-{n}",
            "topic": draw(st.sampled_from(topics))["id"],
            "title": f"Card {n}",
            "aim": f"Aim {n}.",
            "aim_of": draw(st.sampled_from(["", "Country G", "Country H"])),
            "why": f"Why {n}.",
            "sensitivity": draw(
                st.sampled_from(["sensitive", "top priority", "on the agenda", "context"])
            ),  # fmt: skip
            "status": "on the agenda",
            "related_events": " ".join(
                draw(st.lists(st.sampled_from(on_visit), max_size=3, unique=True))
            ),  # fmt: skip
            "quote": quote(f"card {n} is an issue"),
            "basis": "article",
        }
        for n in range(draw(st.integers(0, 3)))
    ]
    figures = [
        {
            "id": f"figure-{n}",
            "label": f"Figure {n}",
            "value": value,
            "value_as_written": f"{value:g} units",
            "unit": draw(st.sampled_from(["dollars", "people", "km", "agreements"])),
            "headline": draw(st.sampled_from(["true", "false"])),
            "quote": quote(f"figure {n} is {value:g}"),
            "basis": "article",
        }
        for n, value in enumerate(
            draw(st.lists(st.sampled_from([3, 12.5, 4e6, 7.1e10, 7e13]), max_size=3))
        )  # fmt: skip
    ]
    visit = {
        "id": vid,
        "title": "Random visit of Leader G to Country H",
        "guest": "Leader G",
        "guest_country": "Country G",
        "host": "Leader H",
        "host_country": "Country H",
        "start_date": start,
        "end_date": end,
        "seed": "seed.txt",
        "quote": quote("Leader G visits Country H"),
        "basis": "article",
    }
    tables = {"visits": [visit], "topics": topics, "places": places, "people": [], "events": events, "legs": legs, "issue_cards": cards, "figures": figures, "findings": []}  # fmt: skip
    for name, rows in tables.items():
        for row in rows:
            if name != "visits":
                row["visit_id"] = vid
    tables["seed"] = "FIXTURE ARTICLE generated for a property test.\n" + "\n".join(sentences) + "\n"  # fmt: skip
    return tables


def write_visit(tables: dict, folder: Path) -> Path:
    """The tables as a visit folder, every column of the schema present."""
    folder.mkdir(parents=True)
    for name, table in schema.TABLES.items():
        columns = [col.name for col in table.columns]
        frame = pd.DataFrame(tables.get(name, []), columns=columns)
        frame.to_csv(folder / f"{name}.csv", index=False)
    (folder / "seed.txt").write_text(tables["seed"], encoding="utf-8")
    return folder


# Six visits per run (each renders five pages); `--hypothesis-profile=deep` tries 60.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tables=random_visit())
def test_a_visit_of_random_shape_renders_every_page(monkeypatch, tmp_path_factory, tables):
    data = tmp_path_factory.mktemp("random") / "data"
    write_visit(tables, data / "random")
    problems, _ = check_folder(data)
    assert not problems, [str(p) for p in problems]
    own = frozenset(names_of([data / "random"]))  # its zones' abbreviations may be shared
    for page in PAGES:
        text = page_text(run_page(monkeypatch, data, page))
        assert not named_in(text, own), (page, named_in(text, own))
