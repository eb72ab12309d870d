"""The route map's deck (`views.maps.deck`): offline it asks for no tiles and draws the
bundled basemap, online it uses CARTO's; its JSON is small and pydeck's own; its tooltip
template names only data columns, so text from data stays data."""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest
from map_decks import INJECTION, by_id, deck_json, rows

from dashboard.model.filters import Filters
from dashboard.views import maps

# -- Base map and deck ---------------------------------------------------------------------


def test_offline_deck_asks_for_no_tiles_and_draws_the_bundled_basemap(visit):
    spec = deck_json(visit)
    assert "mapProvider" not in spec
    style = spec.get("mapStyle")
    assert style == "__MAP_STYLE__"  # pydeck's mark for no style: Streamlit loads none
    ids = [item["id"] for item in spec["layers"]]
    assert ids[:4] == ["basemap-sea", "basemap-land", "basemap-coast", "basemap-borders"]
    assert ids[4:] == ["legs", "leg-arrows", "leg-hits", "places", "leg-labels", "city-labels"]
    assert "cartocdn" not in json.dumps(spec)


def test_online_deck_uses_carto_positron_without_the_bundled_land(visit):
    spec = deck_json(visit, online_tiles=True)
    assert spec["mapProvider"] == "carto"
    assert "positron" in spec["mapStyle"]
    ids = [item["id"] for item in spec["layers"]]
    assert not [i for i in ids if i.startswith("basemap")]
    assert {"legs", "places", "leg-labels", "city-labels"} <= set(ids)


@pytest.mark.parametrize("name", ["visit", "river"])
def test_the_deck_json_is_small(name, request):
    """The bytes the page sends for the map at first load: the route map's deck with its
    basemap, and the overview's smaller one."""
    chosen = request.getfixturevalue(name)
    full = len(maps.route_deck(chosen, Filters(visit=chosen.id)).to_json().encode())
    compact = len(
        maps.route_deck(chosen, Filters(visit=chosen.id), compact=True).to_json().encode()
    )
    assert full < 200_000 and compact < 150_000, (full, compact)


def test_the_deck_json_is_pydecks_own_json_written_compactly(visit):
    import pydeck as pdk

    deck = maps.route_deck(visit, Filters(visit=visit.id))
    ours, pydecks = deck.to_json(), pdk.Deck.to_json(deck)
    assert json.loads(ours) == json.loads(pydecks)  # the same keys and values
    assert "\n" not in ours and len(ours) < len(pydecks) / 3
    assert deck.to_json() is ours  # written once per deck


# -- Tooltips and escaping -----------------------------------------------------------------


def test_tooltip_template_names_only_data_columns(visit):
    deck = maps.route_deck(visit, Filters(visit=visit.id))
    tooltip = deck._tooltip  # what st.pydeck_chart sends beside the JSON
    assert tooltip == maps.TOOLTIP
    assert set(re.findall(r"{(\w+)}", tooltip["html"])) == set(maps.TOOLTIP_COLUMNS)
    spec = json.loads(deck.to_json())
    for layer_id in ("legs", "places"):
        for row in rows(spec, layer_id):
            assert set(maps.TOOLTIP_COLUMNS) <= set(row)


def test_text_from_data_reaches_tooltips_as_data_not_as_template(visit):
    """Data is carried in columns the fixed template interpolates; st.pydeck_chart escapes
    interpolated values (shown in the browser tier), so the values stay plain text here."""
    places = visit.places.copy()
    places.loc[places["id"] == "great-hall", "name"] = INJECTION
    events = visit.events.copy()
    events.loc[events["id"] == "summit", "title"] = f"Summit & {INJECTION}"
    hostile = dataclasses.replace(visit, places=places, events=events)
    deck = maps.route_deck(hostile, Filters(visit=visit.id))
    assert INJECTION not in deck._tooltip["html"]
    hall = by_id(rows(json.loads(deck.to_json()), "places"))["great-hall"]
    assert hall["tooltip_title"] == INJECTION
    assert f"Summit & {INJECTION}" in hall["tooltip_html"]
    assert "&lt;" not in hall["tooltip_html"]  # not escaped twice


def test_deck_builds_for_the_mini_visit_fixture(mini):
    spec = deck_json(mini)
    assert len(rows(spec, "legs")) == len(mini.legs)
    assert isinstance(maps.legs_table(mini), pd.DataFrame)
