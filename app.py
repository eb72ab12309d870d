"""Entrypoint: `streamlit run app.py`. Loads and validates the data once, draws the shared
filters (kept in the URL), and runs the chosen page."""

from pathlib import Path

import streamlit as st

from dashboard import ui

st.set_page_config(
    page_title="State visit dashboard",
    page_icon=ui.favicon(str(Path(__file__).parent / "assets" / "favicon.png")),  # bundled
    layout="wide",
)

# Page files are named unlike their URLs on purpose: a fresh server whose first request
# is a deep link (/timeline) that matches a file in pages/ would fall back to Streamlit's
# automatic pages/ navigation for good, instead of running this entrypoint.
pages = [
    st.Page("pages/overview_page.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/route_map.py", title="Route map", icon=":material/map:", url_path="map"),
    st.Page(
        "pages/timeline_view.py", title="Timeline", icon=":material/timeline:", url_path="timeline"
    ),
    st.Page("pages/issue_cards.py", title="Issues", icon=":material/topic:", url_path="issues"),
    st.Page(
        "pages/sources_data.py",
        title="Sources & data",
        icon=":material/menu_book:",
        url_path="sources",
    ),
]
page = st.navigation(pages)


def run() -> None:
    ui.bootstrap()  # the validation report instead of the page when the data is broken
    page.run()


ui.guarded(run)  # a plain message, never a traceback
