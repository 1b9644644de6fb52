"""Who may edit: editors and their Argon2 password hashes from ``.streamlit/secrets.toml``.

Hashing and verification are argon2-cffi's (Argon2id); nothing here is hand-rolled crypto. With no
editors configured, or with ``TILLVAXT_PUBLIC=1``, editing is off and no editing page exists.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kpis.core import settings

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
    return settings.public()


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


# ------------------------------------------------------------------ repeated failures


@dataclass
class _Failures:
    times: list[float]


class SignInGuard:
    """Slows down, then locks out, repeated failed sign-ins, in a way that cannot be turned against editors.

    Failures count per real editor name *and* client address together (someone guessing Anna's password from
    one address cannot lock Anna out at hers), and failures with unknown names count per client apart from
    them (a flood of made-up names from one address never locks a real name, not even from that address).
    After ``free`` failures within ``window`` seconds each further try must wait twice as long as the one
    before (1 s, 2 s, 4 s … at most ``max_wait``); after ``lock_after`` failures the key is locked out until
    ``window`` seconds have passed since its first failure. Every failure and refusal is appended to an audit
    log (JSON lines) beside the store. One guard per process, shared by every session.
    """

    def __init__(self, free: int = 3, lock_after: int = 10, window: float = 900.0, max_wait: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.lock_after, self.window, self.max_wait = free, lock_after, window, max_wait
        self.clock = clock
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()
        self._pruned = clock()

    def _prune(self, now: float) -> None:
        """Forget every entry whose failures are all older than the window (at most once a minute): a flood from
        many addresses is not kept for ever."""
        if now - self._pruned < min(60.0, self.window):
            return
        self._pruned = now
        stale = [k for k, entry in self._failures.items() if not entry.times or now - entry.times[-1] >= self.window]
        for key in stale:
            del self._failures[key]

    def __len__(self) -> int:
        return len(self._failures)

    @staticmethod
    def _key(username: str, client: str, known: bool) -> str:
        name = username.strip().lower()
        return f"user:{name}|client:{client}" if known else f"unknown-names|client:{client}"

    def _recent(self, key: str, now: float) -> list[float]:
        entry = self._failures.get(key)
        if entry is None:
            return []
        entry.times = [t for t in entry.times if now - t < self.window]
        return entry.times

    def wait(self, username: str, client: str, known: bool = True) -> float:
        """Seconds to wait before this name may try again from this client (0: now; ``inf``: locked out)."""
        now = self.clock()
        with self._lock:
            times = self._recent(self._key(username, client, known), now)
            if len(times) >= self.lock_after:
                return float("inf")
            if len(times) >= self.free:
                delay = min(2.0 ** (len(times) - self.free), self.max_wait)
                return max(times[-1] + delay - now, 0.0)
        return 0.0

    def locked_for(self, username: str, client: str, known: bool = True) -> float:
        """Seconds left of a lock-out (0 when not locked out)."""
        now = self.clock()
        with self._lock:
            times = self._recent(self._key(username, client, known), now)
            return max(times[0] + self.window - now, 0.0) if len(times) >= self.lock_after else 0.0

    def failed(self, username: str, client: str, known: bool = True) -> None:
        now = self.clock()
        with self._lock:
            self._prune(now)
            self._failures.setdefault(self._key(username, client, known), _Failures([])).times.append(now)

    def succeeded(self, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop(self._key(username, client, True), None)


def client_address(peer: str | None, headers: Mapping[str, str], trusted: str | None = None) -> str:
    """The client's own address: the peer's, or, when the peer is a proxy named in ``trusted``
    (``TILLVAXT_TRUSTED_PROXIES``, comma-separated), the address that proxy passed on (``X-Real-IP``, else the
    last entry of ``X-Forwarded-For``). Headers from anyone else are never believed."""
    peer = (peer or "").strip() or "unknown"
    proxies = {p.strip() for p in (trusted if trusted is not None else settings.trusted_proxies())
               .split(",") if p.strip()}
    if peer not in proxies:
        return peer
    lowered = {k.lower(): v for k, v in headers.items()}
    real = lowered.get("x-real-ip", "").strip()
    forwarded = [part.strip() for part in lowered.get("x-forwarded-for", "").split(",") if part.strip()]
    return (real or (forwarded[-1] if forwarded else "") or peer)[:100]


def audit_sign_in(log: Path, event: str, username: str, client: str) -> None:
    """Append one sign-in event (``failed``, ``refused``, ``locked``, ``signed_in``) to the audit log."""
    record = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event, "username": username[:100],
              "client": client[:100]}
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as err:  # a read-only data folder must not stop an editor signing in: said to the operator
        print(f"sign-in log {log}: {err}; {json.dumps(record, ensure_ascii=False)}", file=sys.stderr)


def sign_in_log(store: Path) -> Path:
    return store.with_name(f"{store.name}.sign-in.log")
