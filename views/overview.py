"""Översikt: where Östersund stands against 75 000 inhabitants in 2040, what the goal needs, and which
function's goals are slipping. Layout and words only; every figure is computed from the store."""

import streamlit as st

from kpis.app import data, pages, places_blocks, staff, state, view_files, widgets
from kpis.app.state import num, pct, t

lang = state.lang()
cat = state.catalog()
goal = cat.goal

st.title(t("overview_title", target=num(goal.target_value), year=goal.target_year))
st.markdown(t("overview_intro", target=num(goal.target_value), target_year=goal.target_year))

now = data.goal_progress()
if now is None:
    st.info(t("overview_no_population"))
    st.stop()

# What a leader comes for first, before any card, so that it shows on a phone without scrolling.
pages.goal_message(now)
pages.function_rollup()

pace = now.pace
cols = [c for row in range(2) for c in st.columns(3)]
cols[0].metric(t("card_population", year=now.latest_year), num(now.latest_value), border=True)
cols[1].metric(t("card_goal", year=goal.target_year), num(goal.target_value), border=True)
cols[2].metric(t("card_gap"), num(now.gap), border=True)
cols[3].metric(
    t("card_required"), num(now.required_per_year),
    t("growth_per_year_in", pct=pct(now.required_rate, 2), first=now.latest_year + 1, last=goal.target_year),
    delta_color="off", delta_arrow="off", border=True,
)
if pace:
    cols[4].metric(
        t("card_actual"),
        num(pace.per_year),
        t("growth_per_year_in", pct=pct(pace.rate, 2), first=pace.start, last=pace.end), delta_color="off",
        delta_arrow="off", border=True,
    )
with cols[5].container(border=True, height="stretch"):  # words wrap here, where a metric would cut them
    st.caption(t("card_status"))
    st.markdown(f"**{widgets.status_words(now.status)}**")

if pace:  # the population's growth, named by its years; when 75 000 is reached is the message's one answer above
    st.markdown(t("status_explain", actual=pct(pace.rate, 2), start=pace.start, end=pace.end,
                  required=pct(now.required_rate, 2)))

pages.year_so_far()  # this year, month by month, against the goal's pace (SCB's monthly statistics)

# Three charts in tabs: only the open one is built and sent (a session costs the server less).
pages.chart_tabs(goal.overview, key="overview_charts")
widgets.comment_block(cat.kpis[goal.kpi])  # the headline KPI's analysis and actions, under its charts
places_blocks.population_map()  # where in Sweden and in the county people move: the change since the catalog's year
st.page_link(view_files.view_file(view_files.VAGEN), label=t("overview_to_model"), icon=":material/route:")

pages.what_changed()
if staff.signed_in() is not None:
    staff.report_button(now.latest_year)
