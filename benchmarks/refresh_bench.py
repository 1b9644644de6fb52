"""Refresh time and calls per source against the local server that plays SCB, Kolada and Tillväxtverket.

    .venv/bin/python -m benchmarks.refresh_bench [--runs 5]

Prints, per source, the median wall time of a full refresh and the number of HTTP calls, and for SCB the
data calls per table (the default region set goes in one call per table).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from collections import Counter
from pathlib import Path

from kpis.core.catalog import load_catalog
from kpis.pipeline.refresh import refresh
from kpis.pipeline.seed import SEED_DIR, read_seed
from kpis.pipeline.seed import build as build_store
from tests.fakes.sources_server import SourcesServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    server = SourcesServer().start()
    os.environ.update(server.env())
    catalog = load_catalog()
    seconds: dict[str, list[float]] = {}
    calls: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = build_store(Path(tmp) / "bench.duckdb", catalog, read_seed(SEED_DIR, catalog))
        for _ in range(runs):
            server.requests.clear()
            for result in refresh(db, catalog):
                assert result.ok, result.message_en
                seconds.setdefault(result.source_id, []).append(result.seconds)
                calls[result.source_id] = result.calls
        data_calls = Counter(path.split("/")[3] for method, path in server.requests
                             if method == "POST" and path.endswith("/data"))
        size = (Path(tmp) / "bench.duckdb").stat().st_size
    server.stop()
    print(f"refresh against the local server, {runs} runs, {len(catalog.regions)} regions")
    print(f"{'source':<16}{'median s':>10}{'max s':>8}{'calls':>7}")
    for source, values in seconds.items():
        print(f"{source:<16}{statistics.median(values):>10.3f}{max(values):>8.3f}{calls[source]:>7}")
    print("SCB data calls per table in the last run: "
          + ", ".join(f"{table} {count}" for table, count in sorted(data_calls.items())))
    print(f"store size after refresh: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
