"""``kpis.pipeline.refresh`` against the local server playing SCB, Kolada and Tillväxtverket, faults included."""

from __future__ import annotations

import json
import os

import duckdb
import pytest

from kpis.pipeline.refresh import refresh
from kpis.store.files import connect_read_only
from tests.conftest import cli, copy_store, query
from tests.fakes.clock import Clock
from tests.fakes.sources_server import Fault

SHORT_TIMEOUT = "0.5"  # seconds: the client's time-out in the tests about time-outs (the server hangs, never sleeps)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Retry-After waits (the one retry policy, kpis/sources/http.py) noted instead of slept."""
    noted = Clock()
    monkeypatch.setattr("kpis.sources.http.time", noted)
    return noted


@pytest.fixture
def refreshed(refreshed_db, tmp_path):
    """A store of its own that has had one good refresh from every source: the data the app already has."""
    return copy_store(refreshed_db, tmp_path / "tillvaxt.duckdb")


def _rows(db, source_id=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        sql = "SELECT * EXCLUDE (retrieved_at) FROM observation"
        params = []
        if source_id:
            sql += " WHERE source_id = ?"
            params.append(source_id)
        return con.execute(sql + " ORDER BY ALL", params).fetchall()
    finally:
        con.close()


def _value(db, kpi, region, period):
    rows = query(db, "SELECT value, preliminary, source_id, note FROM observation "
                    "WHERE kpi_id = ? AND region_code = ? AND period = ?", [kpi, region, period])
    return rows[0] if rows else None


def test_refresh_stitches_old_and_new_tables_into_one_series(sources, sources_catalog, fresh_db):
    assert _value(fresh_db, "population", "2380", "2025")[:3] == (64963.0, False, "seed")  # SCB's final figure
    results = refresh(fresh_db, sources_catalog)
    assert [(r.source_id, r.status) for r in results] == [("scb", "ok"), ("kolada", "ok"), ("tillvaxtverket", "ok"),
                                                          ("scb_ages", "ok")]
    assert _value(fresh_db, "population", "2380", "2024") == (64979.0, False, "scb", "SCB TAB638")
    # 2025 from the CKM table: the published total, and no longer preliminary.
    assert _value(fresh_db, "population", "2380", "2025") == (64963.0, False, "scb", "SCB TAB5557")
    assert _value(fresh_db, "natural_increase", "00", "2025")[0] == 5300
    assert _value(fresh_db, "in_migration", "2380", "2024")[3] == "SCB TAB1212"
    assert _value(fresh_db, "in_migration", "2380", "2025")[3] == "SCB TAB6640"
    assert _value(fresh_db, "guest_nights_month", "2380", "2025M02")[0] == 26000
    assert _value(fresh_db, "employment_rate_20_64", "2380", "2024")[0] == 83.1
    # Older published figures the sources did not send are kept.
    assert _value(fresh_db, "population", "2380", "1975")[:3] == (54135.0, False, "seed")
    runs = query(fresh_db, "SELECT source_id, status, rows > 0, calls FROM refresh_run ORDER BY source_id")
    # scb_ages: /config, nine tables' metadata by id (no search), eleven data calls.
    assert runs == [("kolada", "ok", True, 3), ("scb", "ok", True, 13), ("scb_ages", "ok", True, 21),
                    ("tillvaxtverket", "ok", True, 2)]
    labels = query(fresh_db, "SELECT label FROM code_label WHERE table_id = 'TAB6481' AND variable = 'Forandringar' "
                            "AND code = '135'")
    assert labels == [("födelseöverskott",)]


def test_a_changed_figure_keeps_its_old_value_as_a_revision(sources, sources_catalog, refreshed):
    fresh_db = refreshed  # after one good refresh
    # The seed had SCB's first 2025 figure for Sweden; the table now says 10 605 520.
    first = query(fresh_db, "SELECT old_value, new_value, old_source_id, old_preliminary, source_id "
                           "FROM observation_revision WHERE kpi_id = 'population' AND region_code = '00'")
    assert first == [(10605529.0, 10605520.0, "seed", False, "scb")]
    sources.revise("TAB638", 64990, Region="2380", ContentsCode="BE0101N1", Tid="2024")
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert (result.status, result.revised_values, result.new_values) == ("ok", 1, 0)
    assert _value(fresh_db, "population", "2380", "2024")[0] == 64990
    revised = query(fresh_db, "SELECT old_value, new_value, old_source_id FROM observation_revision "
                             "WHERE region_code = '2380' AND period = '2024'")
    assert revised == [(64979.0, 64990.0, "scb")]


def test_an_empty_value_never_wipes_out_a_figure(sources, sources_catalog, refreshed):
    fresh_db = refreshed  # after one good refresh
    sources.revise("TAB638", None, Region="2380", ContentsCode="BE0101N1", Tid="2023")
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert result.ok
    assert _value(fresh_db, "population", "2380", "2023")[0] == 64881


def _drop_lines(year: str):
    def transform(payload: bytes) -> bytes:
        return b"".join(line for line in payload.splitlines(keepends=True) if not line.startswith(year.encode()))
    return transform


def _drop_variable(variable: str):
    def transform(meta: dict) -> dict:
        meta = json.loads(json.dumps(meta))
        meta["id"] = [v for v in meta["id"] if v != variable]
        meta["size"] = [len(meta["dimension"][v]["category"]["index"]) for v in meta["id"]]
        del meta["dimension"][variable]
        return meta
    return transform


FAULTS = {
    "scb 500": ("scb", "/scb/tables/TAB5169/data", Fault(status=500), "servern svarade med fel"),
    "scb always 429": ("scb", "/scb/tables/TAB638/data", Fault(status=429, retry_after="0"),
                       "servern svarade med fel"),
    "scb body cut off": ("scb", "/scb/tables/TAB6640/data", Fault(truncate=True), "scb"),
    "scb time-out": ("scb", "/scb/tables/TAB1212/metadata", Fault(hang=True), f"inget svar inom {SHORT_TIMEOUT} s"),
    "scb metadata changed": ("scb", "/scb/tables/TAB5557/metadata", Fault(transform=_drop_variable("Kon")),
                             "tabellens variabler har ändrats"),
    "kolada 500 on page 2": ("kolada", "/kolada/data/kpi/N00999", Fault(status=500, query_contains="page=2"),
                             "servern svarade med fel"),
    "kolada body cut off": ("kolada", "/kolada/data/kpi/N02243", Fault(truncate=True), "kolada"),
    "kolada value of the wrong type": ("kolada", "/kolada/data/kpi/N02243",
                                       Fault(transform=lambda body: {**body, "values": [
                                           {**row, "values": [{**v, "value": "83,4"} for v in row["values"]]}
                                           for row in body["values"]]}),
                                       "värden som inte är tal"),
    "tvv time-out": ("tillvaxtverket", "/tvv/GuestNights_Capacity_Revenue_Month.txt", Fault(hang=True),
                     f"inget svar inom {SHORT_TIMEOUT} s"),
    "tvv series shrank": ("tillvaxtverket", "/tvv/GuestNights_Capacity_Revenue_Year.txt",
                          Fault(transform=_drop_lines("2016")), "serier har krympt oväntat"),
    "tvv columns changed": ("tillvaxtverket", "/tvv/GuestNights_Capacity_Revenue_Year.txt",
                            Fault(transform=lambda b: b.replace(b"ANTAL_GASTNATTER", b"GASTNATTER")),
                            "kolumnerna ANTAL_GASTNATTER saknas"),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_failing_source_keeps_its_series(name, sources, sources_catalog, refreshed, clock, monkeypatch):
    """Each fault against the faulted source alone (test_a_failing_source_does_not_stop_the_others: all of them)."""
    source, path, fault, words = FAULTS[name]
    if fault.hang:  # only the time-out cases get the short time-out: a loaded CI machine may take longer to answer
        monkeypatch.setenv("TILLVAXT_HTTP_TIMEOUT", SHORT_TIMEOUT)
    before = _rows(refreshed, source)
    # The source has new figures now.
    sources.revise("TAB638", 64990, Region="2380", ContentsCode="BE0101N1", Tid="2024")
    sources.revise("TAB1212", 4001, Region="2380", ContentsCode="BE0101A4", Tid="2023")
    sources.fault(path, fault)
    [failed] = refresh(refreshed, sources_catalog, [source])
    assert failed.status == "failed"
    assert words.lower() in failed.message_sv.lower(), failed.message_sv
    assert _rows(refreshed, source) == before  # nothing lost, nothing half-written
    recorded = query(refreshed, "SELECT r.status, w.text FROM refresh_run r JOIN wording w ON w.subject = "
                                "'refresh_run' AND w.id = r.id AND w.field = 'message' AND w.lang = 'sv' "
                                "WHERE r.source_id = ? ORDER BY r.started_at DESC LIMIT 1", [source])
    assert recorded == [("failed", failed.message_sv)]


def test_a_failing_source_does_not_stop_the_others(sources, sources_catalog, refreshed):
    before = _rows(refreshed, "tillvaxtverket")
    sources.revise("TAB638", 64990, Region="2380", ContentsCode="BE0101N1", Tid="2024")
    sources.fault("/tvv/GuestNights_Capacity_Revenue_Month.txt", Fault(status=500))
    results = {r.source_id: r for r in refresh(refreshed, sources_catalog)}
    assert results["tillvaxtverket"].status == "failed"
    assert _rows(refreshed, "tillvaxtverket") == before
    others = [r for s, r in results.items() if s != "tillvaxtverket"]
    assert [r.source_id for r in others] == ["scb", "kolada", "scb_ages"]
    assert all(r.ok for r in others), [(r.source_id, r.message_en) for r in others]
    assert _value(refreshed, "population", "2380", "2024")[0] == 64990  # SCB's new figure came in


def test_a_429_with_retry_after_is_waited_out(sources, sources_catalog, fresh_db, clock):
    sources.fault("/scb/tables/TAB638/data", Fault(status=429, retry_after="7", times=1))
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert result.ok, result.message_en
    assert sources.calls("/scb/tables/TAB638/data") == 2
    assert result.calls == 14  # the retry is counted
    assert 7.0 in clock.waits  # waited as long as the server asked


def test_an_implausible_value_is_refused(sources, sources_catalog, fresh_db):
    sources.revise("TAB638", -5, Region="2380", ContentsCode="BE0101N1", Tid="2024")
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert not result.ok
    assert "population/2380/2024 = -5" in result.message_sv
    assert _value(fresh_db, "population", "2380", "2024")[2] == "seed"


def test_a_reader_keeps_the_old_store_while_a_new_one_is_swapped_in(sources, sources_catalog, fresh_db):
    reader = connect_read_only(fresh_db)
    old_inode = os.stat(fresh_db).st_ino
    refresh(fresh_db, sources_catalog, ["scb"])
    assert os.stat(fresh_db).st_ino != old_inode  # a new file was renamed into place
    assert reader.execute("SELECT source_id FROM observation WHERE kpi_id = 'population' AND region_code = '2380' "
                          "AND period = '2024'").fetchone() == ("seed",)
    reader.close()
    assert _value(fresh_db, "population", "2380", "2024")[2] == "scb"


def test_cli_refreshes_one_source_and_says_how_it_went(sources, fresh_db):
    done = cli("refresh", "--source", "kolada", "--db", fresh_db)
    assert done.returncode == 0, done.stderr
    # Counted from the catalog (tests/conftest.py: kolada_calls), so a Kolada KPI added changes the count, not the test.
    from kpis.core.catalog import load_catalog
    from tests.conftest import kolada_calls

    calls = kolada_calls(load_catalog())
    assert "kolada" in done.stderr and f"ok: 9 värden, 7 nya, 0 reviderade, {calls} anrop" in done.stderr
    assert [r[0] for r in query(fresh_db, "SELECT source_id FROM refresh_run")] == ["kolada"]


def test_cli_exit_code_says_a_source_failed(sources, fresh_db):
    sources.fault("/tvv/", Fault(status=500))
    done = cli("--lang", "en", "refresh", "--source", "tillvaxtverket", "--db", fresh_db)
    assert done.returncode == 1
    assert "tillvaxtverket" in done.stderr and "FAILED" in done.stderr
    assert "Failed: tillvaxtverket; their series are unchanged." in done.stderr


def test_a_source_whose_write_fails_leaves_the_store_and_the_others_go_on(
        sources, sources_catalog, fresh_db, monkeypatch):
    from kpis.store import writes

    real_merge = writes.merge_fetched

    def failing_merge(con, frame, source_id, retrieved, now):
        if source_id == "kolada":
            con.execute("INSERT INTO observation (kpi_id) VALUES (NULL)")  # a constraint the store refuses
        return real_merge(con, frame, source_id, retrieved, now)

    monkeypatch.setattr(writes, "merge_fetched", failing_merge)
    before = _rows(fresh_db, "kolada")
    results = {r.source_id: r for r in refresh(fresh_db, sources_catalog)}
    assert results["kolada"].status == "failed" and "writing failed" in results["kolada"].message_en
    assert results["scb"].ok and results["tillvaxtverket"].ok
    assert _rows(fresh_db, "kolada") == before
    assert _value(fresh_db, "population", "2380", "2024")[2] == "scb"
    assert query(fresh_db, "SELECT status FROM refresh_run WHERE source_id = 'kolada'") == [("failed",)]


def test_without_a_cohort_section_the_ages_are_not_fetched(sources, sources_catalog, fresh_db):
    import dataclasses

    plain = dataclasses.replace(sources_catalog, cohort=None)
    results = refresh(fresh_db, plain, ["scb", "scb_ages"])
    assert [r.source_id for r in results] == ["scb"] and results[0].ok
    assert sources.calls("/scb/tables/TAB1264") == 0


def test_the_function_pages_scb_kpis_refresh_by_code_with_their_fixed_selections(sources, catalog, fresh_db):
    before = _value(fresh_db, "dwellings_completed_multi_dwelling", "2380", "2020")
    [result] = refresh(fresh_db, catalog, ["scb"])
    assert result.ok, result.message_en
    multi = _value(fresh_db, "dwellings_completed_multi_dwelling", "2380", "2020")
    small = _value(fresh_db, "dwellings_completed_one_two_dwelling", "2380", "2020")
    # Hustyp kept apart (the table would sum both types if it were left out): the test values 300+ and 90+.
    assert (multi[0], multi[3]) == (304.5, "SCB TAB2538") and small[0] == 94.5 and before[0] != multi[0]
    assert _value(fresh_db, "employment_rate_20_64_pct", "2380", "2024")[:3] == (81.4, False, "scb")
    assert _value(fresh_db, "unemployment_rate_20_64_pct", "2380", "2024")[0] == 4.4
    assert _value(fresh_db, "mean_age_years", "2380", "2025")[0] == 43.7
    # Tables the local SCB does not have are named as warnings; their KPIs keep the snapshot's figures.
    assert "TAB3554 (404)" in result.message_en
    assert _value(fresh_db, "median_earned_income_tkr", "2380", "2024")[2] == "seed"


def test_a_retry_after_of_a_day_is_capped(sources, sources_catalog, fresh_db, clock):
    import kpis.sources.http as http

    sources.fault("/scb/tables/TAB638/data", Fault(status=429, retry_after="100000", times=1))
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert result.ok, result.message_en
    assert sources.calls("/scb/tables/TAB638/data") == 2  # waited (the capped time) and asked again
    assert clock.waits == [http.MAX_RETRY_AFTER]


def test_a_source_that_trickles_is_stopped_by_its_total_budget(sources, sources_catalog, fresh_db, monkeypatch):
    from kpis.pipeline import refresh as refreshing

    monkeypatch.setenv("TILLVAXT_SOURCE_BUDGET", "1")
    assert refreshing.budget_seconds() == 1  # the setting read, then made short for the test
    monkeypatch.setattr(refreshing, "budget_seconds", lambda: 0.5)
    sources.fault("/scb/", Fault(delay=0.05))  # every answer slow, none past the read time-out
    before = _rows(fresh_db, "scb")
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert result.status == "failed" and "längre än 0.5 s" in result.message_sv
    assert _rows(fresh_db, "scb") == before
