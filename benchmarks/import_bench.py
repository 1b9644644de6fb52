"""Prints how long a large import of own figures holds the writer lock, and how long the board report takes.

Not a test: it prints figures (see README, "Performance").
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kpis.core.catalog import load_catalog
from kpis.pipeline import editing
from kpis.pipeline.report import build as build_report
from kpis.pipeline.seed import SEED_DIR, build, read_seed
from kpis.store.files import connect_read_only


def main() -> None:
    catalog = load_catalog()
    own = [k.id for k in catalog.kpis.values() if k.is_own_data and k.periodicity == "year"]
    lines = ["kpi;period;value;region"]
    for kpi in own:
        for region in catalog.regions:
            for year in range(1901, 2026):
                lines.append(f"{kpi};{year};{year % 97};{region}")
    data = ("\n".join(lines) + "\n").encode()
    with tempfile.TemporaryDirectory() as folder:
        db = build(Path(folder) / "bench.duckdb", catalog, read_seed(SEED_DIR, catalog))
        started = time.perf_counter()
        plan = editing.check_file(data, "bench.csv", catalog)
        checked = time.perf_counter() - started
        started = time.perf_counter()
        applied = editing.apply(db, plan, "bench", confirmed=True)
        written = time.perf_counter() - started
        print(f"import of {applied.rows_new} rows: checked in {checked:.1f} s, written (writer lock held) in "
              f"{written:.1f} s")
        con = connect_read_only(db)
        started = time.perf_counter()
        build_report(con, catalog, Path(folder) / "rapport.pdf", 2025)
        con.close()
        print(f"board report for 2025: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
