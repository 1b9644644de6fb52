"""The files function leads fill in: one figures file per function and one targets file.

Semicolon-separated UTF-8 with a BOM, as Swedish Excel opens and saves CSV. Each own-data KPI has one row
with its ``kpi`` and ``region`` filled in and the value and the note left empty: a template is not importable
until someone writes real figures into it, and nothing in it becomes a public note unless someone writes one.
What each KPI is (its title and unit) stands in a ``kpi_name`` column that the import leaves aside.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kpis.core.catalog import Catalog
from kpis.pipeline.importing.validate import FIGURES, FIGURES_OPTIONAL, TARGETS, TARGETS_OPTIONAL

NAME_COLUMN = "kpi_name"  # the KPI's title and unit, for the person filling in; never imported


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def functions_with_own_data(catalog: Catalog) -> list[str]:
    return [f for f in catalog.functions if any(k.is_own_data for k in catalog.kpis_of(f))]


def figures_template(catalog: Catalog, function: str, lang: str = "sv") -> bytes:
    header = (*FIGURES, *FIGURES_OPTIONAL)
    rows = []
    for kpi in catalog.kpis_of(function):
        if kpi.is_own_data:
            period = "2025" if kpi.periodicity == "year" else "2025M01"
            rows.append([kpi.id, period, "", catalog.home, "", f"{kpi.title[lang]} ({kpi.unit[lang]})"])
    return _csv((*header, NAME_COLUMN), rows)


def targets_template(catalog: Catalog, lang: str = "sv") -> bytes:
    header = (*TARGETS, *TARGETS_OPTIONAL)
    rows = [[kpi.id, "2030", "", catalog.home, "", "", f"{kpi.title[lang]} ({kpi.unit[lang]})"]
            for kpi in catalog.kpis.values() if kpi.is_own_data and kpi.periodicity == "year"]
    return _csv((*header, NAME_COLUMN), rows)


def template_files(catalog: Catalog, lang: str = "sv") -> dict[str, bytes]:
    files = {f"figures-{function}.csv": figures_template(catalog, function, lang)
             for function in functions_with_own_data(catalog)}
    files["targets.csv"] = targets_template(catalog, lang)
    return files


def existing_templates(directory: Path, catalog: Catalog) -> list[Path]:
    """The template files that already exist in ``directory`` (perhaps filled in: never overwritten unasked)."""
    return [directory / name for name in template_files(catalog) if (directory / name).exists()]


def write_templates(directory: Path, catalog: Catalog, lang: str = "sv") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in template_files(catalog, lang).items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written
