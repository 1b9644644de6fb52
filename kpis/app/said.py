"""A page says a sentence once: the page run's :class:`~kpis.present.said_once.Said`, started afresh by the
navigation each run (:func:`new_page`)."""

from __future__ import annotations

import streamlit as st

from kpis.present.said_once import Said

_KEY = "said_on_this_page"


def new_page() -> None:
    st.session_state[_KEY] = {}


def page() -> Said:
    """The sentences said on this page so far (a plain dict in the session state: it stays serialisable)."""
    if not isinstance(st.session_state.get(_KEY), dict):
        st.session_state[_KEY] = {}
    return Said(st.session_state[_KEY])


def once(text: str, who: str = "") -> str:
    return page().once(text, who)
