"""Näringsliv: companies, workplaces, employment and the function's establishment cases."""

from kpis.app import pages

pages.function_page("naringsliv")
