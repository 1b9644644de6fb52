"""Destinationsutveckling: guest nights beside Jämtland, and the big events on the time axis."""

from kpis.app import pages

pages.function_page("destination")
