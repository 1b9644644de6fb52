"""``python -m kpis refresh``: fetch every public source, check it, and publish a new store atomically.

Fetching happens first, without touching the store. Then, holding the writer lock, the current store is
copied, every source that fetched and passed its checks is merged into the copy (a changed figure keeps
its old value in ``observation_revision``), every run is recorded in ``refresh_run``, and the copy is
renamed into place. A source that fails leaves its series exactly as they were.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from kpis.core import settings
from kpis.core.catalog import Catalog
from kpis.core.i18n import LANGS
from kpis.core.problems import Problem, worded
from kpis.pipeline.checks import age_total_kpis, check_age_totals, check_ages, check_fetched
from kpis.pipeline.computed import mismatch_parts, recompute
from kpis.pipeline.level_checks import check_levels, check_region_names
from kpis.pipeline.month_checks import month_warnings
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.http import timeout_seconds
from kpis.sources.registry import Fetcher, fetched_sources, fetcher
from kpis.sources.result import Fetched
from kpis.store import reads, writes
from kpis.store.files import rewrite_store
from kpis.store.lock import writer_lock

SOURCES = fetched_sources()

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
    parts: list[Problem] = field(default_factory=list)  # what the run says, as text keys and values

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    def message(self, lang: str) -> str:
        return worded(self.parts, lang)

    @property
    def message_sv(self) -> str:
        return self.message("sv")

    @property
    def message_en(self) -> str:
        return self.message("en")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class _Outcome:
    fetched: Fetched | None
    error: FetchError | None
    started_at: datetime
    finished_at: datetime


def budget_seconds() -> float:
    """The most a source may take as a whole (``TILLVAXT_SOURCE_BUDGET``, default 600 s): a server that
    trickles a byte every few seconds passes every per-read time-out, never this."""
    return settings.source_budget()


def _fetch(source: Fetcher, catalog: Catalog, regions: Sequence[str],
           progress: Callable[[str, int], Callable[[str], None]] | None) -> _Outcome:
    started = _now()
    step = progress(source.id, source.steps(catalog)) if progress else (lambda _s: None)
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["fetched"] = source.fetch(catalog, regions, source.kind.base_url(), timeout_seconds(), progress=step)
        except FetchError as err:
            box["error"] = err
        except Exception as err:  # worded: no exception class or Python message reaches the run's message
            box["error"] = from_exception(err, source.id, timeout_seconds())

    # The fetch runs in a thread of its own so that the refresh can give up on it after its budget; the thread
    # is a daemon, ended with the process, and nothing it fetches afterwards is written.
    budget = budget_seconds()
    worker = threading.Thread(target=work, name=f"fetch-{source.id}", daemon=True)
    worker.start()
    worker.join(budget)
    if worker.is_alive():
        return _Outcome(None, FetchError("fetch_budget", what=source.id, seconds=f"{budget:g}"), started, _now())
    error = box.get("error")
    if isinstance(error, FetchError):
        return _Outcome(None, error, started, _now())
    return _Outcome(box.get("fetched"), None, started, _now())  # type: ignore[arg-type]


def _record(con: duckdb.DuckDBPyConnection, result: RunResult) -> None:
    """The run, its message as text keys and values, and its words in every language the panel has."""
    run_id = f"{result.source_id}@{result.started_at.isoformat()}#{uuid.uuid4().hex[:8]}"  # unique, and readable
    writes.record_run(con, "refresh_run", {
        "id": run_id, "source_id": result.source_id, "started_at": result.started_at,
        "finished_at": result.finished_at, "status": result.status, "rows": result.rows,
        "new_values": result.new_values, "revised_values": result.revised_values, "calls": result.calls,
        "message_parts": json.dumps([p.as_json() for p in result.parts], ensure_ascii=False)})
    writes.write_wording(con, "refresh_run", [(run_id, "message", {la: result.message(la) for la in LANGS})])


def refresh(db: Path, catalog: Catalog, sources: Sequence[str] | None = None,
            progress: Callable[[str, int], Callable[[str], None]] | None = None,
            today: date | None = None) -> list[RunResult]:
    """Refresh the sources (all by default) into ``db``; one result per source, failures included."""
    # Each source is fetched only for a catalog that asks for it (a KPI of its kind, or the [cohort] section).
    chosen = [fetcher(s) for s in (sources or SOURCES)]
    regions = list(catalog.regions)
    outcomes = {source.id: _fetch(source, catalog, regions, progress) for source in chosen if source.wanted(catalog)}
    retrieved = today or _now().date()

    def apply(source: str, outcome: _Outcome) -> Callable[[duckdb.DuckDBPyConnection], RunResult]:
        def change(con: duckdb.DuckDBPyConnection) -> RunResult:
            result = RunResult(source, "failed", outcome.started_at, outcome.finished_at)
            if outcome.error is not None:
                result.parts = list(outcome.error.problems)
            elif outcome.fetched is not None:
                fetched = outcome.fetched
                result.calls = fetched.calls
                result.rows = len(fetched.observations)
                stored = reads.fetched_keys(con, source)
                problems = ([*check_ages(fetched.ages, fetched.projection), *check_age_totals(
                    fetched.ages, reads.observations(con, list(age_total_kpis(catalog).values()),
                                                     sorted(set(fetched.ages["region_code"].astype(str)))), catalog)]
                            if fetched.ages is not None else [
                    *check_fetched(fetched.observations, catalog, stored, source, retrieved, fetched.scope),
                    *check_levels(fetched.observations, catalog, stored),
                    *check_region_names(fetched.code_labels)])
                if problems:
                    result.parts = [Problem("check_nothing_written", {"problems": list(problems)})]
                else:
                    result.new_values, result.revised_values = writes.merge_fetched(
                        con, fetched.observations, fetched.source_id, retrieved, _now())
                    writes.store_code_labels(con, fetched.code_labels)
                    if fetched.groups is not None:
                        writes.replace_groups(con, fetched.groups, retrieved)
                    result.status = "ok"
                    increase = catalog.goal.population_increase
                    result.parts = [*fetched.notes, *month_warnings(
                        fetched.observations, lambda: reads.observations(con, [increase]), increase)]
                    if len(fetched.observations):
                        result.parts = [*mismatch_parts(recompute(con, catalog)), *result.parts]
                    if fetched.ages is not None or fetched.projection is not None:
                        empty = fetched.observations.iloc[0:0]
                        rows, new = writes.replace_ages(
                            con, fetched.ages if fetched.ages is not None else empty,
                            fetched.projection if fetched.projection is not None else empty, retrieved)
                        result.rows, result.new_values = rows, new
                        result.parts = [Problem("ages_written", {"rows": rows, "new": new}), *fetched.notes]
                    writes.set_meta(con, {"refreshed_at": _now().isoformat(sep=" ")[:19]})
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
                failed = _Outcome(None, FetchError("fetch_write_failed", error=str(err)),
                                  outcome.started_at, outcome.finished_at)
                results.append(rewrite_store(db, apply(source, failed)))
    return results
