import itertools
import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR


def _model(db, *args):
    result = subprocess.run([sys.executable, "-m", "kpis", "model", "--db", str(db), *args], cwd=PROJECT_DIR,
                            capture_output=True, text=True, timeout=120, check=False)
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
    assert data["latest_net_migration"]["year"] == 2024


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
