"""Build the bundled, offline East Asia basemap used by the dashboard map.

Re-runnable. Steps:

1. In a temporary directory, ``npm install`` the packages ``world-atlas@2``
   (Natural Earth admin-0 countries as TopoJSON) and ``topojson-client@3``.
2. With topojson-client (``feature`` and ``mesh``, via a small ``node -e``
   call) convert ``countries-50m.json`` into:
   - country polygons (GeoJSON),
   - internal country borders: ``mesh(countries, (a, b) => a !== b)``,
   - coastlines: ``mesh(countries, (a, b) => a === b)``.
3. Clip polygons and lines to the East Asia bounding box, round coordinates,
   drop features wholly outside the box.
4. Write ``src/dashboard/assets/basemap_east_asia.json``
   (``{"land": FeatureCollection, "borders": [path, ...],
   "coastlines": [path, ...]}``, each path a list of ``[lon, lat]``) and
   ``src/dashboard/assets/basemap_east_asia.source.json`` (provenance,
   package versions, licence, bbox, rounding, build date, sha256).

If the asset exceeds ``MAX_BYTES`` at 1:50m with 3 decimals, the script
falls back to 2 decimals, then to the 1:110m file, and records the choice.

Usage::

    python scripts/build_basemap.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ASSET_DIR = REPO_ROOT / "src" / "dashboard" / "assets"
BASEMAP_PATH = ASSET_DIR / "basemap_east_asia.json"
SOURCE_PATH = ASSET_DIR / "basemap_east_asia.source.json"

# (min_lon, min_lat, max_lon, max_lat)
BBOX = (95.0, 15.0, 150.0, 55.0)
MAX_BYTES = 1_500_000
NPM_PACKAGES = ["world-atlas@2", "topojson-client@3"]

# Attempts in order of preference: (topojson file, decimals).
ATTEMPTS = [("countries-50m.json", 3), ("countries-50m.json", 2), ("countries-110m.json", 2)]

NODE_CONVERT = r"""
const fs = require("fs");
const topojson = require("topojson-client");
const topology = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const countries = topology.objects.countries;
const out = {
  land: topojson.feature(topology, countries),
  borders: topojson.mesh(topology, countries, (a, b) => a !== b),
  coastlines: topojson.mesh(topology, countries, (a, b) => a === b),
};
fs.writeFileSync(process.argv[2], JSON.stringify(out));
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


def topo_to_geo(workdir: Path, topo_file: str) -> dict:
    """Run topojson-client's feature/mesh on ``topo_file`` and return the result."""
    src = workdir / "node_modules" / "world-atlas" / topo_file
    dst = workdir / f"{topo_file}.geo.json"
    subprocess.run(["node", "-e", NODE_CONVERT, str(src), str(dst)], cwd=workdir, check=True)
    return json.loads(dst.read_text())


# --------------------------------------------------------------------------
# Geometry helpers (clipping to an axis-aligned box)
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


def _round_path(path: list[Point], decimals: int) -> list[list[float]]:
    """Round and drop consecutive duplicates."""
    out: list[list[float]] = []
    for x, y in path:
        p = [round(x, decimals), round(y, decimals)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def _ring_area(ring: list[list[float]]) -> float:
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _clean_ring(ring: list[Point], decimals: int) -> list[list[float]] | None:
    pts = _round_path(ring, decimals)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3 or _ring_area(pts) == 0:
        return None
    return pts + [pts[0]]


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def clip_land(collection: dict, bbox, decimals: int) -> dict:
    features = []
    for feat in collection["features"]:
        geom = feat.get("geometry")
        if not geom:
            continue
        if geom["type"] == "Polygon":
            polygons = [geom["coordinates"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["coordinates"]
        else:
            continue
        kept = []
        for polygon in polygons:
            outer = _clean_ring(_clip_ring(polygon[0], bbox), decimals)
            if outer is None:
                continue
            holes = [_clean_ring(_clip_ring(h, bbox), decimals) for h in polygon[1:]]
            kept.append([outer, *[h for h in holes if h is not None]])
        if not kept:
            continue
        new_geom = (
            {"type": "Polygon", "coordinates": kept[0]}
            if len(kept) == 1
            else {"type": "MultiPolygon", "coordinates": kept}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {"name": feat["properties"]["name"]},
                "geometry": new_geom,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def clip_mesh(geom: dict, bbox, decimals: int) -> list[list[list[float]]]:
    lines = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
    paths = []
    for line in lines:
        for piece in _clip_line(line, bbox):
            path = _round_path(piece, decimals)
            if len(path) >= 2:
                paths.append(path)
    return paths


def build(geo: dict, decimals: int) -> dict:
    return {
        "land": clip_land(geo["land"], BBOX, decimals),
        "borders": clip_mesh(geo["borders"], BBOX, decimals),
        "coastlines": clip_mesh(geo["coastlines"], BBOX, decimals),
    }


def main() -> int:
    ASSET_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        workdir = Path(tmp)
        versions = npm_install(workdir)
        geo_cache: dict[str, dict] = {}
        for topo_file, decimals in ATTEMPTS:
            if topo_file not in geo_cache:
                geo_cache[topo_file] = topo_to_geo(workdir, topo_file)
            basemap = build(geo_cache[topo_file], decimals)
            payload = json.dumps(basemap, separators=(",", ":")).encode("utf-8")
            if len(payload) <= MAX_BYTES:
                break
            print(
                f"{topo_file} at {decimals} decimals is {len(payload):,} bytes "
                f"(> {MAX_BYTES:,}); trying next option",
                file=sys.stderr,
            )
        else:
            print("warning: all options exceed the size budget; keeping the last", file=sys.stderr)

    BASEMAP_PATH.write_bytes(payload)
    scale = "1:50m" if "50m" in topo_file else "1:110m"
    source = {
        "source": (
            f"Natural Earth {scale} Cultural Vectors, admin 0 countries, "
            "via npm package world-atlas"
        ),
        "file": f"world-atlas/{topo_file}",
        "packages": versions,
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "attribution": (
            "Coastlines and borders: Natural Earth (public domain), "
            f"via world-atlas {versions['world-atlas']}"
        ),
        "bbox": {
            "min_lon": BBOX[0],
            "min_lat": BBOX[1],
            "max_lon": BBOX[2],
            "max_lat": BBOX[3],
        },
        "processing": (
            "topojson-client feature() for land; mesh(a!==b) for borders; "
            "mesh(a===b) for coastlines; polygons clipped (Sutherland-Hodgman) "
            "and lines clipped (Liang-Barsky) to bbox"
        ),
        "rounding_decimals": decimals,
        "max_bytes": MAX_BYTES,
        "date_built": dt.date.today().isoformat(),
        "bytes": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    SOURCE_PATH.write_text(json.dumps(source, indent=2) + "\n", encoding="utf-8")

    names = ", ".join(f["properties"]["name"] for f in basemap["land"]["features"])
    print(f"wrote {BASEMAP_PATH.relative_to(REPO_ROOT)} ({len(payload):,} bytes)")
    print(f"  source: world-atlas/{topo_file}, {decimals} decimals, bbox {BBOX}")
    print(f"  land features ({len(basemap['land']['features'])}): {names}")
    n_borders, n_coast = len(basemap["borders"]), len(basemap["coastlines"])
    print(f"  borders: {n_borders} paths, coastlines: {n_coast} paths")
    print(f"  sha256 {source['sha256']}")
    print(f"wrote {SOURCE_PATH.relative_to(REPO_ROOT)} (packages: {versions})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
