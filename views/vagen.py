"""Vägen till 75 000: how many more people must move to Östersund, net, each year until 2040, given births
and deaths, and how far that is from what is seen. A calculation, not a forecast. Layout and words only."""

import dataclasses

import streamlit as st

from kpis.app import data, model_blocks, pages, pickers, state, widgets
from kpis.app.state import num, t

cat = state.catalog()
goal = cat.goal
st.title(t("model_title", target=num(goal.target_value)))
st.markdown(t("model_intro", target=num(goal.target_value), year=goal.target_year))

window, fertility, custom, until = pickers.model_assumptions()
result = data.model_result(window, fertility, custom, until)
if result is None:
    st.info(t("model_no_data"))
    st.stop()

headline = model_blocks.model_headline(result)
st.markdown(f"**{headline}**")
st.markdown(model_blocks.pace_sentence(result))
spec = data.goal_chart("model", (window, fertility, custom, until))
if spec:  # the lead above says the chart's summary: said once
    widgets.show(dataclasses.replace(spec, summary="") if spec.summary == headline else spec,
                 state.goal_embed("model"))
widgets.comment_block(cat.kpis[goal.kpi])

st.subheader(t("model_scenarios"))
model_blocks.scenario_table(result)
pages.year_so_far()  # this year so far against the goal's pace (SCB's monthly statistics)
model_blocks.age_groups(result, window, fertility, custom, until)

st.subheader(t("model_assumptions"))
model_blocks.model_assumptions_text(result)

# SCB's ages: who lives here, and which ages move in and out (bundled, so a fresh machine shows them).
for kind in ("pyramid", "age_change"):
    age_chart = data.goal_chart(kind)
    if age_chart is not None:
        widgets.show(age_chart, state.goal_embed(kind))
