"""Tillväxtpanelen: Östersund's growth KPIs, from catalog and sources to the DuckDB store."""
