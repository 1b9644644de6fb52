"""The fake SCB's monthly population statistics: TAB1625 (2005M01–2024M12 here; SCB's runs from 2000M01) and its
CKM successor TAB6473 (2025M01–2026M10), for Riket, Jämtlands län and Östersund.

Variables, codes and labels as SCB publishes them (``shared/reference/data-sources.md`` and the issue that
described them): ``Region``; ``Forandringar`` with the change codes and their labels; ``Kon`` with the total
"1+2" "totalt" (TAB1625) or "TotSa" "totalt, samtliga män och kvinnor" (TAB6473); one ``ContentsCode`` labelled
"Befolkning" (000003KD in TAB1625; TAB6473's code is not in the reference, so the one here is the test's own: the
fetcher takes a table's only content and checks its label); ``Tid`` coded "2025M01" under the label "månad".

The **months are test values** spread from the bundled snapshot's published yearly figures (``data/seed/``): each
year's months add up to its population change and, where the snapshot has them, its births, deaths and net
migration, in a shape with a spring birth peak, a winter death peak and the student months (August, September);
2026's ten months are test values. So a year so far, a cumulative chart and an estimate of 31 December have
something true to their method to work on, and a refresh's check of the months against the yearly figures holds.
The parts add up: folkökning = födelseöverskott + flyttningsöverskott + justeringspost; folkmängd moves by
folkökning, and December's is the year's published population.
"""

from __future__ import annotations

import copy
import csv
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.fakes import all_places
from tests.fakes.age_tables import _meta

OLD = [f"{y}M{m:02d}" for y in range(2005, 2025) for m in range(1, 13)]
NEW = [f"{y}M{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:22]  # to 2026M10
REGIONS = {"00": "Riket", "23": "Jämtlands län", "2380": "Östersund"}
CHANGES = {"100": "folkmängd", "110": "folkökning", "115": "födda", "130": "döda", "135": "födelseöverskott",
           "230": "flyttningsöverskott totalt", "240": "flyttningsöverskott eget län",
           "250": "flyttningsöverskott övriga Sverige", "260": "invandringsöverskott", "270": "justeringspost"}
SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "observations.csv"
SIZE = {"2380": 1.0, "23": 2.0, "00": 160.0}  # births and deaths where the snapshot has no yearly figure


@lru_cache(maxsize=1)
def _yearly() -> dict[tuple[str, str, int], float]:
    """The snapshot's yearly figures (kpi, region, year) that the months of a year add up to, as SCB's do."""
    found = {}
    with open(SEED, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["region"] in REGIONS and row["period"].isdigit() and row["value"]:
                found[(row["kpi"], row["region"], int(row["period"]))] = float(row["value"])
    return found


def _pattern(year: int) -> dict[str, list[float]]:
    """The shape of a year, month by month: births with a spring peak, deaths with a winter one, net migration
    with the student months (August, September) and a summer outflow."""
    t = year - 2005
    return {
        "115": [52 + 4 * math.sin(2 * math.pi * (m - 3) / 12) for m in range(1, 13)],
        "130": [50 + 6 * math.cos(2 * math.pi * (m - 1) / 12) for m in range(1, 13)],
        "230": [(75 if m in (8, 9) else -6) + (4 if m == 6 else 0) + 3 * math.sin(m + t) for m in range(1, 13)],
    }


def _spread(total: float, shape: list[float]) -> list[int]:
    """Whole numbers month by month in ``shape``'s form that add up to ``total`` exactly."""
    shift = (total - sum(shape)) / len(shape)
    raw = [v + shift for v in shape]
    floors = [math.floor(r) for r in raw]
    rest = round(total) - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in order[:rest]:
        floors[i] += 1
    return floors


def series(region: str, months: list[str]) -> dict[str, dict[str, int]]:
    """month → change code → value, for one region: each year's months add up to the snapshot's yearly figures
    (population change; births, deaths and net migration where it has them), the rest test values (a region the
    snapshot does not hold: its size and a drift of its own, :mod:`tests.fakes.all_places`)."""
    yearly = _yearly()
    size = SIZE.get(region) or all_places.size(region)
    drift = 0.0 if region in SIZE else all_places.trend(region) * 57_000.0 * size
    population = yearly.get(("population", region, 2004), 57_000.0 * size)
    found: dict[str, dict[str, int]] = {}
    for year in range(2005, 2027):
        shape = _pattern(year)
        population = yearly.get(("population", region, year - 1), population)
        after = yearly.get(("population", region, year))
        change = yearly.get(("population_increase", region, year),
                            after - population if after is not None else sum(shape["230"]) * size * 1.2 + drift)
        published = ("live_births", region, year) in yearly and ("deaths", region, year) in yearly
        births = yearly.get(("live_births", region, year), sum(shape["115"]) * size)
        deaths = yearly.get(("deaths", region, year), sum(shape["130"]) * size)
        # SCB's net migration where the snapshot has the year's births and deaths too; else what the change leaves
        net = yearly.get(("net_migration", region, year), 0.0) if published and (
            "net_migration", region, year) in yearly else change - (births - deaths)
        count = 12 if year < 2026 else 10
        scale = count / 12
        b = _spread(births * scale, shape["115"][:count])
        d = _spread(deaths * scale, shape["130"][:count])
        n = _spread(net * scale, shape["230"][:count])
        adjust = round(change * scale) - sum(b) + sum(d) - sum(n)  # SCB's justeringspost, kept in December
        for m in range(1, count + 1):
            i = m - 1
            parts = {"115": b[i], "130": d[i], "135": b[i] - d[i], "230": n[i],
                     "270": adjust if m == count else 0}
            parts["260"] = round(n[i] * 0.3) if n[i] > 0 else 2
            parts["240"] = round((n[i] - parts["260"]) * 0.5)
            parts["250"] = n[i] - parts["260"] - parts["240"]
            parts["110"] = parts["135"] + parts["230"] + parts["270"]
            population += parts["110"]
            parts["100"] = round(population)
            found[f"{year}M{m:02d}"] = parts
    return {p: found[p] for p in months}


def _table(table: str, label: str, months: list[str], total: tuple[str, str], content: str) -> dict[str, Any]:
    meta = _meta(table, label, [("Region", "region", REGIONS, False),
                                ("Forandringar", "förändringar", CHANGES, False),
                                ("Kon", "kön", {total[0]: total[1], "1": "män", "2": "kvinnor"}, False),
                                ("ContentsCode", "tabellinnehåll", {content: "Befolkning"}, False)], months)
    meta["dimension"]["Tid"]["label"] = "månad"
    meta["note"] = ["Folkmängden i december redovisas enligt nästa års regionala indelning."]
    cells = [{"Region": region, "Forandringar": code, "Kon": total[0], "ContentsCode": content, "Tid": period,
              "value": value}
             for region in REGIONS for period, parts in series(region, months).items()
             for code, value in parts.items()]
    return {"metadata": meta, "cells": cells}


TABLES = ("TAB1625", "TAB6473")
EVERYONE_FROM = "2023M01"  # with everyone, the other municipalities' months from here (the fetcher asks 36)


def widen(fixture: dict[str, Any]) -> dict[str, Any]:
    """A month table with every region of Sweden under ``Region``, as SCB's has; the municipalities the fixture
    lacks get their months from :data:`EVERYONE_FROM` (test values that add up as SCB's do)."""
    meta = copy.deepcopy(fixture["metadata"])
    region = meta["dimension"]["Region"]["category"]
    added = [code for code in all_places.everyone() if code not in region["index"]]
    for code in added:
        region["index"][code] = len(region["index"])
        region["label"][code] = all_places.everyone()[code]
    meta["size"][meta["id"].index("Region")] = len(region["index"])
    kon, content = fixture["cells"][0]["Kon"], fixture["cells"][0]["ContentsCode"]
    months = [m for m in meta["dimension"]["Tid"]["category"]["index"] if m >= EVERYONE_FROM]
    cells = [{"Region": code, "Forandringar": change, "Kon": kon, "ContentsCode": content, "Tid": period,
              "value": value}
             for code in added if len(code) == 4 for period, parts in series(code, months).items()
             for change, value in parts.items()]
    return {"metadata": meta, "cells": fixture["cells"] + cells}


def tables() -> dict[str, dict[str, Any]]:
    return {
        "TAB1625": _table("TAB1625", "Befolkningsstatistik efter region och kön. Månad 2000M01-2024M12", OLD,
                          ("1+2", "totalt"), "000003KD"),
        "TAB6473": _table("TAB6473", "Befolkningsstatistik efter region och kön.  Månad 2025M01-2026M10", NEW,
                          ("TotSa", "totalt, samtliga män och kvinnor"), "0000TEST"),
    }
