"""One status method for every KPI with a target: the cards, the roll-up, the report and the export use it.

From the target's baseline (its ``baseline_year``, or else the start of the pace window) to the latest
figure, the observed change per year is set against the change per year the target needs from that same
baseline:

    ratio = observed change per year / needed change per year   (signs turned for "lower is better")

The catalog's ``[status]`` thresholds say what a ratio means: on track at ``on_track_min_ratio`` or more,
too slow (needs acceleration) from ``acceleration_min_ratio``, limited progress below that, going backwards
below ``backwards_below``. A KPI whose latest figure is older than its maximum age gets "old figure" and no
status; one without a target gets "no target"; fewer than ``min_points`` figures from the baseline on give
"unknown". Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.core.catalog import StatusThresholds

ON_TRACK = "on_track"
TOO_SLOW = "too_slow"
LIMITED = "limited"
BACKWARDS = "backwards"
OLD_FIGURE = "old_figure"
NO_TARGET = "no_target"
UNKNOWN = "unknown"
# Material icons (Streamlit draws ``:material/name:`` in Markdown and labels with its own font, so they render
# where no emoji font is installed); the word always follows, so colour and shape are never the only signal.
ICONS = {ON_TRACK: "check_circle", TOO_SLOW: "speed", LIMITED: "trending_flat", BACKWARDS: "trending_down",
         OLD_FIGURE: "history", NO_TARGET: "remove", UNKNOWN: "help"}
SEVERITY = {BACKWARDS: 0, LIMITED: 1, TOO_SLOW: 2, OLD_FIGURE: 3, UNKNOWN: 4, ON_TRACK: 5, NO_TARGET: 6}


@dataclass(frozen=True)
class Assessment:
    status: str
    ratio: float | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    observed_per_year: float | None = None
    needed_per_year: float | None = None


def is_old(latest_year: int, max_age_years: int, today: date | None = None) -> bool:
    """A yearly figure is old when it is for a year more than ``max_age_years`` before this one."""
    return latest_year < (today or date.today()).year - max_age_years


def rate(ratio: float, thresholds: StatusThresholds) -> str:
    """The status a ratio of observed to needed change has under the catalog's thresholds."""
    if ratio < thresholds.backwards_below:
        return BACKWARDS
    if ratio >= thresholds.on_track_min_ratio:
        return ON_TRACK
    if ratio >= thresholds.acceleration_min_ratio:
        return TOO_SLOW
    return LIMITED


def assess(series: pd.Series, target_value: float | None, target_year: int | None, direction: str,
           thresholds: StatusThresholds, baseline_year: int | None = None, max_age_years: int | None = None,
           today: date | None = None) -> Assessment:
    """The status of a yearly ``series`` (values indexed by year) against a target."""
    clean = series.dropna().sort_index()
    if clean.empty:
        return Assessment(UNKNOWN)
    latest_year, latest_value = int(clean.index[-1]), float(clean.iloc[-1])
    # A baseline year the target names is read from the series whatever the status: the tables show it.
    named = ({"baseline_year": baseline_year, "baseline_value": float(clean[baseline_year])}
             if baseline_year is not None and baseline_year in clean.index else {})
    base = Assessment(UNKNOWN, latest_year=latest_year, latest_value=latest_value, **named)
    if is_old(latest_year, thresholds.max_age_years if max_age_years is None else max_age_years, today):
        return Assessment(OLD_FIGURE, latest_year=latest_year, latest_value=latest_value, **named)
    if target_value is None or target_year is None:
        return Assessment(NO_TARGET, latest_year=latest_year, latest_value=latest_value, **named)
    sign = 1.0 if direction == "higher" else -1.0
    start = baseline_year if baseline_year is not None else latest_year - thresholds.pace_years
    window = clean[clean.index >= start]
    earlier = clean[clean.index <= start]
    if baseline_year is None and not earlier.empty:
        window = clean[clean.index >= int(earlier.index[-1])]
    if len(window) < thresholds.min_points or int(window.index[0]) >= latest_year:
        return base
    first_year, first_value = int(window.index[0]), float(window.iloc[0])
    observed = (latest_value - first_value) / (latest_year - first_year)
    result = {"baseline_year": first_year, "baseline_value": first_value, "latest_year": latest_year,
              "latest_value": latest_value, "observed_per_year": observed}
    if sign * (latest_value - target_value) >= 0:
        return Assessment(ON_TRACK, None, needed_per_year=0.0, **result)
    if target_year <= first_year:
        return Assessment(BACKWARDS, None, needed_per_year=None, **result)
    needed = (target_value - first_value) / (target_year - first_year)
    if sign * needed <= 0:  # the target lies behind the baseline: anything but going back keeps it
        return Assessment(ON_TRACK if sign * observed >= 0 else BACKWARDS, None, needed_per_year=needed, **result)
    ratio = (sign * observed) / (sign * needed)
    return Assessment(rate(ratio, thresholds), ratio, needed_per_year=needed, **result)
