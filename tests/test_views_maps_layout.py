"""One visit's map layout (`views.maps.layout`): the frame and the labels together,
the same for any filter, and a route over the antimeridian framed on its places."""

from __future__ import annotations

from map_decks import DESKTOP_CHART, deck_json, projection, rows

from dashboard.model.filters import Filters
from dashboard.views.maps.layout import route_layout


def test_the_layout_does_not_depend_on_the_filters(visit):
    plain = deck_json(visit)
    tuesday = deck_json(visit, Filters(visit=visit.id, days=("2026-01-06",)))
    assert plain["initialViewState"] == tuesday["initialViewState"]
    for layer_id in ("leg-labels", "city-labels"):
        where = [
            (r["label"], r.get("label_offset", r.get("offset"))) for r in rows(plain, layer_id)
        ]
        assert where == [(r["label"], r.get("label_offset", r.get("offset"))) for r in rows(tuesday, layer_id)]  # fmt: skip


def test_a_route_over_the_antimeridian_is_framed_on_its_places(dateline):
    """Vaimoana at 178E, Port Halen and Kalea Bay at 158W and 155W: the map looks at the
    Pacific between them, not at the whole world the other way round."""
    layout = route_layout(dateline)
    assert 160 <= layout.view.longitude % 360 <= 210, layout.view
    assert layout.view.zoom > 2, layout.view  # the whole world is zoom 0 to 1
    spec = deck_json(dateline)
    chart = projection(spec, DESKTOP_CHART)
    for place in rows(spec, "places"):
        assert chart.inside(*chart.pixel(*place["position"])), place["id"]
    for leg in rows(spec, "legs"):  # each leg in one piece: no step of half the world
        lons = [lon for lon, _ in leg["path"]]
        assert max(abs(b - a) for a, b in zip(lons, lons[1:], strict=False)) < 10, leg["id"]
