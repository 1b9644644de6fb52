"""Preview a checked file against the store, write it in one transaction with its audit rows, or undo it.

Writes go through :func:`kpis.store.rewrite_store` under the writer lock, so two editors importing at
once are serialised and neither change is lost; the app keeps reading the old file until the swap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from kpis.importing.validate import Plan
from kpis.locking import writer_lock
from kpis.store import rewrite_store

OWN_SOURCE_URL = "Östersunds kommun, egna uppgifter"


class ImportRefused(ValueError):  # noqa: N818 - reads as a sentence: raise ImportRefused(...)
    """The import cannot be written; ``sv``/``en`` say why. Nothing was written."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(en)
        self.sv, self.en = sv, en

    def text(self, lang: str = "sv") -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Preview:
    new: pd.DataFrame
    changed: pd.DataFrame
    unchanged: pd.DataFrame


@dataclass(frozen=True)
class Applied:
    import_id: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _current(con: duckdb.DuckDBPyConnection, plan: Plan) -> pd.DataFrame:
    """The store's rows for the plan's keys, with their values as ``old_value``."""
    if plan.kind == "figures":
        sql = """SELECT kpi_id, region_code, period, value AS old_value FROM observation
                 WHERE list_contains(?, kpi_id)"""
        key = ["kpi_id", "region_code", "period"]
    else:
        sql = """SELECT kpi_id, region_code, CAST(target_year AS BIGINT) AS target_year, target_value AS old_value
                 FROM target WHERE list_contains(?, kpi_id)"""
        key = ["kpi_id", "region_code", "target_year"]
    cur = con.cursor()
    try:
        current = cur.execute(sql, [sorted(set(plan.rows["kpi_id"]))]).df()
    finally:
        cur.close()
    rows = plan.rows.copy()
    if plan.kind == "targets":
        rows["target_year"] = rows["target_year"].astype("int64")
    return rows.merge(current, on=key, how="left")


def preview(con: duckdb.DuckDBPyConnection, plan: Plan) -> Preview:
    """Which rows are new, which change a value (with the old one), which are already there."""
    merged = _current(con, plan)
    value = "value" if plan.kind == "figures" else "target_value"
    new = merged[merged["old_value"].isna()]
    known = merged[merged["old_value"].notna()]
    changed = known[known["old_value"] != known[value]]
    unchanged = known[known["old_value"] == known[value]]
    return Preview(new.reset_index(drop=True), changed.reset_index(drop=True), unchanged.reset_index(drop=True))


def _old_rows(con: duckdb.DuckDBPyConnection, plan: Plan) -> dict[tuple[str, str, str], str]:
    if plan.kind == "figures":
        sql = "SELECT * FROM observation WHERE list_contains(?, kpi_id)"
        period = "period"
    else:
        sql = "SELECT * FROM target WHERE list_contains(?, kpi_id)"
        period = "target_year"
    frame = con.execute(sql, [sorted(set(plan.rows["kpi_id"]))]).df()
    frame = frame.astype(object).where(frame.notna(), None)
    return {(r["kpi_id"], r["region_code"], str(r[period])): json.dumps(r, default=str, ensure_ascii=False)
            for r in frame.to_dict("records")}


def apply(db: Path, plan: Plan, who: str, confirmed: bool = False) -> Applied:
    """Write a checked file in one transaction with its audit; refuses a faulty or unconfirmed file."""
    if not plan.ok:
        raise ImportRefused("filen har fel; inget skrevs", "the file has faults; nothing was written")
    if plan.warnings and not confirmed:
        raise ImportRefused("värden utanför rimligt intervall måste bekräftas; inget skrevs",
                            "values outside the plausible range must be confirmed; nothing was written")
    if plan.rows.empty:
        raise ImportRefused("filen har inga rader att skriva", "the file has no rows to write")

    def change(con: duckdb.DuckDBPyConnection) -> Applied:
        now = _now()
        seen = preview(con, plan)
        old_rows = _old_rows(con, plan)
        import_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM import_run").fetchone()[0])
        con.execute("INSERT INTO import_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', NULL, NULL)",
                    [import_id, who, now, plan.kind, plan.file_name, plan.file_hash, len(seen.new),
                     len(seen.changed), len(seen.unchanged)])
        writes = pd.concat([seen.new, seen.changed], ignore_index=True)
        audit = []
        for r in writes.to_dict("records"):
            period = str(r["period"] if plan.kind == "figures" else int(r["target_year"]))
            new_value = r["value"] if plan.kind == "figures" else r["target_value"]
            old = r["old_value"] if pd.notna(r["old_value"]) else None
            note = r["note"] if isinstance(r["note"], str) else None
            audit.append((import_id, "observation" if plan.kind == "figures" else "target", r["kpi_id"],
                          r["region_code"], period, old, new_value,
                          old_rows.get((r["kpi_id"], r["region_code"], period))))
            if plan.kind == "figures":
                con.execute("INSERT OR REPLACE INTO observation "
                            "VALUES (?, ?, ?, ?, NULL, false, 'own', ?, 'own', ?, ?)",
                            [r["kpi_id"], r["region_code"], period, new_value,
                             f"{OWN_SOURCE_URL}: {plan.file_name}", note, now.date()])
            else:
                baseline = int(r["baseline_year"]) if pd.notna(r["baseline_year"]) else None
                con.execute("INSERT OR REPLACE INTO target VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [r["kpi_id"], r["region_code"], int(period), new_value, baseline, who, now,
                             f"{OWN_SOURCE_URL}: {plan.file_name}", note])
        if audit:
            con.executemany("INSERT INTO import_change VALUES (?, ?, ?, ?, ?, ?, ?, ?)", audit)
        return Applied(import_id, len(seen.new), len(seen.changed), len(seen.unchanged))

    with writer_lock(db):
        return rewrite_store(db, change)


def undo(db: Path, import_id: int, who: str) -> int:
    """Put back what an import replaced and remove what it added; refuses if a later change touched the rows."""

    def change(con: duckdb.DuckDBPyConnection) -> int:
        run = con.execute("SELECT status FROM import_run WHERE id = ?", [import_id]).fetchone()
        if run is None:
            raise ImportRefused(f"inläsning {import_id} finns inte", f"import {import_id} does not exist")
        if run[0] != "applied":
            raise ImportRefused(f"inläsning {import_id} är redan ångrad", f"import {import_id} is already undone")
        changes = con.execute("SELECT * FROM import_change WHERE import_id = ?", [import_id]).df()
        conflicts = []
        for c in changes.to_dict("records"):
            table, period_col = ("observation", "period") if c["kind"] == "observation" else ("target", "target_year")
            value_col = "value" if table == "observation" else "target_value"
            current = con.execute(
                f"SELECT {value_col} FROM {table} WHERE kpi_id = ? AND region_code = ? "  # noqa: S608 - fixed names
                f"AND CAST({period_col} AS VARCHAR) = ?", [c["kpi_id"], c["region_code"], c["period"]]).fetchone()
            if current is None or current[0] != c["new_value"]:
                conflicts.append(f"{c['kpi_id']}/{c['region_code']}/{c['period']}")
                continue
            con.execute(f"DELETE FROM {table} WHERE kpi_id = ? AND region_code = ? "  # noqa: S608 - fixed names
                        f"AND CAST({period_col} AS VARCHAR) = ?", [c["kpi_id"], c["region_code"], c["period"]])
            if isinstance(c["old_row"], str):
                old = json.loads(c["old_row"])
                columns = list(old)
                con.execute(f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names from our own JSON
                            f"VALUES ({', '.join('?' for _ in columns)})", [old[k] for k in columns])
        if conflicts:
            listed = ", ".join(conflicts[:5])
            raise ImportRefused(f"ändrat senare, så inläsningen kan inte ångras: {listed}",
                                f"changed later, so the import cannot be undone: {listed}")
        con.execute("UPDATE import_run SET status = 'undone', undone_by = ?, undone_at = ? WHERE id = ?",
                    [who, _now(), import_id])
        return len(changes)

    with writer_lock(db):
        return rewrite_store(db, change)
