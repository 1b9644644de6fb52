"""Preview a checked file against the store, write it in one transaction with its audit rows, or undo it.

Writes go through :func:`kpis.store.files.rewrite_store` under the writer lock, so two editors importing
at once are serialised and neither change is lost; the app keeps reading the old file until the swap.
All SQL is in :mod:`kpis.store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from kpis.core.problems import Problem, ProblemError
from kpis.core.registry import KINDS
from kpis.core.source_class import OWN
from kpis.pipeline.importing.validate import Plan
from kpis.store import reads, writes
from kpis.store.files import now, rewrite_store
from kpis.store.lock import writer_lock

OWN_SOURCE_URL = KINDS["own"].name["sv"]  # the row's source: this, then the file it came from


class ImportRefused(ProblemError):  # noqa: N818 - reads as a sentence: raise ImportRefused(...)
    """The import cannot be written; its problem says why. Nothing was written."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__([Problem(key, params)])


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


def _key(plan: Plan) -> list[str]:
    return ["kpi_id", "region_code", "period" if plan.kind == "figures" else "target_year"]


def _comment_preview(con: duckdb.DuckDBPyConnection, plan: Plan) -> Preview:
    rows = plan.rows.copy()
    current = reads.comments(con, list(rows["kpi_id"]))[["kpi_id", "region_code", "period", "analysis", "actions",
                                                          "public"]]
    current = current.rename(columns={"analysis": "old_analysis", "actions": "old_actions", "public": "old_public"})
    merged = rows.merge(current, on=["kpi_id", "region_code", "period"], how="left")
    known = merged["old_public"].notna()
    same = known & (merged["analysis"].fillna("") == merged["old_analysis"].fillna("")) & (
        merged["actions"].fillna("") == merged["old_actions"].fillna("")) & (merged["public"] == merged["old_public"])
    tidy = merged.drop(columns=["old_public"])
    return Preview(*(frame.reset_index(drop=True) for frame in (tidy[~known], tidy[known & ~same], tidy[same])))


def preview(con: duckdb.DuckDBPyConnection, plan: Plan) -> Preview:
    """Which rows are new, which change a value or its note (with the old one), which are already there."""
    rows = plan.rows.copy()
    if rows.empty:
        return Preview(rows, rows, rows)
    if plan.kind == "comments":
        return _comment_preview(con, plan)
    if plan.kind == "targets":
        rows["target_year"] = rows["target_year"].astype("int64")
    merged = rows.merge(reads.stored_values(con, plan.kind, list(rows["kpi_id"])), on=_key(plan), how="left")
    value = "value" if plan.kind == "figures" else "target_value"
    new = merged[merged["old_value"].isna()]
    known = merged[merged["old_value"].notna()]
    # A correction of only the note is a change too: it is written and recorded like one.
    same_note = known["note"].fillna("") == known["old_note"].fillna("")
    same = (known["old_value"] == known[value]) & same_note
    changed, unchanged = known[~same], known[same]
    return Preview(*(frame.drop(columns="old_note").reset_index(drop=True) for frame in (new, changed, unchanged)))


def _record_import(con: duckdb.DuckDBPyConnection, plan: Plan, seen: Preview, who: str, at: datetime) -> int:
    """The import's run: who, when, which file, how many rows new, changed and unchanged; returns its number."""
    import_id = writes.next_import_id(con)
    writes.record_run(con, "import_run", {
        "id": import_id, "who": who, "imported_at": at, "kind": plan.kind, "file_name": plan.file_name,
        "file_hash": plan.file_hash, "rows_new": len(seen.new), "rows_changed": len(seen.changed),
        "rows_unchanged": len(seen.unchanged), "status": "applied"})
    return import_id


def apply(db: Path, plan: Plan, who: str, confirmed: bool = False) -> Applied:
    """Write a checked file in one transaction with its audit; refuses a faulty or unconfirmed file."""
    if not plan.ok:
        raise ImportRefused("import_refused_faults")
    if plan.warnings and not confirmed:
        raise ImportRefused("import_refused_unconfirmed")
    if plan.rows.empty:
        raise ImportRefused("import_refused_empty")
    if plan.kind == "comments":
        return _apply_comments(db, plan, who)
    kind: writes.Kind = "observation" if plan.kind == "figures" else "target"

    def change(con: duckdb.DuckDBPyConnection) -> Applied:
        at = now()
        seen = preview(con, plan)
        old_rows = writes.rows_as_json(con, kind, list(plan.rows["kpi_id"]))
        import_id = _record_import(con, plan, seen, who, at)
        audit, rows = [], []
        source = f"{OWN_SOURCE_URL}: {plan.file_name}"
        for r in pd.concat([seen.new, seen.changed], ignore_index=True).to_dict("records"):
            period = str(r["period"] if kind == "observation" else int(r["target_year"]))
            new_value = r["value"] if kind == "observation" else r["target_value"]
            note = r["note"] if isinstance(r["note"], str) else None
            audit.append({"import_id": import_id, "kind": kind, "kpi_id": r["kpi_id"], "region_code": r["region_code"],
                          "period": period, "old_value": r["old_value"] if pd.notna(r["old_value"]) else None,
                          "new_value": new_value, "old_row": old_rows.get((r["kpi_id"], r["region_code"], period))})
            if kind == "observation":
                rows.append({
                    "kpi_id": r["kpi_id"], "region_code": r["region_code"], "period": period, "value": new_value,
                    "preliminary": False, "source_id": "own", "source_url": source, "source_type": "own",
                    "note": note, "retrieved_at": at.date(), "source_class": OWN})
            else:
                baseline = int(r["baseline_year"]) if pd.notna(r["baseline_year"]) else None
                rows.append({
                    "kpi_id": r["kpi_id"], "region_code": r["region_code"], "target_year": int(period),
                    "target_value": new_value, "baseline_year": baseline, "set_by": who, "set_at": at,
                    "source_url": source, "note": note})
        writes.upsert_many(con, kind, rows)  # set-based: one statement, however many rows
        writes.record_changes(con, "import_change", audit)
        return Applied(import_id, len(seen.new), len(seen.changed), len(seen.unchanged))

    with writer_lock(db):
        return rewrite_store(db, change)


def _text_or_none(value: object) -> str | None:
    """An empty cell stays empty: pandas' missing values (NaN after a merge) are never written as "nan"."""
    return value if isinstance(value, str) and value.strip() else None


def _apply_comments(db: Path, plan: Plan, who: str) -> Applied:
    """Each comment row becomes a new version (earlier ones are kept); recorded like any import."""

    def change(con: duckdb.DuckDBPyConnection) -> Applied:
        at = now()
        seen = preview(con, plan)
        import_id = _record_import(con, plan, seen, who, at)
        audit = []
        for r in pd.concat([seen.new, seen.changed], ignore_index=True).to_dict("records"):
            writes.add_comment(con, {"kpi_id": r["kpi_id"], "region_code": r["region_code"], "period": r["period"],
                                     "analysis": _text_or_none(r["analysis"]), "actions": _text_or_none(r["actions"]),
                                     "public": bool(r["public"]),
                                     "who": who, "written_at": at, "import_id": import_id})
            audit.append({"import_id": import_id, "kind": "comment", "kpi_id": r["kpi_id"],
                          "region_code": r["region_code"], "period": r["period"]})
        writes.record_changes(con, "import_change", audit)
        return Applied(import_id, len(seen.new), len(seen.changed), len(seen.unchanged))

    with writer_lock(db):
        return rewrite_store(db, change)


def undo(db: Path, import_id: int, who: str) -> int:
    """Put back what an import replaced and remove what it added; refuses if a later change touched the rows."""

    def change(con: duckdb.DuckDBPyConnection) -> int:
        status = reads.import_run_status(con, import_id)
        if status is None:
            raise ImportRefused("undo_no_such_import", id=import_id)
        if status != "applied":
            raise ImportRefused("undo_already_undone", id=import_id)
        changes = reads.import_changes(con, import_id)
        later = reads.comment_versions_after(con, import_id)
        if not later.empty:
            raise ImportRefused("undo_conflicts", rows=", ".join(
                f"{r.kpi_id}/{r.region_code}/{r.period}" for r in later.head(5).itertuples()))
        writes.remove_comments_of_import(con, import_id)
        conflicts = []
        for c in changes[changes["kind"] != "comment"].to_dict("records"):
            kind: writes.Kind = "observation" if c["kind"] == "observation" else "target"
            current = writes.current_value(con, kind, c["kpi_id"], c["region_code"], c["period"])
            if current is None or current != c["new_value"]:
                conflicts.append(f"{c['kpi_id']}/{c['region_code']}/{c['period']}")
                continue
            writes.delete(con, kind, c["kpi_id"], c["region_code"], c["period"])
            if isinstance(c["old_row"], str):
                writes.restore(con, kind, c["old_row"])
        if conflicts:
            raise ImportRefused("undo_conflicts", rows=", ".join(conflicts[:5]))
        writes.mark_undone(con, import_id, who, now())
        return len(changes)

    with writer_lock(db):
        return rewrite_store(db, change)
