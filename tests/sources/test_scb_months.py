"""SCB's monthly population statistics for all of Sweden: the catalog's regions every month, every other
municipality the last 36 months, in one more data call a table (the test SCB with every region, months to 2026M10)."""

import dataclasses
from datetime import date

from kpis.core import months
from kpis.present import year_so_far
from kpis.sources.scb import RECENT_MONTHS, fetch_scb, recent_months


def test_recent_months_are_the_last_36_before_this_one():
    months = [f"{y}M{m:02d}" for y in range(2022, 2027) for m in range(1, 13)]
    recent = recent_months(months, date(2026, 12, 6))
    assert len(recent) == RECENT_MONTHS == 36
    assert (recent[0], recent[-1]) == ("2023M12", "2026M11")
    assert recent_months(["2026", "2023M11"], date(2026, 12, 6)) == []  # years and older months are not recent


def test_every_municipality_comes_for_the_recent_months_only(everyone_server, catalog):
    # The population and its change: what the place so far needs (each monthly KPI is asked for in the same calls).
    wanted = ("population_month", "population_change_month")
    months_catalog = dataclasses.replace(catalog, kpis={k: catalog.kpis[k] for k in wanted}, everyone=True)
    before = len(everyone_server.requests)
    fetched = fetch_scb(months_catalog, list(months_catalog.regions), f"{everyone_server.base}/scb", 30.0)
    posts = [path for method, path in everyone_server.requests[before:] if method == "POST"]
    assert sorted(posts) == sorted(["/scb/tables/TAB1625/data"] * 2 + ["/scb/tables/TAB6473/data"] * 2), posts
    obs = fetched.observations
    change = obs[obs["kpi_id"] == "population_change_month"]
    latest = change[change["period"] == "2026M10"]
    municipalities = {c for c in latest["region_code"] if len(c) == 4}
    assert len(municipalities) == 290
    first = min(recent_months(sorted(set(change["period"]))))
    older = change[change["period"] < first]
    assert set(older["region_code"]) <= set(months_catalog.regions)  # before the 36 months: the catalog's own
    assert {"2380", "23", "00"} <= set(older["region_code"])
    assert not obs.duplicated(["kpi_id", "region_code", "period"]).any()
    stockholm = latest[latest["region_code"] == "0180"]
    assert len(stockholm) == 1 and stockholm["value"].notna().all()
    # What they are for: the home's place so far this year, said on the overview, Vägen and in the report.
    place = months.place_so_far(obs, "2380", 2026, 10)
    assert place is not None and place.count == 290 and 1 <= place.rank <= 290
    block = year_so_far.build(obs, months_catalog, None, "sv", everyone=obs)
    assert block is not None
    assert f"plats {place.rank} av 290 i folkökning per 1 000 invånare januari–oktober 2026" in " ".join(
        block.sentences)
