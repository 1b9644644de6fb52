"""The bundled snapshot in ``data/seed/``: read and check it before anything is written."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kpis.core.catalog import Catalog
from kpis.core.i18n import texts
from kpis.core.periods import fits
from kpis.core.problems import Problem, ProblemError
from kpis.core.source_class import CAVEATS, CKM, CKM_TABLES, CLASSES, caveat_parts, classify, is_ckm_table
from kpis.pipeline.computed import recompute
from kpis.store import writes
from kpis.store.files import build_store, now

SEED_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "seed"

OBSERVATION_COLUMNS = ("kpi", "region", "period", "value", "unit", "preliminary", "source", "source_type",
                       "source_class", "caveat", "provenance", "retrieved")
AGE_COLUMNS = ("series", "region", "year", "sex", "age", "value", "table", "source", "caveat", "provenance",
               "retrieved")
AGE_SEXES = ("1", "2", "T")  # men, women, both sexes together (a table published without the split)
TARGET_COLUMNS = ("kpi", "region", "target_year", "target_value", "baseline_year", "set_by", "source", "source_type",
                  "note")
FACT_COLUMNS = ("topic", "fact_sv", "fact_en", "year", "value", "unit", "source", "source_type")


class SeedError(ProblemError):
    """The snapshot has faults; nothing was written."""

    head_key = "seed_faults"


@dataclass(frozen=True)
class Seed:
    observations: pd.DataFrame
    targets: pd.DataFrame
    facts: pd.DataFrame
    ages: pd.DataFrame


def _read_rows(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[dict[str, str]]:
    if not path.exists():
        problems.append(Problem("seed_file_missing", {}, path.name))
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem("seed_column_missing", {}, path.name, None, ", ".join(missing)))
            return []
        return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_common(
    name: str, line: int, row: dict[str, str], catalog: Catalog, problems: list[Problem],
    known: set[str] | None = None,
) -> None:
    if not row["source"]:
        problems.append(Problem("seed_no_source", {}, name, line, "source"))
    if row["kpi"] not in catalog.kpis:
        problems.append(Problem("import_unknown_kpi", {"text": row["kpi"]}, name, line, "kpi"))
    if row["region"] not in (known if known is not None else catalog.regions):
        problems.append(Problem("seed_unknown_region", {"text": row["region"]}, name, line, "region"))


def _check_observations(rows: list[dict[str, str]], catalog: Catalog, problems: list[Problem]) -> None:
    name = "observations.csv"
    seen: dict[tuple[str, str, str], int] = {}
    known = catalog.known_regions()  # with ``everyone``, SCB's figures for every municipality and county
    for line, row in enumerate(rows, start=2):
        _check_common(name, line, row, catalog, problems, known)
        if _number(row["value"]) is None:
            problems.append(Problem("seed_not_a_number", {"text": row["value"]}, name, line, "value"))
        kpi = catalog.kpis.get(row["kpi"])
        if kpi and not fits(row["period"], kpi.periodicity):
            problems.append(Problem("seed_bad_period", {"period": row["period"], "periodicity": kpi.periodicity},
                                    name, line, "period"))
        if row.get("source_class") and row["source_class"] not in CLASSES:
            problems.append(Problem("seed_bad_source_class", {"text": row["source_class"]}, name, line,
                                    "source_class"))
        _check_caveat(name, line, row, problems)
        if row["preliminary"] not in ("0", "1", ""):
            problems.append(Problem("seed_zero_or_one", {}, name, line, "preliminary"))
        key = (row["kpi"], row["region"], row["period"])
        if key in seen:
            problems.append(Problem("seed_duplicate", {"first": seen[key], "values": ", ".join(key)}, name, line,
                                    "kpi, region, period"))
        else:
            seen[key] = line


def _check_caveat(name: str, line: int, row: dict[str, str], problems: list[Problem]) -> None:
    """A caveat is a code of the vocabulary (``rounded``, ``method_change:ckm_noise`` …), never free text."""
    parts = caveat_parts(row.get("caveat"))
    if parts is not None and (parts[0] not in CAVEATS or (parts[1] and f"caveat_detail_{parts[1]}" not in texts("sv"))):
        problems.append(Problem("seed_bad_caveat", {"text": row["caveat"], "codes": ", ".join(CAVEATS)}, name, line,
                                "caveat"))
    elif row.get("caveat") == CKM and not is_ckm_table(row.get("source_type") or row.get("table")):
        problems.append(Problem("seed_ckm_elsewhere", {"tables": ", ".join(sorted(CKM_TABLES))}, name, line,
                                "caveat"))


def _check_ages(rows: list[dict[str, str]], catalog: Catalog, problems: list[Problem]) -> None:
    name = "ages.csv"
    seen: dict[tuple[str, ...], int] = {}
    for line, row in enumerate(rows, start=2):
        if not row["source"]:
            problems.append(Problem("seed_no_source", {}, name, line, "source"))
        if row["region"] not in catalog.regions:
            problems.append(Problem("seed_unknown_region", {"text": row["region"]}, name, line, "region"))
        for column in ("year", "age"):
            if not row[column].isdigit():
                problems.append(Problem("seed_not_a_number", {"text": row[column]}, name, line, column))
        if row["age"].isdigit() and int(row["age"]) > 100:
            problems.append(Problem("seed_not_a_number", {"text": row["age"]}, name, line, "age"))
        value = _number(row["value"])
        if value is None or value < 0:
            problems.append(Problem("seed_not_a_number", {"text": row["value"]}, name, line, "value"))
        if row["sex"] not in AGE_SEXES:
            problems.append(Problem("seed_not_a_number", {"text": row["sex"]}, name, line, "sex"))
        _check_caveat(name, line, row, problems)
        key = (row["series"], row["region"], row["year"], row["sex"], row["age"])
        if key in seen:
            problems.append(Problem("seed_duplicate", {"first": seen[key], "values": ", ".join(key)}, name, line,
                                    "series, region, year, sex, age"))
        else:
            seen[key] = line


def _check_targets(rows: list[dict[str, str]], catalog: Catalog, problems: list[Problem]) -> None:
    name = "targets.csv"
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        _check_common(name, line, row, catalog, problems)
        for column in ("target_year", "target_value"):
            if _number(row[column]) is None:
                problems.append(Problem("seed_not_a_number", {"text": row[column]}, name, line, column))
        key = (row["kpi"], row["region"], row["target_year"])
        if key in seen:
            problems.append(Problem("seed_duplicate", {"first": seen[key], "values": ", ".join(key)}, name, line,
                                    "kpi, region, target_year"))
        else:
            seen[key] = line


def _check_facts(rows: list[dict[str, str]], problems: list[Problem]) -> None:
    for line, row in enumerate(rows, start=2):
        if not row["source"]:
            problems.append(Problem("seed_no_source", {}, "facts.csv", line, "source"))
        if row["value"] and _number(row["value"]) is None:
            problems.append(Problem("seed_not_a_number", {"text": row["value"]}, "facts.csv", line, "value"))


def read_seed(seed_dir: Path, catalog: Catalog) -> Seed:
    """Read and check every seed file; raise :class:`SeedError` listing every fault at once."""
    problems: list[Problem] = []
    obs = _read_rows(seed_dir / "observations.csv", OBSERVATION_COLUMNS, problems)
    targets = _read_rows(seed_dir / "targets.csv", TARGET_COLUMNS, problems)
    facts = _read_rows(seed_dir / "facts.csv", FACT_COLUMNS, problems)
    ages = _read_rows(seed_dir / "ages.csv", AGE_COLUMNS, problems) if (seed_dir / "ages.csv").exists() else []
    _check_observations(obs, catalog, problems)
    _check_ages(ages, catalog, problems)
    _check_targets(targets, catalog, problems)
    _check_facts(facts, problems)
    if problems:
        raise SeedError(problems)

    return Seed(_observation_frame(obs), _target_frame(targets), _fact_frame(facts), _age_frame(ages))


def _observation_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Snapshot rows with the store's column names; a row without ``source_class`` is classed by its type."""
    frame = pd.DataFrame(rows, columns=list(OBSERVATION_COLUMNS))
    return pd.DataFrame({
        "kpi_id": frame["kpi"], "region_code": frame["region"], "period": frame["period"],
        "value": frame["value"].astype(float), "status": None, "preliminary": frame["preliminary"].eq("1"),
        "source_id": "seed", "source_url": frame["source"], "source_type": frame["source_type"].replace("", None),
        "note": None,
        "retrieved_at": pd.to_datetime(frame["retrieved"]).dt.date,
        "source_class": [row.get("source_class") or classify("seed", row["source_type"]) for row in rows],
        "caveat": frame["caveat"].replace("", None), "provenance": frame["provenance"].replace("", None),
    })


def _age_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """SCB's population by single year of age, with the store's column names."""
    frame = pd.DataFrame(rows, columns=list(AGE_COLUMNS))
    return pd.DataFrame({
        "series": frame["series"], "region_code": frame["region"], "year": frame["year"].astype(int),
        "sex": frame["sex"], "age": frame["age"].astype(int), "value": frame["value"].astype(float),
        "table_id": frame["table"], "source_url": frame["source"],
        "retrieved_at": pd.to_datetime(frame["retrieved"]).dt.date, "caveat": frame["caveat"].replace("", None),
    })


def _target_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    return pd.DataFrame({
        "kpi_id": frame["kpi"], "region_code": frame["region"],
        "target_year": frame["target_year"].astype(float).astype(int),
        "target_value": frame["target_value"].astype(float),
        "baseline_year": pd.to_numeric(frame["baseline_year"], errors="coerce").astype("Int64"),
        "set_by": frame["set_by"].replace("", None), "source_url": frame["source"],
        "note": frame["note"].replace("", None),
    })


def _fact_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(FACT_COLUMNS))
    return pd.DataFrame({
        "topic": frame["topic"], "fact_sv": frame["fact_sv"], "fact_en": frame["fact_en"],
        "year": pd.to_numeric(frame["year"], errors="coerce").astype("Int64"),
        "value": pd.to_numeric(frame["value"], errors="coerce"), "unit": frame["unit"].replace("", None),
        "source_url": frame["source"], "source_type": frame["source_type"].replace("", None),
    })


def build(path: Path, catalog: Catalog, seed: Seed) -> Path:
    """A new store at ``path`` from the catalog and the snapshot (the caller decides whether one may be built)."""
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        writes.write_catalog(con, catalog)
        writes.write_snapshot(con, seed.observations, seed.targets, seed.facts, now(), seed.ages)
        recompute(con, catalog)

    return build_store(path, fill)
