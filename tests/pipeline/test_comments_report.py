"""Comments from a file, their versions and undo; the board report and the feed; hostile text stays inert."""

import duckdb
import pytest

from kpis.pipeline import editing
from tests.conftest import cli, export_site, query

HOSTILE = ("kpi;period;analysis;actions;public\n"
           "population;2025;Minskade med 16 <script>alert(1)</script> [logga in](https://evil.example);"
           "=HYPERLINK(\"https://evil.example\",\"klicka\");ja\n")


def _comments(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT kpi_id, period, analysis, actions, public, who FROM comment ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_comment_file_is_a_third_kind_with_versions_and_undo(fresh_db, catalog):
    plan = editing.check_file(HOSTILE.encode(), "kommentarer.csv", catalog)
    assert plan.ok and plan.kind == "comments"
    first = editing.apply(fresh_db, plan, "anna")
    assert first.rows_new == 1
    second = editing.check_file(b"kpi;period;analys;atgarder\npopulation;2025;Ny analys;\n", "k.csv", catalog)
    assert editing.preview(fresh_db, second).changed.shape[0] == 1
    applied = editing.apply(fresh_db, second, "bertil")
    rows = _comments(fresh_db)
    assert [r[5] for r in rows] == ["anna", "bertil"] and rows[1][2] == "Ny analys"  # both versions kept
    with pytest.raises(editing.ImportRefused):
        editing.undo(fresh_db, first.import_id, "anna")  # a later version came after it
    editing.undo(fresh_db, applied.import_id, "bertil")
    assert [r[5] for r in _comments(fresh_db)] == ["anna"]


def test_bad_comment_rows_are_refused_with_row_and_column(catalog):
    text = "kpi;period;analysis;actions;public\npopulation;2025;;;ja\npopulation;2024;x;;kanske\n"
    plan = editing.check_file(text.encode(), "k.csv", catalog)
    found = {(p.row, p.column, p.key) for p in plan.problems}
    assert (2, "analysis, actions", "import_comment_empty") in found
    assert (3, "public", "import_not_yes_no") in found


def test_an_editor_comments_only_on_the_kpis_of_their_functions(catalog):
    plan = editing.comment_plan(catalog, "population", "2025", "text", "", True, functions={"destination"})
    assert not plan.ok and plan.problems[0].key == "import_not_your_kpi"


def test_the_report_holds_the_goal_every_function_and_the_comment_inert(fresh_db, catalog, tmp_path):
    editing.apply(fresh_db, editing.check_file(HOSTILE.encode(), "k.csv", catalog), "anna")
    out = tmp_path / "rapport.pdf"
    result = cli("report", "--period", "2025", "--out", out, "--db", fresh_db)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "75 000" in text and "inflyttade netto per år behövs" in text
    for function in ("Översikt", "Näringsliv", "Marknad", "Destinationsutveckling"):
        assert function in text, function
    assert "Begränsade framsteg" in text
    assert "<script>alert(1)</script>" in text  # printed as text, never run
    assert "Östersunds kommun" in text and "Sida 2" in text
    assert not any("/JavaScript" in str(page.get("/AA", "")) for page in reader.pages)


def test_the_feed_parses_as_atom_with_an_entry_per_change(fresh_db, catalog, small_catalog, tmp_path):
    editing.apply(fresh_db, editing.check_file(HOSTILE.encode(), "k.csv", catalog), "anna")
    export_site(fresh_db, small_catalog, tmp_path / "site", "https://data.example.se")
    from defusedxml.ElementTree import parse

    feed = parse(tmp_path / "site" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 1
    content = entries[0].find("a:content", ns).text
    assert "<script>" in content  # text, escaped in the XML: a reader shows it, never runs it
    raw = (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    page = (tmp_path / "site" / "population.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_the_feed_has_an_entry_per_change_after_a_refresh(refreshed_db, catalog, small_catalog, tmp_path):
    from defusedxml.ElementTree import parse

    from tests.conftest import copy_store

    db = copy_store(refreshed_db, tmp_path / "s.duckdb")
    editing.apply(db, editing.check_file(HOSTILE.encode(), "k.csv", catalog), "anna")
    changed = query(db, "SELECT count(*) FROM observation_revision")[0][0]
    fetched = query(db, "SELECT count(*) FROM observation WHERE source_id = 'scb' AND kpi_id IN (SELECT id FROM kpi)")
    export_site(db, small_catalog, tmp_path / "site", "https://data.example.se")
    entries = parse(tmp_path / "site" / "feed.xml").getroot().findall("{http://www.w3.org/2005/Atom}entry")
    titles = [e.find("{http://www.w3.org/2005/Atom}title").text for e in entries]
    assert changed and fetched[0][0]
    assert any(t.startswith("Kommentar:") for t in titles)
    assert sum("reviderad" in t for t in titles) >= 1 and len(entries) > 10


def test_an_editor_of_one_function_cannot_undo_another_functions_import(fresh_db, catalog):
    plan = editing.check_file(b"kpi;period;value\nevents_held;2024;41\n", "d.csv", catalog)
    applied = editing.apply(fresh_db, plan, "anna")
    with pytest.raises(editing.ImportRefused) as err:
        editing.undo(fresh_db, applied.import_id, "bertil", functions={"naringsliv"}, catalog=catalog)
    assert err.value.problems[0].key == "import_not_your_kpi"
    assert editing.undo(fresh_db, applied.import_id, "desiree", functions={"destination"}, catalog=catalog) == 1


def test_the_latest_version_decides_whether_a_comment_is_public(fresh_db, catalog):
    from kpis.store import reads
    from kpis.store.files import reading

    editing.apply(fresh_db, editing.check_file(b"kpi;period;analysis;actions;public\n"
                                               b"population;2025;Public text;;ja\n", "a.csv", catalog), "anna")
    editing.apply(fresh_db, editing.check_file(b"kpi;period;analysis;actions;public\n"
                                               b"population;2025;Internal now;;nej\n", "b.csv", catalog), "anna")
    with reading(fresh_db) as con:
        public = reads.comments(con, ["population"], public_only=True)
        staff = reads.comments(con, ["population"])
        feed = reads.changes_since(con, "2000-01-01", public_only=True)
    assert public.empty  # the older public version is not shown once a newer one made it private
    assert list(staff["analysis"]) == ["Internal now"]
    assert not (feed["kind"] == "comment").any()


def test_an_empty_cell_in_a_comments_file_stays_empty(fresh_db, catalog):
    from kpis.store import reads
    from kpis.store.files import reading

    text = "kpi;period;analysis;actions;public\npopulation;2025;A;;ja\npopulation;2024;B;Gör X;ja\n".encode()
    editing.apply(fresh_db, editing.check_file(text, "k.csv", catalog), "anna")
    with reading(fresh_db) as con:
        found = reads.comments(con, ["population"]).set_index("period")
    assert not isinstance(found.loc["2025", "actions"], str) and found.loc["2024", "actions"] == "Gör X"
    assert query(fresh_db, "SELECT count(*) FROM comment WHERE actions = 'nan'") == [(0,)]


def test_control_characters_in_a_comment_keep_the_feed_well_formed(fresh_db, catalog, small_catalog, tmp_path):
    from defusedxml.ElementTree import parse

    text = b"kpi;period;analysis;actions;public\npopulation;2025;Bell\x07 and\x1b escape\x0b;;ja\n"
    editing.apply(fresh_db, editing.check_file(text, "k.csv", catalog), "anna")
    export_site(fresh_db, small_catalog, tmp_path / "site", "https://data.example.se")
    entries = parse(tmp_path / "site" / "feed.xml").getroot().findall("{http://www.w3.org/2005/Atom}entry")
    contents = [e.find("{http://www.w3.org/2005/Atom}content").text for e in entries]
    assert "Bell and escape" in contents
