"""``python -m kpis import | undo | template`` through ``kpis.__main__.main``, on a real store."""

import hashlib

import pytest

from kpis.__main__ import main
from kpis.pipeline.importing.read import read_file
from kpis.pipeline.importing.templates import template_files
from kpis.pipeline.importing.validate import validate
from tests.pipeline.importing.bad_files import bad_files, good_excel_csv

BAD = {f.name: f for f in bad_files()}


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_leaves_the_store_byte_for_byte_unchanged(name, lang, fresh_db, tmp_path, capsys):
    bad = BAD[name]
    path = tmp_path / bad.name
    path.write_bytes(bad.data)
    before = _digest(fresh_db)
    assert main(["--lang", lang, "import", str(path), "--db", str(fresh_db), "--yes"]) == 2
    err = capsys.readouterr().err
    assert (bad.sv if lang == "sv" else bad.en) in err
    assert ("inget skrevs" if lang == "sv" else "nothing was written") in err
    assert _digest(fresh_db) == before


def test_a_good_excel_file_is_imported_and_can_be_undone(fresh_db, tmp_path, capsys):
    path = tmp_path / "destination 2024.csv"
    path.write_bytes(good_excel_csv())
    assert main(["import", str(path), "--db", str(fresh_db), "--who", "anna"]) == 0
    assert "Inläsning 1: 3 nya, 0 ändrade" in capsys.readouterr().out
    assert main(["import", str(path), "--db", str(fresh_db), "--dry-run"]) == 0
    assert "0 nya, 0 ändrade, 3 oförändrade" in capsys.readouterr().out
    changed = tmp_path / "changed.csv"
    changed.write_bytes(b"kpi;period;value\nevents_held;2024;12\nevents_held;2023;7\n")
    assert main(["import", str(changed), "--db", str(fresh_db), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "ny: events_held 2380 2023 = 7" in shown and "ändras: events_held 2380 2024:" in shown  # old → new
    assert "→ 12" in shown
    assert main(["undo", "1", "--db", str(fresh_db)]) == 0
    assert main(["--lang", "en", "undo", "1", "--db", str(fresh_db)]) == 2
    assert "already undone" in capsys.readouterr().err


def test_a_value_outside_the_range_needs_yes(fresh_db, tmp_path, capsys):
    path = tmp_path / "big.csv"
    path.write_bytes(b"kpi;period;value\nevents_held;2024;5000\n")
    before = _digest(fresh_db)
    assert main(["import", str(path), "--db", str(fresh_db)]) == 3
    assert "Bekräfta med --yes" in capsys.readouterr().err
    assert _digest(fresh_db) == before
    assert main(["import", str(path), "--db", str(fresh_db), "--yes"]) == 0


def test_templates_are_written_one_per_function_and_are_not_importable_as_they_are(tmp_path, catalog, capsys):
    assert main(["template", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["figures-destination.csv", "figures-marknad.csv", "figures-naringsliv.csv",
                     "figures-utveckling.csv", "targets.csv"]
    text = (tmp_path / "figures-naringsliv.csv").read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "kpi;period;value;region;note;kpi_name"
    assert all(line.split(";")[4] == "" for line in text.splitlines()[1:])  # no note that would become public
    assert {line.split(";")[0] for line in text.splitlines()[1:]} == {
        "establishment_cases_new", "establishment_cases_active", "establishments_completed", "expected_jobs"}
    for name, data in template_files(catalog).items():
        plan = validate(read_file(data, name), catalog, data)
        assert {p.message("en") for p in plan.problems} == {"the value is missing"}, name
