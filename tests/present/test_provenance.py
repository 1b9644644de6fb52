import pandas as pd

from kpis.present import provenance as notes


def _obs(sources):
    return pd.DataFrame({
        "kpi_id": "population", "region_code": "2380", "period": [str(2000 + i) for i in range(len(sources))],
        "value": 1.0, "preliminary": False, "source_id": [s for s, _ in sources], "source_url": [u for _, u in sources],
        "retrieved_at": pd.to_datetime("2026-11-26"),
    })


def test_source_line_names_publishers_and_date():
    line = notes.source_line(_obs([("seed", "https://www.ostersund.se/a"), ("seed", "https://www.ostersund.se/b"),
                                   ("scb", "https://statistikdatabasen.scb.se/api/v2")]), "sv")
    assert line == "Källa: ostersund.se, SCB. Hämtad 2026-11-26."


def test_source_line_counts_the_rest():
    urls = [("seed", f"https://site{i}.se/") for i in range(5)]
    assert "och 2 till" in notes.source_line(_obs(urls), "sv")
    assert "and 2 more" in notes.source_line(_obs(urls), "en")


def test_csv_layout(catalog):
    table = notes.observations_csv(_obs([("seed", "https://x.se")]), catalog, "sv", "publicerad")
    assert list(table.columns[:6]) == ["kpi", "region", "period", "value", "unit", "source"]
    assert table.iloc[0].region == "Östersund" and table.iloc[0].unit == "invånare"
