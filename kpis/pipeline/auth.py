"""Who may edit: editors and their Argon2 password hashes from ``.streamlit/secrets.toml``.

Hashing and verification are argon2-cffi's (Argon2id); nothing here is hand-rolled crypto. With no
editors configured, or with ``TILLVAXT_PUBLIC=1``, editing is off and no editing page exists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
# Verifying against this keeps a wrong user name as slow as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class Editor:
    """A function lead who may edit; ``functions`` are the functions whose KPIs they may change (None: all)."""

    username: str
    name: str
    password_hash: str
    functions: frozenset[str] | None = None

    def may_edit(self, function: str) -> bool:
        return self.functions is None or function in self.functions


def public_mode() -> bool:
    return os.environ.get("TILLVAXT_PUBLIC", "").strip().lower() in ("1", "true", "yes")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def editors_from(secrets: Mapping[str, object]) -> dict[str, Editor]:
    """``[editors.<username>]`` tables with ``name``, ``password_hash`` and ``functions`` (the functions whose
    KPIs they edit, for example ``["destination"]``; left out: every function); malformed entries are skipped."""
    raw = secrets.get("editors", {}) if not public_mode() else {}
    editors = {}
    if isinstance(raw, Mapping):
        for username, entry in raw.items():
            if isinstance(entry, Mapping) and str(entry.get("password_hash", "")).startswith("$argon2"):
                functions = entry.get("functions")
                editors[str(username)] = Editor(
                    str(username), str(entry.get("name", username)), str(entry["password_hash"]),
                    frozenset(str(f) for f in functions) if isinstance(functions, list | tuple) else None)
    return editors


def verify(editors: Mapping[str, Editor], username: str, password: str) -> Editor | None:
    editor = editors.get(username.strip())
    try:
        _HASHER.verify(editor.password_hash if editor else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return editor
