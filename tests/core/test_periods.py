from datetime import date

from kpis.core.periods import fits, is_overdue, latest_allowed_year, year_of


def test_periods_have_the_form_of_their_periodicity():
    assert fits("2024", "year") and fits("2025M03", "month")
    assert not fits("2025M03", "year") and not fits("2024", "month") and not fits("24", "year")
    assert year_of("2025M03") == 2025 and latest_allowed_year(date(2026, 12, 3)) == 2026


def test_own_figures_are_overdue_a_period_after_they_are_due():
    today = date(2026, 12, 3)
    assert not is_overdue("2025", "year", today) and is_overdue("2024", "year", today)
    assert not is_overdue("2026M10", "month", today) and is_overdue("2026M09", "month", today)
