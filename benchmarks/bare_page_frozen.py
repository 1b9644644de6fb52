"""The yardstick on the same footing as the app: the bare one-chart page, its warmed heap frozen once after
the first run as the app does (kpis/app/heap.py), so only what a page itself costs is compared."""

import plotly.graph_objects as go
import streamlit as st

from kpis.app.heap import freeze_once

years = list(range(1980, 2026))
fig = go.Figure(go.Scatter(x=years, y=[55000 + 220 * i for i in range(len(years))], mode="lines+markers"))
st.plotly_chart(fig)
freeze_once()
