"""Check every row of a figures or targets file against the catalog before anything is written.

Every problem is collected (not just the first), with its row and column, in Swedish and English. Values
outside a KPI's plausible range are warnings the user must confirm; everything else stops the import.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from kpis.catalog import Catalog, Kpi
from kpis.importing.read import Table
from kpis.seed import Problem

HOME = "2380"
FIGURES = ("kpi", "period", "value")
FIGURES_OPTIONAL = ("region", "note")
TARGETS = ("kpi", "target_year", "target_value")
TARGETS_OPTIONAL = ("region", "baseline_year", "note")
ALIASES = {"nyckeltal": "kpi", "värde": "value", "varde": "value", "område": "region", "omrade": "region",
           "anteckning": "note", "kommentar": "note", "målår": "target_year", "malar": "target_year",
           "målvärde": "target_value", "malvarde": "target_value", "basår": "baseline_year", "basar": "baseline_year"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONTH_FORMS = (re.compile(r"^(\d{4})M(\d{1,2})$"), re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$"))


@dataclass
class Plan:
    """A checked file: its kind, the rows to write, and what is wrong with it or needs confirming."""

    kind: str
    file_name: str
    file_hash: str
    rows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_number(text: str) -> float | None:
    """``1 234,5`` / ``1234.5`` / ``1,234.5`` / ``−12`` → float; anything else → None."""
    t = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
    if not t:
        return None
    if "," in t and "." in t:
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    elif "," in t:
        if t.count(",") > 1:
            return None
        t = t.replace(",", ".")
    if not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", t):
        return None
    value = float(t)
    return value if math.isfinite(value) else None


def _column_name(raw: str) -> str:
    name = raw.strip().strip('"').lower().replace(" ", "_")
    return ALIASES.get(name, name)


class _Checker:
    def __init__(self, table: Table, catalog: Catalog) -> None:
        self.table = table
        self.catalog = catalog
        self.problems: list[Problem] = list(table.problems)
        self.warnings: list[Problem] = []

    def problem(self, row: int | None, column: str | None, sv: str, en: str) -> None:
        self.problems.append(Problem(self.table.name, row, column, sv, en))

    def warning(self, row: int | None, column: str | None, sv: str, en: str) -> None:
        self.warnings.append(Problem(self.table.name, row, column, sv, en))

    def kpi(self, text: str, row: int, own_only: bool) -> Kpi | None:
        kpi = self.catalog.kpis.get(text.strip().lower())
        if kpi is None:
            self.problem(row, "kpi", f"okänt nyckeltal '{text}'", f"unknown KPI '{text}'")
            return None
        if own_only and not kpi.is_own_data:
            self.problem(row, "kpi", f"'{kpi.id}' hämtas från en publicerad källa och kan inte läsas in från fil",
                         f"'{kpi.id}' comes from a published source and cannot be imported from a file")
            return None
        return kpi

    def region(self, text: str, row: int) -> str | None:
        text = text.strip()
        if not text:
            return HOME
        if text in self.catalog.regions:
            return text
        for code, region in self.catalog.regions.items():
            if text.lower() in (region.name["sv"].lower(), region.name["en"].lower()):
                return code
        self.problem(row, "region", f"okänt område '{text}'", f"unknown region '{text}'")
        return None

    def period(self, text: str, kpi: Kpi, row: int) -> str | None:
        text = text.strip()
        if kpi.periodicity == "year":
            if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
                return text
            self.problem(row, "period", f"perioden '{text}' är inget år; '{kpi.id}' räknas per år (till exempel 2025)",
                         f"the period '{text}' is not a year; '{kpi.id}' is counted per year (for example 2025)")
            return None
        for form in MONTH_FORMS:
            match = form.match(text)
            if match and 1 <= int(match.group(2)) <= 12:
                return f"{match.group(1)}M{int(match.group(2)):02d}"
        self.problem(row, "period", f"perioden '{text}' är ingen månad; '{kpi.id}' räknas per månad (2025M03)",
                     f"the period '{text}' is not a month; '{kpi.id}' is counted per month (2025M03)")
        return None

    def number(self, text: str, kpi: Kpi, row: int, column: str) -> float | None:
        value = parse_number(text)
        if value is None:
            if text.strip():
                self.problem(row, column, f"'{text}' är inget tal", f"'{text}' is not a number")
            else:
                self.problem(row, column, "värdet saknas", "the value is missing")
            return None
        low = kpi.plausible[0] if kpi.plausible else None
        if value < 0 and low is not None and low >= 0:
            self.problem(row, column, f"{text} är negativt; '{kpi.id}' kan inte vara mindre än noll",
                         f"{text} is negative; '{kpi.id}' cannot be below zero")
            return None
        if kpi.decimals == 0 and not value.is_integer():
            self.problem(row, column, f"{text} är inget heltal; '{kpi.id}' räknas i hela tal",
                         f"{text} is not a whole number; '{kpi.id}' is counted in whole numbers")
            return None
        if not kpi.is_plausible(value):
            lo, hi = kpi.plausible or (0, 0)
            self.warning(row, column, f"{text} ligger utanför det rimliga intervallet {lo:g}–{hi:g} för '{kpi.id}'",
                         f"{text} is outside the plausible range {lo:g}–{hi:g} for '{kpi.id}'")
        return value

    def year(self, text: str, row: int, column: str, required: bool) -> int | None:
        text = text.strip()
        if not text and not required:
            return None
        if re.fullmatch(r"\d{4}", text) and 2000 <= int(text) <= 2100:
            return int(text)
        self.problem(row, column, f"'{text}' är inget år mellan 2000 och 2100",
                     f"'{text}' is not a year between 2000 and 2100")
        return None


def _formulas(checker: _Checker, columns: list[str], cells: list[str], row: int) -> bool:
    found = False
    for column, cell in zip(columns, cells, strict=False):
        text = cell.strip() if cell.strip() else cell
        if text.startswith(FORMULA_STARTS) and parse_number(text) is None:
            checker.problem(row, column, f"cellen börjar med '{text[:1].strip() or 'tabb'}' och tolkas som en formel; "
                                         "skriv värdet i stället",
                            f"the cell starts with '{text[:1].strip() or 'tab'}' and would be read as a formula; "
                            "write the value instead")
            found = True
    return found


def validate(table: Table, catalog: Catalog, data: bytes = b"") -> Plan:
    """Check a read file; the plan's ``rows`` hold only what passed, and ``ok`` says whether to write."""
    checker = _Checker(table, catalog)
    columns = [_column_name(c) for c in table.header]
    while columns and not columns[-1]:
        columns.pop()
    kind = "targets" if "target_value" in columns or "target_year" in columns else "figures"
    required, optional = (TARGETS, TARGETS_OPTIONAL) if kind == "targets" else (FIGURES, FIGURES_OPTIONAL)
    empty = pd.DataFrame()
    if table.problems:
        return Plan(kind, table.name, file_hash(data), empty, checker.problems)
    missing = [c for c in required if c not in columns]
    if missing:
        checker.problem(1, ", ".join(missing), "kolumnen saknas i rubrikraden (" + ", ".join(required) + " krävs)",
                        "the column is missing from the header (" + ", ".join(required) + " are required)")
    unknown = [raw for raw, c in zip(table.header, columns, strict=False) if c and c not in (*required, *optional)]
    for raw in unknown:
        checker.problem(1, raw, "okänd kolumn; tillåtna är " + ", ".join((*required, *optional)),
                        "unknown column; allowed are " + ", ".join((*required, *optional)))
    dupes = [c for c in set(columns) if c and columns.count(c) > 1]
    for column in dupes:
        checker.problem(1, column, "kolumnen finns två gånger", "the column appears twice")
    if checker.problems:
        return Plan(kind, table.name, file_hash(data), empty, checker.problems)
    rows, seen = [], {}
    for number, raw_cells in table.rows:
        cells = dict(zip(columns, [*raw_cells, *([""] * (len(columns) - len(raw_cells)))], strict=False))
        if _formulas(checker, columns, raw_cells, number):
            continue
        own_only = kind == "figures"
        kpi = checker.kpi(cells["kpi"], number, own_only)
        region = checker.region(cells.get("region", ""), number)
        if kind == "figures":
            period = checker.period(cells["period"], kpi, number) if kpi else None
            value = checker.number(cells["value"], kpi, number, "value") if kpi else None
            key = (kpi.id if kpi else None, region, period)
            record = {"kpi_id": key[0], "region_code": region, "period": period, "value": value,
                      "note": cells.get("note", "").strip() or None, "line": number}
        else:
            if kpi and kpi.periodicity != "year":
                checker.problem(number, "kpi", f"mål sätts per år; '{kpi.id}' räknas per månad",
                                f"targets are set per year; '{kpi.id}' is counted per month")
                kpi = None
            target_year = checker.year(cells["target_year"], number, "target_year", True)
            value = checker.number(cells["target_value"], kpi, number, "target_value") if kpi else None
            baseline = checker.year(cells.get("baseline_year", ""), number, "baseline_year", False)
            if baseline is not None and target_year is not None and baseline >= target_year:
                checker.problem(number, "baseline_year", f"basåret {baseline} måste ligga före målåret {target_year}",
                                f"the baseline year {baseline} must come before the target year {target_year}")
            key = (kpi.id if kpi else None, region, target_year)
            record = {"kpi_id": key[0], "region_code": region, "target_year": target_year, "target_value": value,
                      "baseline_year": baseline, "note": cells.get("note", "").strip() or None, "line": number}
        if None not in key:
            if key in seen:
                label = "period" if kind == "figures" else "target_year"
                checker.problem(number, label, f"samma nyckeltal, område och period som rad {seen[key]}",
                                f"the same KPI, region and period as row {seen[key]}")
                continue
            seen[key] = number
        if all(record[k] is not None for k in ("kpi_id", "region_code")) and None not in key and (
                record.get("value", record.get("target_value")) is not None):
            rows.append(record)
    return Plan(kind, table.name, file_hash(data), pd.DataFrame(rows), checker.problems, checker.warnings)
