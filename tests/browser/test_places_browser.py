"""Sweden's municipalities in a real browser with no internet: the map page, the overview's map, a function
page's map tab and Kolada's similar municipalities as the comparison, on a phone and in English too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import start_app, wait_for_app
from tests.browser.test_every_page_browser import _text

pytestmark = pytest.mark.browser

MAP = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.data &&
    gd.data.filter(t => t.fill === 'toself').length >= 5)"""


@pytest.fixture(scope="module")
def everyone_app(everyone_db):
    proc, url = start_app(everyone_db)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def _offline(browser: Browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    return page


def _maps(page: Page) -> int:
    page.wait_for_function(f"() => ({MAP})().length > 0", timeout=30_000)
    return page.evaluate(f"() => ({MAP})().length")


def test_the_map_page_draws_offline_on_a_phone_and_zooms(browser: Browser, everyone_app):
    page = _offline(browser, 390)
    try:
        page.goto(f"{everyone_app}/sverige?kpi=net_migration")
        wait_for_app(page, 60_000)
        assert _maps(page) == 1
        text = _text(page)
        assert "av 290 kommuner" in text and "Flyttnetto" in text, text[:1500]
        assert page.locator("[data-testid='stException']").count() == 0
        before = page.evaluate(f"() => ({MAP})()[0].layout.xaxis.range.slice()")
        page.locator(".updatemenu-button").filter(has_text="Jämtlands län").first.click()
        page.wait_for_function(f"b => ({MAP})()[0].layout.xaxis.range[0] !== b[0]", arg=before, timeout=15_000)
        after = page.evaluate(f"() => ({MAP})()[0].layout.xaxis.range.slice()")
        assert after[1] - after[0] < (before[1] - before[0]) / 3  # the county is far narrower than Sweden
        assert page.locator("[data-testid='stDataFrame']").count() >= 1  # the table of every municipality
    finally:
        page.context.close()


def test_the_overview_leads_with_the_population_map_in_english(browser: Browser, everyone_app):
    page = _offline(browser, 1280)
    try:
        page.goto(f"{everyone_app}/?lang=en")
        wait_for_app(page, 60_000)
        assert _maps(page) == 1
        text = _text(page)
        assert "Where in Sweden does the population grow?" in text
        assert "of 290 municipalities" in text and "The goal needs" in text
    finally:
        page.context.close()


def test_a_function_page_offers_the_map_and_koladas_similar_municipalities(browser: Browser, everyone_app):
    page = _offline(browser, 1280)
    try:
        page.goto(f"{everyone_app}/marknad")
        wait_for_app(page, 60_000)
        assert "Plats " in _text(page)  # the KPI cards' rank
        page.get_by_role("tab", name="Karta").first.click()
        wait_for_app(page, 60_000)
        assert _maps(page) >= 1
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("Liknande kommuner (Kolada)").click()
        wait_for_app(page, 60_000)
        said = sidebar.inner_text()
        assert "Liknande kommuner, övergripande, Östersund, 2025" in said and "statistisk metod" in said
        assert "peer_set=" in page.url  # kept in the link
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.context.close()


def test_data_and_sources_lists_koladas_groups_and_how_they_were_chosen(browser: Browser, everyone_app):
    page = _offline(browser, 1280)
    try:
        page.goto(f"{everyone_app}/data?lang=en")
        wait_for_app(page, 60_000)
        text = _text(page)
        assert "Similar municipalities according to Kolada" in text and "statistical method" in text
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.context.close()
