"""Utveckling: development plans and their goal, externally funded projects, international work, gastronomy."""

import pandas as pd

from kpis import charts, notes, progress, ui
from kpis.i18n import fmt_number, t

lang = ui.lang()
cat = ui.catalog()
goal = cat.goal
obs, _ = ui.function_page("utveckling", extra_kpis=["population_increase"])

# The roadmap's goal in people a year, against the published population increase.
state = progress.progress(ui.series_of(obs, "population"), goal.target_value, goal.target_year, cat.status)
increase = obs[(obs["kpi_id"] == "population_increase") & (obs["region_code"] == ui.HOME)
               & (obs["period"].astype(int) >= 2000)]
if state is not None and not increase.empty:
    label = t("required_net_label", lang, year=goal.target_year)
    frame = pd.DataFrame({"year": increase["period"].astype(int), "value": increase["value"]})
    fig = charts.bar_chart(frame, lang, t("axis_persons", lang), cat.kpis["population_increase"].title[lang],
                           (state.required_per_year, label))
    reference = pd.DataFrame({"year": frame["year"], "value": state.required_per_year})
    table = pd.concat([
        notes.observations_csv(increase, cat, lang, cat.kpis["population_increase"].title[lang]),
        notes.computed_csv(reference, "population_increase", cat.region_name(ui.HOME, lang),
                           cat.kpis["population_increase"].unit[lang], label,
                           t("computed_by", lang)),
    ], ignore_index=True)
    last = increase.iloc[-1]
    summary = t("summary_latest", lang, region=cat.region_name(ui.HOME, lang),
                value=fmt_number(last["value"], lang, signed=True), period=last["period"])
    ui.chart_block(t("chart_plan", lang), fig, table, notes.source_line(increase, lang), "plan", summary)

# The facts the municipality publishes about its development work, on a time axis.
facts = ui.table("facts")
facts = facts[facts["topic"].isin(["growth_goal", "gastronomy", "university"]) & facts["year"].notna()]
if not facts.empty:
    label_column = "fact_sv" if lang == "sv" else "fact_en"
    fig = charts.timeline_chart(facts, lang, label_column)
    table = pd.DataFrame({
        t("col_year", lang): facts["year"].astype(int), t("col_topic", lang): facts["topic"],
        t("col_fact", lang): facts[label_column], "source": facts["source_url"],
    })
    first = facts.iloc[0]
    summary = t("timeline_summary", lang, n=len(facts), first=int(facts["year"].min()), last=int(facts["year"].max()),
                example=f"{int(first.year)}: {first[label_column]}")
    obs_like = pd.DataFrame({"source_id": "seed", "source_url": facts["source_url"],
                             "retrieved_at": ui.meta().get("built_at", "")[:10]})
    ui.chart_block(t("chart_timeline", lang), fig, table, notes.source_line(obs_like, lang), "timeline", summary)
