"""Sources & data: the article with every cited span, the source's own problems, every
table, and downloads of the filtered data."""

import streamlit as st

from dashboard import exports, filters, sources, ui

ctx = ui.context()
visit = ctx.visit

st.title("Sources & data")
citations = ui.memo(sources.citations, visit, filtered=False)
cited, total, _ = ui.memo(sources.coverage, visit, filtered=False)
st.caption(
    f"Every row of the data quotes the article. {cited:,} of {total:,} sentences are cited; "
    f"{len(citations):,} quoted spans in all. Highlights mark cited text: hover one to see the "
    "rows that cite it; darker highlights are cited by the events and cards your filters keep."
)

# Tabs that know which one is open (a click reruns the page): only the open tab is drawn,
# so the downloads are not built while the reader looks at the article.
article_tab, findings_tab, tables_tab, downloads_tab = st.tabs(
    ["The article", "Findings", "Tables", "Downloads"], key="sources_tab", on_change="rerun"
)
with article_tab:
    if article_tab.open:
        pieces = ui.memo(sources.article_pieces, visit, citations, filtered=False)
        pages = sources.article_page_count(pieces)
        page = min(st.pagination(pages, key="article_page"), pages) if pages > 1 else 1
        if pages > 1:
            first = (page - 1) * sources.ARTICLE_PAGE_SIZE + 1
            last = min(page * sources.ARTICLE_PAGE_SIZE, len(pieces))
            st.caption(f"Paragraphs {first:,}–{last:,} of {len(pieces):,}.")
        kept = ui.memo(sources.kept_ids, ctx.events, ctx.cards) if ctx.filters.active else None
        st.html(
            ui.memo(
                sources.article_html, visit, citations, highlight_ids=kept, pieces=pieces, page=page
            )
        )
        ui.table_expander(
            "Which rows cite which sentence",
            sources.citations_table,
            visit,
            key="citations_table",
            filtered=False,
        )

with findings_tab:
    if findings_tab.open:
        st.markdown(
            "What the article says that is contradictory, ambiguous or imprecise, and how the data "
            "resolves it. The events and cards they affect carry a ⚑ flag."
        )
        ui.dataframe(sources.findings_table, visit, filtered=False)

with tables_tab:
    if tables_tab.open:
        name = st.selectbox(
            "Table",
            list(ctx.dataset.tables),
            key="table_choice",
            format_func=lambda n: n.replace("_", " ").capitalize(),
        )
        rows = ui.memo(sources.visit_rows, ctx.dataset.tables, name, visit.id, filtered=False)
        st.caption(f"{len(rows):,} rows of {name}.csv for this visit.")
        ui.dataframe(sources.visit_rows, ctx.dataset.tables, name, visit.id, filtered=False)

with downloads_tab:
    if downloads_tab.open:
        label = filters.describe(ctx.filters, ctx.options)
        st.markdown(
            f"Downloads hold what the filters keep ({ui.md(label)}): "
            f"{len(ctx.events):,} events and {len(ctx.cards):,} issue cards."
        )
        meta = ui.seed_meta(visit)
        active = label if ctx.filters.active else ""
        col_csv, col_cards, col_json, col_ics = st.columns(4)
        col_csv.download_button(
            "Events (CSV)",
            ui.memo(exports.events_csv, ctx.events),  # built once per filter state
            file_name=exports.download_name(visit.id, f"{active} events", "csv"),
            mime="text/csv",
            icon=":material/download:",
        )
        col_cards.download_button(
            "Issue cards (CSV)",
            ui.memo(exports.cards_csv, ctx.cards),
            file_name=exports.download_name(visit.id, f"{active} issue cards", "csv"),
            mime="text/csv",
            icon=":material/download:",
        )
        col_json.download_button(
            "Events and cards (JSON)",
            ui.memo(
                exports.filtered_json,
                visit,
                ctx.events,
                ctx.cards,
                seed_meta=meta,
                filters_text=label,
            ),
            file_name=exports.download_name(visit.id, f"{active} data", "json"),
            mime="application/json",
            icon=":material/download:",
        )
        col_ics.download_button(
            "Itinerary (.ics)",
            ui.memo(exports.itinerary_ics, visit, ctx.events, seed_meta=meta),
            file_name=exports.download_name(visit.id, f"{active} itinerary", "ics"),
            mime="text/calendar",
            icon=":material/event:",
        )

ui.footer(visit)
