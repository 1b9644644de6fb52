"""Who published a figure: the statistics agency itself, someone citing it, or a transcription."""

from __future__ import annotations

import pandas as pd

from kpis.core.registry import FETCHED

OFFICIAL = "official"  # SCB, Kolada, Tillväxtverket, Tillväxtanalys: the publisher of the statistics
REPUBLISHED = "republished"  # a municipality, region, newspaper or company citing an official source
UNOFFICIAL = "unofficial"  # a transcription (Wikipedia, an aggregator site, a blog)
OWN = "own"  # the functions' own figures, entered by them
COMPUTED = "computed"  # computed from official parts (natural increase = births − deaths …)
CLASSES = (OFFICIAL, REPUBLISHED, UNOFFICIAL, OWN, COMPUTED)

_UNOFFICIAL_TYPES = ("wikipedia", "aggregator", "blog", "private_site")


def classify(source_id: str | None, source_type: str | None) -> str:
    """The class of a row from its source id (``scb``, ``own``, ``seed`` …) and its ``source_type``."""
    kind = (source_type or "").lower()
    if source_id in FETCHED or kind.startswith("official"):
        return OFFICIAL
    if source_id == "own" or kind == "own":
        return OWN
    if kind.startswith(_UNOFFICIAL_TYPES) or "unofficial" in kind:
        return UNOFFICIAL
    return REPUBLISHED


# A row's caveat for readers: one code of this vocabulary, optionally ``code:detail`` where a short sentence
# (``caveat_detail_<detail>`` in every text file) says more. The assembler's own notes are provenance, never shown.
CAVEATS = ("rounded", "early_estimate", "preliminary", "boundary_change", "method_change", "other_definition")
APPROXIMATE = ("rounded", "early_estimate")
CKM = "method_change:ckm_noise"
# SCB's tables published with the Cell Key Method (a small random noise; parts need not add up to totals): the
# population tables from 2025, split from the long ones at 2024 | 2025. The CKM caveat belongs to these only.
CKM_TABLES = frozenset({"TAB5557", "TAB6481", "TAB6640", "TAB6401", "TAB6757", "TAB6471", "TAB6473"})


def is_ckm_table(table: str | None) -> bool:
    """Whether a row's table (``TAB6640``, or a source type ending in it) is one SCB publishes with CKM."""
    return bool(table) and str(table).rsplit("_", 1)[-1] in CKM_TABLES


def caveat_parts(caveat: object) -> tuple[str, str] | None:
    """``("rounded", "")`` or ``("method_change", "ckm_noise")``; None for no caveat."""
    if not isinstance(caveat, str) or not caveat.strip():
        return None
    code, _, detail = caveat.strip().partition(":")
    return code, detail


def is_approximate(caveat: object) -> bool:
    """True when a row's caveat says its figure is rounded or an early estimate: changes from it are "ca"."""
    parts = caveat_parts(caveat)
    return parts is not None and parts[0] in APPROXIMATE


HISTORY_RUN = 10  # an official series starts with at least this many consecutive years


def historical(rows: pd.DataFrame) -> pd.Series:
    """True for the rows of other sources that lie before their KPI's and region's official series begins (a
    run of at least ``HISTORY_RUN`` consecutive official or computed years): a historical segment, drawn only
    when the user asks for it. A series with no such run has no historical segment."""
    if rows.empty:
        return pd.Series(False, index=rows.index, dtype=bool)
    years = rows["period"].astype(str).str[:4].astype(int)
    official = rows["source_class"].isin((OFFICIAL, COMPUTED)) if "source_class" in rows else years < 0
    flags = pd.Series(False, index=rows.index, dtype=bool)
    for _, group in rows.groupby(["kpi_id", "region_code"]).groups.items():
        found = sorted(set(years[group][official[group]]))
        start = next((y for i, y in enumerate(found) if found[i:i + HISTORY_RUN] == list(
            range(y, y + HISTORY_RUN))), None)
        if start is not None:
            flags[group] = ~official[group] & (years[group] < start)
    return flags
