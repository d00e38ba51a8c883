#!/usr/bin/env python3
"""Builds data/map/countries.geojson, the country shapes of the web UI's map.

Inputs (fetched from the npm registry, not committed):
  world-atlas@2 countries-50m.json: Natural Earth 1:50m Admin 0 countries
    (public domain) as quantized TopoJSON;
  i18n-iso-countries@7 codes.json: ISO 3166-1 numeric to alpha-2 codes (MIT).

  npm pack world-atlas@2 i18n-iso-countries@7, untar both, then
  python3 tools/build_map.py WORLD_ATLAS_DIR/countries-50m.json ISO_DIR/codes.json

Output: one Feature per country with `id` the alpha-2 code (or the numeric
code when ISO has none) and `name`; coordinates rounded to 0.01 degree.
"""

import json
import sys


def decode_arcs(topo):
    """Absolute lon/lat points of every arc (delta-encoded, quantized)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(pts)
    return arcs


def ring(arcs, indices):
    """A ring from arc indices; a negative index is the reversed arc ~i."""
    out = []
    for i in indices:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        # Consecutive arcs share their joining point.
        out.extend(pts if not out else pts[1:])
    # Drop repeated points left by rounding.
    dedup = [p for k, p in enumerate(out) if k == 0 or p != out[k - 1]]
    return [list(p) for p in dedup]


def main():
    topo = json.load(open(sys.argv[1]))
    codes = {num: a2 for a2, _a3, num, _ in json.load(open(sys.argv[2]))}
    arcs = decode_arcs(topo)
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("type") is None:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        coords = []
        for poly in polys:
            rings = [ring(arcs, r) for r in poly]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                coords.append(rings)
        if not coords:
            continue
        num = g.get("id")
        features.append({
            "type": "Feature",
            "id": codes.get(num, num),
            "properties": {"name": g["properties"]["name"]},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    out = {"type": "FeatureCollection", "features": features}
    with open("data/map/countries.geojson", "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{len(features)} countries")


if __name__ == "__main__":
    main()
