from datetime import date

import pandas as pd
import pytest

from kpis.core import status
from kpis.core.catalog import StatusThresholds

T = StatusThresholds(on_track_min_ratio=0.95, backwards_below=0.0, pace_years=5, acceleration_min_ratio=0.6,
                     min_points=3, max_age_years=3)
TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("ratio", "expected"), [
    (1.2, status.ON_TRACK), (0.95, status.ON_TRACK), (0.94, status.TOO_SLOW), (0.6, status.TOO_SLOW),
    (0.59, status.LIMITED), (0.0, status.LIMITED), (-0.01, status.BACKWARDS)])
def test_the_thresholds_of_the_catalog(ratio, expected):
    assert status.rate(ratio, T) == expected


def test_the_thresholds_are_read_not_constants():
    strict = StatusThresholds(on_track_min_ratio=1.5, backwards_below=0.2, pace_years=5)
    assert status.rate(1.2, strict) == status.TOO_SLOW
    assert status.rate(0.1, strict) == status.BACKWARDS


def test_ratio_from_the_baseline_on():
    # From 100 in 2020 to 150 in 2030 needs +5 a year; 2020-2025 gave +2.5 a year: ratio 0.5, limited.
    series = pd.Series({2018: 300.0, 2020: 100.0, 2022: 105.0, 2025: 112.5})
    found = status.assess(series, 150, 2030, "higher", T, baseline_year=2020, today=TODAY)
    assert found.status == status.LIMITED and found.ratio == pytest.approx(0.5)
    assert (found.baseline_year, found.baseline_value, found.needed_per_year) == (2020, 100.0, 5.0)
    # the 2018 figure before the baseline plays no part


def test_lower_is_better():
    falling = pd.Series({2020: 120.0, 2022: 114.0, 2025: 105.0})
    assert status.assess(falling, 90, 2030, "lower", T, 2020, today=TODAY).status == status.ON_TRACK
    rising = pd.Series({2020: 120.0, 2022: 122.0, 2025: 125.0})
    assert status.assess(rising, 90, 2030, "lower", T, 2020, today=TODAY).status == status.BACKWARDS


def test_old_figure_no_target_and_too_few_points():
    old = pd.Series({2016: 1.0, 2017: 2.0, 2018: 3.0})
    assert status.assess(old, 10, 2030, "higher", T, today=TODAY).status == status.OLD_FIGURE
    fresh = pd.Series({2023: 1.0, 2024: 2.0, 2025: 3.0})
    assert status.assess(fresh, None, None, "higher", T, today=TODAY).status == status.NO_TARGET
    two = pd.Series({2024: 1.0, 2025: 2.0})
    assert status.assess(two, 10, 2030, "higher", T, today=TODAY).status == status.UNKNOWN
    assert status.assess(pd.Series(dtype=float), 10, 2030, "higher", T, today=TODAY).status == status.UNKNOWN


def test_a_reached_target_is_on_track():
    series = pd.Series({2021: 8.0, 2023: 9.0, 2025: 11.0})
    assert status.assess(series, 10, 2030, "higher", T, today=TODAY).status == status.ON_TRACK
