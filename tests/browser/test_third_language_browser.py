"""A third language is one more file: a test-only South Sami file (``sma``, a three-letter ISO 639 code; a copy of
the English one with its own name) in the folder ``TILLVAXT_LANGUAGES`` names makes every page and the embed open
in it and the language switch offer it, in a real browser (the export, the report and the open-data catalog in it:
tests/test_one_change.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kpis.core.i18n import TEXTS_DIR
from tests.browser.conftest import start_app, wait_for_app
from tests.browser.test_every_page_browser import PATHS, _text

pytestmark = pytest.mark.browser

MARK = "Åarjelsaemien gïele (test)"
CODE = "sma"


@pytest.fixture(scope="module")
def languages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("languages")
    english = (TEXTS_DIR / "en.toml").read_text(encoding="utf-8")
    (folder / f"{CODE}.toml").write_text(english.replace('language_name = "English"', f'language_name = "{MARK}"'),
                                    encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def third_app(seeded_db, languages):
    proc, url = start_app(seeded_db, {"TILLVAXT_LANGUAGES": str(languages)})
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.parametrize("path", PATHS)
def test_every_page_opens_in_a_language_added_as_one_file(browser: Browser, third_app, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{third_app}/{path}?lang={CODE}")
        wait_for_app(page)
        text = _text(page)
        assert page.locator("[data-testid='stException']").count() == 0, path
        assert "Page not found" not in text and text.strip(), path
        assert page.evaluate("() => document.documentElement.lang") == CODE, path
        if path == "":
            sidebar = page.locator("[data-testid='stSidebar']").inner_text()
            assert MARK in sidebar  # the switch offers the new language by its own name
            assert "Population" in text or "inhabitants" in text  # the English words the copy holds
    finally:
        context.close()


def test_the_embed_opens_in_the_added_language(browser: Browser, third_app, catalog):
    page = browser.new_page(viewport={"width": 800, "height": 700})
    try:
        page.goto(f"{third_app}/embed?kpi={catalog.goal.kpi}&chart=trend&lang={CODE}&embed=true")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.evaluate("() => document.documentElement.lang") == CODE
        assert page.locator(".js-plotly-plot").count() == 1
        assert "Source:" in _text(page)  # the copy's words
    finally:
        page.close()
