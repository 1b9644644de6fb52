"""Destinationsutveckling: guest nights beside Jämtland, and the big events on the time axis."""

from kpis import ui

lang = ui.lang()
facts = ui.table("facts")
events = facts[(facts["topic"] == "events") & facts["year"].notna() & (facts["year"] >= 2000)]
label = "fact_sv" if lang == "sv" else "fact_en"
markers = [(int(row.year), f"{getattr(row, label).split(',')[0]} {int(row.year)}") for row in events.itertuples()]
ui.function_page("destination", events={"guest_nights": markers})
