import threading

import duckdb
import pytest

from kpis.pipeline.importing.read import read_file
from kpis.pipeline.importing.validate import validate
from kpis.pipeline.importing.write import ImportRefused, apply, preview, undo
from tests.conftest import query


def _plan(catalog, text: str, name: str = "f.csv"):
    data = text.encode()
    return validate(read_file(data, name), catalog, data)


def test_preview_then_apply_writes_figures_with_their_audit(catalog, fresh_db):
    plan = _plan(catalog, "kpi;period;value;note\nevents_held;2023;38;\nevents_held;2024;41;med Storsjöyran\n")
    con = duckdb.connect(str(fresh_db), read_only=True)
    seen = preview(con, plan)
    con.close()
    assert (len(seen.new), len(seen.changed), len(seen.unchanged)) == (2, 0, 0)
    done = apply(fresh_db, plan, "anna")
    assert (done.import_id, done.rows_new, done.rows_changed) == (1, 2, 0)
    rows = query(fresh_db, "SELECT period, value, source_id, note FROM observation WHERE kpi_id = 'events_held' "
                            "ORDER BY period")
    assert rows == [("2023", 38.0, "own", None), ("2024", 41.0, "own", "med Storsjöyran")]
    run = query(fresh_db, "SELECT who, kind, file_name, file_hash, rows_new, rows_changed, status FROM import_run")
    assert run == [("anna", "figures", "f.csv", plan.file_hash, 2, 0, "applied")]


def test_a_changed_figure_is_previewed_with_its_old_value_and_can_be_undone(catalog, fresh_db):
    apply(fresh_db, _plan(catalog, "kpi;period;value\nevents_held;2024;41\n"), "anna")
    second = _plan(catalog, "kpi;period;value\nevents_held;2024;43\nevents_held;2025;12\n", "rättelse.csv")
    con = duckdb.connect(str(fresh_db), read_only=True)
    seen = preview(con, second)
    con.close()
    assert seen.changed[["period", "old_value", "value"]].values.tolist() == [["2024", 41.0, 43.0]]
    done = apply(fresh_db, second, "bertil")
    changes = query(fresh_db, "SELECT period, old_value, new_value, old_row IS NOT NULL FROM import_change "
                               "WHERE import_id = ? ORDER BY period", [done.import_id])
    assert changes == [("2024", 41.0, 43.0, True), ("2025", None, 12.0, False)]
    assert undo(fresh_db, done.import_id, "anna") == 2
    assert query(fresh_db, "SELECT period, value FROM observation WHERE kpi_id = 'events_held'") == [("2024", 41.0)]
    assert query(fresh_db, "SELECT status, undone_by FROM import_run WHERE id = ?", [done.import_id]) == [
        ("undone", "anna")]
    with pytest.raises(ImportRefused, match="already undone"):
        undo(fresh_db, done.import_id, "anna")


def test_undo_is_refused_when_a_later_import_changed_the_rows(catalog, fresh_db):
    first = apply(fresh_db, _plan(catalog, "kpi;period;value\nevents_held;2024;41\n"), "anna")
    apply(fresh_db, _plan(catalog, "kpi;period;value\nevents_held;2024;44\n"), "bertil")
    before = query(fresh_db, "SELECT * FROM observation ORDER BY ALL")
    with pytest.raises(ImportRefused) as err:
        undo(fresh_db, first.import_id, "anna")
    assert "events_held/2380/2024" in err.value.text("sv")
    assert query(fresh_db, "SELECT * FROM observation ORDER BY ALL") == before


def test_targets_are_written_with_who_and_when_and_undone_to_the_old_target(catalog, fresh_db):
    plan = _plan(catalog, "kpi;target_year;target_value;note\npopulation;2040;76000;höjt mål\nevents_held;2030;60;\n")
    done = apply(fresh_db, plan, "cecilia")
    assert (done.rows_new, done.rows_changed) == (1, 1)
    assert query(fresh_db, "SELECT target_value, set_by FROM target WHERE kpi_id = 'population'") == [
        (76000.0, "cecilia")]
    undo(fresh_db, done.import_id, "cecilia")
    rows = query(fresh_db, "SELECT kpi_id, target_value, set_by FROM target ORDER BY kpi_id")
    assert rows == [("population", 75000.0, "Östersunds kommun")]  # the published goal is back, as it was


def test_a_faulty_or_unconfirmed_plan_is_never_written(catalog, fresh_db):
    before = fresh_db.read_bytes()
    with pytest.raises(ImportRefused):
        apply(fresh_db, _plan(catalog, "kpi;period;value\nevents_held;2024;x\n"), "anna")
    with pytest.raises(ImportRefused, match="must be confirmed"):
        apply(fresh_db, _plan(catalog, "kpi;period;value\nevents_held;2024;5000\n"), "anna")
    assert fresh_db.read_bytes() == before
    apply(fresh_db, _plan(catalog, "kpi;period;value\nevents_held;2024;5000\n"), "anna", confirmed=True)
    assert query(fresh_db, "SELECT value FROM observation WHERE kpi_id = 'events_held'") == [(5000.0,)]


def test_two_editors_at_once_lose_neither_change(catalog, fresh_db):
    plans = [_plan(catalog, f"kpi;period;value\n{kpi};2024;{value}\n", f"{kpi}.csv")
             for kpi, value in [("events_held", 41), ("students_campus", 4100), ("funded_projects", 7),
                                ("event_visitors", 90000)]]
    reader = duckdb.connect(str(fresh_db), read_only=True)  # the app keeps reading meanwhile
    errors: list[Exception] = []

    def run(plan, who):
        try:
            apply(fresh_db, plan, who)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p, f"editor{i}")) for i, p in enumerate(plans)]
    for thread in threads:
        thread.start()
    assert reader.execute("SELECT count(*) FROM observation WHERE source_id = 'own'").fetchone() == (0,)
    for thread in threads:
        thread.join()
    reader.close()
    assert errors == []
    rows = query(fresh_db, "SELECT kpi_id, value FROM observation WHERE source_id = 'own' ORDER BY kpi_id")
    assert rows == [("event_visitors", 90000.0), ("events_held", 41.0), ("funded_projects", 7.0),
                    ("students_campus", 4100.0)]
    assert sorted(r[0] for r in query(fresh_db, "SELECT id FROM import_run")) == [1, 2, 3, 4]
