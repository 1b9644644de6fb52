"""Tillväxtpanelen: the entrypoint. Page setup, language switch and navigation; the pages do the rest."""

import os
import sys
import time

import streamlit as st

from kpis import edit_ui
from kpis.i18n import DEFAULT_LANG, LANGS, normalise_lang, t

_started = time.perf_counter()
st.set_page_config(page_title="Tillväxtpanelen", page_icon="assets/favicon.png", layout="wide")

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
# The language lives in the URL as ?lang=en (Swedish, the default, needs no parameter). Streamlit's
# bind="query-params" would put the formatted label ("English") in the URL, so the binding is done here.
if "lang" not in st.session_state:
    st.session_state["lang"] = normalise_lang(st.query_params.get("lang"))
# An embedded chart (?embed=true) has no sidebar: no language switch there, and no navigation.
embedded = bool(st.context.is_embedded)
if embedded:
    lang = normalise_lang(st.session_state["lang"])
else:
    lang = st.sidebar.segmented_control(
        t("language", "sv"), options=list(LANGS), format_func=LANGUAGE_NAMES.get, key="lang", required=True
    ) or DEFAULT_LANG

PAGES = [  # file, text key, icon, url path ("" for the default page at /)
    ("views/overview.py", "nav_overview", ":material/flag:", ""),
    ("views/naringsliv.py", "nav_naringsliv", ":material/factory:", "naringsliv"),
    ("views/marknad.py", "nav_marknad", ":material/moving:", "marknad"),
    ("views/destination.py", "nav_destination", ":material/landscape:", "destination"),
    ("views/utveckling.py", "nav_utveckling", ":material/construction:", "utveckling"),
    ("views/data.py", "nav_data", ":material/table_view:", "data"),
]
# Editing pages exist only when editors are configured and TILLVAXT_PUBLIC is not set; the edit page
# only for a signed-in editor. A page not in this list cannot be reached, by navigation or by URL.
if edit_ui.editing_enabled():
    if edit_ui.signed_in():
        PAGES.append(("views/edit.py", "nav_edit", ":material/edit:", "redigera"))
    else:
        PAGES.append(("views/sign_in.py", "nav_sign_in", ":material/login:", "redigera"))
pages = [
    st.Page(file, title=t(key, lang), icon=icon, url_path=path or None, default=not path)
    for file, key, icon, path in PAGES
]
# One chart alone for iframes on other sites; reachable by URL only, not listed in the navigation.
pages.append(st.Page("views/embed.py", title=t("embed", lang), url_path="embed", visibility="hidden"))
page = st.navigation(pages, position="hidden" if embedded else "sidebar")
# After st.navigation, which clears the query string on a page change, so the language survives it.
if lang == DEFAULT_LANG:
    st.query_params.pop("lang", None)
else:
    st.query_params["lang"] = lang
# Streamlit has no setting for <html lang>; screen readers need it. The value is one of LANGS, never user text.
st.html(f"<script>document.documentElement.lang = {lang!r};</script>", unsafe_allow_javascript=True)
page.run()
if os.environ.get("TILLVAXT_TIMING"):  # benchmarks/pages_bench.py reads these lines
    print(f"script_ms {page.url_path or 'overview'} {(time.perf_counter() - _started) * 1000:.1f}", file=sys.stderr)
