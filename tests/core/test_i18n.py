import re
import tomllib

from kpis.core import i18n
from kpis.core.i18n import LANGS, TEXTS_DIR, fmt_number, fmt_pct, t, texts


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
    assert fmt_number(-16, "en", signed=True) == "-16"


def test_one_file_per_language_with_the_same_keys_and_placeholders():
    files = sorted(p.stem for p in TEXTS_DIR.glob("*.toml"))
    assert set(files) == set(LANGS) and LANGS[0] == "sv"
    loaded = {lang: tomllib.loads((TEXTS_DIR / f"{lang}.toml").read_text(encoding="utf-8")) for lang in LANGS}
    keys = set(loaded["sv"])
    for lang, found in loaded.items():
        assert set(found) == keys, (lang, sorted(set(found) ^ keys))
        for key, text in found.items():
            assert text, (lang, key)
            if isinstance(text, str):
                assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", loaded["sv"][key])), (lang, key)


def test_every_text_key_used_in_the_code_exists():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    used = set()
    for path in [*root.glob("kpis/**/*.py"), *root.glob("views/*.py")]:
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in texts("sv"))
    assert not missing


def test_unknown_language_falls_back_to_swedish():
    assert t("nav_data", "fi") == "Data och källor"


def test_one_takes_the_singular_form_in_both_languages():
    from kpis.core.i18n import t

    assert t("cli_undone", "sv", n=1) == "Ångrade 1 rad" and t("cli_undone", "sv", n=2) == "Ångrade 2 rader"
    assert t("preview_more_rows", "en", n=1).strip() == "… and 1 more row"
    assert t("overview_change_up", "sv", n="1", year=2025, since="") == "Folkmängden ökade med 1 person 2025."


def _values(found, prefix=""):
    for key, value in found.items():
        if isinstance(value, dict):
            yield from _values(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield from ((f"{prefix}{key}", str(v)) for v in value)
        else:
            yield f"{prefix}{key}", str(value)


def test_the_text_files_name_no_fact_of_the_catalog():
    """The goal, the place, its county, the panel and its publisher are the catalog's: a text names them by
    placeholder ({target}, {target_year}, {place}, {county}, {panel}, {publisher}, {unit}), never by value."""
    from kpis.core.catalog import load_catalog

    catalog = load_catalog()
    goal = catalog.goal
    literal = {str(goal.target_year), f"{goal.target_value:,.0f}", f"{goal.target_value:,.0f}".replace(",", " "),
               f"{goal.target_value:,.0f}".replace(",", "\u00a0"), catalog.site.panel,
               *(catalog.site.place[lang] for lang in ("sv", "en")),
               *(catalog.site.publisher[lang] for lang in ("sv", "en")), catalog.site.unit["sv"],
               catalog.region_name("23", "sv"), catalog.region_name("23", "en")}
    for lang in i18n.LANGS:
        found = [(key, word) for key, text in _values(i18n.texts(lang)) for word in literal if word and word in text]
        assert not found, (lang, found)


def test_a_fact_comes_from_the_catalog_unless_the_caller_gives_it():
    assert i18n.t("nav_model", "sv") == "Vägen till 75\u00a0000"
    assert i18n.t("nav_model", "en") == "The road to 75,000"
    assert i18n.t("report_title", "sv", period=2025) == "Tillväxtpanelen: uppföljning 2025"
    assert i18n.t("peers_help", "en").startswith("Östersund is always shown with Jämtland County")
    assert i18n.t("card_unit", "sv", unit="tkr") == "Enhet: tkr"  # the caller's value wins
    assert i18n.t("rank_hover", "sv") == i18n.texts("sv")["rank_hover"]  # Plotly's own templates left alone
