"""The static site's addresses, in one place: the first language at the root, every other language in its own
folder; a KPI's page, a function's page, one embed page per chart and the KPI's data files. The export writes
these paths and the app's embed snippet points at them."""

from __future__ import annotations

from kpis.core.i18n import DEFAULT_LANG


def folder(lang: str) -> str:
    """``""`` for the first language, ``"en/"`` for English (and so on for any other)."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def to_root(lang: str, name: str = "index.html") -> str:
    """From the page ``name`` (in ``lang``'s folder) up to the site's root."""
    return "../" * (folder(lang).count("/") + name.count("/"))


def from_page(name: str, target: str) -> str:
    """The relative link from the page ``name`` to ``target``, both in the same language's folder."""
    return "../" * name.count("/") + target


def index() -> str:
    return "index.html"


def kpi_page(kpi_id: str) -> str:
    return f"{kpi_id}.html"


def function_page(function: str) -> str:
    return f"{function}.html"


def embed(kpi_id: str, kind: str) -> str:
    return f"embed/{kpi_id}-{kind}.html"


def data(kpi_id: str, extension: str) -> str:
    return f"data/{kpi_id}.{extension}"


def in_language(lang: str, other: str, name: str) -> str:
    """The relative link from the page ``name`` in ``lang`` to the same page in ``other``."""
    return f"{to_root(lang, name)}{folder(other)}{name}"


def absolute(base_url: str, lang: str, name: str) -> str:
    """The page's public address under ``base_url`` (``TILLVAXT_PUBLIC_URL``)."""
    return f"{base_url.rstrip('/')}/{folder(lang)}{name}"
