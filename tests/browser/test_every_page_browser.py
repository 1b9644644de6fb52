"""Every page as a visitor sees it, on a desktop (1400 px) and a phone (390 px), in Swedish and English: it renders
(no exception or script error, its charts on first look painted, each with its source line), nothing meant for
operators, no English on Swedish pages (nor the reverse), no emoji icons, readable axes, no page
that scrolls sideways, no "Page not found", and axe-core finds nothing serious."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import wait_for_app, wait_for_charts
from tests.browser.test_public_browser import serious_violations

pytestmark = pytest.mark.browser

PATHS = ["", "vagen", "sverige", "naringsliv", "marknad", "destination", "utveckling", "data", "redigera"]
FORBIDDEN = ["<NA>", "None", "nan", "python -m", "catalog.toml", "Page not found", "vem: root", "Choose options",
             "No results", "NaN"]
ENGLISH_ON_SWEDISH = [" the ", "Source:", "Retrieved", "Show table", "Download", "Choose options", "empty"]
SWEDISH_ON_ENGLISH = ["Källa:", "Hämtad", "Visa tabell", "Ladda ned", "invånare", " och "]
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2705\u26D4\u2753\u2796\u26A0]")
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def _text(page) -> str:
    """The main area's words as a reader gets them: Material icons (drawn from their ligature names) left out."""
    page.locator("[data-testid='stMain']").wait_for(timeout=20_000)
    return page.evaluate("""() => { const main = document.querySelector("[data-testid='stMain']").cloneNode(true);
        main.querySelectorAll("[data-testid='stIconMaterial'], span[translate='no']").forEach(e => e.remove());
        document.body.appendChild(main); const text = main.innerText; main.remove(); return text; }""")


# The charts a page draws on first look (the destination's only figure, of 2016, is folded under older figures).
FIRST_LOOK_CHARTS = {"": 1, "vagen": 1, "naringsliv": 2, "marknad": 2, "destination": 0, "utveckling": 2, "data": 0}


def _renders(page, path: str, lang: str, where: str) -> list[str]:
    """No exception, a heading, and on first look at least the page's charts, each painted with a source line."""
    problems = []
    if page.get_by_test_id("stException").count():
        problems.append(f"{where}: an exception on the page")
    if not page.locator("h1").first.is_visible():
        problems.append(f"{where}: no heading")
    wanted = FIRST_LOOK_CHARTS.get(path)
    if wanted:
        charts = page.get_by_test_id("stPlotlyChart")
        count = charts.count()
        if count < wanted:
            problems.append(f"{where}: {count} charts, {wanted} expected")
        sources = page.get_by_test_id("stCaptionContainer").filter(has_text="Källa:" if lang == "sv" else "Source:")
        if sources.count() != count:
            problems.append(f"{where}: {sources.count()} source lines under {count} charts")
        painted = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
            .filter(c => !c.querySelector('svg.main-svg g.trace')).length""")
        if painted:
            problems.append(f"{where}: {painted} charts without drawn traces")
    return problems


def _layout_problems(page, where: str) -> list[str]:
    """Axes with more tick labels than a reader can read, and a page that scrolls sideways."""
    ticks = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p =>
        ['xtick', 'ytick'].map(k => p.querySelectorAll('g.' + k + ' text').length))""")
    problems = [f"{where}: an axis with {n} tick labels" for n in ticks if n > 15]
    wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    return [*problems, *([f"{where}: the page scrolls sideways"] if wide else [])]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_every_page_speaks_to_visitors_in_their_language_on_their_device(browser: Browser, app_url, path, lang):
    """On a desktop (1400 px: the words, the layout, axe-core), then the same page narrowed to a phone's 390 px
    (its charts redrawn to the width: the layout again). One load a page and language."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    problems = []
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{app_url}/{path}" + ("?lang=en" if lang == "en" else ""))
        wait_for_app(page)
        wait_for_charts(page)
        text = _text(page)
        where = f"/{path} {lang} 1400px"
        problems += _renders(page, path, lang, where) + [f"{where}: script error {e}" for e in errors]
        problems += [f"{where}: {word!r}" for word in FORBIDDEN if re.search(rf"(?<!\w){re.escape(word)}(?!\w)",
                                                                                text)]
        foreign = ENGLISH_ON_SWEDISH if lang == "sv" else SWEDISH_ON_ENGLISH
        problems += [f"{where}: foreign {word!r}" for word in foreign if word in text]
        problems += [f"{where}: emoji {m!r}" for m in set(EMOJI.findall(text))]
        problems += [f"{where}: a hash" for _ in HASH.findall(text)]
        problems += _layout_problems(page, where)
        problems += [f"{where}: {v}" for v in serious_violations(page)]
        page.set_viewport_size({"width": 390, "height": 900})
        page.wait_for_function("""() => [...document.querySelectorAll('.js-plotly-plot')]
            .every(p => p.offsetParent === null || p.getBoundingClientRect().width <= 390)""", timeout=30_000)
        wait_for_charts(page)
        problems += _layout_problems(page, f"/{path} {lang} 390px")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def public_app_url(seeded_db):
    from tests.browser.conftest import start_app

    proc, url = start_app(seeded_db, {"TILLVAXT_PUBLIC": "1"})
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.parametrize("path", PATHS)
def test_the_public_app_on_a_phone_shows_no_operator_text_and_no_missing_page(browser: Browser, public_app_url,
                                                                              path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{public_app_url}/{path}")
        wait_for_app(page)
        text = _text(page)
        assert not [w for w in FORBIDDEN if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)], path
        assert not HASH.findall(text) and "Väntar på siffror" not in text, path
        if path == "redigera":
            assert "ingen redigering" in text  # a page that says so
    finally:
        context.close()
