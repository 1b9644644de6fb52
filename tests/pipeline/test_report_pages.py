"""The board report as a reader sees it: every page rendered to an image and looked at, in both languages."""

import re
import shutil
import subprocess

import pytest

from kpis.pipeline.report_charts import drawing, year_ticks
from tests.conftest import pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_keeps_its_text_inside_the_margins(seed_reports, tmp_path, lang):
    from PIL import Image

    out = seed_reports(lang)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(out), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 10
    for path in pages:
        image = Image.open(path).convert("L")
        width, height = image.size
        margin = round(width * 12 / 210)  # 12 mm of the 210 mm page on each side: nothing may be drawn there
        for box in ((0, 0, margin, height), (width - margin, 0, width, height)):
            assert image.crop(box).getextrema()[0] > 200, f"{path.name}: ink in the margin {box}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_has_units_clean_years_local_numbers_and_every_function(seed_reports, lang):
    text = pdf_text(seed_reports(lang))
    functions = (["Översikt", "Näringsliv", "Marknad", "Destinationsutveckling", "Utveckling"] if lang == "sv" else
                 ["Overview", "Business", "Marketing and in-migration", "Destination development", "Development"])
    positions = [text.find(f"\n{name}\n") for name in functions]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions  # catalog order
    assert ("per 1 000 invånare" if lang == "sv" else "per 1,000 inhabitants") in text  # the axes' units
    assert ("Saknar siffror" if lang == "sv" else "Missing figures") in text
    assert ("Så bedöms status" if lang == "sv" else "How the status is judged") in text
    assert "För få siffror för en bedömning" not in text
    if lang == "sv":
        assert not re.search(r"(?<![\d.])\d{1,3}\.\d(?![\d.])", text)  # no decimal point in Swedish
        assert "3,5 %" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_page_of_the_report_says_a_sentence_twice(seed_reports, lang):
    """Charts of one source on a page name the chart above instead of repeating its source line and dates."""
    from pypdf import PdfReader

    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(str(seed_reports(lang))).pages]
    for number, text in enumerate(pages, start=1):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
        assert not {s for s in sentences if sentences.count(s) > 1}, number
    assert any(re.search(r"(Källa: som för|Source: as for) .{3,80} (ovan|above)\.", text) for text in pages)


def test_year_ticks_are_whole_years_once_each():
    for low, high in ((2015, 2017), (2015.0, 2016.4), (1968, 2025), (2023, 2023)):
        ticks = year_ticks(low, high)
        assert ticks == sorted(set(ticks)) and all(isinstance(t, int) for t in ticks)
        assert len(ticks) <= 7 and low - 1 <= ticks[0] and ticks[-1] <= high


def test_a_drawing_carries_the_charts_axis_title(catalog):
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1.5, 2.5, 3.0], name="Östersund"))
    fig.update_layout(yaxis_title="gästnätter per 1 000 invånare")
    texts = []

    def walk(node):
        for child in getattr(node, "contents", []):
            walk(child)
        if hasattr(node, "text"):
            texts.append(node.text)

    walk(drawing(fig, "sv"))
    assert "gästnätter per 1 000 invånare" in texts and "2,5" in texts and "2021" in texts


def _placed_strings(node, transform=(1, 0, 0, 1, 0, 0)):
    """Every String of a drawing with its page box (x0, y0, x1, y1), group transforms applied."""
    from reportlab.graphics.shapes import Group, String, mmult
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(node, Group):
        inner = mmult(transform, node.transform)
        for child in node.contents:
            yield from _placed_strings(child, inner)
    elif isinstance(node, String):
        width = stringWidth(node.text, node.fontName, node.fontSize)
        left = {"start": 0, "middle": -width / 2, "end": -width}[node.textAnchor] + node.x
        a, b, c, d, e, f = transform
        corners = [(a * x + c * y + e, b * x + d * y + f)
                   for x in (left, left + width) for y in (node.y, node.y + node.fontSize)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        yield node.text, (min(xs), min(ys), max(xs), max(ys))
    else:
        for child in getattr(node, "contents", []):
            yield from _placed_strings(child, transform)


def _legend_colours(d):
    from reportlab.graphics.shapes import Rect

    return [r.fillColor.hexval() for r in d.contents if isinstance(r, Rect) and (r.width, r.height) == (8, 6)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_reports_charts_keep_every_label_inside_and_give_each_series_a_colour(seeded_db, catalog, lang):
    from kpis.core.goal import try_model
    from kpis.pipeline.model_inputs import read_extras
    from kpis.present import chart_list
    from kpis.store import reads
    from kpis.store.files import reading

    with reading(seeded_db) as con:
        obs = reads.observations(con, list(catalog.kpis), list(catalog.regions))
        extras = read_extras(con, catalog)
    home = obs[obs["region_code"] == catalog.goal.region]
    specs = [chart_list.build("goal", chart_list.Inputs(home, catalog, lang, try_model(home, catalog, extras)))]
    regions = [*catalog.always, *catalog.peers_default]
    for kpi in catalog.kpis.values():  # each KPI's trend, as the report draws it
        specs += [c for c in chart_list.charts(kpi.charts, chart_list.Inputs(obs, catalog, lang, regions=regions), kpi)
                  if c.kind == "trend"]
    assert len(specs) > 10
    for spec in specs:
        d = drawing(spec.fig, lang)
        for text, (x0, y0, x1, y1) in _placed_strings(d):
            assert 0 <= x0 and x1 <= d.width and 0 <= y0 and y1 <= d.height, (spec.title, text)
        named = [" ".join(str(tr.name).replace("<br>", " ").split()) for tr in spec.fig.data if tr.name]
        legend = [text for text, _ in _placed_strings(d) if text in " ".join(named)]
        assert all(any(n.startswith(part) or part in n for part in legend) for n in named), spec.title  # all named
        colours = _legend_colours(d)
        assert len(colours) == len(named) and len(set(colours)) == len(colours), (spec.title, named, colours)
    goal = drawing(specs[0].fig, lang)
    ticks = [float(t.replace("\u00a0", "").replace(" ", "").replace(",", "")) for t, _ in _placed_strings(goal)
             if re.fullmatch(r"\d{2}[ ,\u00a0]?000", t)]
    assert max(ticks) >= catalog.goal.target_value  # the goal lies within the value axis
