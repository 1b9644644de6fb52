"""Signing in with the municipality's own accounts (OpenID Connect through ``st.login``), in a real browser against
a real OIDC provider on loopback (tests/fakes/oidc_provider.py): the editor's functions from a ``groups`` claim, an
identity without a role refused, tokens that fail Authlib's checks refused, claims that cannot be checked refused
and never shown as HTML, sign-out, a provider that is down; password accounts beside it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from kpis.pipeline.auth import hash_password
from tests.browser.conftest import NGINX, free_port, start_app, start_nginx, wait_for_app
from tests.browser.test_edit_browser import _upload
from tests.fakes.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider

pytestmark = pytest.mark.browser
PASSWORD = "rätt häst batteri häftstift"
EDIT = "Redigera egna siffror och mål"


def _secrets(port: int, metadata_url: str) -> str:
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-cookie-secret-for-the-tests-only-0123456789"

[auth.kommun]
label = "Östersunds kommun"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{metadata_url}"

[sign_in]
claim = "groups"
session_hours = 8

[sign_in.functions]
"tillvaxt-marknad" = ["marknad"]
"tillvaxt-admin" = ["*"]

[editors.bertil]
name = "Bertil Ek"
password_hash = "{hash_password(PASSWORD)}"
functions = ["marknad"]
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    found = OidcProvider().start()
    yield found
    found.stop()


def _app(tmp_path_factory, catalog, seed, metadata_url: str, public_port: int | None = None
         ) -> Iterator[tuple[str, object]]:
    """The app with a provider and a password account; ``public_port``: the port the browser reaches it on (nginx's)
    where that is not the app's own."""
    from kpis.pipeline.seed import build as build_store

    folder = tmp_path_factory.mktemp("oidc")
    db = build_store(folder / "tillvaxt.duckdb", catalog, seed)
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(_secrets(public_port or port, metadata_url), encoding="utf-8")
    proc, url = start_app(db, extra_args=["--secrets.files", str(secrets)], port=port)
    yield url, db
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory, catalog, seed, provider) -> Iterator[tuple[str, object]]:
    yield from _app(tmp_path_factory, catalog, seed, provider.metadata_url)


@pytest.fixture(scope="module")
def down_app(tmp_path_factory, catalog, seed) -> Iterator[tuple[str, object]]:
    yield from _app(tmp_path_factory, catalog, seed, f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration")


@pytest.fixture(scope="module")
def nginx_app(tmp_path_factory, catalog, seed, provider) -> Iterator[tuple[str, object]]:
    """The bundled nginx config in front of the app, the callback address nginx's."""
    if NGINX is None:
        pytest.skip("nginx is not installed (make test installs nginx-light)")
    port = free_port()
    for app_url, db in _app(tmp_path_factory, catalog, seed, provider.metadata_url, public_port=port):
        proc, url = start_nginx(app_url, tmp_path_factory.mktemp("nginx"), port)
        yield url, db
        proc.terminate()
        proc.wait(timeout=10)


def _sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/redigera")
    wait_for_app(page)
    page.get_by_role("button", name="Logga in med Östersunds kommun").click()
    # To the provider and back: /auth/login, the provider's /authorize, /oauth2callback, then the app's start page
    # (signed in, or not when the token failed its checks).
    # The identity cookie is set by the callback's answer: the start page need not finish drawing.
    page.wait_for_url(f"{url}/", timeout=30_000, wait_until="commit")
    page.goto(f"{url}/redigera")
    wait_for_app(page)


def _log(db) -> list[dict]:
    path = db.with_name(f"{db.name}.sign-in.log")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


MARKNAD_TARGET = "kpi;target_year;target_value\nnet_migration;{year};700\n"  # a year of its own per account
NARINGSLIV_TARGET = b"kpi;target_year;target_value\nemployment_rate_20_64_pct;2030;86\n"


@pytest.mark.parametrize("account", ["provider", "password"])
def test_a_marknad_lead_imports_a_target_is_refused_for_naringsliv_and_signs_out(page: Page, oidc_app, provider,
                                                                                 account):
    """The issue's whole story, once with the municipality's account (Marknad from the ``groups`` claim) and once
    with a password account of the same role."""
    url, db = oidc_app
    if account == "provider":
        provider.sign_in_as("sub-karin-1", "Karin Lund", ["tillvaxt-marknad", "alla-anstallda"])
        name = "Karin Lund"
        _sign_in(page, url)
    else:
        name = "Bertil Ek"
        page.goto(f"{url}/redigera")
        wait_for_app(page)
        page.get_by_label("Användarnamn").fill("bertil")
        page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Logga in", exact=True).click()
    page.get_by_role("heading", name=EDIT).wait_for(timeout=20_000)
    wait_for_app(page)
    assert f"Inloggad som {name}" in page.inner_text("[data-testid='stMain']")
    _upload(page, "mal-marknad.csv", MARKNAD_TARGET.format(year=2030 if account == "provider" else 2035).encode())
    page.get_by_text(re.compile(r"1 nya, 0 ändrade, 0 oförändrade rader")).wait_for(timeout=15_000)
    page.get_by_role("button", name="Skriv till databasen").click()
    page.get_by_text(re.compile(r"Inläsning \d+ skriven: 1 nya och 0 ändrade rader\.")).wait_for(timeout=15_000)
    wait_for_app(page)  # the written file's uploader gives way to a fresh one: wait until only that one is left
    page.wait_for_function(
        "() => document.querySelectorAll(\"[data-testid='stFileUploaderDropzoneInput']\").length === 1",
        timeout=15_000)
    _upload(page, "mal-naringsliv.csv", NARINGSLIV_TARGET)
    page.locator("[data-testid='stTable']").first.wait_for(timeout=15_000)
    assert "hör till en annan funktion" in page.locator("[data-testid='stTable']").first.inner_text()
    if account == "provider":
        assert any(r["event"] == "signed_in" and "kommun:sub-karin-1" in r["username"] and name in r["username"]
                   for r in _log(db))
    ended = provider.ended
    page.get_by_role("button", name=f"Logga ut {name}").click()
    if account == "provider":
        page.wait_for_url(f"{url}/", timeout=20_000, wait_until="commit")
        assert provider.ended == ended + 1  # the provider's own session was ended too
    else:
        wait_for_app(page)
    page.goto(f"{url}/redigera")
    wait_for_app(page)
    assert page.get_by_role("heading", name=EDIT).count() == 0
    assert page.get_by_role("button", name="Logga in med Östersunds kommun").is_visible()


def test_an_identity_without_a_role_may_not_edit(page: Page, oidc_app, provider):
    url, db = oidc_app
    provider.sign_in_as("sub-olle-2", "Olle Berg", ["alla-anstallda"])
    _sign_in(page, url)
    text = page.inner_text("[data-testid='stMain']")
    assert "Du är inloggad som Olle Berg, men ditt konto har ingen roll som får redigera" in text
    assert page.get_by_role("heading", name=EDIT).count() == 0
    assert any(r["event"] == "no_role" and "sub-olle-2" in r["username"] for r in _log(db))
    page.goto(url)  # the public pages work for the identity as for anyone
    wait_for_app(page)
    assert "75\xa0000" in page.inner_text("[data-testid='stMain'] h1")


@pytest.mark.parametrize("fault", ["other_key", "other_audience", "expired", "wrong_nonce"])
def test_a_token_that_fails_its_checks_signs_no_one_in(page: Page, oidc_app, provider, fault):
    url, _db = oidc_app
    provider.sign_in_as(f"sub-{fault}", "Mallory", ["tillvaxt-admin"], fault=fault)
    _sign_in(page, url)
    assert page.get_by_role("heading", name=EDIT).count() == 0
    assert page.get_by_role("button", name="Logga in med Östersunds kommun").is_visible()
    assert "Mallory" not in page.inner_text("body")


def test_claims_of_unexpected_types_are_refused_and_never_html(page: Page, oidc_app, provider):
    url, _db = oidc_app
    provider.sign_in_as("sub-eve-3", "<img src=x onerror=alert(1)> **Eve**", {"tillvaxt-admin": True})
    _sign_in(page, url)
    text = page.inner_text("[data-testid='stMain']")
    assert "uppgifter om kontot som inte kunde kontrolleras" in text
    assert page.get_by_role("heading", name=EDIT).count() == 0
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0


def test_a_provider_that_is_down_gives_a_sentence_and_the_public_pages_work(page: Page, down_app):
    url, _db = down_app
    page.goto(f"{url}/redigera")
    wait_for_app(page)
    page.get_by_role("button", name="Logga in med Östersunds kommun").click()
    wait_for_app(page)
    assert "Inloggningstjänsten Östersunds kommun svarar inte just nu" in page.inner_text("[data-testid='stMain']")
    page.goto(url)
    wait_for_app(page)
    assert "75\xa0000" in page.inner_text("[data-testid='stMain'] h1")


def test_the_nginx_deployment_passes_the_callback_and_a_large_identity(page: Page, nginx_app, provider):
    """Through deploy/nginx.conf: the provider's redirect to /oauth2callback, and the identity cookies of an account
    in 200 groups (Entra sends at most 200 group ids: some 9 kB, split by Streamlit into several cookies)."""
    url, _db = nginx_app
    groups = [f"{i:08x}-4b1c-4c6e-9f3a-0123456789ab" for i in range(199)] + ["tillvaxt-admin"]
    provider.sign_in_as("sub-stina-4", "Stina Holm", groups)
    _sign_in(page, url)
    page.get_by_role("heading", name=EDIT).wait_for(timeout=20_000)
    assert "Inloggad som Stina Holm" in page.inner_text("[data-testid='stMain']")
