"""Hostile text in a comment, in a real browser: never a link, never a script, in the live embed and the page."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import start_app, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def commented_app(seeded_db, tmp_path_factory, catalog):
    from kpis.pipeline import editing

    db = tmp_path_factory.mktemp("hostile") / "tillvaxt.duckdb"
    shutil.copy(seeded_db, db)
    text = ("kpi;period;analysis;actions;public\npopulation;2025;Läs mer på https://evil.example/x eller "
            "www.evil.example;Skriv till anna@evil.example;ja\n").encode()
    editing.apply(db, editing.check_file(text, "k.csv", catalog), "anna")
    proc, url = start_app(db)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.parametrize("path", ["embed?kpi=population&chart=goal&embed=true", "", "vagen"])
def test_a_bare_url_or_address_in_a_comment_is_never_a_link(browser: Browser, commented_app, path):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{commented_app}/{path}")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    assert "evil.example" in main.inner_text()  # the comment is there, as text
    links = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stMain'] a")]
        .map(a => a.getAttribute('href') || '').filter(h => h.includes('evil'))""")
    assert links == []
    page.context.close()
