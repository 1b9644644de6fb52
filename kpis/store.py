"""The DuckDB store: schema, the build from catalog and snapshot, and read queries.

Writers build a new file and rename it into place, so a failed build leaves the old store whole.
Every query is parameterised; DataFrames are inserted through DuckDB's replacement scans.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from kpis.catalog import Catalog
from kpis.seed import Seed

T = TypeVar("T")
PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "data" / "tillvaxt.duckdb"
SCHEMA_VERSION = "3"

SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE region (
    code VARCHAR PRIMARY KEY, name_sv VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    level VARCHAR NOT NULL, peer BOOLEAN NOT NULL
);
CREATE TABLE kpi (
    id VARCHAR PRIMARY KEY, function VARCHAR NOT NULL,
    title_sv VARCHAR NOT NULL, title_en VARCHAR NOT NULL,
    description_sv VARCHAR NOT NULL, description_en VARCHAR NOT NULL,
    unit_sv VARCHAR NOT NULL, unit_en VARCHAR NOT NULL,
    direction VARCHAR NOT NULL, periodicity VARCHAR NOT NULL, decimals INTEGER NOT NULL,
    source_kind VARCHAR NOT NULL, source_spec VARCHAR NOT NULL, compare VARCHAR
);
CREATE TABLE source (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, url VARCHAR, table_id VARCHAR,
    licence VARCHAR, published VARCHAR, next_release VARCHAR
);
CREATE TABLE observation (
    kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
    value DOUBLE, status VARCHAR, preliminary BOOLEAN NOT NULL DEFAULT false,
    source_id VARCHAR NOT NULL, source_url VARCHAR NOT NULL, source_type VARCHAR, note VARCHAR,
    retrieved_at DATE NOT NULL,
    PRIMARY KEY (kpi_id, region_code, period)
);
CREATE TABLE observation_revision (
    kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
    old_value DOUBLE, new_value DOUBLE, old_source_id VARCHAR, old_preliminary BOOLEAN, old_retrieved_at DATE,
    changed_at TIMESTAMP NOT NULL, source_id VARCHAR NOT NULL, change VARCHAR NOT NULL DEFAULT 'refresh'
);
CREATE TABLE target (
    kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, target_year INTEGER NOT NULL,
    target_value DOUBLE NOT NULL, baseline_year INTEGER, set_by VARCHAR, set_at TIMESTAMP,
    source_url VARCHAR, note VARCHAR,
    PRIMARY KEY (kpi_id, region_code, target_year)
);
CREATE TABLE fact (
    topic VARCHAR NOT NULL, fact_sv VARCHAR NOT NULL, fact_en VARCHAR NOT NULL, year INTEGER,
    value DOUBLE, unit VARCHAR, source_url VARCHAR NOT NULL, source_type VARCHAR
);
CREATE TABLE code_label (
    table_id VARCHAR NOT NULL, variable VARCHAR NOT NULL, code VARCHAR NOT NULL, label VARCHAR NOT NULL,
    PRIMARY KEY (table_id, variable, code)
);
CREATE TABLE refresh_run (
    source_id VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
    status VARCHAR NOT NULL, rows INTEGER, new_values INTEGER, revised_values INTEGER,
    calls INTEGER, message VARCHAR, message_en VARCHAR
);
CREATE TABLE import_run (
    id INTEGER PRIMARY KEY, who VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL, file_hash VARCHAR NOT NULL, rows_new INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL, rows_unchanged INTEGER NOT NULL, status VARCHAR NOT NULL,
    undone_by VARCHAR, undone_at TIMESTAMP
);
CREATE TABLE import_change (
    import_id INTEGER NOT NULL, kind VARCHAR NOT NULL, kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL, old_value DOUBLE, new_value DOUBLE, old_row VARCHAR
);
"""


def db_path() -> Path:
    """The store's path: ``TILLVAXT_DB`` if set, else ``data/tillvaxt.duckdb``."""
    env = os.environ.get("TILLVAXT_DB")
    return Path(env) if env else DEFAULT_DB


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _catalog_frames(catalog: Catalog) -> dict[str, pd.DataFrame]:
    regions = pd.DataFrame(
        [(r.code, r.name["sv"], r.name["en"], r.level, r.peer) for r in catalog.regions.values()],
        columns=["code", "name_sv", "name_en", "level", "peer"],
    )
    kpis = pd.DataFrame(
        [
            (k.id, k.function, k.title["sv"], k.title["en"], k.description["sv"], k.description["en"],
             k.unit["sv"], k.unit["en"], k.direction, k.periodicity, k.decimals, k.source_kind,
             json.dumps(k.source, ensure_ascii=False), k.compare)
            for k in catalog.kpis.values()
        ],
        columns=["id", "function", "title_sv", "title_en", "description_sv", "description_en", "unit_sv",
                 "unit_en", "direction", "periodicity", "decimals", "source_kind", "source_spec", "compare"],
    )
    sources = pd.DataFrame(
        [(s.id, s.name, s.url, None, s.licence, None, None) for s in catalog.sources.values()],
        columns=["id", "name", "url", "table_id", "licence", "published", "next_release"],
    )
    return {"region": regions, "kpi": kpis, "source": sources}


def write_seed(con: duckdb.DuckDBPyConnection, catalog: Catalog, seed: Seed) -> None:
    """Create the schema and load catalog and snapshot into an empty database."""
    con.execute(SCHEMA)
    inserts = {
        "region": "INSERT INTO region SELECT * FROM frame",
        "kpi": "INSERT INTO kpi SELECT * FROM frame",
        "source": "INSERT INTO source SELECT * FROM frame",
    }
    for table, frame in _catalog_frames(catalog).items():
        con.register("frame", frame)
        con.execute(inserts[table])
        con.unregister("frame")
    obs = seed.observations.assign(source_id="seed", status=None)
    con.register("obs", obs)
    con.execute(
        """INSERT INTO observation
           SELECT kpi, region, period, value, status, preliminary, source_id, source, source_type,
                  NULLIF(note, ''), CAST(retrieved AS DATE) FROM obs"""
    )
    con.unregister("obs")
    con.register("targets", seed.targets.assign(set_at=None))
    con.execute(
        """INSERT INTO target
           SELECT kpi, region, target_year, target_value, baseline_year, NULLIF(set_by, ''),
                  CAST(set_at AS TIMESTAMP), source, NULLIF(note, '') FROM targets"""
    )
    con.unregister("targets")
    con.register("facts", seed.facts)
    con.execute(
        "INSERT INTO fact SELECT topic, fact_sv, fact_en, year, value, NULLIF(unit, ''), source, source_type FROM facts"
    )
    con.unregister("facts")
    meta = {"schema_version": SCHEMA_VERSION, "built_at": _now().isoformat(sep=" "),
            "seed_rows": str(len(seed.observations))}
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))


def build_store(path: Path, catalog: Catalog, seed: Seed) -> Path:
    """Write a new store at ``path`` from catalog and snapshot, atomically replacing any old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("BEGIN TRANSACTION")
            write_seed(con, catalog, seed)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return path


def rewrite_store(path: Path, change: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Apply ``change`` to a copy of the store in one transaction and rename the copy into place.

    Readers keep the old file until they reconnect; if ``change`` raises, the store is untouched.
    Callers hold :func:`kpis.locking.writer_lock` so that writers never overwrite each other.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if not version or version[0] != SCHEMA_VERSION:
                raise StoreVersionError(str(path))
            con.execute("BEGIN TRANSACTION")
            result = change(con)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
        return result
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


class StoreVersionError(RuntimeError):
    """The store was built by an older version; ``python -m kpis init`` rebuilds it."""


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


# ------------------------------------------------------------------ reads


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def observations(
    con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str], region_codes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Observations of the KPIs (for the regions, or all), sorted by KPI, region and period."""
    sql = """
        SELECT o.kpi_id, o.region_code, r.name_sv AS region_sv, r.name_en AS region_en, o.period, o.value,
               o.status, o.preliminary, o.source_id, o.source_url, o.source_type, o.note, o.retrieved_at
        FROM observation o JOIN region r ON r.code = o.region_code
        WHERE list_contains(?, o.kpi_id)"""
    params: list[object] = [list(kpi_ids)]
    if region_codes is not None:
        sql += " AND list_contains(?, o.region_code)"
        params.append(list(region_codes))
    sql += " ORDER BY o.kpi_id, o.region_code, o.period"
    return _df(con, sql, params)


def targets(con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str]) -> pd.DataFrame:
    return _df(
        con,
        """SELECT kpi_id, region_code, target_year, target_value, baseline_year, set_by, set_at, source_url, note
           FROM target WHERE list_contains(?, kpi_id) ORDER BY kpi_id, region_code, target_year""",
        [list(kpi_ids)],
    )


def facts(con: duckdb.DuckDBPyConnection, topics: Sequence[str] | None = None) -> pd.DataFrame:
    if topics is None:
        return _df(con, "SELECT * FROM fact ORDER BY year, topic")
    return _df(con, "SELECT * FROM fact WHERE list_contains(?, topic) ORDER BY year, topic", [list(topics)])


def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(
        con,
        """SELECT s.id, s.name, s.url, s.licence, count(o.kpi_id) AS observations,
                  max(o.retrieved_at) AS last_retrieved
           FROM source s LEFT JOIN observation o ON o.source_id = s.id
           GROUP BY ALL ORDER BY s.id""",
    )


def kpi_definitions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(
        con,
        """SELECT k.*, count(o.value) AS observations, min(o.period) AS first_period, max(o.period) AS last_period
           FROM kpi k LEFT JOIN observation o ON o.kpi_id = k.id GROUP BY ALL ORDER BY k.function, k.id""",
    )


def refresh_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM refresh_run ORDER BY started_at DESC")


def import_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM import_run ORDER BY id DESC")


def import_changes(con: duckdb.DuckDBPyConnection, import_id: int) -> pd.DataFrame:
    return _df(con, "SELECT * FROM import_change WHERE import_id = ? ORDER BY kpi_id, region_code, period",
               [import_id])


def last_refreshes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per source: its latest run, and its latest successful run."""
    return _df(
        con,
        """SELECT s.id AS source_id, s.name,
                  last.started_at, last.status, last.rows, last.new_values, last.revised_values, last.calls,
                  date_diff('millisecond', last.started_at, last.finished_at) / 1000.0 AS seconds,
                  last.message, last.message_en, ok.finished_at AS last_success
           FROM source s
           LEFT JOIN (SELECT * FROM refresh_run QUALIFY row_number() OVER (
                        PARTITION BY source_id ORDER BY started_at DESC) = 1) last ON last.source_id = s.id
           LEFT JOIN (SELECT source_id, max(finished_at) AS finished_at FROM refresh_run WHERE status = 'ok'
                      GROUP BY source_id) ok ON ok.source_id = s.id
           WHERE s.id IN ('scb', 'kolada', 'tillvaxtverket') ORDER BY s.id""",
    )


def revisions(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    return _df(con, "SELECT * FROM observation_revision ORDER BY changed_at DESC, kpi_id, region_code, period LIMIT ?",
               [limit])


def code_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM code_label ORDER BY table_id, variable, code")


def schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    cur = con.cursor()
    try:
        row = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        cur.close()
    return row[0] if row else None


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(_df(con, "SELECT key, value FROM meta").itertuples(index=False, name=None))
