"""The panel's address: every query parameter a page reads or writes goes through here (a widget bound to the
URL names its parameter by its key, one of the names below). The other app modules never touch
``st.query_params``; the parameters' meaning is in the README's *Permalinks*."""

from __future__ import annotations

import streamlit as st

# The parameters the panel knows (views and embeds): the language, the page's KPI and chart, the regions and
# peers, the years drawn, the comparison, the model's assumptions, the earlier-figures toggle.
LANG, KPI, CHART, REGIONS, PEERS, PEER_SET = "lang", "kpi", "chart", "regions", "peers", "peer_set"
FROM, TO, MEASURE, HISTORY = "from", "to", "measure", "history"


def get(name: str) -> str | None:
    """One parameter's value (the last, where the address gives it more than once), or None."""
    return st.query_params.get(name)


def get_all(name: str) -> list[str]:
    """Every value of a parameter given more than once (``?peers=Umeå&peers=Luleå``)."""
    return st.query_params.get_all(name)


def has(name: str) -> bool:
    return name in st.query_params


def put(name: str, value: str | list[str] | None) -> None:
    """Set a parameter, or drop it when ``value`` is None or empty."""
    if value is None or value == [] or value == "":
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def drop(*names: str) -> None:
    for name in names:
        st.query_params.pop(name, None)


def everything() -> dict[str, str]:
    """The address's parameters as they stand (for a permalink)."""
    return dict(st.query_params.to_dict())
