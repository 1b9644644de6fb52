"""Marknad: in- and out-migration, and the net migration the 2040 goal needs."""

from kpis.app import data, pages, widgets

pages.function_page("marknad")
spec = data.goal_chart("required_net")
if spec:
    widgets.show(spec)
