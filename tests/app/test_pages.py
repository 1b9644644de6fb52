"""Every page through Streamlit's AppTest, in both languages, on the real seeded store."""

import base64
import json
import math

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from kpis.core.catalog import load_catalog
from tests.conftest import PROJECT_DIR

PAGES = ["views/overview.py", "views/naringsliv.py", "views/marknad.py", "views/destination.py",
         "views/utveckling.py", "views/data.py"]


def _app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    return at


def _embed(**params: str) -> AppTest:
    """The embed view for these URL parameters, run."""
    at = _app()
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/embed.py").run()
    return at


def _open_older(at: AppTest) -> AppTest:
    """Open a function page's "Äldre siffror" part, as a user would (its charts are built only then)."""
    keys = [key for key in at.session_state.keys() if key.startswith("older_")]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def _open_tables(at: AppTest) -> AppTest:
    """Open the older figures, then every chart's table and embed popover, as a user would, and run again."""
    _open_older(at)
    for key in list(at.session_state.keys()):
        if key.startswith(("table_", "embed_")) and not key.startswith("embed_table"):
            at.session_state[key] = True
    return at.run()


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _is_map(figure: dict) -> bool:
    """A map of Sweden's municipalities: filled shapes on plain axes."""
    return any(tr.get("fill") == "toself" for tr in figure["data"])


def _array(value) -> list:
    """Plotly 7 writes numeric arrays as typed arrays ({"dtype", "bdata"}); NaN becomes None."""
    if isinstance(value, dict) and "bdata" in value:
        values = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    else:
        values = list(value)
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_shows_its_title_its_cards_and_its_charts(app_env, catalog, page, lang):
    from kpis.core.i18n import fmt_number, t

    at = _app(lang).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    name = page.removeprefix("views/").removesuffix(".py")
    goal = catalog.goal
    expected = {"overview": t("overview_title", lang, target=fmt_number(goal.target_value, lang),
                              year=goal.target_year),
                "data": t("data_title", lang)}.get(name) or catalog.functions[name].name[lang]
    assert [title.value for title in at.title] == [expected]
    if name == "data":  # what was fetched when, and from which sources
        assert t("data_refresh", lang) in [h.value for h in at.subheader]
        assert at.dataframe and not at.get("plotly_chart")
        return
    if name == "destination":  # the snapshot's guest nights are from 2016: no current card, the old figure folded
        assert not at.metric and any(t("older_title", lang, n=1) == e.label for e in at.expander)
        assert t("older_only", lang) in [i.value for i in at.info]
        return
    assert at.metric and at.get("plotly_chart"), page  # cards and at least one chart
    if name != "overview":  # every card is one of the function's own KPIs, named by its title and year
        titles = [k.title[lang] for k in catalog.kpis.values() if k.function == name]
        assert all(any(m.label.startswith(title) for title in titles) for m in at.metric), \
            [m.label for m in at.metric]


def test_overview_headline_in_swedish(app_env):
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Översikt: 75\u00a0000 invånare år 2040"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Folkmängd 2025"] == "64\u00a0963"  # SCB's final figure
    assert metrics["Mål 2040"] == "75\u00a0000"
    assert metrics["Kvar till målet"] == "10\u00a0037"
    assert metrics["Folkökning som krävs per år"] == "669"
    assert metrics["Folkökning per år, snitt"] == "196"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Folkökning som krävs per år"] == "0,96\u00a0% per år 2026–2040"  # what it is, and when
    assert deltas["Folkökning per år, snitt"] == "0,30\u00a0% per år 2020–2025"
    texts = " ".join(m.value for m in at.markdown)
    assert "Begränsade framsteg" in texts  # in words, not only colour: 196 a year of 551 needed
    assert any("nås 75\u00a0000 år 2080" in m.value for m in at.markdown)  # the model at today's pace
    assert not any("2073" in m.value for m in at.markdown)  # not the population growth extended: one answer


def test_overview_charts_have_target_projection_and_gaps(app_env):
    at = _app().run()
    drawn = _figures(at)
    assert len([f for f in drawn if _is_map(f)]) == 1  # every municipality's change, from the bundled snapshot
    figures = [f for f in drawn if not _is_map(f)]
    assert len(figures) == 1  # the goal; the road to it and the components are tabs, built when opened
    goal_captions = [c.value for c in at.caption]
    assert any(c.startswith("Källa: SCB, tabell TAB638 (officiell), SCB, tabell TAB5557 (officiell). Hämtad 2026-09-13")
               for c in goal_captions)  # SCB only: the years before its series are not drawn by default
    at.session_state["overview_charts"] = "Befolkningsförändringens delar"
    at.run()
    figures = [*figures, None, *(f for f in _figures(at) if not _is_map(f))]
    names = [tr.get("name") for tr in figures[0]["data"]]
    assert any(n.startswith("Målbana") for n in names) and any(
        n.replace("<br>", " ").startswith("I nuvarande takt (flyttnetto som snittet 2021–2025)") for n in names)
    observed = figures[0]["data"][0]
    years = _array(observed["x"])
    assert years[0] == 1968 and None not in _array(observed["y"])  # SCB's series, whole; nothing before it
    comp_names = [tr.get("name") for tr in figures[2]["data"]]
    assert {"Födelseöverskott", "Flyttnetto"} <= set(comp_names)
    assert "År utan publicerad siffra" not in comp_names  # every year computed or published
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Källa: beräknad från SCB:s tabeller") for c in captions)  # the computed concept


def test_overview_in_english(app_env):
    at = _app("en").run()
    assert at.title[0].value == "Overview: 75,000 inhabitants by 2040"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Population 2025"] == "64,963"
    assert "Limited progress" in " ".join(m.value for m in at.markdown)
    assert any(c.value.startswith("Source:") for c in at.caption)


def test_overview_downloads_match_the_charts(app_env):
    at = _open_tables(_app().run())
    downloads = at.get("download_button")
    assert [d.key for d in downloads] == ["download_population", "download_population_map"]  # the goal, the map
    tables = at.dataframe
    population = tables[0].value
    assert list(population.columns[:6]) == ["nyckeltal", "område", "period", "värde", "enhet", "källa"]
    observed = population[population["serie"] == "Folkmängd (publicerad)"]
    figure = _figures(at)[0]["data"][0]
    drawn = {int(x): y for x, y in zip(_array(figure["x"]), _array(figure["y"]), strict=True) if y is not None}
    assert {int(p): v for p, v in zip(observed["period"], observed["värde"], strict=True)} == drawn


def test_data_page_lists_sources_and_kpis(app_env, seed):
    at = _app().run()
    at.switch_page("views/data.py").run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    cat = load_catalog()
    names = {i: cat.sources[i].name["sv"] for i in ("scb", "kolada", "tillvaxtverket", "scb_ages", "seed")}
    assert set(frames[0]["source_id"]) == {names[i] for i in ("scb", "kolada", "tillvaxtverket", "scb_ages")}
    assert {names["seed"], names["scb"]} <= set(frames[1]["name"])  # every source by name: the last refresh per source
    assert "Folkmängd 31 december" in set(frames[2]["title_sv"])
    ids = {*cat.sources, *cat.kpis}
    for frame in frames:  # the store's ids are not what a visitor reads
        assert "id" not in frame.columns
        assert not ids & {str(v) for v in frame.to_numpy().ravel()}, frame.columns
    taken = seed.observations["retrieved_at"].max().isoformat()  # when the snapshot's newest figure was taken
    assert any("inte hämtat från källorna än" in m.value and taken in m.value for m in at.markdown)


def test_missing_store_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TILLVAXT_DB", str(tmp_path / "none.duckdb"))
    at = _app().run()
    assert not at.exception
    assert "python -m kpis init" in at.error[0].value


FUNCTION_PAGES = ["views/naringsliv.py", "views/marknad.py", "views/destination.py", "views/utveckling.py"]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", FUNCTION_PAGES)
def test_function_pages_have_charts_sources_and_tables(app_env, page, lang):
    at = _app(lang).run()
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.dataframe) == 0  # tables are built only when opened
    _open_tables(at)
    figures = _figures(at)
    assert len(figures) >= 1
    word = "Källa:" if lang == "sv" else "Source:"
    assert sum(c.value.startswith(word) for c in at.caption) == len(figures)
    assert len(at.get("download_button")) == len(figures) == len(at.dataframe)
    source = "källa" if lang == "sv" else "source"
    for frame in at.dataframe:
        assert source in set(frame.value.columns)


@pytest.mark.parametrize("page", FUNCTION_PAGES)
def test_trend_tables_hold_exactly_what_the_lines_show(app_env, page):
    at = _app().run()
    _open_tables(at.switch_page(page).run())
    checked = 0
    for figure, frame in zip(_figures(at), at.dataframe, strict=True):
        table = frame.value
        lines = [tr for tr in figure["data"] if tr.get("mode") == "lines+markers"]
        if not lines or "nyckeltal" not in table.columns:
            continue
        for trace in lines:
            drawn = {int(x): y for x, y in zip(_array(trace["x"]), _array(trace["y"]), strict=True) if y is not None}
            rows = table[table["område"] == trace["name"]]
            assert {int(p): v for p, v in zip(rows["period"], rows["värde"], strict=True)} == drawn, trace["name"]
            checked += 1
    assert checked or page == "views/utveckling.py"  # Utveckling's charts are bars and a timeline


def test_kpis_without_figures_are_one_compact_list_without_commands(app_env):
    at = _app().run()
    at.switch_page("views/naringsliv.py").run()
    waiting = next(e for e in at.expander if e.label.startswith("Väntar på siffror"))
    text = " ".join(m.value for m in waiting.markdown)
    assert "Etableringsärenden" in text and "lämnas av funktionen Näringsliv" in text
    assert "Nystartade företag per 1 000" in text and "publiceras av Kolada" in text
    assert "Kolada publicerar normalt siffror till och med" in text  # when, and from whom
    assert "python -m" not in " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    labels = [m.label for m in at.metric]
    assert "Sysselsättningsgrad 20–64 år 2024" in labels and not [x for x in labels if "Arbetsställen" in x]
    older = next(e for e in at.expander if e.label.startswith("Äldre siffror"))
    assert "Arbetsställen" in " ".join(m.value for m in older.markdown)  # an old figure, apart from both


def test_the_public_app_hides_the_waiting_list(app_env, monkeypatch):
    monkeypatch.setenv("TILLVAXT_PUBLIC", "1")
    at = _app().run()
    at.switch_page("views/naringsliv.py").run()
    assert not any(e.label.startswith("Väntar på siffror") for e in at.expander)


def test_comparisons_are_per_1000_for_counts(app_env):
    at = _app().run()
    _open_tables(at.switch_page("views/naringsliv.py").run())
    tables = [f.value for f in at.dataframe]
    workplaces = next(t for t in tables if "nyckeltal" in t and (t["nyckeltal"] == "workplaces").all())
    row = workplaces[workplaces["område"] == "Östersund"].iloc[0]
    assert row["värde"] == pytest.approx(round(10310 / 64714 * 1000, 2))  # 2022 workplaces / population
    assert row["folkmängd"] == 64714 and row["antal"] == 10310


def test_marknad_shows_the_net_migration_the_goal_needs(app_env):
    at = _app().run()
    at.switch_page("views/marknad.py").run()
    text = " ".join(m.value for m in at.markdown)
    assert "inflyttade netto per år behövs 2026–2040" in text
    figure = next(f for f in _figures(at) if any(tr.get("name", "").startswith("Krävs per år") for tr in f["data"]))
    assert any(tr["type"] == "bar" for tr in figure["data"])


def test_peers_come_from_the_url_and_only_regions_with_figures_are_offered(fresh_db, catalog, monkeypatch):
    import duckdb

    kpis = [k.id for k in catalog.kpis_of("utveckling")]
    con = duckdb.connect(str(fresh_db))
    con.execute("DELETE FROM observation WHERE region_code = '2180' AND list_contains(?, kpi_id)", [kpis])
    con.close()
    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    at = _app()
    at.query_params["peers"] = ["Luleå"]
    at.run()
    at.switch_page("views/utveckling.py").run()
    assert at.multiselect[0].value == ["2580"]
    offered = at.multiselect[0].options
    assert "Umeå" in offered and "Gävle" not in offered  # Gävle has no figure of the function's KPIs here


@pytest.fixture(scope="session")
def kolada_failing(tmp_path_factory, catalog, seeded_db, _sources_server):
    """A store refreshed from the local sources with Kolada failing, once per run, and the calls SCB answered."""
    from kpis.pipeline.refresh import refresh
    from tests.conftest import copy_store, environment, shared
    from tests.fakes.sources_server import Fault

    def build(folder):
        db = copy_store(seeded_db, folder / "tillvaxt.duckdb")
        _sources_server.clear()
        _sources_server.fault("/kolada/", Fault(status=500))
        try:
            with environment(_sources_server.env()):
                refresh(db, catalog)
            (folder / "scb_calls").write_text(str(_sources_server.calls("/scb/")), encoding="utf-8")
        finally:
            _sources_server.clear()

    return shared(tmp_path_factory, "kolada-failing", build)


@pytest.fixture
def refreshed_env(kolada_failing, monkeypatch):
    """The app on a store refreshed from the local sources, Kolada failing; every call the local SCB answered."""
    monkeypatch.setenv("TILLVAXT_DB", str(kolada_failing / "tillvaxt.duckdb"))
    return int((kolada_failing / "scb_calls").read_text(encoding="utf-8"))


def test_data_page_shows_each_sources_last_refresh(refreshed_env):
    at = _app().run()
    at.switch_page("views/data.py").run()
    assert not at.exception
    cat = load_catalog()
    by_name = {cat.sources[i].name["sv"]: i for i in cat.sources}
    last = at.dataframe[0].value.set_index("source_id").rename(index=by_name)
    assert last.loc["scb", "status"] == "lyckades"
    # Every call the local SCB answered is counted by the run that made it.
    assert last.loc["scb", "calls"] + last.loc["scb_ages", "calls"] == refreshed_env
    # The catalog's SCB tables the local SCB does not have (404) are named, the rest refreshed.
    assert "TAB3554 (404)" in last.loc["scb", "message"] and "TAB2538" in last.loc["scb", "message"]
    assert last.loc["kolada", "status"] == "misslyckades"
    assert "servern svarade med fel" in last.loc["kolada", "message"]
    assert last.loc["tillvaxtverket", "status"] == "lyckades"
    revisions = next(f.value for f in at.dataframe if "old_value" in f.value.columns)
    assert (revisions["old_value"] == 10605529).any()
    assert any("Senast uppdaterad från källorna" in m.value for m in at.markdown)


def test_the_app_follows_a_store_swapped_in_while_it_runs(sources, catalog, fresh_db, monkeypatch):
    from kpis.pipeline.refresh import refresh

    monkeypatch.setenv("TILLVAXT_DB", str(fresh_db))
    at = _app().run()
    at.switch_page("views/naringsliv.py").run()
    assert "Nystartade företag per 1 000 invånare 16–64 år 2024" not in [m.label for m in at.metric]
    refresh(fresh_db, catalog, ["kolada"])
    at.run()
    labels = [m.label for m in at.metric]
    assert "Nystartade företag per 1 000 invånare 16–64 år 2024" in labels


def test_monthly_guest_nights_are_drawn_by_month(refreshed_env):
    at = _app().run()
    at.switch_page("views/destination.py").run()
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    card = metrics["Kommersiella gästnätter per månad jan. 2026 (preliminär)"]  # CLDR's abbreviation
    assert card.value == "22\u00a0000 gästnätter"
    season = next(f for f in _figures(at) if f["layout"]["xaxis"].get("type") == "category")
    assert [tr["name"] for tr in season["data"]] == ["2026", "2025"]
    captions = " ".join(c.value for c in at.caption)
    assert "Tillväxtverket GuestNights_Capacity_Revenue_Month.txt" in captions


def test_every_kpi_chart_offers_an_embed_snippet(app_env):
    at = _app().run()
    _open_tables(at.switch_page("views/destination.py").run())
    snippets = [c.value for c in at.code if c.value.startswith("<iframe")]
    assert len(snippets) == len([f for f in _figures(at)])
    assert any('src="/embed?kpi=guest_nights&amp;chart=trend&amp;lang=sv' in s for s in snippets)
    assert all("embed=true" in s and 'title="' in s for s in snippets)


def test_embed_view_shows_one_chart_and_falls_back_on_unknown_values(app_env):
    at = _embed(kpi="guest_nights", chart="compare")
    assert not at.exception
    assert len(_figures(at)) == 1 and at.subheader[0].value.startswith("Kommersiella gästnätter")
    at2 = _app()
    at2.query_params["kpi"] = "event_visitors"  # own figures, not public
    at2.run()
    at2.switch_page("views/embed.py").run()
    assert not at2.exception
    assert any("inte publikt" in line.value for line in at2.text)  # a line that stays, not a toast
    assert at2.subheader[0].value == "Folkmängd och målet 2040"


def test_the_road_to_the_goal_can_be_embedded(app_env):
    at = _embed(kpi="population", chart="model")
    assert not at.exception and not at.text  # no notice: the chart exists
    assert at.subheader[0].value.startswith("Vägen till 75")
    names = {trace.get("name") for trace in _figures(at)[0]["data"]}
    assert "Målet: flyttnetto som når målet" in names


def test_year_range_from_the_url_limits_the_charts(app_env):
    at = _app()
    at.query_params["from"] = "2012"
    at.query_params["to"] = "2018"
    at.run()
    _open_tables(at.switch_page("views/destination.py").run())
    assert at.slider[0].value == (2012, 2018)
    years = {int(p) for f in at.dataframe if "period" in f.value.columns for p in f.value["period"]}
    assert years and min(years) >= 2012 and max(years) <= 2018


def test_a_kpis_comparison_is_built_only_when_its_tab_is_opened(app_env):
    at = _app().run()
    at.switch_page("views/destination.py").run()
    assert [sh.value for sh in at.subheader] == []  # an old figure: its charts wait in the folded part
    _open_older(at)
    assert [sh.value for sh in at.subheader] == ["Kommersiella gästnätter över tid"]
    at.session_state["tabs_guest_nights"] = "Jämfört med andra"
    at.run()
    assert [sh.value for sh in at.subheader] == ["Kommersiella gästnätter, jämförelse 2015"]
    compare = _figures(at)[0]
    assert compare["data"][0]["type"] == "bar"


def test_a_store_from_an_older_version_says_how_to_rebuild_it(tmp_path, monkeypatch):
    import duckdb

    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    monkeypatch.setenv("TILLVAXT_DB", str(old))
    at = _app().run()
    assert not at.exception
    assert "äldre version" in at.error[0].value and "python -m kpis migrate" in at.error[0].value


@pytest.mark.parametrize(("lang", "header"), [("sv", "nya"), ("en", "new")])
def test_data_page_headers_follow_the_language(app_env, lang, header):
    at = _app(lang).run()
    at.switch_page("views/data.py").run()
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["new_values"]["label"] == header


def test_markdown_from_the_url_is_shown_as_text(app_env):
    at = _app()
    at.query_params["kpi"] = "population"
    at.query_params["regions"] = "[logga in här](https://evil.example/login),![t](http://host/x.png)"
    at.query_params["embed"] = "true"
    at.run()
    at.switch_page("views/embed.py").run()
    assert not at.exception
    notices = [t.value for t in at.text]
    assert any("[logga in här](https://evil.example/login)" in n for n in notices)  # plain text, not a link
    assert not any("evil.example" in m.value for m in at.markdown)
    assert not any("evil.example" in c.value for c in at.caption)


def test_an_embed_offers_only_charts_with_figures(app_env):
    at = _app()
    at.query_params["kpi"] = "guest_nights_month"
    at.query_params["chart"] = "season"
    at.run()
    at.switch_page("views/embed.py").run()
    assert not at.exception
    assert any("Det finns inga siffror" in i.value for i in at.info)  # no empty chart box
    at2 = _app()
    at2.query_params["kpi"] = "deaths"
    at2.query_params["chart"] = "season"
    at2.run()
    at2.switch_page("views/embed.py").run()
    assert any("finns inte" in line.value or "visas" in line.value for line in at2.text)
    assert len(at2.get("plotly_chart")) == 1


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_vagen_shows_the_bundled_age_pyramid_and_each_cohorts_change(app_env, lang):
    at = _app(lang).run()
    at.switch_page("views/vagen.py").run()
    assert not at.exception
    subheaders = [s.value for s in at.subheader]
    pyramid = "Befolkningen efter ålder och kön 2024" if lang == "sv" else "The population by age and sex, 2024"
    change = "Hur varje årskull förändrades 2024–2025" if lang == "sv" else "How each cohort changed, 2024–2025"
    assert pyramid in subheaders and change in subheaders
    figures = _figures(at)
    bars = next(f for f in figures if any(tr.get("orientation") == "h" for tr in f["data"]))
    men, women = (sum(abs(v) for v in _array(tr["x"])) for tr in bars["data"][:2])
    assert (men, women) == (32_010, 32_969)  # SCB's TAB638, 2024
    captions = " ".join(c.value for c in at.caption)
    assert "TAB638" in captions and "TAB5557" in captions
    text = " ".join(m.value for m in at.markdown)
    assert ("komponentmodell" if lang == "sv" else "components model") in text


def test_the_age_pyramid_can_be_embedded(app_env):
    at = _embed(kpi="population", chart="pyramid")
    assert not at.exception and not at.text
    assert at.subheader[0].value == "Befolkningen efter ålder och kön 2024"


def test_a_file_that_is_not_a_store_gets_words_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "tillvaxt.duckdb"
    bad.write_bytes(b"this is not a DuckDB file at all" * 100)
    monkeypatch.setenv("TILLVAXT_DB", str(bad))
    at = _app().run()
    assert not at.exception
    assert any("är inte en databas för Tillväxtpanelen" in e.value for e in at.error)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("page", ["views/overview.py", "views/vagen.py", "views/naringsliv.py", "views/marknad.py",
                                  "views/destination.py", "views/utveckling.py", "views/sverige.py", "views/data.py"])
def test_every_page_says_each_sentence_once(app_env, page, lang):
    """Leads, summaries, source lines, notes, cards and listings say a sentence once a page (Vägen's lead once said
    its chart's summary again; charts of one source each repeated its source line and notes; cards and listings
    repeated who brings the next figure)."""
    import re

    at = _app(lang).switch_page(page).run()
    assert not at.exception
    said = [re.sub(r":material/\w+:", "", e.value).replace("**", "").strip() for e in [*at.markdown, *at.caption]]
    sentences = [s.strip() for text in said for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.strip()) > 20]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated, repeated
    if page in ("views/marknad.py", "views/sverige.py"):  # charts sharing their sources say so, naming the chart
        assert any(re.match(r"(Källa: som för|Source: as for) .+ (ovan|above)\.", c.value) for c in at.caption)


def test_data_page_says_which_language_file_is_not_used(app_env, monkeypatch):
    from kpis.core import i18n
    from kpis.core.language_files import Refused

    monkeypatch.setattr(i18n, "REFUSED", [Refused("de.toml", "language_not_toml")])
    at = _app().run()
    at.switch_page("views/data.py").run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Språkfilen de.toml används inte: den går inte att läsa som TOML i UTF-8."]
