"""URLs of the app: permalinks, embed snippets, and reading URL values without ever failing on them."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from kpis.core.catalog import Catalog

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A value read from the URL, and whether the URL asked for something else (then: tell the user)."""

    value: T
    notice: bool = False


def url(origin: str, path: str, params: Mapping[str, object]) -> str:
    flat = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list | tuple) else [vs])
            if v not in (None, "")]
    query = urlencode(flat)
    return f"{origin}/{path.strip('/')}" + (f"?{query}" if query else "")


# Posted by an embedded page to its host: {"tillvaxtpanelen": "height", "height": <px>, "src": <its URL>}.
# The host page's half: fit every Tillväxtpanelen iframe to the height its page reports. Fixed text of ours.
HEIGHT_LISTENER = (
    "<script>window.addEventListener('message',function(e){var d=e.data;"
    "if(!d||d.tillvaxtpanelen!=='height'||typeof d.height!=='number')return;"
    "document.querySelectorAll('iframe[data-tillvaxtpanelen]').forEach(function(f){"
    "if(f.contentWindow===e.source){f.style.height=Math.ceil(d.height)+'px';}});});</script>"
)


def height_reporter(measure: str = "") -> str:
    """The embedded page's half, for the static site and the app alike: report the height whenever it changes,
    of the element ``measure`` selects (the app's main block) or else of the whole page. ``measure`` is a fixed
    selector of ours, never text from a URL."""
    return (
        "<script>(function(){var sel=" + json.dumps(measure) + ";"
        "function box(){return (sel&&document.querySelector(sel))||null;}"
        "function height(){var el=box();return el?Math.ceil(el.scrollHeight+16):document.documentElement.scrollHeight;}"
        "function send(){if(window.parent!==window){window.parent.postMessage({tillvaxtpanelen:'height',"
        "height:height()},'*');}}"
        "new ResizeObserver(send).observe(box()||document.documentElement);window.addEventListener('load',send);"
        "setInterval(send,1000);send();})();</script>"
    )


HEIGHT_REPORTER = height_reporter()  # a static page: the whole document


def iframe_snippet(src: str, title: str, height: int = 560) -> str:
    """The iframe for another site, with the few lines that let it take the height of its content."""
    return (f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
            f'data-tillvaxtpanelen width="100%" height="{height}" style="border:0;width:100%" loading="lazy">'
            f"</iframe>\n{HEIGHT_LISTENER}")


def _year(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() and len(text.strip()) == 4 else None


def year_range(start: str | None, end: str | None, low: int, high: int) -> Parsed[tuple[int, int]]:
    """``from``/``to`` within ``low``–``high``; anything unreadable or reversed falls back to all years."""
    if start is None and end is None:
        return Parsed((low, high))
    a, b = _year(start) if start is not None else low, _year(end) if end is not None else high
    if a is None or b is None or a > b:
        return Parsed((low, high), notice=True)
    clamped = (max(a, low), min(b, high))
    if clamped[0] > clamped[1]:
        return Parsed((low, high), notice=True)
    return Parsed(clamped, notice=clamped != (a, b))


def regions(text: str | None, catalog: Catalog, default: Sequence[str]) -> Parsed[list[str]]:
    """``regions=2380,23,Umeå``: codes or names (either language); unknown ones are dropped with a notice."""
    if not text:
        return Parsed(list(default))
    found, unknown = [], False
    for part in text.split(","):
        part = part.strip()
        code = part if part in catalog.regions else next(
            (c for c, r in catalog.regions.items() if part.lower() in (r.name["sv"].lower(), r.name["en"].lower())),
            None)
        if code is None:
            unknown = True
        elif code not in found:
            found.append(code)
    return Parsed(found or list(default), notice=unknown)


def choice(text: str | None, options: Sequence[str], default: str) -> Parsed[str]:
    if text is None:
        return Parsed(default)
    return Parsed(text, False) if text in options else Parsed(default, notice=True)
