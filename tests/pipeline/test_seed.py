import csv
import shutil

import pytest

from kpis.pipeline.seed import SEED_DIR, SeedError, read_seed


def _copy_seed(tmp_path):
    target = tmp_path / "seed"
    shutil.copytree(SEED_DIR, target)
    return target


def _edit_observations(seed_dir, edit):
    path = seed_dir / "observations.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(("kpi", "years", "table"), [("population", range(2003, 2026), "TAB638"),
                                                     ("mean_age_years", range(2002, 2026), "TAB637"),
                                                     ("employment_rate_20_64_pct", range(2020, 2025), "TAB3200"),
                                                     ("unemployment_rate_20_64_pct", range(2020, 2025), "TAB3200")])
def test_the_snapshot_has_scbs_figure_for_every_municipality(seed, kpi, years, table):
    """On a fresh machine the map, the rank and the spread need (nearly) every municipality: SCB's own figures, for
    all 290 in every year since the last new municipality (Knivsta, 2003), each row naming its SCB table."""
    from kpis.core import places

    obs = seed.observations
    rows = obs[(obs["kpi_id"] == kpi) & obs["region_code"].map(places.is_municipality)]
    for year in years:
        found = rows[rows["period"] == str(year)]
        assert set(found["region_code"]) == set(places.municipalities()), (kpi, year)
        assert (found["source_class"] == "official").all()
        assert found["source_type"].str.endswith("TAB5557" if kpi == "population" and year == 2025 else table).all()
    latest = rows[rows["period"] == "2025"]
    # SCB's noise (CKM) is on the population tables from 2025 only: never said of mean age or the labour market.
    assert latest.empty or (latest["caveat"] == "method_change:ckm_noise").all() == (kpi == "population")


def test_the_ckm_caveat_is_refused_on_a_table_scb_publishes_without_it(tmp_path, catalog):
    from kpis.core.source_class import CKM

    seed_dir = _copy_seed(tmp_path)

    def edit(rows):
        row = next(r for r in rows if r["source_type"] == "official_SCB_table_TAB3600")  # taxable income
        row["caveat"] = CKM
        return rows

    _edit_observations(seed_dir, edit)
    with pytest.raises(SeedError) as err:
        read_seed(seed_dir, catalog)
    assert [p.key for p in err.value.problems] == ["seed_ckm_elsewhere"]
    assert "TAB5557" in err.value.text("sv") and "TAB5557" in err.value.text("en")


def test_bundled_seed_is_valid_and_sourced(seed):
    obs = seed.observations
    assert len(obs) > 1400
    assert obs["source_url"].str.startswith("http").all()
    assert not obs.duplicated(["kpi_id", "region_code", "period"]).any()
    assert set(obs["source_class"]) <= {"official", "republished", "unofficial", "own"}
    assert obs["note"].isna().all()  # a reader sees caveats from the vocabulary; the notes are provenance


def test_scb_wins_every_overlap_and_its_net_migration_is_official_from_1968(seed):
    obs = seed.observations.set_index(["kpi_id", "region_code", "period"])
    net = obs.xs(("net_migration", "2380"), level=("kpi_id", "region_code"))
    assert set(range(1968, 2026)) <= {int(p) for p in net.index}
    assert (net["source_class"] == "official").all()
    assert net.loc["2023", "value"] == 222 and net.loc["1976", "value"] == 458  # SCB's, not the municipality's 515
    assert net.loc["1976", "source_type"] == "official_SCB_table_TAB1211"
    assert obs.loc[("population", "23", "2021"), "value"] == 132_054  # the county's gaps are filled by SCB
    assert obs.loc[("population", "23", "2021"), "source_class"] == "official"
    assert obs.loc[("live_births", "2380", "2025"), "source_type"] == "official_SCB_table_TAB6401"
    assert obs.loc[("population", "2380", "2025"), "caveat"] == "method_change:ckm_noise"


def test_the_bundled_ages_are_scbs_and_add_up_to_the_published_2024_total(seed):
    ages = seed.ages
    y2024 = ages[ages["year"] == 2024]
    assert y2024["value"].sum() == 64_979 and set(y2024["sex"]) == {"1", "2"}
    assert set(y2024["age"]) == set(range(101)) and set(y2024["table_id"]) == {"TAB638"}
    y2025 = ages[ages["year"] == 2025]
    assert y2025["value"].sum() == 64_993 and set(y2025["sex"]) == {"T"}  # CKM: not the published 64 963
    assert set(y2025["caveat"]) == {"method_change:ckm_noise"}


def test_concepts_are_computed_once_from_official_parts_in_the_store(seeded_db):
    from tests.conftest import query

    rows = dict(((k, p), (v, c)) for k, p, v, c in query(
        seeded_db, "SELECT kpi_id, period, value, source_class FROM observation WHERE region_code = '2380' AND "
                   "kpi_id IN ('natural_increase', 'population_increase', 'net_migration') AND period IN "
                   "('1991', '2023', '2025')"))
    assert rows[("natural_increase", "1991")] == (285.0, "computed")  # 897 births − 612 deaths in SCB's series
    assert rows[("population_increase", "2025")] == (-16.0, "computed")
    assert rows[("net_migration", "2023")] == (222.0, "official")  # SCB's own, not 239 from the identity
    years = {int(p) for (p,) in query(seeded_db, "SELECT period FROM observation WHERE kpi_id = 'natural_increase' "
                                                 "AND region_code = '2380'")}
    assert set(range(1968, 2026)) <= years


def test_bundled_seed_has_what_the_overview_needs(seed):
    obs = seed.observations
    pop = obs[(obs.kpi_id == "population") & (obs.region_code == "2380")]
    assert {"1950", "2020", "2024", "2025"} <= set(pop.period)
    assert pop.loc[pop.period == "2024", "value"].item() == 64979
    final = pop[pop.period == "2025"].iloc[0]
    assert final.value == 64963 and not final.preliminary  # SCB's final figure
    for kpi in ("live_births", "deaths", "net_migration", "in_migration", "out_migration"):
        assert not obs[(obs.kpi_id == kpi) & (obs.region_code == "2380")].empty, kpi
    peers = {"2281", "2480", "2580", "2482", "2080", "2180", "2321", "23", "00"}
    assert peers <= set(obs[obs.kpi_id == "population"].region_code)
    target = seed.targets.iloc[0]
    assert (target.kpi_id, target.region_code, target.target_year, target.target_value) == (
        "population", "2380", 2040, 75000)
    assert target.source_url.startswith("https://www.ostersund.se/")


def test_official_series_cover_every_year_from_1968(seed):
    obs = seed.observations
    pop = obs[(obs.kpi_id == "population") & (obs.region_code == "2380")]
    years = {int(p) for p in pop.period}
    assert set(range(1968, 2026)) <= years
    official = pop[pop.period.astype(int) >= 1968]
    assert (official.source_class == "official").all()
    assert official.source_url.str.contains("statistikdatabasen.scb.se").all()
    assert official.source_type.str.startswith("official_SCB_table_TAB").all()
    # The municipality's own 1968 figure (48 568, pre-merger boundaries) gave way to SCB's series.
    assert pop.loc[pop.period == "1968", "value"].item() == 48732
    for kpi in ("population", "live_births", "deaths"):
        rows = obs[(obs.kpi_id == kpi) & (obs.period.astype(int) >= 1968) & (obs.region_code == "2380")]
        assert (rows.source_class == "official").all(), kpi


def test_years_before_the_official_series_keep_their_class_and_gaps(seed):
    obs = seed.observations
    early = obs[(obs.kpi_id == "population") & (obs.region_code == "2380") & (obs.period.astype(int) < 1968)]
    assert not early.empty and "official" not in set(early.source_class)
    assert "1955" not in set(early.period)


@pytest.mark.parametrize(
    ("edit", "column", "fragment"),
    [
        (lambda rows: [dict(rows[0], source=""), *rows[1:]], "source", "källa saknas"),
        (lambda rows: [*rows, rows[0]], "kpi, region, period", "dubblett"),
        (lambda rows: [dict(rows[0], value="64 979"), *rows[1:]], "value", "inte ett tal"),
        (lambda rows: [dict(rows[0], value="nan"), *rows[1:]], "value", "inte ett tal"),
        (lambda rows: [dict(rows[0], kpi="invented"), *rows[1:]], "kpi", "okänt nyckeltal"),
        (lambda rows: [dict(rows[0], region="9999"), *rows[1:]], "region", "okänd region"),
        (lambda rows: [dict(rows[0], period="2017Q2"), *rows[1:]], "period", "passar inte"),
        (lambda rows: [dict(rows[0], period="٢٠٢٤"), *rows[1:]], "period", "passar inte"),
        (lambda rows: [dict(rows[0], source_class="wiki"), *rows[1:]], "source_class", "källklassen"),
        (lambda rows: [dict(rows[0], caveat="ROUNDED in the press release"), *rows[1:]], "caveat", "förbehållet"),
        (lambda rows: [dict(rows[0], caveat="rounded:no_such_sentence"), *rows[1:]], "caveat", "förbehållet"),
    ],
)
def test_faulty_seed_is_refused_with_row_and_column(tmp_path, catalog, edit, column, fragment):
    seed_dir = _copy_seed(tmp_path)
    _edit_observations(seed_dir, edit)
    with pytest.raises(SeedError) as err:
        read_seed(seed_dir, catalog)
    problem = err.value.problems[0]
    assert problem.column == column
    assert problem.row is not None
    assert fragment in problem.text("sv")
    assert problem.text("en") != problem.text("sv")


def test_every_problem_is_reported_at_once(tmp_path, catalog):
    seed_dir = _copy_seed(tmp_path)
    _edit_observations(seed_dir, lambda rows: [dict(rows[0], source=""), dict(rows[1], value="x"), *rows[2:]])
    with pytest.raises(SeedError) as err:
        read_seed(seed_dir, catalog)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "source"), (3, "value")]


def test_missing_column_is_refused(tmp_path, catalog):
    seed_dir = _copy_seed(tmp_path)
    path = seed_dir / "targets.csv"
    path.write_text("kpi,region,target_year\npopulation,2380,2040\n", encoding="utf-8")
    with pytest.raises(SeedError) as err:
        read_seed(seed_dir, catalog)
    assert "target_value" in err.value.problems[0].column
