"""Översikt: population against the goal of 75 000 inhabitants in 2040."""

import streamlit as st

from kpis import ui
from kpis.i18n import fmt_number, fmt_pct, t

lang = ui.lang()
cat = ui.catalog()
goal = cat.goal

st.title(t("overview_title", lang, target=fmt_number(goal.target_value, lang), year=goal.target_year))
st.markdown(t("overview_intro", lang, target=fmt_number(goal.target_value, lang), target_year=goal.target_year))

obs = ui.observations([goal.kpi], [goal.region])
pop = obs.assign(year=obs["period"].astype(int))
state = ui.goal_progress()
if state is None:
    st.info(t("no_figures", lang, title=cat.kpis["population"].title[lang],
              how=t("how_refresh", lang, source="scb")))
    st.stop()

latest_prelim = bool(pop.loc[pop["year"] == state.latest_year, "preliminary"].iloc[0])
status_words = t(f"status_{state.status}", lang)
status_icon = ui.STATUS_ICONS.get(state.status, ui.STATUS_ICONS["unknown"])
pace = state.pace

cols = [c for row in range(2) for c in st.columns(3)]
cols[0].metric(
    t("card_population", lang, year=state.latest_year) + (f" ({t('preliminary', lang)})" if latest_prelim else ""),
    fmt_number(state.latest_value, lang), border=True,
)
cols[1].metric(t("card_goal", lang, year=goal.target_year), fmt_number(goal.target_value, lang), border=True)
cols[2].metric(t("card_gap", lang), fmt_number(state.gap, lang), border=True)
cols[3].metric(
    t("card_required", lang), t("persons_per_year", lang, n=fmt_number(state.required_per_year, lang)),
    t("growth_per_year", lang, pct=fmt_pct(state.required_rate, lang, 2)), delta_color="off", border=True,
)
if pace:
    cols[4].metric(
        t("card_actual", lang, start=pace.start, end=pace.end),
        t("persons_per_year", lang, n=fmt_number(pace.per_year, lang)),
        t("growth_per_year", lang, pct=fmt_pct(pace.rate, lang, 2)), delta_color="off", border=True,
    )
cols[5].metric(t("card_status", lang), f"{status_icon} {status_words}", border=True)

if pace:
    reached = (t("reached_year", lang, year=state.year_reached) if state.year_reached
               else t("reached_never", lang))
    st.markdown(
        f"**{status_words}.** "
        + t("status_explain", lang, actual=fmt_pct(pace.rate, lang, 2), start=pace.start, end=pace.end,
            required=fmt_pct(state.required_rate, lang, 2), target=fmt_number(goal.target_value, lang),
            reached=reached)
    )

# ---------------------------------------------------------------- population chart
spec = ui.goal_spec()
if spec:
    ui.show(spec, {"kpi": goal.kpi, "chart": "goal", "lang": lang})

# ---------------------------------------------------------------- components of change
components = ui.components_spec()
if components:
    ui.show(components)
