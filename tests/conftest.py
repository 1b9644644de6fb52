"""Shared fixtures: a real store built from the bundled snapshot, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpis.core.catalog import load_catalog
from kpis.pipeline.seed import SEED_DIR, read_seed
from kpis.pipeline.seed import build as build_store

PROJECT_DIR = Path(__file__).resolve().parent.parent


def query(db: Path, sql: str, params: list | tuple = ()) -> list[tuple]:
    """Rows from a store, through a read-only connection that is closed again (as a reader would)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def seed(catalog):
    return read_seed(SEED_DIR, catalog)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory, catalog, seed) -> Path:
    path = tmp_path_factory.mktemp("store") / "tillvaxt.duckdb"
    return build_store(path, catalog, seed)


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
    monkeypatch.setenv("TILLVAXT_HTTP_TIMEOUT", "2")
    yield _sources_server
    _sources_server.clear()


@pytest.fixture
def fresh_db(tmp_path, catalog, seed) -> Path:
    """A store of its own, built from the snapshot, for a test that writes."""
    return build_store(tmp_path / "tillvaxt.duckdb", catalog, seed)


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


@pytest.fixture(scope="session")
def everyone_server():
    """The local server with every municipality and county of Sweden in SCB's tables and Kolada's answers."""
    from tests.fakes.sources_server import SourcesServer

    server = SourcesServer(everyone=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def everyone_db(tmp_path_factory, catalog, seed, everyone_server) -> Path:
    """A store refreshed from SCB and Kolada for all of Sweden (read-only for the tests that use it)."""
    import os

    from kpis.pipeline.refresh import refresh

    path = build_store(tmp_path_factory.mktemp("everyone") / "tillvaxt.duckdb", catalog, seed)
    saved = {key: os.environ.get(key) for key in (*everyone_server.env(), "TILLVAXT_HTTP_TIMEOUT")}
    os.environ.update({**everyone_server.env(), "TILLVAXT_HTTP_TIMEOUT": "10"})
    try:
        results = refresh(path, catalog, ["scb", "kolada"])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert all(r.ok for r in results), [r.message("en") for r in results]
    return path


def kolada_calls(catalog) -> int:
    """The calls a Kolada refresh makes against the plain test server: one a KPI and page of its answer (N00999
    has two pages, a KPI without a fixture one empty page); with ``everyone``, one more for each KPI that answered
    (all municipalities; the plain server says 404) and two for the groups (the list, one group read by its id)."""
    from kpis.sources.kolada import kolada_plan

    plan = kolada_plan(catalog)
    answered = {p.stem.split("_page")[0] for p in (PROJECT_DIR / "tests" / "fixtures" / "kolada").glob("N*_page1.json")}
    pages = sum(2 if kpi == "N00999" else 1 for kpi in plan)
    return pages + (len(answered & set(plan)) + 2 if catalog.everyone else 0)
