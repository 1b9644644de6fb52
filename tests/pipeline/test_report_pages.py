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
