"""Sources & data: the article with every cited span, the source's own problems, every
table, and downloads of the filtered data."""

import streamlit as st

from dashboard import ui
from dashboard.model import agreement, filters
from dashboard.model.citations import citations as citations_of
from dashboard.model.citations import coverage, kept_ids
from dashboard.ui import state as keys
from dashboard.ui.render import table_with_rows
from dashboard.views import sources as source_views
from dashboard.views.sources import article as source_article
from dashboard.views.sources import reports
from dashboard.views.sources import tables as source_tables


def show_sources(ctx) -> None:
    """Every source with its kind, date and language, and the claims of the one picked."""
    counts = ui.memo(agreement.happened, ctx.visit, filtered=False)
    kinds = ", ".join(
        f"{n:,} {agreement.SOURCE_KIND_NOUNS[k][n != 1]}" for k, n in counts.sources.items()
    )
    st.markdown(
        f"The {counts.total_sources:,} sources the data cites ({ui.md(kinds)}): the article the "
        "visit was drafted from, and the reports after it, each cited by its address and never "
        "copied. A summary or aggregator is listed, but never decides a value alone."
    )
    table_with_rows("reported_sources", reports.sources_rows, ctx.visit, key="source_rows")
    choices = ui.memo(reports.source_choices, ctx.visit, filtered=False)
    picked = st.selectbox(
        "The claims of a source", list(choices), format_func=choices.get, key="claims_source"
    )
    if picked:
        table_with_rows("reported_claims", reports.claims_rows, ctx.visit, picked, key="claim_rows")


def show_disagreements(ctx) -> None:
    """Every field where the sources give different values: who says what, and what the
    dashboard prefers and why."""
    st.markdown(
        "Where the sources give different values for the same thing: every value with who "
        "gives it, the value the dashboard shows and why. Computed from the claims; a "
        "finding may prefer one value and say why."
    )
    rows = ui.memo(reports.disagreement_rows, ctx.visit, filtered=False)
    if rows.empty:
        st.info("The sources agree on every value they give.", icon=":material/check:")
        return
    for row in rows.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{ui.md(row['what'])}**, {ui.md(row['field'])}: {ui.md(row['values'])}")
            st.caption(
                f"Shown: {ui.md(row['preferred'])}. {ui.md(row['state'].capitalize())}: "
                f"{ui.md(row['why'])}"
            )


ctx = ui.context()
visit = ctx.visit

st.title("Sources & data")
citations = ui.memo(citations_of, visit, filtered=False)
cited, total, _ = ui.memo(coverage, visit, filtered=False)
st.caption(
    f"Every row from the article quotes it: {cited:,} of {total:,} sentences are cited; "
    f"{len(citations):,} quoted spans in all. Rows first reported after it cite the reports."
)


# Tabs that know which one is open (a click reruns the page): only the open tab is drawn,
# so the downloads are not built while the reader looks at the article.
reported = visit.reports is not None and visit.reports.any
# Short names: all five fit a phone's width without scrolling the row of tabs.
names = ["Article", "Sources", "Disagreements", "Findings", "Data"]
if not reported:  # a visit with no reports yet: its article is its only source
    names = [n for n in names if n not in ("Sources", "Disagreements")]
tabs = dict(zip(names, st.tabs(names, key=keys.SOURCES_TAB_KEY, on_change="rerun"), strict=True))
article_tab, findings_tab, data_tab = tabs["Article"], tabs["Findings"], tabs["Data"]
if reported:
    with tabs["Sources"]:
        if tabs["Sources"].open:
            show_sources(ctx)
    with tabs["Disagreements"]:
        if tabs["Disagreements"].open:
            show_disagreements(ctx)
with article_tab:
    if article_tab.open:
        st.markdown(
            "Each highlight is text the data quotes: the darker it is, the more rows cite it. "
            "Open one (click or tap it, or move to it with Tab and press Enter) to see the "
            "rows that cite it."
        )
        kept_only = st.toggle(
            "Only what the current filters keep",
            key="sources_kept_only",
            help="Highlight only the text quoted by the events and issue cards the filters "
            "keep; the shades then count those rows.",
        )
        kept = ui.memo(kept_ids, ctx.events, ctx.cards) if kept_only else None
        if kept_only:
            events_and_cards = f"{len(ctx.events):,} events and {len(ctx.cards):,} issue cards"
            st.caption(
                "Highlighting the text quoted by the "
                + events_and_cards
                + f" the filters keep ({ui.md(filters.describe(ctx.filters, ctx.options))})."
                if ctx.filters.active
                else f"No filter is set: highlighting the text quoted by all {events_and_cards}."
            )
            if not kept:
                st.info(
                    "The filters keep no event or issue card, so nothing is highlighted.",
                    icon=":material/filter_alt_off:",
                )
        pieces = ui.memo(source_article.article_pieces, visit, citations, filtered=False)
        pages = source_article.article_page_count(pieces)
        page = min(st.pagination(pages, key=keys.ARTICLE_PAGE_KEY), pages) if pages > 1 else 1
        if pages > 1:
            first = (page - 1) * source_article.ARTICLE_PAGE_SIZE + 1
            last = min(page * source_article.ARTICLE_PAGE_SIZE, len(pieces))
            st.caption(f"Paragraphs {first:,}–{last:,} of {len(pieces):,}.")
        st.html(
            ui.memo(
                source_article.article_html,
                visit,
                citations,
                only=kept,
                pieces=pieces,
                page=page,
                filtered=kept_only,
            )
        )
        box = st.expander(
            "Which rows cite which sentence", key=keys.CITATIONS_TABLE_KEY, on_change="rerun"
        )
        with box:
            if box.open:
                table_with_rows("citations", source_views.citations_table, visit, key="citation_rows")

with findings_tab:
    if findings_tab.open:
        st.markdown(
            "What the article says that is contradictory, ambiguous or imprecise, and how the data "
            "resolves it. The events and cards they affect carry a ⚑ flag."
        )
        everything = st.toggle("Show ids and all columns", key="findings_all_columns")
        table_with_rows(
            "findings",
            source_tables.table_rows,
            ctx.dataset.tables,
            visit,
            "findings",
            key="findings_rows",
            everything=everything,
        )

with data_tab:
    if data_tab.open:
        st.subheader("Download", anchor=False)
        label = filters.describe(ctx.filters, ctx.options)
        st.markdown(
            f"The files hold what the filters keep ({ui.md(label)}): "
            f"{len(ctx.events):,} events and {len(ctx.cards):,} issue cards."
        )
        ui.downloads("sources", ctx, intro=False)
        st.subheader("Browse a table", anchor=False)
        st.caption(
            "Every row of the visit's tables as stored, whatever the filters and the "
            "moment chosen under Reports as of."
        )
        names = source_tables.table_names(list(ctx.dataset.tables))
        name = st.selectbox(
            "Table", names, key=keys.TABLE_CHOICE_KEY, format_func=source_tables.table_label
        )
        everything = st.toggle("Show ids and all columns", key="tables_all_columns")
        rows = ui.memo(source_tables.visit_rows, ctx.dataset.tables, name, visit.id, filtered=False)
        st.caption(f"{len(rows):,} rows of {name}.csv for this visit.")
        table_with_rows(
            name,
            source_tables.table_rows,
            ctx.dataset.tables,
            visit,
            name,
            key=f"table_rows_{name}",
            everything=everything,
        )

ui.footer(visit)
