"""Every concept computed from official parts, written once into the store (the seed, each refresh, migrate).

Reads the concepts and their parts, lets :func:`kpis.core.concepts.derive` compute them, and replaces the
computed rows: every surface then reads one series per concept. Returns the published figures that differ
from their computed value by more than SCB's adjustments, for the refresh to report.
"""

from __future__ import annotations

import duckdb

from kpis.core import concepts
from kpis.core.catalog import Catalog
from kpis.core.problems import Problem
from kpis.store import reads, writes


def recompute(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> list[concepts.Mismatch]:
    ids = sorted(concepts.parts_of(catalog))
    if not ids:
        return []
    rows, mismatches = concepts.derive(reads.observations(con, ids, writing=True), catalog)
    writes.replace_computed(con, [k.id for k in concepts.concepts(catalog)], rows)
    return mismatches


def mismatch_parts(mismatches: list[concepts.Mismatch], most: int = 5) -> list[Problem]:
    """``Flyttnetto 2380 2023: SCB 222, beräknat 239`` for the first few (and how many more), as text keys and
    values for the run's message; none when there are none."""
    if not mismatches:
        return []
    parts = [Problem("computed_mismatch", {"kpi": m.kpi, "region": m.region, "period": m.period,
                                           "published": round(m.published), "computed": round(m.computed)})
             for m in mismatches[:most]]
    more = f" (+{len(mismatches) - most})" if len(mismatches) > most else ""
    return [Problem("computed_mismatches", {"parts": parts, "more": more})]
