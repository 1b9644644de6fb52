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

from kpis.core.catalog import Catalog, Kpi
from kpis.core.i18n import LANGS, texts
from kpis.core.periods import YEAR, is_ascii_digits, latest_allowed_year
from kpis.core.problems import Problem
from kpis.pipeline.importing.read import Table

FIGURES = ("kpi", "period", "value")
FIGURES_OPTIONAL = ("region", "note")
TARGETS = ("kpi", "target_year", "target_value")
COMMENTS = ("kpi", "period")
COMMENTS_OPTIONAL = ("analysis", "actions", "public", "region")
MAX_TEXT = 4000
# Yes and no in every language's file (plus 1 and 0; an empty cell is no).
YES = {"1", *(w for lang in LANGS for w in texts(lang).get("import_yes", ()))}
NO = {"", "0", *(w for lang in LANGS for w in texts(lang).get("import_no", ()))}
TARGETS_OPTIONAL = ("region", "baseline_year", "note")
IGNORED = ("kpi_name",)  # the templates' reminder of what a KPI is: read past, never imported
# The column names of every language's file ([import_columns]), each to the column it means.
ALIASES = {alias: column for lang in LANGS for alias, column in texts(lang).get("import_columns", {}).items()}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOTE_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-]\s*[0-9(=@+-])")
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

    def problem(self, row: int | None, column: str | None, key: str, **params: object) -> None:
        self.problems.append(Problem(key, params, self.table.name, row, column))

    def warning(self, row: int | None, column: str | None, key: str, **params: object) -> None:
        self.warnings.append(Problem(key, params, self.table.name, row, column))

    def kpi(self, text: str, row: int, own_only: bool) -> Kpi | None:
        kpi = self.catalog.kpis.get(text.strip().lower())
        if kpi is None:
            self.problem(row, "kpi", "import_unknown_kpi", text=text)
            return None
        if own_only and not kpi.is_own_data:
            self.problem(row, "kpi", "import_published_kpi", kpi=kpi.id)
            return None
        return kpi

    def region(self, text: str, row: int) -> str | None:
        text = text.strip()
        if not text:
            return self.catalog.home
        if text in self.catalog.regions:
            return text
        for code, region in self.catalog.regions.items():
            if text.lower() in (region.name["sv"].lower(), region.name["en"].lower()):
                return code
        self.problem(row, "region", "import_unknown_region", text=text)
        return None

    def period(self, text: str, kpi: Kpi, row: int) -> str | None:
        text = text.strip()
        if kpi.periodicity == "year":
            if YEAR.fullmatch(text) and 1900 <= int(text):
                return self.not_ahead(text, int(text), row)
            self.problem(row, "period", "import_not_a_year", text=text, kpi=kpi.id)
            return None
        for form in MONTH_FORMS:
            match = form.match(text)
            if match and is_ascii_digits(text.replace("M", "").replace("-", "")) and 1 <= int(match.group(2)) <= 12:
                return self.not_ahead(f"{match.group(1)}M{int(match.group(2)):02d}", int(match.group(1)), row)
        self.problem(row, "period", "import_not_a_month", text=text, kpi=kpi.id)
        return None

    def not_ahead(self, period: str, year: int, row: int) -> str | None:
        """A figure is for a period that has begun: next year's figure cannot have been counted yet."""
        if year > latest_allowed_year():
            self.problem(row, "period", "import_period_ahead", period=period)
            return None
        return period

    def number(self, text: str, kpi: Kpi, row: int, column: str) -> float | None:
        value = parse_number(text)
        if value is None:
            if text.strip():
                self.problem(row, column, "import_not_a_number", text=text)
            else:
                self.problem(row, column, "import_value_missing")
            return None
        low = kpi.plausible[0] if kpi.plausible else None
        if value < 0 and low is not None and low >= 0:
            self.problem(row, column, "import_negative", text=text, kpi=kpi.id)
            return None
        if kpi.decimals == 0 and not value.is_integer():
            self.problem(row, column, "import_not_whole", text=text, kpi=kpi.id)
            return None
        if not kpi.is_plausible(value):
            lo, hi = kpi.plausible or (0, 0)
            self.warning(row, column, "import_implausible", text=text, low=f"{lo:g}", high=f"{hi:g}", kpi=kpi.id)
        return value

    def year(self, text: str, row: int, column: str, required: bool) -> int | None:
        text = text.strip()
        if not text and not required:
            return None
        if YEAR.fullmatch(text) and 2000 <= int(text) <= 2100:
            return int(text)
        self.problem(row, column, "import_bad_year", text=text)
        return None


def _formulas(checker: _Checker, columns: list[str], cells: list[str], row: int) -> bool:
    found = False
    for column, cell in zip(columns, cells, strict=False):
        text = cell.strip() if cell.strip() else cell
        # A note is free text: "- se bilaga" is kept as written (and neutralised wherever it is written to CSV);
        # only a note that reads as a formula ("=…", "@…", "-2+3+cmd|…") is refused.
        formula = NOTE_FORMULA.match(text) if column == "note" else text.startswith(FORMULA_STARTS)
        if formula and parse_number(text) is None:
            checker.problem(row, column, "import_formula", start=text[:1].strip() or "⇥")
            found = True
    return found


def _extra_cells(checker: _Checker, columns: list[str], cells: list[str], row: int) -> bool:
    """A row with more cells than the header is refused: its extra cells would otherwise be dropped unseen.

    The classic case is a decimal comma in a comma-separated file (``events_held,2024,12,5``): when the first
    extra cell follows a number, the message suggests the decimal comma the user most likely meant.
    """
    extra = cells[len(columns):]
    if not any(c.strip() for c in extra):
        return False
    for name in ("value", "target_value"):
        if name in columns:
            at = columns.index(name)
            number, after = cells[at].strip(), cells[at + 1].strip()
            if _ascii_int(number) and _ascii_int(after):
                checker.problem(row, name, "import_extra_cells_decimal", n=len(cells), header=len(columns),
                                guess=f"{number},{after}")
                return True
    checker.problem(row, None, "import_extra_cells", n=len(cells), header=len(columns))
    return True


def _comment(checker: _Checker, cells: dict[str, str], row: int) -> dict[str, object] | None:
    """One comment row: its KPI and period, analysis and actions as plain text, and whether it is public.

    Text is kept as written: it is shown as text, never as Markdown or HTML, and neutralised in CSV.
    """
    kpi = checker.kpi(cells["kpi"], row, own_only=False)
    region = checker.region(cells.get("region", ""), row)
    period = checker.period(cells["period"], kpi, row) if kpi else None
    texts = {name: cells.get(name, "").strip() for name in ("analysis", "actions")}
    if not any(texts.values()):
        checker.problem(row, "analysis, actions", "import_comment_empty")
    for name, text in texts.items():
        if len(text) > MAX_TEXT:
            checker.problem(row, name, "import_comment_long", n=len(text), most=MAX_TEXT)
    public = cells.get("public", "").strip().lower()
    if public not in YES | NO:
        checker.problem(row, "public", "import_not_yes_no", text=cells.get("public", ""))
    if kpi is None or region is None or period is None or not any(texts.values()):
        return None
    return {"kpi_id": kpi.id, "region_code": region, "period": period, "analysis": texts["analysis"] or None,
            "actions": texts["actions"] or None, "public": public in YES, "note": None, "line": row}


def _ascii_int(text: str) -> bool:
    return bool(re.fullmatch(r"[-−]?[0-9]+", text))


def validate(table: Table, catalog: Catalog, data: bytes = b"") -> Plan:
    """Check a read file; the plan's ``rows`` hold only what passed, and ``ok`` says whether to write."""
    checker = _Checker(table, catalog)
    columns = [_column_name(c) for c in table.header]
    while columns and not columns[-1]:
        columns.pop()
    kind = ("comments" if "analysis" in columns or "actions" in columns else
            "targets" if "target_value" in columns or "target_year" in columns else "figures")
    required, optional = {"targets": (TARGETS, TARGETS_OPTIONAL), "figures": (FIGURES, FIGURES_OPTIONAL),
                          "comments": (COMMENTS, COMMENTS_OPTIONAL)}[kind]
    empty = pd.DataFrame()
    if table.problems:
        return Plan(kind, table.name, file_hash(data), empty, checker.problems)
    missing = [c for c in required if c not in columns]
    if missing:
        checker.problem(1, ", ".join(missing), "import_missing_column", required=", ".join(required))
    unknown = [raw for raw, c in zip(table.header, columns, strict=False)
               if c and c not in (*required, *optional, *IGNORED)]
    for raw in unknown:
        checker.problem(1, raw, "import_unknown_column", allowed=", ".join((*required, *optional)))
    dupes = [c for c in set(columns) if c and columns.count(c) > 1]
    for column in dupes:
        checker.problem(1, column, "import_column_twice")
    if checker.problems:
        return Plan(kind, table.name, file_hash(data), empty, checker.problems)
    rows, seen = [], {}
    for number, raw_cells in table.rows:
        if _extra_cells(checker, columns, raw_cells, number):
            continue
        cells = dict(zip(columns, [*raw_cells, *([""] * (len(columns) - len(raw_cells)))], strict=False))
        if kind == "comments":
            record = _comment(checker, cells, number)
            if record is not None:
                key = (record["kpi_id"], record["region_code"], record["period"])
                if key in seen:
                    checker.problem(number, "period", "import_duplicate", first=seen[key])
                    continue
                seen[key] = number
                rows.append(record)
            continue
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
                checker.problem(number, "kpi", "import_target_monthly", kpi=kpi.id)
                kpi = None
            target_year = checker.year(cells["target_year"], number, "target_year", True)
            value = checker.number(cells["target_value"], kpi, number, "target_value") if kpi else None
            baseline = checker.year(cells.get("baseline_year", ""), number, "baseline_year", False)
            if baseline is not None and target_year is not None and baseline >= target_year:
                checker.problem(number, "baseline_year", "import_baseline_after", baseline=baseline,
                                target_year=target_year)
            key = (kpi.id if kpi else None, region, target_year)
            record = {"kpi_id": key[0], "region_code": region, "target_year": target_year, "target_value": value,
                      "baseline_year": baseline, "note": cells.get("note", "").strip() or None, "line": number}
        if None not in key:
            if key in seen:
                label = "period" if kind == "figures" else "target_year"
                checker.problem(number, label, "import_duplicate", first=seen[key])
                continue
            seen[key] = number
        if all(record[k] is not None for k in ("kpi_id", "region_code")) and None not in key and (
                record.get("value", record.get("target_value")) is not None):
            rows.append(record)
    return Plan(kind, table.name, file_hash(data), pd.DataFrame(rows), checker.problems, checker.warnings)
