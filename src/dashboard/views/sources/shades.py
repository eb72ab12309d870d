"""Shades for the cited text of the article: how many rows cite a piece, cut into a few
steps of about as much text each, and the key that names each step in words.

Pure; the key's text is ours (numbers and fixed words), escaped all the same by its template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..templates import render

#: At most this many shades.
SHADES = 4


@dataclass(frozen=True)
class Shade:
    """One step of shading: pieces cited by `low` to `high` rows; `tone` (1 lightest to
    SHADES darkest) picks its colour."""

    tone: int
    low: int
    high: int

    @property
    def words(self) -> str:
        if self.low == self.high:
            return f"{self.low:,} row" + ("" if self.low == 1 else "s")
        return f"{self.low:,}–{self.high:,} rows"


def shade_steps(weights: Mapping[int, int], steps: int = SHADES) -> tuple[Shade, ...]:
    """Cut the numbers of citing rows into at most `steps` shades of about as much text each.

    `weights` maps a number of citing rows to how much text (characters) is cited by that
    many rows. With `steps` different numbers or fewer, each has its own shade. Otherwise
    numbers are taken in order, and a shade is closed when adding the next number would
    take it further from its share (the text left over the shades left) than stopping.
    """
    counts = sorted(c for c in weights if c > 0)
    if not counts:
        return ()
    groups: list[list[int]] = [[]]
    held, left = 0, steps
    remaining = sum(max(weights[c], 1) for c in counts)
    for index, count in enumerate(counts):
        weight = max(weights[count], 1)
        share = remaining / left
        unplaced = len(counts) - index
        if (
            groups[-1]
            and left > 1
            and (unplaced <= left - 1 or abs(held + weight - share) > abs(held - share))
        ):
            remaining -= held
            left -= 1
            groups.append([])
            held = 0
        groups[-1].append(count)
        held += weight
    tones = _tones(len(groups))
    return tuple(Shade(t, g[0], g[-1]) for t, g in zip(tones, groups, strict=True))


def _tones(n: int) -> list[int]:
    """n shades spread over the SHADES tones, lightest to darkest, as far apart as they go."""
    if n == 1:
        return [2]
    return [round(1 + i * (SHADES - 1) / (n - 1)) for i in range(n)]


def shade_of(shades: tuple[Shade, ...], count: int) -> Shade:
    return next(s for s in shades if s.low <= count <= s.high)


def shade_key_html(shades: tuple[Shade, ...], kept_only: bool = False) -> str:
    """The key to the shades, in words: each shade's sample says how many rows cite it
    (templates/shade_key.html, which article.html includes)."""
    return render("shade_key.html", shades=shades, kept_only=kept_only)
