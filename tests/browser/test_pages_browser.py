"""Every page in headless Chromium against `streamlit run`: no exception, charts drawn, both languages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

PAGES = {"": 2, "naringsliv": 0, "marknad": 0, "destination": 0, "utveckling": 0, "data": 0}


def _open(page, url):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    wait_for_app(page)
    return errors


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("path", "charts"), list(PAGES.items()))
def test_page_renders(page, app_url, path, charts, lang):
    errors = _open(page, f"{app_url}/{path}" + ("?lang=en" if lang == "en" else ""))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert errors == []
    expect(page.locator("h1").first).to_be_visible()
    if charts:
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(charts)
        for i in range(charts):  # painted: each chart has drawn traces
            expect(page.get_by_test_id("stPlotlyChart").nth(i).locator("svg.main-svg g.trace").first).to_be_visible(
                timeout=15_000)


def test_overview_shows_goal_latest_figure_and_sources(page, app_url):
    _open(page, app_url)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("75 000")
    expect(main).to_contain_text("Folkmängd 2025")
    expect(main).to_contain_text("64 963")
    expect(main).to_contain_text("För långsamt")
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="Källa:")).to_have_count(2)
    expect(page.locator("[data-testid='stPlotlyChart'] .legendtext").filter(has_text="Målbana")).to_have_count(1)


def test_language_switch_updates_url_and_survives_reload(page, app_url):
    _open(page, app_url)
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?lang=en$"))
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Overview")
    page.reload()
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Overview")


def test_navigation_keeps_the_language(page, app_url):
    _open(page, f"{app_url}/?lang=en")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Data and sources").click()
    expect(page).to_have_url(re.compile(r"/data\?lang=en$"))
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Data and sources")
