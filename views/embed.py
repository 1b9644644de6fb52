"""Inbäddning (/embed, hidden): one public KPI chart alone, chosen by the URL, for the municipality's web site.

``?kpi=population&chart=goal|model|age_groups|pyramid|age_change|trend|compare|season&lang=sv|en&from=2010&to=2025&regions=2380,23,00&embed=true``.
Unknown values fall back to a default with a notice that stays on the page, never an error. Own figures not
marked public, and editing, never appear here.
"""

import streamlit as st

from kpis.app import embed, widgets
from kpis.app.state import t

embed.fit_to_content()
chosen = embed.choose()
for notice in chosen.notices:
    st.text(f"ℹ {notice}")  # plain text: a value from the URL is never read as Markdown
spec = chosen.spec
if spec is None:
    st.info(t("embed_none", title=chosen.kpi.title[embed.state.lang()]))
else:
    widgets.embedded_chart(spec)
    widgets.comment_block(chosen.kpi, public_only=True)
    st.link_button(t("embed_open"), embed.page_link(chosen.kpi), icon=":material/open_in_new:")
