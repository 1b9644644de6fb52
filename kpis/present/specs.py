"""One KPI chart as data: title, figure, one-sentence summary, source line and the table behind it.

Pure (no streamlit): the app's pages, the embed view and the static export all draw from these, so a
chart, its summary and its download say the same thing wherever they appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kpis.core import compare, progress
from kpis.core.catalog import Catalog, Kpi
from kpis.core.i18n import fmt_number, fmt_period, t
from kpis.present import charts
from kpis.present import provenance as notes


@dataclass(frozen=True)
class ChartSpec:
    key: str
    kind: str  # trend | compare | season
    title: str
    fig: go.Figure
    table: pd.DataFrame
    source: str
    summary: str


def yearly_series(obs: pd.DataFrame, kpi_id: str, region: str) -> pd.Series:
    """One yearly KPI for one region, indexed by year (what ``kpis.core.progress`` takes)."""
    part = obs[(obs["kpi_id"] == kpi_id) & (obs["region_code"] == region)]
    return pd.Series(part["value"].to_numpy(), index=part["period"].astype(int).to_numpy(), dtype=float)


def region_names(frame: pd.DataFrame, catalog: Catalog, lang: str) -> list[str]:
    return [catalog.region_name(code, lang) for code in frame["region_code"]]


def ordered(rows: pd.DataFrame, regions: Sequence[str]) -> pd.DataFrame:
    order = {code: i for i, code in enumerate(regions)}
    return rows.assign(_o=rows["region_code"].map(order)).sort_values(["_o", "period"]).drop(columns="_o")


def kpi_rows(obs: pd.DataFrame, kpi: Kpi, regions: Sequence[str], years: tuple[int, int] | None = None
             ) -> pd.DataFrame:
    """The KPI's figures for the regions (in their order), within ``years`` when given."""
    rows = obs[(obs["kpi_id"] == kpi.id) & obs["region_code"].isin(regions) & obs["value"].notna()]
    if years is not None:
        year = rows["period"].astype(str).str[:4].astype(int)
        rows = rows[(year >= years[0]) & (year <= years[1])]
    return ordered(rows, regions)


def trend(kpi: Kpi, rows: pd.DataFrame, catalog: Catalog, lang: str,
          events: list[tuple[int, str]] | None = None) -> ChartSpec:
    """The KPI over the years, one line per region."""
    frame = pd.DataFrame({"region": region_names(rows, catalog, lang), "year": rows["period"].astype(int),
                          "value": rows["value"]})
    shown = [(y, label) for y, label in events or [] if frame["year"].min() <= y <= frame["year"].max()]
    fig = charts.series_chart(frame, lang, kpi.unit[lang], kpi.decimals, events=shown or None)
    home = rows[rows["region_code"] == catalog.home]
    last = home.iloc[-1] if not home.empty else rows.iloc[-1]
    summary = t("summary_latest", lang, region=catalog.region_name(str(last["region_code"]), lang),
                value=f"{fmt_number(last['value'], lang, kpi.decimals)} {kpi.unit[lang]}", period=last["period"])
    if home.empty:
        summary = f"{t('no_home_figure', lang)} {summary}"
    return ChartSpec(f"{kpi.id}_trend", "trend", t("chart_trend", lang, title=kpi.title[lang]), fig,
                     notes.observations_csv(rows, catalog, lang), notes.source_line(rows, lang), summary)


def comparison(kpi: Kpi, rows: pd.DataFrame, population: pd.DataFrame, regions: Sequence[str],
               catalog: Catalog, lang: str) -> ChartSpec | None:
    """The regions side by side for one period; per 1 000 inhabitants where the catalog says so."""
    unit, decimals, note = kpi.unit[lang], kpi.decimals, ""
    if kpi.compare == "per_1000":
        rows = compare.per_1000(rows, population)
        rows = rows[rows["value_per_1000"].notna()].assign(count=rows["value"], value=rows["value_per_1000"])
        unit, decimals, note = f"{unit} {t('per_1000', lang)}", 1, t("per_1000_note", lang)
    latest = compare.latest_common_period(rows, list(regions))
    if latest["region_code"].nunique() < 2:
        return None
    frame = pd.DataFrame({"region": region_names(latest, catalog, lang), "value": latest["value"]})
    fig = charts.comparison_chart(frame, lang, unit, decimals, highlight=catalog.region_name(catalog.home, lang))
    period = str(latest["period"].iloc[0])
    top, bottom = frame.loc[frame["value"].idxmax()], frame.loc[frame["value"].idxmin()]
    summary = t("summary_compare", lang, period=period, top=top["region"],
                top_value=fmt_number(top["value"], lang, decimals), bottom=bottom["region"],
                bottom_value=fmt_number(bottom["value"], lang, decimals))
    if catalog.home not in set(latest["region_code"]):
        summary = f"{t('no_home_figure', lang)} {summary}"
    table = notes.observations_csv(latest, catalog, lang).assign(unit=unit)
    if kpi.compare == "per_1000":
        table["value"] = latest["value"].round(2).to_numpy()
        table[t("col_raw_value", lang)] = latest["count"].to_numpy()
        table[t("col_population", lang)] = latest["population"].to_numpy()
    return ChartSpec(f"{kpi.id}_compare", "compare", t("chart_compare", lang, title=kpi.title[lang], period=period),
                     fig, table, notes.source_line(latest, lang), " ".join(filter(None, [summary, note])))


def seasonal(kpi: Kpi, rows: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """A monthly KPI for Östersund: one line per year over the months."""
    home = rows[rows["region_code"] == catalog.home]
    if home.empty:
        return None
    frame = pd.DataFrame({"year": home["period"].str[:4].astype(int), "month": home["period"].str[5:].astype(int),
                          "value": home["value"]})
    fig = charts.seasonal_chart(frame, lang, kpi.unit[lang], kpi.decimals)
    last = home.sort_values("period").iloc[-1]
    period = str(last["period"])
    before = home[home["period"] == f"{int(period[:4]) - 1}{period[4:]}"]
    same = (t("summary_season_same", lang, value=fmt_number(before["value"].iloc[0], lang, kpi.decimals))
            if not before.empty else "")
    summary = t("summary_season", lang, region=catalog.region_name(catalog.home, lang), period=fmt_period(period, lang),
                same=same, value=f"{fmt_number(last['value'], lang, kpi.decimals)} {kpi.unit[lang]}")
    return ChartSpec(f"{kpi.id}_season", "season", t("chart_season", lang, title=kpi.title[lang]), fig,
                     notes.observations_csv(home, catalog, lang), notes.source_line(home, lang), summary)


def kpi_specs(kpi: Kpi, obs: pd.DataFrame, regions: Sequence[str], catalog: Catalog, lang: str,
              events: list[tuple[int, str]] | None = None, years: tuple[int, int] | None = None
              ) -> list[ChartSpec]:
    """A trend where the KPI has one and a comparison of the regions' latest period (or the seasons).

    Counts of different-sized places (``compare = "per_1000"``) are drawn over time for Östersund and its
    county only, and compared per 1 000 inhabitants.
    """
    rows = kpi_rows(obs, kpi, regions, years)
    if rows.empty:
        return []
    if kpi.periodicity == "month":
        spec = seasonal(kpi, rows, catalog, lang)
        return [spec] if spec else []
    specs = []
    trend_rows = rows[rows["region_code"].isin(catalog.always[:2])] if kpi.compare == "per_1000" else rows
    if not trend_rows.empty and trend_rows.groupby("region_code")["period"].nunique().max() > 1:
        specs.append(trend(kpi, trend_rows, catalog, lang, events))
    population = obs[obs["kpi_id"] == "population"]
    spec = comparison(kpi, rows, population, regions, catalog, lang)
    if spec:
        specs.append(spec)
    return specs


def goal_chart(obs: pd.DataFrame, catalog: Catalog, lang: str, years: tuple[int, int] | None = None
               ) -> ChartSpec | None:
    """The goal KPI (population) against its target path, with the projection at the current pace.

    ``years`` limits the observed years drawn; the pace, the path and the goal are always from all the data.
    """
    goal = catalog.goal
    pop = obs[(obs["kpi_id"] == goal.kpi) & (obs["region_code"] == goal.region) & obs["value"].notna()]
    pop = pop.assign(year=pop["period"].astype(int))
    state = progress.progress(yearly_series(pop, goal.kpi, goal.region), goal.target_value, goal.target_year,
                              catalog.status)
    if state is None:
        return None
    latest_prelim = bool(pop.loc[pop["year"] == state.latest_year, "preliminary"].iloc[0])
    prev = pop[pop["year"] < state.latest_year].tail(1)
    if years is not None:
        pop = pop[(pop["year"] >= years[0]) & (pop["year"] <= years[1])]
        if pop.empty:
            return None
    pace = state.pace
    target_path = progress.path(state.latest_year, state.latest_value, state.required_rate, goal.target_year)
    projection = progress.path(state.latest_year, state.latest_value, pace.rate, goal.target_year) if pace else None
    fig = charts.population_chart(pop[["year", "value", "preliminary"]], target_path, projection,
                                  (goal.target_year, goal.target_value), lang, (pace.start, pace.end) if pace else None)
    region = catalog.region_name(goal.region, lang)
    unit = catalog.kpis[goal.kpi].unit[lang]
    method = t("computed_by", lang)
    frames = [notes.observations_csv(pop, catalog, lang, t("series_observed", lang)),
              notes.computed_csv(target_path, goal.kpi, region, unit, t("series_target_path", lang), method)]
    if projection is not None and pace:
        frames.append(notes.computed_csv(projection, goal.kpi, region, unit,
                                         t("series_projection", lang, start=pace.start, end=pace.end), method))
    change = (t("summary_change", lang, diff=fmt_number(state.latest_value - prev["value"].iloc[0], lang,
                                                        signed=True), prev_year=int(prev["year"].iloc[0]))
              if not prev.empty else "")
    summary = t("summary_population", lang, value=fmt_number(state.latest_value, lang), year=state.latest_year,
                prelim=f" ({t('preliminary', lang)})" if latest_prelim else "", change=change)
    return ChartSpec("population", "goal", t("chart_population", lang), fig, pd.concat(frames, ignore_index=True),
                     notes.source_line(pop, lang), summary)


COMPONENTS = ("natural_increase", "live_births", "deaths", "net_migration")


def components_chart(obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """Natural increase and net migration per year: what the population change is made of."""
    region_code = catalog.goal.region
    components = progress.components_of_change(*(yearly_series(obs, kpi, region_code) for kpi in COMPONENTS))
    if components.empty:
        return None
    fig = charts.components_chart(components, lang)
    missing = components.loc[components["natural_increase"].isna() & components["net_migration"].isna(), "year"]
    both = components.dropna(subset=["natural_increase", "net_migration"]).tail(1)
    summary = t("components_intro", lang)
    if not both.empty:
        summary += " " + t("summary_components", lang, year=int(both["year"].iloc[0]),
                           natural=fmt_number(both["natural_increase"].iloc[0], lang, signed=True),
                           net=fmt_number(both["net_migration"].iloc[0], lang, signed=True))
    if not missing.empty:
        summary += " " + t("missing_years", lang, years=", ".join(str(y) for y in missing))
    rows = obs[obs["kpi_id"].isin(COMPONENTS) & (obs["region_code"] == region_code)]
    table = notes.observations_csv(rows, catalog, lang)
    derived = components[components["natural_derived"]]
    if not derived.empty:
        table = pd.concat([table, notes.computed_csv(
            derived.rename(columns={"natural_increase": "value"}), "natural_increase",
            catalog.region_name(region_code, lang), catalog.kpis["natural_increase"].unit[lang],
            t("series_natural_derived", lang), "födda − döda" if lang == "sv" else "births − deaths")],
            ignore_index=True)
    return ChartSpec("components", "components", t("chart_components", lang), fig,
                     table.sort_values(["period", "kpi"]), notes.source_line(rows, lang), summary)


def required_net_chart(obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """Published net migration against what the goal needs once the recent natural increase is counted."""
    goal = catalog.goal
    home = goal.region
    state = progress.progress(yearly_series(obs, goal.kpi, home), goal.target_value, goal.target_year, catalog.status)
    components = progress.components_of_change(*(yearly_series(obs, kpi, home) for kpi in COMPONENTS))
    natural = components.set_index("year")["natural_increase"].dropna()
    net = components.set_index("year")["net_migration"].dropna()
    if state is None or natural.empty or net.empty:
        return None
    recent = natural.tail(5)
    needed = progress.required_net_migration(state.required_per_year, natural, years=5)
    label = t("required_net_label", lang, year=goal.target_year)
    shown = net.loc[net.index >= 1990].reset_index().rename(columns={"net_migration": "value"})
    fig = charts.bar_chart(shown, lang, t("axis_persons", lang), t("series_net_migration", lang), (needed, label))
    net_obs = obs[(obs["kpi_id"] == "net_migration") & (obs["region_code"] == home)
                  & (obs["period"].astype(int) >= 1990)]
    reference = pd.DataFrame({"year": shown["year"], "value": needed})
    table = pd.concat([
        notes.observations_csv(net_obs, catalog, lang, t("series_net_migration", lang)),
        notes.computed_csv(reference, "net_migration", catalog.region_name(home, lang),
                           catalog.kpis["net_migration"].unit[lang], label, t("computed_by", lang)),
    ], ignore_index=True)
    summary = t("required_net_summary", lang, target=fmt_number(goal.target_value, lang), year=goal.target_year,
                per_year=fmt_number(state.required_per_year, lang), natural=fmt_number(recent.mean(), lang),
                n=len(recent), first=int(recent.index[0]), last=int(recent.index[-1]),
                needed=fmt_number(needed, lang), latest=fmt_number(net.iloc[-1], lang, signed=True),
                latest_year=int(net.index[-1]))
    return ChartSpec("required_net", "required_net", t("chart_required_net", lang), fig, table,
                     notes.source_line(net_obs, lang), summary)


def plan_chart(obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """The roadmap's goal in people a year, against the published population increase."""
    goal = catalog.goal
    home = goal.region
    state = progress.progress(yearly_series(obs, goal.kpi, home), goal.target_value, goal.target_year, catalog.status)
    increase = obs[(obs["kpi_id"] == "population_increase") & (obs["region_code"] == home)
                   & (obs["period"].astype(int) >= 2000)]
    if state is None or increase.empty:
        return None
    kpi = catalog.kpis["population_increase"]
    label = t("required_net_label", lang, year=goal.target_year)
    frame = pd.DataFrame({"year": increase["period"].astype(int), "value": increase["value"]})
    fig = charts.bar_chart(frame, lang, t("axis_persons", lang), kpi.title[lang], (state.required_per_year, label))
    reference = pd.DataFrame({"year": frame["year"], "value": state.required_per_year})
    table = pd.concat([
        notes.observations_csv(increase, catalog, lang, kpi.title[lang]),
        notes.computed_csv(reference, kpi.id, catalog.region_name(home, lang), kpi.unit[lang], label,
                           t("computed_by", lang)),
    ], ignore_index=True)
    last = increase.iloc[-1]
    summary = t("summary_latest", lang, region=catalog.region_name(home, lang),
                value=fmt_number(last["value"], lang, signed=True), period=last["period"])
    return ChartSpec("plan", "plan", t("chart_plan", lang), fig, table, notes.source_line(increase, lang), summary)


def timeline(facts: pd.DataFrame, lang: str, retrieved: str) -> ChartSpec | None:
    """The facts the municipality publishes about its development work, on a time axis."""
    facts = facts[facts["topic"].isin(["growth_goal", "gastronomy", "university"]) & facts["year"].notna()]
    if facts.empty:
        return None
    label_column = "fact_sv" if lang == "sv" else "fact_en"
    fig = charts.timeline_chart(facts, lang, label_column)
    table = pd.DataFrame({
        t("col_year", lang): facts["year"].astype(int), t("col_topic", lang): facts["topic"],
        t("col_fact", lang): facts[label_column], "source": facts["source_url"],
    })
    first = facts.iloc[0]
    summary = t("timeline_summary", lang, n=len(facts), first=int(facts["year"].min()), last=int(facts["year"].max()),
                example=f"{int(first.year)}: {first[label_column]}")
    sources = pd.DataFrame({"source_id": "seed", "source_url": facts["source_url"], "retrieved_at": retrieved})
    return ChartSpec("timeline", "timeline", t("chart_timeline", lang), fig, table,
                     notes.source_line(sources, lang), summary)
