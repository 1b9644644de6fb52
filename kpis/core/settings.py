"""Every setting the panel takes from the environment, read here and nowhere else: its name, its default and
how a bad value is treated (the default, never a crash)."""

from __future__ import annotations

import os
from pathlib import Path

# name → what it sets (the README's table of settings is this one).
SETTINGS = {
    "TILLVAXT_DB": "the store (default data/tillvaxt.duckdb)",
    "TILLVAXT_PUBLIC": "1: the public app (no editing, public KPIs only)",
    "TILLVAXT_PUBLIC_URL": "the static site's address (embed snippets, the open-data catalog)",
    "TILLVAXT_TRUSTED_PROXIES": "proxies whose X-Real-IP / X-Forwarded-For is believed (comma-separated)",
    "TILLVAXT_HTTP_TIMEOUT": "seconds per HTTP read from a source (default 30)",
    "TILLVAXT_SOURCE_BUDGET": "seconds a source may take as a whole (default 600)",
    "TILLVAXT_LOCK_TIMEOUT": "seconds a writer waits for another (default 120)",
    "TILLVAXT_LANGUAGES": "a folder of extra language files (<code>.toml) beside kpis/texts/",
    "TILLVAXT_TIMING": "1: each page run prints its time (benchmarks/pages_bench.py)",
    "TILLVAXT_SCB_URL / TILLVAXT_KOLADA_URL / …": "a source's base URL (the registry names each one)",
}


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def number(name: str, default: float, low: float = 0.0) -> float:
    """A number setting; a bad or missing value is the default, a value below ``low`` is ``low``."""
    try:
        return max(low, float(os.environ.get(name, default)))
    except ValueError:
        return default


def flag(name: str) -> bool:
    return text(name).lower() in ("1", "true", "yes")


def db() -> str | None:
    return text("TILLVAXT_DB") or None


def public() -> bool:
    return flag("TILLVAXT_PUBLIC")


def public_url() -> str:
    return text("TILLVAXT_PUBLIC_URL").rstrip("/")


def trusted_proxies() -> str:
    return text("TILLVAXT_TRUSTED_PROXIES")


def http_timeout(default: float = 30.0) -> float:
    return number("TILLVAXT_HTTP_TIMEOUT", default, 0.001)


def source_budget() -> float:
    return number("TILLVAXT_SOURCE_BUDGET", 600.0, 1.0)


def lock_timeout() -> float:
    return number("TILLVAXT_LOCK_TIMEOUT", 120.0, 0.0)


def source_url(name: str) -> str | None:
    """A source's base URL from the variable its registry entry names; None when unset."""
    return (text(name) or None) if name else None


def languages_dir() -> Path | None:
    """A folder of extra language files (a third language is one more file there, or in kpis/texts/)."""
    found = text("TILLVAXT_LANGUAGES")
    return Path(found).expanduser() if found else None
