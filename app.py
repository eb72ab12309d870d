"""Entrypoint: `streamlit run app.py`. Loads and validates the data once, draws the shared
filters (kept in the URL), and runs the chosen page.

`streamlit run` first imports this file to find its web server (`app`, below), then runs
it as the script of every reader's session (`__main__`).
"""

from pathlib import Path

import streamlit as st

from dashboard import ui
from dashboard.ui import serve

# (file, title, icon, URL path). Page files are named like their URLs on purpose: a fresh
# server's first request (a shared link to /timeline) runs pages/timeline.py through
# Streamlit's automatic pages/ navigation before this entrypoint has declared its own;
# `ui.context` then switches to this one.
PAGES = [
    ("pages/overview_page.py", "Overview", ":material/dashboard:", ""),
    ("pages/map.py", "Route map", ":material/map:", "map"),
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/issues.py", "Issues", ":material/topic:", "issues"),
    ("pages/sources.py", "Sources & data", ":material/menu_book:", "sources"),
]

if __name__ == "__main__":  # a reader's session
    st.set_page_config(
        page_title="State visit dashboard",
        page_icon=ui.favicon(str(Path(__file__).parent / "assets" / "favicon.png")),  # bundled
        layout="wide",
    )
    # The app draws its own links to the pages (ui.sidebar), each carrying the filters in
    # its URL: a page switch is then one step in the browser's history, not two.
    nav = [
        st.Page(file, title=title, icon=icon, url_path=url or None, default=not url)
        for file, title, icon, url in PAGES
    ]
    page = st.navigation(nav, position="hidden")

    def run() -> None:
        ui.bootstrap(nav, page)  # the validation report instead of the page when data is broken
        page.run()

    ui.guarded(run)  # a plain message, never a traceback
else:  # `streamlit run` looking for the server: Streamlit's, plus links below a page
    from starlette.middleware import Middleware

    app = st.App(
        "app.py",
        middleware=[Middleware(serve.DeepLinks, pages=[url for *_, url in PAGES if url])],
    )
