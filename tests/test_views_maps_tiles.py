"""Online tiles or the bundled basemap (`views.maps.tiles`): the environment decides
when it says so."""

from __future__ import annotations

from dashboard.views import maps


def test_tiles_reachable_honours_the_environment(monkeypatch):
    monkeypatch.setenv(maps.TILES_ENV, "offline")
    assert maps.tiles_reachable() is False
    monkeypatch.setenv(maps.TILES_ENV, "online")
    assert maps.tiles_reachable() is True
