"""Översikt: population against the goal of 75 000 inhabitants in 2040. Layout and words only."""

import streamlit as st

from kpis.app import data, state, widgets
from kpis.app.state import num, pct, t

lang = state.lang()
cat = state.catalog()
goal = cat.goal

st.title(t("overview_title", target=num(goal.target_value), year=goal.target_year))
st.markdown(t("overview_intro", target=num(goal.target_value), target_year=goal.target_year))

obs = data.observations([goal.kpi], [goal.region])
pop = obs.assign(year=obs["period"].astype(int))
now = data.goal_progress()
if now is None:
    st.info(t("no_figures", title=cat.kpis["population"].title[lang],
              how=t("how_refresh", source="scb")))
    st.stop()

latest_prelim = bool(pop.loc[pop["year"] == now.latest_year, "preliminary"].iloc[0])
status_words = t(f"status_{now.status}")
status_icon = widgets.STATUS_ICONS.get(now.status, widgets.STATUS_ICONS["unknown"])
pace = now.pace

cols = [c for row in range(2) for c in st.columns(3)]
cols[0].metric(
    t("card_population", year=now.latest_year) + (f" ({t('preliminary')})" if latest_prelim else ""),
    num(now.latest_value), border=True,
)
cols[1].metric(t("card_goal", year=goal.target_year), num(goal.target_value), border=True)
cols[2].metric(t("card_gap"), num(now.gap), border=True)
cols[3].metric(
    t("card_required"), t("persons_per_year", n=num(now.required_per_year)),
    t("growth_per_year", pct=pct(now.required_rate, 2)), delta_color="off", border=True,
)
if pace:
    cols[4].metric(
        t("card_actual", start=pace.start, end=pace.end),
        t("persons_per_year", n=num(pace.per_year)),
        t("growth_per_year", pct=pct(pace.rate, 2)), delta_color="off", border=True,
    )
cols[5].metric(t("card_status"), f"{status_icon} {status_words}", border=True)

if pace:
    reached = (t("reached_year", year=now.year_reached) if now.year_reached
               else t("reached_never"))
    st.markdown(
        f"**{status_words}.** "
        + t("status_explain", actual=pct(pace.rate, 2), start=pace.start, end=pace.end,
            required=pct(now.required_rate, 2), target=num(goal.target_value),
            reached=reached)
    )

# ---------------------------------------------------------------- population chart
spec = data.goal_spec()
if spec:
    widgets.show(spec, {"kpi": goal.kpi, "chart": "goal", "lang": lang})

# ---------------------------------------------------------------- components of change
components = data.components_spec()
if components:
    widgets.show(components)
