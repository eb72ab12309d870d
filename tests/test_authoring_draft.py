"""The draft command: an article in, a draft visit folder out, checked against what an
editor expects of the shipped article and of two fictional articles of other shapes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA_DIR, ROOT, SHIPPED

from dashboard.__main__ import main
from dashboard.authoring.draft import ArticleError, draft_tables, read_article
from dashboard.authoring.draft.quality import TARGETS, compare
from dashboard.authoring.report.quality import HEADING as REPORT_SECTION
from dashboard.data.loading import DATA_DIR_ENV, check_folder, load_dataset
from dashboard.data.review import banner_text, draft_counts, review_lines

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "draft"
SHAPES = ["hosted", "month_end"]


def frames(text: str, written: dt.date | None = None) -> dict[str, pd.DataFrame]:
    draft = draft_tables(text, "drafted", "article.txt", written)
    return {name: pd.DataFrame(rows) for name, rows in draft.tables.items()}


# ---------------------------------------------------------------------------------------
# The shipped article, measured against its hand-curated folder


@pytest.fixture(scope="module")
def quality():
    return compare(DATA_DIR / SHIPPED)


def test_the_weekday_contradiction_is_found_and_the_visit_runs_sunday_to_wednesday(quality):
    assert quality.contradiction_found
    curated = pd.read_csv(DATA_DIR / SHIPPED / "visits.csv", dtype=str)
    seed = (DATA_DIR / SHIPPED / curated["seed"].iloc[0]).resolve()
    drafted = frames(read_article(seed))
    contradiction = drafted["findings"][drafted["findings"]["kind"] == "contradiction"].iloc[0]
    assert "is a Monday, not a Sunday" in contradiction["why"]
    assert contradiction["resolved"].startswith("Sunday 4 January 2026")
    visit = drafted["visits"].iloc[0]
    assert (visit["start_date"], visit["end_date"]) == ("2026-01-04", "2026-01-07")


def test_the_draft_recovers_the_curated_rows_it_is_asked_to(quality):
    recall = {row.table: row for row in quality.rows}
    for table in ("people", "figures", "events"):
        assert recall[table].recall >= TARGETS[table], (table, recall[table].missed)
    # The one curated place the draft cannot have is a venue the article never names.
    assert recall["places"].recall_stated >= TARGETS["places"], recall["places"].missed
    assert recall["places"].missed == ["Great Hall of the People"]
    assert not quality.validation_problems


def test_the_committed_quality_table_is_what_the_command_prints(quality, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["draft-quality", f"data/{SHIPPED}"]) == 0
    printed = capsys.readouterr().out
    committed = (ROOT / "docs" / "draft-quality.md").read_text(encoding="utf-8")
    # The file's first section; draft-report-quality writes the next (test_report_quality).
    section = committed.split(REPORT_SECTION)[0]
    assert printed == section


def test_every_drafted_quote_is_cut_from_the_article_and_every_row_is_a_draft():
    text = read_article(ARTICLES / "hosted" / "article.txt")
    drafted = frames(text)
    for name, frame in drafted.items():
        assert set(frame["draft"]) == {"true"}, name
        for quote in frame.get("quote", []):
            for span in quote.split(" | "):
                assert " ".join(span.split()) in " ".join(text.split()), (name, span)


# ---------------------------------------------------------------------------------------
# Fictional articles of other shapes, each with the draft an editor expects


@pytest.mark.parametrize("shape", SHAPES)
def test_a_fictional_article_drafts_as_expected(shape):
    expected = json.loads((ARTICLES / shape / "expected.json").read_text(encoding="utf-8"))
    drafted = frames(read_article(ARTICLES / shape / "article.txt"))
    visit = drafted["visits"].iloc[0]
    assert {k: visit[k] for k in expected["visit"]} == expected["visit"]
    assert list(drafted["people"]["name"]) == expected["people"]
    places = drafted["places"].set_index("name")
    name_of = dict(zip(drafted["places"]["id"], drafted["places"]["name"], strict=True))
    for place in expected["places"]:
        row = places.loc[place["name"]]
        assert row["kind"] == place["kind"] and row["country"] == place["country"]
        if "timezone" in place:
            assert row["timezone"] == place["timezone"] and row["lat"] and row["lon"]
            assert row["basis"] == place["basis"]
        else:  # a venue the gazetteer lacks: its city, and coordinates left to the editor
            assert (row["lat"], row["lon"]) == ("", "")
            assert name_of[row["city_id"]] == place["city"]
    legs = [
        [name_of[r.from_place], name_of[r.to_place], r.date]
        for r in drafted["legs"].sort_values("seq").itertuples()
    ]
    assert legs == expected["legs"]
    events = drafted["events"].set_index("title")
    for event in expected["events"]:
        row = events.loc[event["title"]]
        assert (row["date_start"], row["date_end"], row["background"]) == (
            event["date_start"],
            event["date_end"],
            event["background"],
        ), event["title"]
        assert name_of.get(row["place_id"], "") == event["place"], event["title"]
    figures = {(float(r.value), r.unit, r.qualifier) for r in drafted["figures"].itertuples()}
    assert {(float(v), u, q) for v, u, q in expected["figures"]} <= figures
    assert [t for t in drafted["topics"]["label"] if t != "The visit"] == expected["topics"]
    contradictions = (
        (drafted["findings"]["kind"] == "contradiction").sum() if len(drafted["findings"]) else 0
    )
    assert contradictions == expected["findings"]["contradiction"]


# ---------------------------------------------------------------------------------------
# The command


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def test_draft_writes_the_article_its_record_and_a_folder_that_validates(workspace, capsys):
    article = ARTICLES / "month_end" / "article.txt"
    assert (
        main(
            ["draft", str(article), "--id", "herrera-japan", "--data-dir", str(workspace / "data")]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "# Draft report: herrera-japan" in out and "Sentences with no row" in out
    seed = workspace / "seeds" / "herrera-japan.txt"
    assert seed.read_bytes() == article.read_bytes()
    meta = json.loads((workspace / "seeds" / "herrera-japan.meta.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert meta["date_accessed"] == dt.date.today().isoformat()
    written = (workspace / "data" / "herrera-japan" / "DRAFT-REPORT.md").read_text("utf-8")
    assert "- events: " in written and "(s)" not in written  # '1 row', '3 rows'
    problems, _ = check_folder(workspace / "data")
    assert problems == []
    assert main(["validate", str(workspace / "data")]) == 0
    out = capsys.readouterr().out
    assert "draft rows to review" in out
    assert "lat and lon are empty: add the coordinates of “Tokyo National Museum”" in out


def test_draft_never_overwrites(workspace, capsys):
    article = ARTICLES / "hosted" / "article.txt"
    args = ["draft", str(article), "--id", "okonkwo-norway", "--data-dir", str(workspace / "data")]
    assert main(args) == 0
    events = workspace / "data" / "okonkwo-norway" / "events.csv"
    before = events.read_bytes()
    capsys.readouterr()
    assert main(args) == 1
    assert "already exists: nothing was written" in capsys.readouterr().err
    assert events.read_bytes() == before


def test_a_file_that_is_not_utf8_gets_a_clear_error(workspace, capsys):
    article = workspace / "latin1.txt"
    article.write_bytes("Le président arrive à Paris.".encode("latin-1"))
    assert (
        main(["draft", str(article), "--id", "latin", "--data-dir", str(workspace / "data")]) == 1
    )
    err = capsys.readouterr().err
    assert "is not UTF-8 text" in err and "Traceback" not in err
    assert not (workspace / "data" / "latin").exists()
    with pytest.raises(ArticleError, match="is empty"):
        (workspace / "empty.txt").write_text("  \n", encoding="utf-8")
        read_article(workspace / "empty.txt")


def test_an_article_with_nothing_recognisable_gives_an_almost_empty_draft(workspace, capsys):
    article = workspace / "vague.txt"
    article.write_text(
        "Things happened somewhere. People said words about them.\n", encoding="utf-8"
    )
    assert (
        main(["draft", str(article), "--id", "vague", "--data-dir", str(workspace / "data")]) == 0
    )
    out = capsys.readouterr().out
    assert "Almost nothing was recognised" in out
    assert "No full date" in out
    problems, _ = check_folder(workspace / "data")
    assert problems == []


def test_a_written_date_that_is_not_a_date_is_refused(workspace, capsys):
    article = ARTICLES / "hosted" / "article.txt"
    code = main(
        [
            "draft",
            str(article),
            "--id",
            "x",
            "--written",
            "9 March",
            "--data-dir",
            str(workspace / "data"),
        ]
    )
    assert code == 1
    assert "not a date in YYYY-MM-DD form" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# Drafts in validation and in the app


def test_only_a_draft_place_may_lack_coordinates(workspace, capsys):
    article = ARTICLES / "hosted" / "article.txt"
    main(["draft", str(article), "--id", "okonkwo-norway", "--data-dir", str(workspace / "data")])
    places = workspace / "data" / "okonkwo-norway" / "places.csv"
    frame = pd.read_csv(places, dtype=str, keep_default_na=False)
    frame.loc[frame["name"] == "Royal Palace", "draft"] = ""
    frame.to_csv(places, index=False)
    problems, _ = check_folder(workspace / "data")
    row = int(frame.index[frame["name"] == "Royal Palace"][0]) + 2
    assert [(p.file.split("/")[-1], p.row, p.column) for p in problems] == [
        ("places.csv", row, "lat"),
        ("places.csv", row, "lon"),
    ]
    assert "is empty but required" in problems[0].message


def test_the_curated_visit_has_no_draft_rows_and_no_banner():
    dataset = load_dataset(DATA_DIR / SHIPPED)
    assert draft_counts(dataset) == {}
    assert review_lines(dataset) == []
    assert banner_text(dataset, SHIPPED) is None


def test_a_draft_visit_shows_a_banner_on_every_page_and_lists_unplaced_venues(
    workspace, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    article = ARTICLES / "hosted" / "article.txt"
    data = workspace / "data"
    assert main(["draft", str(article), "--id", "okonkwo-norway", "--data-dir", str(data)]) == 0
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for page in (None, "map", "timeline", "issues", "sources"):
        if page:
            at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        assert not at.exception, page
        banners = [w.body for w in at.warning if w.body.startswith("Draft")]
        assert len(banners) == 1, page
        assert "have not been checked by an editor" in banners[0]
        if page == "map":
            captions = " ".join(c.body for c in at.caption).replace("\\", "")
            assert "Not on the map yet, no coordinates: Royal Palace" in captions


def test_a_quote_never_holds_the_span_separator_and_stays_verbatim():
    text = (
        "President Ana Ruiz of Peru arrived in Lima on Monday, March 9, 2026 | a note. "
        "She will attend a forum in Lima on Tuesday."
    )
    drafted = frames(text)
    for name, frame in drafted.items():
        for quote in frame.get("quote", []):
            for span in quote.split(" | "):
                assert span in text, (name, span)


def test_draft_refuses_a_seeds_folder_the_app_does_not_read(workspace, capsys):
    article = ARTICLES / "hosted" / "article.txt"
    args = ["draft", str(article), "--id", "x", "--data-dir", str(workspace / "data")]
    assert main([*args, "--seeds-dir", str(workspace / "elsewhere")]) == 1
    assert "the app reads articles only from" in capsys.readouterr().err
    assert not (workspace / "elsewhere").exists() and not (workspace / "data" / "x").exists()


def test_a_draft_visit_is_never_the_default_view(workspace, capsys):
    from dashboard.model.visit import visit_ids

    data = workspace / "data"
    shutil.copytree(DATA_DIR / SHIPPED, data / SHIPPED)
    shutil.copytree(ROOT / "seeds", workspace / "seeds")
    article = ARTICLES / "hosted" / "article.txt"
    # An id that sorts before the curated folder, so folder order alone would pick it.
    assert main(["draft", str(article), "--id", "a-draft", "--data-dir", str(data)]) == 0
    assert visit_ids(load_dataset(data)) == [SHIPPED, "a-draft"]
    assert main(["validate", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Warning: visit a-draft:" in out and f"visit {SHIPPED}:" not in out


def test_a_leg_that_ends_where_it_starts_is_a_problem(workspace):
    data = workspace / "data"
    main(["draft", str(ARTICLES / "hosted" / "article.txt"), "--id", "x", "--data-dir", str(data)])
    legs = data / "x" / "legs.csv"
    frame = pd.read_csv(legs, dtype=str, keep_default_na=False)
    frame.loc[0, "to_place"] = frame.loc[0, "from_place"]
    frame.to_csv(legs, index=False)
    problems, _ = check_folder(data)
    assert [(p.row, p.column) for p in problems] == [(2, "to_place")]
    assert "is the same place as from_place" in problems[0].message
