"""Whether the browser should ask for online map tiles: a setting, else a quick check that
the tile server answers (the offline basemap is the safe default)."""

from __future__ import annotations

import os
import socket
import time

TILES_ENV = "DASHBOARD_MAP_TILES"  # "online", "offline" or unset (try the tile server)
TILES_HOST = ("basemaps.cartocdn.com", 443)
_TILES_CHECK_SECONDS = 600.0
_tiles_checked: dict[str, tuple[float, bool]] = {}


def tiles_reachable(timeout: float = 1.5) -> bool:
    """Whether to use online tiles: $DASHBOARD_MAP_TILES if set to online/offline, else
    whether the CARTO tile host answers a TCP connection (checked at most every 10 min).

    The check runs on the server, so it is a guess for the reader's browser: the offline
    map is the safe default whenever it fails.
    """
    forced = os.environ.get(TILES_ENV, "").strip().lower()
    if forced in ("online", "offline"):
        return forced == "online"
    now = time.monotonic()
    cached = _tiles_checked.get("carto")
    if cached and now - cached[0] < _TILES_CHECK_SECONDS:
        return cached[1]
    try:
        with socket.create_connection(TILES_HOST, timeout=timeout):
            reachable = True
    except OSError:
        reachable = False
    _tiles_checked["carto"] = (now, reachable)
    return reachable
