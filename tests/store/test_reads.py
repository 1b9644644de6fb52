import duckdb
import pytest

from kpis.store import files, reads


def test_schema_has_the_design_tables(seeded_db):
    con = files.connect_read_only(seeded_db)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"region", "kpi", "observation", "target", "source", "code_label", "refresh_run", "import_run",
            "meta", "fact", "observation_revision"} <= tables
    con.close()


def test_observations_query(seeded_db):
    con = files.connect_read_only(seeded_db)
    obs = reads.observations(con, ["population"], ["2380"])
    assert obs["period"].is_monotonic_increasing
    assert obs.loc[obs.period == "2024", "value"].item() == 64979
    assert not [c for c in obs.columns if c.endswith(("_sv", "_en"))]  # names by language live in ``wording``
    assert obs["source_url"].str.startswith("http").all()
    both = reads.observations(con, ["population", "net_migration"], None)
    assert set(both.kpi_id) == {"population", "net_migration"} and both.region_code.nunique() > 5
    con.close()


def test_query_parameters_are_not_sql(seeded_db):
    con = files.connect_read_only(seeded_db)
    assert reads.observations(con, ["population'; DROP TABLE observation; --"]).empty
    assert not reads.observations(con, ["population"]).empty
    con.close()


def test_targets_and_meta(seeded_db, seed):
    con = files.connect_read_only(seeded_db)
    tgt = reads.targets(con, ["population"])
    assert tgt[["region_code", "target_year", "target_value"]].values.tolist() == [["2380", 2040, 75000.0]]
    assert reads.meta(con)["seed_rows"] == str(len(seed.observations))
    kpis = reads.kpi_definitions(con)
    assert kpis.loc[kpis.id == "population", "observations"].item() > 50
    sources = reads.sources(con)
    # Every snapshot row is stored, but for those a concept computed from SCB's official parts replaces (one
    # number per concept: Gävle's population increase of 2006 as a press release said it, now from SCB's figures).
    keys = set(zip(seed.observations["kpi_id"], seed.observations["region_code"], seed.observations["period"],
                   strict=True))
    stored = con.execute("SELECT kpi_id, region_code, period, source_id FROM observation").fetchall()
    replaced = {(k, r, p) for k, r, p, source in stored if source != "seed" and (k, r, p) in keys}
    assert sources.loc[sources.id == "seed", "observations"].item() == len(seed.observations) - len(replaced)
    assert replaced == {("population_increase", "2180", "2006")}
    con.close()


def test_store_is_read_only_for_the_app(seeded_db):
    con = files.connect_read_only(seeded_db)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM observation")
    con.close()
