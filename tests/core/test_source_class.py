from kpis.core.source_class import caveat_parts, classify, is_approximate


def test_every_row_gets_a_class_from_its_source():
    assert classify("scb", None) == "official"
    assert classify("seed", "official_SCB_table_TAB638") == "official"
    assert classify("own", None) == "own"
    assert classify("seed", "wikipedia") == "unofficial"
    assert classify("seed", "municipal_site_citing_SCB") == "republished"


def test_a_caveat_is_a_code_and_an_optional_detail():
    assert caveat_parts("method_change:ckm_noise") == ("method_change", "ckm_noise")
    assert caveat_parts(" ") is None and caveat_parts(None) is None
    assert is_approximate("rounded") and is_approximate("early_estimate:x") and not is_approximate("preliminary")
