"""Build the bundled, offline world basemap used by the dashboard map.

Re-runnable. Steps:

1. In a temporary directory, ``npm install`` the packages ``world-atlas@2``
   (Natural Earth admin-0 countries as TopoJSON) and ``topojson-client@3``.
2. For each scale (1:110m and 1:50m), with topojson-client (via a small ``node -e`` call)
   on ``countries-<scale>.json``, whose ``land`` object is its countries merged (one
   topology, so borders end exactly on the coast and neighbours leave no seam):
   - land polygons: ``feature(topology, topology.objects.land)``,
   - country borders: ``mesh(topology, topology.objects.countries, (a, b) => a !== b)``.
3. Split the few polygons that cross the antimeridian (topojson-client leaves them whole,
   which on a flat map is an edge across the world) into a piece on each side, clip
   polygons and lines to the latitudes Web Mercator can show (|lat| <= 85.0511), round to
   thousandths of a degree and delta-encode every ring and path as integers.
4. Write ``src/dashboard/assets/basemap_world_<scale>.json`` and its provenance record
   ``basemap_world_<scale>.source.json`` (source, package versions, licence, processing,
   build date, bytes, sha256).

Coastlines are not stored: they are the land rings themselves (``dashboard.views.maps.basemap``
draws them, leaving out the cut along the Mercator limit).

Usage::

    python scripts/build_basemap.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ASSET_DIR = REPO_ROOT / "src" / "dashboard" / "assets"
SCALES = ("110m", "50m")
NPM_PACKAGES = ["world-atlas@2", "topojson-client@3"]
#: Web Mercator's latitude limit: the map shows nothing beyond it.
MAX_LAT = 85.0511
BBOX = (-180.0, -MAX_LAT, 180.0, MAX_LAT)
#: Coordinates are stored in thousandths of a degree (about 100 m).
SCALE = 1000
FORMAT = (
    "dashboard-basemap/1: every ring and path is a flat list of integers in 1/scale degree: "
    "lon, lat of the first point, then the difference to each next point; rings are closed "
    "implicitly. land: polygons, each a list of rings (outer first, then holes); borders: "
    "paths."
)

NODE_CONVERT = r"""
const fs = require("fs");
const topojson = require("topojson-client");
const [topologyFile, outFile] = process.argv.slice(1);
const topology = JSON.parse(fs.readFileSync(topologyFile, "utf8"));
const out = {
  land: topojson.feature(topology, topology.objects.land),
  borders: topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b),
};
fs.writeFileSync(outFile, JSON.stringify(out));
"""

Point = tuple[float, float]


# --------------------------------------------------------------------------
# npm / node
# --------------------------------------------------------------------------


def npm_install(workdir: Path) -> dict[str, str]:
    """Install the npm packages into ``workdir``; return {name: version}."""
    subprocess.run(["npm", "init", "-y"], cwd=workdir, check=True, capture_output=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", *NPM_PACKAGES],
        cwd=workdir,
        check=True,
    )
    versions = {}
    for name in ("world-atlas", "topojson-client"):
        pkg = json.loads((workdir / "node_modules" / name / "package.json").read_text())
        versions[name] = pkg["version"]
    return versions


def topo_to_geo(workdir: Path, scale: str) -> tuple[dict, dict[str, str]]:
    """Land polygons and country borders of one scale as GeoJSON, and the sha256 of the
    TopoJSON file they come from."""
    topology = workdir / "node_modules" / "world-atlas" / f"countries-{scale}.json"
    dst = workdir / f"{scale}.geo.json"
    subprocess.run(["node", "-e", NODE_CONVERT, str(topology), str(dst)], cwd=workdir, check=True)
    digest = hashlib.sha256(topology.read_bytes()).hexdigest()
    return json.loads(dst.read_text()), {f"world-atlas/{topology.name}": digest}


# --------------------------------------------------------------------------
# Clipping to an axis-aligned box
# --------------------------------------------------------------------------


def _clip_ring(ring: list[Point], bbox: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland-Hodgman clip of one closed ring against the bbox."""
    min_x, min_y, max_x, max_y = bbox
    pts = [tuple(p[:2]) for p in ring]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]

    edges = [
        (lambda p: p[0] >= min_x, lambda a, b: _at_x(a, b, min_x)),
        (lambda p: p[0] <= max_x, lambda a, b: _at_x(a, b, max_x)),
        (lambda p: p[1] >= min_y, lambda a, b: _at_y(a, b, min_y)),
        (lambda p: p[1] <= max_y, lambda a, b: _at_y(a, b, max_y)),
    ]
    for inside, intersect in edges:
        if not pts:
            break
        out: list[Point] = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(intersect(prev, cur))
            prev = cur
        pts = out
    return pts


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _clip_segment(a: Point, b: Point, bbox) -> tuple[Point, Point] | None:
    """Liang-Barsky clip of segment a-b; None if it misses the bbox."""
    min_x, min_y, max_x, max_y = bbox
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - min_x), (dx, max_x - a[0]), (-dy, a[1] - min_y), (dy, max_y - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            if r > t1:
                return None
            t0 = max(t0, r)
        else:
            if r < t0:
                return None
            t1 = min(t1, r)
    start = a if t0 == 0.0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1.0 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def _clip_line(line: list[Point], bbox) -> list[list[Point]]:
    """Clip a polyline to the bbox; may split it into several pieces."""
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for a, b in zip(line, line[1:], strict=False):
        seg = _clip_segment(tuple(a[:2]), tuple(b[:2]), bbox)
        if seg is None:
            if current:
                pieces.append(current)
                current = []
            continue
        s, e = seg
        if current and current[-1] != s:
            pieces.append(current)
            current = []
        if not current:
            current.append(s)
        current.append(e)
        if e != tuple(b[:2]):  # left the box
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


# --------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------


def _quantise(path: list[Point]) -> list[tuple[int, int]]:
    """Integer thousandths of a degree, consecutive duplicates dropped."""
    out: list[tuple[int, int]] = []
    for x, y in path:
        p = (round(x * SCALE), round(y * SCALE))
        if not out or out[-1] != p:
            out.append(p)
    return out


def _encode(points: list[tuple[int, int]]) -> list[int]:
    flat = [points[0][0], points[0][1]]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        flat += [x1 - x0, y1 - y0]
    return flat


def _ring_area(ring: list[tuple[int, int]]) -> float:
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _encode_ring(ring: list[Point]) -> list[int] | None:
    pts = _quantise(_clip_ring(ring, BBOX))
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3 or _ring_area(pts) == 0:
        return None
    return _encode(pts)


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _unwrap(ring: list[Point]) -> list[Point]:
    """The ring with continuous longitudes: a step of more than 180 degrees is a crossing
    of the antimeridian, not an edge across the world."""
    out: list[Point] = []
    for lon, lat in (tuple(p[:2]) for p in ring):
        if out:
            lon += 360.0 * round((out[-1][0] - lon) / 360.0)
        out.append((lon, lat))
    return out


def _crosses(ring: list) -> bool:
    return any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:] + ring[:1], strict=True))


def _split_antimeridian(polygon: list) -> list[list]:
    """A polygon whose outer ring crosses the antimeridian, as the pieces on either side
    (its rings unwrapped, shifted by -360, 0 and 360 degrees and each cut to -180..180).
    A ring around a pole crosses it once and is a plain polygon on the map: kept as is."""
    outer = polygon[0]
    crossings = sum(
        abs(b[0] - a[0]) > 180 for a, b in zip(outer, outer[1:] + outer[:1], strict=True)
    )
    if crossings % 2:
        return [polygon]
    rings = [_unwrap(ring) for ring in polygon]
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        moved = [[(lon + shift, lat) for lon, lat in ring] for ring in rings]
        if _clip_ring(moved[0], BBOX):
            pieces.append(moved)
    return pieces


def encode_land(collection: dict) -> list[list[list[int]]]:
    polygons = []
    for feature in collection["features"]:
        for whole in _polygons(feature.get("geometry") or {"type": ""}):
            parts = _split_antimeridian(whole) if _crosses(whole[0]) else [whole]
            for polygon in parts:
                outer = _encode_ring(polygon[0])
                if outer is None:
                    continue
                holes = [_encode_ring(hole) for hole in polygon[1:]]
                polygons.append([outer, *[h for h in holes if h is not None]])
    return polygons


def encode_lines(geometry: dict) -> list[list[int]]:
    lines = (
        geometry["coordinates"]
        if geometry["type"] == "MultiLineString"
        else [geometry["coordinates"]]
    )
    paths = []
    for line in lines:
        for piece in _clip_line(line, BBOX):
            points = _quantise(piece)
            if len(points) >= 2:
                paths.append(_encode(points))
    return paths


def build(geo: dict) -> dict:
    return {
        "format": FORMAT,
        "scale": SCALE,
        "land": encode_land(geo["land"]),
        "borders": encode_lines(geo["borders"]),
    }


def source_record(scale: str, versions: dict, digests: dict, payload: bytes) -> dict:
    return {
        "source": (
            f"Natural Earth 1:{scale} Cultural Vectors, admin 0 countries (land: the "
            "countries merged), via npm package world-atlas"
        ),
        "files": digests,
        "packages": versions,
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "attribution": (
            "Coastlines and borders: Natural Earth (public domain), "
            f"via world-atlas {versions['world-atlas']}"
        ),
        "bbox": {"min_lon": BBOX[0], "min_lat": BBOX[1], "max_lon": BBOX[2], "max_lat": BBOX[3]},
        "processing": (
            "topojson-client feature() of the topology's land object for land polygons; "
            "mesh(a!==b) of its countries for borders; polygons crossing the antimeridian "
            "split into a piece on each side; polygons clipped (Sutherland-Hodgman) and lines "
            "clipped (Liang-Barsky) to bbox; coordinates rounded to 1/scale degree and "
            "delta-encoded (see format)"
        ),
        "scale": SCALE,
        "date_built": dt.date.today().isoformat(),
        "bytes": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }


def main() -> int:
    ASSET_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        workdir = Path(tmp)
        versions = npm_install(workdir)
        for scale in SCALES:
            geo, digests = topo_to_geo(workdir, scale)
            basemap = build(geo)
            payload = json.dumps(basemap, separators=(",", ":")).encode("utf-8")
            asset = ASSET_DIR / f"basemap_world_{scale}.json"
            asset.write_bytes(payload)
            record = source_record(scale, versions, digests, payload)
            source = ASSET_DIR / f"basemap_world_{scale}.source.json"
            source.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
            print(
                f"wrote {asset.relative_to(REPO_ROOT)} ({len(payload):,} bytes): "
                f"{len(basemap['land'])} land polygons, {len(basemap['borders'])} border paths"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
