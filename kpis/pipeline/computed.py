"""Every concept computed from official parts, written once into the store (the seed, each refresh, migrate).

Reads the concepts and their parts, lets :func:`kpis.core.concepts.derive` compute them, and replaces the
computed rows: every surface then reads one series per concept. Returns the published figures that differ
from their computed value by more than SCB's adjustments, for the refresh to report.
"""

from __future__ import annotations

import duckdb

from kpis.core import concepts
from kpis.core.catalog import Catalog
from kpis.core.i18n import fmt_number, t
from kpis.store import reads, writes


def recompute(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> list[concepts.Mismatch]:
    ids = sorted(concepts.parts_of(catalog))
    if not ids:
        return []
    rows, mismatches = concepts.derive(reads.observations(con, ids, writing=True), catalog)
    writes.replace_computed(con, [k.id for k in concepts.concepts(catalog)], rows)
    return mismatches


def mismatch_words(mismatches: list[concepts.Mismatch], lang: str, most: int = 5) -> str:
    """``Flyttnetto 2380 2023: SCB 222, beräknat 239`` for the first few; empty when there are none."""
    if not mismatches:
        return ""
    parts = [t("computed_mismatch", lang, kpi=m.kpi, region=m.region, period=m.period,
               published=fmt_number(m.published, lang), computed=fmt_number(m.computed, lang))
             for m in mismatches[:most]]
    more = f" (+{len(mismatches) - most})" if len(mismatches) > most else ""
    return t("computed_mismatches", lang, parts="; ".join(parts)) + more
