"""The panel's languages as data: the default, the languages every catalog text and bundled text file must give,
the one fallback chain for a text a language does not have (the catalog's words, the store's stored titles), and
what a language code looks like (ISO 639: two letters, or three for a language such as South Sami, ``sma``, or
Meänkieli, ``fit``)."""

from __future__ import annotations

import re
from collections.abc import Collection

DEFAULT = "sv"  # the panel's own language: the first offered, the one a URL without ?lang= gets
REQUIRED = ("sv", "en")  # every catalog text and the bundled text files give these
FALLBACK = ("en", "sv")  # what any other language reads where it has no text of its own
CODE = re.compile(r"^[a-z]{2,3}$")


def is_code(text: str) -> bool:
    return bool(CODE.match(text))


def chain(lang: str) -> tuple[str, ...]:
    """The languages to look in, in order, for a text in ``lang``: itself, then the fallbacks."""
    return (lang, *(f for f in FALLBACK if f != lang))


def first_given(lang: str, given: Collection[str]) -> str | None:
    """The first language of :func:`chain` that ``given`` has (a text's languages, a table's columns)."""
    return next((code for code in chain(lang) if code in given), None)
