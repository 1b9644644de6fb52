"""Where each page's file is: the one place that names ``views/…`` (the navigation registers them by URL path;
``st.page_link`` and ``st.switch_page`` take them from here). A function's page is the catalog's ``view`` (or its
id); the catalog itself names no file."""

from __future__ import annotations

from kpis.core.catalog import Catalog, Function

FOLDER = "views"
VAGEN, SWEDEN, DATA, EDIT, SIGN_IN, NO_EDITING, EMBED = ("vagen", "sverige", "data", "edit", "sign_in", "no_editing",
                                                         "embed")


def view_file(name: str) -> str:
    """``views/<name>.py``: the page's script, as Streamlit's navigation and links want it."""
    return f"{FOLDER}/{name}.py"


def function_view(function: Function) -> str:
    """A function's page (the overview's too): ``views/<view or id>.py``."""
    return view_file(function.view or function.id)


def start_view(catalog: Catalog) -> str:
    """The page at ``/``: the function whose path is empty (the overview)."""
    start = next((f for f in catalog.functions.values() if not f.path), next(iter(catalog.functions.values())))
    return function_view(start)
