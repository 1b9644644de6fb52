"""The yardstick: a bare Streamlit page holding one Plotly line chart (45 points, like the population)."""

import plotly.graph_objects as go
import streamlit as st

years = list(range(1980, 2026))
fig = go.Figure(go.Scatter(x=years, y=[55000 + 220 * i for i in range(len(years))], mode="lines+markers"))
st.plotly_chart(fig)
