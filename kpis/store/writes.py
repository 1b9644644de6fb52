"""Every write statement of the store, by column name and parameterised.

Callers run these inside :func:`kpis.store.files.rewrite_store` (a copy, one transaction, a rename) while
holding :func:`kpis.store.lock.writer_lock`. Refresh runs and imports are recorded the same way:
:func:`record_run` writes the run, :func:`record_changes` the values it changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

import duckdb
import pandas as pd

from kpis.core.catalog import Catalog
from kpis.store import schema

RunTable = Literal["refresh_run", "import_run"]
ChangeTable = Literal["observation_revision", "import_change"]
Kind = Literal["observation", "target"]

# The only table and column names that ever appear in SQL text here: fixed, never from a user.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "refresh_run": ("id", "source_id", "started_at", "finished_at", "status", "rows", "new_values",
                    "revised_values", "calls", "message_parts"),
    "import_run": ("id", "who", "imported_at", "kind", "file_name", "file_hash", "rows_new", "rows_changed",
                   "rows_unchanged", "status", "undone_by", "undone_at"),
    "observation_revision": ("kpi_id", "region_code", "period", "old_value", "new_value", "old_source_id",
                             "old_preliminary", "old_retrieved_at", "changed_at", "source_id", "change"),
    "import_change": ("import_id", "kind", "kpi_id", "region_code", "period", "old_value", "new_value", "old_row"),
    "observation": ("kpi_id", "region_code", "period", "value", "status", "preliminary", "source_id", "source_url",
                    "source_type", "note", "retrieved_at", "source_class", "caveat", "provenance"),
    "target": ("kpi_id", "region_code", "target_year", "target_value", "baseline_year", "set_by", "set_at",
               "source_url", "note"),
    "comment": ("id", "kpi_id", "region_code", "period", "analysis", "actions", "public", "who", "written_at",
                "import_id"),
}
_INSERT = {table: f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"  # noqa: S608
           for table, cols in _COLUMNS.items()}
_UPSERT = {table: _INSERT[table].replace("INSERT INTO", "INSERT OR REPLACE INTO")
           for table in ("observation", "target")}
_CURRENT = {
    "observation": "SELECT value FROM observation WHERE kpi_id = ? AND region_code = ? AND period = ?",
    "target": "SELECT target_value FROM target WHERE kpi_id = ? AND region_code = ? "
              "AND CAST(target_year AS VARCHAR) = ?",
}
_DELETE = {
    "observation": "DELETE FROM observation WHERE kpi_id = ? AND region_code = ? AND period = ?",
    "target": "DELETE FROM target WHERE kpi_id = ? AND region_code = ? AND CAST(target_year AS VARCHAR) = ?",
}


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: Mapping[str, Any], upsert: bool = False) -> None:
    columns = _COLUMNS[table]
    unknown = set(row) - set(columns)
    if unknown:
        raise KeyError(f"{table}: unknown columns {sorted(unknown)}")
    con.execute((_UPSERT if upsert else _INSERT)[table], [row.get(c) for c in columns])


def _frame_insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame whose columns are named as the table's (missing ones stay NULL)."""
    con.register("incoming_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")  # noqa: S608 - fixed table names
    finally:
        con.unregister("incoming_rows")


# ------------------------------------------------------------------ the catalog and the snapshot


def write_wording(con: duckdb.DuckDBPyConnection, subject: str, texts: Iterable[tuple[str, str, Mapping[str, str]]]
                  ) -> None:
    """Texts by language code: ``(id, field, {language: text})`` of a ``subject`` (a table), every language
    given; a text already stored for the same key and language is replaced."""
    rows = [{"subject": subject, "id": str(key), "field": field, "lang": lang, "text": text}
            for key, field, by_lang in texts for lang, text in by_lang.items() if text is not None]
    if rows:
        con.register("incoming_words", pd.DataFrame(rows))
        try:
            con.execute("INSERT OR REPLACE INTO wording SELECT subject, id, field, lang, text FROM incoming_words")
        finally:
            con.unregister("incoming_words")


def write_catalog(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """Regions, KPI definitions and sources, as the catalog has them; their texts in every language it gives."""
    _frame_insert(con, "region", pd.DataFrame(
        [{"code": r.code, "level": r.level, "peer": r.peer} for r in catalog.regions.values()]))
    write_wording(con, "region", ((r.code, "name", r.name) for r in catalog.regions.values()))
    schema.add_places(con)
    _frame_insert(con, "kpi", pd.DataFrame(
        [{"id": k.id, "function": k.function, "direction": k.direction, "periodicity": k.periodicity,
          "decimals": k.decimals, "source_kind": k.source_kind,
          "source_spec": json.dumps(k.source, ensure_ascii=False), "compare": k.compare}
         for k in catalog.kpis.values()]))
    write_wording(con, "kpi", ((k.id, field, getattr(k, field)) for k in catalog.kpis.values()
                               for field in ("title", "description", "unit")))
    _frame_insert(con, "source", pd.DataFrame(
        [{"id": s.id, "name": s.name["sv"], "url": s.url, "licence": s.licence["sv"]}
         for s in catalog.sources.values()]))


def write_snapshot(con: duckdb.DuckDBPyConnection, observations: pd.DataFrame, targets: pd.DataFrame,
                   facts: pd.DataFrame, built_at: datetime, ages: pd.DataFrame | None = None) -> None:
    """The bundled snapshot's frames, their columns already named as the tables' columns."""
    _frame_insert(con, "observation", observations)
    if ages is not None and len(ages):
        _frame_insert(con, "age_observation", ages)
    _frame_insert(con, "target", targets)
    texts = [c for c in facts.columns if c.startswith("fact_")]  # the seed's fact_<language> columns
    keyed = facts.reset_index(drop=True).assign(id=lambda f: f.index + 1)
    _frame_insert(con, "fact", keyed.drop(columns=texts))
    write_wording(con, "fact", ((int(row["id"]), "text", {c.removeprefix("fact_"): row[c] for c in texts
                                                         if isinstance(row[c], str) and row[c]})
                               for row in keyed.to_dict("records")))
    set_meta(con, {"built_at": built_at.isoformat(sep=" "), "seed_rows": str(len(observations))})


def set_meta(con: duckdb.DuckDBPyConnection, values: Mapping[str, str]) -> None:
    con.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))


# ------------------------------------------------------------------ runs and their changes


def record_run(con: duckdb.DuckDBPyConnection, table: RunTable, run: Mapping[str, Any]) -> None:
    """A refresh run or an import run, by column name."""
    _insert(con, table, run)


def _insert_many(con: duckdb.DuckDBPyConnection, table: str, rows: list[Mapping[str, Any]], upsert: bool) -> int:
    """Many rows in one set-based statement (a frame inserted by column name)."""
    if not rows:
        return 0
    columns = _COLUMNS[table]
    unknown = {key for row in rows for key in row} - set(columns)
    if unknown:
        raise KeyError(f"{table}: unknown columns {sorted(unknown)}")
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))
    con.register("many_rows", frame)
    try:
        verb = "INSERT OR REPLACE INTO" if upsert else "INSERT INTO"
        con.execute(f"{verb} {table} BY NAME SELECT * FROM many_rows")  # noqa: S608 - fixed table names
    finally:
        con.unregister("many_rows")
    return len(rows)


def record_changes(con: duckdb.DuckDBPyConnection, table: ChangeTable, changes: Iterable[Mapping[str, Any]]) -> int:
    """The values a run changed (old and new), by column name, in one statement; returns how many."""
    return _insert_many(con, table, list(changes), upsert=False)


def next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM import_run").fetchone()[0])


def mark_undone(con: duckdb.DuckDBPyConnection, import_id: int, who: str, at: datetime) -> None:
    con.execute("UPDATE import_run SET status = 'undone', undone_by = ?, undone_at = ? WHERE id = ?",
                [who, at, import_id])


# ------------------------------------------------------------------ a refresh


def merge_fetched(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, source_id: str, retrieved: date,
                  now: datetime) -> tuple[int, int]:
    """Upsert a source's rows; a changed value keeps its old one as a revision. Returns (new, revised).

    A value the source now leaves empty never wipes out a figure the store already has.
    """
    incoming = frame.assign(source_id=source_id, source_type="official_api", source_class="official",
                            retrieved_at=retrieved)
    for column in ("caveat", "provenance"):
        if column not in incoming.columns:
            incoming[column] = None
    con.register("incoming_frame", incoming)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM incoming_frame")
    finally:
        con.unregister("incoming_frame")
    con.execute("""DELETE FROM incoming i USING observation o
                   WHERE o.kpi_id = i.kpi_id AND o.region_code = i.region_code AND o.period = i.period
                     AND i.value IS NULL AND o.value IS NOT NULL""")
    # A value computed from official parts that the source now publishes itself is new, not a revision.
    new = con.execute("""SELECT count(*) FROM incoming i ANTI JOIN (SELECT * FROM observation
                                                                     WHERE source_id <> 'computed') o
                         USING (kpi_id, region_code, period)""").fetchone()[0]
    revised = con.execute(
        """INSERT INTO observation_revision (kpi_id, region_code, period, old_value, new_value, old_source_id,
                                             old_preliminary, old_retrieved_at, changed_at, source_id, change)
           SELECT o.kpi_id, o.region_code, o.period, o.value, i.value, o.source_id, o.preliminary, o.retrieved_at,
                  ?, ?, 'refresh'
           FROM observation o JOIN incoming i USING (kpi_id, region_code, period)
           WHERE o.value IS DISTINCT FROM i.value AND o.source_id <> 'computed'""",
        [now, source_id],
    ).fetchone()[0]
    con.execute("""INSERT OR REPLACE INTO observation BY NAME
                   SELECT kpi_id, region_code, period, value, status, preliminary, source_id, source_url,
                          source_type, note, retrieved_at, source_class, caveat, provenance FROM incoming""")
    con.execute("DROP TABLE incoming")
    return int(new), int(revised)


def replace_computed(con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str], rows: pd.DataFrame) -> None:
    """The computed rows of the concepts: earlier computed rows go, and a computed row replaces any other
    (non-official) row of its key."""
    con.execute("DELETE FROM observation WHERE source_id = 'computed' AND list_contains(?, kpi_id)", [list(kpi_ids)])
    if len(rows):
        _insert_many(con, "observation", rows.astype(object).where(rows.notna(), None).to_dict("records"),
                     upsert=True)


def store_code_labels(con: duckdb.DuckDBPyConnection, labels: pd.DataFrame) -> None:
    """The codes' labels as the source named them, in one set-based statement (a row at a time took seconds for
    all of Sweden's regions); the last label of a code that came twice wins."""
    keys = ["table_id", "variable", "code"]
    frame = labels[[*keys, "label"]].drop_duplicates(keys, keep="last")
    if len(frame):
        con.register("incoming_labels", frame)
        try:
            con.execute("INSERT OR REPLACE INTO code_label BY NAME SELECT * FROM incoming_labels")
        finally:
            con.unregister("incoming_labels")


def replace_groups(con: duckdb.DuckDBPyConnection, groups: pd.DataFrame, retrieved: date) -> int:
    """Kolada's groups of similar municipalities as fetched: they replace the stored ones (a group's id changes
    every year). Returns the number of member rows."""
    con.execute("DELETE FROM municipality_group")
    _frame_insert(con, "municipality_group", groups.assign(retrieved_at=retrieved))
    return len(groups)


def replace_ages(con: duckdb.DuckDBPyConnection, ages: pd.DataFrame, projection: pd.DataFrame,
                 retrieved: date) -> tuple[int, int]:
    """Write the series by age and sex and SCB's projection: a fetched (series, region, year) replaces the
    rows it had; years a source no longer sends are kept. Returns (rows written, rows that were new)."""
    written = new = 0
    if len(ages):
        incoming = ages.assign(retrieved_at=retrieved)
        if "caveat" not in incoming.columns:
            incoming["caveat"] = None
        incoming = incoming[["series", "region_code", "year", "sex", "age", "value", "table_id", "source_url",
                             "retrieved_at", "caveat"]]
        con.register("incoming_ages", incoming)
        try:
            new = con.execute("""SELECT count(*) FROM incoming_ages i ANTI JOIN age_observation o
                                 USING (series, region_code, year, sex, age)""").fetchone()[0]
            con.execute("""DELETE FROM age_observation o USING (SELECT DISTINCT series, region_code, year
                                                                 FROM incoming_ages) i
                           WHERE o.series = i.series AND o.region_code = i.region_code AND o.year = i.year""")
            con.execute("INSERT INTO age_observation BY NAME SELECT * FROM incoming_ages")
        finally:
            con.unregister("incoming_ages")
        written += len(incoming)
    if len(projection):
        incoming = projection.assign(retrieved_at=retrieved)
        if "published" not in incoming.columns:
            incoming["published"] = None
        incoming = incoming[["region_code", "year", "value", "table_id", "table_label", "source_url", "retrieved_at",
                             "published"]]
        con.register("incoming_projection", incoming)
        try:
            new += con.execute("""SELECT count(*) FROM incoming_projection i ANTI JOIN projection o
                                  USING (region_code, year)""").fetchone()[0]
            # A new projection replaces the old one as a whole: its years are one set of assumptions.
            con.execute("""DELETE FROM projection WHERE list_contains(?, region_code)""",
                        [sorted(set(incoming["region_code"]))])
            con.execute("INSERT INTO projection BY NAME SELECT * FROM incoming_projection")
        finally:
            con.unregister("incoming_projection")
        written += len(incoming)
    return written, int(new)


# ------------------------------------------------------------------ own figures and targets


def upsert(con: duckdb.DuckDBPyConnection, kind: Kind, row: Mapping[str, Any]) -> None:
    """Write one observation or target row, replacing the row with the same key."""
    _insert(con, kind, row, upsert=True)


def upsert_many(con: duckdb.DuckDBPyConnection, kind: Kind, rows: list[Mapping[str, Any]]) -> int:
    """Write many observation or target rows in one statement, replacing rows with the same key."""
    return _insert_many(con, kind, rows, upsert=True)


def current_value(con: duckdb.DuckDBPyConnection, kind: Kind, kpi_id: str, region: str, period: str) -> float | None:
    found = con.execute(_CURRENT[kind], [kpi_id, region, period]).fetchone()
    return None if found is None else found[0]


def delete(con: duckdb.DuckDBPyConnection, kind: Kind, kpi_id: str, region: str, period: str) -> None:
    con.execute(_DELETE[kind], [kpi_id, region, period])


def rows_as_json(con: duckdb.DuckDBPyConnection, kind: Kind, kpi_ids: Sequence[str]) -> dict[tuple[str, str, str], str]:
    """Every stored row of the KPIs as JSON, keyed by (kpi, region, period): what an undo puts back."""
    columns = _COLUMNS[kind]
    period = "period" if kind == "observation" else "target_year"
    sql = {"observation": f"SELECT {', '.join(columns)} FROM observation WHERE list_contains(?, kpi_id)",  # noqa: S608
           "target": f"SELECT {', '.join(columns)} FROM target WHERE list_contains(?, kpi_id)"}[kind]  # noqa: S608
    frame = con.execute(sql, [sorted(set(kpi_ids))]).df()
    frame = frame.astype(object).where(frame.notna(), None)
    return {(r["kpi_id"], r["region_code"], str(r[period])): json.dumps(r, default=str, ensure_ascii=False)
            for r in frame.to_dict("records")}


def restore(con: duckdb.DuckDBPyConnection, kind: Kind, old_row: str) -> None:
    """Put back a row saved by :func:`rows_as_json`; only the table's own columns are taken."""
    old = json.loads(old_row)
    upsert(con, kind, {c: old[c] for c in _COLUMNS[kind] if c in old})


# ------------------------------------------------------------------ comments


def add_comment(con: duckdb.DuckDBPyConnection, row: Mapping[str, Any]) -> int:
    """A new version of a KPI's comment for a period (earlier versions are kept); returns its id."""
    comment_id = int(con.execute("SELECT coalesce(max(id), 0) + 1 FROM comment").fetchone()[0])
    _insert(con, "comment", {**row, "id": comment_id})
    return comment_id


def remove_comments_of_import(con: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """Take back the comment versions an import added; returns how many."""
    count = con.execute("SELECT count(*) FROM comment WHERE import_id = ?", [import_id]).fetchone()[0]
    con.execute("DELETE FROM comment WHERE import_id = ?", [import_id])
    return int(count)


def remove_unended(con: duckdb.DuckDBPyConnection, source_ids: Sequence[str], today: date) -> list[str]:
    """Delete the fetched sources' figures for periods that have not ended (a source once offered a year to come);
    the periods removed, sorted. The function leads' own figures are theirs to correct, and stay."""
    from kpis.core.periods import has_ended
    from kpis.store.reads import fetched_periods

    unended = sorted(p for p in fetched_periods(con, source_ids) if not has_ended(p, today))
    if unended:
        con.execute("DELETE FROM observation WHERE list_contains(?, source_id) AND list_contains(?, period)",
                    [list(source_ids), unended])
    return unended
