"""Pages in headless Chromium against `streamlit run`: what a reader does on them (every page rendering in both
languages: tests/browser/test_every_page_browser.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_older, wait_for_app

pytestmark = pytest.mark.browser

def _open(page, url):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    wait_for_app(page)
    return errors


def test_overview_shows_goal_latest_figure_and_sources(page, app_url):
    _open(page, app_url)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("75 000")
    expect(main).to_contain_text("Folkmängd 2025")
    expect(main).to_contain_text("64 963")
    expect(main).to_contain_text("Begränsade framsteg")
    expect(main).to_contain_text("den första minskningen sedan 2011")
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="Källa:")).to_have_count(2)  # the tab, the map
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


def test_direct_page_load_goes_through_the_app(page, app_url):
    """Opening /marknad directly still gets the language switch and the translated navigation."""
    _open(page, f"{app_url}/marknad?lang=en")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_contain_text("Marketing and in-migration")
    expect(nav).not_to_contain_text("naringsliv")
    expect(page.locator("h1").first).to_have_text("Marketing and in-migration")


def test_peer_selection_survives_reload(page, app_url):
    _open(page, f"{app_url}/marknad")  # the peers with migration figures: Luleå and Gävle
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Remove Gävle").click()  # Streamlit's chip close button
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"peers="))
    kept = page.url
    assert "G%C3%A4vle" not in kept and "Gävle" not in kept
    page.reload()
    wait_for_app(page)
    assert page.url == kept
    expect(sidebar.get_by_text("Gävle", exact=True)).to_have_count(0)
    expect(sidebar.get_by_text("Luleå", exact=True)).to_have_count(1)


def test_csv_download_matches_the_table(page, app_url):
    _open(page, f"{app_url}/destination")
    open_older(page)  # the 2016 guest nights: an old figure, its chart folded
    page.get_by_text("Visa tabell och ladda ned").first.click()
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").first.get_by_role("button").click()
    text = open(info.value.path(), encoding="utf-8-sig").read().splitlines()  # as Swedish Excel reads it
    assert text[0].startswith("nyckeltal;område;period;värde;enhet;källa;källtyp;anmärkning")
    assert any(line.startswith("guest_nights;Östersund;2016;") for line in text[1:])
    assert any(";republished;" in line or ";återpublicerad;" in line for line in text[1:])  # the source class


def test_what_changed_starts_at_the_previous_visit(browser, app_url):
    import datetime as dt

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = app_url.split("//", 1)[1].split(":", 1)[0]
    earlier = (dt.date.today() - dt.timedelta(days=9)).isoformat()
    context.add_cookies([{"name": "tillvaxtpanelen_last_visit", "value": earlier, "domain": host, "path": "/"}])
    page = context.new_page()
    try:
        _open(page, app_url)
        page.get_by_text("Vad har ändrats?").click()
        expect(page.get_by_test_id("stDateInput").locator("input")).to_have_value(earlier)
        # This visit is remembered for the next one: the cookie now holds today's date, nothing else.
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies["tillvaxtpanelen_last_visit"] == dt.date.today().isoformat()
    finally:
        context.close()
