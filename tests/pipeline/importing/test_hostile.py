"""What people and hostile users actually send: rows that do not fit the header, odd digits, huge sheets."""

import io
import time
import zipfile

import pytest

from kpis.pipeline import editing
from kpis.pipeline.importing import read
from kpis.store.lock import LockTimeout, writer_lock
from tests.conftest import cli


def _problems(text: str, catalog, name="f.csv"):
    return editing.check_file(text.encode("utf-8"), name, catalog).problems


def test_a_decimal_comma_in_a_comma_file_is_refused_with_a_suggestion(catalog):
    [problem] = _problems("kpi,period,value\nevents_held,2024,12,5\n", catalog)
    assert (problem.row, problem.column) == (2, "value")
    assert "menade du 12,5?" in problem.text("sv") and "citattecken" in problem.text("sv")
    assert "did you mean 12,5?" in problem.text("en")


@pytest.mark.parametrize("text", [
    "kpi;period;value\nevents_held;2024;12;;\n;\n",  # a stray separator: an empty extra cell is harmless
])
def test_empty_extra_cells_are_harmless(catalog, text):
    assert not [p for p in _problems(text, catalog) if p.key.startswith("import_extra")]


@pytest.mark.parametrize("text", [
    "kpi;period;value\nevents_held;2024;12;x\n",  # a stray separator with text after it
    "kpi;period;value;note\nevents_held;2024;12;se bilaga;extra\n",  # a cell after the note
])
def test_a_row_with_more_cells_than_the_header_is_refused(catalog, text):
    problems = _problems(text, catalog)
    assert [p.key for p in problems] == ["import_extra_cells"] and problems[0].row == 2


@pytest.mark.parametrize("period", ["٢٠٢٤", "２０２４", "2024\u0660"])
def test_periods_in_non_ascii_digits_are_refused(catalog, period):
    [problem] = _problems(f"kpi;period;value\nevents_held;{period};12\n", catalog)
    assert problem.column == "period"


def test_a_figure_for_a_year_that_has_not_begun_is_refused(catalog):
    [problem] = _problems("kpi;period;value\nevents_held;2031;12\n", catalog)
    assert problem.key == "import_period_ahead"


def test_a_harmless_note_that_starts_with_a_dash_is_accepted(catalog):
    plan = editing.check_file(b"kpi;period;value;note\nevents_held;2024;12;- se bilaga\n", "f.csv", catalog)
    assert plan.ok and plan.rows.iloc[0]["note"] == "- se bilaga"
    assert not editing.check_file(b"kpi;period;value;note\nevents_held;2024;12;=1+2\n", "f.csv", catalog).ok


def test_a_correction_of_only_the_note_is_written(fresh_db, catalog):
    editing.apply(fresh_db, editing.check_file(b"kpi;period;value\nevents_held;2024;12\n", "a.csv", catalog), "a")
    plan = editing.check_file("kpi;period;value;note\nevents_held;2024;12;inklusive Storsjöyran\n".encode(), "b.csv",
                              catalog)
    assert len(editing.preview(fresh_db, plan).changed) == 1


def _xlsx_claiming_a_huge_sheet() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["kpi", "period", "value"])
    sheet.append(["events_held", 2024, 12])
    data = io.BytesIO()
    book.save(data)
    src = zipfile.ZipFile(io.BytesIO(data.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>')
            dst.writestr(item, body)
    return out.getvalue()


def test_a_workbook_claiming_a_million_rows_is_read_in_bounds(catalog):
    data = _xlsx_claiming_a_huge_sheet()
    started = time.process_time()
    table = read.read_file(data, "huge.xlsx")
    assert table.rows == [(2, ["events_held", "2024", "12"])]
    assert time.process_time() - started < 30  # generous: the claimed size is never iterated


def test_too_many_rows_stop_with_the_limit_said(catalog, monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 50)
    text = "kpi;period;value\n" + "events_held;2024;1\n" * 60
    table = read.read_file(text.encode(), "many.csv")
    assert [p.key for p in table.problems] == ["read_too_many_rows"] and "50" in table.problems[0].text("sv")


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"PK\x03\x04" + b"\x00" * 100])
def test_a_broken_workbook_gets_a_message(data):
    table = read.read_file(data, "broken.xlsx")
    assert table.problems and table.problems[0].key == "read_bad_xlsx"


def test_problems_are_listed_up_to_a_hundred_with_a_count(catalog):
    from kpis.core.problems import listed

    text = "kpi;period;value\n" + "unknown;2024;1\n" * 150
    problems = _problems(text, catalog)
    lines = listed(problems, "sv")
    assert len(lines) == 101 and "50 fel till" in lines[-1]


def test_template_refuses_to_overwrite_filled_in_files(tmp_path):
    def run(*args):
        return cli("template", tmp_path, *args)

    assert run().returncode == 0
    filled = tmp_path / "targets.csv"
    filled.write_text("ifylld", encoding="utf-8")
    again = run()
    assert again.returncode == 2 and "--force" in again.stderr
    assert filled.read_text(encoding="utf-8") == "ifylld"
    assert run("--force").returncode == 0 and filled.read_text(encoding="utf-8-sig") != "ifylld"


def test_export_and_template_given_a_file_say_so(tmp_path, seeded_db):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    for args in (["export", str(a_file), "--db", str(seeded_db)], ["template", str(a_file)]):
        result = cli(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr and "ingen mapp" in result.stderr


def test_the_writer_lock_gives_up_with_a_message(tmp_path):
    db = tmp_path / "s.duckdb"
    with writer_lock(db), pytest.raises(LockTimeout) as err, writer_lock(db, timeout=0.2):
        pass
    assert "inget skrevs" in err.value.text("sv")


@pytest.mark.parametrize("cell", ["XFD1048576", "D2"])
def test_a_workbook_with_content_outside_the_header_is_refused_not_dropped(catalog, cell):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["kpi", "period", "value"])
    sheet.append(["events_held", 2024, 12])
    sheet[cell] = "=HYPERLINK(\"https://evil.example\")" if cell == "D2" else "hidden"
    data = io.BytesIO()
    book.save(data)
    table = read.read_file(data.getvalue(), "gömd.xlsx")
    assert [p.key for p in table.problems] == ["read_outside_bounds"]
    assert cell in table.problems[0].text("sv") and "inget skrevs" in table.problems[0].text("sv")
