"""Counts a report gives for the visit's figures ("raised its pledge to 45 million dollars").

The drafter's `find_figures` reads each number with its unit and qualifier. A number is a
claim on a figure of the visit when its unit is the figure's ("dollars") and its sentence
shares a word of the figure's label ("pledge", "reef research"); of several such figures,
the one whose label shares the most. A number that fits none is listed for the editor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..draft import find_figures
from ..draft.figures import Figure
from .text import Located
from .visit import Row, VisitRows
from .words import content_words, stem

#: The drafter's qualifiers, as a claim's (a claim has no "less than": it is left out).
QUALIFIERS = {
    "more than": "more than",
    "over": "more than",
    "at least": "at least",
    "about": "about",
    "around": "about",
    "nearly": "about",
    "almost": "about",
    "some": "about",
    "roughly": "about",
}


@dataclass(frozen=True)
class Count:
    """A number of the report and the figure of the visit it gives (None: no figure)."""

    located: Located
    figure_id: str | None
    value: str
    qualifier: str
    as_written: str


def report_counts(located: Sequence[Located], rows: VisitRows) -> list[Count]:
    """Every number with a unit in the report's body, each with the figure it gives."""
    body = [s for s in located if not s.headline]
    by_number = {s.sentence.number: s for s in body}
    counts = []
    for found in find_figures([s.sentence for s in body]):
        where = by_number[found.sentence.number]
        figure = _figure_for(found, rows.rows("figures"))
        if figure is None and not _units(found.unit, rows.rows("figures")):
            continue  # a number of something the visit does not count: no figure, no note
        value = f"{found.value:.15g}"
        qualifier = QUALIFIERS.get(found.qualifier, "")
        counts.append(
            Count(where, figure["id"] if figure else None, value, qualifier, found.value_as_written)
        )
    return counts


def _units(unit: str, figures: Sequence[Row]) -> list[Row]:
    unit = stem(unit.split()[-1]) if unit.split() else ""
    return [
        f
        for f in figures
        if unit and stem(f["unit"].split()[-1] if f["unit"].split() else "") == unit
    ]


def _figure_for(found: Figure, figures: Sequence[Row]) -> Row | None:
    words = {h.value for h in content_words(found.sentence.text)}
    scored = []
    for figure in _units(found.unit, figures):
        shared = words & {h.value for h in content_words(figure["label"])}
        if shared:
            scored.append((len(shared), figure))
    return max(scored, key=lambda s: s[0])[1] if scored else None
