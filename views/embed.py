"""Inbäddning (/embed, hidden): one public KPI chart alone, chosen by the URL, for the municipality's web site.

``?kpi=population&chart=goal|trend|compare|season&lang=sv|en&from=2010&to=2025&regions=2380,23,00&embed=true``.
Unknown values fall back to a default with a notice, never an error. Own figures not marked public, and
editing, never appear here.
"""

import streamlit as st

from kpis import kpi_view, links, notes, ui
from kpis.i18n import t

lang = ui.lang()
cat = ui.catalog()
public = [k.id for k in cat.kpis.values() if k.public]
kpi_choice = links.choice(st.query_params.get("kpi"), public, cat.goal.kpi)
kpi = cat.kpis[kpi_choice.value]
if kpi_choice.notice:
    ui.notice(t("url_bad_kpi", lang, title=kpi.title[lang]))
regions = links.regions(st.query_params.get("regions"), cat, list(kpi_view.ALWAYS))
if regions.notice:
    ui.notice(t("url_bad_regions", lang, names=st.query_params.get("regions", "")))
obs = ui.observations([kpi.id, "population"], regions.value)
rows = obs[obs["kpi_id"] == kpi.id]
years = None
if not rows.empty:
    all_years = rows["period"].astype(str).str[:4].astype(int)
    span = links.year_range(st.query_params.get("from"), st.query_params.get("to"), int(all_years.min()),
                            int(all_years.max()))
    if span.notice:
        ui.notice(t("url_bad_years", lang, low=int(all_years.min()), high=int(all_years.max())))
    years = span.value

specs = list(ui.kpi_specs(kpi.id, regions.value, years=years))
if kpi.id == cat.goal.kpi:
    goal = ui.goal_spec()
    specs = [goal, *specs] if goal else specs
kinds = [s.kind for s in specs]
chart = links.choice(st.query_params.get("chart"), kinds, kinds[0] if kinds else "trend")
if chart.notice and specs:
    ui.notice(t("url_bad_chart", lang, title=specs[0].title))

if not specs:
    st.info(t("embed_none", lang, title=kpi.title[lang]))
else:
    spec = specs[kinds.index(chart.value)]
    st.subheader(spec.title)
    st.markdown(spec.summary)
    st.plotly_chart(spec.fig, config=ui.PLOTLY_CONFIG, key="embed_chart", theme=None)
    st.caption(spec.source)
    page = kpi.function if kpi.function != "oversikt" else ""
    params = {"lang": lang if lang != "sv" else None}
    st.link_button(t("embed_open", lang), links.url(ui.app_origin(), page, params), icon=":material/open_in_new:")
    table = st.expander(t("show_table", lang), key="embed_table", on_change="rerun")
    if table.open:
        with table:
            st.dataframe(notes.localised(spec.table, lang), hide_index=True, width="stretch")
