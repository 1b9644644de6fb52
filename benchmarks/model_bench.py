"""Prints how long the population model takes for one set of assumptions (all scenarios): the components
model on the bundled data, and the cohort model on the test SCB's series by age and sex (a refresh against
the local server, as the tests run it).

The page's sliders call it on every change; the aim is well under 200 ms. Not a test: it prints figures.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from kpis.core import model
from kpis.core.catalog import Catalog, load_catalog
from kpis.core.cohort import AgeData
from kpis.core.goal import history, model_kpis
from kpis.pipeline.seed import SEED_DIR, read_seed
from kpis.sources.scb_ages import fetch_ages
from tests.fakes.sources_server import SourcesServer


def _ages(catalog: Catalog) -> AgeData:
    server = SourcesServer().start()
    try:
        fetched = fetch_ages(catalog, list(catalog.regions), f"{server.base}/scb", 10.0)
    finally:
        server.stop()
    assert fetched.ages is not None
    return AgeData(fetched.ages)


def _time(label: str, runs: int, call: Callable[[int], model.Result]) -> None:
    timings = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"{label}, all scenarios to 2050, {runs} runs: median {statistics.median(timings):.1f} ms, "
          f"max {max(timings):.1f} ms")


def main(runs: int = 30) -> None:
    catalog = load_catalog()
    obs = read_seed(SEED_DIR, catalog).observations
    obs = obs[obs["kpi_id"].isin(model_kpis(catalog))]
    past = history(obs, catalog)
    goal = catalog.goal
    _time("components model", runs, lambda i: model.run(
        past, goal.target_value, goal.target_year, window=3 + i % 8, fertility=0.9 + (i % 5) / 20,
        custom=100.0 * (i % 7), end_year=2050))
    ages = _ages(catalog)
    _time("cohort model (101 ages x 2 sexes)", runs, lambda i: model.run(
        past, goal.target_value, goal.target_year, window=1 + i % 4, fertility=0.9 + (i % 5) / 20,
        custom=100.0 * (i % 7), end_year=2050, ages=ages))


if __name__ == "__main__":
    main()
