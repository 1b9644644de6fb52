"""Every municipality and county of Sweden in the test SCB and Kolada: what a refresh of everyone meets.

SCB's tables list 290 municipalities, 21 counties and ``00`` Riket under ``Region`` (codes as SCB publishes
them, names as SCB spells them, read from the project's own ``kpis/core/sweden.csv``). Each added region's
cells are the fixture's Östersund totals times a size and, for stocks, a yearly trend of its own: **test
values**, not statistics, chosen so that ranks, percentiles and maps have something to order.

Kolada's ``/data/kpi/{kpi}/year/{years}`` answers every municipality and county (``00`` + county code, Riket
``0000``) in pages of ``per_page`` rows, and ``/municipality_groups?title=`` lists RKA's "Liknande kommuner"
groups (``tests/fixtures/kolada/municipality_groups.json``).
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from kpis.core import places

STOCK_TABLES = {"TAB638", "TAB5557"}
RATE_TABLES = {"TAB637", "TAB3200"}  # mean age, shares in per cent: no size, only a small difference
TOTAL_FREE = {"Region", "ContentsCode", "Tid", "Forandringar", "Period"}


def _unit(code: str, salt: str) -> float:
    """A number in [0, 1) fixed by the code (the same in every run)."""
    return int(hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()[:8], 16) / 16**8


def size(code: str) -> float:
    """How many Östersunds a region is: 0.04–3 for a municipality, 2–15 for a county, 160 for Riket."""
    if code == "00":
        return 160.0
    if len(code) == 2:
        return 2 + 13 * _unit(code, "size")
    return 0.04 + 2.96 * _unit(code, "size") ** 2


def trend(code: str) -> float:
    """A yearly growth between −1.2 % and +1.5 %."""
    return -0.012 + 0.027 * _unit(code, "trend")


def everyone() -> dict[str, str]:
    """Riket, every county, every municipality: code → SCB's name."""
    return {"00": "Riket", **{code: name for code, (name, _level) in places.sweden().items()}}


BASE = 64000  # the drift's base: a region grows by size × BASE × trend a year more than the home municipality
DRIFTING = {"110", "230"}  # folkökning and flyttningsöverskott carry the drift, so the parts still add up


def _value(cell: dict[str, Any], code: str, stock: bool, rate: bool = False) -> float | None:
    value, year = cell["value"], int(str(cell["Tid"])[:4])
    if value is None:
        return None
    if rate:
        return round(value * (1 + trend(code) * 6), 1)
    drift = size(code) * BASE * trend(code)
    if stock:
        return float(round(value * size(code) + drift * (year - 2020)))
    return float(round(value * size(code) + (drift if cell.get("Forandringar") in DRIFTING else 0)))


def widen(table: str, fixture: dict[str, Any], home: str = "2380") -> dict[str, Any]:
    """The fixture with every region of Sweden under ``Region``; each new region's totals derived from the home
    municipality's (published totals only: the parts by age, sex or civil status stay the home's alone)."""
    fixture = copy.deepcopy(fixture)
    meta = fixture["metadata"]
    region = meta["dimension"]["Region"]["category"]
    known = list(region["index"])
    added = [code for code in everyone() if code not in known]
    for code in added:
        region["index"][code] = len(region["index"])
        region["label"][code] = everyone()[code]
    meta["size"][meta["id"].index("Region")] = len(region["index"])
    totals = {variable: {code for code, label in meta["dimension"][variable]["category"]["label"].items()
                         if str(label).lower().startswith("totalt")} for variable in meta["id"]}
    homes = [cell for cell in fixture["cells"] if cell.get("Region") == home and all(
        key in TOTAL_FREE or key == "value" or value in totals.get(key, ()) for key, value in cell.items())]
    for code in added:
        if len(code) == 4:
            for cell in homes:
                fixture["cells"].append({**cell, "Region": code,
                                         "value": _value(cell, code, table in STOCK_TABLES, table in RATE_TABLES)})
    if table in RATE_TABLES:  # shares and means do not add up: each county and Riket a value of its own
        for code in added:
            if len(code) == 2:
                for cell in homes:
                    fixture["cells"].append({**cell, "Region": code, "value": _value(cell, code, False, True)})
        return fixture
    _add_up(fixture, homes)
    return fixture


def _key(cell: dict[str, Any]) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in cell.items() if k not in ("Region", "value")))


def _add_up(fixture: dict[str, Any], homes: list[dict[str, Any]]) -> None:
    """Counts as SCB publishes them: a county is the sum of its municipalities, Riket the sum of the counties
    (the fixture's own county and Riket cells of these totals too), as the level checks of a refresh expect."""
    cells = fixture["cells"]
    wanted = {_key(cell): cell for cell in homes}
    by_region: dict[str, dict[tuple, dict[str, Any]]] = {}
    for cell in cells:
        if _key(cell) in wanted:
            by_region.setdefault(str(cell["Region"]), {})[_key(cell)] = cell

    def total(codes: list[str], key: tuple) -> float | None:
        """The sum, or None where a part is missing (SCB publishes no total it cannot count)."""
        values = [by_region[c][key]["value"] if key in by_region.get(c, {}) else None for c in codes]
        return None if any(v is None for v in values) else float(sum(values))

    counties = sorted(c for c in everyone() if len(c) == 2 and c != "00")
    for county in counties:
        members = [c for c in everyone() if len(c) == 4 and c.startswith(county)]
        for key in wanted:
            value = total(members, key)
            if key in by_region.get(county, {}):
                by_region[county][key]["value"] = value
            else:
                cell = {**wanted[key], "Region": county, "value": value}
                cells.append(cell)
                by_region.setdefault(county, {})[key] = cell
    for key in wanted:
        value = total(counties, key)
        if key in by_region.get("00", {}):
            by_region["00"][key]["value"] = value
        else:
            cell = {**wanted[key], "Region": "00", "value": value}
            cells.append(cell)
            by_region.setdefault("00", {})[key] = cell


def kolada_id(code: str) -> str:
    return "0000" if code == "00" else (f"00{code}" if len(code) == 2 else code)


def kolada_rows(kpi: str, home_rows: list[dict[str, Any]], years: set[str], home: str = "2380"
                ) -> list[dict[str, Any]]:
    """Kolada's rows for every municipality and county in the years, derived from the home's rows."""
    rows = []
    for row in home_rows:
        if row["municipality"] != home or str(row["period"]) not in years:
            continue
        for code in everyone():
            values = [{**v, "value": None if v.get("value") is None else
                       round(float(v["value"]) * (1 + trend(code) * 8), 1)} for v in row["values"]]
            rows.append({"kpi": kpi, "municipality": home if code == home else kolada_id(code),
                         "period": row["period"], "values": values})
    return rows
