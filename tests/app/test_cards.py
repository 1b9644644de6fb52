"""The cards, the target tables and the roll-up through AppTest, in both languages, on the bundled store."""

import json

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_DIR

PAGES = ["views/naringsliv.py", "views/marknad.py", "views/destination.py", "views/utveckling.py"]


def _page(page, lang="sv"):
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30)
    if lang != "sv":
        at.query_params["lang"] = lang
    at.run()
    return at.switch_page(page).run()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_arrow_follows_the_sign_and_colour_the_direction(app_env, page, lang):
    at = _page(page, lang)
    assert not at.exception
    checked = 0
    for metric in at.metric:
        proto = metric.proto
        if not proto.delta:
            continue
        number = proto.delta.split(" ")[1] if proto.delta.startswith(("ca ", "approx. ")) else proto.delta.split(" ")[0]
        falling = number.startswith(("−", "-"))
        assert proto.direction == (MetricProto.MetricDirection.DOWN if falling else MetricProto.MetricDirection.UP), \
            (metric.label, proto.delta)
        assert proto.color in (MetricProto.MetricColor.GREEN, MetricProto.MetricColor.RED)
        checked += 1
    assert checked or page == "views/utveckling.py"


def test_a_falling_swedish_value_gets_a_down_arrow(app_env):
    at = _page("views/naringsliv.py")  # new companies: 437 in 2016 against 464 in 2015
    falling = [m.proto for m in at.metric if m.proto.delta.startswith("−")]
    assert falling, [m.proto.delta for m in at.metric]
    for proto in falling:
        assert proto.direction == MetricProto.MetricDirection.DOWN
        assert proto.color == MetricProto.MetricColor.RED  # fewer new companies is bad


def test_a_change_from_a_rounded_figure_says_approximately(app_env):
    at = _page("views/destination.py")
    card = next(m for m in at.metric if m.label.startswith("Kommersiella gästnätter 2016"))
    assert card.proto.delta == "ca +21\u00a0050 sedan 2015"  # 2015's 390 000 was a rounded early estimate
    english = _page("views/destination.py", "en")
    card = next(m for m in english.metric if m.label.startswith("Commercial guest nights 2016"))
    assert card.proto.delta.startswith("approx. +21,050")


def test_an_old_figure_has_no_status_and_says_so(app_env):
    at = _page("views/marknad.py")
    captions = [c.value for c in at.caption]
    assert any("Gammal siffra" in c and "1985" in c for c in captions)
    card = next(m for m in at.metric if m.label.startswith("Inflyttade"))
    assert "1985" in card.label  # the period is on the card


def test_cards_say_their_period_and_notes(app_env):
    at = _page("views/naringsliv.py")
    labels = [m.label for m in at.metric]
    assert "Arbetsställen 2022" in labels


def test_overview_rollup_links_every_function(app_env):
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
    links = [p for p in at.get("page_link")]
    pages = {link.proto.page for link in links}
    assert {"", "naringsliv", "marknad", "destination", "utveckling"} <= pages  # "" is the overview itself
    overview = next(link.proto.label for link in links if link.proto.page == "")
    assert "Folkmängd 31 december: Begränsade framsteg" in overview


def test_overview_message_comes_before_the_cards(app_env):
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
    text = at.markdown[1].value
    assert "Folkmängden minskade med 16 personer 2025, den första minskningen sedan 2011." in text
    assert "inflyttade netto per år behövs 2026–2040" in text and "snittet 2021–2025: +186" in text
    assert "Födelseöverskottet" in text


def test_targets_table_per_function_after_a_target_is_set(edit_env, catalog):
    from kpis.pipeline import editing

    for text in ("kpi;period;value\nevents_held;2022;30\nevents_held;2023;38\nevents_held;2024;41\n",
                 "kpi;target_year;target_value;baseline_year\nevents_held;2030;60;2022\n"):
        plan = editing.check_file(text.encode(), "f.csv", catalog)
        editing.apply(edit_env, plan, "anna")
    at = _page("views/destination.py")
    assert not at.exception, at.exception
    table = next((f.value for f in at.dataframe if "basår" in f.value.columns), None)
    assert table is not None, ([f.value.columns for f in at.dataframe], [c.value for c in at.caption])
    row = table.iloc[0]
    assert row["basår"] == "2022" and row["målår"] == "2030" and "41 (2024)" in row["senaste siffra"]
    # 2022-2024: +5.5 a year against (60 - 30) / 8 = 3.75 needed: on track
    assert "I rätt riktning" in row["Status"]
    import json

    names = [tr.get("name") for f in at.get("plotly_chart") for tr in json.loads(f.proto.spec)["data"]]
    assert "Mål: 60 år 2030" in names  # the target's line and marker on the KPI's chart


@pytest.fixture
def edit_env(fresh_db, monkeypatch):
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    return fresh_db


def test_a_public_comment_on_the_headline_kpi_shows_under_the_goal_charts(fresh_db, catalog, monkeypatch):
    from kpis.pipeline import editing

    text = ("kpi;period;analysis;actions;public\npopulation;2025;Minskningen kom av fler utflyttade unga;"
            "Rekryteringsmässa i Trondheim;ja\n").encode()
    editing.apply(fresh_db, editing.check_file(text, "k.csv", catalog), "anna")
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    for page in (None, "views/vagen.py"):
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
        if page:
            at.switch_page(page).run()
        assert not at.exception
        shown = " ".join(m.value for m in at.markdown)
        assert "Minskningen kom av fler utflyttade unga" in shown and "Rekryteringsmässa i Trondheim" in shown, page
        heads = " ".join(c.value for c in at.caption)
        assert "skriven av Översikt" in heads and "anna" not in heads  # the function, never the login


def test_a_target_is_drawn_in_the_charts_measure_and_its_baseline_value_read_from_the_store(fresh_db, catalog,
                                                                                             monkeypatch):
    from kpis.pipeline import editing

    text = b"kpi;target_year;target_value;baseline_year\nguest_nights;2030;500000;2016\n"
    plan = editing.check_file(text, "mal.csv", catalog)
    editing.apply(fresh_db, plan, "anna", confirmed=True)
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
    at.switch_page("views/destination.py").run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "basvärde" in list(df.value.columns))
    row = table.iloc[0].to_dict()
    assert row["basvärde"] == "411\u00a0050", row  # the 2016 figure, not "–"
    figures = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    names = [tr.get("name", "").replace("\u00a0", " ").replace("<br>", " ") for f in figures for tr in f["data"]]
    assert any(n.startswith("Mål 2030: 500 000 (≈") and "per 1 000 invånare med folkmängden" in n for n in names)


def test_a_formula_in_a_comment_is_inert_in_the_what_changed_table(fresh_db, catalog, monkeypatch):
    from kpis.pipeline import editing

    text = b'kpi;period;analysis;actions;public\npopulation;2025;=HYPERLINK("https://evil.example");;ja\n'
    editing.apply(fresh_db, editing.check_file(text, "k.csv", catalog), "anna")
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30).run()
    at.session_state["changes"] = True  # "Vad har ändrats?" opened, as a reader would
    at.run()
    cells = [str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()]
    assert any(c.startswith("'=HYPERLINK") for c in cells)  # the table toolbar's CSV takes it as text
    assert not any(c.startswith("=HYPERLINK") for c in cells)
