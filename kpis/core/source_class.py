"""Who published a figure: the statistics agency itself, someone citing it, or a transcription."""

from __future__ import annotations

import re

from kpis.core.registry import FETCHED

OFFICIAL = "official"  # SCB, Kolada, Tillväxtverket, Tillväxtanalys: the publisher of the statistics
REPUBLISHED = "republished"  # a municipality, region, newspaper or company citing an official source
UNOFFICIAL = "unofficial"  # a transcription (Wikipedia, an aggregator site, a blog)
OWN = "own"  # the functions' own figures, entered by them
CLASSES = (OFFICIAL, REPUBLISHED, UNOFFICIAL, OWN)
RANK = {OFFICIAL: 0, OWN: 1, REPUBLISHED: 2, UNOFFICIAL: 3}

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


_APPROXIMATE = re.compile(r"\brounded\b|\bavrundad|early summary|går mot", re.IGNORECASE)


def is_approximate(note: object) -> bool:
    """True when a row's note says its figure is rounded or an early estimate: changes from it are "ca"."""
    return isinstance(note, str) and bool(_APPROXIMATE.search(note))


_CAVEAT = re.compile(r"round|avrund|estimat|prelimin|boundar|gräns|method|metod|differ|caveat|comparab|jämförbar|"
                     r"approx|slightly|above official|noise|brus|break|early summary|går mot|not comparable",
                     re.IGNORECASE)


def is_caveat(note: object) -> bool:
    """True when a row's note warns the reader (rounded, estimate, boundary or method change, differs from the
    official series); other notes (where a figure was copied from) stay in the table and CSV only."""
    return isinstance(note, str) and bool(_CAVEAT.search(note))
