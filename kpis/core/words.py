"""A text per language code, readable in any language."""

from __future__ import annotations

from kpis.core import languages


class Words(dict[str, str]):
    """A text per language code. A language the catalog does not give (a third one, added as a texts file)
    reads the fallback chain (:data:`kpis.core.languages.FALLBACK`): a page in that language never fails on a
    missing catalog text."""

    def __missing__(self, lang: str) -> str:
        found = languages.first_given(lang, self)
        return self[found] if found is not None else ""
