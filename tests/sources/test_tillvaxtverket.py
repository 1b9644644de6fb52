from datetime import date

from kpis.sources.tillvaxtverket import fetch_tillvaxtverket


def test_totals_sum_accommodation_types_and_months_are_periods(sources, sources_catalog):
    fetched = fetch_tillvaxtverket(sources_catalog, list(sources_catalog.regions), f"{sources.base}/tvv", 2.0,
                                   today=date(2026, 11, 26))
    obs = fetched.observations.set_index(["kpi_id", "region_code", "period"])
    assert obs.loc[("guest_nights", "2380", "2016"), "value"] == 411050  # hotel + camping + hostel; ".." skipped
    assert obs.loc[("guest_nights", "23", "2017"), "value"] == 3076678  # the Län level, decoded from Latin-1
    assert ("guest_nights", "0180", "2017") not in obs.index  # not one of the catalog's regions
    assert obs.loc[("guest_nights_month", "2380", "2025M01"), "value"] == 21900
    assert not obs.loc[("guest_nights_month", "2380", "2025M01"), "preliminary"]
    assert obs.loc[("guest_nights_month", "2380", "2026M01"), "preliminary"]  # the year is not over
