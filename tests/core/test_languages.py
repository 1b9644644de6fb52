"""Language as data: one default, one list of required languages, one fallback chain, ISO 639 codes of two or
three letters, for the catalog's words as for the store's stored titles."""

import tomllib

from kpis.core import languages
from kpis.core.catalog import CATALOG_PATH, parse_catalog
from kpis.core.words import Words


def _raw() -> dict:
    with open(CATALOG_PATH, "rb") as fh:
        return tomllib.load(fh)


def test_a_text_a_language_lacks_reads_the_one_fallback_chain():
    assert languages.chain("sma") == ("sma", "en", "sv")
    assert languages.chain("en") == ("en", "sv")
    assert Words(sv="Folkmängd", en="Population")["sma"] == "Population"
    assert Words(sv="Folkmängd")["fit"] == "Folkmängd"
    assert languages.first_given("fit", ["sv", "en"]) == "en"  # the store's columns, read the same way


def test_the_catalog_takes_words_in_a_three_letter_language():
    raw = _raw()
    kpi = next(k for k in raw["kpis"] if k["id"] == "population")
    kpi["title_sma"] = "Årroeh"
    raw["functions"]["marknad"]["sma"] = "Maarhnadæjja"
    catalog = parse_catalog(raw)
    assert catalog.kpis["population"].title["sma"] == "Årroeh"
    assert catalog.functions["marknad"].name["sma"] == "Maarhnadæjja"
    assert catalog.kpis["population"].title["fit"] == catalog.kpis["population"].title["en"]


def test_codes_are_iso_639_of_two_or_three_letters():
    assert languages.is_code("sv") and languages.is_code("sma") and languages.is_code("fit")
    assert not any(languages.is_code(c) for c in ("s", "svse", "SV", "sv-SE", "1a"))
