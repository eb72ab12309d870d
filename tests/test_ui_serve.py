"""The web server's redirect (`ui.serve`): a link deeper than a page goes to the page,
its query string kept; Streamlit's own paths pass through."""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------------------------------
# A link deeper than a page


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/map/extra/deeper", "/map"),
        ("/timeline/x", "/timeline"),
        ("/nowhere/at/all", "/"),
        ("/map", None),  # a page: Streamlit's
        ("/", None),
        ("/map/_stcore/health", None),  # the frontend's probe of a deep link: a 404, as before
        ("/static/js/index.js", None),
        ("/media/abc.csv", None),
    ],
)
def test_a_link_below_a_page_goes_to_the_page(path, target):
    from dashboard.ui.serve import redirect_target

    assert redirect_target(path, ["map", "timeline", "issues", "sources"]) == target


def test_the_server_redirects_with_the_query_string_kept():
    import asyncio

    from dashboard.ui.serve import DeepLinks

    sent, passed = [], []

    async def streamlit(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    middleware = DeepLinks(streamlit, pages=["map"])
    scope = {"type": "http", "method": "GET", "path": "/map/a/b", "query_string": b"day=x"}
    asyncio.run(middleware(scope, None, send))
    assert sent[0]["status"] == 307
    assert (b"location", b"/map?day=x") in sent[0]["headers"]
    asyncio.run(middleware({**scope, "path": "/map"}, None, send))
    asyncio.run(middleware({"type": "websocket", "path": "/x/y"}, None, send))
    assert passed == ["/map", "/x/y"]
