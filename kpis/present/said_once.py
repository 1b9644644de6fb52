"""A page says a sentence once.

Each sentence a page's blocks write (chart summaries, source lines, notes, card notes, listings) is noted; a later
block leaves out what is already said above it, and a chart whose sources were named above says which chart it
shares them with. The app keeps one :class:`Said` per page run, the report one per section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kpis.core.i18n import t

# A sentence ends at ., ! or ? (escaped or not) followed by white space.
_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _END.split(text.strip()) if s.strip()]


class Said:
    """The sentences said so far, each with who said it last (a chart's title, or "" for a block without one)."""

    def __init__(self, by: dict[str, str] | None = None) -> None:
        self._by: dict[str, str] = {} if by is None else by  # kept by the caller (the app's session state)

    def by(self, sentence: str) -> str | None:
        return self._by.get(sentence.strip())

    def once(self, text: str, who: str = "") -> str:
        """``text`` without the sentences already said ("" when all were); the rest noted as said by ``who``."""
        kept = []
        for sentence in sentences(text):
            if sentence not in self._by:
                kept.append(sentence)
                self._by[sentence] = who
        return " ".join(kept)

    def note(self, text: str, who: str = "") -> None:
        """Note ``text``'s sentences as said by ``who``, the newest speaker: a later chart refers to the nearest."""
        for sentence in sentences(text):
            self._by[sentence] = who

    def source_line(self, source: str, title: str, lang: str) -> str:
        """A chart's source line: as it is the first time; where a chart above named the same sources, which
        chart that was, then what is new (the retrieval dates, when they differ)."""
        parts = sentences(source)
        earlier = self.by(parts[0]) if parts else None
        if earlier is None:
            return self.once(source, title)
        self.note(parts[0], title)
        rest = self.once(" ".join(parts[1:]), title)
        return " ".join(x for x in (t("source_as_above", lang, title=earlier) if earlier else "", rest) if x)

    def notes(self, notes: Iterable[str], who: str = "") -> list[str]:
        """The notes not said yet, each without the sentences said above."""
        return [kept for kept in (self.once(note, who) for note in notes) if kept]
