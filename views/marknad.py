"""Marknad: in- and out-migration, and the net migration the 2040 goal needs (the catalog's charts for the page)."""

from kpis.app import pages

pages.function_page("marknad")
