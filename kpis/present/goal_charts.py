"""The charts about the goal, as data (:class:`kpis.present.specs.ChartSpec`): the population against its target
path and today's pace, the components of change, net migration against what the goal needs, the population
increase against its need, the model's scenarios, the age groups, SCB's ages (pyramid, change by cohort) and the
development work's timeline."""

from __future__ import annotations

import itertools

import pandas as pd

from kpis.core import languages, model, progress
from kpis.core.catalog import Catalog
from kpis.core.goal import ModelExtras
from kpis.core.goal import progress_of as goal_progress_of
from kpis.core.i18n import fmt_number, t
from kpis.core.kpi_state import yearly_series
from kpis.core.source_class import historical, is_approximate
from kpis.present import charts, provenance
from kpis.present.goal_words import group_name, headline, scenario_names, widest_gap
from kpis.present.specs import ChartSpec, with_notes


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
    drawn = pop.assign(note=with_notes(pop, lang))
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
    stored = [c.removeprefix("text_") for c in facts.columns if c.startswith("text_")]
    label_column = f"text_{languages.first_given(lang, stored)}"  # another language reads the fallback chain's
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
