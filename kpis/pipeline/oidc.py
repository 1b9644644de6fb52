"""Who may edit after signing in with the municipality's identity provider (OpenID Connect through Streamlit's
``st.login``): the providers configured under ``[auth]`` in ``secrets.toml`` and the mapping under
``[sign_in]`` from the identity's claims (a ``groups`` or ``roles`` claim, or e-mail addresses) to the functions
the editor may change. Pure: claims in, an :class:`~kpis.pipeline.auth.Editor` or a reason out.

The token itself (signature, issuer, audience, expiry, nonce) is checked by Authlib inside Streamlit before any
claim reaches the app; here the claims are checked again for type and size, and the session's age against
``session_hours``, so an identity that cannot be checked never reaches an editing page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kpis.pipeline.auth import Editor

ALL = "*"  # a mapped value giving every function
MAX_TEXT = 256  # characters of a subject, name, e-mail or group
MAX_GROUPS = 500  # entries of a groups/roles claim (Entra sends at most 200 before it sends an overage link)
DEFAULT_SESSION_HOURS = 8.0
PROVIDER_NAME = re.compile(r"^[A-Za-z0-9]{1,40}$")  # Streamlit refuses provider names with "_"


@dataclass(frozen=True)
class Provider:
    name: str  # the section under [auth], e.g. "entra"
    label: str  # what the sign-in button says, e.g. "Östersunds kommun (Microsoft)"
    metadata_url: str


@dataclass(frozen=True)
class Roles:
    """``[sign_in]``: which claim holds the groups or roles, what each value may edit, and per e-mail address."""

    claim: str = "groups"
    name_claim: str = "name"
    by_claim: Mapping[str, frozenset[str]] = field(default_factory=dict)  # claim value → functions ({"*"}: all)
    by_email: Mapping[str, frozenset[str]] = field(default_factory=dict)
    session_hours: float = DEFAULT_SESSION_HOURS


@dataclass(frozen=True)
class Decision:
    editor: Editor | None
    reason: str | None = None  # a text key when there is no editor: no_role, bad_claims, expired
    subject: str = ""
    name: str = ""


def providers_from(secrets: Mapping[str, object]) -> list[Provider]:
    """The named providers under ``[auth]`` (``[auth.<name>]`` with a ``client_id`` and a
    ``server_metadata_url``), those with a bad name or without the two left out. A single unnamed provider
    (``client_id`` directly under ``[auth]``) is Streamlit's default, named ``default``."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not isinstance(auth.get("redirect_uri"), str) \
            or not isinstance(auth.get("cookie_secret"), str):
        return []
    found = []
    if isinstance(auth.get("client_id"), str) and isinstance(auth.get("server_metadata_url"), str):
        found.append(Provider("default", str(auth.get("label", "")), str(auth["server_metadata_url"])))
    for name, entry in auth.items():
        if not isinstance(entry, Mapping) or not PROVIDER_NAME.match(str(name)):
            continue
        if isinstance(entry.get("client_id"), str) and isinstance(entry.get("server_metadata_url"), str):
            label = entry.get("label")
            found.append(Provider(str(name), str(label)[:80] if isinstance(label, str) else str(name),
                                  str(entry["server_metadata_url"])))
    return found


def _functions(raw: object) -> frozenset[str] | None:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple) or not all(isinstance(f, str) for f in raw):
        return None
    return frozenset(str(f) for f in raw)


def roles_from(secrets: Mapping[str, object]) -> Roles:
    """``[sign_in]`` as configured; malformed entries are left out (they give no one a role)."""
    raw = secrets.get("sign_in")
    if not isinstance(raw, Mapping):
        return Roles()
    by_claim = {str(k): f for k, v in dict(raw.get("functions", {}) or {}).items()
                if (f := _functions(v)) is not None}
    by_email = {str(k).lower(): f for k, v in dict(raw.get("emails", {}) or {}).items()
                if (f := _functions(v)) is not None}
    hours = raw.get("session_hours", DEFAULT_SESSION_HOURS)
    return Roles(claim=str(raw.get("claim", "groups")), name_claim=str(raw.get("name_claim", "name")),
                 by_claim=by_claim, by_email=by_email,
                 session_hours=float(hours) if isinstance(hours, int | float) and 0 < hours <= 24 * 30
                 else DEFAULT_SESSION_HOURS)


def _text(value: object) -> str | None:
    """A claim that must be a short text without control characters; None otherwise."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return value.strip()


def _values(value: object) -> list[str] | None:
    """A groups/roles claim: a list of short texts (or one text); None when it is anything else."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > MAX_GROUPS:
        return None
    texts = [_text(v) for v in value]
    return None if any(t is None for t in texts) else [t for t in texts if t is not None]


def decide(claims: Mapping[str, object], roles: Roles, known_functions: set[str],
           now: datetime | None = None) -> Decision:
    """The editor these claims make, or why none: ``bad_claims`` (a subject, name, e-mail or groups claim of an
    unexpected type or size), ``expired`` (signed in longer ago than ``session_hours``), ``no_role`` (no mapped
    group, role or e-mail)."""
    subject = _text(claims.get("sub"))
    provider = _text(claims.get("provider")) or "oidc"
    optional = {key: claims.get(key) for key in (roles.name_claim, "email")}
    given = {key: _text(value) for key, value in optional.items() if value is not None}
    groups = _values(claims.get(roles.claim))
    if subject is None or groups is None or None in given.values():  # a claim sent, but not one that can be read
        return Decision(None, "bad_claims")
    name, email = given.get(roles.name_claim), given.get("email")
    shown = name or email or subject
    issued = claims.get("iat")
    if not isinstance(issued, int | float) or isinstance(issued, bool):
        return Decision(None, "bad_claims", subject, shown)
    age = ((now or datetime.now(UTC)).timestamp() - float(issued)) / 3600
    if age > roles.session_hours or age < -0.1:  # a token from the future is no better than an old one
        return Decision(None, "expired", subject, shown)
    granted: set[str] = set()
    for group in groups:
        granted |= roles.by_claim.get(group, frozenset())
    if email is not None:
        granted |= roles.by_email.get(email.lower(), frozenset())
    if not granted:
        return Decision(None, "no_role", subject, shown)
    functions = None if ALL in granted else frozenset(granted & known_functions)
    if functions is not None and not functions:
        return Decision(None, "no_role", subject, shown)
    # The stable subject is who did it (the provider's own id; a name can change): "entra:1f3c…".
    return Decision(Editor(f"{provider}:{subject}", shown, "", functions), None, subject, shown)
