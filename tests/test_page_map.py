"""The route map page (`pages/map.py`) through AppTest: the days in the link
highlighted, and the venues the reports add shown once they are reported."""

from __future__ import annotations

import json

from open_pages import deck_specs, open_page
from streamlit.testing.v1 import AppTest


def test_map_highlights_the_days_in_the_link():
    def leg_alphas(at):
        deck = next(d for d in deck_specs(at) if any(la["id"] == "legs" for la in d["layers"]))
        legs = next(la for la in deck["layers"] if la["id"] == "legs")
        return [row["colour"][3] for row in legs["data"]]

    plain = open_page("map")
    tuesday = open_page("map", {"day": ["2026-01-06"]})
    assert not tuesday.exception
    assert len(set(leg_alphas(plain))) == 1  # no filter: every leg drawn alike
    alphas = leg_alphas(tuesday)
    assert alphas[1] > alphas[0] and alphas[1] > alphas[2]  # leg 2 is Tuesday's


def test_the_map_shows_the_reported_venues_once_they_are_reported():
    def venues(at: AppTest) -> set[str]:
        deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        places = next(layer for layer in deck["layers"] if layer.get("id") == "places")
        return {str(row["id"]) for row in places["data"]}

    later = venues(open_page("map", plan=False))
    earlier = venues(open_page("map", {"as_of": ["2026-01-04"]}, plan=False))
    assert {"diaoyutai", "pudong-airport", "sicc"} <= later
    assert not {"diaoyutai", "pudong-airport", "sicc"} & earlier


def test_a_place_chosen_from_the_list_is_shown_and_goes_in_the_link():
    at = open_page("map")
    picker = next(box for box in at.selectbox if box.label == "Or choose a place")
    assert picker.value is None
    assert "Great Hall of the People, Beijing" in picker.options  # the label a reader reads
    picker.set_value("great-hall").run()
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Great Hall of the People"]
    assert at.query_params["place"] == "great-hall"
    # Not yet reported on the day the article was written: not in the list as of then.
    early = open_page("map", {"as_of": ["2026-01-04"]}, plan=False)
    options = next(box for box in early.selectbox if box.label == "Or choose a place").options
    assert "Shanghai International Convention Center, Shanghai" not in options
