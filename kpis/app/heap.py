"""Keep Streamlit's collection after every script run cheap: freeze the warmed heap once.

Streamlit runs the garbage collector after every script run (``runner.postScriptGC``). A full collection
walks every tracked object of the process: the imported modules (pandas, plotly, duckdb, …), the catalog
and the cached figures. Profiling a live session showed that walk as most of a session's server CPU
(77 ms of ~90 ms on the overview, 41 ms of ~50 ms on a bare one-chart page). After the first complete run
those objects live as long as the process, so they are moved once into the collector's permanent
generation (``gc.freeze``); later collections walk only what sessions create. Memory is still freed:
objects are freed by reference counting as before, and cycles created by sessions are still collected.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_STATE = {"frozen": False}


def freeze_once() -> None:
    """Collect, then freeze what is left, the first time only (later calls return at once)."""
    if _STATE["frozen"]:
        return
    with _LOCK:
        if _STATE["frozen"]:
            return
        gc.collect()
        gc.freeze()
        _STATE["frozen"] = True
