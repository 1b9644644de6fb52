"""Marknad: in- and out-migration, and the net migration the 2040 goal needs."""

import pandas as pd

from kpis import charts, notes, progress, ui
from kpis.i18n import fmt_number, t

lang = ui.lang()
cat = ui.catalog()
goal = cat.goal
obs, regions = ui.function_page("marknad", extra_kpis=["net_migration", "natural_increase", "live_births", "deaths"])

state = progress.progress(ui.series_of(obs, "population"), goal.target_value, goal.target_year, cat.status)
components = progress.components_of_change(
    ui.series_of(obs, "natural_increase"), ui.series_of(obs, "live_births"), ui.series_of(obs, "deaths"),
    ui.series_of(obs, "net_migration"),
)
natural = components.set_index("year")["natural_increase"].dropna()
net = components.set_index("year")["net_migration"].dropna()
if state is not None and not natural.empty and not net.empty:
    recent = natural.tail(5)
    needed = progress.required_net_migration(state.required_per_year, natural, years=5)
    label = t("required_net_label", lang, year=goal.target_year)
    shown = net.loc[net.index >= 1990].reset_index().rename(columns={"net_migration": "value"})
    fig = charts.bar_chart(shown, lang, t("axis_persons", lang), t("series_net_migration", lang), (needed, label))
    net_obs = obs[(obs["kpi_id"] == "net_migration") & (obs["region_code"] == ui.HOME)
                  & (obs["period"].astype(int) >= 1990)]
    reference = pd.DataFrame({"year": shown["year"], "value": needed})
    table = pd.concat([
        notes.observations_csv(net_obs, cat, lang, t("series_net_migration", lang)),
        notes.computed_csv(reference, "net_migration", cat.region_name(ui.HOME, lang),
                           cat.kpis["net_migration"].unit[lang], label,
                           t("computed_by", lang)),
    ], ignore_index=True)
    summary = t("required_net_summary", lang, target=fmt_number(goal.target_value, lang), year=goal.target_year,
                per_year=fmt_number(state.required_per_year, lang), natural=fmt_number(recent.mean(), lang),
                n=len(recent), first=int(recent.index[0]), last=int(recent.index[-1]),
                needed=fmt_number(needed, lang), latest=fmt_number(net.iloc[-1], lang, signed=True),
                latest_year=int(net.index[-1]))
    ui.chart_block(t("chart_required_net", lang), fig, table, notes.source_line(net_obs, lang), "required_net",
                   summary)
