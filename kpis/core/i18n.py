"""Swedish-first texts (one TOML file per language in ``kpis/texts/``) and number formats."""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpis.core import settings

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"
DEFAULT_LANG = "sv"
NBSP = "\u00a0"


def language_files() -> dict[str, Path]:
    """Every language's file: ``kpis/texts/<code>.toml``, and those of the folder ``TILLVAXT_LANGUAGES`` names
    (a third language is one more file in either place)."""
    found = {p.stem: p for p in sorted(TEXTS_DIR.glob("*.toml"))}
    extra = settings.languages_dir()
    if extra is not None and extra.is_dir():
        found.update({p.stem: p for p in sorted(extra.glob("*.toml")) if p.stem.isalpha() and len(p.stem) == 2})
    return found


_FILES = language_files()
LANGS = (DEFAULT_LANG, "en", *sorted(code for code in _FILES if code not in (DEFAULT_LANG, "en")))


@lru_cache(maxsize=8)
def texts(lang: str) -> dict[str, Any]:
    """Every text of one language, from its file (see :func:`language_files`)."""
    with open(_FILES[lang], "rb") as fh:
        return tomllib.load(fh)


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def months(lang: str) -> list[str]:
    """The month abbreviations of ``lang``."""
    return list(texts(normalise_lang(lang))["months"])


def fmt_period(period: str, lang: str = DEFAULT_LANG) -> str:
    """``2026M01`` → ``jan 2026`` / ``Jan 2026``; a year stays as it is."""
    text = str(period)
    if len(text) == 7 and text[4] == "M" and text[5:].isdigit():
        return f"{months(lang)[int(text[5:]) - 1]} {text[:4]}"
    return text


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``kwargs``; when ``n`` is one and the language has a
    singular form (``<key>_one``), that one ("1 rad", not "1 rader")."""
    found = texts(normalise_lang(lang))
    if _is_one(kwargs.get("n")) and f"{key}_one" in found:
        key = f"{key}_one"
    text = str(found[key])
    return text.format(**kwargs) if kwargs else text


def _is_one(n: object) -> bool:
    if isinstance(n, str):
        n = n.replace("\u00a0", "").replace("+", "").strip()
    try:
        return abs(float(n)) == 1  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def fmt_number(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 0, signed: bool = False) -> str:
    """``64 979`` and ``1,4`` in Swedish, ``64,979`` and ``1.4`` in English; ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    marks = texts(normalise_lang(lang))
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    return "".join({",": marks["thousands_mark"], ".": marks["decimal_mark"], "-": marks["minus_sign"]}.get(c, c)
                   for c in text)


def fmt_pct(share: float | None, lang: str = DEFAULT_LANG, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.014) as ``1,4 %`` in Swedish and ``1.4%`` in English."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return t("percent", lang, number=fmt_number(share * 100, lang, decimals, signed))


def plotly_separators(lang: str) -> str:
    """Plotly's ``separators``: decimal mark, then thousands mark."""
    marks = texts(normalise_lang(lang))
    return f"{marks['decimal_mark']}{marks['thousands_mark'].replace(NBSP, ' ')}"
