"""Swedish-first texts (one TOML file per language in ``kpis/texts/``) and number formats."""

from __future__ import annotations

import math
import string
import tomllib
from pathlib import Path
from typing import Any

from kpis.core import cldr, language_files, languages, settings

TEXTS_DIR = Path(__file__).resolve().parent.parent / "texts"
DEFAULT_LANG = languages.DEFAULT
NBSP = "\u00a0"


def _bundled() -> dict[str, dict[str, Any]]:
    """The bundled languages' texts (``kpis/texts/<code>.toml``): Swedish, English and any added to the package."""
    found = {}
    for path in sorted(TEXTS_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            found[path.stem] = tomllib.load(fh)
    return found


_BUNDLED = _bundled()
# The folder ``TILLVAXT_LANGUAGES`` names: each file checked first (kpis/core/language_files.py); a file that fails
# is not offered, and never replaces a bundled language.
_EXTRA, REFUSED = language_files.scan(settings.languages_dir(), _BUNDLED)
_TEXTS = {**_EXTRA, **_BUNDLED}
LANGS = (*languages.REQUIRED, *sorted(code for code in _TEXTS if code not in languages.REQUIRED))


def texts(lang: str) -> dict[str, Any]:
    """Every text of one language."""
    return _TEXTS[lang]


def refused_languages(lang: str = DEFAULT_LANG) -> list[str]:
    """One sentence a language file that was not offered, saying which and why, in ``lang``."""
    return [t("language_refused", lang, file=r.file, reason=t(r.reason, lang, **dict(r.values))) for r in REFUSED]


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def months(lang: str) -> list[str]:
    """The month abbreviations of ``lang`` (CLDR's; the language file's where CLDR lacks the language)."""
    lang = normalise_lang(lang)
    return list(cldr.months(lang, "abbreviated") or texts(lang)["months"])


def months_long(lang: str) -> list[str]:
    """The months' full names in ``lang`` (``januari`` …), as a sentence writes them (CLDR's, else the file's)."""
    lang = normalise_lang(lang)
    found = cldr.months(lang, "wide")
    if found is not None:
        return list(found)
    given = texts(lang)
    return [str(m) for m in given.get("months_long", given["months"])]


def fmt_period(period: str, lang: str = DEFAULT_LANG) -> str:
    """``2026M01`` → ``jan 2026`` / ``Jan 2026``; a year stays as it is."""
    text = str(period)
    if len(text) == 7 and text[4] == "M" and text[5:].isdigit():
        return f"{months(lang)[int(text[5:]) - 1]} {text[:4]}"
    return text


# Facts a text may name by placeholder, filled from the catalog (kpis/catalog.toml's [site] and [goal]) unless
# the caller gives them: the text files never write the goal, the place, the panel or its publisher themselves.
FACTS = frozenset({"place", "panel", "publisher", "unit", "target", "target_year", "county"})
_facts: dict[str, dict[str, str]] = {}


def facts(lang: str) -> dict[str, str]:
    """The catalog's facts in ``lang``, as texts name them (``{place}``, ``{target}`` …)."""
    lang = normalise_lang(lang)
    if lang not in _facts:
        from kpis.core import places
        from kpis.core.catalog import load_catalog

        catalog = load_catalog()
        goal = catalog.goal
        home = catalog.home
        _facts[lang] = {
            "place": catalog.site.place[lang], "panel": catalog.site.panel, "publisher": catalog.site.publisher[lang],
            "unit": catalog.site.unit[lang], "target": fmt_number(goal.target_value, lang),
            "target_year": str(goal.target_year),
            "county": catalog.region_name(places.county_of(home), lang) if places.is_municipality(home) else ""}
    return _facts[lang]


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``kwargs`` (and the catalog's facts it names); the form of
    ``n``'s plural category where the language file gives one (``<key>_one``: "1 rad", not "1 rader"; ``_two`` …)."""
    found = texts(normalise_lang(lang))
    form = _plural_form(kwargs.get("n"), normalise_lang(lang))
    if form is not None and f"{key}_{form}" in found:
        key = f"{key}_{form}"
    text = str(found[key])
    if "{" in text and (_fields(text) - kwargs.keys()) & FACTS:
        kwargs = {**facts(lang), **kwargs}
    return text.format(**kwargs) if kwargs else text


def _plural_form(n: object, lang: str) -> str | None:
    """The plural category of ``n`` (a number, or one as written, ``1``, ``+1``), from CLDR where it knows the
    language (``one``, ``two`` …), else ``one`` for one; None for anything that is not a number."""
    if isinstance(n, str):
        n = n.replace("\u00a0", "").replace("\u202f", "").replace("+", "").replace("−", "-").strip()
    try:
        value = abs(float(n))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(value):
        return None
    return cldr.plural(value, lang) or ("one" if value == 1 else "other")


def fmt_number(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 0, signed: bool = False) -> str:
    """``64 979`` and ``1,4`` in Swedish, ``64,979`` and ``1.4`` in English; ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    lang = normalise_lang(lang)
    found = cldr.number(float(value), lang, decimals, signed)
    if found is not None:
        return found
    marks = texts(lang)  # a language CLDR does not know: its file's marks
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
    lang = normalise_lang(lang)
    marks = cldr.marks(lang) or (texts(lang)["decimal_mark"], texts(lang)["thousands_mark"])
    return f"{marks[0]}{marks[1].replace(NBSP, ' ').replace(chr(0x202f), ' ')}"
