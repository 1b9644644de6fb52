"""Näringsliv: companies, workplaces, employment and the function's establishment cases."""

from kpis import ui

ui.function_page("naringsliv")
