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
from functools import lru_cache
from typing import Any

import pandas as pd

# Every ASCII punctuation character may be escaped with a backslash in Markdown
# (CommonMark); escaping them all also disarms Streamlit's own syntax (:red[...],
# :material/icon:, $math$) and autolinks, whatever the next version adds on top.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# GitHub-flavoured Markdown turns bare addresses into links after escapes are read
# (http://, https://, www., name@host). An invisible word joiner (U+2060) keeps them text.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|\bwww(?=\.)|(?=@)")


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


def texts(column: pd.Series) -> list[str]:
    """`text` of each cell of a column, on the whole column (a call per cell costs most of
    a filter change at 100k events)."""
    values = column.astype(object)
    missing = pd.isna(values).to_numpy(dtype=bool)
    return [
        "" if gone else str(v).strip()
        for v, gone in zip(values.tolist(), missing.tolist(), strict=True)
    ]


def md(value: object) -> str:
    """Text from data or from a link as literal Markdown: shown as written, never a link,
    image, heading, colour, icon or formula. Line breaks and runs of white space become one
    space (a line break could start a heading or a list), control characters are dropped.
    For Streamlit's Markdown only: plain-text places (select box options, tables, `st.text`)
    take the text as it is.

    The same labels (pills, chips, captions) are escaped on every rerun: a string's result
    is kept (`_md_text`)."""
    if type(value) is str:
        return _md_text(value)
    return _md_text(str(value))


@lru_cache(maxsize=8192)
def _md_text(value: str) -> str:
    flat = _SPACE.sub(" ", _CONTROL.sub("", value))
    flat = _AUTOLINK.sub(lambda m: m.group(0) + _JOINER, flat)
    return _PUNCTUATION.sub(r"\\\1", flat)


def shown(markdown: str) -> str:
    """What a reader sees of text that `md` made literal: the escapes removed."""
    return _ESCAPED.sub(r"\1", markdown).replace(_JOINER, "")


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
