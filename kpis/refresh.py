"""``python -m kpis refresh``: fetch every public source, check it, and publish a new store atomically.

Fetching happens first, without touching the store. Then, holding the writer lock, the current store is
copied, every source that fetched and passed its checks is merged into the copy (a changed figure keeps
its old value in ``observation_revision``), every run is recorded in ``refresh_run``, and the copy is
renamed into place. A source that fails leaves its series exactly as they were.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from kpis.catalog import Catalog
from kpis.fetch import kolada, scb, tillvaxtverket
from kpis.fetch.errors import FetchError
from kpis.fetch.http import timeout_seconds
from kpis.fetch.result import Fetched
from kpis.locking import writer_lock
from kpis.refresh_checks import check_fetched
from kpis.store import rewrite_store

Fetcher = Callable[..., Fetched]


@dataclass(frozen=True)
class SourceSpec:
    id: str
    env: str
    default_url: str
    fetch: Fetcher
    steps: Callable[[Catalog], int]


SOURCES: dict[str, SourceSpec] = {
    "scb": SourceSpec("scb", "TILLVAXT_SCB_URL", scb.DEFAULT_URL, scb.fetch_scb, scb.scb_steps),
    "kolada": SourceSpec("kolada", "TILLVAXT_KOLADA_URL", kolada.DEFAULT_URL, kolada.fetch_kolada,
                         lambda c: len(kolada.kolada_plan(c))),
    "tillvaxtverket": SourceSpec("tillvaxtverket", "TILLVAXT_TVV_URL", tillvaxtverket.DEFAULT_URL,
                                 tillvaxtverket.fetch_tillvaxtverket, lambda c: len(tillvaxtverket.tvv_plan(c))),
}


def base_url(source: str) -> str:
    spec = SOURCES[source]
    return os.environ.get(spec.env) or spec.default_url


@dataclass
class RunResult:
    source_id: str
    status: str
    started_at: datetime
    finished_at: datetime
    rows: int = 0
    new_values: int = 0
    revised_values: int = 0
    calls: int = 0
    message_sv: str = ""
    message_en: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    def message(self, lang: str) -> str:
        return self.message_sv if lang == "sv" else self.message_en


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class _Outcome:
    fetched: Fetched | None
    error: FetchError | None
    started_at: datetime
    finished_at: datetime


def _fetch(spec: SourceSpec, catalog: Catalog, regions: Sequence[str],
           progress: Callable[[str, int], Callable[[str], None]] | None) -> _Outcome:
    started = _now()
    step = progress(spec.id, spec.steps(catalog)) if progress else (lambda _s: None)
    try:
        fetched = spec.fetch(catalog, regions, base_url(spec.id), timeout_seconds(), progress=step)
        return _Outcome(fetched, None, started, _now())
    except FetchError as err:
        return _Outcome(None, err, started, _now())


def _existing(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    return con.execute("SELECT kpi_id, region_code, period FROM observation WHERE source_id = ?",
                       [source_id]).df()


def _merge(con: duckdb.DuckDBPyConnection, fetched: Fetched, retrieved: date, now: datetime) -> tuple[int, int]:
    """Upsert the fetched rows; record changed values as revisions. Returns (new, revised)."""
    frame = fetched.observations
    con.register("incoming_frame", frame)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM incoming_frame")
    finally:
        con.unregister("incoming_frame")
    # A value the source now leaves empty never wipes out a figure the store already has.
    con.execute("""DELETE FROM incoming i USING observation o
                   WHERE o.kpi_id = i.kpi_id AND o.region_code = i.region_code AND o.period = i.period
                     AND i.value IS NULL AND o.value IS NOT NULL""")
    new = con.execute("""SELECT count(*) FROM incoming i ANTI JOIN observation o
                         USING (kpi_id, region_code, period)""").fetchone()[0]
    revised = con.execute(
        """INSERT INTO observation_revision
           SELECT o.kpi_id, o.region_code, o.period, o.value, i.value, o.source_id, o.preliminary, o.retrieved_at,
                  ?, ?, 'refresh'
           FROM observation o JOIN incoming i USING (kpi_id, region_code, period)
           WHERE o.value IS DISTINCT FROM i.value""",
        [now, fetched.source_id],
    ).fetchone()[0]
    con.execute(
        """INSERT OR REPLACE INTO observation
           SELECT kpi_id, region_code, period, value, status, preliminary, ?, source_url, 'official_api', note, ?
           FROM incoming""",
        [fetched.source_id, retrieved],
    )
    pairs = [tuple(r) for r in fetched.code_labels.itertuples(index=False)]
    if pairs:
        con.executemany("INSERT OR REPLACE INTO code_label VALUES (?, ?, ?, ?)", pairs)
    con.execute("DROP TABLE incoming")
    return int(new), int(revised)


def _record(con: duckdb.DuckDBPyConnection, result: RunResult) -> None:
    con.execute(
        "INSERT INTO refresh_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [result.source_id, result.started_at, result.finished_at, result.status, result.rows, result.new_values,
         result.revised_values, result.calls, result.message_sv, result.message_en],
    )


def refresh(db: Path, catalog: Catalog, sources: Sequence[str] | None = None,
            progress: Callable[[str, int], Callable[[str], None]] | None = None,
            today: date | None = None) -> list[RunResult]:
    """Refresh the sources (all by default) into ``db``; one result per source, failures included."""
    chosen = list(sources or SOURCES)
    regions = list(catalog.regions)
    outcomes = {source: _fetch(SOURCES[source], catalog, regions, progress) for source in chosen}
    retrieved = today or _now().date()

    def apply(source: str, outcome: _Outcome) -> Callable[[duckdb.DuckDBPyConnection], RunResult]:
        def change(con: duckdb.DuckDBPyConnection) -> RunResult:
            result = RunResult(source, "failed", outcome.started_at, outcome.finished_at)
            if outcome.error is not None:
                result.message_sv, result.message_en = outcome.error.sv, outcome.error.en
            elif outcome.fetched is not None:
                fetched = outcome.fetched
                result.calls = fetched.calls
                result.rows = len(fetched.observations)
                problems = check_fetched(fetched.observations, catalog, _existing(con, source))
                if problems:
                    result.message_sv = "Inget skrevs: " + "; ".join(p[0] for p in problems)
                    result.message_en = "Nothing was written: " + "; ".join(p[1] for p in problems)
                else:
                    result.new_values, result.revised_values = _merge(con, fetched, retrieved, _now())
                    result.status = "ok"
                    result.message_sv = result.message_en = ", ".join(fetched.notes)
                    con.execute("INSERT OR REPLACE INTO meta VALUES ('refreshed_at', ?)",
                                [_now().isoformat(sep=" ")[:19]])
            _record(con, result)
            return result
        return change

    results = []
    with writer_lock(db):
        # One swap per source: a source whose write fails leaves the store as it was and the others go on.
        for source, outcome in outcomes.items():
            try:
                results.append(rewrite_store(db, apply(source, outcome)))
            except duckdb.Error as err:
                failed = _Outcome(None, FetchError(f"skrivningen misslyckades, inget skrevs ({err})",
                                                   f"writing failed, nothing was written ({err})"),
                                  outcome.started_at, outcome.finished_at)
                results.append(rewrite_store(db, apply(source, failed)))
    return results
