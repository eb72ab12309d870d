"""Colours: the one place that reads the `#RRGGBB` colours the data gives its topics, and
what the views derive from them (channels, transparency, a darker edge, the text colour
that reads best on one).

A colour reaches inline CSS (the cards' badges), plotly and deck.gl. Validation refuses a
cell that is not `#RRGGBB`, but a value may arrive by another way (a stored copy someone
else wrote): `checked` is applied where the model hands colours to the views, so that a
value such as `#E69F00;background-image:url(…)` becomes the neutral grey, never CSS.
"""

from __future__ import annotations

import re

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
#: Neutral grey: for an event without a topic, and instead of a value that is no colour.
NEUTRAL = "#999999"


def is_colour(value: object) -> bool:
    return isinstance(value, str) and COLOUR.fullmatch(value) is not None


def checked(value: object, fallback: str = NEUTRAL) -> str:
    """The colour as `#RRGGBB` (upper case), or `fallback` when it is not one."""
    return value.upper() if is_colour(value) else fallback


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0072B2' -> (0, 114, 178); ValueError for anything but `#RRGGBB`."""
    if not is_colour(colour):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def rgb_list(colour: str, alpha: int | None = None) -> list[int]:
    """The channels as deck.gl takes them, with alpha appended when given."""
    channels = list(rgb(colour))
    return channels if alpha is None else [*channels, int(alpha)]


def rgba_css(colour: str, alpha: float) -> str:
    red, green, blue = rgb(colour)
    return f"rgba({red}, {green}, {blue}, {alpha})"


def darker(colour: str, factor: float = 0.7) -> str:
    """The colour, darker: outlines and hatching of pale colours stay visible."""
    red, green, blue = (round(c * factor) for c in rgb(colour))
    return f"#{red:02X}{green:02X}{blue:02X}"


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance."""
    channels = [c / 255 for c in rgb(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    return max(("#000000", "#FFFFFF"), key=lambda c: contrast_ratio(background, c))
