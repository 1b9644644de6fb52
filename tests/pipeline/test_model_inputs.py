"""The goal's figures are read and its model run one way for every surface (kpis/pipeline/model_inputs.py)."""

from __future__ import annotations

import re

from kpis.pipeline import model_inputs
from kpis.store.files import reading
from tests.conftest import PROJECT_DIR


def test_every_surface_reads_the_goal_and_runs_the_model_through_one_module():
    """No surface reads the model's inputs or runs the model itself: the app, the export, the report and the
    command line call model_inputs (core/goal.py defines the run; model_inputs is the one caller)."""
    callers = {}
    for path in (PROJECT_DIR / "kpis").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("try_model", "run_model", "read_extras"):
            if re.search(rf"\b{name}\(", text) and not re.search(rf"def {name}\(", text):
                callers.setdefault(path.relative_to(PROJECT_DIR).as_posix(), set()).add(name)
    assert set(callers) == {"kpis/pipeline/model_inputs.py"}, callers
    users = {p.relative_to(PROJECT_DIR).as_posix() for p in (PROJECT_DIR / "kpis").rglob("*.py")
             if re.search(r"\bread_goal\b|model_inputs\.read_goal", p.read_text(encoding="utf-8"))}
    assert {"kpis/app/data.py", "kpis/pipeline/report.py", "kpis/pipeline/export/__init__.py",
            "kpis/pipeline/model_cli.py"} <= users


def test_a_report_on_an_earlier_year_reads_the_figures_up_to_it(seeded_db, catalog):
    with reading(seeded_db) as con:
        every = model_inputs.read_goal(con, catalog)
        earlier = model_inputs.read_goal(con, catalog, until=2020)
    years = {int(str(p)[:4]) for p in earlier.obs["period"]}
    assert max(years) == 2020 and max(int(str(p)[:4]) for p in every.obs["period"]) > 2020
    today = model_inputs.goal_run(every, catalog)
    then = model_inputs.goal_run(earlier, catalog)
    assert today is not None and then is not None and then.start_year == 2020 and today.start_year > 2020
    assert model_inputs.goal_run(every, catalog, model_inputs.DEFAULT_ASSUMPTIONS).start_population == \
        today.start_population
