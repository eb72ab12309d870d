"""Cells of the data as text: the one home of the small helpers every builder needs.

- `text`: a cell as plain text (missing values become '').
- `md`: text from data or from a link, made literal for Streamlit's Markdown.
- `html_text`: text from data, made literal for plotly's pseudo-HTML.
- `sentence`: a phrase as a sentence (capital first letter, closing full stop).
- `place_text`: where an event takes place, as a reader should see it.
- `get`: a key of a mapping or an attribute of an object, for Streamlit's return values.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def text(value: Any) -> str:
    """A cell as plain text: missing values (None, NaN, pd.NA, NaT) become '', the rest is
    stripped of surrounding white space."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # list-like cells
        pass
    return str(value).strip()


def md(value: object) -> str:
    """Text from data, escaped so Markdown shows it as written (no links, no emphasis)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def html_text(value: Any) -> str:
    """A cell made safe for plotly's pseudo-HTML (hover text, labels, legend entries)."""
    return html.escape(text(value), quote=False)


def sentence(phrase: str) -> str:
    """The phrase with a capital first letter and a closing full stop ('' stays '')."""
    phrase = phrase.strip()
    if not phrase:
        return ""
    phrase = phrase[:1].upper() + phrase[1:]
    return phrase if phrase[-1] in ".!?" else phrase + "."


def place_text(event: Mapping, missing: str = "") -> str:
    """'Venue, City' for an event at a venue, 'City' for one in a city, else `missing`."""
    place, city = text(event.get("place_name")), text(event.get("city_name"))
    if place and city and city != place:
        return f"{place}, {city}"
    return place or city or missing


def get(container: Any, key: str) -> Any:
    """`container[key]` for a mapping, `container.key` otherwise; None when absent."""
    if container is None:
        return None
    if isinstance(container, Mapping):
        return container.get(key)
    return getattr(container, key, None)
