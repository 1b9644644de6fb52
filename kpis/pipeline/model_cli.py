"""``python -m kpis model [--scenario NAME] [--window YEARS] [--fertility F] [--migration N] [--json]``: the
population model's scenarios, the same figures as the page Vägen till 75 000."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from kpis.core import model
from kpis.core.catalog import load_catalog
from kpis.core.cohort import NoModel
from kpis.core.i18n import fmt_number, t
from kpis.pipeline.model_inputs import goal_run_or_raise, read_goal
from kpis.pipeline.terminal import existing_store
from kpis.present.goal_words import headline, pace_sentence, reached_cell, scenario_names
from kpis.store.files import reading


def _result(store: Path, args: argparse.Namespace) -> model.Result:
    catalog = load_catalog()
    with reading(store) as con:
        goal = read_goal(con, catalog)
    return goal_run_or_raise(goal, catalog, (args.window, args.fertility, args.migration, args.until))


def as_json(result: model.Result, scenarios: list[str]) -> dict[str, object]:
    """Every figure the page shows, per scenario and year (unrounded: the identity holds exactly)."""
    return {
        "start_year": result.start_year, "start_population": result.start_population,
        "target_year": result.target_year, "target_value": result.target_value, "end_year": result.end_year,
        "needed_net_migration_per_year": result.needed_net_migration,
        "latest_net_migration": dict(zip(("year", "value"), result.latest_net_migration, strict=True))
        if result.latest_net_migration else None,
        "average_net_migration": dict(zip(("first", "last", "value"), result.average_net_migration, strict=True))
        if result.average_net_migration else None,
        "rates_per_1000": {"births": result.rates.births_per_1000, "deaths": result.rates.deaths_per_1000,
                           "first": result.rates.first, "last": result.rates.last},
        "assumptions": result.assumptions,
        "today_pace": _pace(result),
        "model": result.model,
        "model_reason": result.model_reason,
        "age_rates_years": list(result.age_years) if result.age_years else None,
        "needed_net_migration_by_age_group": [
            {"ages": [g.low, g.high], "needed_per_year": g.needed, "observed_per_year": g.observed}
            for g in result.groups],
        "scb_projection": result.projection_label or None,
        "scb_projection_table": result.projection_table or None,
        "scb_projection_published": result.projection_published or None,
        "scenarios": {
            name: {"net_migration_per_year": None if path.net_migration_per_year != path.net_migration_per_year
                   else path.net_migration_per_year, "reached_year": path.reached_year,
                   "reached_searched_until": path.horizon,
                   "kind": "forecast" if name == "scb" else "calculation",
                   "years": [{k: (None if v != v else v) for k, v in row.items()}  # NaN -> null
                             for row in path.frame.to_dict("records")]}
            for name, path in result.paths.items() if name in scenarios
        },
    }


def _pace(result: model.Result) -> dict[str, object] | None:
    """Today's pace as every surface says it: the scenario, its net migration window and the year reached."""
    pace = result.pace()
    if pace is None:
        return None
    return {"scenario": model.PACE_SCENARIO, "net_migration_first": pace.first, "net_migration_last": pace.last,
            "net_migration_per_year": pace.net_migration,
            "rates_first": pace.rates.first, "rates_last": pace.rates.last,
            "reached_year": pace.reached_year, "reached_searched_until": pace.horizon}


# What the model takes from the command line: finite numbers within these ranges (the page's sliders lie inside).
LIMITS = {"window": (1, 30), "fertility": (0.1, 3.0), "migration": (-20_000.0, 20_000.0), "until": (0, 2100)}


def bad_inputs(args: argparse.Namespace, target_year: int) -> list[str]:
    """The assumptions out of range or not finite, each named with its allowed range (empty when all are fine)."""
    found = []
    for name, (low, high) in LIMITS.items():
        value = getattr(args, name, None)
        if value is None:
            continue
        low = target_year if name == "until" else low
        if not math.isfinite(float(value)) or not low <= float(value) <= high:
            found.append(f"--{name} {value}: {low:g}–{high:g}")
    return found


def run_model(args: argparse.Namespace) -> int:
    la = args.lang
    bad = bad_inputs(args, load_catalog().goal.target_year)
    if bad:
        print(t("model_bad_inputs", la, inputs="; ".join(bad)), file=sys.stderr)
        return 2
    store = existing_store(args.db, la)
    if store is None:
        return 2
    try:
        result = _result(store, args)
    except NoModel as err:
        print(t("model_failed", la, error=err.text(la)), file=sys.stderr)
        return 2
    if args.scenario and args.scenario not in result.paths:
        print(t("model_no_scenario", la, name=args.scenario, known=", ".join(result.paths)), file=sys.stderr)
        return 2
    chosen = [args.scenario] if args.scenario else list(result.paths)
    if args.json:
        print(json.dumps(as_json(result, chosen), ensure_ascii=False, indent=1))
        return 0
    print(headline(result, la))
    print(pace_sentence(result, result.target_value, la))
    names = scenario_names(la)
    for name in chosen:
        path = result.paths[name]
        reached = reached_cell(path, la)
        print(f"\n{names[name]}: {fmt_number(path.net_migration_per_year, la, signed=True)} "
              f"{t('model_per_year', la)}, {t('model_col_reached', la)} {reached}")
        for row in path.frame.itertuples():
            print(f"  {row.year}  {fmt_number(row.population, la)}")
    return 0


def add_model_command(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser("model", help="the population model: what the goal needs, scenario by scenario")
    cmd.add_argument("--scenario", help="one scenario: zero, avg5, avg10, goal (custom with --migration)")
    cmd.add_argument("--window", type=int, default=5, help="years of births and deaths behind the rates (5)")
    cmd.add_argument("--fertility", type=float, default=1.0, help="times the recent birth rate (1.0)")
    cmd.add_argument("--migration", type=float, help="an own net migration a year (the custom scenario)")
    cmd.add_argument("--until", type=int, help="the last year (default: the target year)")
    cmd.add_argument("--json", action="store_true", help="every figure as JSON")
    cmd.add_argument("--db", help="the store (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    cmd.set_defaults(run=run_model)
