"""Tillväxtpanelen: the entrypoint. Page setup, language and navigation live in kpis.app.navigation."""

from kpis.app import navigation

navigation.run()
