"""The fake SCB's monthly population statistics: TAB1625 (2005M01–2024M12 here; SCB's runs from 2000M01) and its
CKM successor TAB6473 (2025M01–2026M10), for Riket, Jämtlands län and Östersund.

Variables, codes and labels as SCB publishes them (``shared/reference/data-sources.md`` and the issue that
described them): ``Region``; ``Forandringar`` with the change codes and their labels; ``Kon`` with the total
"1+2" "totalt" (TAB1625) or "TotSa" "totalt, samtliga män och kvinnor" (TAB6473); one ``ContentsCode`` labelled
"Befolkning" (000003KD in TAB1625; TAB6473's code is not in the reference, so the one here is the test's own: the
fetcher takes a table's only content and checks its label); ``Tid`` coded "2025M01" under the label "månad".

The **values are test values**, not statistics: each month's births, deaths and net migration (own county, rest of
Sweden, abroad) follow a yearly pattern with the student months (August, September) and a drift per year, so a year
so far, a cumulative chart and an estimate of 31 December have something true to their method to work on. The parts
add up: folkökning = födelseöverskott + flyttningsöverskott + justeringspost; folkmängd moves by folkökning.
"""

from __future__ import annotations

import math
from typing import Any

from tests.fakes.age_tables import _meta

OLD = [f"{y}M{m:02d}" for y in range(2005, 2025) for m in range(1, 13)]
NEW = [f"{y}M{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:22]  # to 2026M10
REGIONS = {"00": "Riket", "23": "Jämtlands län", "2380": "Östersund"}
SCALE = {"2380": 1.0, "23": 2.0, "00": 160.0}
START = {"2380": 57_000.0, "23": 127_000.0, "00": 9_030_000.0}  # folkmängd at the end of 2004 (test values)
CHANGES = {"100": "folkmängd", "110": "folkökning", "115": "födda", "130": "döda", "135": "födelseöverskott",
           "230": "flyttningsöverskott totalt", "240": "flyttningsöverskott eget län",
           "250": "flyttningsöverskott övriga Sverige", "260": "invandringsöverskott", "270": "justeringspost"}


def _month_parts(year: int, month: int) -> dict[str, int]:
    """One month's flows in Östersund (before scaling): births and deaths with a mild season, net migration with
    the student months, and a drift over the years."""
    t = year - 2005
    season = math.cos(2 * math.pi * (month - 1) / 12)
    births = round(52 + 4 * math.sin(2 * math.pi * (month - 3) / 12) - 0.15 * t)
    deaths = round(50 + 6 * season + 0.1 * t)
    county = round(6 + (40 if month in (8, 9) else -3) + 0.2 * t * (1 if month == 8 else 0))
    sweden = round(4 + (35 if month in (8, 9) else -6) + (8 if month == 6 else 0) - 0.3 * t * (month == 1))
    abroad = round(10 + 3 * math.sin(month + t) + (6 if year in (2015, 2016) else 0) - (2 if t > 15 else 0))
    adjust = (month + year) % 3 - 1
    return {"115": births, "130": deaths, "240": county, "250": sweden, "260": abroad, "270": adjust}


def series(region: str, months: list[str]) -> dict[str, dict[str, int]]:
    """month → change code → value, for one region (Östersund's pattern times the region's size)."""
    scale = SCALE[region]
    population = START[region]
    found: dict[str, dict[str, int]] = {}
    for period in [*OLD, *NEW]:
        year, month = int(period[:4]), int(period[5:])
        parts = {code: round(value * scale) for code, value in _month_parts(year, month).items()}
        parts["135"] = parts["115"] - parts["130"]
        parts["230"] = parts["240"] + parts["250"] + parts["260"]
        parts["110"] = parts["135"] + parts["230"] + parts["270"]
        population += parts["110"]
        parts["100"] = round(population)
        found[period] = parts
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


def tables() -> dict[str, dict[str, Any]]:
    return {
        "TAB1625": _table("TAB1625", "Befolkningsstatistik efter region och kön. Månad 2000M01-2024M12", OLD,
                          ("1+2", "totalt"), "000003KD"),
        "TAB6473": _table("TAB6473", "Befolkningsstatistik efter region och kön.  Månad 2025M01-2026M10", NEW,
                          ("TotSa", "totalt, samtliga män och kvinnor"), "0000TEST"),
    }
