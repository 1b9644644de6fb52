"""Prints how long the population model takes for one set of assumptions on the bundled data (all scenarios).

The page's sliders call it on every change; the aim is well under 200 ms. Not a test: it prints figures.
"""

from __future__ import annotations

import statistics
import time

from kpis.core import model
from kpis.core.catalog import load_catalog
from kpis.pipeline.seed import SEED_DIR, read_seed
from kpis.present.specs import MODEL_KPIS, history


def main(runs: int = 30) -> None:
    catalog = load_catalog()
    obs = read_seed(SEED_DIR, catalog).observations
    obs = obs[obs["kpi_id"].isin(MODEL_KPIS)]
    past = history(obs, catalog)
    timings = []
    for i in range(runs):
        started = time.perf_counter()
        model.run(past, catalog.goal.target_value, catalog.goal.target_year, window=3 + i % 8,
                  fertility=0.9 + (i % 5) / 20, custom=100.0 * (i % 7), end_year=2050)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"population model, all scenarios to 2050, {runs} runs: median {statistics.median(timings):.1f} ms, "
          f"max {max(timings):.1f} ms")


if __name__ == "__main__":
    main()
