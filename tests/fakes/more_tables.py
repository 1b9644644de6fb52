"""The fake SCB's tables behind the function pages' SCB KPIs: mean age (TAB637), dwellings completed by type of
house (TAB2538) and employment and unemployment 20–64 (TAB3200).

Ids, content codes and labels, variables and codes are as SCB publishes them where the reference has read them
(``shared/reference/data/README.md``: TAB637 BE0101G9 "Medelålder", TAB2538 BO0101A5 with Hustyp FLERBO and
SMÅHUS, TAB3200 000002NS/000002NN with Kon 1+2 "totalt", Alder 20-64 "20–64 år", Fodelseregion tot). The
values are **test values**, different from the snapshot's, so a refresh visibly replaces them. TAB2538's
Hustyp can be eliminated (SCB then sums both types): the catalog's ``select`` must keep them apart.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.age_tables import REGION, _meta

_REGIONS = {"00": "Riket", "23": "Jämtlands län", REGION: "Östersund", "2480": "Umeå"}


def _cells(years: list[str], per_year: dict[str, float], **fixed: str) -> list[dict[str, Any]]:
    return [{"Region": region, **fixed, "Tid": year, "value": round(base + 0.1 * i, 1)}
            for region, base in per_year.items() for i, year in enumerate(years)]


def tables() -> dict[str, dict[str, Any]]:
    mean_age_years = [str(y) for y in range(1998, 2026)]
    mean_age = _meta("TAB637", "Befolkningens medelålder efter region och kön.  År 1998-2025",
                     [("Region", "region", _REGIONS, True),
                      ("Kon", "kön", {"1+2": "totalt", "1": "män", "2": "kvinnor"}, True),
                      ("ContentsCode", "tabellinnehåll", {"BE0101G9": "Medelålder"}, False)], mean_age_years)
    housing_years = [str(y) for y in range(1975, 2026)]
    housing = _meta("TAB2538", "Färdigställda lägenheter i nybyggda hus efter region, hustyp och år.  År 1975-2025",
                    [("Region", "region", _REGIONS, True),
                     ("Hustyp", "hustyp", {"FLERBO": "flerbostadshus", "SMÅHUS": "småhus"}, True),
                     ("ContentsCode", "tabellinnehåll", {"BO0101A5": "Färdigställda lägenheter i nybyggda hus"},
                      False)], housing_years)
    work_years = [str(y) for y in range(2020, 2025)]
    work = _meta("TAB3200", "Sysselsättningsgrad och arbetslöshet 20-64 år efter region, kön och födelseregion.  År "
                            "2020-2024",
                 [("Region", "region", _REGIONS, True),
                  ("Kon", "kön", {"1+2": "totalt", "1": "män", "2": "kvinnor"}, True),
                  ("Alder", "ålder", {"20-64": "20–64 år", "20-24": "20–24 år"}, False),
                  ("Fodelseregion", "födelseregion", {"tot": "totalt", "15": "född i Sverige",
                                                      "30": "utrikes född"}, True),
                  ("ContentsCode", "tabellinnehåll", {"000002NS": "Sysselsättningsgrad. Årligt register",
                                                      "000002NN": "Arbetslöshet. Årligt register"}, False)],
                 work_years)
    return {
        "TAB637": {"metadata": mean_age, "cells": _cells(mean_age_years, {REGION: 41.0, "2480": 39.0, "23": 44.0},
                                                         Kon="1+2", ContentsCode="BE0101G9")},
        "TAB2538": {"metadata": housing, "cells": [
            *_cells(housing_years, {REGION: 300.0, "2480": 700.0}, Hustyp="FLERBO", ContentsCode="BO0101A5"),
            *_cells(housing_years, {REGION: 90.0, "2480": 150.0}, Hustyp="SMÅHUS", ContentsCode="BO0101A5")]},
        "TAB3200": {"metadata": work, "cells": [
            *_cells(work_years, {REGION: 81.0, "2480": 79.0, "23": 80.0}, Kon="1+2", Alder="20-64",
                    Fodelseregion="tot", ContentsCode="000002NS"),
            *_cells(work_years, {REGION: 4.0, "2480": 5.0, "23": 4.5}, Kon="1+2", Alder="20-64",
                    Fodelseregion="tot", ContentsCode="000002NN")]},
    }
