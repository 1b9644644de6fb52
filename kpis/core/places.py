"""Sweden's regions by code: SCB's and Kolada's municipality codes (four digits, the first two the county's),
county codes (two digits) and the country (``00``). Used where every municipality is fetched, ranked or drawn."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

NAMES = Path(__file__).with_name("sweden.csv")
MUNICIPALITY = re.compile(r"^\d{4}$")
COUNTY = re.compile(r"^\d{2}$")
COUNTRY = "00"
MUNICIPALITIES_IN_SWEDEN = 290  # SCB's and Kolada's count since 2003 (Knivsta)


def level(code: str) -> str | None:
    """``kommun``, ``lan``, ``riket``, or None for a code that is none of them (groups, ``0000`` aside)."""
    if code == COUNTRY:
        return "riket"
    if MUNICIPALITY.match(code) and not code.startswith("00"):
        return "kommun"
    if COUNTY.match(code):
        return "lan"
    return None


def is_place(code: str) -> bool:
    return level(code) is not None


def is_municipality(code: str) -> bool:
    return level(code) == "kommun"


def county_of(code: str) -> str:
    """A municipality's county (its first two digits)."""
    return code[:2]


def with_everyone(first: Iterable[str], known: Iterable[str]) -> list[str]:
    """``first`` (those that ``known`` has), then every other municipality, county and the country of ``known``,
    in ``known``'s order: one selection for all of Sweden."""
    known = list(known)
    chosen = [code for code in first if code in set(known)]
    seen = set(chosen)
    return chosen + [code for code in known if code not in seen and is_place(code)]


@lru_cache(maxsize=1)
def sweden() -> dict[str, tuple[str, str]]:
    """Every county and municipality: code → (name, level), as SCB names them (``sweden.csv``, built from the
    boundaries' own names by ``scripts/build_boundaries.py``)."""
    with open(NAMES, encoding="utf-8", newline="") as fh:
        return {row["code"]: (row["name"], row["level"]) for row in csv.DictReader(fh)}


def name(code: str, lang: str = "sv") -> str:
    """SCB's name; a county in English as its English name is formed ("Stockholms län" → "Stockholm County")."""
    found, level_of = sweden().get(code, (code, ""))
    if level_of == "lan" and lang != "sv" and found.endswith(" län"):
        stem = found[: -len(" län")]
        return f"{stem[:-1] if stem.endswith('s') else stem} County"
    return found


def municipalities() -> list[str]:
    return [code for code, (_name, lvl) in sweden().items() if lvl == "kommun"]


def overall_group(groups: pd.DataFrame) -> pd.DataFrame:
    """The first of Kolada's groups as the store lists them (the overall "Liknande kommuner" group where there
    is one): a row a member."""
    return groups[groups["area"] == groups["area"].iloc[0]] if len(groups) else groups
