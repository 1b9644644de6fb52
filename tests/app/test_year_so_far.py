"""SCB's monthly statistics after a refresh (TAB1625 + TAB6473, months to 2026M10 in the test SCB): the store's
monthly series, the overview's year so far against the goal in both languages, the cumulative chart and its embed,
Marknad's monthly flows and the report's page; on a store without them, one sentence and nothing empty."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import _figures
from tests.conftest import PROJECT_DIR, pdf_text, query, write_report
from tests.test_one_number_per_concept import _app


def test_the_monthly_series_are_stitched_official_and_this_years_months_preliminary(months_db):
    found = dict(((k, p), (v, prel, cls)) for k, p, v, prel, cls in query(
        months_db, "SELECT kpi_id, period, value, preliminary, source_class FROM observation "
                   "WHERE region_code = '2380' AND kpi_id = 'population_change_month'"))
    assert ("population_change_month", "2024M12") in found and ("population_change_month", "2025M01") in found
    assert max(p for _, p in found) == "2026M10"  # the last month SCB has published; none after it
    assert all(cls == "official" for _, _, cls in found.values())
    assert all(prel for (_, p), (_, prel, _) in found.items() if p.startswith("2026"))
    assert not any(prel for (_, p), (_, prel, _) in found.items() if p.startswith("2024"))
    parts = dict(query(months_db, "SELECT kpi_id, value FROM observation WHERE region_code = '2380' AND period = "
                                  "'2026M08' AND kpi_id IN ('net_migration_month', 'net_migration_county_month', "
                                  "'net_migration_sweden_month', 'net_migration_abroad_month')"))
    assert parts["net_migration_month"] == sum(v for k, v in parts.items() if k != "net_migration_month")


@pytest.mark.parametrize(("lang", "words"), [
    ("sv", ("2026 hittills (januari–oktober)", "målets takt motsvarar", "Skattning av folkmängden 31 december 2026",
            "inte SCB:s siffra", "80 % intervall", "Samma skattning gjord för 2015–2025")),
    ("en", ("2026 so far (January–October)", "the goal's pace means", "Estimate of the population on 31 December",
            "not SCB's figure", "80% interval", "The same estimate made for 2015–2025"))])
def test_the_overview_says_how_the_year_is_going_against_the_goal(months_db, monkeypatch, lang, words):
    at = _app(months_db, monkeypatch, lang=lang)
    said = " ".join([*(h.value for h in at.subheader), *(m.value for m in at.markdown)])
    for word in words:
        assert word in said, (word, said)
    assert ("Efter målets takt med" in said or "Före målets takt med" in said) if lang == "sv" else \
        ("Behind the goal's pace by" in said or "Ahead of the goal's pace by" in said)
    cumulative = [f for f in _figures(at) if any(tr.get("name") == "2026" for tr in f["data"])]
    assert cumulative, "the cumulative chart"
    names = [tr["name"] for tr in cumulative[0]["data"]]
    assert names[:6] == ["2026", "2025", "2024", "2023", "2022", "2021"] and len(names) == 7  # and the goal's path


def test_the_cumulative_chart_embeds_and_the_report_has_the_year_so_far(months_db, monkeypatch, tmp_path):
    at = _app(months_db, monkeypatch, "views/embed.py", kpi="population", chart="months")
    assert at.subheader[0].value.startswith("Året hittills")
    text = pdf_text(write_report(months_db, tmp_path / "report.pdf")).replace("\n", " ")
    assert "2026 hittills (januari–oktober)" in text and "inte SCB:s siffra" in text


def test_marknad_shows_the_monthly_flows(months_db, monkeypatch):
    at = _app(months_db, monkeypatch, "views/marknad.py")
    labels = [m.label for m in at.metric]
    assert any(label.startswith("Flyttnetto inom länet per månad okt. 2026") for label in labels), labels


def test_without_monthly_figures_one_sentence_says_they_come_with_the_next_refresh(app_env):
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
    assert not at.exception
    said = [c.value for c in at.caption if "Månadssiffror" in c.value]
    assert said == ["Månadssiffror från SCB (hur året går hittills) kommer med nästa uppdatering från källorna."]
    assert not any("hittills (" in h.value for h in at.subheader)


def test_a_monthly_flow_says_the_year_so_far_against_the_same_months_before(months_db, monkeypatch):
    at = _app(months_db, monkeypatch, "views/marknad.py")
    said = [m.value for m in at.markdown if "Hittills i år, januari–oktober 2026" in m.value]
    assert said and all("samma månader 2025" in s and "personer" in s for s in said), said
