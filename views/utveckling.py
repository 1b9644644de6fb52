"""Utveckling: development plans and their goal, externally funded projects, international work, gastronomy."""

from kpis.app import data, pages, widgets

pages.function_page("utveckling")
for spec in (data.goal_chart("plan"), data.timeline()):
    if spec:
        widgets.show(spec)
