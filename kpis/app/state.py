"""Who is looking and what they asked for: the language, the catalog, the public mode, permalinks and embeds,
notices about the URL, and names of regions and KPIs as a reader sees them (the pickers: kpis/app/pickers.py)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import streamlit as st

from kpis.core.catalog import Catalog, Kpi, load_catalog
from kpis.core.i18n import DEFAULT_LANG, fmt_number, fmt_pct, normalise_lang
from kpis.core.i18n import t as _t
from kpis.pipeline import auth
from kpis.present import links
from kpis.present.text import plain as plain  # for the views: text from a source or a user shown as text


def lang() -> str:
    """The language chosen in the entrypoint's switch (bound to ``?lang=``)."""
    return normalise_lang(st.session_state.get("lang", DEFAULT_LANG))


def catalog() -> Catalog:
    return load_catalog()


def t(key: str, **params: object) -> str:
    """The text ``key`` in the chosen language."""
    return _t(key, lang(), **params)


def num(value: float | None, decimals: int = 0, signed: bool = False) -> str:
    """A number as the chosen language writes it (``64 979`` / ``64,979``)."""
    return fmt_number(value, lang(), decimals, signed)


def pct(share: float | None, decimals: int = 1, signed: bool = False) -> str:
    return fmt_pct(share, lang(), decimals, signed)


def public_mode() -> bool:
    """The public app (``TILLVAXT_PUBLIC=1``): no editing, only public KPIs."""
    return auth.public_mode()


def app_origin() -> str:
    """``scheme://host[:port]`` of the app as the browser sees it; empty when unknown (tests)."""
    url = st.context.url or ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def current_path() -> str:
    return urlsplit(st.context.url or "").path.strip("/")


def permalink(path: str, params: dict[str, str]) -> str:
    return links.url(app_origin(), path, params)


def embed_params(kpi_id: str, kind: str, regions: Sequence[str], years: tuple[int, int] | None) -> dict[str, str]:
    params = {"kpi": kpi_id, "chart": kind, "lang": lang(), "regions": ",".join(regions)}
    if years:
        params.update({"from": str(years[0]), "to": str(years[1])})
    return params


def goal_embed(kind: str) -> dict[str, str]:
    """The embed parameters of a chart about the goal (its default view)."""
    return {"kpi": catalog().goal.kpi, "chart": kind, "lang": lang()}


def notice(text: str) -> None:
    """Tell the user a link's value was not understood and a default is used instead (never an error).

    A line that stays on the page, as plain text: what came from the URL is never read as Markdown.
    """
    st.text(f"ℹ {text}")


# ------------------------------------------------------------------ function pages


def region_label(code: str) -> str:
    """A region's name in the chosen language (module level, so widget state stays serialisable)."""
    return catalog().region_name(code, lang())


def kpi_label(kpi_id: str) -> str:
    """A KPI's title in the chosen language, never its internal id (module level, so widget state stays
    serialisable)."""
    kpi = catalog().kpis.get(kpi_id)
    return kpi.title[lang()] if kpi else kpi_id


def refused_languages() -> list[str]:
    """The extra language files not offered, each with why, in the chosen language."""
    from kpis.core import i18n

    return i18n.refused_languages(lang())


def visible_kpis(kpis: Sequence[Kpi]) -> list[Kpi]:
    """All KPIs for staff; in the public app (``TILLVAXT_PUBLIC=1``) only those marked public."""
    return [k for k in kpis if k.public or not auth.public_mode()]
