"""DataFrame -> Plotly figure. No database and no streamlit here."""

from __future__ import annotations

from numbers import Real

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kpis.core.i18n import fmt_number, months, plotly_separators, t

# Colours chosen for contrast on white (each at least 4.5:1) and told apart by line style as well.
BLUE = "#1f4e79"
ORANGE = "#a04a00"
GREY = "#595959"
GREEN = "#2e6b30"
PURPLE = "#5b3a8c"
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, "#8c2d4f", "#00646e", GREY, "#6b5a00", "#3d3d99", "#7a4f1d"]
# Regions beside a target or reference line (drawn in ORANGE): every series a colour of its own, 3:1 on white.
REGION_PALETTE = [BLUE, GREEN, PURPLE, "#8c2d4f", "#00646e", GREY, "#6b5a00", "#b0006e", "#000000", "#3d3d99"]


def _panel_template() -> go.layout.Template:
    """plotly_white as far as the panel's charts use it: scatter and bar traces on x/y axes. Every figure carries a
    copy of its template; the whole of plotly_white (colour scales, 3-D scenes, polar axes, defaults for 24 kinds
    of trace) made each figure about 2.5 times as slow to build and its JSON 2.5 times as large, for nothing drawn."""
    white = pio.templates["plotly_white"]
    kept = ("autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor", "plot_bgcolor",
            "xaxis", "yaxis", "shapedefaults", "annotationdefaults", "title")
    return go.layout.Template(layout={key: white.layout[key] for key in kept},
                              data={"bar": white.data.bar, "scatter": white.data.scatter})


TEMPLATE = "tillvaxt"  # the name every figure asks for (registered once, here)
pio.templates[TEMPLATE] = _panel_template()

LEGEND_WIDTH = 38  # characters of a legend entry per line: a phone's width (Plotly does not wrap legends)


def wrap_name(name: str, width: int = LEGEND_WIDTH) -> str:
    """A long series name broken into lines (``<br>``) at spaces, so its legend entry fits a phone."""
    if len(name) <= width or "<br>" in name:
        return name
    lines, line = [], ""
    for word in name.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _layout(fig: go.Figure, lang: str, y_title: str, x_title: str | None = None, decimals: int = 0) -> go.Figure:
    for trace in fig.data:
        if trace.name:
            trace.name = wrap_name(str(trace.name))
    fig.update_layout(
        template=TEMPLATE,
        separators=plotly_separators(lang),
        # Room above the plot for Plotly's toolbar, so it never covers the lines; the legend below the axis,
        # which has no title when it is a year axis (the years say it), so the two cannot overlap on a phone.
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        hovermode="x unified",
        yaxis_title=y_title,
        xaxis_title=x_title,
        height=420,
        font={"size": 14},
    )
    fig.update_yaxes(tickformat=f",.{decimals}f", zeroline=True, zerolinecolor="#bbbbbb")
    fig.update_xaxes(tickformat="d")
    years = [float(x) for tr in fig.data if tr.x is not None and getattr(tr, "orientation", None) != "h"
             for x in tr.x if isinstance(x, Real) and not isinstance(x, bool) and x == x]
    if years and max(years) - min(years) < 8:
        fig.update_xaxes(dtick=1)  # few years: one tick a year, never 2016.5
    return fig


def _full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per year from first to last, so that missing years break the line instead of bridging it."""
    if frame.empty:
        return frame
    years = pd.DataFrame({"year": range(int(frame["year"].min()), int(frame["year"].max()) + 1)})
    return years.merge(frame, on="year", how="left")


def _points(frame: pd.DataFrame, name: str, marker: dict[str, object]) -> go.Scatter:
    """Points of their own on a population chart (``year, value``): preliminary figures, earlier sources."""
    return go.Scatter(x=frame["year"], y=frame["value"], name=name, mode="markers", marker=marker,
                      hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>")


def finish(fig: go.Figure, lang: str, y_title: str, x_title: str | None = None, decimals: int = 0) -> go.Figure:
    """The house layout (template, separators, axis titles, legend) for a figure built elsewhere."""
    return _layout(fig, lang, y_title, x_title, decimals)


def month_axis(fig: go.Figure) -> go.Figure:
    """Months as categories on the x axis, in their own order, written level (a phone shows every third, whole)."""
    fig.update_xaxes(tickformat="", type="category", dtick=None, tickangle=0, automargin=True, tickfont={"size": 10})
    return fig


def population_chart(
    observed: pd.DataFrame,
    target_path: pd.DataFrame | None,
    projection: pd.DataFrame | None,
    goal: tuple[int, float],
    lang: str,
    pace_label: tuple[int, int] | None = None,
    historical: pd.DataFrame | None = None,
) -> go.Figure:
    """Population (``year, value, preliminary``) with the target path, a labelled projection and the goal;
    ``historical`` (years before the official series, from other sources) as grey points of their own."""
    fig = go.Figure()
    if historical is not None and not historical.empty:
        fig.add_trace(_points(historical, t("series_historical", lang),
                              {"color": GREY, "size": 7, "symbol": "diamond-open"}))
    columns = ["year", "value", "preliminary", *(["note"] if "note" in observed.columns else [])]
    full = _full_years(observed[columns])
    notes = full["note"].fillna("") if "note" in full.columns else pd.Series([""] * len(full))
    fig.add_trace(
        go.Scatter(
            x=full["year"], y=full["value"], name=t("series_observed", lang), mode="lines+markers",
            line={"color": BLUE, "width": 3}, marker={"size": 5}, connectgaps=False, customdata=notes.to_numpy(),
            hovertemplate="%{y:,.0f}%{customdata}<extra>%{fullData.name}</extra>",
        )
    )
    prelim = observed[observed["preliminary"].astype(bool)]
    if not prelim.empty:
        fig.add_trace(_points(prelim, t("series_preliminary", lang),
                              {"color": "white", "size": 11, "line": {"color": BLUE, "width": 2}, "symbol": "circle"}))
    if target_path is not None and not target_path.empty:
        fig.add_trace(
            go.Scatter(
                x=target_path["year"], y=target_path["value"], name=t("series_target_path", lang), mode="lines",
                line={"color": ORANGE, "width": 2, "dash": "dash"},
                hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    if projection is not None and not projection.empty and pace_label is not None:
        fig.add_trace(
            go.Scatter(
                x=projection["year"], y=projection["value"],
                name=t("series_projection", lang, start=pace_label[0], end=pace_label[1]), mode="lines",
                line={"color": GREY, "width": 2, "dash": "dot"},
                hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    year, value = goal
    fig.add_trace(
        go.Scatter(
            x=[year], y=[value], name=t("series_goal", lang, value=fmt_number(value, lang), year=year),
            mode="markers+text", text=[fmt_number(value, lang)], textposition="middle left",
            marker={"color": ORANGE, "size": 14, "symbol": "star"},
            hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    )
    return _layout(fig, lang, t("axis_inhabitants", lang))


def components_chart(components: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of natural increase (published, and computed where flagged) and net migration, gaps marked."""
    fig = go.Figure()
    published = components[~components["natural_derived"].astype(bool)]
    derived = components[components["natural_derived"].astype(bool)]
    fig.add_trace(
        go.Bar(x=published["year"], y=published["natural_increase"], name=t("series_natural", lang),
               marker={"color": GREEN}, hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>")
    )
    if not derived.empty:
        fig.add_trace(
            go.Bar(x=derived["year"], y=derived["natural_increase"], name=t("series_natural_derived", lang),
                   marker={"color": "white", "line": {"color": GREEN, "width": 2}, "pattern": {"shape": "/",
                           "fgcolor": GREEN}},
                   hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>")
        )
    fig.add_trace(
        go.Bar(x=components["year"], y=components["net_migration"], name=t("series_net_migration", lang),
               marker={"color": BLUE}, hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>")
    )
    gaps = gap_markers(components, ("natural_increase", "net_migration"),
                       (t("series_natural", lang), t("series_net_migration", lang)), lang)
    if gaps is not None:
        fig.add_trace(gaps)
    fig.update_layout(barmode="group", bargap=0.15)
    return _layout(fig, lang, t("axis_persons", lang))


def gap_markers(frame: pd.DataFrame, columns: tuple[str, ...], names: tuple[str, ...], lang: str
                ) -> go.Scatter | None:
    """A marker on the axis for every year a bar series lacks, so an empty slot never reads as zero."""
    missing = [(int(row["year"]), [name for column, name in zip(columns, names, strict=True) if pd.isna(row[column])])
               for _, row in frame.iterrows()]
    missing = [(year, lacking) for year, lacking in missing if lacking]
    if not missing:
        return None
    return go.Scatter(
        x=[year for year, _ in missing], y=[0] * len(missing), mode="markers", name=t("series_missing", lang),
        marker={"symbol": "x-thin", "size": 9, "color": GREY, "line": {"width": 2, "color": GREY}},
        text=[t("missing_hover", lang, year=year, series=", ".join(lacking)) for year, lacking in missing],
        hovertemplate="%{text}<extra></extra>")


def series_chart(
    frame: pd.DataFrame,
    lang: str,
    y_title: str,
    decimals: int = 0,
    events: list[tuple[int, str]] | None = None,
    reference: tuple[float, str] | None = None,
    target: tuple[int, float, str] | None = None,
    baseline: tuple[int, float] | None = None,
) -> go.Figure:
    """Lines per region (``region, year, value`` and optionally ``note``), gaps kept as gaps.

    A row's ``note`` (a caveat: rounded, estimate, method change) shows in its hover. ``events`` are drawn as
    labelled vertical lines, ``reference`` as a labelled horizontal line, ``target`` (year, value, label) as a
    marker with a dashed line from ``baseline`` (or the first region's latest figure) to it.
    """
    fig = go.Figure()
    fmt = f",.{decimals}f"
    for i, (region, part) in enumerate(frame.groupby("region", sort=False)):
        columns = ["year", "value", *(["note"] if "note" in part.columns else [])]
        full = _full_years(part[columns])
        notes = full["note"].fillna("") if "note" in full.columns else pd.Series([""] * len(full))
        fig.add_trace(
            go.Scatter(x=full["year"], y=full["value"], name=str(region), mode="lines+markers",
                       connectgaps=False,
                       line={"color": REGION_PALETTE[i % len(REGION_PALETTE)], "width": 3 if i == 0 else 2},
                       customdata=notes.to_numpy(),
                       hovertemplate=f"%{{y:{fmt}}}%{{customdata}}<extra>%{{fullData.name}}</extra>")
        )
    for i, (year, label) in enumerate(events or []):
        # Horizontal words above the plot, stepped down one line per event so that neighbours never overlap
        # each other; a dotted line marks the year.
        fig.add_vline(x=year, line={"color": GREY, "dash": "dot", "width": 1})
        fig.add_annotation(x=year, y=1.0 - 0.07 * (i % 3), yref="paper", text=label, showarrow=False, textangle=0,
                           xanchor="left", yanchor="bottom", xshift=3, font={"size": 11, "color": GREY},
                           bgcolor="rgba(255,255,255,0.85)")
    if events:
        years = [*frame["year"], *(year for year, _ in events)]
        fig.update_xaxes(range=[min(years) - 1, max(years) + 1])
    if reference is not None:
        value, label = reference
        fig.add_trace(
            go.Scatter(x=[frame["year"].min(), frame["year"].max()], y=[value, value], mode="lines", name=label,
                       line={"color": ORANGE, "dash": "dash", "width": 2},
                       hovertemplate=f"%{{y:{fmt}}}<extra>%{{fullData.name}}</extra>")
        )
    if target is not None:
        year, value, label = target
        start = baseline
        if start is None and not frame.empty:
            first = frame[frame["region"] == frame["region"].iloc[0]].dropna(subset=["value"])
            start = (int(first["year"].iloc[-1]), float(first["value"].iloc[-1])) if not first.empty else None
        xs, ys = ([start[0], year], [start[1], value]) if start else ([year], [value])
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines+markers", name=label,
                       line={"color": ORANGE, "dash": "dash", "width": 2},
                       marker={"symbol": ["circle-open", "star"][-len(xs):], "size": [8, 14][-len(xs):],
                               "color": ORANGE},
                       hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra>%{{fullData.name}}</extra>")
        )
    return _layout(fig, lang, y_title, decimals=decimals)


def scenario_chart(observed: pd.DataFrame, paths: dict[str, pd.DataFrame], names: dict[str, str],
                   goal: tuple[int, float], lang: str, y_title: str) -> go.Figure:
    """The observed population and one dotted or dashed line per scenario (calculations, not data)."""
    fig = go.Figure()
    full = _full_years(observed[["year", "value"]])
    fig.add_trace(go.Scatter(x=full["year"], y=full["value"], name=t("series_observed", lang), mode="lines",
                             line={"color": BLUE, "width": 3}, connectgaps=False,
                             hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>"))
    styles = {"goal": (ORANGE, "dash"), "avg5": (GREEN, "dot"), "avg10": (PURPLE, "dot"), "zero": (GREY, "dot"),
              "custom": ("#8c2d4f", "dashdot"), "scb": ("#00646e", "longdash")}
    for name, path in paths.items():
        colour, dash = styles.get(name, (GREY, "dot"))
        fig.add_trace(go.Scatter(x=path["year"], y=path["population"], name=names.get(name, name), mode="lines",
                                 line={"color": colour, "dash": dash, "width": 3 if name == "goal" else 2},
                                 hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>"))
    year, value = goal
    fig.add_trace(go.Scatter(x=[year], y=[value], mode="markers+text", text=[fmt_number(value, lang)],
                             textposition="middle left", name=t("series_goal", lang, value=fmt_number(value, lang),
                                                                year=year),
                             marker={"color": ORANGE, "size": 14, "symbol": "star"},
                             hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>"))
    return _layout(fig, lang, y_title)


def seasonal_chart(frame: pd.DataFrame, lang: str, y_title: str, decimals: int = 0) -> go.Figure:
    """Monthly values (``year, month, value``): months on the x axis, one line per year, the latest thickest."""
    fig = go.Figure()
    fmt = f",.{decimals}f"
    years = sorted(frame["year"].unique())
    dashes = ["solid", "dash", "dot", "dashdot", "longdash"]
    for i, year in enumerate(reversed(years)):
        part = frame[frame["year"] == year].set_index("month").reindex(range(1, 13))
        fig.add_trace(
            go.Scatter(x=months(lang), y=part["value"], name=str(year), mode="lines+markers", connectgaps=False,
                       line={"color": PALETTE[i % len(PALETTE)], "width": 3 if i == 0 else 2,
                             "dash": dashes[i % len(dashes)]},
                       hovertemplate=f"%{{x}} {year}: %{{y:{fmt}}}<extra></extra>")
        )
    return month_axis(_layout(fig, lang, y_title, x_title=t("axis_month", lang), decimals=decimals))


def bar_chart(frame: pd.DataFrame, lang: str, y_title: str, name: str,
              reference: tuple[float, str] | None = None) -> go.Figure:
    """Bars per year (``year, value``) with an optional labelled reference line (what a target needs)."""
    full = _full_years(frame[["year", "value"]])
    fig = go.Figure(
        go.Bar(x=full["year"], y=full["value"], name=name, marker={"color": BLUE},
               hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>")
    )
    gaps = gap_markers(full, ("value",), (name,), lang)
    if gaps is not None:
        fig.add_trace(gaps)
    if reference is not None:
        value, label = reference
        fig.add_trace(
            go.Scatter(x=[frame["year"].min(), frame["year"].max()], y=[value, value], mode="lines", name=label,
                       line={"color": ORANGE, "dash": "dash", "width": 2},
                       hovertemplate="%{y:,.0f}<extra>%{fullData.name}</extra>")
        )
    return _layout(fig, lang, y_title)


def group_bars(groups: list[str], series: dict[str, list[float]], lang: str, y_title: str) -> go.Figure:
    """Bars side by side per group (age groups), one colour per series; a zero line for signs."""
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        fig.add_trace(go.Bar(x=groups, y=values, name=name, marker={"color": (ORANGE, BLUE)[i % 2]},
                             hovertemplate="%{x}: %{y:+,.0f}<extra>%{fullData.name}</extra>"))
    fig = _layout(fig, lang, y_title)
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category", tickformat="")
    return fig


def timeline_chart(facts: pd.DataFrame, lang: str, label_column: str, topic_names: dict[str, str]) -> go.Figure:
    """Facts on a time axis (``year, topic`` and a label column), one row per topic, named in words."""
    fig = go.Figure()
    for i, (topic, part) in enumerate(facts.groupby("topic", sort=False)):
        name = topic_names.get(str(topic), str(topic))
        fig.add_trace(
            go.Scatter(x=part["year"], y=[name] * len(part), mode="markers", name=name,
                       marker={"size": 14, "color": PALETTE[i % len(PALETTE)], "symbol": "diamond"},
                       text=part[label_column], hovertemplate="%{x}: %{text}<extra></extra>")
        )
    fig = _layout(fig, lang, "")
    fig.update_layout(hovermode="closest", showlegend=False, height=max(240, 70 * facts["topic"].nunique() + 120))
    fig.update_yaxes(tickformat="")
    return fig


def comparison_chart(frame: pd.DataFrame, lang: str, x_title: str, decimals: int = 0,
                     highlight: str | None = None, reference: float | None = None) -> go.Figure:
    """Horizontal bars of one value per region (``region, value``), the highlighted region in its own colour."""
    ordered = frame.sort_values("value")
    colours = [BLUE if r == highlight else "#8faacc" for r in ordered["region"]]
    fig = go.Figure(
        go.Bar(x=ordered["value"], y=ordered["region"], orientation="h", marker={"color": colours},
               text=[fmt_number(v, lang, decimals) for v in ordered["value"]], textposition="auto",
               hovertemplate=f"%{{x:,.{decimals}f}}<extra></extra>")
    )
    fig = _layout(fig, lang, "", x_title)
    if reference is not None:  # an index's base (100)
        fig.add_vline(x=reference, line={"color": GREY, "dash": "dot", "width": 1})
    fig.update_xaxes(tickformat=f",.{decimals}f", nticks=8)
    fig.update_yaxes(tickformat="")
    fig.update_layout(hovermode="closest", showlegend=False, height=max(260, 40 * len(ordered) + 80))
    return fig


def pyramid_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Population by single year of age (``age, men, women``): men to the left, women to the right."""
    fig = go.Figure()
    fig.add_trace(go.Bar(y=frame["age"], x=-frame["men"], orientation="h", name=t("sex_men", lang),
                         marker={"color": BLUE}, customdata=frame["men"],
                         hovertemplate=t("age_hover", lang) + "<extra>%{fullData.name}</extra>"))
    fig.add_trace(go.Bar(y=frame["age"], x=frame["women"], orientation="h", name=t("sex_women", lang),
                         marker={"color": ORANGE}, customdata=frame["women"],
                         hovertemplate=t("age_hover", lang) + "<extra>%{fullData.name}</extra>"))
    fig = _layout(fig, lang, t("axis_age", lang), t("axis_persons", lang))
    widest = float(max(frame["men"].max(), frame["women"].max(), 1))
    step = next(s for s in (50, 100, 200, 250, 500, 1000, 2000, 5000) if widest / s <= 4)
    ticks = [v for v in range(-int(widest // step + 1) * step, int(widest // step + 1) * step + 1, step)]
    fig.update_layout(barmode="relative", bargap=0.05, height=560, hovermode="y unified")
    fig.update_xaxes(tickvals=ticks, ticktext=[fmt_number(abs(v), lang) for v in ticks], tickformat="")
    fig.update_yaxes(tickformat="d", dtick=10, zeroline=False)
    return fig


def age_change_chart(frame: pd.DataFrame, lang: str, name: str) -> go.Figure:
    """One bar per age (``age, value``): how much each cohort grew or shrank in a year (moves and deaths)."""
    colours = [BLUE if v >= 0 else ORANGE for v in frame["value"]]
    fig = go.Figure(go.Bar(x=frame["age"], y=frame["value"], name=name, marker={"color": colours},
                           hovertemplate=t("age_change_hover", lang) + "<extra></extra>"))
    fig = _layout(fig, lang, t("axis_persons", lang), t("axis_age_end", lang))
    fig.update_layout(showlegend=False, hovermode="closest")
    fig.update_xaxes(dtick=10, tickformat="d")
    fig.update_yaxes(tickformat="+,d")
    return fig
