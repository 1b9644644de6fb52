"""Text that came from a user, a file or a URL, made safe to put where Streamlit reads Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str) -> str:
    """``text`` with every Markdown character escaped: no link, image, emphasis, heading or formula survives."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", " ")
