"""What signed-in staff get: sign-in (a password or the municipality's identity provider), who is signed in, and the
editing page's uploads, previews and messages (the editing itself is kpis/pipeline/editing.py).

Nothing a user typed or uploaded is rendered as HTML: messages go through ``st.error``/``st.warning`` as plain
text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

import pandas as pd
import requests
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from kpis.app import data, state, widgets
from kpis.core.i18n import t
from kpis.core.periods import is_overdue
from kpis.core.problems import MAX_SHOWN, Problem, ProblemError
from kpis.pipeline import auth, editing, oidc
from kpis.present.text import plain
from kpis.store.files import db_path

SESSION_KEY = "editor"
T = TypeVar("T")


def _secrets() -> Mapping[str, object]:
    try:
        return {"editors": st.secrets.get("editors", {}), "auth": st.secrets.get("auth", {}),
                "sign_in": st.secrets.get("sign_in", {})}
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return {}


def providers() -> list[oidc.Provider]:
    """The identity providers configured for ``st.login`` (none in public mode)."""
    if auth.public_mode():
        return []
    return oidc.providers_from(_secrets())


def identity() -> oidc.Decision | None:
    """What the identity provider's sign-in gives this session: an editor, or why not; None when nobody has signed
    in through a provider. The first decision of a session is audited with the identity's subject and name."""
    if not providers() or not getattr(st.user, "is_logged_in", False):
        return None
    claims = st.user.to_dict()
    decision = oidc.decide(claims, oidc.roles_from(_secrets()), set(state.catalog().functions))
    said = f"{decision.subject}:{decision.reason or 'signed_in'}"
    if st.session_state.get("oidc_audited") != said:
        st.session_state["oidc_audited"] = said
        who = decision.editor.username if decision.editor else f"{claims.get('provider', 'oidc')}:{decision.subject}"
        auth.audit_sign_in(auth.sign_in_log(db_path()), decision.reason or "signed_in",
                           f"{who} ({decision.name})", _client())
    return decision


def editors() -> dict[str, auth.Editor]:
    """The configured editors; none in public mode or without a secrets file (editing is then off)."""
    if auth.public_mode():
        return {}
    return auth.editors_from(_secrets())


def editing_enabled() -> bool:
    return bool(editors()) or bool(providers())


def signed_in() -> auth.Editor | None:
    """The editor of this session: signed in with a password, or through an identity provider with a mapped role."""
    username = st.session_state.get(SESSION_KEY)
    editor = editors().get(username) if isinstance(username, str) else None
    if editor is not None:
        return editor
    found = identity()
    return found.editor if found is not None else None


def require_editor() -> auth.Editor:
    """Stop the page unless a configured editor is signed in (the navigation hides it too)."""
    editor = signed_in()
    if editor is None:
        st.error(t("edit_not_signed_in", state.lang()))
        st.stop()
    assert editor is not None
    return editor


@st.cache_resource
def _guard() -> auth.SignInGuard:
    """One guard for the whole server process: failures count across sessions and browser tabs."""
    return auth.SignInGuard()


def _client() -> str:
    """The client's own address (behind the bundled nginx: the one it passes on, see ``client_address``)."""
    peer = getattr(st.context, "ip_address", None)
    return auth.client_address(str(peer) if peer else None, dict(st.context.headers or {}))


def sign_in_form() -> None:
    """Sign in; repeated failures slow down, then lock out, the name and the client, and are audited."""
    la = state.lang()
    guard, client, log = _guard(), _client(), auth.sign_in_log(db_path())
    with st.form("sign_in"):
        username = st.text_input(t("username", la), autocomplete="username")
        password = st.text_input(t("password", la), type="password", autocomplete="current-password")
        if st.form_submit_button(t("sign_in", la), type="primary"):
            known = username.strip() in editors()
            wait = guard.wait(username, client, known)
            if wait == float("inf"):
                auth.audit_sign_in(log, "locked", username, client)
                st.error(t("sign_in_locked", la, minutes=max(1, round(guard.locked_for(username, client, known)
                                                                       / 60))))
                return
            if wait > 0:
                auth.audit_sign_in(log, "refused", username, client)
                st.error(t("sign_in_wait", la, seconds=max(1, round(wait))))
                return
            editor = auth.verify(editors(), username, password)
            if editor is None:
                guard.failed(username, client, known)
                auth.audit_sign_in(log, "failed", username, client)
                st.error(t("sign_in_failed", la))
            else:
                guard.succeeded(username, client)
                auth.audit_sign_in(log, "signed_in", editor.username, client)
                st.session_state[SESSION_KEY] = editor.username
                st.rerun()


def sign_out_button(editor: auth.Editor) -> None:
    if st.sidebar.button(t("sign_out", state.lang(), name=plain(editor.name)), key="sign_out"):
        sign_out()


def sign_out() -> None:
    """Ends the session's sign-in: the password's, and the identity provider's (its cookie, and the provider's
    own session where it offers an end-session endpoint)."""
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop("oidc_audited", None)
    if getattr(st.user, "is_logged_in", False):
        st.logout()  # the browser goes to the provider's end of session and back to the start page
        return
    st.rerun()


def provider_reachable(provider: oidc.Provider) -> bool:
    """The provider's metadata answers (checked before sending the browser there: a provider that is down gives a
    sentence here, not an error page there)."""
    try:
        answer = requests.get(provider.metadata_url, timeout=5)
        return answer.ok and isinstance(answer.json(), dict)
    except (requests.RequestException, ValueError):
        return False


def provider_sign_in() -> None:
    """One button per identity provider; the identity's state said in words (no role, expired, unusable claims)."""
    la = state.lang()
    found = identity()
    if found is not None and found.editor is None:
        st.warning(t(f"oidc_{found.reason}", la, name=plain(found.name or "–")))
        if st.button(t("oidc_sign_out", la), key="oidc_sign_out"):
            sign_out()
        return
    for provider in providers():
        label = provider.label or provider.name
        if st.button(t("oidc_sign_in", la, provider=plain(label)), key=f"oidc_{provider.name}", type="primary",
                     icon=":material/login:"):
            if not provider_reachable(provider):
                st.error(t("oidc_down", la, provider=plain(label)))
            else:
                st.login(provider.name if provider.name != "default" else None)


def problems_table(problems: list[Problem]) -> None:
    """Every problem as a row (row, column, what is wrong): a plain table, so nothing is read as markup."""
    la = state.lang()
    shown = problems[:MAX_SHOWN]
    st.table(pd.DataFrame(
        [{t("col_row", la): str(p.row) if p.row is not None else "–", t("col_column", la): p.column or "–",
          t("col_problem", la): p.message(la)} for p in shown]))
    if len(problems) > len(shown):
        st.caption(t("problems_more", la, n=len(problems) - len(shown)))


def write_and_report(action: Callable[[], T], flash: str, message: Callable[[T], str]) -> T | None:
    """Run a write; on refusal show why (nothing was written), on success rerun and show ``message``."""
    try:
        result = action()
    except ProblemError as err:
        st.error(err.text(state.lang()))
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
    runs = data.table("import_runs")
    if runs.empty:
        st.caption(t("history_none", state.lang()))
    else:
        widgets.listing(runs)
    return runs


# ------------------------------------------------------------------ what Redigera does, through the pipeline


def editable_kpis(editor: auth.Editor) -> list[str]:
    """The KPIs whose figures and targets this editor may change."""
    return [k.id for k in state.catalog().kpis.values() if editor.may_edit(k.function)]


def check_upload(data_bytes: bytes, name: str, editor: auth.Editor) -> editing.Plan:
    return editing.check_file(data_bytes, name, state.catalog(), editor.functions)


def preview(plan: editing.Plan) -> editing.Preview:
    return editing.preview(db_path(), plan)


def apply(plan: editing.Plan, editor: auth.Editor, confirmed: bool) -> editing.Applied:
    return editing.apply(db_path(), plan, editor.username, confirmed=confirmed)


def undo(import_id: int, editor: auth.Editor) -> int:
    return editing.undo(db_path(), import_id, editor.username, editor.functions, state.catalog())


def target_plan(editor: auth.Editor, kpi_id: str, year: int, value: float | None, baseline: int | None,
                note: str) -> editing.Plan:
    return editing.target_plan(state.catalog(), kpi_id, year, value, baseline, note, functions=editor.functions,
                               form_name=t("tab_targets", state.lang()))


def template_files() -> dict[str, bytes]:
    from kpis.pipeline.importing.templates import template_files as files

    return files(state.catalog(), state.lang())


# Streamlit's uploader writes its own English words ("Drag and drop file here", "Browse files", "Limit …", the
# button's "upload" icon read as a word, an uploaded file's size as "158.0B"). These rules hide them and put the
# chosen language's words in their place (the preview below says what was read); the CSS is fixed text of ours,
# never anything a user supplied.
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {{display: none;}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{content: "{drop}"; font-size: 0.9rem;}}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] {{font-size: 0;}}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {{
  content: "{browse}"; font-size: 0.9rem;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stIconMaterial"] {{display: none;}}
[data-testid="stFileUploaderFile"] small, [data-testid="stFileUploaderFileData"] small {{display: none;}}
</style>"""


def file_uploader(key: str) -> object:
    """The upload of a figures or targets file, with its words in the chosen language."""
    la = state.lang()
    st.html(_UPLOADER_CSS.format(drop=t("upload_drop", la), browse=t("upload_browse", la)))
    # The widget accepts up to the server's 20 MB, so that a file over 10 MB gets the import's own message in
    # the chosen language rather than the widget's English one.
    return st.file_uploader(t("upload", la), type=["csv", "txt", "xlsx"], help=t("upload_help", la), key=key)


def comment_plan(editor: auth.Editor, kpi_id: str, period: str, analysis: str, actions: str, public: bool
                 ) -> editing.Plan:
    return editing.comment_plan(state.catalog(), kpi_id, period, analysis, actions, public,
                                functions=editor.functions, form_name=t("tab_comments", state.lang()))


def overdue(editor: auth.Editor) -> list[str]:
    """The editor's own-data KPIs whose latest figure is older than their periodicity allows, or missing."""
    la = state.lang()
    cat = state.catalog()
    states = data.kpi_states()
    lines = []
    for kpi in cat.kpis.values():
        if not kpi.is_own_data or not editor.may_edit(kpi.function):
            continue
        found = states[kpi.id]
        if found.latest is None:
            lines.append(t("overdue_missing", la, title=kpi.title[la], function=cat.functions[kpi.function].name[la]))
        elif is_overdue(found.latest.period, kpi.periodicity):
            lines.append(t("overdue_old", la, title=kpi.title[la], period=found.latest.period,
                           function=cat.functions[kpi.function].name[la]))
    return lines


def report_pdf(period: int) -> bytes:
    """The board report for ``period`` in the chosen language, as the command line writes it."""
    import tempfile
    from pathlib import Path

    from kpis.pipeline.report import build
    from kpis.store.files import reading

    with tempfile.TemporaryDirectory() as folder, reading(db_path()) as con:
        out = Path(folder) / "rapport.pdf"
        build(con, state.catalog(), out, period, state.lang())
        return out.read_bytes()


def report_button(period: int) -> None:
    """For a signed-in editor: make the board report and download it."""
    la = state.lang()
    if st.button(t("report_make", la, period=period), icon=":material/picture_as_pdf:", key="report_make"):
        st.session_state["report_pdf"] = report_pdf(period)
    if "report_pdf" in st.session_state:
        st.download_button(t("report_download", la), data=st.session_state["report_pdf"],
                           file_name=f"tillvaxtpanelen-rapport-{period}.pdf", mime="application/pdf",
                           key="report_download")
