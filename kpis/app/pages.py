"""Page composition: a function's page from the catalog (title, intro, cards, one chart per KPI)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.app import data, state, widgets
from kpis.core.i18n import t


def function_page(
    function: str, events: dict[str, list[tuple[int, str]]] | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Title, intro, KPI cards and one chart per KPI with figures; returns the observations and regions."""
    la = state.lang()
    cat = state.catalog()
    st.title(t(f"nav_{function}", la))
    st.markdown(t(f"intro_{function}", la))
    regions = state.peer_picker()
    kpis = state.visible_kpis(cat.kpis_of(function))
    ids = [k.id for k in kpis]
    obs = data.observations([*ids, "population"], regions)
    years = state.year_picker(obs.loc[obs["kpi_id"].isin(ids), "period"], f"years_{function}")
    widgets.kpi_cards(kpis, obs, data.targets(ids))
    for kpi in kpis:
        widgets.kpi_charts(kpi, regions, (events or {}).get(kpi.id), years)
    return obs, regions



def event_markers() -> list[tuple[int, str]]:
    """The big events (from the facts) as (year, short label) for a time axis, from 2000 on."""
    facts = data.table("facts")
    events = facts[(facts["topic"] == "events") & facts["year"].notna() & (facts["year"] >= 2000)]
    label = f"fact_{state.lang()}"
    return [(int(row.year), f"{str(getattr(row, label)).split(',')[0]} {int(row.year)}") for row in events.itertuples()]
