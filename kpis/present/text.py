"""Text that came from a user, a file or a URL, made safe to put where Streamlit reads Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
# Streamlit's Markdown turns bare addresses into links (GFM autolink literals) even when every Markdown
# character is escaped. An invisible word joiner (U+2060) inside "://", after "www" and before "@" breaks
# them, and the text reads the same.
_JOIN = "\u2060"
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(?i)\b(w)(ww)")


def plain(text: str) -> str:
    """``text`` with every Markdown character escaped and every bare address broken: no link, image, emphasis,
    heading or formula survives."""
    unlinked = _WWW.sub(rf"\1{_JOIN}\2", _SCHEME.sub(f":{_JOIN}", str(text))).replace("@", f"{_JOIN}@")
    return _MARKDOWN.sub(r"\\\1", unlinked).replace("\n", " ")
