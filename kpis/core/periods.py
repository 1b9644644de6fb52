"""Periods as the store keeps them: years (``2025``) and months (``2025M03``), in ASCII digits only."""

from __future__ import annotations

import re
from datetime import date

# [0-9], not \d: \d also matches Arabic-Indic or full-width digits ("٢٠٢٤", "２０２４"), which would be stored
# as periods beside 2024.
YEAR = re.compile(r"[0-9]{4}")
PERIOD_PATTERNS = {"year": re.compile(r"^[0-9]{4}$"), "month": re.compile(r"^[0-9]{4}M(0[1-9]|1[0-2])$")}


def is_ascii_digits(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+", text))


def fits(period: str, periodicity: str) -> bool:
    """True when ``period`` has the form of ``periodicity`` (``year`` or ``month``)."""
    return bool(PERIOD_PATTERNS[periodicity].match(str(period)))


def year_of(period: object) -> int:
    """The year a period belongs to: ``2025M03`` → 2025."""
    return int(str(period)[:4])


def latest_allowed_year(today: date | None = None) -> int:
    """No figure can be for a year that has not begun."""
    return (today or date.today()).year


def is_overdue(period: str, periodicity: str, today: date | None = None) -> bool:
    """Own figures are due a year (or a month) after their period ends, plus one period's grace: a yearly
    figure for 2024 is due during 2025 and overdue from 2026; a monthly one two months after its month."""
    now = today or date.today()
    if periodicity == "month" and "M" in str(period):
        year, month = int(str(period)[:4]), int(str(period)[5:])
        return (now.year * 12 + now.month) - (year * 12 + month) > 2
    return now.year - year_of(period) > 1


def has_ended(period: str, today: date | None = None) -> bool:
    """True when ``period`` is over: a year before this one, a month before this month. A year or a month that has
    not ended has no yearly or monthly figure yet (a source offering one is wrong)."""
    now = today or date.today()
    text = str(period)
    if "M" in text:
        return (int(text[:4]), int(text[5:])) < (now.year, now.month)
    return int(text[:4]) < now.year
