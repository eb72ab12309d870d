"""Ids for drafted rows: ASCII slugs of names and titles, unique within their table."""

from __future__ import annotations

import re
import unicodedata

#: Letters that do not decompose into a base letter and a mark.
_LATIN = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"}
)


def slug(text: str, limit: int = 48) -> str:
    """An id from a name or title: ASCII letters and digits, cut at a word, not inside one."""
    text = unicodedata.normalize("NFKD", text.translate(_LATIN)).encode("ascii", "ignore").decode()
    text = re.sub(r"[’']s\b", "", text.lower())
    ident = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(ident) > limit:
        ident = ident[: limit + 1].rsplit("-", 1)[0]
    return ident[:limit].strip("-") or "item"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... the first not in `taken`; the caller's own set of
    the ids given so far, which this adds it to."""
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def unique_ids(bases: list[str]) -> list[str]:
    """One id per base, in order, each unique (see `unique_id`)."""
    taken: set[str] = set()
    return [unique_id(base, taken) for base in bases]
