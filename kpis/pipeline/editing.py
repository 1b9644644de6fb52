"""The one way to change own figures and targets, for the command line and the Redigera page alike.

``check_file`` reads and checks a file (and, for an editor, that every KPI is one of their functions');
``target_plan`` checks one target typed into a form; ``preview``, ``apply`` and ``undo`` show, write and take
back a checked plan. Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from pathlib import Path

from kpis.core.catalog import Catalog
from kpis.core.i18n import fmt_number, t
from kpis.core.problems import Problem
from kpis.pipeline.importing import read, validate, write
from kpis.pipeline.importing.validate import Plan
from kpis.pipeline.importing.write import Applied, ImportRefused, Preview
from kpis.store import reads
from kpis.store.files import reading

__all__ = ["Applied", "ImportRefused", "Plan", "Preview", "apply", "check_file", "comment_plan", "preview",
           "target_plan", "undo"]


def _only_functions(plan: Plan, catalog: Catalog, functions: Collection[str] | None) -> Plan:
    """Refuse rows of KPIs outside ``functions`` (None: every function, as on the command line)."""
    if functions is None or plan.rows.empty:
        return plan
    for row in plan.rows.itertuples():
        kpi = catalog.kpis[row.kpi_id]
        if kpi.function not in functions:
            plan.problems.append(Problem("import_not_your_kpi", {"kpi": kpi.id, "function": kpi.function},
                                         plan.file_name, int(row.line), "kpi"))
    return plan


def check_file(data: bytes, name: str, catalog: Catalog, functions: Collection[str] | None = None) -> Plan:
    """Read and check a figures or targets file; the plan says what is wrong or what would be written."""
    plan = validate.validate(read.read_file(data, name), catalog, data)
    return _only_functions(plan, catalog, functions)


def target_plan(catalog: Catalog, kpi_id: str, target_year: int, target_value: float | None,
                baseline_year: int | None = None, note: str = "", region: str | None = None,
                functions: Collection[str] | None = None, form_name: str = "form") -> Plan:
    """A target typed into a form, checked as a targets file's row would be (plausibility included)."""
    cells = {"kpi": kpi_id, "target_year": str(target_year),
             "target_value": "" if target_value is None or math.isnan(target_value) else repr(float(target_value)),
             "region": region or catalog.home, "baseline_year": "" if baseline_year is None else str(baseline_year),
             "note": note}
    table = read.Table(form_name, list(cells), [(1, list(cells.values()))])
    plan = validate.validate(table, catalog, "\x1f".join(cells.values()).encode())
    return _only_functions(plan, catalog, functions)


def preview(db: Path, plan: Plan) -> Preview:
    """New, changed and unchanged rows of a checked plan against the store."""
    with reading(db) as con:
        return write.preview(con, plan)


def apply(db: Path, plan: Plan, who: str, confirmed: bool = False) -> Applied:
    """Write a checked plan (refused with :class:`ImportRefused` when faulty or unconfirmed)."""
    return write.apply(db, plan, who, confirmed)


def undo(db: Path, import_id: int, who: str, functions: Collection[str] | None = None,
         catalog: Catalog | None = None) -> int:
    """Take back an import or a target change by its number; returns the rows put back. An editor limited to
    ``functions`` may take back only imports whose every KPI belongs to them (None: any, as on the command line)."""
    if functions is not None and catalog is not None:
        with reading(db) as con:
            touched = sorted(set(reads.import_changes(con, import_id)["kpi_id"]))
        for kpi_id in touched:
            function = catalog.kpis[kpi_id].function if kpi_id in catalog.kpis else "?"
            if function not in functions:
                raise ImportRefused("import_not_your_kpi", kpi=kpi_id, function=function)
    return write.undo(db, import_id, who)


def preview_lines(seen: Preview, kind: str, lang: str, most: int = 20) -> list[str]:
    """The rows an import would write, as a person reads them: new ones with their value, changed ones with the
    old value and the new; the first ``most`` of each, then how many more."""
    when = "period" if kind != "targets" else "target_year"
    value = {"figures": "value", "targets": "target_value", "comments": "analysis"}[kind]
    old = {"figures": "old_value", "targets": "old_value", "comments": "old_analysis"}[kind]

    def shown(cell: object) -> str:
        if isinstance(cell, float):
            return fmt_number(cell, lang, 0 if cell.is_integer() else 2)
        return "–" if cell is None or cell != cell else str(cell)

    lines = []
    for name, frame in (("preview_new_row", seen.new), ("preview_changed_row", seen.changed)):
        for row in frame.head(most).to_dict("records"):
            lines.append(t(name, lang, kpi=row["kpi_id"], region=row["region_code"], period=row[when],
                           value=shown(row.get(value)), old=shown(row.get(old))))
        if len(frame) > most:
            lines.append(t("preview_more_rows", lang, n=len(frame) - most))
    return lines



def comment_plan(catalog: Catalog, kpi_id: str, period: str, analysis: str, actions: str, public: bool,
                 functions: Collection[str] | None = None, form_name: str = "form") -> Plan:
    """A comment written in the form, checked as a comments file's row would be."""
    cells = {"kpi": kpi_id, "period": period, "analysis": analysis, "actions": actions,
             "public": "ja" if public else "nej"}
    table = read.Table(form_name, list(cells), [(1, list(cells.values()))])
    plan = validate.validate(table, catalog, "\x1f".join(cells.values()).encode())
    return _only_functions(plan, catalog, functions)
