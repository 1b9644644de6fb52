"""Utveckling: development plans and their goal, externally funded projects, international work, gastronomy."""

from kpis import ui

ui.function_page("utveckling")
for spec in (ui.goal_chart("plan"), ui.timeline()):
    if spec:
        ui.show(spec)
