import pandas as pd

from kpis.core import progress
from kpis.present import charts


def _pop():
    return pd.DataFrame({"year": [2019, 2020, 2023, 2024, 2025], "value": [63779, 63985, 64881, 64979, 64963],
                         "preliminary": [False, False, False, False, True]})


def test_population_chart_labels_target_path_projection_and_goal():
    target = progress.path(2025, 64963, 0.0096, 2040)
    proj = progress.path(2025, 64963, 0.003, 2040)
    fig = charts.population_chart(_pop(), target, proj, (2040, 75000), "sv", (2020, 2025))
    names = [tr.name for tr in fig.data]
    assert names[0] == "Folkmängd (publicerad)"
    assert "Preliminär siffra" in names
    assert any(n.startswith("Målbana") for n in names)
    assert any(n.startswith("I nuvarande takt") and "inte prognos" in n for n in names)
    assert "Mål: 75\u00a0000 år 2040" in names
    assert fig.layout.separators == ", "
    dashes = {tr.name: tr.line.dash for tr in fig.data if tr.mode == "lines"}
    assert set(dashes.values()) == {"dash", "dot"}  # projection and path are not drawn as data


def test_population_chart_shows_missing_years_as_gaps():
    fig = charts.population_chart(_pop(), None, None, (2040, 75000), "en")
    observed = fig.data[0]
    years = list(observed.x)
    assert years == [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    assert pd.isna(observed.y[2]) and pd.isna(observed.y[3])  # 2021 and 2022 are not bridged
    assert observed.connectgaps is False
    assert fig.layout.separators == ".,"


def test_components_chart_marks_derived_and_missing():
    comp = progress.components_of_change(
        pd.Series({2000: 50.0}), pd.Series({2002: 700.0}), pd.Series({2002: 650.0}), pd.Series({2000: 10.0})
    )
    fig = charts.components_chart(comp, "sv")
    names = [tr.name.replace("<br>", " ") for tr in fig.data]  # long names break into lines for a phone
    assert "Födelseöverskott, beräknat (födda − döda)" in names
    missing = next(tr for tr in fig.data if tr.name == "År utan publicerad siffra")
    assert list(missing.x) == [2001, 2002]  # 2001 lacks both, 2002 lacks net migration
    assert "Födelseöverskott" in missing.text[0] and "Flyttnetto" in missing.text[1]
    assert "Födelseöverskott" not in missing.text[1]


def test_a_missing_year_in_a_bar_chart_is_marked_never_an_empty_slot():
    frame = pd.DataFrame({"year": [2018, 2019, 2022], "value": [10.0, -5.0, 7.0]})
    fig = charts.bar_chart(frame, "en", "persons", "Net migration")
    bars = fig.data[0]
    assert list(bars.x) == [2018, 2019, 2020, 2021, 2022]
    gaps = next(tr for tr in fig.data if tr.name == "Year without a published figure")
    assert list(gaps.x) == [2020, 2021] and list(gaps.y) == [0, 0]
    assert gaps.marker.symbol == "x-thin"


def test_series_and_comparison_charts():
    frame = pd.DataFrame({"region": ["A", "A", "B"], "year": [2020, 2022, 2020], "value": [1.0, 2.0, 3.0]})
    fig = charts.series_chart(frame, "sv", "x", 1)
    assert [tr.name for tr in fig.data] == ["A", "B"]
    assert list(fig.data[0].x) == [2020, 2021, 2022]
    bars = charts.comparison_chart(pd.DataFrame({"region": ["A", "B"], "value": [2.5, 1.0]}), "sv", "x", 1, "A")
    assert list(bars.data[0].y) == ["B", "A"] and list(bars.data[0].text) == ["1,0", "2,5"]


def test_one_tick_a_year_only_for_short_ranges_whatever_the_number_type():
    import numpy as np

    from kpis.present.charts import series_chart

    long = pd.DataFrame({"region": "Östersund", "year": np.arange(1970, 2026), "value": np.arange(56.0)})
    assert series_chart(long, "sv", "invånare").layout.xaxis.dtick is None  # not 56 crowded labels
    short = pd.DataFrame({"region": "Östersund", "year": np.arange(2020, 2026), "value": np.arange(6.0)})
    assert series_chart(short, "sv", "invånare").layout.xaxis.dtick == 1


def test_a_long_legend_entry_breaks_into_lines_that_fit_a_phone():
    assert charts.wrap_name("Framskrivning i nuvarande takt (2020–2025), inte prognos") == \
        "Framskrivning i nuvarande takt<br>(2020–2025), inte prognos"
    assert charts.wrap_name("Östersund") == "Östersund"
