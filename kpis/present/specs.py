"""One KPI chart as data: title, figure, one-sentence summary, source line, notes and the table behind it.

Pure (no Streamlit, no database): the app's pages, the embed view, the static export and the report all draw
from these, so a chart, its summary and its download say the same thing wherever they appear.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from kpis.core import compare, model, months, progress
from kpis.core.catalog import Catalog, Kpi
from kpis.core.goal import ModelExtras
from kpis.core.goal import progress_of as goal_progress_of
from kpis.core.i18n import fmt_number, fmt_pct, fmt_period, months_long, t
from kpis.core.kpi_state import Target, yearly_series
from kpis.core.source_class import historical, is_approximate
from kpis.present import charts, provenance

MEASURES = ("per_1000", "index")  # how counts of different-sized places are compared; the user chooses


@dataclass(frozen=True)
class ChartSpec:
    key: str
    kind: str  # goal | trend | compare | season | components | required_net | plan | timeline | model
    title: str
    fig: go.Figure
    table: pd.DataFrame
    source: str
    summary: str
    footnotes: tuple[str, ...] = field(default=())
    period: str = ""  # the latest period the chart shows


def ordered(rows: pd.DataFrame, regions: Sequence[str]) -> pd.DataFrame:
    order = {code: i for i, code in enumerate(regions)}
    return rows.assign(_o=rows["region_code"].map(order)).sort_values(["_o", "period"]).drop(columns="_o")


def kpi_rows(obs: pd.DataFrame, kpi: Kpi, regions: Sequence[str], years: tuple[int, int] | None = None
             ) -> pd.DataFrame:
    """The KPI's figures for the regions (in their order), within ``years`` when given; figures of other
    sources before a region's official series begins are left out (see :func:`historical`)."""
    rows = obs[(obs["kpi_id"] == kpi.id) & obs["region_code"].isin(regions) & obs["value"].notna()]
    rows = rows[~historical(rows)]
    if years is not None:
        year = rows["period"].astype(str).str[:4].astype(int)
        rows = rows[(year >= years[0]) & (year <= years[1])]
    return ordered(rows, regions)


def is_count(kpi: Kpi) -> bool:
    """Counts of different-sized places are never compared as they are."""
    return kpi.compare in ("per_1000", "index")


def measure_for(kpi: Kpi, wanted: str | None) -> str:
    """The comparison measure of a count KPI: the user's choice where it makes sense, else the catalog's."""
    if kpi.compare == "index":
        return "index"
    return wanted if wanted in MEASURES else "per_1000"


def _with_notes(rows: pd.DataFrame, lang: str) -> pd.Series:
    return pd.Series(provenance.hover_notes(rows, lang), index=rows.index)


def _measured(kpi: Kpi, rows: pd.DataFrame, population: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, str, int]:
    """The rows in the measure (``value`` replaced; ``count`` and ``population`` kept), its unit and decimals."""
    if measure == "per_1000":
        merged = compare.per_1000(rows, population)
        merged = merged[merged["value_per_1000"].notna()]
        return merged.assign(count=merged["value"], value=merged["value_per_1000"].round(2)), "per_1000", 1
    # The base is the earliest period the first region (the home one) shares with most of the others;
    # a region without a figure for it is left out of the index rather than based on another year.
    counts = rows.groupby("period")["region_code"].nunique()
    home_periods = set(rows.loc[rows["region_code"] == rows["region_code"].iloc[0], "period"])
    regions = rows["region_code"].nunique()
    shared = sorted(p for p in counts.index if p in home_periods and counts[p] >= max(2, (regions + 1) // 2))
    base_period = shared[0] if shared else rows["period"].min()
    base = rows[rows["period"] == base_period].set_index("region_code")["value"]
    indexed = rows[rows["region_code"].isin(base.index) & (rows["period"] >= base_period)].copy()
    indexed["count"] = indexed["value"]
    indexed["value"] = (indexed["value"] / indexed["region_code"].map(base) * 100).round(2)
    return indexed.assign(base_period=base_period), "index", 1


def _drawn_rows(drawn: pd.DataFrame, population: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows a chart draws, with the populations a per-1 000 figure was divided by: what its source line and
    notes name (never a row that was read but not drawn)."""
    if measure != "per_1000" or population.empty:
        return drawn
    keys = set(zip(drawn["region_code"], drawn["period"], strict=True))
    used = population[[key in keys for key in zip(population["region_code"], population["period"], strict=True)]]
    return pd.concat([drawn, used], ignore_index=True)


def _unit(kpi: Kpi, measure: str, lang: str, base_period: str = "") -> str:
    if measure == "per_1000":
        return f"{kpi.unit[lang]} {t('per_1000', lang)}"
    if measure == "index":
        return t("index_unit", lang, year=base_period)
    return kpi.unit[lang]


def _measure_note(measure: str, lang: str, base_period: str = "") -> str:
    if measure == "per_1000":
        return t("per_1000_note", lang)
    if measure == "index":
        return t("index_note", lang, year=base_period)
    return ""


def _target_in(kpi: Kpi, target: Target, measure: str, drawn: pd.DataFrame, population: pd.DataFrame,
               catalog: Catalog, lang: str) -> tuple[int, float, str] | None:
    """The target in the chart's measure, its label saying how it was converted: as set for counts; per 1 000
    inhabitants with the home region's latest population; as an index on the chart's base year."""
    value = fmt_number(target.value, lang, kpi.decimals)
    if measure == "count":
        return target.year, target.value, t("series_target", lang, value=value, year=target.year)
    home = drawn[drawn["region_code"] == catalog.home]
    if home.empty:
        return None
    if measure == "index":
        base = home.loc[home["period"] == home["base_period"].iloc[0], "count"] if "base_period" in home else []
        if not len(base) or not float(base.iloc[0]):
            return None
        converted = target.value / float(base.iloc[0]) * 100
        return target.year, converted, t("series_target_index", lang, value=value, year=target.year,
                                         index=fmt_number(converted, lang, 1))
    people = population[(population["region_code"] == catalog.home) & population["value"].notna()]
    if people.empty:
        return None
    latest = people.sort_values("period").iloc[-1]
    converted = target.value / float(latest["value"]) * 1000
    return target.year, converted, t("series_target_per_1000", lang, value=value, year=target.year,
                                     per=fmt_number(converted, lang, 1), pop_year=str(latest["period"]))


def trend(kpi: Kpi, rows: pd.DataFrame, population: pd.DataFrame, catalog: Catalog, lang: str,
          events: list[tuple[int, str]] | None = None, measure: str | None = None,
          target: Target | None = None) -> ChartSpec | None:
    """The KPI over the years, one line per region; counts per 1 000 inhabitants or as an index when more
    than one region is drawn, as they are for the home region alone (with its target, if it has one)."""
    regions = list(dict.fromkeys(rows["region_code"]))
    chosen = measure_for(kpi, measure) if is_count(kpi) and len(regions) > 1 else "count"
    drawn, decimals, base_period = rows, kpi.decimals, ""
    if chosen != "count":
        drawn, chosen, decimals = _measured(kpi, rows, population, chosen)
        base_period = str(drawn["base_period"].iloc[0]) if "base_period" in drawn.columns and len(drawn) else ""
    if drawn.empty or drawn.groupby("region_code")["period"].nunique().max() < 2:
        return None
    unit = _unit(kpi, chosen, lang, base_period)
    frame = pd.DataFrame({"region": [catalog.region_name(c, lang) for c in drawn["region_code"]],
                          "year": drawn["period"].astype(int), "value": drawn["value"],
                          "note": _with_notes(drawn, lang)})
    shown = [(y, label) for y, label in events or [] if frame["year"].min() <= y <= frame["year"].max()]
    goal = _target_in(kpi, target, chosen, drawn, population, catalog, lang) if target is not None and (
        catalog.home in regions) else None
    fig = charts.series_chart(frame, lang, unit, decimals, events=shown or None, target=goal)
    home = drawn[drawn["region_code"] == catalog.home]
    last = home.iloc[-1] if not home.empty else drawn.iloc[-1]
    value = f"{fmt_number(last['value'], lang, decimals)}" + ("" if chosen == "index" else f" {unit}")
    summary = t("summary_latest", lang, region=catalog.region_name(str(last["region_code"]), lang), value=value,
                period=fmt_period(str(last["period"]), lang))
    if home.empty:
        summary = f"{t('no_home_figure', lang)} {summary}"
    summary = " ".join(filter(None, [summary, _measure_note(chosen, lang, base_period)]))
    table = provenance.observations_csv(drawn, catalog, lang)
    if chosen != "count":
        table = table.assign(value=drawn["value"].round(2).to_numpy(), unit=unit)
        table[t("col_raw_value", lang)] = drawn["count"].to_numpy()
        if chosen == "per_1000":
            table[t("col_population", lang)] = drawn["population"].to_numpy()
    named = _drawn_rows(drawn, population, chosen)
    notes = [*provenance.footnotes(named, catalog, lang), *_missing_years(drawn, catalog, lang)]
    return ChartSpec(f"{kpi.id}_trend", "trend", t("chart_trend", lang, title=kpi.title[lang]), fig, table,
                     provenance.source_line(named, lang), summary, tuple(notes), str(last["period"]))


def _missing_years(drawn: pd.DataFrame, catalog: Catalog, lang: str) -> list[str]:
    """Where regions are drawn together: the years of the chart's span each region has no figure for, said once
    (a reader cannot take a line that stops for a fall, or compare years one region lacks)."""
    if drawn["region_code"].nunique() < 2:
        return []
    years = drawn["period"].astype(int)
    span = set(range(int(years.min()), int(years.max()) + 1))
    gaps = []
    for code, part in drawn.groupby("region_code", sort=False):
        lacking = sorted(span - set(part["period"].astype(int)))
        if lacking:
            gaps.append(f"{catalog.region_name(str(code), lang)} {provenance.spans([str(y) for y in lacking])}")
    return [t("missing_years_note", lang, gaps="; ".join(gaps))] if gaps else []


def comparison(kpi: Kpi, rows: pd.DataFrame, population: pd.DataFrame, regions: Sequence[str],
               catalog: Catalog, lang: str, measure: str | None = None) -> ChartSpec | None:
    """The regions side by side for one period: counts per 1 000 inhabitants (or as an index of growth since
    the first common year), rates as they are."""
    chosen = measure_for(kpi, measure) if is_count(kpi) else "count"
    decimals, base_period = kpi.decimals, ""
    if chosen != "count":
        rows, chosen, decimals = _measured(kpi, rows, population, chosen)
        base_period = str(rows["base_period"].iloc[0]) if "base_period" in rows.columns and len(rows) else ""
    latest = compare.latest_common_period(rows, list(regions))
    if latest["region_code"].nunique() < 2:
        return None
    unit = _unit(kpi, chosen, lang, base_period)
    frame = pd.DataFrame({"region": [catalog.region_name(c, lang) for c in latest["region_code"]],
                          "value": latest["value"]})
    fig = charts.comparison_chart(frame, lang, unit, decimals, highlight=catalog.region_name(catalog.home, lang),
                                  reference=100.0 if chosen == "index" else None)
    period = str(latest["period"].iloc[0])
    top, bottom = frame.loc[frame["value"].idxmax()], frame.loc[frame["value"].idxmin()]
    summary = t("summary_compare", lang, period=fmt_period(period, lang), top=top["region"],
                top_value=fmt_number(top["value"], lang, decimals), bottom=bottom["region"],
                bottom_value=fmt_number(bottom["value"], lang, decimals))
    if catalog.home not in set(latest["region_code"]):
        summary = f"{t('no_home_figure', lang)} {summary}"
    table = provenance.observations_csv(latest, catalog, lang).assign(unit=unit)
    if chosen != "count":
        table["value"] = latest["value"].round(2).to_numpy()
        table[t("col_raw_value", lang)] = latest["count"].to_numpy()
        if chosen == "per_1000":
            table[t("col_population", lang)] = latest["population"].to_numpy()
    return ChartSpec(f"{kpi.id}_compare", "compare",
                     t("chart_compare", lang, title=kpi.title[lang], period=fmt_period(period, lang)), fig, table,
                     provenance.source_line(_drawn_rows(latest, population, chosen), lang),
                     " ".join(filter(None, [summary, _measure_note(chosen, lang, base_period)])),
                     tuple(provenance.footnotes(_drawn_rows(latest, population, chosen), catalog, lang)), period)


def seasonal(kpi: Kpi, rows: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """A monthly KPI for the home region: one line per year over the months."""
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
    summary = t("summary_season", lang, region=catalog.region_name(catalog.home, lang),
                period=fmt_period(period, lang), same=same,
                value=f"{fmt_number(last['value'], lang, kpi.decimals)} {kpi.unit[lang]}")
    if kpi.compare != "index":  # a flow: the year so far against the same months of the year before
        summary = " ".join(filter(None, [summary, _year_to_date(home, kpi, period, lang)]))
    return ChartSpec(f"{kpi.id}_season", "season", t("chart_season", lang, title=kpi.title[lang]), fig,
                     provenance.observations_csv(home, catalog, lang), provenance.source_line(home, lang), summary,
                     tuple(provenance.footnotes(home, catalog, lang)), period)


def _year_to_date(home: pd.DataFrame, kpi: Kpi, period: str, lang: str) -> str:
    """"Januari–oktober 2026: 3 100, mot 2 900 samma månader 2025 (+6,9 %)" (every month there, both years)."""
    series = pd.Series(home["value"].astype(float).to_numpy(), index=home["period"].astype(str).to_numpy())
    year, month = int(period[:4]), int(period[5:])
    now, before = months.so_far(series, None, year, month), months.so_far(series, None, year - 1, month)
    if month < 2 or now is None or before is None:
        return ""
    names = months_long(lang)
    change = (f" ({fmt_pct(now.value / before.value - 1, lang, 1, signed=True)})"
              if before.value > 0 and now.value >= 0 else "")
    return t("summary_year_to_date", lang, first=names[0], last=names[month - 1], year=year, previous=year - 1,
             value=f"{fmt_number(now.value, lang, kpi.decimals)} {kpi.unit[lang]}",
             before=fmt_number(before.value, lang, kpi.decimals),
             change=change)


def kpi_specs(kpi: Kpi, obs: pd.DataFrame, regions: Sequence[str], catalog: Catalog, lang: str,
              events: list[tuple[int, str]] | None = None, years: tuple[int, int] | None = None,
              measure: str | None = None, target: Target | None = None) -> list[ChartSpec]:
    """A trend where the KPI has one and a comparison of the regions' latest period (or the seasons)."""
    rows = kpi_rows(obs, kpi, regions, years)
    if rows.empty:
        return []
    if kpi.periodicity == "month":
        spec = seasonal(kpi, rows, catalog, lang)
        return [spec] if spec else []
    population = obs[obs["kpi_id"] == catalog.goal.kpi]
    specs = [trend(kpi, rows, population, catalog, lang, events, measure, target),
             comparison(kpi, rows, population, regions, catalog, lang, measure)]
    return [spec for spec in specs if spec is not None]



def goal_chart(obs: pd.DataFrame, catalog: Catalog, lang: str, years: tuple[int, int] | None = None,
               history: bool = False, result: model.Result | None = None) -> ChartSpec | None:
    """The goal KPI (population) against its target path, with today's pace (the model's, from ``result``).

    ``years`` limits the observed years drawn; the pace, the path and the goal are always from all the data.
    The official series is drawn; years before it from other sources only with ``history``, as points apart.
    """
    goal = catalog.goal
    pop = obs[(obs["kpi_id"] == goal.kpi) & (obs["region_code"] == goal.region) & obs["value"].notna()]
    pop = pop.assign(year=pop["period"].astype(int))
    earlier = historical(pop)
    older, pop = pop[earlier], pop[~earlier]
    state = goal_progress_of(pop, catalog)
    if state is None:
        return None
    latest_row = pop[pop["year"] == state.latest_year].iloc[0]
    prev = pop[pop["year"] < state.latest_year].tail(1)
    if years is not None:
        pop = pop[(pop["year"] >= years[0]) & (pop["year"] <= years[1])]
        if pop.empty:
            return None
    target_path = progress.path(state.latest_year, state.latest_value, state.required_rate, goal.target_year)
    pace = result.pace() if result is not None and result.start_year == state.latest_year else None
    projection = None
    if pace is not None:
        frame = pace.path.frame
        projection = (frame.loc[frame["year"] <= goal.target_year, ["year", "population"]]
                      .rename(columns={"population": "value"}))
    if years is not None:
        older = older[(older["year"] >= years[0]) & (older["year"] <= years[1])]
    older = older if history else older.iloc[0:0]
    drawn = pop.assign(note=_with_notes(pop, lang))
    fig = charts.population_chart(drawn[["year", "value", "preliminary", "note"]], target_path, projection,
                                  (goal.target_year, goal.target_value), lang,
                                  (pace.first, pace.last) if pace else None, older[["year", "value"]])
    region = catalog.region_name(goal.region, lang)
    unit = catalog.kpis[goal.kpi].unit[lang]
    method = t("computed_by", lang)
    frames = [provenance.observations_csv(pop, catalog, lang, t("series_observed", lang)),
              provenance.observations_csv(older, catalog, lang, t("series_historical", lang)),
              provenance.computed_csv(target_path, goal.kpi, region, unit, t("series_target_path", lang), method, lang)]
    if projection is not None and pace:
        frames.append(provenance.computed_csv(projection, goal.kpi, region, unit,
                                              t("series_projection", lang, start=pace.first, end=pace.last),
                                              method, lang))
    change = ""
    if not prev.empty:
        approx = is_approximate(latest_row.get("caveat")) or is_approximate(prev.iloc[0].get("caveat"))
        change = t("summary_change", lang, diff=(t("approx", lang) + " " if approx else "") + fmt_number(
            state.latest_value - prev["value"].iloc[0], lang, signed=True), prev_year=int(prev["year"].iloc[0]))
    summary = t("summary_population", lang, value=fmt_number(state.latest_value, lang), year=state.latest_year,
                prelim=f" ({t('preliminary', lang)})" if bool(latest_row["preliminary"]) else "", change=change)
    shown = pd.concat([pop, older]) if len(older) else pop
    footnotes = [*provenance.footnotes(shown, catalog, lang), *([t("history_note", lang)] if len(older) else [])]
    return ChartSpec("population", "goal", t("chart_population", lang), fig, pd.concat(frames, ignore_index=True),
                     provenance.source_line(shown, lang), summary, tuple(footnotes), str(state.latest_year))


def components_chart(obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """Natural increase and net migration per year: what the population change is made of (each the store's one
    series of the concept: published by SCB, or computed from SCB's parts)."""
    region_code = catalog.goal.region
    natural, net = (yearly_series(obs, kpi, region_code) for kpi in catalog.goal.components)
    empty = pd.Series(dtype=float)
    components = progress.components_of_change(natural, empty, empty, net)
    if components.empty:
        return None
    # Two bars a year stay readable on a phone for about 25 years; the table keeps the years drawn.
    components = components[components["year"] > components["year"].max() - 25].reset_index(drop=True)
    fig = charts.components_chart(components, lang)
    both = components.dropna(subset=["natural_increase", "net_migration"]).tail(1)
    summary = t("components_intro", lang)
    if not both.empty:
        year = int(both["year"].iloc[0])
        natural_value, net_value = float(both["natural_increase"].iloc[0]), float(both["net_migration"].iloc[0])
        summary += " " + t("summary_components", lang, year=year, natural=fmt_number(natural_value, lang, signed=True),
                           net=fmt_number(net_value, lang, signed=True),
                           rest=_adjustment(yearly_series(obs, catalog.goal.population_increase, region_code),
                                            year, round(natural_value) + round(net_value), lang))
    rows = obs[obs["kpi_id"].isin(catalog.goal.components) & (obs["region_code"] == region_code)]
    rows = rows[rows["period"].astype(int) >= int(components["year"].min())]
    table = provenance.observations_csv(rows, catalog, lang)
    return ChartSpec("components", "components", t("chart_components", lang), fig,
                     table.sort_values(["period", "kpi"]), provenance.source_line(rows, lang), summary,
                     tuple(provenance.footnotes(rows, catalog, lang)), str(int(components["year"].max())))


def _adjustment(change: pd.Series, year: int, parts: int, lang: str) -> str:
    """SCB's adjustment term, named where the population's change is not the sum of the two parts as printed."""
    if year not in change.index:
        return ""
    total = round(float(change[year]))
    if total == parts:
        return ""
    return t("components_adjustment", lang, adjustment=fmt_number(total - parts, lang, signed=True),
             change=fmt_number(total, lang, signed=True))


def drawn_from(catalog: Catalog, kind: str) -> int:
    """The first year a goal chart draws (the catalog's ``[goal] drawn_from``; all years where it says none)."""
    return catalog.goal.drawn_from.get(kind, 0)


def required_net_chart(result: model.Result, obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """Net migration per year (the store's one series: SCB's, or computed from SCB's parts) against what the
    goal needs (``result``: the model run)."""
    goal = catalog.goal
    net_kpi = goal.net_migration
    rows = obs[(obs["kpi_id"] == net_kpi) & (obs["region_code"] == goal.region) & obs["value"].notna()]
    rows = rows[rows["period"].astype(int) >= drawn_from(catalog, "required_net")]
    if rows.empty:
        return None
    needed = result.needed_net_migration
    label = t("required_net_label", lang, year=goal.target_year)
    shown = pd.DataFrame({"year": rows["period"].astype(int).to_numpy(), "value": rows["value"].to_numpy()})
    name = catalog.kpis[net_kpi].title[lang]
    fig = charts.bar_chart(shown, lang, t("axis_persons", lang), name, (needed, label))
    region = catalog.region_name(goal.region, lang)
    unit = catalog.kpis[net_kpi].unit[lang]
    reference = pd.DataFrame({"year": shown["year"], "value": needed})
    table = pd.concat([
        provenance.observations_csv(rows, catalog, lang, name),
        provenance.computed_csv(reference, net_kpi, region, unit, label, t("computed_by", lang), lang),
    ], ignore_index=True)
    summary = headline(result, lang)
    return ChartSpec("required_net", "required_net", t("chart_required_net", lang), fig, table,
                     provenance.source_line(rows, lang), summary, tuple(provenance.footnotes(rows, catalog, lang)),
                     str(int(shown["year"].iloc[-1])))


def reconcile(result: model.Result, lang: str) -> str:
    """The goal's numbers in one sum: the growth a year the goal needs = the net migration it needs + the
    natural increase the model has on that road. The parts are rounded to one decimal and the total is their sum,
    so the figures add up as printed."""
    years = result.target_year - result.start_year
    if years <= 0:
        return ""
    growth = (result.target_value - result.start_population) / years
    net = round(result.needed_net_migration, 1)
    natural = round(growth - result.needed_net_migration, 1)
    return t("goal_reconcile", lang, growth=fmt_number(net + natural, lang, 1), net=fmt_number(net, lang, 1),
             natural=fmt_number(natural, lang, 1, signed=True), first=result.start_year + 1, last=result.target_year)


def reached_words(path: model.Path, lang: str) -> str:
    """"år 2080", or "inte före 2100" where the path does not reach the target within its horizon."""
    if path.reached_year is not None:
        return t("reached_year", lang, year=path.reached_year)
    return t("reached_not_before", lang, year=path.horizon)


def reached_cell(path: model.Path, lang: str) -> str:
    """A table's cell: "2080", or "inte före 2100"."""
    return str(path.reached_year) if path.reached_year is not None else t("reached_not_before", lang,
                                                                            year=path.horizon)


def pace_sentence(result: model.Result, target: float, lang: str) -> str:
    """When the target is reached at today's pace (:meth:`kpis.core.model.Result.pace`): the panel's one answer."""
    pace = result.pace()
    if pace is None:
        return ""
    return t("pace_reached", lang, first=pace.first, last=pace.last, net=fmt_number(pace.net_migration, lang,
             signed=True), r_first=pace.rates.first, r_last=pace.rates.last, target=fmt_number(target, lang),
             reached=reached_words(pace.path, lang))


def headline(result: model.Result, lang: str) -> str:
    """"N inflyttade netto per år behövs 2026–2040; senaste året: M; snittet 2020–2024: K"."""
    latest = result.latest_net_migration
    average = result.average_net_migration
    return t("model_headline", lang, needed=fmt_number(result.needed_net_migration, lang),
             first=result.start_year + 1, last=result.target_year,
             latest=fmt_number(latest[1], lang, signed=True) if latest else "–",
             latest_year=latest[0] if latest else "–",
             average=fmt_number(average[2], lang, signed=True) if average else "–",
             avg_first=average[0] if average else "–", avg_last=average[1] if average else "–")


def plan_chart(obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """The population increase per year (the store's one series) against what the goal needs a year (the compound
    pace from the latest figure)."""
    goal = catalog.goal
    home = goal.region
    increase = goal.population_increase
    state = goal_progress_of(obs, catalog)
    rows = obs[(obs["kpi_id"] == increase) & (obs["region_code"] == home) & obs["value"].notna()]
    rows = rows[rows["period"].astype(int) >= drawn_from(catalog, "plan")]
    if state is None or rows.empty:
        return None
    name = catalog.kpis[increase].title[lang]
    label = t("required_net_label", lang, year=goal.target_year)
    frame = pd.DataFrame({"year": rows["period"].astype(int).to_numpy(), "value": rows["value"].to_numpy()})
    fig = charts.bar_chart(frame, lang, t("axis_persons", lang), name, (state.required_per_year, label))
    reference = pd.DataFrame({"year": frame["year"], "value": state.required_per_year})
    region = catalog.region_name(home, lang)
    unit = catalog.kpis[increase].unit[lang]
    table = pd.concat([
        provenance.observations_csv(rows, catalog, lang, name),
        provenance.computed_csv(reference, increase, region, unit, label, t("computed_by", lang), lang),
    ], ignore_index=True)
    last_year, last_value = int(frame["year"].iloc[-1]), float(frame["value"].iloc[-1])
    summary = t("summary_latest", lang, region=region, value=fmt_number(last_value, lang, signed=True),
                period=last_year)
    return ChartSpec("plan", "plan", t("chart_plan", lang), fig, table, provenance.source_line(rows, lang), summary,
                     tuple(provenance.footnotes(rows, catalog, lang)), str(last_year))


TIMELINE_TOPICS = ("growth_goal", "gastronomy", "university")


def timeline(facts: pd.DataFrame, lang: str) -> ChartSpec | None:
    """The facts the municipality publishes about its development work, on a time axis, named in words."""
    facts = facts[facts["topic"].isin(TIMELINE_TOPICS) & facts["year"].notna()]
    if facts.empty:
        return None
    label_column = f"fact_{lang}" if f"fact_{lang}" in facts.columns else "fact_en"  # any other language: English
    names = {topic: t(f"topic_{topic}", lang) for topic in TIMELINE_TOPICS}
    fig = charts.timeline_chart(facts, lang, label_column, names)
    table = pd.DataFrame({
        t("col_year", lang): facts["year"].astype(int), t("col_topic", lang): facts["topic"].map(names),
        t("col_fact", lang): facts[label_column],
        t("col_source", lang): [provenance.address(u, lang) for u in facts["source_url"]],
    })
    first = facts.iloc[0]
    summary = t("timeline_summary", lang, n=len(facts), first=int(facts["year"].min()), last=int(facts["year"].max()),
                example=f"{int(first.year)}: {first[label_column]}")
    names_line = ", ".join(dict.fromkeys(provenance.source_name("seed", str(u), None, None, lang)
                                         for u in facts["source_url"]))
    return ChartSpec("timeline", "timeline", t("chart_timeline", lang), fig, table,
                     t("source_line_facts", lang, sources=names_line), summary, (), str(int(facts["year"].max())))


def group_name(low: int, high: int, lang: str) -> str:
    """``20–34 år``; the open group as ``65 år och äldre``."""
    return t("model_group_open", lang, low=low) if high >= 100 else t("model_group", lang, low=low, high=high)


def age_group_chart(result: model.Result, catalog: Catalog, lang: str,
                    extras: ModelExtras | None = None) -> ChartSpec | None:
    """The goal scenario's net migration a year by age group against what was seen (cohort model only)."""
    if not result.groups or not result.age_years or extras is None or extras.ages is None:
        return None
    goal = catalog.goal
    first, last = result.start_year + 1, result.target_year
    seen_first, seen_last = result.age_years
    names = [group_name(g.low, g.high, lang) for g in result.groups]
    needed_name = t("series_needed_by_age", lang, first=first, last=last)
    seen_name = t("series_seen_by_age", lang, first=seen_first, last=seen_last)
    fig = charts.group_bars(names, {needed_name: [g.needed for g in result.groups],
                                    seen_name: [g.observed for g in result.groups]}, lang,
                            t("axis_persons_per_year", lang))
    frame = extras.ages.frame
    tables = ", ".join(sorted(set(frame["table_id"].astype(str)))) if "table_id" in frame else "SCB"
    retrieved = str(frame["retrieved_at"].max())[:10] if "retrieved_at" in frame else ""
    source = t("source_line_ages", lang, tables=tables, retrieved=retrieved)
    region = catalog.region_name(goal.region, lang)
    unit = catalog.kpis[goal.net_migration].unit[lang]
    rows = []
    method = t("model_method_cohort", lang)
    for name, group in zip(names, result.groups, strict=True):
        for series, period, value, how in ((needed_name, f"{first}–{last}", group.needed, method),
                                           (seen_name, f"{seen_first}–{seen_last}", group.observed, source)):
            rows.append({"kpi": goal.net_migration, "region": region, "period": period, "value": round(value),
                         "unit": unit, "source": how, "source_class": t("class_computed", lang), "note": name,
                         "series": series, "preliminary": t("word_no", lang), "retrieved": retrieved})
    table = pd.DataFrame(rows, columns=provenance.CSV_COLUMNS)
    return ChartSpec("age_groups", "age_groups", t("chart_age_groups", lang), fig, table, source,
                     widest_gap(result, lang),
                     (t("model_groups_note", lang),), str(seen_last))


def widest_gap(result: model.Result, lang: str) -> str:
    """"Störst skillnad mot det som sågs: 0–19 år, +306 personer per år." (empty without age groups)."""
    if not result.groups:
        return ""
    widest = max(result.groups, key=lambda g: g.needed - g.observed)
    return t("model_groups_summary", lang, group=group_name(widest.low, widest.high, lang),
             gap=fmt_number(widest.needed - widest.observed, lang, signed=True))


def groups_sentence(result: model.Result, lang: str) -> str:
    """The goal's net migration by age group in one sentence, against what was seen (cohort model)."""
    parts = [t("model_group_part", lang, group=group_name(g.low, g.high, lang),
               needed=fmt_number(g.needed, lang, signed=True), seen=fmt_number(g.observed, lang, signed=True))
             for g in result.groups]
    first, last = result.age_years or (0, 0)
    return t("model_groups_sentence", lang, parts="; ".join(parts), first=first, last=last)


def scenario_names(lang: str) -> dict[str, str]:
    return {name: t(f"scenario_{name}", lang) for name in (*model.SCENARIOS, "scb")}


def model_chart(result: model.Result, obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec:
    """The road to the goal: the population under each scenario to the target year (and beyond), from the model
    run ``result``, after the observed population in ``obs``."""
    goal = catalog.goal
    observed = yearly_series(obs, goal.kpi, goal.region).dropna()
    observed = observed[observed.index >= drawn_from(catalog, "model")]
    frame = pd.DataFrame({"year": observed.index.astype(int), "value": observed.to_numpy()})
    names = scenario_names(lang)
    paths = {name: path.frame for name, path in result.paths.items()}
    fig = charts.scenario_chart(frame, paths, names, (goal.target_year, goal.target_value), lang,
                                t("axis_inhabitants", lang))
    region = catalog.region_name(goal.region, lang)
    unit = catalog.kpis[goal.kpi].unit[lang]
    method = t("model_method_cohort" if result.model == "cohort" else "model_method", lang)
    scb_note = t("model_scb_note", lang, table=", ".join(filter(None, [
        result.projection_table, result.projection_label, result.projection_published and t(
            "published_on", lang, date=result.projection_published)])))
    tables = [provenance.computed_csv(path.frame.rename(columns={"population": "value"}).iloc[0 if name == "scb"
                                                                                               else 1:],
                                      goal.kpi, region, unit, names[name], scb_note if name == "scb" else method,
                                      lang)
              for name, path in result.paths.items()]
    sources = obs[obs["kpi_id"].isin([goal.kpi, goal.births, goal.deaths]) & (obs["region_code"] == goal.region)]
    footnotes = [t("model_not_forecast_cohort" if result.model == "cohort" else "model_not_forecast", lang)]
    if "scb" in result.paths:
        footnotes.append(scb_note)
    return ChartSpec("model", "model", t("chart_model", lang, target=fmt_number(goal.target_value, lang)), fig,
                     pd.concat(tables, ignore_index=True), provenance.source_line(sources, lang),
                     headline(result, lang),
                     tuple(footnotes), str(result.start_year))


def _both_sexes(frame: pd.DataFrame) -> pd.DataFrame:
    """The population by age for both sexes together, per year: a year published for both sexes (``T``) as it
    is, a year by sex as the sum of men and women (exact before 2025)."""
    pop = frame[frame["series"] == "population"]
    years = []
    for year, part in pop.groupby("year"):
        together = part[part["sex"].astype(str) == "T"]
        use = together if len(together) else part[part["sex"].astype(str).isin(("1", "2"))]
        years.append(use.groupby("age", as_index=False)["value"].sum().assign(year=int(year)))
    return pd.concat(years, ignore_index=True) if years else pd.DataFrame(columns=["age", "value", "year"])


def _age_source(rows: pd.DataFrame, lang: str) -> str:
    tables = ", ".join(dict.fromkeys(str(t) for t in rows["table_id"])) if "table_id" in rows else "SCB"
    retrieved = str(rows["retrieved_at"].max())[:10] if "retrieved_at" in rows and len(rows) else "–"
    return t("source_line_age_tables", lang, tables=tables, retrieved=retrieved)


def _age_table(rows: pd.DataFrame, catalog: Catalog, lang: str, series: str) -> pd.DataFrame:
    """Rows by age in the download layout, with their age and sex."""
    sexes = {"1": t("sex_men", lang), "2": t("sex_women", lang), "T": t("sex_both", lang)}
    return pd.DataFrame({
        "kpi": catalog.goal.kpi, "region": catalog.region_name(catalog.goal.region, lang),
        "period": rows["year"].astype(str).to_numpy(), "age": rows["age"].astype(int).to_numpy(),
        "sex": [sexes.get(str(s), str(s)) for s in rows["sex"]], "value": rows["value"].to_numpy(),
        "unit": catalog.kpis[catalog.goal.kpi].unit[lang],
        "source": [provenance.address(u, lang) for u in rows["source_url"]] if "source_url" in rows else "",
        "source_class": t("class_official", lang),
        "note": [provenance.caveat_text(c, lang) for c in (rows["caveat"] if "caveat" in rows else [None] * len(rows))],
        "series": series, "retrieved": [str(r)[:10] for r in rows["retrieved_at"]],
    })


def age_pyramid(extras: ModelExtras | None, catalog: Catalog, lang: str) -> ChartSpec | None:
    """The latest population by single year of age and sex (SCB), men left and women right."""
    if extras is None or extras.ages is None:
        return None
    frame = extras.ages.frame
    pop = frame[(frame["series"] == "population") & frame["sex"].astype(str).isin(("1", "2"))]
    if pop.empty:
        return None
    year = int(pop["year"].max())
    rows = pop[pop["year"] == year].sort_values(["sex", "age"])
    wide = rows.pivot_table(index="age", columns="sex", values="value", aggfunc="sum").reindex(
        columns=["1", "2"]).fillna(0.0)
    shaped = pd.DataFrame({"age": wide.index.astype(int), "men": wide["1"].to_numpy(), "women": wide["2"].to_numpy()})
    fig = charts.pyramid_chart(shaped, lang)
    both = shaped.assign(total=shaped["men"] + shaped["women"]).sort_values("total", ascending=False)
    top = ", ".join(t("age_years", lang, age=int(a)) for a in sorted(both["age"].head(3)))
    region = catalog.region_name(catalog.goal.region, lang)
    summary = t("pyramid_summary", lang, region=region, total=fmt_number(rows["value"].sum(), lang), year=year,
                men=fmt_number(shaped["men"].sum(), lang), women=fmt_number(shaped["women"].sum(), lang), top=top)
    return ChartSpec("pyramid", "pyramid", t("chart_pyramid", lang, year=year), fig,
                     _age_table(rows, catalog, lang, t("chart_pyramid", lang, year=year)), _age_source(rows, lang),
                     summary, tuple(dict.fromkeys(filter(None, (provenance.caveat_text(c, lang)
                                                              for c in rows.get("caveat", []))))), str(year))


def age_change(extras: ModelExtras | None, catalog: Catalog, lang: str) -> ChartSpec | None:
    """How each cohort changed in the latest year with the population by age at both ends (SCB): the people aged
    ``a`` at the end of the year less those aged ``a − 1`` a year before (moves less deaths)."""
    if extras is None or extras.ages is None:
        return None
    totals = _both_sexes(extras.ages.frame)
    years = sorted(set(totals["year"]))
    pairs = [(a, b) for a, b in itertools.pairwise(years) if b == a + 1]
    if not pairs:
        return None
    first, last = pairs[-1]
    before = totals[totals["year"] == first].set_index("age")["value"]
    after = totals[totals["year"] == last].set_index("age")["value"]
    ages = list(range(1, 101))
    change = [after.get(a, 0.0) - before.get(a - 1, 0.0) - (before.get(100, 0.0) if a == 100 else 0.0) for a in ages]
    frame = pd.DataFrame({"age": ages, "value": change})
    name = t("series_age_change", lang)
    fig = charts.age_change_chart(frame, lang, name)
    gain = frame.loc[frame["value"].idxmax()]
    under = frame[frame["age"] < 65]
    loss = under.loc[under["value"].idxmin()]
    summary = t("age_change_summary", lang, last=last, gain=int(gain["age"]),
                gain_value=fmt_number(gain["value"], lang, signed=True), loss=int(loss["age"]),
                loss_value=fmt_number(loss["value"], lang, signed=True))
    frame_rows = extras.ages.frame
    used = frame_rows[(frame_rows["series"] == "population") & frame_rows["year"].isin((first, last))]
    region = catalog.region_name(catalog.goal.region, lang)
    table = pd.DataFrame({
        "kpi": catalog.goal.kpi, "region": region, "period": f"{first}–{last}", "age": frame["age"],
        "sex": t("sex_both", lang), "value": frame["value"].round(0), "unit": catalog.kpis[catalog.goal.kpi].unit[lang],
        "source": t("age_change_note", lang, first=first, last=last), "source_class": t("class_computed", lang),
        "note": "", "series": name, "retrieved": str(used["retrieved_at"].max())[:10] if len(used) else ""})
    caveats = [provenance.caveat_text(c, lang) for c in used.get("caveat", [])]
    footnotes = (t("age_change_note", lang, first=first, last=last), *dict.fromkeys(filter(None, caveats)))
    return ChartSpec("age_change", "age_change", t("chart_age_change", lang, first=first, last=last), fig, table,
                     _age_source(used, lang), summary, footnotes, str(last))
