"""Numbers, month names and plural forms from Babel (the Unicode CLDR), for every language CLDR has data of its
own for (Swedish, English, North Sami, Finnish …); a language it does not know (Meänkieli, ``fit``) or knows only
by name (South Sami, ``sma``, which inherits CLDR's root) reads its language file's marks, month names and
``_one`` forms instead."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol, get_minus_sign_symbol


@lru_cache(maxsize=32)
def _parsed(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=32)
def locale(lang: str) -> Locale | None:
    """CLDR's data for ``lang``, or None where CLDR has none of its own (a locale that only inherits CLDR's root,
    as South Sami does today, names its months ``M01`` …: its language file knows better)."""
    found = _parsed(lang)
    if found is None:
        return None
    first = str(get_month_names("abbreviated", "stand-alone", locale=found)[1])
    return None if re.fullmatch(r"M0?1", first) else found


def number(value: float, lang: str, decimals: int = 0, signed: bool = False) -> str | None:
    """``64 979``, ``−1,4``, ``+12`` in Swedish; ``64,979``, ``-1.4`` in English: CLDR's grouping, decimal mark and
    minus sign, rounded half to even on the figure as written (``Decimal(repr)``). None where CLDR lacks
    ``lang``."""
    found = locale(lang)
    if found is None or not math.isfinite(value):
        return None
    digits = "0" * decimals
    body = f"#,##0{'.' + digits if decimals else ''}"
    pattern = f"+{body};-{body}" if signed else body
    text = format_decimal(Decimal(repr(float(value))), format=pattern, locale=found, decimal_quantization=True)
    minus = _minus(lang)
    return text.replace("-", minus) if minus != "-" else text


@lru_cache(maxsize=32)
def _minus(lang: str) -> str:
    found = locale(lang)
    return get_minus_sign_symbol(found) if found is not None else "-"


def marks(lang: str) -> tuple[str, str] | None:
    """The decimal mark and the thousands mark (a chart's axis), or None where CLDR lacks ``lang``."""
    found = locale(lang)
    return None if found is None else (get_decimal_symbol(found), get_group_symbol(found))


def plural(n: float, lang: str) -> str | None:
    """CLDR's plural category of ``n`` in ``lang`` (``one``, ``two``, ``few``, ``many``, ``other``; South Sami's
    rules are there though its formats are not); None where CLDR lacks ``lang``."""
    found = _parsed(lang)
    if found is None:
        return None
    whole = float(n).is_integer()
    return str(found.plural_form(int(n) if whole else abs(float(n))))


@lru_cache(maxsize=64)
def months(lang: str, width: str) -> tuple[str, ...] | None:
    """The twelve months' names (``abbreviated`` or ``wide``, as they stand alone or in a date); None where CLDR
    lacks ``lang``. Read once per language (every period a page writes asks)."""
    found = locale(lang)
    if found is None:
        return None
    context = "stand-alone" if width == "abbreviated" else "format"
    names = get_month_names(width, context, locale=found)
    return tuple(str(names[m]) for m in range(1, 13))
