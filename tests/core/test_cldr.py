"""Numbers, month names and plural forms from the Unicode CLDR (Babel); a language CLDR lacks reads its file."""

from __future__ import annotations

import pytest

from kpis.core import cldr, i18n
from kpis.core.i18n import fmt_number, fmt_period, plotly_separators, t


@pytest.mark.parametrize(("value", "lang", "decimals", "signed", "expected"), [
    (64979, "sv", 0, False, "64\u00a0979"),
    (64979, "en", 0, False, "64,979"),
    (-1.45, "sv", 1, False, "−1,4"),  # CLDR's minus sign; half to even on the figure as written
    (-1.45, "en", 1, False, "-1.4"),
    (2.675, "en", 2, False, "2.68"),  # the figure as written, not its binary neighbour 2.67499…
    (29, "sv", 0, True, "+29"),
    (-48, "sv", 0, True, "−48"),
    (0.96, "sv", 2, False, "0,96"),
])
def test_numbers_are_written_as_cldr_writes_them(value, lang, decimals, signed, expected):
    assert fmt_number(value, lang, decimals, signed) == expected


def test_a_language_cldr_does_not_know_reads_its_files_marks(monkeypatch):
    assert cldr.locale("fit") is None and cldr.number(1.5, "fit") is None and cldr.months("fit", "wide") is None
    for name in ("number", "months", "marks"):  # as if CLDR knew no language (its answers are cached)
        monkeypatch.setattr(cldr, name, lambda *_a, **_k: None)
    assert fmt_number(-64979.25, "sv", 1) == "−64\u00a0979,2"  # sv.toml's marks
    assert i18n.months("sv")[0] == "jan" and plotly_separators("sv") == ", "


def test_month_names_and_periods_come_from_cldr():
    assert i18n.months("sv")[:3] == ["jan.", "feb.", "mars"] and i18n.months("en")[0] == "Jan"
    assert i18n.months_long("sv")[0] == "januari" and i18n.months_long("en")[11] == "December"
    assert fmt_period("2026M11", "sv") == "nov. 2026" and fmt_period("2026M11", "en") == "Nov 2026"
    assert fmt_period("2025", "sv") == "2025"
    # CLDR has no South Sami data of its own yet (only its root's "M01"): a South Sami file's marks and months win.
    assert cldr.locale("sma") is None and cldr.months("se", "abbreviated")[0] == "ođđj"  # North Sami has its own


def test_plural_forms_follow_the_languages_rules(monkeypatch):
    assert t("older_title", "sv", n=1) == "Äldre siffror (1 nyckeltal)"
    assert t("older_title", "sv", n=2) == "Äldre siffror (2 nyckeltal)"
    assert cldr.plural(2, "sma") == "two" and cldr.plural(2, "se") == "two"  # South and North Sami have a dual
    assert cldr.plural(2, "sv") == "other" and cldr.plural(1, "en") == "one"
    # A key with a dual form is read for two where the language has one (North Sami does; Swedish does not).
    monkeypatch.setitem(i18n.texts("sv"), "test_rows", "{n} rader")
    monkeypatch.setitem(i18n.texts("sv"), "test_rows_two", "{n} (dual)")
    assert t("test_rows", "sv", n=2) == "2 rader"
    assert t("test_rows", "sv", n="–") == "– rader"
    monkeypatch.setitem(i18n.texts("en"), "test_rows", "{n} rows")
    monkeypatch.setitem(i18n.texts("en"), "test_rows_one", "{n} row")
    assert t("test_rows", "en", n="1,000") == "1,000 rows" and t("test_rows", "en", n="1") == "1 row"


def test_chart_separators_are_cldrs():
    assert plotly_separators("sv") == ", " and plotly_separators("en") == ".,"
