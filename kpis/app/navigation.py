"""The app's pages: one per function from the catalog, then Data och källor, editing and the hidden embed."""

from __future__ import annotations

import sys
import time

import streamlit as st

from kpis.app import heap, said, staff, state, urls, view_files, visits
from kpis.core import settings
from kpis.core.i18n import DEFAULT_LANG, LANGS, normalise_lang, t, texts
from kpis.present.text import plain

PUBLISHER = "app_publisher"
# Fixed CSS of ours (never user text): whole words in headings, smaller headings on a phone, and no empty
# band above an embedded chart.
PAGE_CSS = """<style>
h1, h2, h3 {overflow-wrap: normal; word-break: normal; hyphens: manual;}
@media (max-width: 480px) { h1 {font-size: 1.55rem !important;} h2 {font-size: 1.25rem !important;} }
[data-testid="stSidebar"] [data-testid="stCaptionContainer"] {color: #45474a;}
[data-testid="stPageLink-NavLink"] p, [data-testid="stPageLink-NavLink"] span {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important;}
[data-testid="stPageLink-NavLink"] {height: auto !important;}
</style>"""


def choose_language(embedded: bool) -> str:
    """The language, kept in the URL as ``?lang=en`` (Swedish, the default, needs no parameter).

    Streamlit's ``bind="query-params"`` would put the formatted label ("English") in the URL, so the binding
    is done here.
    """
    if "lang" not in st.session_state:
        st.session_state["lang"] = normalise_lang(urls.get("lang"))
    if embedded:  # an embedded chart has no sidebar: no language switch there
        return normalise_lang(st.session_state["lang"])
    return st.sidebar.segmented_control(
        t("language", DEFAULT_LANG), options=list(LANGS), format_func=language_name, key="lang",
        required=True) or DEFAULT_LANG


def language_name(lang: str) -> str:
    """A language's name in itself (module level, so widget state stays serialisable)."""
    return str(texts(lang)["language_name"])


_file = view_files.view_file


def pages(lang: str) -> list[st.Page]:
    """Every page a visitor may reach; a page not in this list cannot be reached, by navigation or by URL."""
    cat = state.catalog()
    found = [
        st.Page(view_files.function_view(f), title=f.name[lang], icon=f":material/{f.icon}:", url_path=f.path or None,
                default=not f.path)
        for f in cat.functions.values()
    ]
    # The road to the goal follows the overview.
    found.insert(1, st.Page(_file(view_files.VAGEN), title=t("nav_model", lang), icon=":material/route:",
                            url_path="vagen"))
    # The home municipality among all of Sweden's: the map, the spread and the rank of every KPI that has them.
    found.insert(2, st.Page(_file(view_files.SWEDEN), title=t("nav_sweden", lang), icon=":material/map:",
                            url_path="sverige"))
    found.append(st.Page(_file(view_files.DATA), title=t("nav_data", lang), icon=":material/table_view:",
                         url_path="data"))
    # Editing exists only when editors are configured and TILLVAXT_PUBLIC is not set; Redigera only for a
    # signed-in editor.
    if staff.editing_enabled():
        editor = staff.signed_in() is not None  # asked once a run (a password session or the provider's claims)
        view = _file(view_files.EDIT if editor else view_files.SIGN_IN)
        title = "nav_edit" if editor else "nav_sign_in"
        icon = ":material/edit:" if editor else ":material/login:"
        found.append(st.Page(view, title=t(title, lang), icon=icon, url_path="redigera"))
    else:  # /redigera still answers, with a page that says how editing is turned on (never "Page not found")
        found.append(st.Page(_file(view_files.NO_EDITING), title=t("nav_edit", lang), icon=":material/edit_off:",
                             url_path="redigera", visibility="hidden"))
    # One chart alone for iframes on other sites; reachable by URL only, not listed in the navigation.
    found.append(st.Page(_file(view_files.EMBED), title=t("embed", lang), url_path="embed", visibility="hidden"))
    return found


def run() -> None:
    """Set up the page, the language and the navigation, then run the chosen page."""
    started = time.perf_counter()
    panel = state.catalog().site.panel  # the panel's name from the catalog's [site]
    st.set_page_config(page_title=panel, page_icon="assets/favicon.png", layout="wide")
    embedded = bool(st.context.is_embedded)
    lang = choose_language(embedded)
    page = st.navigation(pages(lang), position="hidden" if embedded else "sidebar")
    # Every page has its own browser title; headings never break inside a word, and fit a phone.
    st.set_page_config(page_title=f"{page.title} – {panel}")
    st.html(PAGE_CSS)
    # After st.navigation, which clears the query string on a page change, so the language survives it.
    if lang == DEFAULT_LANG:
        urls.drop("lang")
    else:
        urls.put("lang", lang)
    # Streamlit has no setting for <html lang>; screen readers need it. The value is one of LANGS, never user text.
    st.html(f"<script>document.documentElement.lang = {lang!r};</script>", unsafe_allow_javascript=True)
    if not embedded:
        site = state.catalog().site
        # Small text in the text colour: a caption's faded grey on the sidebar's background is 3.0:1, under WCAG AA.
        publisher = t(PUBLISHER, lang, publisher=site.publisher[lang], unit=site.unit[lang])
        st.sidebar.markdown(f":small[{plain(publisher)}]")
    visits.remember(embedded)
    said.new_page()
    page.run()
    heap.freeze_once()  # the first complete run has warmed the heap: keep later collections off it
    if settings.flag("TILLVAXT_TIMING"):  # benchmarks/pages_bench.py reads these lines
        print(f"script_ms {page.url_path or 'overview'} {(time.perf_counter() - started) * 1000:.1f}",
              file=sys.stderr)
