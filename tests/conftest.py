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
    """The catalog with only the fetched KPIs the test fixtures cover (own and published KPIs kept)."""
    import dataclasses

    kpis = {k: v for k, v in catalog.kpis.items() if not v.is_fetched or k in FIXTURE_KPIS}
    return dataclasses.replace(catalog, kpis=kpis)
