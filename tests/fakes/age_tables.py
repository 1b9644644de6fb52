"""Test values by single year of age and sex for the fake SCB: a small consistent population world.

The fixtures under ``tests/fixtures/scb/`` hold totals; this module adds, for Östersund, the population by
age and sex (TAB638 2021–2024, TAB5557 2025), in- and out-migration by age and sex (TAB1212 2022–2024,
TAB6640 2025) and four tables found by label (births by the mother's age, deaths by age, old and CKM) plus a
projection under BE0401. The world is built forward from 2021 with the accounting identity per cohort, so a
cohort model run on it sees a population that really ages; in- and out-migration by age add up exactly to
the fixture's yearly totals (the old tables sum parts on elimination). CKM single ages get ±1 noise, as SCB's
do. **These are test values, not published statistics**; the ids TAB91xx are placeholders (the real ids of
the tables found by label are resolved at run time).
"""

from __future__ import annotations

import copy
import math
from typing import Any

REGION = "2380"
AGES = list(range(101))
SEX = ("1", "2")
FIRST = 2021
YEARS = (2022, 2023, 2024, 2025)
IN_TOTAL = {2022: 4100, 2023: 4000, 2024: 3950, 2025: 3900}
OUT_TOTAL = {2022: 3900, 2023: 3850, 2024: 3900, 2025: 3880}
BIRTHS_TOTAL = {2022: 610, 2023: 590, 2024: 575, 2025: 566}
MOTHER_AGES = list(range(14, 50))  # 14 is "-14 år", 49 is "49+ år"


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Integers in proportion to ``weights`` summing to ``total`` exactly (largest remainder)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    floors = [math.floor(r) for r in raw]
    rest = total - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in order[:rest]:
        floors[i] += 1
    return floors


def _death_rate(age: int, sex: str) -> float:
    return min(0.6, 0.0002 + 0.000008 * math.exp(age / 9.5) * (1.25 if sex == "1" else 1.0))


def _out_weight(age: int) -> float:
    return 0.02 + 0.12 * math.exp(-((age - 23) / 5.0) ** 2) + 0.02 * math.exp(-((age - 35) / 10.0) ** 2)


def _in_weight(age: int) -> float:
    return 0.2 + 3.0 * math.exp(-((age - 21) / 4.0) ** 2) + 0.8 * math.exp(-((age - 33) / 9.0) ** 2)


def _fertility_weight(age: int) -> float:
    return math.exp(-((age - 31) / 5.5) ** 2)


def build_world() -> dict[str, dict[tuple[int, str, int], int]]:
    """series → {(year, sex, age): count}; births keyed by (year, child's sex, mother's age)."""
    world: dict[str, dict[tuple[int, str, int], int]] = {k: {} for k in
                                                         ("population", "births", "deaths", "in", "out")}
    population = {(s, a): round(390 * (1.0 if a < 60 else max(0.05, 1 - (a - 60) / 45))) for s in SEX for a in AGES}
    for (s, a), value in population.items():
        world["population"][(FIRST, s, a)] = value
    for year in YEARS:
        base = {}
        for s in SEX:
            for a in AGES[1:]:
                base[(s, a)] = population[(s, a - 1)] + (population[(s, 100)] if a == 100 else 0)
        by_mother = _allocate(BIRTHS_TOTAL[year], [_fertility_weight(m) * base[("2", m)] for m in MOTHER_AGES])
        boys = [round(b * 0.512) for b in by_mother]
        for m, total, b in zip(MOTHER_AGES, by_mother, boys, strict=True):
            world["births"][(year, "1", m)] = b
            world["births"][(year, "2", m)] = total - b
        base[("1", 0)], base[("2", 0)] = sum(boys), BIRTHS_TOTAL[year] - sum(boys)
        keys = [(s, a) for s in SEX for a in AGES]
        outs = _allocate(OUT_TOTAL[year], [_out_weight(a) * base[k] for k, (_s, a) in zip(keys, keys, strict=True)])
        ins = _allocate(IN_TOTAL[year], [_in_weight(a) for _s, a in keys])
        for k, out, inn in zip(keys, outs, ins, strict=True):
            dead = round(_death_rate(k[1], k[0]) * base[k])
            out = min(out, base[k] - dead)
            population[k] = base[k] - dead - out + inn
            world["deaths"][(year, *k)] = dead
            world["out"][(year, *k)] = out
            world["in"][(year, *k)] = inn
            world["population"][(year, *k)] = population[k]
    # keep the out-migration totals exact after the cap above (it never binds for these weights)
    return world


def _noise(age: int, sex: str) -> int:
    return (age * 7 + int(sex)) % 3 - 1


def _age_labels(open_code: str = "100+", first: int = 0, last: int = 100, low: str = "") -> dict[str, str]:
    labels = {}
    for a in range(first, last + 1):
        if a == first and low:
            labels[low] = f"-{a} år"
        elif a == last:
            labels[open_code] = f"{a}+ år"
        else:
            labels[str(a)] = f"{a} år"
    return labels


def _set_labels(meta: dict[str, Any], variable: str, labels: dict[str, str]) -> None:
    dim = meta["dimension"][variable]["category"]
    merged = dict(dim["label"])
    merged.update({c: lab for c, lab in labels.items() if c not in merged})
    dim["label"] = merged
    dim["index"] = {code: i for i, code in enumerate(merged)}
    meta["size"][meta["id"].index(variable)] = len(merged)


def _cells(series: dict[tuple[int, str, int], int], years: tuple[int, ...], fixed: dict[str, str], age_var: str,
           codes: dict[int, str], noisy: bool = False) -> list[dict[str, Any]]:
    cells = []
    for (year, sex, age), value in sorted(series.items()):
        if year in years:
            cells.append({"Region": REGION, **fixed, age_var: codes[age], "Kon": sex, "Tid": str(year),
                          "value": max(0, value + (_noise(age, sex) if noisy else 0))})
    return cells


def extend(table: str, fixture: dict[str, Any], world: dict[str, dict[tuple[int, str, int], int]]) -> dict[str, Any]:
    """A fixture table with the world's cells by age and sex added (tables not named come back unchanged)."""
    fixture = copy.deepcopy(fixture)
    meta = fixture["metadata"]
    if table == "TAB638":
        _set_labels(meta, "Alder", _age_labels())
        codes = {a: ("100+" if a == 100 else str(a)) for a in AGES}
        fixture["cells"] += _cells(world["population"], (FIRST, 2022, 2023, 2024), {"ContentsCode": "BE0101N1"},
                                   "Alder", codes)
    elif table == "TAB5557":
        labels = _age_labels("100+1")
        labels["100+2"] = "100+ år"  # the CKM age variable has several codes per label, one per hierarchy
        _set_labels(meta, "Alder", labels)
        codes = {a: ("100+1" if a == 100 else str(a)) for a in AGES}
        fixture["cells"] += _cells(world["population"], (2025,), {"Civilstand": "SC", "ContentsCode": "000007ME"},
                                   "Alder", codes, noisy=True)
    elif table == "TAB1212":
        _set_labels(meta, "Alder", _age_labels())
        codes = {a: ("100+" if a == 100 else str(a)) for a in AGES}
        for series, content in (("in", "BE0101A4"), ("out", "BE0101A5")):
            fixture["cells"] += _cells(world[series], (2022, 2023, 2024), {"ContentsCode": content}, "Alder", codes)
    elif table == "TAB6640":
        _set_labels(meta, "Alder", _age_labels())
        codes = {a: ("100+" if a == 100 else str(a)) for a in AGES}
        for series, content in (("in", "0000086A"), ("out", "0000086B")):
            fixture["cells"] += _cells(world[series], (2025,), {"ContentsCode": content}, "Alder", codes, noisy=True)
    return fixture


def _meta(table: str, label: str, variables: list[tuple[str, str, dict[str, str], bool]], years: list[str],
          updated: str = "2026-03-20T08:00:00Z") -> dict[str, Any]:
    ids = [v[0] for v in variables] + ["Tid"]
    dimension = {name: {"label": text, "category": {"index": {c: i for i, c in enumerate(labels)}, "label": labels},
                        "extension": {"elimination": elim, "show": "value"}}
                 for name, text, labels, elim in variables}
    dimension["Tid"] = {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)},
                                                    "label": {y: y for y in years}},
                        "extension": {"elimination": False, "show": "code"}}
    return {"version": "2.0", "class": "dataset", "label": label, "source": "SCB", "updated": updated, "note": [],
            "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]}, "id": ids,
            "size": [len(dimension[i]["category"]["index"]) for i in ids], "dimension": dimension,
            "extension": {"px": {"infofile": "BE0101", "tableid": table, "decimals": 0, "language": "sv"}},
            "value": []}


REGIONS = {"00": "Riket", "23": "Jämtlands län", REGION: "Östersund"}
SEXES_OLD = {"1": "pojkar", "2": "flickor"}


def extra_tables(world: dict[str, dict[tuple[int, str, int], int]]) -> dict[str, dict[str, Any]]:
    """The tables found by label: births by the mother's age and deaths by age (old and CKM), a projection."""
    old_years, new_years = ["2021", "2022", "2023", "2024"], ["2025"]
    mother = _age_labels("49+", 14, 49, low="-14")
    mother_codes = {m: ("-14" if m == 14 else "49+" if m == 49 else str(m)) for m in MOTHER_AGES}
    ages = _age_labels()
    age_codes = {a: ("100+" if a == 100 else str(a)) for a in AGES}
    sex_old = {"1": "män", "2": "kvinnor"}
    tables: dict[str, dict[str, Any]] = {}
    births_old = _meta("TAB9101", "Levande födda efter region, moderns ålder och barnets kön. År 1968-2024",
                       [("Region", "region", REGIONS, False),
                        ("AlderModer", "moderns ålder", {**mother, "tot": "totalt ålder"}, True),
                        ("Kon", "barnets kön", SEXES_OLD, True),
                        ("ContentsCode", "tabellinnehåll", {"BE0101E2": "Levande födda"}, False)], old_years)
    tables["TAB9101"] = {"metadata": births_old, "cells": _cells(world["births"], (2022, 2023, 2024),
                                                                 {"ContentsCode": "BE0101E2"}, "AlderModer",
                                                                 mother_codes)}
    births_new = _meta("TAB9102", "Levande födda efter region, moderns ålder och barnets kön. År 2025-",
                       [("Region", "region", REGIONS, False),
                        ("AlderModer", "moderns ålder", {"TotSA": "totalt, samtliga åldrar", **mother}, False),
                        ("Kon", "barnets kön", {"TotSa": "totalt, samtliga män och kvinnor", **sex_old}, False),
                        ("ContentsCode", "tabellinnehåll", {"00000863": "Levande födda"}, False)], new_years)
    tables["TAB9102"] = {"metadata": births_new, "cells": _cells(world["births"], (2025,),
                                                                 {"ContentsCode": "00000863"}, "AlderModer",
                                                                 mother_codes, noisy=True)}
    deaths_old = _meta("TAB9103", "Döda efter region, ålder (uppnådd under året) och kön. År 1968-2024",
                       [("Region", "region", REGIONS, False), ("Alder", "ålder", {**ages, "tot": "totalt ålder"}, True),
                        ("Kon", "kön", sex_old, True),
                        ("ContentsCode", "tabellinnehåll", {"BE0101D8": "Döda"}, False)], old_years)
    tables["TAB9103"] = {"metadata": deaths_old, "cells": _cells(world["deaths"], (2022, 2023, 2024),
                                                                 {"ContentsCode": "BE0101D8"}, "Alder", age_codes)}
    deaths_new = _meta("TAB9104", "Döda efter region, ålder (uppnådd under året) och kön. År 2025-",
                       [("Region", "region", REGIONS, False),
                        ("Alder", "ålder", {"TotSA": "totalt, samtliga åldrar", **ages}, False),
                        ("Kon", "kön", {"TotSa": "totalt, samtliga män och kvinnor", **sex_old}, False),
                        ("ContentsCode", "tabellinnehåll", {"000008FN": "Döda"}, False)], new_years)
    tables["TAB9104"] = {"metadata": deaths_new, "cells": _cells(world["deaths"], (2025,), {"ContentsCode": "000008FN"},
                                                                 "Alder", age_codes, noisy=True)}
    years = [str(y) for y in range(2025, 2071)]
    projection = _meta("TAB9105", "Framskriven folkmängd efter region, ålder och kön. År 2025-2070",
                       [("Region", "region", REGIONS, False),
                        ("Alder", "ålder", {"tot": "totalt ålder", **ages}, True),
                        ("Kon", "kön", {"1+2": "totalt", **sex_old}, True),
                        ("ContentsCode", "tabellinnehåll", {"000005RC": "Folkmängd"}, False)], years)
    tables["TAB9105"] = {"metadata": projection, "paths": [[{"id": "BE"}, {"id": "BE0401"}, {"id": "BE0401A"}]],
                         "cells": [{"Region": REGION, "Alder": "tot", "Kon": "1+2", "ContentsCode": "000005RC",
                                    "Tid": y, "value": 64_963 + 120 * (int(y) - 2025)} for y in years]}
    return tables


def search_entry(table: str, fixture: dict[str, Any]) -> dict[str, Any]:
    """The table as SCB's ``/tables`` list shows it."""
    meta = fixture["metadata"]
    periods = list(meta["dimension"]["Tid"]["category"]["label"])
    return {"id": table, "label": meta["label"], "description": "", "updated": meta.get("updated"),
            "firstPeriod": periods[0], "lastPeriod": periods[-1], "category": "public",
            "variableNames": [meta["dimension"][v]["label"] for v in meta["id"]], "source": "SCB",
            "subjectCode": "BE", "timeUnit": "Annual",
            "paths": fixture.get("paths", [[{"id": "BE", "label": "Befolkning"}, {"id": "BE0101"}]]), "links": []}


# A table the search also finds whose label starts the same but lies outside BE0401: it must not be taken.
DECOY = {"id": "TAB9199", "label": "Framskriven folkmängd efter region, ålder och kön. Äldre framskrivning",
         "firstPeriod": "2018", "lastPeriod": "2060", "paths": [[{"id": "BE"}, {"id": "BE0101"}]],
         "variableNames": ["region", "ålder", "kön", "tabellinnehåll", "år"], "category": "public"}
