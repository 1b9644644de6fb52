"""Redigera: import own figures and targets, edit targets, download templates, see and undo imports."""

import streamlit as st

from kpis import edit_ui, ui
from kpis.i18n import t
from kpis.importing import read, templates, validate, write
from kpis.importing.validate import HOME
from kpis.store import db_path

lang = ui.lang()
editor = edit_ui.require_editor()
edit_ui.sign_out_button(editor)
cat = ui.catalog()
st.title(t("edit_title", lang))
st.caption(t("edit_signed_in", lang, name=editor.name))

tab_import, tab_targets, tab_templates, tab_history = st.tabs(
    [t(k, lang) for k in ("tab_import", "tab_targets", "tab_templates", "tab_history")])

with tab_import:
    nonce = st.session_state.setdefault("upload_nonce", 0)
    upload = st.file_uploader(t("upload", lang), type=["csv", "txt", "xlsx"], help=t("upload_help", lang),
                              key=f"upload_{nonce}")
    if upload is not None:
        data = upload.getvalue()
        plan = validate.validate(read.read_file(data, upload.name), cat, data)
        if not plan.ok:
            st.error(t("import_faults", lang, n=len(plan.problems)))
            edit_ui.problems_table(plan.problems)
        else:
            seen = write.preview(ui.connection(), plan)
            st.info(t("import_preview", lang, new=len(seen.new), changed=len(seen.changed),
                         unchanged=len(seen.unchanged), kind=t(f"kind_{plan.kind}", lang)))
            shown = [c for c in seen.new.columns if c != "old_value"]
            if not seen.new.empty:
                st.markdown(f"**{t('preview_new', lang)}**")
                ui.listing(seen.new[shown])
            if not seen.changed.empty:
                st.markdown(f"**{t('preview_changed', lang)}**")
                ui.listing(seen.changed)
            confirmed = True
            if plan.warnings:
                st.warning(t("import_warnings", lang))
                edit_ui.problems_table(plan.warnings)
                confirmed = st.checkbox(t("import_confirm", lang), key=f"confirm_{nonce}")
            if seen.new.empty and seen.changed.empty:
                st.success(t("import_nothing", lang))
            elif st.button(t("import_write", lang), type="primary", disabled=not confirmed):
                def write_file(plan=plan, confirmed=confirmed) -> write.Applied:
                    done = write.apply(db_path(), plan, editor.username, confirmed=confirmed)
                    st.session_state["upload_nonce"] = nonce + 1  # a fresh uploader after a write
                    return done

                edit_ui.write_and_report(write_file, "flash_import", lambda done: t(
                    "import_done", lang, id=done.import_id, new=done.rows_new, changed=done.rows_changed))
    edit_ui.show_flash("flash_import")

with tab_targets:
    yearly = [k.id for k in cat.kpis.values() if k.periodicity == "year"]
    kpi = cat.kpis[st.selectbox(t("targets_kpi", lang), yearly, format_func=ui.kpi_label, key="target_kpi")]
    current = ui.targets([kpi.id])
    st.markdown(f"**{t('targets_current', lang)}**")
    if current.empty:
        st.caption(t("targets_none", lang))
    else:
        ui.listing(current)
    with st.form("target_form"):
        year = st.number_input(t("target_year", lang), min_value=2000, max_value=2100, value=2030, step=1)
        value = st.number_input(t("target_value", lang), min_value=None, value=None, step=1.0)
        baseline = st.number_input(t("baseline_year", lang), min_value=2000, max_value=2100, value=None, step=1)
        note = st.text_input(t("target_note", lang))
        if st.form_submit_button(t("target_save", lang), type="primary"):
            fields = ["kpi", "target_year", "target_value", "region", "baseline_year", "note"]
            cells = [kpi.id, str(int(year)), "" if value is None else repr(float(value)), HOME,
                     "" if baseline is None else str(int(baseline)), note]
            table = read.Table(t("tab_targets", lang), fields, [(2, cells)])
            plan = validate.validate(table, cat, ",".join(cells).encode())
            if not plan.ok:
                edit_ui.problems_table(plan.problems)
            else:
                edit_ui.write_and_report(
                    lambda plan=plan: write.apply(db_path(), plan, editor.username, confirmed=True),
                    "flash_target", lambda done: t("target_saved", lang, id=done.import_id))
    edit_ui.show_flash("flash_target")

with tab_templates:
    st.markdown(t("templates_intro", lang))
    for name, data in templates.template_files(cat, lang).items():
        st.download_button(t("template_download", lang, name=name), data=data, file_name=name, mime="text/csv",
                           key=f"template_{name}")

with tab_history:
    st.markdown(t("history_intro", lang))
    runs = edit_ui.import_history()
    for run in runs[runs["status"] == "applied"].head(10).itertuples():
        if st.button(t("history_undo", lang, id=run.id), key=f"undo_{run.id}"):
            edit_ui.write_and_report(lambda run_id=int(run.id): write.undo(db_path(), run_id, editor.username),
                                     "flash_undo", lambda _count, run_id=int(run.id): t("history_undone", lang,
                                                                                        id=run_id))
    edit_ui.show_flash("flash_undo")
