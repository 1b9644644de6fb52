"""Every read query of the store, parameterised; a cursor per query (a connection is not thread-safe)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = (), writing: bool = False
        ) -> pd.DataFrame:
    """A query's rows; ``writing``: on the writer's own connection, so that its open transaction is seen."""
    if writing:
        return con.execute(sql, list(params)).df()
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def observations(
    con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str], region_codes: Sequence[str] | None = None,
    writing: bool = False,
) -> pd.DataFrame:
    """Observations of the KPIs (for the regions, or all), sorted by KPI, region and period (``writing``: inside
    the writer's transaction)."""
    sql = """
        SELECT o.kpi_id, o.region_code, o.period, o.value,
               o.status, o.preliminary, o.source_id, o.source_url, o.source_type, o.note, o.retrieved_at,
               o.source_class, o.caveat, o.provenance
        FROM observation o JOIN region r ON r.code = o.region_code
        WHERE list_contains(?, o.kpi_id)"""
    params: list[object] = [list(kpi_ids)]
    if region_codes is not None:
        sql += " AND list_contains(?, o.region_code)"
        params.append(list(region_codes))
    sql += " ORDER BY o.kpi_id, o.region_code, o.period"
    return _df(con, sql, params, writing)


def targets(con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str]) -> pd.DataFrame:
    return _df(
        con,
        """SELECT kpi_id, region_code, target_year, target_value, baseline_year, set_by, set_at, source_url, note
           FROM target WHERE list_contains(?, kpi_id) ORDER BY kpi_id, region_code, target_year""",
        [list(kpi_ids)],
    )


def with_wording(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, subject: str, key: str = "id",
                 writing: bool = False) -> pd.DataFrame:
    """``frame`` with its rows' stored texts beside them, one column ``<field>_<language>`` per field and
    language the store holds (``title_sv``, ``title_sma`` …): the read model; the store keeps them as rows."""
    words = _df(con, "SELECT id, field, lang, text FROM wording WHERE subject = ?", [subject], writing)
    keys = frame[key].astype(str)
    added = {f"{field}_{lang}": keys.map(dict(zip(part["id"], part["text"], strict=True)))
             for (field, lang), part in words.groupby(["field", "lang"], sort=True)}
    return frame.assign(**added) if added else frame


def facts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The facts with their text in every stored language (``text_sv``, ``text_en`` …)."""
    return with_wording(con, _df(con, "SELECT * FROM fact ORDER BY year, topic, id"), "fact")


def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(
        con,
        """SELECT s.id, s.name, s.url, s.licence, count(o.kpi_id) + coalesce(a.n, 0) AS observations,
                  coalesce(max(o.retrieved_at), a.last) AS last_retrieved
           FROM source s LEFT JOIN observation o ON o.source_id = s.id
           LEFT JOIN (SELECT 'scb_ages' AS id, count(*) AS n, max(retrieved_at) AS last FROM age_observation) a
                  ON a.id = s.id
           GROUP BY s.id, s.name, s.url, s.licence, a.n, a.last ORDER BY s.id""",
    )


def kpi_definitions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored KPIs with their figures' count and span, and their texts by language (``title_sv`` …)."""
    return with_wording(con, _df(
        con,
        """SELECT k.*, count(o.value) AS observations, min(o.period) AS first_period, max(o.period) AS last_period
           FROM kpi k LEFT JOIN observation o ON o.kpi_id = k.id GROUP BY ALL ORDER BY k.function, k.id""",
    ), "kpi")


def refresh_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every refresh run, the newest first, with its message in every stored language (``message_sv`` …)."""
    return with_wording(con, _df(con, "SELECT * FROM refresh_run ORDER BY started_at DESC"), "refresh_run")


def import_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM import_run ORDER BY id DESC")


def import_changes(con: duckdb.DuckDBPyConnection, import_id: int) -> pd.DataFrame:
    return _df(con, "SELECT * FROM import_change WHERE import_id = ? ORDER BY kpi_id, region_code, period",
               [import_id])


def last_refreshes(con: duckdb.DuckDBPyConnection, source_ids: Sequence[str]) -> pd.DataFrame:
    """Per fetched source: its latest run, and its latest successful run."""
    return with_wording(con, _df(
        con,
        """SELECT s.id AS source_id, s.name,
                  last.started_at, last.status, last.rows, last.new_values, last.revised_values, last.calls,
                  date_diff('millisecond', last.started_at, last.finished_at) / 1000.0 AS seconds,
                  last.id AS run_id, last.message_parts, ok.finished_at AS last_success
           FROM source s
           LEFT JOIN (SELECT * FROM refresh_run QUALIFY row_number() OVER (
                        PARTITION BY source_id ORDER BY started_at DESC) = 1) last ON last.source_id = s.id
           LEFT JOIN (SELECT source_id, max(finished_at) AS finished_at FROM refresh_run WHERE status = 'ok'
                      GROUP BY source_id) ok ON ok.source_id = s.id
           WHERE list_contains(?, s.id) ORDER BY s.id""",
        [list(source_ids)],
    ), "refresh_run", key="run_id")


def revisions(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    return _df(con, "SELECT * FROM observation_revision ORDER BY changed_at DESC, kpi_id, region_code, period LIMIT ?",
               [limit])


def code_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM code_label ORDER BY table_id, variable, code")


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(_df(con, "SELECT key, value FROM meta").itertuples(index=False, name=None))


def fetched_periods(con: duckdb.DuckDBPyConnection, source_ids: Sequence[str]) -> list[str]:
    """Every period the store holds from these sources."""
    return [str(p) for (p,) in con.execute(
        "SELECT DISTINCT period FROM observation WHERE list_contains(?, source_id)", [list(source_ids)]).fetchall()]


def fetched_keys(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    """The keys the store holds from one source and their values (what a refresh checks a shrunk series and a
    jump against)."""
    return _df(con, "SELECT kpi_id, region_code, period, value FROM observation WHERE source_id = ?", [source_id])


def stored_values(con: duckdb.DuckDBPyConnection, kind: str, kpi_ids: Sequence[str]) -> pd.DataFrame:
    """The stored values of the KPIs as ``old_value``, keyed as an import's rows are."""
    if kind == "figures":
        sql = """SELECT kpi_id, region_code, period, value AS old_value, note AS old_note FROM observation
                 WHERE list_contains(?, kpi_id)"""
    else:
        sql = """SELECT kpi_id, region_code, CAST(target_year AS BIGINT) AS target_year, target_value AS old_value,
                        note AS old_note
                 FROM target WHERE list_contains(?, kpi_id)"""
    return _df(con, sql, [sorted(set(kpi_ids))])


def import_run_status(con: duckdb.DuckDBPyConnection, import_id: int) -> str | None:
    cur = con.cursor()
    try:
        row = cur.execute("SELECT status FROM import_run WHERE id = ?", [import_id]).fetchone()
    finally:
        cur.close()
    return row[0] if row else None


def comments(con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str] | None = None, public_only: bool = False,
             history: bool = False) -> pd.DataFrame:
    """Comments per KPI and period: the latest version of each (or every version with ``history``). With
    ``public_only``, only those whose latest version is public: a comment made private stays private everywhere."""
    sql = """SELECT * EXCLUDE (latest_public, is_latest) FROM (
               SELECT *, last_value(public) OVER w AS latest_public,
                      row_number() OVER (PARTITION BY kpi_id, region_code, period ORDER BY id DESC) = 1 AS is_latest
               FROM comment WHERE list_contains(?, kpi_id) OR ?
               WINDOW w AS (PARTITION BY kpi_id, region_code, period ORDER BY id
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
             WHERE (? OR (public AND latest_public)) AND (? OR is_latest)"""
    params: list[object] = [list(kpi_ids or []), kpi_ids is None, not public_only, history]
    return _df(con, sql + " ORDER BY kpi_id, period DESC, id DESC", params)


def comment_versions_after(con: duckdb.DuckDBPyConnection, import_id: int) -> pd.DataFrame:
    """Comment versions written after the ones an import added, for the same KPI and period (block an undo)."""
    return _df(con, """SELECT later.kpi_id, later.region_code, later.period FROM comment mine
                       JOIN comment later USING (kpi_id, region_code, period)
                       WHERE mine.import_id = ? AND later.id > mine.id
                         AND (later.import_id IS NULL OR later.import_id <> ?)""", [import_id, import_id])


def changes_since(con: duckdb.DuckDBPyConnection, since: object, public_only: bool = True, limit: int = 200
                  ) -> pd.DataFrame:
    """What changed since a time: new and revised figures, imports and comments, newest first."""
    return _df(con, """
        SELECT * FROM (
            SELECT changed_at, 'revision' AS kind, kpi_id, region_code, period,
                   CAST(old_value AS VARCHAR) AS old, CAST(new_value AS VARCHAR) AS new, source_id AS who
            FROM observation_revision WHERE changed_at >= ?
            UNION ALL
            SELECT CAST(retrieved_at AS TIMESTAMP), 'new_figure', kpi_id, region_code, period, NULL,
                   CAST(value AS VARCHAR), source_id
            FROM observation WHERE source_id NOT IN ('seed', 'computed') AND CAST(retrieved_at AS TIMESTAMP) >= ?
            UNION ALL
            SELECT imported_at, 'import', kind, NULL, CAST(id AS VARCHAR), file_name, status, who
            FROM import_run WHERE imported_at >= ? AND NOT ?
            UNION ALL
            SELECT written_at, 'comment', kpi_id, region_code, period, NULL, coalesce(analysis, actions), who
            FROM comment c WHERE written_at >= ? AND (NOT ? OR (public AND NOT EXISTS (
                SELECT 1 FROM comment later WHERE later.kpi_id = c.kpi_id AND later.region_code = c.region_code
                  AND later.period = c.period AND later.id > c.id AND NOT later.public)))
        ) ORDER BY changed_at DESC LIMIT ?""",
        [since, since, since, public_only, since, public_only, limit])


def age_observations(con: duckdb.DuckDBPyConnection, region_code: str) -> pd.DataFrame:
    """SCB's series by single year of age and sex for one region (the cohort model's input)."""
    return _df(con, """SELECT series, year, sex, age, value, table_id, source_url, retrieved_at, caveat
                       FROM age_observation
                       WHERE region_code = ? ORDER BY series, year, sex, age""", [region_code])


def projection(con: duckdb.DuckDBPyConnection, region_code: str) -> pd.DataFrame:
    """SCB's own population projection for one region, by year."""
    return _df(con, """SELECT year, value, table_id, table_label, source_url, retrieved_at, published FROM projection
                       WHERE region_code = ? ORDER BY year""", [region_code])


def similar_groups(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Kolada's groups of similar municipalities (one row a member), the overall group first."""
    return _df(con, """SELECT group_id, title, year, area, member_code, member_title, source_url, retrieved_at
                       FROM municipality_group ORDER BY area <> 'övergripande', area, member_title""")


def municipality_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """How many municipalities (four-digit codes) have a figure, per KPI and period: which KPIs can be ranked."""
    return _df(con, """SELECT kpi_id, period, count(DISTINCT region_code) AS municipalities FROM observation
                       WHERE value IS NOT NULL AND length(region_code) = 4 AND region_code NOT LIKE '00%'
                       GROUP BY kpi_id, period ORDER BY kpi_id, period""")
