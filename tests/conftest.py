"""Shared fixtures: real stores, built once per test run and copied for the tests that write.

The suite runs in parallel (``pytest-xdist``): what is costly to build (a refreshed store, all of Sweden, a static
export, a report) is built once for the whole run by whichever worker asks first, under a file lock, and the other
workers take the finished file (:func:`shared`). A test that writes gets a copy of its own (:func:`copy_store`).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from kpis.core.catalog import load_catalog
from kpis.pipeline.seed import SEED_DIR, read_seed
from kpis.pipeline.seed import build as build_store
from kpis.store.schema import V9_TEXTS  # version 9's texts by language, as the migration reads them

PROJECT_DIR = Path(__file__).resolve().parent.parent


def query(db: Path, sql: str, params: list | tuple = ()) -> list[tuple]:
    """Rows from a store, through a read-only connection that is closed again (as a reader would)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


# Browser test modules that start app servers of their own (signed-in, all of Sweden, a third language): each
# stays on one worker, so its servers are started and warmed once. The others share the run's app and spread.
OWN_SERVERS = {"test_edit_browser", "test_places_browser", "test_third_language_browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``serial`` run one after another on one worker (xdist's ``loadgroup``), as do the tests of a
    browser module that starts servers of its own."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.xdist_group("serial"))
        elif module in OWN_SERVERS:
            item.add_marker(pytest.mark.xdist_group(module))


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """``build(path)`` once per test run, whatever the number of workers: the first worker to ask builds it under a
    file lock (into a partial path, renamed when whole), the others wait and take the finished file or folder."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above every worker's own
    target = root / "shared" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{target}.lock"):
        if not target.exists():
            partial = target.with_name(f"partial-{target.name}")  # the same suffix: .pdf, .duckdb
            shutil.rmtree(partial, ignore_errors=True) if partial.is_dir() else partial.unlink(missing_ok=True)
            partial.parent.mkdir(parents=True, exist_ok=True)
            build(partial)
            partial.rename(target)
    return target


def copy_store(db: Path, to: Path) -> Path:
    """A store of one's own: a file copy of a built store (closed, so the file is whole; 2 ms against a build)."""
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, to)
    return to


def as_version_9(con: Any) -> None:
    """Turn a current store into one as version 9 left it: texts in ``_sv``/``_en`` columns, no ``wording``, facts
    and refresh runs without their key (the start of the older stores the migration tests build)."""
    for table, key, field, columns in V9_TEXTS:
        for lang, column in columns.items():
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR")
            con.execute(f"""UPDATE {table} SET {column} = w.text FROM wording w WHERE w.subject = ? AND w.field = ?
                            AND w.lang = ? AND w.id = CAST({table}.{key} AS VARCHAR)""",  # noqa: S608 - fixed names
                        [table, field, lang])
    con.execute("CREATE TABLE fact_v9 AS SELECT * EXCLUDE (id) FROM fact")
    con.execute("DROP TABLE fact")
    con.execute("ALTER TABLE fact_v9 RENAME TO fact")
    con.execute("CREATE TABLE run_v9 AS SELECT * EXCLUDE (id) FROM refresh_run")
    con.execute("DROP TABLE refresh_run")
    con.execute("ALTER TABLE run_v9 RENAME TO refresh_run")
    con.execute("DROP TABLE wording")
    con.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """The environment with ``values`` set, put back afterwards (for session fixtures, which cannot monkeypatch)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class Ran:
    """What a command said, as ``subprocess.run`` would give it."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    """``python -m kpis ARGS`` in this process (``kpis.pipeline.cli.main``), its output captured. One real process
    per command stays in tests/pipeline/test_cli.py (``test_every_command_runs_as_a_process``)."""
    from kpis.pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    with environment(env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as ended:  # argparse's own refusals
            code = ended.code if isinstance(ended.code, int) else 2
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def seed(catalog):
    return read_seed(SEED_DIR, catalog)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory, catalog, seed) -> Path:
    """The store built from the bundled snapshot, once per run (read-only for the tests that use it)."""
    return shared(tmp_path_factory, "seeded.duckdb", lambda path: build_store(path, catalog, seed))


@pytest.fixture
def app_env(seeded_db, monkeypatch):
    """The app reads the session's store."""
    monkeypatch.setenv("TILLVAXT_DB", str(seeded_db))
    return seeded_db


@pytest.fixture(scope="session")
def _sources_server():
    from tests.fakes.sources_server import SourcesServer

    server = SourcesServer().start()
    yield server
    server.stop()


@pytest.fixture
def sources(_sources_server, monkeypatch):
    """The local server playing SCB, Kolada and Tillväxtverket, with no faults; the env points at it."""
    _sources_server.clear()
    for key, value in _sources_server.env().items():
        monkeypatch.setenv(key, value)
    yield _sources_server
    _sources_server.clear()


@pytest.fixture
def fresh_db(tmp_path, seeded_db) -> Path:
    """A store of its own, as built from the snapshot (a copy of the run's), for a test that writes."""
    return copy_store(seeded_db, tmp_path / "tillvaxt.duckdb")


# The fetched KPIs the fixtures under tests/fixtures/ answer for. Tests that count calls or rows refresh with
# this catalog, so a KPI added to kpis/catalog.toml changes no count they check.
FIXTURE_KPIS = {"population", "population_increase", "live_births", "deaths", "natural_increase", "net_migration",
                "in_migration", "out_migration", "net_migration_domestic", "net_migration_international",
                "new_companies_per_1000", "employment_rate_20_64", "guest_nights", "guest_nights_month"}


@pytest.fixture(scope="session")
def sources_catalog(catalog):
    """The catalog with only the fetched KPIs the test fixtures cover (own and published KPIs kept), fetched for
    its own regions only (``everyone`` off; tests/pipeline/test_refresh_everyone.py covers all of Sweden)."""
    import dataclasses

    kpis = {k: v for k, v in catalog.kpis.items() if not v.is_fetched or k in FIXTURE_KPIS}
    return dataclasses.replace(catalog, kpis=kpis, everyone=False)


MONTH_KPIS = ("population_month", "population_change_month", "natural_increase_month", "net_migration_month",
              "net_migration_county_month", "net_migration_sweden_month", "net_migration_abroad_month",
              "population_adjustment_month")


@pytest.fixture(scope="session")
def months_db(tmp_path_factory, catalog, sources_catalog, seeded_db, _sources_server) -> Path:
    """The snapshot refreshed from the test SCB with its monthly statistics (TAB1625, TAB6473: months to
    2026M10), once per run."""
    import dataclasses

    kpis = {**sources_catalog.kpis, **{k: catalog.kpis[k] for k in MONTH_KPIS}}
    months_catalog = dataclasses.replace(sources_catalog, kpis=kpis)
    return shared(tmp_path_factory, "months.duckdb",
                  lambda path: _refreshed(seeded_db, path, months_catalog, _sources_server, ["scb"]))


@pytest.fixture(scope="session")
def everyone_server():
    """The local server with every municipality and county of Sweden in SCB's tables and Kolada's answers."""
    from tests.fakes.sources_server import SourcesServer

    server = SourcesServer(everyone=True).start()
    yield server
    server.stop()


def _refreshed(seeded: Path, path: Path, catalog, server, sources: list[str] | None = None) -> list:
    from kpis.pipeline.refresh import refresh

    copy_store(seeded, path)
    with environment(server.env()):
        results = refresh(path, catalog, sources)
    assert all(r.ok for r in results), [r.message("en") for r in results]
    return results


def _everyone(seeded: Path, folder: Path, catalog, server) -> None:
    """The store refreshed for all of Sweden, and what that refresh asked and got (``refresh.json``)."""
    import json
    import time

    folder.mkdir()
    server.clear()
    started = time.perf_counter()
    results = _refreshed(seeded, folder / "tillvaxt.duckdb", catalog, server, ["scb", "kolada"])
    said = {"seconds": time.perf_counter() - started, "requests": server.requests,
            "results": {r.source_id: {"calls": r.calls, "rows": r.rows} for r in results}}
    (folder / "refresh.json").write_text(json.dumps(said), encoding="utf-8")


@pytest.fixture(scope="session")
def everyone_catalog(sources_catalog):
    """The fixtures' KPIs fetched for all of Sweden: what the tests that count calls and rows refresh with, so a
    KPI added to the production catalog changes no count they check."""
    import dataclasses

    return dataclasses.replace(sources_catalog, everyone=True)


@pytest.fixture(scope="session")
def everyone_refresh(tmp_path_factory, everyone_catalog, seeded_db, everyone_server) -> Path:
    """The folder of a refresh from SCB and Kolada for all of Sweden, once per run: the store and what was asked."""
    return shared(tmp_path_factory, "everyone",
                  lambda folder: _everyone(seeded_db, folder, everyone_catalog, everyone_server))


@pytest.fixture(scope="session")
def everyone_db(everyone_refresh) -> Path:
    """The store refreshed for all of Sweden (read-only for the tests that use it)."""
    return everyone_refresh / "tillvaxt.duckdb"


@pytest.fixture(scope="session")
def refreshed_db(tmp_path_factory, sources_catalog, seeded_db, _sources_server) -> Path:
    """The snapshot refreshed once from every source of the test server (the fixtures' KPIs), once per run."""
    return shared(tmp_path_factory, "refreshed.duckdb",
                  lambda path: _refreshed(seeded_db, path, sources_catalog, _sources_server))


@pytest.fixture(scope="session")
def aged_db(tmp_path_factory, catalog, seeded_db, _sources_server) -> Path:
    """A store refreshed from the local SCB, which has the series by age and sex and a projection (read-only)."""
    return shared(tmp_path_factory, "aged.duckdb",
                  lambda path: _refreshed(seeded_db, path, catalog, _sources_server, ["scb", "scb_ages"]))


def export_site(db: Path, catalog, out: Path, base_url: str = "https://data.example.se/tillvaxt") -> list[Path]:
    """The static site of a store, as ``python -m kpis export`` writes it."""
    from kpis.pipeline.export import export
    from kpis.store.files import reading

    with reading(db) as con:
        return export(out, con, catalog, base_url)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory, seeded_db, catalog) -> Path:
    """The static site of the bundled snapshot, exported once per run (read-only)."""
    return shared(tmp_path_factory, "seed-site", lambda out: export_site(seeded_db, catalog, out))


def write_report(db: Path, out: Path, lang: str = "sv") -> Path:
    """The board report of 2025 for ``db``, written by the command (in this process)."""
    done = cli("report", "--period", "2025", "--lang", lang, "--out", out, "--db", db)
    assert done.returncode == 0, done.stderr
    return out


def pdf_text(path: Path) -> str:
    """A PDF's text as pypdf reads it, page after page."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture(scope="session")
def seed_reports(tmp_path_factory, seeded_db) -> Callable[[str], Path]:
    """The board report of the bundled snapshot in a language, written once per run (read-only)."""
    return lambda lang: shared(tmp_path_factory, f"seed-report-{lang}.pdf",
                               lambda out: write_report(seeded_db, out, lang))


@pytest.fixture(scope="session")
def seed_report(seed_reports) -> Path:
    """The Swedish board report of the bundled snapshot."""
    return seed_reports("sv")


@pytest.fixture(scope="session")
def small_catalog(catalog):
    """The catalog with the goal's KPIs and one more public KPI only: for testing the export's mechanics (swap,
    re-export, pruning, the feed) without drawing every page."""
    import dataclasses

    from kpis.core.goal import chart_kpis

    keep = {*chart_kpis(catalog), catalog.goal.kpi, "in_migration"}
    return dataclasses.replace(catalog, kpis={k: v for k, v in catalog.kpis.items() if k in keep}, everyone=False)


def kolada_calls(catalog) -> int:
    """The calls a Kolada refresh makes against the plain test server: one a KPI and page of its answer (N00999
    has two pages, a KPI without a fixture one empty page); with ``everyone``, one more for each KPI that answered
    (all municipalities; the plain server says 404) and two for the groups (the list, one group read by its id)."""
    from kpis.sources.kolada import kolada_plan

    plan = kolada_plan(catalog)
    answered = {p.stem.split("_page")[0] for p in (PROJECT_DIR / "tests" / "fixtures" / "kolada").glob("N*_page1.json")}
    pages = sum(2 if kpi == "N00999" else 1 for kpi in plan)
    return pages + (len(answered & set(plan)) + 2 if catalog.everyone else 0)
