"""Test values by single year of age and sex for the fake SCB: a small consistent population world.

The fixtures under ``tests/fixtures/scb/`` hold totals; this module adds, for Östersund, the population by
age and sex (TAB638 2021–2024, TAB5557 2025), in- and out-migration by age and sex (TAB1212 2022–2024,
TAB6640 2025), births by the mother's age (TAB1264 old, TAB6401 CKM), deaths by age (TAB960, TAB6757) and SCB's
projection TAB698 (by sex and single age, no totals), plus a decoy under BE0401 whose label has the same words.
Table ids, labels (SCB's double space before "År", the en dash of "–14 år"), content codes and labels, total
codes and elimination flags are as SCB publishes them (see ``shared/reference`` and the issue that
described them); the *values* come from a small population world built forward from 2021 with the accounting
identity per cohort, so a cohort model run on it sees a population that really ages; in- and out-migration by
age add up exactly to the fixture's yearly totals (the old tables sum parts on elimination). CKM single ages
get ±1 noise, as SCB's do. A few births each year are of mothers of unknown age ("us"). **These are test values,
not published statistics.**
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
DEATHS_TOTAL = {2022: 615, 2023: 670, 2024: 577, 2025: 629}  # the fixtures' published totals (TAB5557, TAB1212)
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
        # Deaths by age add up to the published total, as SCB's do (a refresh checks it).
        deaths = _allocate(DEATHS_TOTAL[year], [_death_rate(a, s) * base[(s, a)] for s, a in keys])
        for k, out, inn, dead in zip(keys, outs, ins, deaths, strict=True):
            dead = min(dead, base[k])
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


UNKNOWN_MOTHER = {2022: 3, 2023: 2, 2024: 4, 2025: 3}  # births of mothers of unknown age ("us"), taken from age 31


def _births(world: dict[str, dict[tuple[int, str, int], int]], years: tuple[int, ...], fixed: dict[str, str],
            noisy: bool = False) -> list[dict[str, Any]]:
    """Births by the mother's age as SCB codes them: "-14" for 14 and younger, "49+" for 49 and older, and a few
    of unknown age ("us"), taken from the mothers aged 31 so that the total stays the world's."""
    codes = {m: ("-14" if m == 14 else "49+" if m == 49 else str(m)) for m in MOTHER_AGES}
    series = dict(world["births"])
    for year in years:
        for sex in SEX:
            moved = UNKNOWN_MOTHER[year] if sex == "2" else 0
            series[(year, sex, 31)] = series[(year, sex, 31)] - moved
            series[(year, sex, -1)] = moved
    cells = _cells({k: v for k, v in series.items() if k[2] >= 0}, years, fixed, "AlderModer", codes, noisy)
    cells += [{"Region": REGION, **fixed, "AlderModer": "us", "Kon": sex, "Tid": str(year), "value": value}
              for (year, sex, age), value in series.items() if age == -1 and year in years]
    return cells


def _mother_labels(total: tuple[str, str] | None) -> dict[str, str]:
    labels = {total[0]: total[1]} if total else {}
    labels["-14"] = "–14 år"  # SCB's en dash
    labels.update({str(m): f"{m} år" for m in range(15, 49)})
    labels["49+"] = "49+ år"
    if total is None:
        labels["tot"] = "totalt ålder"
    labels["us"] = "uppgift saknas"
    return labels


def extra_tables(world: dict[str, dict[tuple[int, str, int], int]]) -> dict[str, dict[str, Any]]:
    """Births by the mother's age and deaths by age (old and CKM), SCB's projection and a decoy, by their ids."""
    old_years, new_years = [str(y) for y in range(1968, 2025)], ["2025"]
    ages = _age_labels()
    age_codes = {a: ("100+" if a == 100 else str(a)) for a in AGES}
    sex_old = {"1": "män", "2": "kvinnor"}
    tables: dict[str, dict[str, Any]] = {}
    births_old = _meta("TAB1264", "Födda efter region, moderns ålder och barnets kön.  År 1968-2024",
                       [("Region", "region", REGIONS, True),
                        ("AlderModer", "moderns ålder", _mother_labels(None), True),
                        ("Kon", "barnets kön", SEXES_OLD, True),
                        ("ContentsCode", "tabellinnehåll", {"BE0101E2": "Antal"}, False)], old_years)
    tables["TAB1264"] = {"metadata": births_old, "cells": _births(world, (2022, 2023, 2024),
                                                                  {"ContentsCode": "BE0101E2"})}
    births_new = _meta("TAB6401", "Födda efter region, moderns ålder och barnets kön.  År 2025-2025",
                       [("Region", "region", REGIONS, False),
                        ("AlderModer", "moderns ålder", _mother_labels(("TotSA", "totalt, samtliga åldrar")), False),
                        ("Kon", "barnets kön", {"TotSa": "totalt, samtliga män och kvinnor", **sex_old}, False),
                        ("ContentsCode", "tabellinnehåll", {"00000863": "Antal"}, False)], new_years)
    tables["TAB6401"] = {"metadata": births_new, "cells": _births(world, (2025,), {"ContentsCode": "00000863"},
                                                                  noisy=True)}
    deaths_note = ["Med ålder avses ålder vid dödsfallet."]
    deaths_old = _meta("TAB960", "Döda efter region, ålder (uppnådd under året) och kön.  År 1968-2024",
                       [("Region", "region", REGIONS, True),
                        ("Alder", "ålder (uppnådd under året)", {**ages, "tot": "totalt ålder"}, True),
                        ("Kon", "kön", sex_old, True),
                        ("ContentsCode", "tabellinnehåll", {"BE0101D9": "Antal"}, False)], old_years)
    deaths_old["note"] = deaths_note
    tables["TAB960"] = {"metadata": deaths_old, "cells": _cells(world["deaths"], (2022, 2023, 2024),
                                                                {"ContentsCode": "BE0101D9"}, "Alder", age_codes)}
    deaths_new = _meta("TAB6757", "Döda efter region, ålder (uppnådd under året) och kön.  År 2025-2025",
                       [("Region", "region", REGIONS, False),
                        ("Alder", "ålder (uppnådd under året)", {"TotSA": "totalt, samtliga åldrar", **ages}, False),
                        ("Kon", "kön", {"TotSa": "totalt, samtliga män och kvinnor", **sex_old}, False),
                        ("ContentsCode", "tabellinnehåll", {"000008FO": "Antal"}, False)], new_years)
    deaths_new["note"] = deaths_note
    tables["TAB6757"] = {"metadata": deaths_new, "cells": _cells(world["deaths"], (2025,),
                                                                 {"ContentsCode": "000008FO"}, "Alder", age_codes,
                                                                 noisy=True)}
    years = [str(y) for y in range(2024, 2071)]
    contents = {"000004LG": "Folkmängd", "000004LH": "Födda", "000004LI": "Döda", "000004LJ": "Inrikes inflyttning",
                "000004LK": "Inrikes utflyttning", "000004LL": "Invandring", "000004LM": "Utvandring"}
    projection = _meta("TAB698", "Framskriven folkmängd efter region, ålder och kön.  År 2024-2070",
                       [("Region", "region", REGIONS, False), ("Kon", "kön", sex_old, False),
                        ("Alder", "ålder", ages, False), ("ContentsCode", "tabellinnehåll", contents, False)],
                       years, updated="2025-05-27T06:00:00Z")
    tables["TAB698"] = {"metadata": projection, "paths": [[{"id": "BE"}, {"id": "BE0401"}, {"id": "BE0401A"}]],
                        "cells": [{"Region": REGION, "Kon": sex, "Alder": code, "ContentsCode": "000004LG",
                                   "Tid": y, "value": projected(int(y), sex, age)}
                                  for y in years for sex in SEX for age, code in age_codes.items()]}
    return tables


def projected(year: int, sex: str, age: int) -> int:
    """The test projection's cells: the world's 2024 population by sex and age scaled to a total that grows by
    120 a year from 64 963 in 2025 (the sum over sexes and ages is what a reader of TAB698 must get)."""
    total = 64_963 + 120 * (year - 2025)
    return round(total / (2 * len(AGES))) + (1 if sex == "1" and age == 0 else 0) - (1 if sex == "1" and age == 1
                                                                                       else 0)


def projection_total(year: int) -> int:
    return sum(projected(year, sex, age) for sex in SEX for age in AGES)


def search_entry(table: str, fixture: dict[str, Any]) -> dict[str, Any]:
    """The table as SCB's ``/tables`` list shows it."""
    meta = fixture["metadata"]
    periods = list(meta["dimension"]["Tid"]["category"]["label"])
    return {"id": table, "label": meta["label"], "description": "", "updated": meta.get("updated"),
            "firstPeriod": periods[0], "lastPeriod": periods[-1], "category": "public",
            "variableNames": [meta["dimension"][v]["label"] for v in meta["id"]], "source": "SCB",
            "subjectCode": "BE", "timeUnit": "Annual",
            "paths": fixture.get("paths", [[{"id": "BE", "label": "Befolkning"}, {"id": "BE0101"}]]), "links": []}


# Tables the search also finds, with the same words: one under BE0401 whose label only starts like the wanted
# one (it has alternatives), one with the very label outside BE0401. Neither may be taken.
DECOYS = [
    {"id": "TAB9199", "label": "Framskriven folkmängd efter region, ålder och kön, framskrivningsalternativ.  År "
                               "2024-2070", "updated": "2026-05-27T06:00:00Z",
     "firstPeriod": "2024", "lastPeriod": "2070", "paths": [[{"id": "BE"}, {"id": "BE0401"}, {"id": "BE0401B"}]],
     "variableNames": ["region", "ålder", "kön", "alternativ", "tabellinnehåll", "år"], "category": "public"},
    {"id": "TAB9198", "label": "Framskriven folkmängd efter region, ålder och kön.  År 2030-2080",
     "updated": "2026-05-27T06:00:00Z", "firstPeriod": "2030", "lastPeriod": "2080",
     "paths": [[{"id": "BE"}, {"id": "BE0101"}]],
     "variableNames": ["region", "ålder", "kön", "tabellinnehåll", "år"], "category": "public"},
]
