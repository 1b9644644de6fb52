"""One concept, one number: net migration and natural increase read the same on every surface.

The store holds one series per concept (SCB's own where published, else computed once from SCB's parts); the
overview, Marknad, *Vägen till 75 000*, the live embed, the static export and the board report must all show
the value of that series, never another computation of it.
"""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import _array, _figures
from tests.conftest import PROJECT_DIR, pdf_text, query


def _store_value(db, kpi, period, region="2380"):
    return query(db, "SELECT value FROM observation WHERE kpi_id = ? AND region_code = ? AND period = ?",
                 [kpi, region, period])[0][0]


def _app(db, monkeypatch, page=None, **params):
    monkeypatch.setenv("TILLVAXT_DB", str(db))
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _bars(figure, name_start):
    trace = next(tr for tr in figure["data"] if tr.get("name", "").startswith(name_start) and tr["type"] == "bar")
    return dict(zip(_array(trace["x"]), _array(trace["y"]), strict=True))


@pytest.fixture(scope="module")
def values(seeded_db):
    return {"net_2023": _store_value(seeded_db, "net_migration", "2023"),
            "net_2025": _store_value(seeded_db, "net_migration", "2025"),
            "natural_2023": _store_value(seeded_db, "natural_increase", "2023")}


def test_the_store_holds_scbs_net_migration_and_the_natural_increase_of_scbs_parts(seeded_db, values):
    assert values["net_2023"] == 222 and values["net_2025"] == 29  # SCB's flyttningsöverskott
    births, deaths = (_store_value(seeded_db, kpi, "2023") for kpi in ("live_births", "deaths"))
    assert values["natural_2023"] == births - deaths


def test_the_overview_and_vagen_say_the_stores_latest_net_migration(seeded_db, values, monkeypatch):
    expected = f"flyttnettot var +{int(values['net_2025'])} år 2025"
    overview = _app(seeded_db, monkeypatch)
    assert expected in " ".join(m.value for m in overview.markdown)
    vagen = _app(seeded_db, monkeypatch, "views/vagen.py")
    assert expected in " ".join(m.value for m in vagen.markdown)


def test_the_overview_components_tab_draws_the_stores_series(seeded_db, values, monkeypatch):
    at = _app(seeded_db, monkeypatch)
    at.session_state["overview_charts"] = "Befolkningsförändringens delar"  # the tab, opened as a user would
    at.run()
    figures = [f for f in _figures(at) if any(tr.get("name", "").startswith("Flyttnetto") for tr in f["data"])]
    assert _bars(figures[0], "Flyttnetto")[2023] == values["net_2023"]
    assert _bars(figures[0], "Födelseöverskott")[2023] == values["natural_2023"]


def test_marknad_draws_the_stores_net_migration(seeded_db, values, monkeypatch):
    at = _app(seeded_db, monkeypatch, "views/marknad.py")
    figure = next(f for f in _figures(at) if any(tr.get("name", "").startswith("Krävs per år") for tr in f["data"]))
    assert _bars(figure, "Flyttnetto")[2023] == values["net_2023"]


def test_the_live_embed_draws_the_stores_net_migration(seeded_db, values, monkeypatch):
    at = _app(seeded_db, monkeypatch, "views/embed.py", kpi="net_migration", chart="trend", regions="2380")
    trace = _figures(at)[0]["data"][0]
    drawn = dict(zip(_array(trace["x"]), _array(trace["y"]), strict=True))
    assert drawn[2023] == values["net_2023"] and drawn[2025] == values["net_2025"]


def test_the_static_export_and_the_report_carry_the_same_numbers(seed_site, seed_report, values):
    data = json.loads((seed_site / "data" / "net_migration.json").read_text(encoding="utf-8"))
    home = {row["period"]: row["value"] for row in data["observations"] if row["region"] == "Östersund"}
    assert home["2023"] == values["net_2023"] and home["2025"] == values["net_2025"]
    natural = json.loads((seed_site / "data" / "natural_increase.json").read_text(encoding="utf-8"))
    assert {r["period"]: r["value"] for r in natural["observations"] if r["region"] == "Östersund"}["2023"] == \
        values["natural_2023"]
    text = pdf_text(seed_report)
    assert f"flyttnettot var +{int(values['net_2025'])} år 2025" in text.replace("\n", " ")


# Words of the snapshot assembler's provenance notes (they stay in data/seed/ and the app's CSV download).
ASSEMBLER_WORDS = ("Copy of existing row", "CAVEAT", "PRELIMINARY", "Population Estimate", "agrees with SCB",
                   "infobox", "GitHub copy", "context only", "(version stating", "(updated 20", "copy of en.wikipedia",
                   "old revision")


def test_no_assembler_note_reaches_a_page_an_embed_the_export_or_the_report(
        seeded_db, seed_site, seed_report, monkeypatch):
    for path in seed_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".xml", ".jsonld", ".rdf"):
            text = path.read_text(encoding="utf-8-sig")
            assert not [w for w in ASSEMBLER_WORDS if w in text], path
    report = pdf_text(seed_report)
    assert not [w for w in ASSEMBLER_WORDS if w in report]
    for page in ("views/overview.py", "views/marknad.py", "views/destination.py", "views/vagen.py"):
        at = _app(seeded_db, monkeypatch, page)
        for key in list(at.session_state.keys()):  # every table opened, as a reader would
            if key.startswith("table_"):
                at.session_state[key] = True
        at.run()
        shown = " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption),
                          *(df.value.to_csv() for df in at.dataframe)])
        assert not [w for w in ASSEMBLER_WORDS if w in shown], page
