"""Where the map's labels go: boxes in pixels, placed so that none covers another, a leg,
a point or the edge of the chart.

Everything is measured in pixels from the chart's centre at the view's zoom (see
`geometry.Projection`). Text is not measured by a browser here: `text_width` estimates it
from per-character advances chosen wide for sans-serif fonts (a browser test checks the
estimate against the page's own measure). Each label gets a list of candidate boxes (a city
label around its point, a leg label on either side of its path at several places along it)
and takes the first that collides with nothing placed before it; when every candidate
collides, the one that collides least. A leg label that finds no free place tries again
with its number only.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .geometry import Projection, point_along

#: Pixels between a mark and its label, and between two labels.
GAP = 4.0
#: A leg label keeps this far from its own path (the path is drawn 4 px wide).
LEG_GAP = 6.0
#: Places along a leg where its label may go, best first (shares of the path).
LEG_STOPS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
#: Pixels a label must keep from the chart's edge.
EDGE = 4.0
LINE_HEIGHT = 1.2


#: Bold text (weight 600 and up) is this much wider.
BOLD = 1.12


def _advance(char: str) -> float:
    """A character's advance in em at a regular weight, on the wide side of common
    sans-serif fonts: DejaVu Sans (a bare Linux's fallback, the widest), Liberation Sans and
    Arial, Helvetica, Noto Sans."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char == " ":
        return 0.32
    if char in "·.,:;'|!":
        return 0.38
    if char in "fijlrt":
        return 0.42
    if char.isdigit():
        return 0.64
    if char in "mw":
        return 0.98
    if char in "MW—–@%":
        return 1.0
    if char.isupper():
        return 0.76
    return 0.62


def text_width(line: str, size: float, weight: int = 400) -> float:
    """The estimated width in pixels of one line of text at `size` pixels."""
    return sum(_advance(c) for c in line) * size * (BOLD if weight >= 600 else 1.0)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.left < other.right + gap
            and other.left < self.right + gap
            and self.top < other.bottom + gap
            and other.top < self.bottom + gap
        )

    def contains(self, x: float, y: float, gap: float = 0.0) -> bool:
        return self.left - gap <= x <= self.right + gap and self.top - gap <= y <= self.bottom + gap

    def hits_circle(self, x: float, y: float, radius: float) -> bool:
        nearest_x = min(max(x, self.left), self.right)
        nearest_y = min(max(y, self.top), self.bottom)
        return math.hypot(x - nearest_x, y - nearest_y) < radius

    def hits_segment(self, a: Sequence[float], b: Sequence[float], gap: float = 0.0) -> bool:
        """Whether the segment a-b passes through the box grown by `gap` (Liang-Barsky)."""
        t0, t1 = 0.0, 1.0
        dx, dy = b[0] - a[0], b[1] - a[1]
        for p, q in (
            (-dx, a[0] - (self.left - gap)),
            (dx, (self.right + gap) - a[0]),
            (-dy, a[1] - (self.top - gap)),
            (dy, (self.bottom + gap) - a[1]),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
        return True

    def outside(self, projection: Projection) -> float:
        """How far (pixels) the box reaches past the chart's edges, less the margin."""
        half_w, half_h = projection.size[0] / 2 - EDGE, projection.size[1] / 2 - EDGE
        return (
            max(0.0, -half_w - self.left)
            + max(0.0, self.right - half_w)
            + max(0.0, -half_h - self.top)
            + max(0.0, self.bottom - half_h)
        )


@dataclass(frozen=True)
class Label:
    """A label to place. A city label sits around its point (`points` holds one [lon, lat]
    and `radius` its mark's radius); a leg label beside its path (`points`). `lines` is the
    text; `short` a shorter text to try when the full one finds no room. `keep_inside`:
    the label must stay on the chart (its mark is in the frame or on the chart). `weight`
    is the font's weight (600 and up is bold, wider)."""

    id: str
    kind: str  # "city" or "leg"
    points: tuple[tuple[float, float], ...]
    lines: tuple[str, ...]
    size: float
    padding: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0
    short: tuple[str, ...] = ()
    keep_inside: bool = True
    weight: int = 400

    def extent(self, lines: tuple[str, ...] | None = None) -> tuple[float, float]:
        lines = lines or self.lines
        width = max((text_width(line, self.size, self.weight) for line in lines), default=0.0)
        height = len(lines) * self.size * LINE_HEIGHT
        return width + 2 * self.padding[0], height + 2 * self.padding[1]


@dataclass(frozen=True)
class Placement:
    """Where a label went: its anchor `position` ([lon, lat]: the city, or a point on the
    leg's path), the pixel `offset` from it that deck.gl's TextLayer applies, the text
    anchor, the text, its box (pixels from the chart's centre) and what it still collides
    with (empty when it found a free place)."""

    id: str
    kind: str
    position: list[float]
    offset: list[float]
    anchor: str
    text: str
    box: Box
    collisions: tuple[str, ...] = ()


class Obstacles:
    """What a label must not cover: leg paths (pixel polylines), points (circles) and the
    labels placed so far, each kept as an array. `near` picks, with a few array operations,
    those within reach of a label's candidates; `hits` then tests every candidate against
    each of them at once (as `Box.overlaps`, `Box.hits_segment` and `Box.hits_circle` do one
    pair at a time)."""

    def __init__(self, paths: dict[str, list], circles: dict[str, tuple[float, float, float]]):
        segments = [
            (name, *a, *b)
            for name, path in paths.items()
            for a, b in zip(path, path[1:], strict=False)
        ]
        self.segment_names = np.array([s[0] for s in segments], dtype=object)
        self.segments = np.array([s[1:] for s in segments], dtype=float).reshape(-1, 4)
        self.circle_names = np.array(list(circles), dtype=object)
        self.circles = np.array(list(circles.values()), dtype=float).reshape(-1, 3)
        self.box_names = np.array([], dtype=object)
        self.boxes = np.empty((0, 4))

    def add(self, name: str, box: Box) -> None:
        self.box_names = np.append(self.box_names, np.array([name], dtype=object))
        self.boxes = np.vstack([self.boxes, [box.left, box.top, box.right, box.bottom]])

    def near(self, region: Box) -> Obstacles:
        """The obstacles whose bounding boxes reach into `region`."""
        out = Obstacles({}, {})
        x0, y0, x1, y1 = self.segments.T
        reach = (
            (np.minimum(x0, x1) <= region.right)
            & (np.maximum(x0, x1) >= region.left)
            & (np.minimum(y0, y1) <= region.bottom)
            & (np.maximum(y0, y1) >= region.top)
        )
        out.segments, out.segment_names = self.segments[reach], self.segment_names[reach]
        x, y, r = self.circles.T
        reach = (
            (x + r >= region.left)
            & (x - r <= region.right)
            & (y + r >= region.top)
            & (y - r <= region.bottom)
        )
        out.circles, out.circle_names = self.circles[reach], self.circle_names[reach]
        left, top, right, bottom = self.boxes.T
        reach = (
            (left < region.right)
            & (region.left < right)
            & (top < region.bottom)
            & (region.top < bottom)
        )
        out.boxes, out.box_names = self.boxes[reach], self.box_names[reach]
        return out

    def hits(
        self, boxes: np.ndarray, own_path: str = "", own_point: str = ""
    ) -> tuple[np.ndarray, np.ndarray]:
        """For candidate boxes (rows of left, top, right, bottom): the names of what any
        of them covers, and a matrix (candidate x name) of which each covers. A label
        within GAP of another, a segment within 2 px (its own path may touch) and a circle
        within 1 px (its own point excepted) count."""
        left, top, right, bottom = (column[:, None] for column in boxes.T)
        o_left, o_top, o_right, o_bottom = self.boxes.T
        on_label = (
            (left < o_right + GAP)
            & (o_left < right + GAP)
            & (top < o_bottom + GAP)
            & (o_top < bottom + GAP)
        )
        gap = np.where(self.segment_names == own_path, 0.0, 2.0)
        on_segment = _segments_hit(left, top, right, bottom, self.segments, gap)
        x, y, radius = self.circles.T
        distance = np.hypot(x - np.clip(x, left, right), y - np.clip(y, top, bottom))
        on_circle = (distance < radius + 1) & (self.circle_names != own_point)
        # A path is several segments under one name (consecutive): count it once.
        paths, starts = np.unique(self.segment_names.astype(str), return_index=True)
        if len(paths):
            order = np.sort(starts)
            on_path = np.logical_or.reduceat(on_segment, order, axis=1)
            paths = self.segment_names[order]
        else:
            on_path = np.zeros((len(boxes), 0), dtype=bool)
        matrix = np.hstack([on_label, on_path, on_circle])
        names = np.concatenate([self.box_names, paths, self.circle_names])
        return names, matrix


def _segments_hit(left, top, right, bottom, segments: np.ndarray, gap: np.ndarray) -> np.ndarray:
    """Which segments (rows of x0, y0, x1, y1) pass through each box (columns of
    left, top, right and bottom) grown by `gap` (one per segment): Liang-Barsky over
    arrays, as `Box.hits_segment` does for one box and one segment."""
    x0, y0, x1, y1 = segments.T
    dx, dy = x1 - x0, y1 - y0
    shape = (len(left), len(segments))
    t0, t1 = np.zeros(shape), np.ones(shape)
    missed = np.zeros(shape, dtype=bool)
    for p, q in (
        (-dx, x0 - (left - gap)),
        (dx, (right + gap) - x0),
        (-dy, y0 - (top - gap)),
        (dy, (bottom + gap) - y0),
    ):
        flat = np.broadcast_to(p == 0, shape)
        missed |= flat & (q < 0)
        r = q / np.where(p == 0, 1.0, p)
        t0 = np.where(~flat & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~flat & (p > 0), np.minimum(t1, r), t1)
    return ~missed & (t0 <= t1)


def _city_candidates(label: Label, projection: Projection, lines: tuple[str, ...]):
    """(offset, text anchor, box) around the city's point: east, west, the diagonals, then
    north and south."""
    x, y = projection.pixel(*label.points[0])
    width, height = label.extent(lines)
    near, diagonal = label.radius + GAP, label.radius * 0.75 + GAP
    choices = [
        ((near, 0.0), "start"),
        ((-near, 0.0), "end"),
        ((diagonal, -diagonal - height / 2), "start"),
        ((diagonal, diagonal + height / 2), "start"),
        ((-diagonal, -diagonal - height / 2), "end"),
        ((-diagonal, diagonal + height / 2), "end"),
        ((0.0, -near - height / 2), "middle"),
        ((0.0, near + height / 2), "middle"),
    ]
    for (dx, dy), anchor in choices:
        left = {"start": x + dx, "end": x + dx - width, "middle": x + dx - width / 2}[anchor]
        box = Box(left, y + dy - height / 2, left + width, y + dy + height / 2)
        yield list(label.points[0]), [dx, dy], anchor, box


def _leg_candidates(label: Label, projection: Projection, lines: tuple[str, ...]):
    """(position, offset, anchor, box) beside the leg's path: for each stop along it, first
    on the side the path bows to (the outside of its curve), then on the other."""
    pixels = [projection.pixel(*p) for p in label.points]
    width, height = label.extent(lines)
    for stop in LEG_STOPS:
        index, share = point_along(label.points, stop)
        (x0, y0), (x1, y1) = pixels[index], pixels[index + 1]
        x, y = x0 + share * (x1 - x0), y0 + share * (y1 - y0)
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        right = (-(y1 - y0) / length, (x1 - x0) / length)
        lon0, lat0 = label.points[index]
        lon1, lat1 = label.points[index + 1]
        position = [round(lon0 + share * (lon1 - lon0), 5), round(lat0 + share * (lat1 - lat0), 5)]
        for side in (1, -1):
            nx, ny = right[0] * side, right[1] * side
            reach = LEG_GAP + abs(nx) * width / 2 + abs(ny) * height / 2
            cx, cy = x + nx * reach, y + ny * reach
            box = Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
            yield position, [round(cx - x, 1), round(cy - y, 1)], "middle", box


def _best(label: Label, projection: Projection, obstacles: Obstacles, lines):
    """The candidate with the least cost: 100 per thing it covers, half a point per pixel
    past the chart's edge, a hundredth per rank (so the first free one wins)."""
    candidates = list(
        (_city_candidates if label.kind == "city" else _leg_candidates)(label, projection, lines)
    )
    boxes = np.array([(b.left, b.top, b.right, b.bottom) for *_, b in candidates], dtype=float)
    region = Box(
        boxes[:, 0].min() - GAP - 2,
        boxes[:, 1].min() - GAP - 2,
        boxes[:, 2].max() + GAP + 2,
        boxes[:, 3].max() + GAP + 2,
    )
    names, matrix = obstacles.near(region).hits(
        boxes,
        own_path=f"leg:{label.id}" if label.kind == "leg" else "",
        own_point=f"place:{label.id}" if label.kind == "city" else "",
    )
    # A city on the chart keeps its label on it too, even one outside the frame.
    keep_inside = label.keep_inside or projection.inside(*projection.pixel(*label.points[0]))
    overflow = np.array(
        [candidate[3].outside(projection) if keep_inside else 0.0 for candidate in candidates]
    )
    # A label past the chart's edge costs less than one on a leg: the layout then moves
    # and zooms the view out to bring it in (`layout`), which cannot clear a collision.
    cost = 100.0 * matrix.sum(axis=1) + 0.5 * overflow + np.arange(len(candidates)) * 0.01
    best = int(np.argmin(cost))
    position, offset, anchor, box = candidates[best]
    hits = sorted(str(name) for name in names[matrix[best]])
    return float(cost[best]), position, offset, anchor, box, hits, float(overflow[best])


def place_labels(
    labels: Sequence[Label],
    projection: Projection,
    paths: dict[str, list[tuple[float, float]]],
    circles: dict[str, tuple[float, float, float]],
) -> list[Placement]:
    """Place the labels in order, each on the first free candidate (see the module's
    docstring). `paths` (leg id -> pixel polyline) and `circles` (place id -> x, y, radius)
    are what no label may cover; a leg label may touch its own path's ends, a city label
    its own point."""
    obstacles = Obstacles(
        {f"leg:{key}": path for key, path in paths.items()},
        {f"place:{key}": circle for key, circle in circles.items()},
    )
    placed = []
    for label in labels:
        lines = label.lines
        best = _best(label, projection, obstacles, lines)
        if best[0] >= 1 and label.short:
            shorter = _best(label, projection, obstacles, label.short)
            if shorter[0] < best[0]:
                best, lines = shorter, label.short
        _, position, offset, anchor, box, hits, _ = best
        obstacles.add(f"label:{label.kind}:{label.id}", box)
        placed.append(
            Placement(
                label.id, label.kind, position, offset, anchor, "\n".join(lines), box, tuple(hits)
            )
        )
    return placed


def overlaps(placements: Sequence[Placement], gap: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of placed labels whose boxes overlap (for checks and tests)."""
    return [
        (a.id, b.id)
        for i, a in enumerate(placements)
        for b in placements[i + 1 :]
        if a.box.overlaps(b.box, gap)
    ]
