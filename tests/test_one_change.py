"""The house promises that a new Kolada KPI, a new source and a third language are each one change in one place.
These tests make each change the way the README says and check that it reaches the pages, the refresh and the
open-data catalog with nothing else touched (the third language's pages in a real browser:
tests/browser/test_third_language_browser.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import types

import duckdb
import pytest

from kpis.core import registry
from kpis.core.catalog import CATALOG_PATH, parse_catalog
from kpis.core.goal import chart_kpis
from kpis.core.i18n import TEXTS_DIR
from kpis.pipeline.refresh import refresh
from kpis.present import chart_list
from kpis.sources.kolada import kolada_plan
from kpis.sources.registry import SourceModule, fetcher
from kpis.sources.result import Fetched, observation_frame
from tests.conftest import PROJECT_DIR, copy_store, kolada_calls, pdf_text, query

NEW_KOLADA_KPI = {
    "id": "students_higher_education_share", "function": "marknad",
    "title_sv": "Andel invånare som studerar på högskola", "title_en": "Share of residents in higher education",
    "description_sv": "Ett nytt Kolada-nyckeltal.", "description_en": "A new Kolada KPI.",
    "unit_sv": "procent", "unit_en": "per cent", "direction": "higher", "periodicity": "year", "decimals": 1,
    "source": {"kind": "kolada", "kpi": "N99998"},
}


def _raw() -> dict:
    with open(CATALOG_PATH, "rb") as fh:
        return tomllib.load(fh)


def test_a_kolada_kpi_is_one_catalog_entry(sources, fresh_db, monkeypatch, tmp_path):
    """One ``[[kpis]]`` entry (a test KPI, N99998, whose test values the fake Kolada serves) is fetched, then
    reaches its function's page, the embed, the static site's charts, the board report and the open-data catalog."""
    raw = _raw()
    raw["kpis"].append(NEW_KOLADA_KPI)
    catalog = parse_catalog(raw)
    kpi = catalog.kpis["students_higher_education_share"]
    assert kolada_plan(catalog)["N99998"] == kpi.id  # refresh asks Kolada for it
    assert kpi in catalog.kpis_of("marknad")  # its function's page lists it
    assert chart_list.kinds(kpi, catalog) == ("trend", "compare", "map", "distribution", "rank")  # and draws it
    assert catalog.sources["kolada"].licence["sv"]  # its source's terms come with the source
    results = refresh(fresh_db, catalog, ["kolada"])
    assert results[0].ok, results[0].message_en
    runs = query(fresh_db, "SELECT calls FROM refresh_run WHERE source_id = 'kolada'")
    assert runs[-1][0] == kolada_calls(catalog)
    assert query(fresh_db, "SELECT value FROM observation WHERE kpi_id = ? AND region_code = '2380' AND period = "
                           "'2024'", [kpi.id]) == [(32.9,)]
    title = NEW_KOLADA_KPI["title_sv"]
    # The page and the embed, with this catalog.
    from streamlit.testing.v1 import AppTest

    from kpis.app import state
    from kpis.core import catalog as catalog_module

    monkeypatch.setattr(state, "load_catalog", lambda *_a, **_k: catalog)
    monkeypatch.setattr(catalog_module, "load_catalog", lambda *_a, **_k: catalog)
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    page = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60).run()
    page.switch_page("views/marknad.py").run()
    assert not page.exception
    assert f"{title} 2024" in [m.label for m in page.metric]  # its card
    embed = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    embed.query_params.update({"kpi": kpi.id, "chart": "trend"})
    embed.run()
    embed.switch_page("views/embed.py").run()
    assert not embed.exception and any(title in h.value for h in embed.subheader)
    # What the static site draws for it, the report's page and the open-data catalog's dataset.
    from kpis.pipeline.export import dcat
    from kpis.pipeline.report import build as build_report
    from kpis.store import reads
    from kpis.store.files import reading

    with reading(fresh_db) as con:
        obs = reads.observations(con, [kpi.id], list(catalog.regions))
        report = build_report(con, catalog, tmp_path / "rapport.pdf", 2025)
    regions = [*catalog.always, *catalog.peers_default]
    drawn = chart_list.kpi_charts(kpi, chart_list.Inputs(obs, catalog, "sv", regions=regions))
    assert {"trend", "compare"} <= {spec.kind for spec in drawn}
    assert title in re.sub(r"\s+", " ", pdf_text(report))
    graph = dcat.build(catalog, "https://example.org/", {kpi.id: dcat.Coverage("2022", "2024", "2026-12-06")})
    assert title in graph.serialize(format="json-ld")


def test_the_production_catalog_is_the_place_a_kolada_kpi_is_added():
    text = CATALOG_PATH.read_text(encoding="utf-8")
    assert re.search(r'kind = "kolada", kpi = "N[0-9]{5}"', text)  # the form the README shows


@pytest.fixture
def new_source(monkeypatch):
    """A source added as the README says: a fetcher module and its registry entry, nothing else."""
    module = types.ModuleType("kpis_test_new_source")

    def fetch(catalog, regions, base_url, timeout, progress=lambda _s: None) -> Fetched:
        progress("all")
        rows = [{"kpi_id": k.id, "region_code": catalog.home, "period": "2024", "value": 12.5, "status": None,
                 "preliminary": False, "source_url": f"{base_url}/{k.id}", "note": None}
                for k in catalog.kpis.values() if k.source_kind == "newsource"]
        return Fetched("newsource", observation_frame(rows), calls=1)

    module.fetch = fetch
    module.steps = lambda catalog: 1
    module.wanted = lambda catalog: True
    monkeypatch.setitem(sys.modules, module.__name__, module)
    kind = registry.SourceKind("newsource", {"sv": "Ny källa", "en": "New source"},
                               {"series": re.compile(r"^[a-z]+$")}, env="TILLVAXT_NEWSOURCE_URL",
                               default_url="http://127.0.0.1:9/new", module=module.__name__,
                               title={"sv": "En ny källa", "en": "A new source"},
                               licence={"sv": "CC0", "en": "CC0"},
                               licence_url="https://creativecommons.org/publicdomain/zero/1.0/")
    monkeypatch.setitem(registry.KINDS, "newsource", kind)
    return module


def test_a_new_source_is_one_module_and_one_registry_entry(new_source, fresh_db):
    raw = _raw()
    raw["kpis"].append({**NEW_KOLADA_KPI, "id": "new_series", "source": {"kind": "newsource", "series": "one"}})
    catalog = parse_catalog(raw)  # the catalog checks the KPI's source against the registry entry
    assert isinstance(new_source, SourceModule)
    assert catalog.sources["newsource"].name["en"] == "A new source"  # the source listing has it
    assert fetcher("newsource").wanted(catalog)
    results = refresh(fresh_db, catalog, ["newsource"])
    assert results[0].ok, results[0].message_en
    rows = query(fresh_db, "SELECT value, source_id, source_class FROM observation WHERE kpi_id = 'new_series'")
    assert rows == [(12.5, "newsource", "official")]
    from kpis.pipeline.export import dcat

    graph = dcat.build(catalog, "https://example.org/", {"new_series": dcat.Coverage("2024", "2024", "2026-12-03")})
    assert "publicdomain/zero" in graph.serialize(format="json-ld")


def test_a_source_module_without_the_protocol_is_refused(monkeypatch):
    module = types.ModuleType("kpis_test_broken_source")
    module.fetch = lambda *a, **k: None
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(registry.KINDS, "broken", registry.SourceKind("broken", {"sv": "x", "en": "x"},
                                                                      module=module.__name__))
    with pytest.raises(TypeError, match="steps or wanted"):
        fetcher("broken")


def test_a_catalog_text_in_a_language_it_does_not_give_reads_english():
    catalog = parse_catalog(_raw())
    kpi = catalog.kpis[catalog.goal.kpi]
    assert kpi.title["fr"] == kpi.title["en"]
    assert catalog.functions["marknad"].name["de"] == catalog.functions["marknad"].name["en"]


GROWTH = "growth_test"  # a chart about the goal added the way the README says


@pytest.fixture
def new_goal_chart(monkeypatch):
    """One kind declared (core/chart_kinds.py), one builder (present/chart_list.py), its words in each text file,
    and its name in the catalog's ``[goal] charts`` and ``overview``: the catalog every surface loads."""
    import plotly.graph_objects as go

    from kpis.core import catalog as catalog_module
    from kpis.core import chart_kinds, i18n
    from kpis.present.specs import ChartSpec

    def growth(inputs: chart_list.Inputs, _kpi: object) -> ChartSpec | None:
        goal = inputs.catalog.goal
        rows = inputs.obs[(inputs.obs["kpi_id"] == goal.kpi) & (inputs.obs["region_code"] == goal.region)]
        rows = rows.dropna(subset=["value"]).sort_values("period")
        change = rows["value"].diff().dropna()
        if change.empty:
            return None
        years = rows["period"].iloc[1:].astype(str)
        title = i18n.t("chart_growth_test", inputs.lang)
        fig = go.Figure(go.Bar(x=list(years), y=list(change)))
        return ChartSpec(GROWTH, GROWTH, title, fig, rows.assign(change=rows["value"].diff()), "SCB", title)

    monkeypatch.setitem(chart_kinds.KINDS, GROWTH, chart_kinds.ChartKind(GROWTH, chart_kinds.GOAL))
    monkeypatch.setitem(chart_list._BUILDERS, GROWTH, growth)
    for lang, tab, chart in (("sv", "Tillväxt år för år", "Folkmängdens förändring år för år (test)"),
                             ("en", "Growth year by year", "The population's change year by year (test)")):
        monkeypatch.setitem(i18n.texts(lang), f"tab_{GROWTH}", tab)
        monkeypatch.setitem(i18n.texts(lang), f"chart_{GROWTH}", chart)
    raw = _raw()
    raw["goal"]["charts"] = [*raw["goal"].get("charts", catalog_module.GOAL_CHARTS), GROWTH]
    raw["goal"]["overview"] = [*raw["goal"].get("overview", ("goal", "model", "components")), GROWTH]
    catalog = parse_catalog(raw)
    from kpis.app import state  # imported before the patch, so what it imported is what the patch undoes

    monkeypatch.setattr(state, "load_catalog", lambda *_a, **_k: catalog)
    monkeypatch.setattr(catalog_module, "load_catalog", lambda *_a, **_k: catalog)
    yield catalog


def test_a_chart_about_the_goal_is_declared_once_and_reaches_every_surface(new_goal_chart, app_env):
    from streamlit.testing.v1 import AppTest

    from kpis.store import reads
    from kpis.store.files import connect_read_only
    from tests.conftest import PROJECT_DIR

    catalog = new_goal_chart
    goal_kpi = catalog.kpis[catalog.goal.kpi]
    assert GROWTH in chart_list.kinds(goal_kpi, catalog)
    # The overview's tab, opened as a reader opens it.
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60).run()
    assert "Tillväxt år för år" in [tab.label for tab in at.tabs]
    at.session_state["overview_charts"] = "Tillväxt år för år"
    at.run()
    assert "Folkmängdens förändring år för år (test)" in [h.value for h in at.subheader]
    # The embed, by its chart parameter.
    embed = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    embed.query_params.update({"kpi": goal_kpi.id, "chart": GROWTH})
    embed.run()
    embed.switch_page("views/embed.py").run()
    assert any("Folkmängdens förändring år för år (test)" in h.value for h in [*embed.subheader, *embed.markdown])
    # The static site: what the export draws for the goal KPI's page (chart_list.kpi_charts), in both languages.
    con = connect_read_only(app_env)
    try:
        obs = reads.observations(con, list(catalog.kpis), list(catalog.regions))
    finally:
        con.close()
    for lang, title in (("sv", "Folkmängdens förändring år för år (test)"),
                        ("en", "The population's change year by year (test)")):
        drawn = chart_list.kpi_charts(goal_kpi, chart_list.Inputs(obs, catalog, lang))
        assert title in [spec.title for spec in drawn if spec.kind == GROWTH]


def test_a_chart_kind_the_registry_does_not_declare_is_refused_by_the_catalog():
    from kpis.core.catalog import CatalogError

    raw = _raw()
    raw["goal"]["charts"] = ["goal", "not_a_chart"]
    with pytest.raises(CatalogError, match="not_a_chart"):
        parse_catalog(raw)


THIRD = "sma"  # South Sami: a three-letter ISO 639 code, a language a Swedish municipality may publish in
THIRD_NAME = "Åarjelsaemien gïele (test)"
# Pages and the embed of the app in the added language, in a process of its own (the languages are read when the
# app starts): the page's title and no exception, one line a page (every page in a real browser:
# tests/browser/test_third_language_browser.py).
PAGES_IN = """
import sys
from streamlit.testing.v1 import AppTest
for page, params in [("views/overview.py", {}), ("views/naringsliv.py", {}),
                     ("views/embed.py", {"kpi": "population", "chart": "trend"})]:
    at = AppTest.from_file(sys.argv[1], default_timeout=120)
    at.query_params.update({"lang": sys.argv[2], **params})
    at.run()
    at.switch_page(page).run()
    print(page, len(at.exception), at.session_state["lang"], (at.title or at.subheader)[0].value)
"""


def test_a_language_with_a_three_letter_code_is_one_file_and_reaches_every_surface(seeded_db, tmp_path, catalog):
    """A South Sami file (a copy of the English one with its own name) in ``TILLVAXT_LANGUAGES``: the pages and the
    embed, the static site with its open-data catalog, and the board report speak it."""
    languages = tmp_path / "languages"
    languages.mkdir()
    english = (TEXTS_DIR / "en.toml").read_text(encoding="utf-8")
    (languages / f"{THIRD}.toml").write_text(
        english.replace('language_name = "English"', f'language_name = "{THIRD_NAME}"'), encoding="utf-8")
    # The goal's KPIs for the catalog's regions only: the site's pages in three languages, without every map.
    db = copy_store(seeded_db, tmp_path / "s.duckdb")
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM observation WHERE NOT list_contains(?, kpi_id) OR NOT list_contains(?, region_code)",
                [list(chart_kpis(catalog)), list(catalog.regions)])
    con.close()
    env = {**os.environ, "TILLVAXT_DB": str(db), "TILLVAXT_LANGUAGES": str(languages)}
    pages = subprocess.run([sys.executable, "-c", PAGES_IN, str(PROJECT_DIR / "app.py"), THIRD], cwd=PROJECT_DIR,
                           env=env, capture_output=True, text=True, timeout=600)
    assert pages.returncode == 0, pages.stderr
    lines = [line.split(" ", 3) for line in pages.stdout.splitlines()]
    assert len(lines) == 3 and all(exceptions == "0" and lang == THIRD for _, exceptions, lang, _ in lines), lines
    assert lines[0][3].startswith(catalog.functions["oversikt"].name["en"])  # the copy's words
    out = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "kpis", "export", str(out)], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    index = (out / THIRD / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{THIRD}">' in index
    assert 'href="../en/index.html"' in index and 'href="../index.html"' in index  # every other language
    assert (out / THIRD / "embed").is_dir() and any((out / THIRD / "data").glob("*.csv"))
    root = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{THIRD}/index.html"' in root and THIRD_NAME in root
    # The open-data catalog in the site's every language: its title, its languages, the data in the new folder.
    graph = json.loads((out / "catalog.jsonld").read_text(encoding="utf-8"))
    nodes = graph if isinstance(graph, list) else graph.get("@graph", [graph])
    [cat] = [n for n in nodes if "http://www.w3.org/ns/dcat#Catalog" in n.get("@type", [])]
    titles = {t["@language"] for t in cat["http://purl.org/dc/terms/title"]}
    assert titles == {"sv", "en", THIRD}
    languages_given = {x["@id"].rsplit("/", 1)[1] for x in cat["http://purl.org/dc/terms/language"]}
    assert languages_given == {"SWE", "ENG", "SMA"}
    assert f"/{THIRD}/data/" in (out / "catalog.jsonld").read_text(encoding="utf-8")
    # The board report in the new language (the test file's words are English).
    report = tmp_path / "rapport.pdf"
    done = subprocess.run([sys.executable, "-m", "kpis", "--lang", THIRD, "report", "--db", str(db), "--out",
                           str(report)], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    text = pdf_text(report)
    assert "\nBusiness\n" in text and "\nNäringsliv\n" not in text and "Page 1" in text  # headings, footer
