import pytest

from kpis.pipeline.importing.read import read_file
from kpis.pipeline.importing.validate import parse_number, validate
from tests.pipeline.importing.bad_files import bad_files, good_excel_csv

BAD = {f.name: f for f in bad_files()}


def test_at_least_25_bad_files_each_refused_for_a_reason_of_its_own(catalog):
    """Each bad file is refused, and for what it is named after (the parametrised test below checks each message,
    row and column); together they cover at least 20 kinds of refusal, so no case hides behind another."""
    assert len(BAD) >= 25 and len({bad.data for bad in BAD.values()}) == len(BAD)
    reasons = {}
    for name, bad in BAD.items():
        plan = validate(read_file(bad.data, bad.name), catalog, bad.data)
        assert not plan.ok and plan.problems, name
        found = [p for p in plan.problems if bad.sv in p.text("sv") and bad.en in p.text("en")]
        assert found, (name, [p.text("sv") for p in plan.problems])
        reasons[name] = found[0].key
    assert len(set(reasons.values())) >= 20, reasons


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_file_is_refused_with_row_and_column(name, catalog):
    bad = BAD[name]
    plan = validate(read_file(bad.data, bad.name), catalog, bad.data)
    assert not plan.ok
    matches = [p for p in plan.problems if bad.sv in p.text("sv") and bad.en in p.text("en")]
    assert matches, [p.text("sv") for p in plan.problems]
    if bad.row is not None:
        assert matches[0].row == bad.row
        assert f"rad {bad.row}" in matches[0].text("sv") and f"row {bad.row}" in matches[0].text("en")
    if bad.column is not None:
        assert matches[0].column == bad.column
        assert f"kolumn {bad.column}" in matches[0].text("sv")


def test_every_problem_is_reported_at_once(catalog):
    data = b"kpi;period;value\r\nnope;2024;1\r\nevents_held;20;x\r\nevents_held;2024;-1\r\n"
    plan = validate(read_file(data, "many.csv"), catalog, data)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "kpi"), (3, "period"), (3, "value"), (4, "value")]


def test_what_swedish_excel_writes_is_read(catalog):
    data = good_excel_csv()
    plan = validate(read_file(data, "excel.csv"), catalog, data)
    assert plan.ok, [p.text() for p in plan.problems]
    rows = plan.rows.set_index("kpi_id")
    assert rows.loc["event_visitors", "value"] == 12500
    assert rows.loc["event_visitors", "note"] == "Storsjöyran med fler"
    assert rows.loc["funded_projects_sek", "value"] == 2_500_000
    assert set(rows["region_code"]) == {"2380"}
    assert plan.kind == "figures" and len(plan.file_hash) == 64


def test_utf8_with_bom_and_commas_and_xlsx_numbers(catalog):
    data = "\ufeffkpi,period,value\nevents_held,2024,41\nstudents_campus,2024,\"4100\"\n".encode()
    plan = validate(read_file(data, "bom.csv"), catalog, data)
    assert plan.ok and plan.rows["value"].tolist() == [41, 4100]
    from tests.pipeline.importing.bad_files import _xlsx
    xlsx = _xlsx([["Nyckeltal", "Period", "Värde"], ["events_held", 2024.0, 41.0], [None, None, None]])
    plan = validate(read_file(xlsx, "figures.xlsx"), catalog, xlsx)
    assert plan.ok, [p.text() for p in plan.problems]
    assert plan.rows[["period", "value"]].values.tolist() == [["2024", 41.0]]


def test_a_value_outside_the_plausible_range_is_a_warning_to_confirm(catalog):
    data = b"kpi;period;value\r\nevents_held;2024;5000\r\n"
    plan = validate(read_file(data, "big.csv"), catalog, data)
    assert plan.ok and len(plan.warnings) == 1
    assert "utanför det rimliga intervallet 0–2000" in plan.warnings[0].text("sv")


def test_targets_file(catalog):
    data = b"kpi;target_year;target_value;baseline_year\r\nevents_held;2030;60;2024\r\npopulation;2040;75000;\r\n"
    plan = validate(read_file(data, "targets.csv"), catalog, data)
    assert plan.ok and plan.kind == "targets"
    assert plan.rows["target_year"].tolist() == [2030, 2040]


@pytest.mark.parametrize(("text", "value"), [("1 234,5", 1234.5), ("1234.5", 1234.5), ("1,234.5", 1234.5),
                                             ("1.234,5", 1234.5), ("\u221212", -12.0), ("12\u00a0000", 12000.0),
                                             ("1e3", 1000.0), ("", None), ("1,2,3", None), ("12 kr", None),
                                             ("nan", None), ("inf", None)])
def test_parse_number(text, value):
    assert parse_number(text) == value
