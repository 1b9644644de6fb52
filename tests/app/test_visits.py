import datetime as dt

import pytest

from kpis.app.visits import parse

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-20", dt.date(2026, 11, 20)),
    ("2026-11-28", TODAY),
    ("2026-11-29", None),  # the future
    ("2024-01-01", None),  # older than the cookie lives
    ("2026-02-30", None),
    ("2026-11-20<script>", None),
    ("٢٠٢٦-١١-٢٠", None),  # digits other than ASCII
    ("", None),
    (None, None),
])
def test_only_a_plain_recent_date_is_taken_from_the_cookie(value, expected):
    assert parse(value, TODAY) == expected
