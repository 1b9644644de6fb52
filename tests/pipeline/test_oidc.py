"""Who may edit after an identity provider's sign-in: claims to functions, and claims that cannot be checked."""

from datetime import UTC, datetime

import pytest

from kpis.pipeline import oidc

FUNCTIONS = {"oversikt", "naringsliv", "marknad", "destination", "utveckling"}
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
SECRETS = {
    "auth": {"redirect_uri": "https://panel.example/oauth2callback", "cookie_secret": "s" * 32,
             "entra": {"label": "Östersunds kommun", "client_id": "id", "client_secret": "x",
                       "server_metadata_url": "https://login.example/v2.0/.well-known/openid-configuration"},
             "keycloak": {"client_id": "id"},  # no metadata address: not a provider
             "bad_name": {"client_id": "id", "server_metadata_url": "https://x.example/m"}},
    "sign_in": {"claim": "groups", "functions": {"g-naringsliv": ["naringsliv"], "g-admin": ["*"],
                                                "g-odd": "marknad", "g-broken": 5},
                "emails": {"Karin@Ostersund.se": ["destination"]}, "session_hours": 8},
}


def _claims(**extra):
    return {"sub": "1f3c-aa", "name": "Karin Lund", "provider": "entra", "iat": NOW.timestamp() - 60, **extra}


def test_providers_are_the_named_sections_with_a_client_and_metadata():
    assert [p.name for p in oidc.providers_from(SECRETS)] == ["entra"]
    assert oidc.providers_from(SECRETS)[0].label == "Östersunds kommun"
    assert oidc.providers_from({"auth": {"entra": SECRETS["auth"]["entra"]}}) == []  # no redirect or cookie secret


@pytest.mark.parametrize(("groups", "email", "functions"), [
    (["g-naringsliv"], None, frozenset({"naringsliv"})),
    (["g-naringsliv", "g-odd"], None, frozenset({"naringsliv", "marknad"})),
    (["other", "g-admin"], None, None),  # every function
    ([], "karin@ostersund.se", frozenset({"destination"})),  # e-mail mapped, case as the provider sends it
])
def test_mapped_groups_and_addresses_give_their_functions(groups, email, functions):
    claims = _claims(groups=groups, **({"email": email} if email else {}))
    decision = oidc.decide(claims, oidc.roles_from(SECRETS), FUNCTIONS, NOW)
    assert decision.editor is not None and decision.reason is None
    assert decision.editor.functions == functions
    assert decision.editor.username == "entra:1f3c-aa"  # the stable subject, not the name
    assert decision.editor.name == "Karin Lund"


@pytest.mark.parametrize(("claims", "reason"), [
    (_claims(groups=["someone-else"]), "no_role"),
    (_claims(groups=["g-broken"]), "no_role"),  # a malformed mapping gives no one a role
    (_claims(groups={"g-admin": True}), "bad_claims"),
    (_claims(groups=["g-admin", 5]), "bad_claims"),
    (_claims(groups=["g"] * (oidc.MAX_GROUPS + 1)), "bad_claims"),
    (_claims(groups=["g-admin"], name="x" * 1000), "bad_claims"),
    (_claims(groups=["g-admin"], name=["Karin"]), "bad_claims"),
    (_claims(groups=["g-admin"], name="Karin\nLund"), "bad_claims"),
    (_claims(groups=["g-admin"], email={"a": 1}), "bad_claims"),
    ({**_claims(groups=["g-admin"]), "sub": 12345}, "bad_claims"),
    ({**_claims(groups=["g-admin"]), "iat": "yesterday"}, "bad_claims"),
    (_claims(groups=["g-admin"], iat=NOW.timestamp() - 9 * 3600), "expired"),
    (_claims(groups=["g-admin"], iat=NOW.timestamp() + 3600), "expired"),  # from the future
])
def test_claims_without_a_role_or_that_cannot_be_checked_give_no_editor(claims, reason):
    decision = oidc.decide(claims, oidc.roles_from(SECRETS), FUNCTIONS, NOW)
    assert decision.editor is None and decision.reason == reason


def test_a_role_for_functions_the_catalog_does_not_have_is_no_role():
    secrets = {"sign_in": {"functions": {"g": ["nonexistent"]}}}
    assert oidc.decide(_claims(groups=["g"]), oidc.roles_from(secrets), FUNCTIONS, NOW).reason == "no_role"


def test_a_session_lifetime_out_of_range_falls_back_to_the_default():
    assert oidc.roles_from({"sign_in": {"session_hours": 10_000}}).session_hours == oidc.DEFAULT_SESSION_HOURS
    assert oidc.roles_from({"sign_in": {"session_hours": "8"}}).session_hours == oidc.DEFAULT_SESSION_HOURS
    assert oidc.roles_from({"sign_in": {"session_hours": 1}}).session_hours == 1
