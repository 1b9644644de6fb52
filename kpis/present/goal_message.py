"""The overview's message, built once for every surface (the app's overview, the static site's front page and the
board report): where the goal KPI stands, the latest year's change, what the goal needs in net migration against
what was seen, the sum that reconciles the two, the age groups (cohort model) and the natural increase's trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.core import model, progress
from kpis.core.catalog import Catalog
from kpis.core.i18n import fmt_number, fmt_pct, t
from kpis.core.kpi_state import yearly_series
from kpis.present import goal_words


@dataclass(frozen=True)
class GoalMessage:
    status: str  # the goal's status key (``on_track`` …)
    figures: str  # the latest figure, the gap, the pace needed and seen, the status, in one sentence
    sentences: tuple[str, ...]  # the change, the need, the reconciling sum, the age groups, the natural increase

    def text(self) -> str:
        """The whole message as plain text (the static site, the report)."""
        return " ".join((self.figures, *self.sentences))


def build(obs: pd.DataFrame, catalog: Catalog, result: model.Result | None, lang: str,
          groups_in_full: bool = False) -> GoalMessage | None:
    """The message from the home region's observations (``obs``: the goal's KPIs) and the model's run; None
    without a population figure. ``groups_in_full`` lists every age group (the report); else the widest gap."""
    goal = catalog.goal
    population = yearly_series(obs, goal.kpi, goal.region)
    state = progress.progress(population, goal.target_value, goal.target_year, catalog.status)
    if state is None:
        return None
    pace = state.pace
    figures = t("export_lead", lang, place=catalog.site.place[lang], value=fmt_number(state.latest_value, lang),
                year=state.latest_year, gap=fmt_number(state.gap, lang), target=fmt_number(goal.target_value, lang),
                target_year=goal.target_year, required=fmt_number(state.required_per_year, lang),
                required_pct=fmt_pct(state.required_rate, lang, 2),
                actual=fmt_number(pace.per_year, lang) if pace else "–",
                start=pace.start if pace else "–", end=pace.end if pace else "–",
                status=t(f"status_{state.status}", lang))
    parts = [_change(population, lang)]
    if result is not None:
        parts += [goal_words.headline(result, lang), goal_words.pace_sentence(result, goal.target_value, lang),
                  goal_words.reconcile(result, lang)]
        if result.groups:
            parts.append(goal_words.groups_sentence(result, lang) if groups_in_full
                         else goal_words.widest_gap(result, lang))
    parts.append(_natural(yearly_series(obs, goal.natural_increase, goal.region), lang))
    return GoalMessage(state.status, figures, tuple(p for p in parts if p))


def _change(population: pd.Series, lang: str) -> str:
    change = progress.latest_change(population)
    if change is None:
        return ""
    down = change.change < 0
    since = ""
    if change.previous_same_sign is not None and change.previous_same_sign < change.year - 1:
        since = t("overview_first_since_down" if down else "overview_first_since_up", lang,
                  year=change.previous_same_sign)
    return t("overview_change_down" if down else "overview_change_up", lang, n=fmt_number(abs(change.change), lang),
             year=change.year, since=since)


def _natural(natural: pd.Series, lang: str) -> str:
    """The natural increase's mean over the last five years against the five before."""
    if not len(natural):
        return ""
    last = int(natural.index[-1])
    recent = progress.mean_over(natural, last - 4, last)
    before = progress.mean_over(natural, last - 9, last - 5)
    if recent is None or before is None:
        return ""
    return t("overview_natural", lang, recent=fmt_number(recent, lang, signed=True), first=last - 4, last=last,
             before=fmt_number(before, lang, signed=True), b_first=last - 9, b_last=last - 5)
