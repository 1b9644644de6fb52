"""Public views in headless Chromium: embed in an iframe, static export from a plain web server, axe-core,
permalinks after a reload, the page language, and a phone's viewport."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_older, wait_for_app

pytestmark = pytest.mark.browser
AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


@pytest.fixture(scope="module")
def static_server(tmp_path_factory, seed_site) -> Iterator[tuple[str, Path]]:
    """A plain static web server (what a municipality's web server does) over a temporary folder, with the run's
    static export of the bundled snapshot at ``/site/``."""
    root = tmp_path_factory.mktemp("site")
    (root / "site").symlink_to(seed_site, target_is_directory=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _chart_drawn(scope) -> None:
    expect(scope.locator(".js-plotly-plot svg.main-svg g.trace").first).to_be_visible(timeout=20_000)


def test_embed_renders_alone_in_an_iframe_of_another_page(page: Page, app_url, static_server):
    base, root = static_server
    src = f"{app_url}/embed?kpi=population&chart=goal&lang=sv&embed=true"
    (root / "host.html").write_text(
        f'<!doctype html><html lang="sv"><head><title>Kommunens sida</title></head><body><h1>Befolkning</h1>'
        f'<iframe src="{src}" title="Folkmängd" width="100%" height="620"></iframe></body></html>',
        encoding="utf-8")
    page.goto(f"{base}/host.html")
    frame = page.frame_locator("iframe")
    _chart_drawn(frame)
    expect(frame.get_by_test_id("stSidebar")).to_have_count(0)
    expect(frame.get_by_test_id("stToolbar")).to_have_count(0)
    expect(frame.get_by_text("Öppna i Tillväxtpanelen")).to_be_visible()
    expect(frame.get_by_text("Källa:").first).to_be_visible()
    expect(frame.get_by_text("Logga in")).to_have_count(0)


def test_embed_falls_back_on_unknown_values_with_a_notice(page: Page, app_url):
    page.goto(f"{app_url}/embed?kpi=nonsense&regions=Atlantis&from=abc&embed=true")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Nyckeltalet i länken finns inte")).to_be_visible()
    _chart_drawn(page)


def test_static_export_opens_from_a_plain_web_server(page: Page, app_url, static_server):
    base, root = static_server
    page.goto(f"{base}/site/index.html")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("link", name="Folkmängd 31 december").click()
    _chart_drawn(page)
    expect(page.get_by_text("Källa:").first).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _chart_drawn(page)
    assert serious_violations(page) == []
    scripts = {p.name: p.read_text(encoding="utf-8").count("<script src=") for p in (root / "site").glob("*.html")}
    assert set(scripts.values()) == {1}  # one shared plotly.js, not one per page
    assert len(list((root / "site" / "assets").iterdir())) == 1


# Every page of the navigation is checked by axe-core in both languages in
# tests/browser/test_every_page_browser.py::test_every_page_speaks_to_visitors_in_their_language_on_their_device;
# here the embed, which that test does not open.
@pytest.mark.parametrize("path", ["embed?kpi=guest_nights&embed=true", "embed?kpi=population&chart=goal&embed=true"])
def test_no_serious_accessibility_violation(page: Page, app_url, path):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    assert serious_violations(page) == []


@pytest.mark.parametrize(("query", "lang"), [("", "sv"), ("?lang=en", "en")])
def test_the_page_language_follows_the_choice(page: Page, app_url, query, lang):
    page.goto(f"{app_url}/marknad{query}")
    wait_for_app(page)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_a_permalink_restores_the_view_after_a_reload(page: Page, app_url):
    page.goto(f"{app_url}/marknad?lang=en&peers=Lule%C3%A5&from=1975&to=1984")
    wait_for_app(page)
    slider = page.get_by_test_id("stSlider")
    expect(slider.get_by_text("1975")).to_be_visible()
    expect(slider.get_by_text("1984")).to_be_visible()
    expect(page.get_by_role("button", name="Remove Luleå")).to_be_visible()
    url = page.url
    page.reload()
    wait_for_app(page)
    assert page.url == url
    expect(page.get_by_test_id("stSlider").get_by_text("1975")).to_be_visible()
    expect(page.get_by_role("button", name="Remove Luleå")).to_be_visible()
    expect(page.locator("h1").first).to_have_text("Marketing and in-migration")
    _chart_drawn(page)
    ticks = page.get_by_test_id("stPlotlyChart").first.locator(".xtick text").all_text_contents()
    assert ticks and min(int(x) for x in ticks) >= 1974 and max(int(x) for x in ticks) <= 1985, ticks


@pytest.mark.parametrize("path", ["", "embed?kpi=population&chart=goal&embed=true"])
def test_a_phone_reads_without_sideways_scrolling(browser, app_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    _chart_drawn(page)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    context.close()
    assert width[0] <= width[1], width


def test_bädda_in_gives_the_iframe_snippet_and_the_keyboard_reaches_the_comparison(page: Page, app_url):
    page.goto(f"{app_url}/destination")
    wait_for_app(page)
    open_older(page)  # the 2016 guest nights: an old figure, its chart folded
    page.get_by_role("button", name="Bädda in").first.click()
    snippet = page.locator("code").filter(has_text="<iframe").first
    expect(snippet).to_be_visible(timeout=15_000)
    assert "/embed?kpi=guest_nights&amp;chart=trend" in snippet.inner_text() or \
        "/embed?kpi=guest_nights&chart=trend" in snippet.inner_text()
    page.keyboard.press("Escape")
    wait_for_app(page)  # closing the popover reruns the page; keys pressed during the rerun would be lost
    tab = page.get_by_role("tab", name="Över tid").first
    expect(tab).to_be_visible()
    tab.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name="Jämfört med andra").first).to_have_attribute("aria-selected", "true")
    wait_for_app(page)
    expect(page.get_by_text("Kommersiella gästnätter, jämförelse").first).to_be_visible(timeout=15_000)


@pytest.mark.parametrize("width", [390, 760])
def test_a_static_embed_fits_its_iframe_on_a_plain_web_server(browser, static_server, width):
    from kpis.present.links import iframe_snippet

    base, root = static_server
    site = root / "site"
    snippet = iframe_snippet(f"{base}/{site.name}/embed/population-goal.html", "Folkmängd")
    (root / f"host{width}.html").write_text(
        f"<!doctype html><html lang='sv'><body style='margin:0'><p>Kommunens sida</p>{snippet}</body></html>",
        encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/host{width}.html")
    frame_element = page.locator("iframe[data-tillvaxtpanelen]")
    frame = page.frame_locator("iframe[data-tillvaxtpanelen]")
    expect(frame.locator("h1")).to_have_text("Folkmängd och målet 2040")
    _chart_drawn(frame)
    expect(frame.get_by_text("Källa:").first).to_be_visible()
    page.wait_for_function(
        """() => { const f = document.querySelector('iframe[data-tillvaxtpanelen]');
                   const d = f.contentDocument.documentElement;
                   return f.style.height && Math.abs(parseInt(f.style.height) - d.scrollHeight) <= 2; }""",
        timeout=15_000)
    inner = frame_element.evaluate("f => [f.contentDocument.documentElement.scrollHeight, f.clientHeight]")
    assert inner[0] <= inner[1] + 2, inner  # the content fits: no scrollbar inside the iframe
    link = frame.get_by_role("link", name="Öppna i Tillväxtpanelen")
    expect(link).to_be_visible()
    context.close()
