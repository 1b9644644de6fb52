"""What the population model reads from a store besides the official totals: ages and SCB's projection."""

from __future__ import annotations

import duckdb

from kpis.core.catalog import Catalog
from kpis.core.goal import ModelExtras
from kpis.store import reads


def read_extras(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> ModelExtras:
    """SCB's series by age and sex and SCB's projection for the goal's region (empty when never fetched)."""
    region = catalog.goal.region
    return ModelExtras.of(reads.age_observations(con, region), reads.projection(con, region))
