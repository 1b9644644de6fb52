"""A page's Plotly figure drawn as a vector drawing for the PDF report: the same chart spec, no browser.

Lines (with gaps kept), vertical bars and horizontal bars are drawn with their names in a legend; the axes
get a few round ticks in the report's language (decimal comma and narrow space in Swedish), the value axis running
from a round tick below every value to one above it (a goal at the chart's edge is inside the axis), whole years on
a year axis (never the same year twice), and the figure's axis titles (the unit). Every series gets a colour of its
own (dark enough for 3:1 against white); the legend names every series in full, wrapping onto as many rows as it
needs, and the drawing grows to hold them. Anything else in a figure (annotations, shapes) is left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

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


def _step(low: float, high: float, count: int = 5) -> float:
    raw = (high - low) / count if high > low else 1.0
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= step * factor:
            return step * factor
    return step * 10


def value_range(low: float, high: float, bars: bool = False) -> tuple[float, float, float]:
    """The value axis: from a round tick at or below ``low`` to one at or above ``high`` (bars start at zero),
    and the step between its ticks."""
    if bars:
        low, high = min(low, 0.0), max(high, 0.0)
    if high <= low:
        low, high = low - 1, high + 1
    step = _step(low, high)
    return math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step


def _ticks(low: float, high: float, step: float) -> list[float]:
    return [low + i * step for i in range(round((high - low) / step) + 1)]


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


# Dark enough for 3:1 against the white page (WCAG's contrast for graphics), and told apart from each other.
PALETTE = ("#1f4e79", "#a04a00", "#2e6b30", "#5b3a8c", "#8c2d4f", "#00646e", "#595959", "#6b5a00", "#3d3d99",
           "#b0006e", "#000000")


def _own_colour(trace: go.BaseTraceType) -> str | None:
    for part in (getattr(trace, "line", None), getattr(trace, "marker", None)):
        value = getattr(part, "color", None)
        if isinstance(value, str) and value.startswith("#") and len(value) == 7:
            return value.lower()
    return None


def colours(traces: Sequence[go.BaseTraceType]) -> list[colors.Color]:
    """A colour per trace: its own where no earlier series took it, else the palette's first one still free."""
    taken: list[str] = []
    for i, trace in enumerate(traces):
        own = _own_colour(trace)
        if own is None or own in taken:
            free = [c for c in PALETTE if c not in taken]
            own = free[0] if free else PALETTE[i % len(PALETTE)]
        taken.append(own)
    return [colors.HexColor(c) for c in taken]


def _categories(traces: Sequence[go.BaseTraceType]) -> dict[str, int]:
    """Names on the x axis (months) → their places 1, 2 …, in the order they first come; empty for numbers."""
    values = [x for tr in traces for x in (tr.x if tr.x is not None else [])]
    if not values or all(_numbers([v])[0] is not None for v in values):
        return {}
    found: dict[str, int] = {}
    for value in values:
        found.setdefault(str(value), len(found) + 1)
    return found


def drawing(fig: go.Figure, lang: str = "sv") -> Drawing:
    """The figure's lines and bars on year (or category) axes, with its axis titles and a legend below."""
    d = Drawing(WIDTH, HEIGHT + 40)
    traces = [tr for tr in fig.data if tr.type in ("scatter", "bar") and tr.x is not None and tr.y is not None]
    horizontal = [tr for tr in traces if tr.type == "bar" and getattr(tr, "orientation", None) == "h"]
    if horizontal and len(horizontal) == 1:
        return _horizontal(d, horizontal[0], lang, _title(fig.layout.xaxis.title.text))
    categories = _categories(traces)
    if categories:  # months (or other names) on the x axis: drawn at their places, named under them
        traces = [tr.update(x=[categories.get(str(x)) for x in tr.x]) if tr.type == "scatter" else tr
                  for tr in (go.Scatter(tr) if tr.type == "scatter" else tr for tr in traces)]
    xs = [x for tr in traces for x in _numbers(tr.x) if x is not None]
    ys = [y for tr in traces for y in _numbers(tr.y) if y is not None]
    if not xs or not ys:
        return d
    x0, x1 = min(xs), max(xs)
    x0, x1 = (x0 - 0.5, x1 + 0.5) if x0 == x1 else (x0, x1)
    has_bars = any(tr.type == "bar" for tr in traces)
    y0, y1, step = value_range(min(ys), max(ys), has_bars)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP

    def px(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        return BOTTOM + (y - y0) / (y1 - y0) * plot_h

    for tick in _ticks(y0, y1, step):
        d.add(Line(LEFT, py(tick), WIDTH - RIGHT, py(tick), strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.5))
        d.add(String(LEFT - 4, py(tick) - 3, _label(tick, lang), fontName=FONT, fontSize=7, textAnchor="end"))
    names = {place: name for name, place in categories.items()}
    for tick in (sorted(names) if categories else year_ticks(x0, x1)):
        d.add(String(px(tick), BOTTOM - 12, names.get(tick, str(tick)), fontName=FONT, fontSize=7,
                     textAnchor="middle"))
    _axis_titles(d, fig)
    d.add(Line(LEFT, BOTTOM, WIDTH - RIGHT, BOTTOM, strokeColor=colors.black, strokeWidth=0.6))
    bars = [tr for tr in traces if tr.type == "bar"]
    width = plot_w / max(len({x for tr in bars for x in _numbers(tr.x) if x is not None}), 1) * 0.8
    legend = []
    for tr, colour in zip(traces, colours(traces), strict=True):
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
                        d.add(Rect(run[0] - 2, run[1] - 2, 4, 4, fillColor=colour, strokeColor=None))
                    run = []
                else:
                    run += [px(x), py(y)]
        if tr.name:
            legend.append((" ".join(str(tr.name).replace("<br>", " ").split()), colour))
    return _with_legend(d, legend)


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
            d.add(Rect(LEFT + 55, y + 2, length, row - 4, fillColor=colours([tr])[0], strokeColor=None))
            d.add(String(LEFT + 60 + length, y + row * 0.3, _label(value, lang), fontName=FONT, fontSize=7))
    if unit:
        d.add(String(LEFT + 55, 4, unit[:80], fontName=FONT, fontSize=7.5))
    return d


LEGEND_FONT, LEGEND_ROW, LEGEND_TOP = 7.0, 11.0, 14.0


def _legend_rows(items: list[tuple[str, colors.Color]]) -> list[list[tuple[float, str, colors.Color]]]:
    """The legend's entries placed left to right in rows that fit the drawing (a name longer than a row is
    wrapped at spaces into entries of its own colour, never cut)."""
    room = WIDTH - 10.0 - 11.0
    rows: list[list[tuple[float, str, colors.Color]]] = [[]]
    x = 10.0
    for name, colour in items:
        parts, line = [], ""
        for word in name.split():
            candidate = f"{line} {word}".strip()
            if line and stringWidth(candidate, FONT, LEGEND_FONT) > room:
                parts.append(line)
                line = word
            else:
                line = candidate
        parts.append(line)
        for n, part in enumerate(parts):
            width = 11 + stringWidth(part, FONT, LEGEND_FONT)
            if rows[-1] and (n > 0 or x + width > WIDTH - 10.0):
                rows.append([])
                x = 10.0
            rows[-1].append((x, part, colour if n == 0 else None))
            x += width + 10
    return rows


def _with_legend(d: Drawing, items: list[tuple[str, colors.Color]]) -> Drawing:
    """The legend under the x axis; the drawing grows downwards (its contents move up) for rows beyond two."""
    rows = _legend_rows(items) if items else []
    extra = max(len(rows) - 2, 0) * LEGEND_ROW
    if extra:
        moved = Group(*d.contents)
        moved.translate(0, extra)
        d.contents = [moved]
        d.height += extra
    for r, row in enumerate(rows):
        y = LEGEND_TOP + extra - r * LEGEND_ROW
        for x, text, colour in row:
            if colour is not None:
                d.add(Rect(x, y, 8, 6, fillColor=colour, strokeColor=None))
            d.add(String(x + 11, y, text, fontName=FONT, fontSize=LEGEND_FONT))
    return d
