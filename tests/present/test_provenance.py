import io

import pandas as pd

from kpis.present import provenance as notes


def _obs(sources, notes_=None, classes=None, retrieved=None, caveats=None, provenance=None):
    n = len(sources)
    return pd.DataFrame({
        "kpi_id": "population", "region_code": "2380", "period": [str(2000 + i) for i in range(n)],
        "value": 1.0, "preliminary": False, "source_id": [s for s, *_ in sources],
        "source_url": [u for _, u, *_ in sources], "source_type": [r[2] if len(r) > 2 else None for r in sources],
        "note": notes_ or [None] * n, "source_class": classes or [None] * n,
        "retrieved_at": pd.to_datetime(retrieved or ["2026-11-26"] * n),
        "caveat": caveats or [None] * n, "provenance": provenance or [None] * n,
    })


def test_source_line_names_publishers_classes_and_dates():
    line = notes.source_line(_obs(
        [("seed", "https://www.ostersund.se/a"), ("seed", "https://www.ostersund.se/b"),
         ("seed", "https://www.statistikdatabasen.scb.se/x", "official_SCB_table_TAB638")],
        classes=["republished", "republished", "official"],
        retrieved=["2026-11-26", "2026-11-26", "2026-09-13"]), "sv")
    assert line == ("Källa: ostersund.se (återpublicerad), SCB, tabell TAB638 (officiell). "
                    "Hämtad 2026-09-13–2026-11-26.")


def test_a_fetched_row_is_named_by_its_table_and_its_note_is_no_caveat():
    obs = _obs([("scb", "https://statistikdatabasen.scb.se/api/v2/tables/TAB5557")], notes_=["SCB TAB5557"],
               classes=["official"])
    assert notes.source_line(obs, "en").startswith("Source: Statistics Sweden (SCB), table TAB5557 (official).")
    assert notes.footnotes(obs, None, "en") == []


def test_source_line_counts_the_rest():
    urls = [("seed", f"https://site{i}.se/") for i in range(5)]
    assert "och 2 till" in notes.source_line(_obs(urls), "sv")
    assert "and 2 more" in notes.source_line(_obs(urls), "en")


def test_a_caveat_reaches_the_table_the_csv_and_the_footnotes_in_the_readers_language(catalog):
    obs = _obs([("seed", "https://x.se"), ("seed", "https://y.se")], classes=["official", "unofficial"],
               caveats=["rounded", None], provenance=["ROUNDED to hundreds in the press release", "copy of a row"])
    table = notes.observations_csv(obs, catalog, "sv", "publicerad")
    assert list(table.columns[:8]) == ["kpi", "region", "period", "value", "unit", "source", "source_class", "note"]
    assert table.iloc[0].note == "Avrundad siffra."
    assert table.iloc[0].source_class == "officiell" and table.iloc[1].source_class == "inofficiell"
    assert table.iloc[0].preliminary == "nej"  # words, not True/False
    assert notes.footnotes(obs, catalog, "sv") == ["2000, Östersund: Avrundad siffra."]
    assert notes.footnotes(obs, catalog, "en") == ["2000, Östersund: Rounded figure."]
    assert "⚠ Avrundad" in notes.hover_notes(obs, "sv")[0] and notes.hover_notes(obs, "sv")[1] == ""
    csv = notes.csv_bytes(notes.for_download(table, "sv"), "sv").decode("utf-8-sig")
    # The assembler's English notes are in the English download's provenance column only: a Swedish download
    # has no English, and nowhere a reader sees them.
    assert "ursprung" not in csv.splitlines()[0] and "ROUNDED" not in csv and "källa" in csv.splitlines()[0]
    english = notes.observations_csv(obs, catalog, "en", "published")
    csv = notes.csv_bytes(notes.for_download(english, "en"), "en").decode("utf-8-sig")
    assert "provenance" in csv.splitlines()[0] and "ROUNDED to hundreds" in csv
    assert not any("ROUNDED" in line for line in [*notes.footnotes(obs, catalog, "sv"), *notes.hover_notes(obs, "sv")])


def test_a_caveat_with_a_detail_says_it_in_both_languages(catalog):
    obs = _obs([("seed", "https://x.se")], classes=["official"], caveats=["method_change:ckm_noise"])
    assert notes.footnotes(obs, catalog, "sv")[0].startswith("2000, Östersund: Ändrad metod. Från 2025 lägger SCB")
    assert notes.footnotes(obs, catalog, "en")[0].startswith("2000, Östersund: Method change. From 2025 SCB adds")
    assert notes.caveat_text("unknown_code", "sv") == ""  # never shown as it is


def test_a_computed_row_names_the_tables_of_its_parts():
    obs = _obs([("computed", "https://a/TAB1264 https://b/TAB960", "computed:TAB1264,TAB960")],
               classes=["computed"])
    assert notes.source_line(obs, "sv").startswith("Källa: beräknad från SCB:s tabeller TAB1264, TAB960 (beräknad).")


def test_csv_as_swedish_excel_reads_it_and_as_english_tools_do():
    table = pd.DataFrame({"kpi": ["a", "b"], "value": [1234.5, 2.0], "note": ["=HYPERLINK(\"x\")", "- se bilaga"]})
    swedish = notes.csv_bytes(table, "sv")
    assert swedish.startswith("\ufeff".encode())
    text = swedish.decode("utf-8-sig")
    assert text.splitlines()[0] == "kpi;value;note"
    assert "1234,5" in text and "a;1234,5;\"'=HYPERLINK" in text  # decimal comma, no formula runs
    assert "'- se bilaga" in text
    english = notes.csv_bytes(table, "en").decode("utf-8")
    assert not english.startswith("\ufeff") and english.splitlines()[0] == "kpi,value,note"
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["value"].tolist() == [1234.5, 2.0]


def test_every_charts_source_line_names_only_the_classes_of_the_rows_it_draws(seeded_db, catalog):
    """Every KPI of the catalog, its trend and comparison as the export draws them: a class of source in the line
    (``(inofficiell)``) is one of a row drawn, or of a population a per-1 000 figure was divided by."""
    from kpis.core.i18n import t
    from kpis.core.source_class import CLASSES, OFFICIAL
    from kpis.present import chart_list
    from kpis.store import reads
    from kpis.store.files import reading

    regions = [*catalog.always, *catalog.peers_default]
    with reading(seeded_db) as con:
        obs = reads.observations(con, list(catalog.kpis), regions)
    checked = 0
    for lang in ("sv", "en"):
        inputs = chart_list.Inputs(obs, catalog, lang, regions=regions)
        for kpi in catalog.kpis.values():
            for spec in chart_list.kpi_charts(kpi, inputs):
                if spec.kind not in ("trend", "compare"):
                    continue
                named = {c for c in CLASSES if f"({t(f'class_{c}', lang)})" in spec.source}
                drawn = {c for c in CLASSES if t(f"class_{c}", lang) in set(spec.table["source_class"])}
                per_1000 = spec.table["unit"].astype(str).str.contains(t("per_1000", lang), regex=False).any()
                assert named <= drawn | ({OFFICIAL} if per_1000 else set()), (kpi.id, spec.kind, spec.source)
                checked += 1
    assert checked > 30


def test_a_note_about_several_years_and_regions_is_said_once(catalog):
    obs = pd.DataFrame({
        "kpi_id": "population", "region_code": ["2380", "2380", "2380", "23", "2380"],
        "period": ["1968", "1969", "1970", "1969", "1975"], "value": 1.0,
        "caveat": ["boundary_change", "boundary_change", "boundary_change", "boundary_change", "rounded"]})
    lines = notes.footnotes(obs, catalog, "sv")
    assert len(lines) == 2 and lines[1] == "1975, Östersund: Avrundad siffra."
    assert lines[0].startswith("1968–1970, Östersund, Jämtlands län: ")
