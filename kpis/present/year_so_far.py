"""The year so far from SCB's monthly statistics, for every surface (the overview, Vägen, the report): how the
months of this year went against the goal's pace for the same months, the estimate of 31 December with its
interval and track record, and the analysts' chart of the cumulative change month by month."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kpis.core import model, months
from kpis.core.catalog import Catalog
from kpis.core.goal import progress_of
from kpis.core.i18n import fmt_number, months_long, t
from kpis.core.i18n import months as month_names
from kpis.present import charts, provenance
from kpis.present.specs import ChartSpec

MONTHLY = months.MONTHLY
SHOWN_YEARS = 6  # the current year and the five before it


def _series(obs: pd.DataFrame, catalog: Catalog, what: str) -> pd.Series:
    """The home region's monthly series of one kind, indexed by period (``2026M03``)."""
    kpi = MONTHLY[what]
    rows = obs[(obs["kpi_id"] == kpi) & (obs["region_code"] == catalog.goal.region) & obs["value"].notna()]
    return pd.Series(rows["value"].astype(float).to_numpy(), index=rows["period"].astype(str).to_numpy())


@dataclass(frozen=True)
class YearSoFar:
    title: str
    sentences: tuple[str, ...]
    preliminary: bool


def _long_month(month: int, lang: str) -> str:
    return months_long(lang)[month - 1]


def _months_words(month: int, lang: str) -> str:
    """"januari–oktober" (the months so far, in words)."""
    return f"{_long_month(1, lang)}–{_long_month(month, lang)}" if month > 1 else _long_month(1, lang)


def build(obs: pd.DataFrame, catalog: Catalog, result: model.Result | None, lang: str,
          everyone: pd.DataFrame | None = None) -> YearSoFar | None:
    """The block's words from the home region's monthly figures; None where the store has none (say
    :func:`none_yet` instead). ``everyone``: every municipality's recent months (``[home] everyone``), for the
    home's place among them so far this year."""
    change = _series(obs, catalog, "change")
    latest = months.latest_month(change)
    if latest is None:
        return None
    year, month = latest
    state = progress_of(obs, catalog)
    needed_growth = state.required_per_year if state is not None else None
    grown = months.so_far(change, needed_growth, year, month)
    if grown is None:
        return None
    span = _months_words(month, lang)
    sentences = [_against(grown, "so_far_change", lang)]
    place = months.place_so_far(everyone, catalog.goal.region, year, month) if everyone is not None else None
    if place is not None:
        sentences.append(t("so_far_place", lang, place=catalog.region_name(catalog.goal.region, lang),
                           per_1000=fmt_number(place.per_1000, lang, 1, signed=True), rank=place.rank,
                           count=place.count, months=span, year=year))
    parts = {what: months.so_far(_series(obs, catalog, what), None, year, month)
             for what in ("natural", "net", "county", "sweden", "abroad")}
    net = months.so_far(_series(obs, catalog, "net"), result.needed_net_migration if result else None, year, month)
    if parts["natural"] is not None and net is not None:
        split = ""
        if all(parts[w] is not None for w in ("county", "sweden", "abroad")):
            split = t("so_far_split", lang, county=_signed(parts["county"].value, lang),
                      sweden=_signed(parts["sweden"].value, lang), abroad=_signed(parts["abroad"].value, lang))
        sentences.append(t("so_far_parts", lang, natural=_signed(parts["natural"].value, lang),
                           net=_signed(net.value, lang), split=split))
        if net.needed is not None:
            sentences.append(_against(net, "so_far_net", lang))
    guess = months.estimate(_series(obs, catalog, "population"), change, year, month)
    if guess is not None:
        sentences.append(t("so_far_estimate", lang, year=year, value=fmt_number(guess.value, lang),
                           low=fmt_number(guess.low, lang), high=fmt_number(guess.high, lang),
                           month=_long_month(month, lang), first=guess.first, last=guess.last))
        track = months.track_record(_series(obs, catalog, "population"), change, month, year)
        if track is not None:
            worst_year, worst = track.largest
            sentences.append(t("so_far_track", lang, first=track.misses[0][0], last=track.misses[-1][0],
                               mean=fmt_number(track.mean_miss, lang), worst=fmt_number(abs(worst), lang),
                               worst_year=worst_year))
    rows = obs[obs["kpi_id"] == MONTHLY["change"]]
    preliminary = bool(rows[rows["period"].astype(str).str.startswith(str(year))]["preliminary"].any())
    title = t("so_far_title", lang, year=year, months=span)
    return YearSoFar(title, tuple(sentences), preliminary)


def _signed(value: float, lang: str) -> str:
    return fmt_number(value, lang, signed=True)


def _against(part: months.SoFar, key: str, lang: str) -> str:
    """"… januari–oktober; målets takt motsvarar N för samma månader …; före/efter målets takt med M"."""
    share = part.share
    basis = (t("so_far_share", lang, pct=fmt_number(share.value * 100, lang), first=share.first, last=share.last)
             if share.from_pattern else t("so_far_share_even", lang, n=part.month))
    where = ""
    if part.ahead is not None:
        where = t("so_far_ahead" if part.ahead >= 0 else "so_far_behind", lang,
                  n=fmt_number(abs(part.ahead), lang))
    return t(key, lang, value=_signed(part.value, lang), months=_months_words(part.month, lang), year=part.year,
             needed=fmt_number(part.needed, lang) if part.needed is not None else "–", basis=basis, where=where)


def none_yet(lang: str) -> str:
    return t("so_far_none", lang)


def chart(obs: pd.DataFrame, catalog: Catalog, lang: str) -> ChartSpec | None:
    """The cumulative population change month by month, one line per year (this year and the five before it,
    this year drawn thickest), with the goal's cumulative path for this year."""
    change = _series(obs, catalog, "change")
    by_year = months.by_year(change)
    latest = months.latest_month(change)
    if latest is None:
        return None
    year = latest[0]
    goal = catalog.goal
    state = progress_of(obs, catalog)
    names = month_names(lang)
    fig = go.Figure()
    shown = [y for y in sorted(by_year) if y > year - SHOWN_YEARS]
    palette = charts.REGION_PALETTE
    for i, y in enumerate(reversed(shown)):
        values, total = [], 0.0
        for m in range(1, 13):
            if m not in by_year[y]:
                break
            total += by_year[y][m]
            values.append(total)
        fig.add_trace(go.Scatter(x=names[:len(values)], y=values, name=str(y), mode="lines+markers",
                                 line={"color": palette[i % len(palette)], "width": 4 if y == year else 1.5},
                                 hovertemplate=f"%{{x}} {y}: %{{y:,.0f}}<extra></extra>"))
    if state is not None:
        path = months.cumulative_path(by_year, year, state.required_per_year)
        fig.add_trace(go.Scatter(x=names, y=path, name=t("so_far_goal_path", lang, year=year), mode="lines",
                                 line={"color": charts.ORANGE, "dash": "dash", "width": 2},
                                 hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>"))
    fig = charts.month_axis(charts.finish(fig, lang, t("axis_persons", lang), t("axis_month", lang)))
    rows = obs[(obs["kpi_id"] == MONTHLY["change"]) & (obs["region_code"] == goal.region)]
    rows = rows[rows["period"].astype(str).str[:4].astype(int) > year - SHOWN_YEARS]
    table = provenance.observations_csv(rows, catalog, lang)
    summary = t("so_far_chart_summary", lang, year=year, first=shown[0], last=shown[-1])
    return ChartSpec("months", "months", t("chart_months", lang), fig, table, provenance.source_line(rows, lang),
                     summary, tuple(provenance.footnotes(rows, catalog, lang)), str(rows["period"].max()))
