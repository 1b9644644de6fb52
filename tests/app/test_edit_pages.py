"""The editing pages through AppTest: who sees them, sign-in, a target edit and the audit on Data och källor."""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from kpis.pipeline.auth import hash_password
from tests.conftest import PROJECT_DIR

PASSWORD = "rätt häst batteri häftstift"


@pytest.fixture(scope="module")
def editors():
    return {"anna": {"name": "Anna Andersson", "password_hash": hash_password(PASSWORD)}}


@pytest.fixture
def edit_env(fresh_db, monkeypatch):
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    monkeypatch.delenv("TILLVAXT_PUBLIC", raising=False)
    return fresh_db


def _app(editors=None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30)
    if editors is not None:
        at.secrets["editors"] = editors
    return at


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.switch_page("views/sign_in.py").run()
    at.text_input[0].input("anna")
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def test_without_editors_there_is_no_sign_in(edit_env):
    at = _app().run()
    assert not at.exception
    with pytest.raises(Exception):  # noqa: B017 - not a page of this app
        at.switch_page("views/sign_in.py").run()


def test_a_wrong_password_is_refused(edit_env, editors):
    at = _sign_in(_app(editors).run(), "fel lösenord")
    assert at.error[0].value == "Fel användarnamn eller lösenord."
    assert "editor" not in at.session_state


def test_public_mode_has_no_editing_even_with_editors(edit_env, editors, monkeypatch):
    monkeypatch.setenv("TILLVAXT_PUBLIC", "1")
    at = _app(editors).run()
    with pytest.raises(Exception):  # noqa: B017
        at.switch_page("views/sign_in.py").run()


def test_an_editor_signs_in_sets_a_target_and_the_change_is_listed(edit_env, editors):
    at = _sign_in(_app(editors).run(), PASSWORD)
    assert at.session_state["editor"] == "anna"
    at.switch_page("views/edit.py").run()
    assert not at.exception
    assert at.title[0].value == "Redigera egna siffror och mål"
    at.selectbox(key="target_kpi").select("events_held").run()
    numbers = at.number_input
    numbers[0].set_value(2030)
    numbers[1].set_value(60.0)
    next(b for b in at.button if b.label == "Spara mål").click().run()
    assert not at.exception
    assert any("Målet sparat" in s.value for s in at.success)
    con = duckdb.connect(str(edit_env), read_only=True)
    assert con.execute("SELECT target_year, target_value, set_by FROM target WHERE kpi_id = 'events_held'"
                       ).fetchall() == [(2030, 60.0, "anna")]
    con.close()
    at.switch_page("views/data.py").run()
    audit = next(f.value for f in at.dataframe if "file_hash" in f.value.columns)
    assert audit.iloc[0]["who"] == "anna" and audit.iloc[0]["kind"] == "targets"


def test_imported_figures_show_on_their_page_with_target_and_status(edit_env, catalog):
    from kpis.pipeline.importing.read import read_file
    from kpis.pipeline.importing.validate import validate
    from kpis.pipeline.importing.write import apply

    for text in ("kpi;period;value\nevents_held;2023;38\nevents_held;2024;41\n",
                 "kpi;target_year;target_value;baseline_year\nevents_held;2030;60;2024\n"):
        data = text.encode()
        apply(edit_env, validate(read_file(data, "f.csv"), catalog, data), "anna")
    at = _app().run()
    at.switch_page("views/destination.py").run()
    assert not at.exception
    metric = next(m for m in at.metric if m.label.startswith("Genomförda evenemang"))
    assert metric.label == "Genomförda evenemang 2024" and metric.value == "41 evenemang"
    assert any("Mål 2030: 60" in c.value for c in at.caption)
    assert any("kommunens egna uppgifter" in c.value for c in at.caption)


def test_an_import_is_undone_from_the_history_tab(edit_env, editors, catalog):
    from kpis.pipeline.importing.read import read_file
    from kpis.pipeline.importing.validate import validate
    from kpis.pipeline.importing.write import apply

    data = b"kpi;period;value\nevents_held;2024;41\n"
    apply(edit_env, validate(read_file(data, "evenemang.csv"), catalog, data), "anna")
    at = _sign_in(_app(editors).run(), PASSWORD)
    at.switch_page("views/edit.py").run()
    next(b for b in at.button if b.label == "Ångra inläsning 1").click().run()
    assert not at.exception
    assert any("Inläsning 1 ångrad." in s.value for s in at.success)
    con = duckdb.connect(str(edit_env), read_only=True)
    assert con.execute("SELECT count(*) FROM observation WHERE kpi_id = 'events_held'").fetchone() == (0,)
    assert con.execute("SELECT status, undone_by FROM import_run").fetchall() == [("undone", "anna")]
    con.close()


def test_the_public_app_leaves_out_own_figures_not_marked_public(edit_env, catalog, monkeypatch):
    from kpis.pipeline.importing.read import read_file
    from kpis.pipeline.importing.validate import validate
    from kpis.pipeline.importing.write import apply

    data = b"kpi;period;value\nevents_held;2024;41\n"
    apply(edit_env, validate(read_file(data, "f.csv"), catalog, data), "anna")
    at = _app().run()
    at.switch_page("views/destination.py").run()
    assert any(m.label.startswith("Genomförda evenemang") for m in at.metric)
    monkeypatch.setenv("TILLVAXT_PUBLIC", "1")
    at = _app().run()
    at.switch_page("views/destination.py").run()
    assert not any(m.label.startswith("Genomförda evenemang") for m in at.metric)
    assert not any("Genomförda evenemang" in i.value for i in at.info)
    at.switch_page("views/data.py").run()
    assert not any("inläsningar" in s.value for s in at.subheader)
