"""A third language is one more file: a test-only French file (a copy of the English one, with its own name)
in the folder ``TILLVAXT_LANGUAGES`` names makes every page open in it, the language switch offer it, and the
static export write a site for it, with no other change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kpis.core.i18n import TEXTS_DIR
from tests.browser.conftest import PROJECT_DIR, start_app, wait_for_app
from tests.browser.test_every_page_browser import PATHS, _text

pytestmark = pytest.mark.browser

MARK = "Français (essai)"


@pytest.fixture(scope="module")
def languages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("languages")
    english = (TEXTS_DIR / "en.toml").read_text(encoding="utf-8")
    (folder / "fr.toml").write_text(english.replace('language_name = "English"', f'language_name = "{MARK}"'),
                                    encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def french_app(seeded_db, languages):
    proc, url = start_app(seeded_db, {"TILLVAXT_LANGUAGES": str(languages)})
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_every_page_opens_in_a_language_added_as_one_file(browser: Browser, french_app):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for path in PATHS:
            page.goto(f"{french_app}/{path}?lang=fr")
            wait_for_app(page)
            page.wait_for_timeout(400)
            text = _text(page)
            where = f"/{path}"
            if page.locator("[data-testid='stException']").count():
                problems.append(f"{where}: an exception")
            if "Page not found" in text or not text.strip():
                problems.append(f"{where}: no page")
            if page.evaluate("() => document.documentElement.lang") != "fr":
                problems.append(f"{where}: <html lang> is not fr")
        page.goto(f"{french_app}/?lang=fr")
        wait_for_app(page)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert MARK in sidebar  # the switch offers the new language by its own name
        assert "Population" in _text(page) or "inhabitants" in _text(page)  # the English words the copy holds
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_static_export_writes_a_site_for_the_added_language(seeded_db, languages, tmp_path):
    env = {**os.environ, "TILLVAXT_DB": str(seeded_db), "TILLVAXT_LANGUAGES": str(languages)}
    out = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "kpis", "export", str(out)], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    index = (out / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index
    assert 'href="../en/index.html"' in index and 'href="../index.html"' in index  # every other language
    assert (out / "fr" / "embed").is_dir() and any((out / "fr" / "data").glob("*.csv"))
    root = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="fr/index.html"' in root and MARK in root
