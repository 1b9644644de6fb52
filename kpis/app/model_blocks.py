"""Vägen till målet's blocks: the model's headline and pace sentence, the scenarios' table, the assumptions in
words, which model ran and why, and the net migration needed by age group."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.app import data, state, widgets
from kpis.core import model
from kpis.core.i18n import fmt_number, t
from kpis.present import goal_words


def model_headline(result: model.Result) -> str:
    return goal_words.headline(result, state.lang())


def pace_sentence(result: model.Result) -> str:
    """When the target is reached at today's pace: the same sentence as the overview's and the report's."""
    return goal_words.pace_sentence(result, state.catalog().goal.target_value, state.lang())


def _population(path: model.Path, year: int, la: str) -> str:
    found = path.frame.loc[path.frame["year"] == year, "population"]
    return fmt_number(float(found.iloc[0]), la) if len(found) else "–"


def scenario_table(result: model.Result) -> None:
    """Per scenario: net migration a year, the population in the target year (and the last year drawn), and
    the year the goal is reached."""
    la = state.lang()
    names = goal_words.scenario_names(la)
    rows = []
    for name, path in result.paths.items():
        row = {t("model_col_scenario", la): names[name],
               t("model_col_migration", la): "–" if name == "scb" else fmt_number(path.net_migration_per_year, la,
                                                                                   signed=True),
               t("model_col_population", la, year=result.target_year): _population(path, result.target_year, la)}
        if result.end_year != result.target_year:
            row[t("model_col_population", la, year=result.end_year)] = _population(path, result.end_year, la)
        row[t("model_col_reached", la)] = goal_words.reached_cell(path, la)
        rows.append(row)
    # A static table whose cells wrap: on a phone every column stays in view, the scenario's name first.
    st.table(pd.DataFrame(rows).set_index(t("model_col_scenario", la)))


def model_assumptions_text(result: model.Result) -> None:
    """The assumptions in plain words, and which model is used and why."""
    la = state.lang()
    rates = result.rates
    lines = [] if result.model == "cohort" else [
        f"- {t('model_rates', la, births=fmt_number(rates.births_per_1000, la, 2), deaths=fmt_number(rates.deaths_per_1000, la, 2), first=rates.first, last=rates.last)}"]  # noqa: E501
    st.markdown("\n".join([
        *lines,
        f"- {t('model_fertility_used', la, factor=fmt_number(result.assumptions['fertility'], la, 2))}",
        f"- {t('model_natural_next', la, n=fmt_number(result.natural_increase_next, la, signed=True), year=result.start_year + 1)}",  # noqa: E501
        f"- {t('model_identity', la)}",
        f"- {model_which(result, la)}",
    ]))


def model_which(result: model.Result, la: str) -> str:
    """Which model the figures come from, and why."""
    if result.model == "cohort" and result.age_years:
        return t("model_which_cohort", la, first=result.age_years[0], last=result.age_years[1],
                 year=result.start_year)
    if result.model_reason == "ages_behind":
        return t("model_which_behind", la, year=result.start_year)
    if result.model_reason == "no_age_events" and result.age_population_years:
        return t("model_which_incomplete", la, years="–".join(str(y) for y in result.age_population_years))
    return t("model_which", la)


def age_groups(result: model.Result, window: int, fertility: float, custom: float | None,
               until: int | None) -> None:
    """The goal scenario's net migration a year by age group, against what was seen (cohort model only)."""
    if not result.groups or not result.age_years:
        return
    la = state.lang()
    st.subheader(t("model_groups_title", la))
    st.text(t("model_groups_intro", la, first=result.start_year + 1, last=result.target_year,
              seen_first=result.age_years[0], seen_last=result.age_years[1]))
    rows = [{t("model_col_group", la): goal_words.group_name(g.low, g.high, la),
             t("model_col_needed", la): fmt_number(g.needed, la, signed=True),
             t("model_col_seen", la): fmt_number(g.observed, la, signed=True),
             t("model_col_gap", la): fmt_number(g.needed - g.observed, la, signed=True)} for g in result.groups]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    spec = data.goal_chart("age_groups", (window, fertility, custom, until))
    if spec is not None:
        widgets.show(spec, state.goal_embed("age_groups"))
