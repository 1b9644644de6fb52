"""The population model's results in sentences and cells, the same on every surface: what the goal needs against
what was seen (the headline), when the target is reached at today's pace, the sum that reconciles the two, the
age groups, and the scenarios' names."""

from __future__ import annotations

from kpis.core import model
from kpis.core.i18n import fmt_number, t


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


def group_name(low: int, high: int, lang: str) -> str:
    """``20–34 år``; the open group as ``65 år och äldre``."""
    return t("model_group_open", lang, low=low) if high >= 100 else t("model_group", lang, low=low, high=high)


def scenario_names(lang: str) -> dict[str, str]:
    return {name: t(f"scenario_{name}", lang) for name in (*model.SCENARIOS, "scb")}
