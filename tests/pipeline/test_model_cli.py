import itertools
import json

import pytest

from tests.conftest import PROJECT_DIR, cli, export_site, pdf_text, write_report


def _model(db, *args):
    result = cli("model", "--db", db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_model_json_on_the_bundled_store(seeded_db):
    data = json.loads(_model(seeded_db, "--json"))
    assert data["start_year"] == 2025 and data["start_population"] == 64963
    assert set(data["scenarios"]) == {"zero", "avg5", "avg10", "goal"}
    for name, scenario in data["scenarios"].items():
        years = scenario["years"]
        assert years[-1]["year"] == 2040, name
        for before, row in itertools.pairwise(years):
            assert row["population"] == pytest.approx(
                before["population"] + row["births"] - row["deaths"] + row["net_migration"], abs=1e-6)
    goal = data["scenarios"]["goal"]
    assert goal["years"][-1]["population"] == pytest.approx(75000, abs=1)
    assert data["needed_net_migration_per_year"] == pytest.approx(goal["net_migration_per_year"])
    assert 600 < data["needed_net_migration_per_year"] < 700
    # The store's one net migration series: SCB's own 2025 figure, not the identity's.
    assert (data["latest_net_migration"]["year"], data["latest_net_migration"]["value"]) == (2025, 29)
    assert data["model"] == "components" and data["model_reason"] == "no_age_events"


def test_model_text_and_one_scenario(seeded_db):
    text = _model(seeded_db, "--scenario", "zero")
    assert "inflyttade netto per år behövs 2026–2040" in text and "Inget flyttnetto" in text
    assert "Målet" not in text.split("\n", 2)[2]


def test_the_page_says_what_the_command_says(seeded_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    data = json.loads(_model(seeded_db, "--json"))
    needed = f"{round(data['needed_net_migration_per_year']):,}".replace(",", "\u00a0")
    monkeypatch.setenv("TILLVAXT_DB", str(seeded_db))
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
    overview = " ".join(m.value for m in at.markdown)
    assert f"{needed} inflyttade netto per år behövs 2026–2040" in overview
    at.switch_page("views/vagen.py").run()
    assert not at.exception
    page = " ".join(m.value for m in at.markdown)
    assert f"{needed} inflyttade netto per år behövs 2026–2040" in page
    assert "komponentmodell" in page


def test_a_refresh_with_ages_switches_the_model_to_cohorts(aged_db):
    data = json.loads(_model(aged_db, "--json"))
    assert (data["model"], data["model_reason"]) == ("cohort", "cohort")
    assert set(data["scenarios"]) == {"zero", "avg5", "avg10", "goal", "scb"}
    for name, scenario in data["scenarios"].items():
        if name == "scb":
            assert scenario["kind"] == "forecast" and scenario["net_migration_per_year"] is None
            continue
        for before, row in itertools.pairwise(scenario["years"]):
            assert row["population"] == pytest.approx(
                before["population"] + row["births"] - row["deaths"] + row["net_migration"], abs=1e-6)
    assert data["scenarios"]["goal"]["years"][-1]["population"] == pytest.approx(75000, abs=1)
    groups = data["needed_net_migration_by_age_group"]
    assert [g["ages"] for g in groups] == [[0, 19], [20, 34], [35, 64], [65, 100]]
    assert sum(g["needed_per_year"] for g in groups) == pytest.approx(data["needed_net_migration_per_year"])
    assert data["scb_projection"].startswith("Framskriven folkmängd efter region")
    assert (data["scb_projection_table"], data["scb_projection_published"]) == ("TAB698", "2025-05-27")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_shows_the_cohort_model_and_the_needs_by_age(aged_db, monkeypatch, lang):
    from streamlit.testing.v1 import AppTest

    data = json.loads(_model(aged_db, "--json"))
    mark = "\u00a0" if lang == "sv" else ","
    needed = f"{round(data['needed_net_migration_per_year']):,}".replace(",", mark)
    monkeypatch.setenv("TILLVAXT_DB", str(aged_db))
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30)
    at.query_params["lang"] = lang
    at.run()
    overview = " ".join(m.value for m in at.markdown)
    assert ("Störst skillnad mot det som sågs: 0–19 år" if lang == "sv" else
            "Largest difference from what was seen: 0–19 years") in overview
    at.switch_page("views/vagen.py").run()
    assert not at.exception
    page = " ".join(m.value for m in at.markdown)
    words = {"sv": ("inflyttade netto per år behövs", "kohortmodell"),
             "en": ("net in-movers a year are needed", "cohort model")}[lang]
    assert f"{needed} {words[0]}" in page and words[1] in page
    groups = at.dataframe[0].value
    assert len(groups) == 4 and groups.iloc[0, 0] == ("0–19 år" if lang == "sv" else "0–19 years")
    scenarios = at.table[0].value  # a static table that fits a phone, the scenario's name first
    assert scenarios.index.str.contains("SCB").any()
    # The same groups drawn: what the goal needs against what was seen, with SCB's tables as the source.
    figures = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    bars = [f for f in figures if f["layout"].get("barmode") == "group"]
    assert len(bars) == 1 and list(bars[0]["data"][0]["x"]) == list(groups.iloc[:, 0])
    captions = " ".join(c.value for c in at.caption)
    assert "TAB1212" in captions and "TAB6640" in captions


def test_the_source_listing_counts_the_ages(aged_db):
    from kpis.store import reads
    from kpis.store.files import reading

    with reading(aged_db) as con:
        listing = reads.sources(con).set_index("id")
    assert listing.loc["scb_ages", "observations"] > 3000 and listing.loc["scb_ages", "last_retrieved"] is not None


def test_the_export_carries_the_cohort_model_and_the_needs_by_age(aged_db, small_catalog, tmp_path):
    site = tmp_path / "site"
    export_site(aged_db, small_catalog, site)  # the goal's pages: what the cohort model changes
    page = (site / "population.html").read_text(encoding="utf-8")
    assert "SCB:s befolkningsprognos" in page and "kohortmodellen" in page
    embed = (site / "embed" / "population-age_groups.html").read_text(encoding="utf-8")
    assert "Flyttnetto per år efter ålder" in embed and "TAB1212" in embed
    assert (site / "en" / "embed" / "population-age_groups.html").exists()


def test_the_report_says_the_needs_by_age(aged_db, tmp_path):
    text = " ".join(pdf_text(write_report(aged_db, tmp_path / "rapport.pdf")).split())
    assert "Flyttnetto per år efter ålder som målet kräver" in text and "65 år och äldre" in text


def test_the_needs_by_age_can_be_embedded(aged_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TILLVAXT_DB", str(aged_db))
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30)
    at.query_params["kpi"] = "population"
    at.query_params["chart"] = "age_groups"
    at.run()
    at.switch_page("views/embed.py").run()
    assert not at.exception and not at.text
    assert at.subheader[0].value.startswith("Flyttnetto per år efter ålder")


@pytest.mark.parametrize("args", [["--fertility", "nan"], ["--fertility", "inf"], ["--migration", "inf"],
                                  ["--window", "0"], ["--fertility", "-5"], ["--until", "1000000"]])
def test_model_inputs_outside_their_bounds_are_refused_in_words(seeded_db, args):
    done = cli("model", "--json", "--db", seeded_db, *args)
    assert done.returncode == 2 and done.stdout == ""
    assert "Antagandena måste vara tal inom sina gränser" in done.stderr and args[0] in done.stderr
