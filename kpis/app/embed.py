"""The embed view's choices from the URL: which public KPI, regions, years and chart; bad values fall back."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from kpis.app import chart_by_kind, data, state, urls
from kpis.core.catalog import Kpi
from kpis.present import chart_list, links
from kpis.present.specs import ChartSpec


@dataclass
class EmbedChoice:
    kpi: Kpi
    spec: ChartSpec | None
    notices: list[str] = field(default_factory=list)


def choose() -> EmbedChoice:
    """Resolve ``?kpi&chart&regions&from&to`` against what exists; each replaced value leaves a notice."""
    cat = state.catalog()
    notices: list[str] = []
    public = [k.id for k in cat.kpis.values() if k.public]
    kpi_choice = links.choice(urls.get("kpi"), public, cat.goal.kpi)
    kpi = cat.kpis[kpi_choice.value]
    if kpi_choice.notice:
        notices.append(state.t("url_bad_kpi", title=kpi.title[state.lang()]))
    regions = links.regions(urls.get("regions"), cat, list(cat.always))
    if regions.notice:
        notices.append(state.t("url_bad_regions", names=(urls.get("regions") or "")))
    rows = data.observations([kpi.id], regions.value)
    years = None
    if not rows.empty:
        all_years = rows["period"].astype(str).str[:4].astype(int)
        low, high = int(all_years.min()), int(all_years.max())
        span = links.year_range(urls.get("from"), urls.get("to"), low, high)
        if span.notice:
            notices.append(state.t("url_bad_years", low=low, high=high))
        years = span.value
    # The chart list's kinds for this KPI (the goal's charts first for the goal KPI, with the model's default
    # assumptions); only the chosen chart is built, the next one that has figures where it has none.
    kinds = list(chart_list.kinds(kpi, cat))
    chart = links.choice(urls.get("chart"), kinds, kinds[0])
    for kind in [chart.value, *(k for k in kinds if k != chart.value)]:
        spec = chart_by_kind.chart(kind, kpi.id, regions.value, years)
        if spec is not None:
            if chart.notice:
                notices.append(state.t("url_bad_chart", title=spec.title))
            return EmbedChoice(kpi, spec, notices)
    return EmbedChoice(kpi, None, notices)


def page_link(kpi: Kpi) -> str:
    """The KPI's function page in the app, in the chosen language."""
    cat = state.catalog()
    path = cat.functions[kpi.function].path if kpi.function in cat.functions else ""
    return links.url(state.app_origin(), path, {"lang": state.lang() if state.lang() != "sv" else None})


# The embedded page's half of the height handshake (the snippet holds the host's half), the static site's script
# measuring the app's content rather than its full-window layout. Fixed text of ours; nothing from the URL.
_REPORTER = ("""<style>.block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.5rem !important;
padding-bottom: 0.5rem !important;}</style>"""
             + links.height_reporter('[data-testid="stMainBlockContainer"], .block-container'))


def fit_to_content() -> None:
    """Let the host page fit the iframe to this page's content, and drop the empty band at the top."""
    st.html(_REPORTER, unsafe_allow_javascript=True)
