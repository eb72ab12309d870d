"""What a reader picked on the map (`model.selection.selected_place`), from any shape
Streamlit returns. (`selected_event_ids` is tested on the timeline's own figures, in
test_views_timeline.py.)"""

from __future__ import annotations

import json

import pytest

from dashboard.model.selection import selected_place

# -- Selection -----------------------------------------------------------------------------


def test_selected_place_reads_a_selection_dict():
    picked = {
        "selection": {
            "indices": {"places": [4]},
            "objects": {"places": [{"id": "great-hall", "kind": "venue"}]},
        }
    }
    assert selected_place(picked) == "great-hall"
    assert selected_place(picked["selection"]) == "great-hall"  # the inner dict too


@pytest.mark.parametrize(
    "selection",
    [
        None,
        {},
        {"selection": {"indices": {}, "objects": {}}},
        {"selection": {"indices": {"legs": [0]}, "objects": {"legs": [{"id": "seoul-beijing"}]}}},
        {"selection": {"indices": {"places": []}, "objects": {"places": []}}},
    ],
)
def test_selected_place_is_none_without_a_picked_place(selection):
    assert selected_place(selection) is None


def test_selected_place_reads_streamlits_own_state_object():
    from streamlit.elements.deck_gl_json_chart import PydeckSelectionSerde

    state = PydeckSelectionSerde().deserialize(
        json.dumps(
            {"selection": {"indices": {"places": [0]}, "objects": {"places": [{"id": "seoul"}]}}}
        )
    )
    assert selected_place(state) == "seoul"
    assert selected_place(PydeckSelectionSerde().deserialize(None)) is None
