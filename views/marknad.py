"""Marknad: in- and out-migration, and the net migration the 2040 goal needs."""

from kpis import ui

ui.function_page("marknad")
spec = ui.goal_chart("required_net")
if spec:
    ui.show(spec)
