"""A text per language code, readable in any language."""

from __future__ import annotations


class Words(dict[str, str]):
    """A text per language code. A language the catalog does not give (a third one, added as a texts file)
    reads English, then Swedish: a page in that language never fails on a missing catalog text."""

    def __missing__(self, lang: str) -> str:
        for fallback in ("en", "sv"):
            if fallback in self:
                return self[fallback]
        return ""
