"""The upload in a real browser gives the same messages as the command line; public mode has no editing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from kpis.pipeline.auth import hash_password
from tests.browser.conftest import start_app, wait_for_app
from tests.pipeline.importing.bad_files import bad_files, good_excel_csv

pytestmark = pytest.mark.browser
PASSWORD = "rätt häst batteri häftstift"


@pytest.fixture(scope="module")
def secrets_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    path.write_text(f'[editors.anna]\nname = "Anna Andersson"\npassword_hash = "{hash_password(PASSWORD)}"\n',
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def edit_app(tmp_path_factory, catalog, seed, secrets_file) -> Iterator[str]:
    from kpis.pipeline.seed import build as build_store

    db = build_store(tmp_path_factory.mktemp("editdb") / "tillvaxt.duckdb", catalog, seed)
    proc, url = start_app(db, extra_args=["--secrets.files", str(secrets_file)])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def public_app(tmp_path_factory, catalog, seed, secrets_file) -> Iterator[str]:
    from kpis.pipeline.seed import build as build_store

    db = build_store(tmp_path_factory.mktemp("pubdb") / "tillvaxt.duckdb", catalog, seed)
    proc, url = start_app(db, {"TILLVAXT_PUBLIC": "1"}, extra_args=["--secrets.files", str(secrets_file)])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def _sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/redigera")
    wait_for_app(page)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("heading", name="Redigera egna siffror och mål").wait_for(timeout=20_000)
    wait_for_app(page)


def _upload(page: Page, name: str, data: bytes) -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    mime = xlsx if name.endswith(".xlsx") else "text/csv"
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.wait_for_timeout(200)  # the upload starts a run of the script: let it begin before waiting for its end
    wait_for_app(page)


SAMPLE = 3  # every third bad file in the browser; each one's words, row and column: tests/pipeline/importing/


def test_bad_files_get_the_same_message_in_the_browser(page: Page, edit_app):
    """Empty, too big, an unknown column, a published KPI, odd years and numbers, formulas, bad targets and a
    broken workbook: each refused on the page with the words and row the check gives, nothing written."""
    _sign_in(page, edit_app)
    for bad in bad_files()[::SAMPLE]:
        _upload(page, bad.name, bad.data)
        table = page.locator("[data-testid='stTable']").first
        table.wait_for(timeout=15_000)
        text = table.inner_text()
        assert bad.sv in text, (bad.name, text)
        if bad.row is not None:
            assert str(bad.row) in text
        assert page.get_by_text("inget skrevs").first.is_visible()


def test_a_good_file_is_previewed_and_written(page: Page, edit_app):
    _sign_in(page, edit_app)
    _upload(page, "destination.csv", good_excel_csv())
    page.get_by_text("3 nya, 0 ändrade, 0 oförändrade rader (siffror).").wait_for(timeout=15_000)
    page.get_by_role("button", name="Skriv till databasen").click()
    # The import's number depends on what the module's other tests wrote first (their order is random).
    page.get_by_text(re.compile(r"Inläsning \d+ skriven: 3 nya och 0 ändrade rader\.")).wait_for(timeout=15_000)
    page.goto(f"{edit_app}/destination")
    wait_for_app(page)
    assert page.get_by_text("Genomförda evenemang 2024").first.is_visible()


def test_public_mode_has_no_editing_by_navigation_or_url(page: Page, public_app):
    for path in ("", "/redigera", "/logga-in", "/edit", "/sign_in"):
        page.goto(f"{public_app}{path}")
        wait_for_app(page)
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Logga in" not in nav and "Redigera" not in nav
        assert page.locator("input[type='password']").count() == 0
        assert page.locator("[data-testid='stFileUploader']").count() == 0
        assert page.locator("[data-testid='stForm']").count() == 0


def test_a_comments_file_is_previewed_and_written_on_the_page(page: Page, edit_app):
    _sign_in(page, edit_app)
    text = b"kpi;period;analysis;actions;public\nevents_held;2024;Fler evenemang;;ja\n"
    _upload(page, "kommentarer.csv", text)
    page.get_by_text("1 nya, 0 ändrade, 0 oförändrade rader").wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.get_by_role("button", name="Skriv till databasen").click()
    page.get_by_text("Inläsning").first.wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("half", [0, 1])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_signed_in_pages_speak_the_users_language_without_placeholders(browser, edit_app, lang, half):
    import re

    from tests.browser.test_every_page_browser import EMOJI, _text

    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    _sign_in(page, edit_app)
    if lang == "en":
        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
        wait_for_app(page)
    links = page.locator("[data-testid='stSidebarNav'] a")
    count = links.count()
    assert count >= 7
    for i in range(half, count, 2):  # through the navigation, so the session (signed in) is kept; half the pages
        href = links.nth(i).get_attribute("href")
        links.nth(i).click()
        page.wait_for_function("h => location.pathname === new URL(h, location.href).pathname", arg=href,
                               timeout=15_000)
        wait_for_app(page)
        text = _text(page)
        where = links.nth(i).inner_text()
        for word in ("<NA>", "None", "Page not found", "Choose options", "python -m", "NaN"):
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), (where, word)
        assert not EMOJI.findall(text), where
        if lang == "sv":
            assert "Browse files" not in text and "Drag and drop" not in text, where
    assert page.locator("[data-testid='stSidebarNav']").get_by_text("Redigera" if lang == "sv" else "Edit").count()
    page.context.close()
