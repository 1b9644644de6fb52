"""One KPI chart as data (:class:`ChartSpec`: title, figure, one-sentence summary, source line, notes and the table
behind it), and a KPI's own charts: its trend, the regions compared, the seasons of a monthly KPI. The charts about
the goal are in :mod:`kpis.present.goal_charts`, the model's sentences in :mod:`kpis.present.goal_words`.

Pure (no Streamlit, no database): the app's pages, the embed view, the static export and the report all draw
from these, so a chart, its summary and its download say the same thing wherever they appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from kpis.core import compare, months
from kpis.core.catalog import Catalog, Kpi
from kpis.core.i18n import fmt_number, fmt_pct, fmt_period, months_long, t
from kpis.core.kpi_state import Target
from kpis.core.source_class import historical
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


def with_notes(rows: pd.DataFrame, lang: str) -> pd.Series:
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
                          "note": with_notes(drawn, lang)})
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
