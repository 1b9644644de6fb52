"""A page's Plotly figure drawn as a vector drawing for the PDF report: the same chart spec, no browser.

Lines (with gaps kept), vertical bars and horizontal bars are drawn with their names in a legend; the axes
get a few round ticks in the report's language (decimal comma and narrow space in Swedish), whole years on a
year axis (never the same year twice), and the figure's axis titles (the unit). Anything else in a figure
(annotations, shapes) is left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors

from kpis.core.i18n import fmt_number

WIDTH, HEIGHT = 480.0, 220.0
LEFT, BOTTOM, RIGHT, TOP = 70.0, 46.0, 10.0, 10.0
FONT = "Helvetica"


def _numbers(values: Sequence[object] | None) -> list[float | None]:
    out: list[float | None] = []
    for v in values if values is not None else []:
        try:
            number = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            out.append(None)
            continue
        out.append(None if math.isnan(number) else number)
    return out


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= step * factor:
            step *= factor
            break
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def year_ticks(low: float, high: float, count: int = 6) -> list[int]:
    """Whole years from ``low`` to ``high``, at most about ``count`` of them, each once."""
    first, last = math.ceil(low), math.floor(high)
    span = max(last - first, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= count)
    start = math.ceil(first / step) * step
    return list(range(start, last + 1, step)) or [first]


def _label(value: float, lang: str) -> str:
    """A tick as the report's language writes numbers; the minus as a hyphen (the PDF font has no true minus)."""
    decimals = 0 if abs(value) >= 10 or value == int(value) else 1
    return fmt_number(value, lang, decimals).replace("\u2212", "-").replace("\u202f", " ").replace("\u00a0", " ")


def _title(text: object) -> str:
    return str(text).strip() if text else ""


def _axis_titles(d: Drawing, fig: go.Figure) -> None:
    """The y axis title turned along the axis, the x axis title under the ticks."""
    y_title = _title(fig.layout.yaxis.title.text)
    if y_title:
        group = Group(String(0, 0, y_title[:60], fontName=FONT, fontSize=7.5, textAnchor="middle"))
        group.transform = (0, 1, -1, 0, 10, BOTTOM + (HEIGHT - BOTTOM - TOP) / 2)
        d.add(group)
    x_title = _title(fig.layout.xaxis.title.text)
    if x_title:
        d.add(String(LEFT + (WIDTH - LEFT - RIGHT) / 2, BOTTOM - 23, x_title[:80], fontName=FONT, fontSize=7.5,
                     textAnchor="middle"))


def _colour(trace: go.BaseTraceType, index: int) -> colors.Color:
    palette = ["#1f4e79", "#a04a00", "#2e6b30", "#5b3a8c", "#8c2d4f", "#00646e", "#595959"]
    line = getattr(trace, "line", None)
    marker = getattr(trace, "marker", None)
    for value in (getattr(line, "color", None), getattr(marker, "color", None)):
        if isinstance(value, str) and value.startswith("#"):
            return colors.HexColor(value)
    return colors.HexColor(palette[index % len(palette)])


def drawing(fig: go.Figure, lang: str = "sv") -> Drawing:
    """The figure's lines and bars on year (or category) axes, with its axis titles and a legend below."""
    d = Drawing(WIDTH, HEIGHT + 40)
    traces = [tr for tr in fig.data if tr.type in ("scatter", "bar") and tr.x is not None and tr.y is not None]
    horizontal = [tr for tr in traces if tr.type == "bar" and getattr(tr, "orientation", None) == "h"]
    if horizontal and len(horizontal) == 1:
        return _horizontal(d, horizontal[0], lang, _title(fig.layout.xaxis.title.text))
    xs = [x for tr in traces for x in _numbers(tr.x) if x is not None]
    ys = [y for tr in traces for y in _numbers(tr.y) if y is not None]
    if not xs or not ys:
        return d
    x0, x1 = min(xs), max(xs)
    x0, x1 = (x0 - 0.5, x1 + 0.5) if x0 == x1 else (x0, x1)
    has_bars = any(tr.type == "bar" for tr in traces)
    y0, y1 = (min(min(ys), 0.0) if has_bars else min(ys)), max(ys)
    pad = (y1 - y0) * 0.05 or 1.0
    y0, y1 = y0 - (0.0 if has_bars and y0 == 0 else pad), y1 + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP

    def px(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        return BOTTOM + (y - y0) / (y1 - y0) * plot_h

    for tick in _ticks(y0, y1):
        d.add(Line(LEFT, py(tick), WIDTH - RIGHT, py(tick), strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.5))
        d.add(String(LEFT - 4, py(tick) - 3, _label(tick, lang), fontName=FONT, fontSize=7, textAnchor="end"))
    for tick in year_ticks(x0, x1):
        d.add(String(px(tick), BOTTOM - 12, str(tick), fontName=FONT, fontSize=7, textAnchor="middle"))
    _axis_titles(d, fig)
    d.add(Line(LEFT, BOTTOM, WIDTH - RIGHT, BOTTOM, strokeColor=colors.black, strokeWidth=0.6))
    bars = [tr for tr in traces if tr.type == "bar"]
    width = plot_w / max(len({x for tr in bars for x in _numbers(tr.x) if x is not None}), 1) * 0.8
    legend = []
    for i, tr in enumerate(traces):
        colour = _colour(tr, i)
        points = list(zip(_numbers(tr.x), _numbers(tr.y), strict=False))
        if tr.type == "bar":
            share = width / max(len(bars), 1)
            offset = bars.index(tr) * share - width / 2
            for x, y in points:
                if x is not None and y is not None:
                    top, base = py(max(y, 0)), py(min(y, 0))
                    d.add(Rect(px(x) + offset, base, share, top - base, fillColor=colour, strokeColor=None))
        else:
            run: list[float] = []
            for x, y in [*points, (None, None)]:
                if x is None or y is None:
                    if len(run) >= 4:
                        d.add(PolyLine(run, strokeColor=colour, strokeWidth=1.5))
                    elif len(run) == 2:
                        d.add(Rect(run[0] - 1.5, run[1] - 1.5, 3, 3, fillColor=colour, strokeColor=None))
                    run = []
                else:
                    run += [px(x), py(y)]
        if tr.name:
            legend.append((str(tr.name).replace("<br>", " "), colour))
    _legend(d, legend)
    return d


def _horizontal(d: Drawing, tr: go.Bar, lang: str, unit: str = "") -> Drawing:
    values = _numbers(tr.x)
    names = [str(n) for n in tr.y]
    top = max([v for v in values if v is not None] + [0.0]) or 1.0
    row = min(22.0, (HEIGHT - 20) / max(len(names), 1))
    for i, (name, value) in enumerate(zip(names, values, strict=False)):
        y = HEIGHT - (i + 1) * row
        d.add(String(LEFT + 50, y + row * 0.3, name, fontName=FONT, fontSize=8, textAnchor="end"))
        if value is not None:
            length = max(value, 0) / top * (WIDTH - LEFT - 120)
            d.add(Rect(LEFT + 55, y + 2, length, row - 4, fillColor=_colour(tr, 0), strokeColor=None))
            d.add(String(LEFT + 60 + length, y + row * 0.3, _label(value, lang), fontName=FONT, fontSize=7))
    if unit:
        d.add(String(LEFT + 55, 4, unit[:80], fontName=FONT, fontSize=7.5))
    return d


def _legend(d: Drawing, items: list[tuple[str, colors.Color]]) -> None:
    x, y = LEFT, 14.0
    for name, colour in items[:8]:
        text = name if len(name) <= 48 else name[:46] + "…"
        width = 14 + len(text) * 3.9
        if x + width > WIDTH:
            x, y = LEFT, y - 11
        d.add(Rect(x, y, 8, 6, fillColor=colour, strokeColor=None))
        d.add(String(x + 11, y, text, fontName=FONT, fontSize=7))
        x += width + 8
