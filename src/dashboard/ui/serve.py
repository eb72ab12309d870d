"""The web server's one addition to Streamlit's own: a link that goes deeper than a page
(`/map/extra/deeper`) is sent to that page (`/map`) instead of a blank screen.

Streamlit answers any unknown path with its page, whose scripts are linked relative to the
path. Below a page they resolve to more unknown paths (`/map/extra/static/js/...`), which
are answered with the page again instead of a script, and the reader waits on a blank
screen. A redirect (307, query string kept) sends such a link to its page, or to the
overview when its first part names no page. Streamlit's own paths are left alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]

#: Path parts that Streamlit serves itself (its API, media, components, assets, login).
STREAMLIT_PATHS = frozenset(
    {"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"}
)


def redirect_target(path: str, pages: Iterable[str]) -> str | None:
    """Where a request for `path` should go instead, or None to let Streamlit answer it.

    >>> redirect_target("/map/extra/deeper", ["map", "timeline"])
    '/map'
    >>> redirect_target("/map/_stcore/health", ["map"]) is None
    True
    """
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2 or any(part in STREAMLIT_PATHS for part in parts):
        return None
    return f"/{parts[0]}" if parts[0] in set(pages) else "/"


class DeepLinks:
    """ASGI middleware: GET and HEAD requests below a page are redirected to the page."""

    def __init__(self, app: ASGIApp, pages: Iterable[str]):
        self.app = app
        self.pages = tuple(pages)

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        target = None
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            target = redirect_target(scope.get("path", ""), self.pages)
        if target is None:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        location = target + (f"?{query}" if query else "")
        headers = [
            (b"location", location.encode("latin-1")),
            (b"cache-control", b"no-cache"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 307, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
