"""The bundled snapshot in ``data/seed/``: read and check it before anything is written."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpis.catalog import Catalog

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "seed"

OBSERVATION_COLUMNS = ("kpi", "region", "period", "value", "unit", "preliminary", "source", "source_type", "note",
                       "retrieved")
TARGET_COLUMNS = ("kpi", "region", "target_year", "target_value", "baseline_year", "set_by", "source", "source_type",
                  "note")
FACT_COLUMNS = ("topic", "fact_sv", "fact_en", "year", "value", "unit", "source", "source_type")

PERIOD_PATTERNS = {"year": re.compile(r"^\d{4}$"), "month": re.compile(r"^\d{4}M(0[1-9]|1[0-2])$")}


@dataclass(frozen=True)
class Problem:
    """One fault in a seed file, worded in both languages."""

    file: str
    row: int | None
    column: str | None
    sv: str
    en: str

    def text(self, lang: str = "sv") -> str:
        where = self.file
        if self.row is not None:
            where += f", {'rad' if lang == 'sv' else 'row'} {self.row}"
        if self.column:
            where += f", {'kolumn' if lang == 'sv' else 'column'} {self.column}"
        return f"{where}: {self.sv if lang == 'sv' else self.en}"


class SeedError(ValueError):
    """The snapshot has faults; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.text("sv") for p in problems))

    def text(self, lang: str = "sv") -> str:
        head = ("Ögonblicksbilden har fel; inget skrevs:" if lang == "sv"
                else "The snapshot has faults; nothing was written:")
        return "\n".join([head] + [f"- {p.text(lang)}" for p in self.problems])


@dataclass(frozen=True)
class Seed:
    observations: pd.DataFrame
    targets: pd.DataFrame
    facts: pd.DataFrame


def _read_rows(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[dict[str, str]]:
    if not path.exists():
        problems.append(Problem(path.name, None, None, "filen saknas", "the file is missing"))
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(
                Problem(path.name, None, ", ".join(missing), "kolumnen saknas", "the column is missing")
            )
            return []
        return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_common(
    name: str, line: int, row: dict[str, str], catalog: Catalog, problems: list[Problem]
) -> None:
    if not row["source"]:
        problems.append(Problem(name, line, "source", "källa saknas: varje siffra måste ha sin källa",
                                "no source: every figure must name its source"))
    if row["kpi"] not in catalog.kpis:
        problems.append(Problem(name, line, "kpi", f"okänt nyckeltal {row['kpi']!r}", f"unknown KPI {row['kpi']!r}"))
    if row["region"] not in catalog.regions:
        problems.append(Problem(name, line, "region", f"okänd region {row['region']!r}",
                                f"unknown region {row['region']!r}"))


def _check_observations(rows: list[dict[str, str]], catalog: Catalog, problems: list[Problem]) -> None:
    name = "observations.csv"
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        _check_common(name, line, row, catalog, problems)
        if _number(row["value"]) is None:
            problems.append(Problem(name, line, "value", f"värdet {row['value']!r} är inte ett tal",
                                    f"the value {row['value']!r} is not a number"))
        kpi = catalog.kpis.get(row["kpi"])
        if kpi and not PERIOD_PATTERNS[kpi.periodicity].match(row["period"]):
            problems.append(Problem(name, line, "period", f"perioden {row['period']!r} passar inte {kpi.periodicity}",
                                    f"the period {row['period']!r} does not fit {kpi.periodicity}"))
        if row["preliminary"] not in ("0", "1", ""):
            problems.append(Problem(name, line, "preliminary", "ska vara 0 eller 1", "must be 0 or 1"))
        key = (row["kpi"], row["region"], row["period"])
        if key in seen:
            problems.append(Problem(name, line, "kpi, region, period",
                                    f"dubblett av rad {seen[key]} ({', '.join(key)})",
                                    f"duplicate of row {seen[key]} ({', '.join(key)})"))
        else:
            seen[key] = line


def _check_targets(rows: list[dict[str, str]], catalog: Catalog, problems: list[Problem]) -> None:
    name = "targets.csv"
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        _check_common(name, line, row, catalog, problems)
        for column in ("target_year", "target_value"):
            if _number(row[column]) is None:
                problems.append(Problem(name, line, column, f"{row[column]!r} är inte ett tal",
                                        f"{row[column]!r} is not a number"))
        key = (row["kpi"], row["region"], row["target_year"])
        if key in seen:
            problems.append(Problem(name, line, "kpi, region, target_year", f"dubblett av rad {seen[key]}",
                                    f"duplicate of row {seen[key]}"))
        else:
            seen[key] = line


def _check_facts(rows: list[dict[str, str]], problems: list[Problem]) -> None:
    for line, row in enumerate(rows, start=2):
        if not row["source"]:
            problems.append(Problem("facts.csv", line, "source", "källa saknas", "no source"))
        if row["value"] and _number(row["value"]) is None:
            problems.append(Problem("facts.csv", line, "value", f"{row['value']!r} är inte ett tal",
                                    f"{row['value']!r} is not a number"))


def read_seed(seed_dir: Path, catalog: Catalog) -> Seed:
    """Read and check every seed file; raise :class:`SeedError` listing every fault at once."""
    problems: list[Problem] = []
    obs = _read_rows(seed_dir / "observations.csv", OBSERVATION_COLUMNS, problems)
    targets = _read_rows(seed_dir / "targets.csv", TARGET_COLUMNS, problems)
    facts = _read_rows(seed_dir / "facts.csv", FACT_COLUMNS, problems)
    _check_observations(obs, catalog, problems)
    _check_targets(targets, catalog, problems)
    _check_facts(facts, problems)
    if problems:
        raise SeedError(problems)

    obs_df = pd.DataFrame(obs, columns=list(OBSERVATION_COLUMNS))
    obs_df["value"] = obs_df["value"].astype(float)
    obs_df["preliminary"] = obs_df["preliminary"].eq("1")
    targets_df = pd.DataFrame(targets, columns=list(TARGET_COLUMNS))
    targets_df["target_year"] = targets_df["target_year"].astype(float).astype(int)
    targets_df["target_value"] = targets_df["target_value"].astype(float)
    targets_df["baseline_year"] = pd.to_numeric(targets_df["baseline_year"], errors="coerce").astype("Int64")
    facts_df = pd.DataFrame(facts, columns=list(FACT_COLUMNS))
    facts_df["year"] = pd.to_numeric(facts_df["year"], errors="coerce").astype("Int64")
    facts_df["value"] = pd.to_numeric(facts_df["value"], errors="coerce")
    return Seed(obs_df, targets_df, facts_df)
