import json

import duckdb

from kpis.pipeline.export import export


def test_export_writes_pages_data_and_one_shared_plotly(seeded_db, catalog, tmp_path):
    con = duckdb.connect(str(seeded_db), read_only=True)
    files = export(tmp_path, con, catalog)
    con.close()
    assert (tmp_path / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert len([f for f in files if f.name == "plotly.min.js"]) == 1
    page = (tmp_path / "population.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page and '<script src="assets/plotly.min.js"></script>' in page
    assert page.count("<script src=") == 1 and "Folkmängd 31 december" in page and "Källa:" in page
    assert "<table" in page and "<figcaption" in page  # every chart with its table and source
    english = (tmp_path / "en" / "population.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and '<script src="../assets/plotly.min.js"></script>' in english
    meta = json.loads((tmp_path / "data" / "population.json").read_text(encoding="utf-8"))
    assert {"kpi", "title", "unit", "source", "retrieved"} <= set(meta)
    assert meta["kpi"] == "population" and meta["retrieved"] == "2026-11-26"
    csv = (tmp_path / "data" / "population.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0].startswith("nyckeltal,område,period,värde,enhet,källa")
    english_csv = (tmp_path / "en" / "data" / "population.csv").read_text(encoding="utf-8").splitlines()
    assert english_csv[0].startswith("kpi,region,period,value,unit,source")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="population.html"' in index
    own = [k.id for k in catalog.kpis.values() if not k.public]
    assert own and not any((tmp_path / f"{kpi}.html").exists() for kpi in own)  # own figures are not public
