"""Sweden's municipalities from the store: which KPIs can be ranked, mapped and spread, Kolada's groups of similar
municipalities, the charts among all municipalities and the home's standing, cached per data version."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.app.data import _goal_observations, _observations, _read, data_version
from kpis.app.state import catalog, lang
from kpis.core import places, ranking
from kpis.present import chart_list
from kpis.present.specs import ChartSpec
from kpis.store import reads


@st.cache_data(max_entries=4, show_spinner=False)
def _ranked_kpis(version: int) -> tuple[str, ...]:
    counts = _read(reads.municipality_counts)
    full = counts[counts["municipalities"] >= ranking.MIN_SHARE * places.MUNICIPALITIES_IN_SWEDEN]
    # Yearly KPIs only: every municipality's recent months (SCB's monthly statistics) are no map or rank.
    return tuple(k.id for k in catalog().kpis.values() if k.id in set(full["kpi_id"]) and k.place_charts)


def ranked_kpis() -> tuple[str, ...]:
    """The KPIs that nearly every municipality has figures for in some year (rank, spread, map), catalog order."""
    return _ranked_kpis(data_version())


def place_kinds(kpi_id: str) -> tuple[str, ...]:
    """The KPI's charts among Sweden's municipalities that the store can draw."""
    cat = catalog()
    return cat.kpis[kpi_id].place_charts if cat.everyone and kpi_id in ranked_kpis() else ()


@st.cache_data(max_entries=4, show_spinner=False)
def _groups(version: int) -> pd.DataFrame:
    return _read(reads.similar_groups)


def similar_groups() -> pd.DataFrame:
    """Kolada's groups of similar municipalities (a row a member), the overall group first."""
    return _groups(data_version())


def similar_codes() -> list[str]:
    """The members of Kolada's overall group of similar municipalities (empty when none is stored)."""
    groups = similar_groups()
    overall = places.overall_group(groups)
    return [str(c) for c in overall["member_code"]]


@st.cache_resource(max_entries=256, show_spinner=False)
def _place_chart(kind: str, kpi_id: str, la: str, version: int) -> ChartSpec | None:
    cat = catalog()
    kpi = cat.kpis[kpi_id]
    everyone = _observations(tuple(dict.fromkeys((kpi_id, cat.goal.kpi))), None, version)
    inputs = chart_list.Inputs(_goal_observations(version), cat, la, everyone=everyone,
                               similar=tuple(similar_codes()))
    return chart_list.build(kind, inputs, kpi)


def place_chart(kind: str, kpi_id: str) -> ChartSpec | None:
    """A KPI among all of Sweden's municipalities (``map``, ``distribution``, ``rank``), cached per data version."""
    return _place_chart(kind, kpi_id, lang(), data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _standings(version: int) -> dict[str, ranking.Standing]:
    cat = catalog()
    found = {}
    for kpi_id in _ranked_kpis(version):
        kpi = cat.kpis[kpi_id]
        if not kpi.place_charts:
            continue
        everyone = _observations(tuple(dict.fromkeys((kpi_id, cat.goal.kpi))), None, version)
        standing = ranking.latest(ranking.comparable(everyone, kpi, cat), cat.home, kpi.direction)
        if standing is not None:
            found[kpi_id] = standing
    return found


def standings() -> dict[str, ranking.Standing]:
    """The home municipality's latest rank on every KPI that can be ranked, once per data version."""
    return _standings(data_version())
