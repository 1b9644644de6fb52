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


@pytest.mark.parametrize("path", PATHS)
def test_every_page_opens_in_a_language_added_as_one_file(browser: Browser, french_app, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{french_app}/{path}?lang=fr")
        wait_for_app(page)
        text = _text(page)
        assert page.locator("[data-testid='stException']").count() == 0, path
        assert "Page not found" not in text and text.strip(), path
        assert page.evaluate("() => document.documentElement.lang") == "fr", path
        if path == "":
            sidebar = page.locator("[data-testid='stSidebar']").inner_text()
            assert MARK in sidebar  # the switch offers the new language by its own name
            assert "Population" in text or "inhabitants" in text  # the English words the copy holds
    finally:
        context.close()


def test_the_static_export_writes_a_site_for_the_added_language(seeded_db, languages, tmp_path, catalog):
    import duckdb

    from kpis.core.goal import chart_kpis
    from tests.conftest import copy_store

    # The goal's KPIs for the catalog's regions only: the site's pages in three languages, without every map.
    db = copy_store(seeded_db, tmp_path / "s.duckdb")
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM observation WHERE NOT list_contains(?, kpi_id) OR NOT list_contains(?, region_code)",
                [list(chart_kpis(catalog)), list(catalog.regions)])
    con.close()
    env = {**os.environ, "TILLVAXT_DB": str(db), "TILLVAXT_LANGUAGES": str(languages)}
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
