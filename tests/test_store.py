import duckdb
import pytest

from kpis import store


def test_schema_has_the_design_tables(seeded_db):
    con = store.connect_read_only(seeded_db)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"region", "kpi", "observation", "target", "source", "code_label", "refresh_run", "import_run",
            "meta", "fact", "observation_revision"} <= tables
    con.close()


def test_observations_query(seeded_db):
    con = store.connect_read_only(seeded_db)
    obs = store.observations(con, ["population"], ["2380"])
    assert obs["period"].is_monotonic_increasing
    assert obs.loc[obs.period == "2024", "value"].item() == 64979
    assert obs.loc[obs.period == "2025", "preliminary"].item()
    assert (obs.region_sv == "Östersund").all()
    assert obs["source_url"].str.startswith("http").all()
    both = store.observations(con, ["population", "net_migration"], None)
    assert set(both.kpi_id) == {"population", "net_migration"} and both.region_code.nunique() > 5
    con.close()


def test_query_parameters_are_not_sql(seeded_db):
    con = store.connect_read_only(seeded_db)
    assert store.observations(con, ["population'; DROP TABLE observation; --"]).empty
    assert not store.observations(con, ["population"]).empty
    con.close()


def test_targets_and_meta(seeded_db, seed):
    con = store.connect_read_only(seeded_db)
    tgt = store.targets(con, ["population"])
    assert tgt[["region_code", "target_year", "target_value"]].values.tolist() == [["2380", 2040, 75000.0]]
    assert store.meta(con)["seed_rows"] == str(len(seed.observations))
    kpis = store.kpi_definitions(con)
    assert kpis.loc[kpis.id == "population", "observations"].item() > 100
    sources = store.sources(con)
    assert sources.loc[sources.id == "seed", "observations"].item() == len(seed.observations)
    con.close()


def test_store_is_read_only_for_the_app(seeded_db):
    con = store.connect_read_only(seeded_db)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM observation")
    con.close()


def test_build_replaces_atomically_and_leaves_no_temp_files(tmp_path, catalog, seed):
    path = tmp_path / "t.duckdb"
    store.build_store(path, catalog, seed)
    first = path.stat().st_ino
    store.build_store(path, catalog, seed)
    assert path.stat().st_ino != first  # a new file was renamed into place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.duckdb"]


def test_failed_build_keeps_the_old_store(tmp_path, catalog, seed, monkeypatch):
    path = tmp_path / "t.duckdb"
    store.build_store(path, catalog, seed)
    before = path.read_bytes()

    def broken(con, catalog, seed):
        con.execute(store.SCHEMA)
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(store, "write_seed", broken)
    with pytest.raises(RuntimeError):
        store.build_store(path, catalog, seed)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.duckdb"]


def test_db_path_follows_env(monkeypatch, tmp_path):
    monkeypatch.setenv("TILLVAXT_DB", str(tmp_path / "x.duckdb"))
    assert store.db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("TILLVAXT_DB")
    assert store.db_path() == store.DEFAULT_DB
