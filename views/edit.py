"""Redigera: import own figures and targets, edit targets, download templates, see and undo imports."""

import streamlit as st

from kpis.app import data, staff, state, widgets
from kpis.app.state import plain, t

editor = staff.require_editor()
staff.sign_out_button(editor)
st.title(t("edit_title"))
st.caption(t("edit_signed_in", name=plain(editor.name)))  # a name from the identity provider is text

pages_overdue = staff.overdue(editor)
if pages_overdue:
    st.warning(t("overdue_title", n=len(pages_overdue)))
    st.markdown("\n".join(f"- {line}" for line in pages_overdue))

tab_import, tab_targets, tab_comments, tab_templates, tab_history = st.tabs(
    [t(k) for k in ("tab_import", "tab_targets", "tab_comments", "tab_templates", "tab_history")])

with tab_import:
    nonce = st.session_state.setdefault("upload_nonce", 0)
    upload = staff.file_uploader(f"upload_{nonce}")
    if upload is not None:
        plan = staff.check_upload(upload.getvalue(), upload.name, editor)
        if not plan.ok:
            st.error(t("import_faults", n=len(plan.problems)))
            staff.problems_table(plan.problems)
        else:
            seen = staff.preview(plan)
            st.info(t("import_preview", new=len(seen.new), changed=len(seen.changed), unchanged=len(seen.unchanged),
                      kind=t(f"kind_{plan.kind}")))
            if not seen.new.empty:
                st.markdown(f"**{t('preview_new')}**")
                widgets.listing(seen.new.drop(columns=["old_value"], errors="ignore"))
            if not seen.changed.empty:
                st.markdown(f"**{t('preview_changed')}**")
                widgets.listing(seen.changed)
            confirmed = True
            if plan.warnings:
                st.warning(t("import_warnings"))
                staff.problems_table(plan.warnings)
                confirmed = st.checkbox(t("import_confirm"), key=f"confirm_{nonce}")
            if seen.new.empty and seen.changed.empty:
                st.success(t("import_nothing"))
            elif st.button(t("import_write"), type="primary", disabled=not confirmed):
                def write_file(plan=plan, confirmed=confirmed):
                    done = staff.apply(plan, editor, confirmed)
                    st.session_state["upload_nonce"] = nonce + 1  # a fresh uploader after a write
                    return done

                staff.write_and_report(write_file, "flash_import", lambda done: t(
                    "import_done", id=done.import_id, new=done.rows_new, changed=done.rows_changed))
    staff.show_flash("flash_import")

with tab_targets:
    mine = [k for k in staff.editable_kpis(editor) if state.catalog().kpis[k].periodicity == "year"]
    kpi_id = st.selectbox(t("targets_kpi"), mine, format_func=state.kpi_label, key="target_kpi")
    if kpi_id:
        current = data.targets([kpi_id])
        st.markdown(f"**{t('targets_current')}**")
        if current.empty:
            st.caption(t("targets_none"))
        else:
            widgets.listing(current)
        with st.form("target_form"):
            year = st.number_input(t("target_year"), min_value=2000, max_value=2100, value=2030, step=1)
            value = st.number_input(t("target_value"), min_value=None, value=None, step=1.0)
            baseline = st.number_input(t("baseline_year"), min_value=2000, max_value=2100, value=None, step=1)
            note = st.text_input(t("target_note"))
            confirm = st.checkbox(t("import_confirm"), key="target_confirm")
            if st.form_submit_button(t("target_save"), type="primary"):
                plan = staff.target_plan(editor, kpi_id, int(year), value,
                                           None if baseline is None else int(baseline), note)
                if not plan.ok:
                    staff.problems_table(plan.problems)
                elif plan.warnings and not confirm:
                    st.warning(t("import_warnings"))
                    staff.problems_table(plan.warnings)
                else:
                    staff.write_and_report(lambda plan=plan: staff.apply(plan, editor, True),
                                             "flash_target", lambda done: t("target_saved", id=done.import_id))
    else:
        st.caption(t("targets_no_kpis"))
    staff.show_flash("flash_target")

with tab_comments:
    st.markdown(t("comments_intro"))
    mine = staff.editable_kpis(editor)
    with st.form("comment_form"):
        kpi_id = st.selectbox(t("comment_kpi"), mine, format_func=state.kpi_label, key="comment_kpi")
        period = st.text_input(t("comment_period"), key="comment_period")
        analysis = st.text_area(t("comment_analysis"), max_chars=4000, key="comment_analysis")
        actions = st.text_area(t("comment_actions"), max_chars=4000, key="comment_actions")
        public = st.checkbox(t("comment_public"), key="comment_public")
        if st.form_submit_button(t("comment_save"), type="primary") and kpi_id:
            plan = staff.comment_plan(editor, kpi_id, period, analysis, actions, public)
            if not plan.ok:
                staff.problems_table(plan.problems)
            else:
                staff.write_and_report(lambda plan=plan: staff.apply(plan, editor, True), "flash_comment",
                                         lambda done: t("comment_saved", id=done.import_id))
    staff.show_flash("flash_comment")

with tab_templates:
    st.markdown(t("templates_intro"))
    for name, content in staff.template_files().items():
        st.download_button(t("template_download", name=name), data=content, file_name=name, mime="text/csv",
                           key=f"template_{name}")

with tab_history:
    st.markdown(t("history_intro"))
    runs = staff.import_history()
    for run in runs[runs["status"] == "applied"].head(10).itertuples():
        if st.button(t("history_undo", id=run.id), key=f"undo_{run.id}"):
            staff.write_and_report(lambda run_id=int(run.id): staff.undo(run_id, editor),
                                     "flash_undo", lambda _count, run_id=int(run.id): t("history_undone", id=run_id))
    staff.show_flash("flash_undo")
