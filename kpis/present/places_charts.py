"""Sweden's municipalities on one KPI: a map (choropleth, drawn offline from the bundled boundaries), the
spread with the home municipality, its similar municipalities and its county marked, and its rank over time.
Pure (no Streamlit, no database), like :mod:`kpis.present.specs`."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from kpis.core import places, ranking
from kpis.core.catalog import Catalog, Kpi
from kpis.core.goal import progress_of
from kpis.core.i18n import fmt_number, fmt_period, plotly_separators, t
from kpis.present import boundaries, charts, provenance
from kpis.present.specs import ChartSpec

NO_FIGURE = "#d9d9d9"
SIMILAR_COLOUR = charts.ORANGE
COUNTY_COLOUR = charts.GREEN
ZOOMS = ("sweden", "county", "north")


def unit_of(kpi: Kpi, lang: str) -> str:
    measure = ranking.measure_of(kpi)
    if measure == "per_1000":
        return t("per_1000", lang)
    if measure == "change":
        return t("unit_change_pct", lang)
    return kpi.unit[lang]


def decimals_of(kpi: Kpi) -> int:
    return 1 if ranking.measure_of(kpi) != "value" else kpi.decimals


def _labelled(values: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    return values.assign(name=[catalog.region_name(c, lang) for c in values["region_code"]])


def _zoom_codes(catalog: Catalog, zoom: str) -> tuple[str, ...]:
    return {"sweden": (), "county": (catalog.home_county,), "north": tuple(catalog.north)}[zoom]


def _ranges(catalog: Catalog, zoom: str) -> dict[str, list[float]]:
    west, south, east, north = boundaries.bounds("kommun", _zoom_codes(catalog, zoom))
    (x0, y0), (x1, y1) = boundaries.mercator(west, south), boundaries.mercator(east, north)
    pad_x, pad_y = (x1 - x0) * 0.04, (y1 - y0) * 0.03
    return {"xaxis.range": [x0 - pad_x, x1 + pad_x], "yaxis.range": [y0 - pad_y, y1 + pad_y]}


def classes(values: pd.Series, decimals: int, marks: Sequence[float] = (), count: int = 6) -> list[float]:
    """Class breaks between the lowest and the highest value: the values' sextiles rounded to the shown decimals,
    zero where values of both signs meet, and the marked values (the goal's growth) as breaks of their own."""
    low, high = float(values.min()), float(values.max())
    inner = {round(float(values.quantile(i / count)), decimals) for i in range(1, count)}
    if low < 0 < high:
        inner.add(0.0)
    inner |= {float(m) for m in marks if low < m < high}
    return [low, *sorted(b for b in inner if low < b < high), high]


def _class_colours(breaks: list[float]) -> list[str]:
    low, high = breaks[0], breaks[-1]
    mids = [(a + b) / 2 for a, b in itertools.pairwise(breaks)]
    if low < 0 < high:
        span = max(abs(low), abs(high))
        return sample_colorscale("RdBu", [0.5 + 0.45 * m / span for m in mids])
    if len(mids) == 1:
        return sample_colorscale("Blues", [0.6])
    return sample_colorscale("Blues", [0.18 + 0.77 * i / (len(mids) - 1) for i in range(len(mids))])


def _edge(value: float, lang: str, decimals: int, signed: bool) -> str:
    return fmt_number(value, lang, decimals, signed=signed and value != 0)


def map_figure(values: pd.DataFrame, catalog: Catalog, lang: str, unit: str, decimals: int, zoom: str = "sweden",
               marks: Sequence[tuple[float, str]] = ()) -> go.Figure:
    """Every municipality filled by its class of ``value`` (``region_code, name, value``), those without a figure in
    grey, the counties' borders drawn, the home municipality outlined, FA regions a layer to turn on in the legend;
    buttons zoom to Sweden, the county, the north. Drawn on plain axes, so nothing is fetched from the internet.
    ``marks``: values that get a class break of their own, named in the legend (the growth the goal needs)."""
    breaks = classes(values["value"], decimals, [m for m, _ in marks])
    colours = _class_colours(breaks)
    diverging = breaks[0] < 0 < breaks[-1]
    shown = values.assign(cls=pd.cut(values["value"], breaks, labels=False, include_lowest=True))
    fig = go.Figure()
    for i, colour in enumerate(colours):
        codes = list(shown.loc[shown["cls"] == i, "region_code"])
        xs, ys = boundaries.joined("kommun", codes)
        low, high = breaks[i], breaks[i + 1]
        name = f"{_edge(low, lang, decimals, diverging)} – {_edge(high, lang, decimals, diverging)}"
        name += "".join(f" ({label})" for m, label in marks if abs(m - low) < 1e-9)
        fig.add_trace(go.Scatter(x=xs or [None], y=ys or [None], fill="toself", fillcolor=colour, mode="lines",
                                 line={"color": "white", "width": 0.4}, hoverinfo="skip", name=name,
                                 legendrank=len(colours) - i))
    drawn = set(values["region_code"])
    missing = [c for c in places.municipalities() if c not in drawn]
    if missing:
        xs, ys = boundaries.joined("kommun", missing)
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=NO_FIGURE, mode="lines", hoverinfo="skip",
                                 line={"color": "white", "width": 0.4}, name=t("map_no_figure", lang),
                                 legendrank=len(colours) + 1))
    xs, ys = boundaries.joined("lan", list(boundaries.shapes("lan")))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#404040", "width": 0.8}, hoverinfo="skip",
                             showlegend=False))
    xs, ys = boundaries.joined("fa", list(boundaries.shapes("fa")))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": charts.PURPLE, "width": 1.4, "dash": "dot"},
                             hoverinfo="skip", name=t("map_fa_regions", lang), visible="legendonly"))
    xs, ys = boundaries.joined("kommun", [catalog.home])
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "black", "width": 2.6}, hoverinfo="skip",
                             name=catalog.region_name(catalog.home, lang)))
    found = boundaries.shapes("kommun")
    spots = shown[shown["region_code"].isin(list(found))]
    fig.add_trace(go.Scatter(
        x=[found[c].label[0] for c in spots["region_code"]], y=[found[c].label[1] for c in spots["region_code"]],
        mode="markers", marker={"size": 10, "opacity": 0}, showlegend=False,
        customdata=list(zip(spots["name"], [fmt_number(v, lang, decimals, signed=diverging) for v in spots["value"]],
                            strict=True)),
        hovertemplate="%{customdata[0]}: %{customdata[1]} " + unit + "<extra></extra>"))
    start = _ranges(catalog, zoom)
    fig.update_xaxes(visible=False, range=start["xaxis.range"], fixedrange=True)
    fig.update_yaxes(visible=False, range=start["yaxis.range"], scaleanchor="x", scaleratio=1, fixedrange=True)
    buttons = [{"label": t(f"map_zoom_{z}", lang, county=catalog.region_name(catalog.home_county, lang)),
                "method": "relayout", "args": [_ranges(catalog, z)]} for z in ZOOMS]
    fig.update_layout(
        template=charts.TEMPLATE, separators=plotly_separators(lang), margin={"l": 0, "r": 0, "t": 44, "b": 0},
        height=720, font={"size": 14}, hovermode="closest", plot_bgcolor="white", paper_bgcolor="white",
        legend={"title": {"text": charts.wrap_name(unit, 30), "side": "top"}, "orientation": "h", "x": 0,
                "xanchor": "left", "y": -0.01, "yanchor": "top", "font": {"size": 12}},
        updatemenus=[{"type": "buttons", "direction": "right", "x": 0, "y": 1.0, "xanchor": "left",
                      "yanchor": "bottom", "buttons": buttons, "active": ZOOMS.index(zoom), "pad": {"r": 4, "t": 4},
                      "showactive": True, "font": {"size": 13}}])
    return fig


def _jitter(code: str) -> float:
    return int(hashlib.sha256(code.encode()).hexdigest()[:6], 16) / 16**6 * 2 - 1


def strip_figure(values: pd.DataFrame, catalog: Catalog, lang: str, unit: str, decimals: int,
                 similar: Sequence[str], county_value: float | None, median: float) -> go.Figure:
    """Every municipality as a dot on one axis; the home municipality, its similar municipalities and the
    county's municipalities in colours of their own, the county's own figure and the median as lines."""
    groups = [("other", "#9e9e9e", 7, t("strip_others", lang)),
              ("county", COUNTY_COLOUR, 9, t("strip_county", lang,
                                             county=catalog.region_name(catalog.home_county, lang))),
              ("similar", SIMILAR_COLOUR, 10, t("strip_similar", lang)),
              ("home", charts.BLUE, 16, catalog.region_name(catalog.home, lang))]
    kind = ["home" if c == catalog.home else "similar" if c in set(similar) else
            "county" if places.county_of(c) == catalog.home_county else "other" for c in values["region_code"]]
    frame = values.assign(kind=kind, y=[0.0 if k == "home" else _jitter(c)
                                         for c, k in zip(values["region_code"], kind, strict=True)])
    fig = go.Figure()
    for key, colour, size, name in groups:
        rows = frame[frame["kind"] == key]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            x=rows["value"], y=rows["y"], mode="markers+text" if key == "home" else "markers", name=name,
            text=rows["name"] if key == "home" else None, textposition="top center",
            marker={"color": colour, "size": size, "opacity": 0.55 if key == "other" else 0.95,
                    "line": {"color": "white", "width": 1}},
            customdata=rows["name"], hovertemplate=f"%{{customdata}}: %{{x:,.{decimals}f}}<extra></extra>"))
    fig = charts._layout(fig, lang, "", unit, decimals)
    fig.add_vline(x=median, line={"color": charts.GREY, "dash": "dot", "width": 1},
                  annotation_text=t("strip_median", lang), annotation_position="bottom right")
    if county_value is not None:
        fig.add_vline(x=county_value, line={"color": COUNTY_COLOUR, "dash": "dash", "width": 1.5},
                      annotation_text=catalog.region_name(catalog.home_county, lang), annotation_position="top left")
    fig.update_yaxes(visible=False, range=[-1.6, 1.8], zeroline=False)
    fig.update_xaxes(tickformat=f",.{decimals}f")
    fig.update_layout(hovermode="closest", height=340, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.28, "xanchor": "left", "x": 0})
    return fig


def _source(obs: pd.DataFrame, kpi: Kpi, catalog: Catalog, period: str, lang: str) -> str:
    rows = obs[(obs["kpi_id"] == kpi.id) & (obs["period"].astype(str) == period)]
    return provenance.source_line(rows, lang)


def measure_note(kpi: Kpi, values: pd.DataFrame, catalog: Catalog, lang: str) -> str:
    """How the municipalities are compared (per 1 000, change since the base year, as published)."""
    since = str(values["base_period"].iloc[0]) if "base_period" in values and len(values) else catalog.change_from
    return t(f"rank_measure_{ranking.measure_of(kpi)}", lang, since=since)


def _rank_or_none(kpi: Kpi, standing: ranking.Standing | None, catalog: Catalog, lang: str) -> str:
    if standing is None:
        return t("rank_no_home", lang, place=catalog.region_name(catalog.home, lang))
    return rank_sentence(kpi, standing, catalog, lang)


def rank_sentence(kpi: Kpi, standing: ranking.Standing, catalog: Catalog, lang: str) -> str:
    """``Plats 97 av 290 kommuner 2024 (bättre än 67 % av dem; median 3,1 per 1 000 invånare).``"""
    key = "rank_sentence_lower" if kpi.direction == "lower" else "rank_sentence"
    return t(key, lang, place=catalog.region_name(catalog.home, lang), rank=standing.rank, of=standing.of,
             period=fmt_period(standing.period, lang), pct=fmt_number(standing.percentile, lang, 0),
             median=fmt_number(standing.median, lang, decimals_of(kpi)), unit=unit_of(kpi, lang))


def _table(values: pd.DataFrame, kpi: Kpi, catalog: Catalog, lang: str, unit: str, period: str) -> pd.DataFrame:
    rows = values.sort_values("value", ascending=kpi.direction == "lower").reset_index(drop=True)
    better = rows["value"].rank(method="min", ascending=kpi.direction == "lower").astype(int)
    return pd.DataFrame({
        "rank": better, "region": rows["name"],
        "county": [catalog.region_name(places.county_of(c), lang) for c in rows["region_code"]],
        "period": period, "value": rows["value"].round(decimals_of(kpi) + 1), "unit": unit,
        "raw_value": rows["raw"]})


def goal_rate(obs: pd.DataFrame, catalog: Catalog) -> float | None:
    """The yearly growth the goal needs from the home municipality's latest population (None without one)."""
    state = progress_of(obs, catalog)
    return state.required_rate if state else None


def map_chart(kpi: Kpi, obs: pd.DataFrame, catalog: Catalog, lang: str, zoom: str = "sweden",
              goal_rate: float | None = None) -> ChartSpec | None:
    """The KPI for every municipality in its latest ranked year, as a map and a table. ``goal_rate``: the yearly
    growth the goal needs, marked on a population change's scale as the change it would give over the same years."""
    values = ranking.comparable(obs, kpi, catalog)
    periods = ranking.ranked_periods(values)
    if not periods:
        return None
    period = periods[-1]
    marks: list[tuple[float, str]] = []
    if goal_rate is not None and "base_period" in values and len(values):
        years = int(period[:4]) - int(str(values["base_period"].iloc[0])[:4])
        marks.append((((1 + goal_rate) ** years - 1) * 100, t("map_goal_mark", lang,
                                                              rate=fmt_number(goal_rate * 100, lang, 2))))
    shown = _labelled(ranking.municipalities(values, period), catalog, lang)
    unit = unit_of(kpi, lang)
    fig = map_figure(shown, catalog, lang, unit, decimals_of(kpi), zoom, marks)
    standing = ranking.standing(values, catalog.home, period, kpi.direction)
    summary = _rank_or_none(kpi, standing, catalog, lang)
    summary += "".join(" " + t("map_goal_sentence", lang, rate=fmt_number(goal_rate * 100, lang, 2),
                                     value=fmt_number(m, lang, 1), since=values["base_period"].iloc[0])
                       for m, _ in marks)
    return ChartSpec(f"{kpi.id}_map", "map", t("chart_map", lang, title=kpi.title[lang], unit=unit,
                                                period=fmt_period(period, lang)),
                     fig, _table(shown, kpi, catalog, lang, unit, period),
                     f"{_source(obs, kpi, catalog, period, lang)} {t('map_boundaries', lang)}".strip(), summary,
                     (measure_note(kpi, values, catalog, lang),), period)


def distribution_chart(kpi: Kpi, obs: pd.DataFrame, catalog: Catalog, lang: str,
                       similar: Sequence[str] = ()) -> ChartSpec | None:
    """Every municipality's value in the latest ranked year as dots, and the home's rank over the years."""
    values = ranking.comparable(obs, kpi, catalog)
    periods = ranking.ranked_periods(values)
    if not periods:
        return None
    period = periods[-1]
    shown = _labelled(ranking.municipalities(values, period), catalog, lang)
    unit = unit_of(kpi, lang)
    county = values[(values["region_code"] == catalog.home_county) & (values["period"].astype(str) == period)]
    standing = ranking.standing(values, catalog.home, period, kpi.direction)
    median = float(shown["value"].median())
    fig = strip_figure(shown, catalog, lang, unit, decimals_of(kpi), similar,
                       float(county["value"].iloc[0]) if len(county) else None, median)
    history = ranking.history(values, catalog.home, kpi.direction)
    summary = _rank_or_none(kpi, standing, catalog, lang)
    if len(history) > 1:
        first = history[0]
        summary += " " + t("rank_since", lang, period=fmt_period(first.period, lang), rank=first.rank, of=first.of)
    table = _table(shown, kpi, catalog, lang, unit, period)
    return ChartSpec(f"{kpi.id}_distribution", "distribution",
                     t("chart_distribution", lang, title=kpi.title[lang], period=fmt_period(period, lang)), fig,
                     table, _source(obs, kpi, catalog, period, lang), summary,
                     (measure_note(kpi, values, catalog, lang),
                      t("rank_method", lang)), period)


def rank_chart(kpi: Kpi, obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """The home municipality's rank year by year (1 at the top), where at least two years can be ranked."""
    values = ranking.comparable(obs, kpi, catalog)
    history = ranking.history(values, catalog.home, kpi.direction)
    if len(history) < 2:
        return None
    frame = pd.DataFrame({"year": [int(s.period[:4]) for s in history], "rank": [s.rank for s in history],
                          "of": [s.of for s in history], "percentile": [round(s.percentile, 1) for s in history]})
    fig = go.Figure(go.Scatter(x=frame["year"], y=frame["rank"], mode="lines+markers",
                               name=catalog.region_name(catalog.home, lang),
                               line={"color": charts.BLUE, "width": 3},
                               hovertemplate=t("rank_hover", lang) + "<extra></extra>", customdata=frame["of"]))
    fig = charts._layout(fig, lang, t("axis_rank", lang), None)
    fig.update_yaxes(autorange=False, range=[max(frame["of"]) + 5, -5], tickformat="d")
    fig.update_layout(showlegend=False, height=320)
    last = history[-1]
    table = pd.DataFrame({"region": catalog.region_name(catalog.home, lang), "period": frame["year"].astype(str),
                          "rank": frame["rank"], "of": frame["of"], "percentile": frame["percentile"]})
    return ChartSpec(f"{kpi.id}_rank", "rank", t("chart_rank", lang, title=kpi.title[lang]), fig, table,
                     _source(obs, kpi, catalog, last.period, lang), rank_sentence(kpi, last, catalog, lang),
                     (measure_note(kpi, values, catalog, lang),
                      t("rank_method", lang)), last.period)
