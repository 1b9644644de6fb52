"""Streamlit helpers of the editing pages: who is signed in, and the upload's messages.

Besides ``kpis.ui``, the only module that imports streamlit. Nothing a user typed or uploaded is rendered
as HTML: messages go through ``st.error``/``st.warning`` as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from kpis import auth, ui
from kpis.i18n import t
from kpis.importing import write
from kpis.seed import Problem

SESSION_KEY = "editor"
T = TypeVar("T")


def _secrets() -> Mapping[str, object]:
    try:
        return {"editors": st.secrets.get("editors", {})}
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return {}


def editors() -> dict[str, auth.Editor]:
    """The configured editors; none in public mode or without a secrets file (editing is then off)."""
    if auth.public_mode():
        return {}
    return auth.editors_from(_secrets())


def editing_enabled() -> bool:
    return bool(editors())


def signed_in() -> auth.Editor | None:
    username = st.session_state.get(SESSION_KEY)
    return editors().get(username) if isinstance(username, str) else None


def require_editor() -> auth.Editor:
    """Stop the page unless a configured editor is signed in (the navigation hides it too)."""
    editor = signed_in()
    if editor is None:
        st.error(t("edit_not_signed_in", ui.lang()))
        st.stop()
    assert editor is not None
    return editor


def sign_in_form() -> None:
    la = ui.lang()
    with st.form("sign_in"):
        username = st.text_input(t("username", la), autocomplete="username")
        password = st.text_input(t("password", la), type="password", autocomplete="current-password")
        if st.form_submit_button(t("sign_in", la), type="primary"):
            editor = auth.verify(editors(), username, password)
            if editor is None:
                st.error(t("sign_in_failed", la))
            else:
                st.session_state[SESSION_KEY] = editor.username
                st.rerun()


def sign_out_button(editor: auth.Editor) -> None:
    if st.sidebar.button(t("sign_out", ui.lang(), name=editor.name), key="sign_out"):
        st.session_state.pop(SESSION_KEY, None)
        st.rerun()


def problems_table(problems: list[Problem]) -> None:
    """Every problem as a row (row, column, what is wrong): a plain table, so nothing is read as markup."""
    la = ui.lang()
    st.table(pd.DataFrame(
        [{t("col_row", la): p.row if p.row is not None else "–", t("col_column", la): p.column or "–",
          t("col_problem", la): p.sv if la == "sv" else p.en} for p in problems]))


def write_and_report(action: Callable[[], T], flash: str, message: Callable[[T], str]) -> T | None:
    """Run a write; on refusal show why (nothing was written), on success rerun and show ``message``."""
    try:
        result = action()
    except write.ImportRefused as err:
        st.error(err.text(ui.lang()))
        return None
    st.session_state[flash] = message(result)
    st.rerun()
    return result


def show_flash(flash: str) -> None:
    """The message a write left for the run after it."""
    if flash in st.session_state:
        st.success(st.session_state.pop(flash))


def import_history() -> pd.DataFrame:
    """Every import and target change (who, when, file, checksum, rows), newest first; returns the rows."""
    runs = ui.table("import_runs")
    if runs.empty:
        st.caption(t("history_none", ui.lang()))
    else:
        ui.listing(runs)
    return runs
