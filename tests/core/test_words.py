from kpis.core.words import Words


def test_a_language_the_text_lacks_reads_english_then_swedish():
    assert Words(sv="Folkmängd", en="Population")["fr"] == "Population"
    assert Words(sv="Folkmängd")["de"] == "Folkmängd"
    assert Words()["fr"] == ""
    assert Words(sv="a", en="b")["sv"] == "a"
