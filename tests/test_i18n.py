from kpis.i18n import TEXTS, fmt_number, fmt_pct, t


def test_swedish_number_format():
    assert fmt_number(64979, "sv") == "64\u00a0979"
    assert fmt_number(1234567.891, "sv", 1) == "1\u00a0234\u00a0567,9"
    assert fmt_pct(0.014, "sv") == "1,4\u00a0%"
    assert fmt_number(-16, "sv", signed=True) == "−16"
    assert fmt_number(None, "sv") == "–"


def test_english_number_format():
    assert fmt_number(64979, "en") == "64,979"
    assert fmt_pct(0.0096, "en", 2) == "0.96%"
    assert fmt_number(16, "en", signed=True) == "+16"


def test_every_text_has_both_languages():
    for key, texts in TEXTS.items():
        assert set(texts) == {"sv", "en"}, key
        assert texts["sv"] and texts["en"], key


def test_unknown_language_falls_back_to_swedish():
    assert t("nav_overview", "fi") == "Översikt"
