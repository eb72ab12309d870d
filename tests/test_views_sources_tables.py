"""The tables as a reader sees them (`views.sources.tables`, and the citations table of
`views.sources`): readable columns and no ids unless asked, places and dates in words, a row
in full, findings contradictions first, each visit's rows only; for the shipped visit and two
fixtures."""

from __future__ import annotations

import pytest
from article_marks import parse
from conftest import FIXTURES, MINI_ID, SHIPPED

from dashboard.data.loading import load_dataset
from dashboard.data.provenance import normalise, quote_spans
from dashboard.data.schema import FINDING_KIND
from dashboard.model.citations import citations, kept_ids
from dashboard.model.visit import select_visit
from dashboard.views.sources import citations_table
from dashboard.views.sources.article import article_html
from dashboard.views.sources.tables import (
    FIELDS,
    PHONE_BUDGET,
    row_fields,
    table_label,
    table_layout,
    table_names,
    table_rows,
    visit_rows,
)


def test_the_findings_table_comes_contradictions_first_with_names_for_ids(real_data, visit):
    table = table_rows(real_data.tables, visit, "findings")
    assert len(table) == len(visit.findings)
    assert table.iloc[0]["kind"] == "contradiction"
    ranks = [FINDING_KIND.index(k) for k in table["kind"]]
    assert ranks == sorted(ranks)
    row = table.set_index("id").loc["date-weekday-conflict"]
    assert row["Affects"] == (
        "President Lee Jae Myung's state visit to China, Departure for Beijing, Seoul → Beijing"
    )


def test_the_citations_table_names_each_sentence_row_and_span(visit, cited):
    table = citations_table(visit)
    assert list(table.columns) == ["sentence", "row", "span", "key"]
    assert len(table) == len(cited)
    assert list(table["span"]) == list(cited["span"])
    summit = table[table["key"] == "events/summit"]
    assert set(summit["row"]) == {"Event: Summit talks with President Xi Jinping"}
    layout = table_layout("citations", list(table.columns), len(table))
    assert layout.order == ("sentence", "row", "span")  # the key only when asked for
    assert [layout.config[c]["label"] for c in layout.order] == ["Sentence", "Row", "Quoted span"]
    assert not layout.more  # every field is in the grid: nothing to select


@pytest.mark.parametrize("name", ["visits", "events", "places", "findings"])
def test_visit_rows_keep_only_the_visits_rows(real_data, visit, name):
    rows = visit_rows(real_data.tables, name, SHIPPED)
    key = "visit_id" if "visit_id" in rows.columns else "id"
    assert len(rows) > 0 and set(rows[key]) == {SHIPPED}
    assert visit_rows(real_data.tables, name, "another-visit").empty


# ---------------------------------------------------------------------------------------
# The tables as a reader sees them

#: Columns that hold ids: of the row itself, or of rows it refers to.
ID_COLUMNS = {
    "id",
    "visit_id",
    "place_id",
    "city_id",
    "participants",
    "topics",
    "topic",
    "related_events",
    "affects",
    "card_id",
    "from_place",
    "to_place",
    "seed",
}


#: The fixtures beside the shipped visit, by folder, with their visit's id.
FIXTURE_IDS = {"mini_visit": MINI_ID, "sparse_visit": "fixture-sparse-2026"}


@pytest.fixture(scope="module", params=["shipped", *FIXTURE_IDS])
def any_visit(request, real_data) -> tuple:
    """(dataset, visit) for the shipped data and both fixtures, each visit picked by id."""
    if request.param == "shipped":
        return real_data, select_visit(real_data, SHIPPED)
    dataset = load_dataset(FIXTURES / request.param)
    return dataset, select_visit(dataset, FIXTURE_IDS[request.param])


def test_the_tables_open_on_the_events(real_data):
    names = table_names(list(real_data.tables))
    assert names[0] == "events"
    assert sorted(names) == sorted(real_data.tables)
    assert [table_label(n) for n in names[:2]] == ["Events", "Issue cards"]
    assert table_label("some_new_table") == "Some new table"


def test_every_table_shows_readable_columns_and_no_ids_unless_asked(any_visit):
    dataset, visit = any_visit
    for name in table_names(list(dataset.tables)):
        rows = table_rows(dataset.tables, visit, name)
        layout = table_layout(name, list(rows.columns), len(rows))
        assert layout.order, name
        assert not set(layout.order) & ID_COLUMNS, (name, layout.order)
        labels = [layout.config[c]["label"] for c in layout.order]
        assert all(label[0].isupper() and "_" not in label for label in labels), labels
        # The widths fit a phone's column; the grid shares out the rest on a wider screen.
        assert sum(layout.config[c]["width"] for c in layout.order) <= PHONE_BUDGET, name
        everything = table_layout(name, list(rows.columns), len(rows), everything=True)
        loaded = list(dataset.tables[name].columns)
        assert list(everything.order) == loaded and "id" in everything.order
        assert everything.config == {}  # the columns' own names, as in the CSV


def test_the_events_table_names_places_and_dates_in_words(real_data, visit):
    rows = table_rows(real_data.tables, visit, "events")
    layout = table_layout("events", list(rows.columns), len(rows))
    assert [layout.config[c]["label"] for c in layout.order] == ["Title", "Date", "Place", "Status"]
    summit = rows.set_index("id").loc["summit", list(layout.order)]
    assert list(summit) == [
        "Summit talks with President Xi Jinping",
        "Mon 5 Jan 2026",
        "Great Hall of the People, Beijing",
        "scheduled",
    ]
    assert layout.more and layout.row_height > 64  # wraps (Streamlit wraps above 4rem)
    # The rows keep every loaded column (the link between a row and its CSV line).
    assert list(rows.columns[: len(real_data.tables["events"].columns)]) == list(
        real_data.tables["events"].columns
    )


def test_a_row_in_full_has_every_readable_field_and_no_ids(real_data, visit):
    rows = table_rows(real_data.tables, visit, "events")
    position = int(rows.index[rows["id"] == "summit"][0])
    fields = dict(row_fields("events", rows, position))
    assert fields["Title"] == "Summit talks with President Xi Jinping"
    assert fields["People"] == "Lee Jae Myung, Xi Jinping"
    assert fields["Topics"].startswith("Diplomacy and summitry")
    assert fields["Background"] == "no"
    assert normalise(quote_spans(fields["Quote"])[0]) in normalise(visit.seed_text)
    assert not set(fields) & {f.column for f in FIELDS["events"] if f.column in ID_COLUMNS}


def test_the_fixtures_article_and_tables_draw(any_visit):
    dataset, visit = any_visit
    cited = citations(visit)
    parsed = parse(article_html(visit, cited))
    assert parsed.marks and len(parsed.panels) == len(parsed.marks)
    assert parsed.key.startswith("Shade: how many of the data’s rows cite the text:")
    kept = kept_ids(visit.events, visit.issue_cards)
    for mark in parse(article_html(visit, cited, only=kept)).marks:
        assert set(mark["data-rows"].split()) <= kept
