"""The sidebar's pickers, each bound to its URL parameter: the years drawn, the earlier figures' toggle, the peers
(the catalog's or Kolada's similar municipalities), the comparison's measure and the model's assumptions."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import streamlit as st

from kpis.app import urls
from kpis.app.state import catalog, lang, notice, region_label
from kpis.core import places
from kpis.core.i18n import t as _t
from kpis.present import links
from kpis.present.text import plain


def year_picker(periods: pd.Series, key: str) -> tuple[int, int] | None:
    """The years shown, from the URL (``?from=2010&to=2025``) and a sidebar slider; None for all years."""
    years = sorted({int(str(p)[:4]) for p in periods if str(p)[:4].isdigit()})
    if len(years) < 2:
        return None
    low, high = years[0], years[-1]
    la = lang()
    if key not in st.session_state:
        wanted = links.year_range(urls.get("from"), urls.get("to"), low, high)
        if wanted.notice:
            notice(_t("url_bad_years", la, low=low, high=high))
        st.session_state[key] = wanted.value
    chosen = st.sidebar.slider(_t("years", la), low, high, key=key, help=_t("years_help", la))
    if tuple(chosen) == (low, high):
        urls.drop("from")
        urls.drop("to")
        return None
    urls.put("from", str(chosen[0]))
    urls.put("to", str(chosen[1]))
    return int(chosen[0]), int(chosen[1])


def history_toggle() -> bool:
    """Whether the years before the official series (other sources) are drawn: off unless the user turns it on
    (kept in the URL as ``?history=true``)."""
    return bool(st.toggle(_t("history_toggle", lang()), key="history", bind="query-params"))


PEER_SETS = ("chosen", "kolada")  # the catalog's hand-picked peers, or Kolada's similar municipalities


def peer_set_label(key: str) -> str:
    return _t(f"peer_set_{key}", lang())


def peer_picker(available: Collection[str] | None = None, similar: pd.DataFrame | None = None) -> list[str]:
    """The peer municipalities, chosen in the sidebar and kept in the URL (``?peers=Sundsvall&peers=Umeå``).

    Two sets to start from, each explained in a sentence: the catalog's hand-picked peers, or Kolada's "Liknande
    kommuner" for the home municipality (``?peer_set=kolada``; ``similar``, a row a member, the overall group
    first). Only municipalities with figures for the page's KPIs (``available``) are offered.
    """
    cat = catalog()
    la = lang()
    group = similar.iloc[0:0] if similar is None else similar
    group = places.overall_group(group)
    members = [str(c) for c in group["member_code"] if available is None or str(c) in available]
    which = "chosen"
    if members:
        # The URL keeps the set's stable id (``?peer_set=kolada``), never its label in the viewer's language.
        asked = urls.get("peer_set")
        which = st.sidebar.segmented_control(
            _t("peer_set", la), PEER_SETS, default=asked if asked in PEER_SETS else "chosen",
            format_func=peer_set_label, required=True, key="peer_set") or "chosen"
        if which == "kolada":
            urls.put("peer_set", "kolada")
        elif urls.has("peer_set"):
            urls.drop("peer_set")
    if which == "kolada":
        row = group.iloc[0]
        st.sidebar.caption(_t("peer_set_kolada_why", la, title=plain(str(row["title"])), year=int(row["year"]),
                              place=region_label(cat.home), date=str(row["retrieved_at"])[:10]))
        return [*cat.always, *st.sidebar.multiselect(
            _t("peers", la), members, default=members, format_func=region_label, key="peers_kolada",
            bind="query-params", placeholder=_t("peers_placeholder", la))]
    options = [code for code, r in cat.regions.items() if r.level == "kommun" and code != cat.home
               and (available is None or code in available)]
    asked = urls.get_all("peers")
    if not options:  # no other municipality has figures for this page: nothing to choose
        return list(cat.always)
    known = [name for name in asked if name in {region_label(code) for code in options}]
    if len(known) != len(asked):
        notice(_t("url_bad_regions", la, names=", ".join(n for n in asked if n not in known)))
        urls.put("peers", known)
        if not known:
            urls.drop("peers")
    chosen = st.sidebar.multiselect(
        _t("peers", la), options, default=[code for code in cat.peers_default if code in options],
        format_func=region_label, key="peers", bind="query-params",
        help=_t("peers_help", la), placeholder=_t("peers_placeholder", la),
    )
    if members:
        st.sidebar.caption(_t("peer_set_chosen_why", la))
    return [*cat.always, *chosen]


MEASURE_KEY = "measure"


def measure_name(measure: str) -> str:
    """A comparison measure in words (module level, so widget state stays serialisable)."""
    return _t(f"measure_{measure}", lang())


def measure_picker() -> str:
    """How counts of different-sized places are compared, chosen in the sidebar and kept in the URL
    (``?measure=index``; per 1 000 inhabitants, the default, needs no parameter)."""
    options = ["per_1000", "index"]
    # The options are the words themselves, one widget per language: a format function that reads the
    # session's language cannot be called outside a script run (as Streamlit's AppTest does).
    labels = {measure_name(o): o for o in options}
    key = f"{MEASURE_KEY}_{lang()}"
    asked = urls.get(MEASURE_KEY)
    if key not in st.session_state:
        if asked is not None and asked not in options:
            notice(_t("url_bad_measure", lang()))
        st.session_state[key] = measure_name(asked if asked in options else options[0])
    label = st.sidebar.radio(_t("measure", lang()), list(labels), key=key, help=_t("measure_help", lang()))
    chosen = labels.get(str(label), options[0])
    if chosen == options[0]:
        urls.drop(MEASURE_KEY)
    else:
        urls.put(MEASURE_KEY, chosen)
    return str(chosen)


def _url_number(name: str, low: float, high: float, default: float) -> float:
    """A number from the URL within ``low``–``high``; anything else gives the default and a notice."""
    raw = urls.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (low <= value <= high):
        notice(_t("url_bad_number", lang(), name=name, low=f"{low:g}", high=f"{high:g}"))
        return default
    return value


def model_assumptions() -> tuple[int, float, float | None, int]:
    """The population model's assumptions from sliders kept in the URL: the window of years for the birth and
    death rates, a fertility factor, an own net migration a year, and the last year drawn."""
    la = lang()
    defaults = {"window": 5, "fertility": 1.0, "migration": None, "until": 2040}
    if "model_window" not in st.session_state:
        st.session_state["model_window"] = int(_url_number("window", 2, 15, defaults["window"]))
        st.session_state["model_fertility"] = _url_number("fertility", 0.5, 1.5, defaults["fertility"])
        migration = urls.get("migration")
        st.session_state["model_custom"] = migration is not None
        st.session_state["model_migration"] = int(_url_number("migration", -3000, 5000, 300))
        st.session_state["model_until"] = 2050 if urls.get("until") == "2050" else 2040
    window = st.sidebar.slider(_t("model_window", la), 2, 15, key="model_window", help=_t("model_window_help", la))
    fertility = st.sidebar.slider(_t("model_fertility", la), 0.5, 1.5, step=0.05, key="model_fertility",
                                  help=_t("model_fertility_help", la))
    custom = st.sidebar.toggle(_t("model_custom", la), key="model_custom")
    # Shown only when used (a disabled slider is hard to read); its value is kept while it is hidden.
    kept = int(st.session_state.get("model_migration_kept", st.session_state.get("model_migration", 300)))
    migration = kept
    if custom:
        st.session_state.setdefault("model_migration", kept)
        migration = st.sidebar.slider(_t("model_migration", la), -3000, 5000, step=50, key="model_migration")
        st.session_state["model_migration_kept"] = int(migration)
    until = st.sidebar.segmented_control(_t("model_until", la), [2040, 2050], key="model_until", required=True)
    params = {"window": str(window) if window != 5 else None,
              "fertility": f"{fertility:g}" if fertility != 1.0 else None,
              "migration": str(migration) if custom else None, "until": "2050" if until == 2050 else None}
    for name, value in params.items():
        if value is None:
            urls.drop(name)
        else:
            urls.put(name, value)
    return int(window), float(fertility), float(migration) if custom else None, int(until or 2040)
