"""The year so far from monthly series: the usual share of the months, the sum against the goal, the estimate of
31 December with its interval, and its track record. Hand-computed cases."""

import pandas as pd
import pytest

from kpis.core import months


def _series(by_year):
    return pd.Series({f"{y}M{m:02d}": v for y, values in by_year.items() for m, v in enumerate(values, start=1)})


# Ten years in which January–June carry 20 a month and July–December 0: the first half holds the whole year.
HALF = {y: [20] * 6 + [0] * 6 for y in range(2016, 2026)}


def test_the_goal_is_spread_by_the_months_usual_share_not_a_twelfth():
    change = _series({**HALF, 2026: [10, 10, 10]})
    share = months.usual_share(months.by_year(change), 2026, 3)
    assert share.value == pytest.approx(0.5) and (share.first, share.last) == (2016, 2025)
    part = months.so_far(change, 240.0, 2026, 3)
    assert part.value == 30 and part.needed == pytest.approx(120.0) and part.ahead == pytest.approx(-90.0)


def test_too_few_years_or_a_missing_month_say_so():
    change = _series({2024: [1] * 12, 2025: [1] * 12, 2026: [5, 5]})
    share = months.usual_share(months.by_year(change), 2026, 2)
    assert share.value == pytest.approx(2 / 12) and not share.from_pattern  # a twelfth a month, said as such
    gap = _series({**HALF, 2026: [10]}).drop("2026M01")
    assert months.so_far(_series({**HALF, 2026: [10, 10]}).drop("2026M01"), 1.0, 2026, 2) is None  # absent ≠ zero
    assert months.latest_month(gap) == (2025, 12)


def test_the_estimate_of_31_december_and_its_interval_and_track_record():
    rests = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]  # what November–December added in 2016–2025
    change = _series({y: [0] * 10 + [r / 2, r / 2] for y, r in zip(range(2016, 2026), rests, strict=True)}
                     | {2026: [0] * 10})
    population = _series({y: [1000.0] * 10 + [1000 + r / 2, 1000 + r] for y, r in
                          zip(range(2016, 2026), rests, strict=True)} | {2026: [2000.0] * 10})
    found = months.estimate(population, change, 2026, 10)
    assert found.value == pytest.approx(2055.0)  # the end of October plus the mean of the remaining months
    assert (found.low, found.high) == (pytest.approx(2019.0), pytest.approx(2091.0))  # 10th and 90th percentile
    assert (found.first, found.last) == (2016, 2025)
    track = months.track_record(population, change, 10, 2026)
    assert [y for y, _, _ in track.misses] == [2019, 2020, 2021, 2022, 2023, 2024, 2025]  # three years behind each
    year, estimate, published = track.misses[0]
    assert year == 2019 and estimate == pytest.approx(1000 + (10 + 20 + 30) / 3) and published == 1040
    assert track.largest[0] in {y for y, _, _ in track.misses}
    assert months.estimate(population, change, 2026, 12) is None  # December over: SCB's figure, no estimate


def _sweden_months(change_of, months_so_far: int = 10) -> pd.DataFrame:
    """Every municipality: 10 000 inhabitants in December 2025 and ``change_of(code)`` a month of 2026 (test values)."""
    from kpis.core import places

    rows = []
    for code in places.municipalities():
        rows.append({"kpi_id": "population_month", "region_code": code, "period": "2025M12", "value": 10_000.0})
        for m in range(1, months_so_far + 1):
            rows.append({"kpi_id": "population_change_month", "region_code": code, "period": f"2026M{m:02d}",
                         "value": change_of(code)})
    return pd.DataFrame(rows)


def test_the_place_so_far_ranks_the_change_per_1000_among_every_municipality():
    from kpis.core import places

    codes = places.municipalities()
    rows = _sweden_months(lambda code: float(codes.index(code)))  # the last code grows most
    place = months.place_so_far(rows, "2380", 2026, 10)
    assert place is not None and place.count == len(codes) == 290
    assert place.rank == len(codes) - codes.index("2380")
    assert place.per_1000 == pytest.approx(codes.index("2380") * 10 / 10_000 * 1000)
    # A municipality lacking a month is not ranked; the home lacking one has no place.
    gap = rows[~((rows["region_code"] == codes[-1]) & (rows["period"] == "2026M03"))]
    assert months.place_so_far(gap, "2380", 2026, 10).count == 289
    assert months.place_so_far(rows[rows["region_code"] != "2380"], "2380", 2026, 10) is None


def test_no_place_so_far_where_too_few_municipalities_have_their_months():
    from kpis.core import places

    few = _sweden_months(lambda code: 1.0)
    few = few[few["region_code"].isin([*places.municipalities()[:200], "2380"])]
    assert months.place_so_far(few, "2380", 2026, 10) is None
