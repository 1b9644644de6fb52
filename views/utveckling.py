"""Utveckling: development plans and their goal, externally funded projects, international work, gastronomy."""

from kpis.app import pages

pages.function_page("utveckling")
