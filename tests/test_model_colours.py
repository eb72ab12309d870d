"""Colours (`model.colours`): a topic colour's channels for deck.gl, and a badge's text
colour that reads on every colour of the palette."""

from __future__ import annotations

import pytest

from dashboard.data.schema import PALETTE
from dashboard.model import colours
from dashboard.model.colours import rgb_list


def test_rgb_list():
    assert rgb_list("#0072B2") == [0, 114, 178]
    assert rgb_list("#f0e442", alpha=60) == [240, 228, 66, 60]
    with pytest.raises(ValueError):
        rgb_list("#12345")


@pytest.mark.parametrize("colour", PALETTE)
def test_badge_text_has_enough_contrast_on_every_topic_colour(colour):
    assert colours.contrast_ratio(colour, colours.text_colour_on(colour)) >= 4.5
