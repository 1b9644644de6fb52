import csv
import shutil

import pytest

from kpis.seed import SEED_DIR, SeedError, read_seed


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


def test_bundled_seed_is_valid_and_sourced(seed):
    obs = seed.observations
    assert len(obs) > 300
    assert obs["source"].str.startswith("http").all()
    assert not obs.duplicated(["kpi", "region", "period"]).any()


def test_bundled_seed_has_what_the_overview_needs(seed):
    obs = seed.observations
    pop = obs[(obs.kpi == "population") & (obs.region == "2380")]
    assert {"1950", "2020", "2024", "2025"} <= set(pop.period)
    assert pop.loc[pop.period == "2024", "value"].item() == 64979
    assert pop.loc[pop.period == "2025", "preliminary"].item()
    for kpi in ("live_births", "deaths", "net_migration", "natural_increase", "in_migration", "out_migration"):
        assert not obs[(obs.kpi == kpi) & (obs.region == "2380")].empty, kpi
    peers = {"2281", "2480", "2580", "2482", "2080", "2180", "23", "00"}
    assert peers <= set(obs[obs.kpi == "population"].region)
    target = seed.targets.iloc[0]
    assert (target.kpi, target.region, target.target_year, target.target_value) == ("population", "2380", 2040, 75000)
    assert target.source.startswith("https://www.ostersund.se/")


def test_missing_years_stay_missing(seed):
    obs = seed.observations
    years = set(obs[(obs.kpi == "population") & (obs.region == "2380")].period)
    assert "2018" not in years and "1955" not in years


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
