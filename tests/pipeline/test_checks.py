import pandas as pd

from kpis.pipeline.checks import check_fetched


def _frame(rows):
    return pd.DataFrame(rows, columns=["kpi_id", "region_code", "period", "value"])


def test_a_clean_frame_has_no_problems(catalog):
    frame = _frame([("population", "2380", "2024", 64979.0), ("population", "2380", "2025", 64963.0)])
    assert check_fetched(frame, catalog, _frame([])) == []


def test_every_kind_of_problem_is_named_in_both_languages(catalog):
    frame = _frame([("population", "2380", "2024", 64979.0), ("population", "2380", "2024", 1.0),
                    ("invented", "2380", "2024", 1.0), ("population", "9999", "2024", 1.0),
                    ("population", "2380", "24", 1.0), ("population", "00", "2023", -5.0)])
    keys = [p.key for p in check_fetched(frame, catalog, _frame([]))]
    assert keys == ["check_unknown_kpis", "check_unknown_regions", "check_duplicates", "check_periods",
                    "check_implausible"]
    assert all(p.message("sv") != p.message("en") for p in check_fetched(frame, catalog, _frame([])))


def test_a_series_that_lost_periods_is_refused(catalog):
    before = _frame([("population", "2380", "2023", 1.0), ("population", "2380", "2024", 1.0)])
    now = _frame([("population", "2380", "2024", 64979.0)])
    [problem] = check_fetched(now, catalog, before)
    assert problem.key == "check_shrunk" and "2023" in problem.message("en")


def test_an_empty_answer_is_refused(catalog):
    assert [p.key for p in check_fetched(_frame([]), catalog, _frame([]))] == ["check_empty"]
