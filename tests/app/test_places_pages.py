"""Sweden's municipalities through Streamlit's AppTest: the embed of a map and a spread, the map page's KPI from
the URL (a wrong one falls back with a notice), the page on the bundled snapshot (SCB's figures for every
municipality) and on a store without all municipalities."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_DIR


def _run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return at


@pytest.fixture
def everyone_env(everyone_db, monkeypatch):
    monkeypatch.setenv("TILLVAXT_DB", str(everyone_db))


def test_the_embed_draws_a_map_and_a_spread(everyone_env):
    at = _run("views/embed.py", kpi="net_migration", chart="map")
    assert not at.exception
    assert at.subheader[0].value == "Flyttnetto i Sveriges kommuner, per 1 000 invånare, 2023"
    at = _run("views/embed.py", kpi="population", chart="distribution", lang="en")
    assert not at.exception
    assert at.subheader[0].value.startswith("Population on 31 December: every municipality")


def test_the_map_page_reads_its_kpi_from_the_url(everyone_env):
    at = _run("views/sverige.py", kpi="deaths")
    assert not at.exception
    assert at.selectbox[0].value == "deaths"
    assert any("lägst värde är plats 1" in m.value for m in at.markdown)
    at = _run("views/sverige.py", kpi="no_such_kpi")
    assert not at.exception
    assert at.selectbox[0].value == "population"
    assert any(str(line.value).startswith("ℹ") for line in at.text)  # told, and it fell back


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_bundled_snapshot_draws_every_municipality_with_the_homes_rank(app_env, lang):
    at = _run("views/sverige.py", kpi="population", lang=lang)
    assert not at.exception and not at.info
    [shape_map] = [json.loads(el.proto.spec) for el in at.get("plotly_chart")
                   if any(tr.get("fill") == "toself" for tr in json.loads(el.proto.spec)["data"])]
    table = at.dataframe[0].value
    assert len(table) == 290  # every municipality, with SCB's figure
    rank = "har plats" if lang == "sv" else "ranks"
    assert any(rank in m.value and "290" in m.value for m in at.markdown), [m.value for m in at.markdown]
    titles = [h.value for h in at.subheader]
    assert len(titles) == 3 and shape_map["layout"]["height"] > 0  # the map, the spread, the rank over time


def test_the_map_page_says_what_is_missing_on_a_store_without_every_municipality(fresh_db, monkeypatch, catalog):
    import duckdb

    con = duckdb.connect(str(fresh_db))
    con.execute("DELETE FROM observation WHERE NOT list_contains(?, region_code)", [list(catalog.regions)])
    con.close()
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    at = _run("views/sverige.py")
    assert not at.exception
    assert any("nästan alla Sveriges kommuner" in i.value for i in at.info)


HOSTILE_TITLE = ("Liknande kommuner, [Läs mer hos RKA](https://evil.example/phish) ![rka](https://evil.example/px.png) "
                 "**VIKTIGT**, Östersund, 2025")


def test_kolada_peers_come_from_a_stable_url_id_and_a_groups_title_stays_text(everyone_db, tmp_path, monkeypatch):
    from tests.conftest import copy_store, query

    db = copy_store(everyone_db, tmp_path / "hostile.duckdb")
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE municipality_group SET title = ? WHERE group_id = 'G99201'", [HOSTILE_TITLE])
    assert query(db, "SELECT count(*) FROM municipality_group WHERE title = ?", [HOSTILE_TITLE])[0][0] > 0
    monkeypatch.setenv("TILLVAXT_DB", str(db))
    for lang in ("sv", "en"):
        at = _run("views/marknad.py", peer_set="kolada", lang=lang)  # as the README writes it, in either language
        assert not at.exception
        assert at.query_params["peer_set"] in ("kolada", ["kolada"])
        said = [c.value for c in at.sidebar.caption if "VIKTIGT" in c.value]
        assert said, [c.value for c in at.sidebar.caption]
        for text in said:  # every Markdown character escaped: no link, no image, no bold
            assert "](https" not in text and "**VIKTIGT**" not in text and "\\[Läs mer" in text
