"""Page composition: a function's page from the catalog (title, intro, cards, targets, one chart per KPI)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.app import data, listings, said, staff, state, sweden_data, urls, view_files, visits, widgets
from kpis.core import goal as goal_model
from kpis.core import languages, model, places, progress
from kpis.core import status as statuses
from kpis.core.i18n import fmt_number, t
from kpis.core.kpi_state import KpiState, fresh_first
from kpis.present import chart_list, goal_words, places_charts, provenance
from kpis.present import goal_message as message_builder
from kpis.present import year_so_far as months_block
from kpis.present.text import plain


def function_page(function: str) -> None:
    """Title, intro, KPI cards, the function's targets, the KPIs still waiting for figures (staff only), one
    chart block per KPI with figures (the big events on the axis of a KPI the catalog marks ``events``) and the
    function's charts about the goal."""
    la = state.lang()
    cat = state.catalog()
    st.title(cat.functions[function].name[la])
    st.markdown(t(f"intro_{function}", la))
    kpis = state.visible_kpis(cat.kpis_of(function))
    ids = [k.id for k in kpis]
    similar = sweden_data.similar_groups()
    everywhere = data.observations(ids, [*cat.regions, *similar["member_code"].astype(str)])
    regions = state.peer_picker(set(everywhere["region_code"]), similar)
    measure = state.measure_picker()
    years = state.year_picker(everywhere["period"], f"years_{function}")
    states = fresh_first([data.kpi_states()[kpi.id] for kpi in kpis])
    kpis = [s.kpi for s in states]
    widgets.kpi_cards(states)
    widgets.target_table(states)
    if not state.public_mode():
        widgets.waiting_list(states, editor_link=staff.signed_in() is not None)
    markers = event_markers() if any(k.events for k in kpis) else None

    def draw(kpi_state: KpiState) -> None:
        kpi = kpi_state.kpi
        widgets.kpi_charts(kpi, regions, markers if kpi.events else None, years, measure)

    # The charts in the catalog's order (the catalog puts a function's lead KPIs first); the cards above freshest first.
    order = {kpi_id: i for i, kpi_id in enumerate(ids)}
    current = sorted((s for s in states if s.current), key=lambda s: order[s.kpi.id])
    if not current and any(s.latest is not None for s in states):
        st.info(t("older_only", la))
    for kpi_state in current[:widgets.FIRST_CHARTS]:
        draw(kpi_state)
    widgets.more_charts(current[widgets.FIRST_CHARTS:], function, draw)
    widgets.older_figures(states, function, draw)
    for kind in chart_list.function_kinds(function, cat):  # the catalog's charts about the goal, under the KPIs
        spec = data.goal_chart(kind)
        if spec is not None:
            widgets.show(spec)


def event_markers() -> list[tuple[int, str]]:
    """The big events (from the facts) as (year, short label) for a time axis, from 2000 on."""
    facts = data.table("facts")
    events = facts[(facts["topic"] == "events") & facts["year"].notna() & (facts["year"] >= 2000)]
    stored = [c.removeprefix("text_") for c in events.columns if c.startswith("text_")]
    label = f"text_{languages.first_given(state.lang(), stored)}"  # another language reads the fallback chain's
    return [(int(row.year), f"{str(getattr(row, label)).split(',')[0]} {int(row.year)}") for row in events.itertuples()]


def goal_message(now: progress.Progress) -> None:
    """The overview's message, computed from the data: status, the latest year's change, what the goal needs
    in net migration against what was seen, and the natural increase's trend (built once per data version)."""
    st.markdown(_goal_message(now.status, state.lang(), data.data_version()))


@st.cache_resource(max_entries=16, show_spinner=False)
def _goal_message(status: str, la: str, version: int) -> str:
    cat = state.catalog()
    obs = data.observations(goal_model.chart_kpis(cat), [cat.goal.region])
    message = message_builder.build(obs, cat, data.model_result(), la)
    if message is None:
        return ""
    # The cards above say the figures; the message leads with the status in words and icon.
    return " ".join([f"**{widgets.icon(message.status)} {t(f'status_{message.status}', la)}.**", *message.sentences])


def year_so_far() -> None:
    """How this year is going against the goal's pace, from SCB's monthly statistics, with the estimate of 31
    December and the cumulative chart; one sentence where the store has no monthly figures yet."""
    la = state.lang()
    cat = state.catalog()
    obs = data.observations(goal_model.chart_kpis(cat), [cat.goal.region])
    found = months_block.build(obs, cat, data.model_result(), la, data.months_everyone())
    if found is None:
        st.caption(months_block.none_yet(la))
        return
    st.subheader(found.title)
    for sentence in found.sentences:
        st.markdown(sentence.strip())
    if found.preliminary:
        st.caption(t("so_far_preliminary", la))
    spec = data.goal_chart("months")
    if spec is not None:
        widgets.show(spec, state.goal_embed("months"))


def function_rollup() -> None:
    """Each function's KPIs with a target and their status, the worst first; one click to the function's page."""
    la = state.lang()
    cat = state.catalog()
    states = data.kpi_states()
    st.subheader(t("rollup_title", la))
    for function in cat.functions.values():
        kpis = [k for k in state.visible_kpis(cat.kpis_of(function.id)) if states[k.id].target is not None]
        found = sorted((states[k.id] for k in kpis), key=lambda s: statuses.SEVERITY[s.status])
        if found:
            summary = "; ".join(f"{widgets.icon(s.status)} {s.kpi.title[la]}: {t(f'status_{s.status}', la)}"
                                for s in found)
        else:
            summary = t("rollup_no_targets", la)
        st.page_link(view_files.function_view(function), label=f"{function.name[la]}: {summary}",
                     icon=":material/arrow_forward:")


def model_headline(result: model.Result) -> str:
    return goal_words.headline(result, state.lang())


def pace_sentence(result: model.Result) -> str:
    """When the target is reached at today's pace: the same sentence as the overview's and the report's."""
    return goal_words.pace_sentence(result, state.catalog().goal.target_value, state.lang())


def _population(path: model.Path, year: int, la: str) -> str:
    found = path.frame.loc[path.frame["year"] == year, "population"]
    return fmt_number(float(found.iloc[0]), la) if len(found) else "–"


def scenario_table(result: model.Result) -> None:
    """Per scenario: net migration a year, the population in the target year (and the last year drawn), and
    the year the goal is reached."""
    la = state.lang()
    names = goal_words.scenario_names(la)
    rows = []
    for name, path in result.paths.items():
        row = {t("model_col_scenario", la): names[name],
               t("model_col_migration", la): "–" if name == "scb" else fmt_number(path.net_migration_per_year, la,
                                                                                   signed=True),
               t("model_col_population", la, year=result.target_year): _population(path, result.target_year, la)}
        if result.end_year != result.target_year:
            row[t("model_col_population", la, year=result.end_year)] = _population(path, result.end_year, la)
        row[t("model_col_reached", la)] = goal_words.reached_cell(path, la)
        rows.append(row)
    # A static table whose cells wrap: on a phone every column stays in view, the scenario's name first.
    st.table(pd.DataFrame(rows).set_index(t("model_col_scenario", la)))


def model_assumptions_text(result: model.Result) -> None:
    """The assumptions in plain words, and which model is used and why."""
    la = state.lang()
    rates = result.rates
    lines = [] if result.model == "cohort" else [
        f"- {t('model_rates', la, births=fmt_number(rates.births_per_1000, la, 2), deaths=fmt_number(rates.deaths_per_1000, la, 2), first=rates.first, last=rates.last)}"]  # noqa: E501
    st.markdown("\n".join([
        *lines,
        f"- {t('model_fertility_used', la, factor=fmt_number(result.assumptions['fertility'], la, 2))}",
        f"- {t('model_natural_next', la, n=fmt_number(result.natural_increase_next, la, signed=True), year=result.start_year + 1)}",  # noqa: E501
        f"- {t('model_identity', la)}",
        f"- {model_which(result, la)}",
    ]))


def model_which(result: model.Result, la: str) -> str:
    """Which model the figures come from, and why."""
    if result.model == "cohort" and result.age_years:
        return t("model_which_cohort", la, first=result.age_years[0], last=result.age_years[1],
                 year=result.start_year)
    if result.model_reason == "ages_behind":
        return t("model_which_behind", la, year=result.start_year)
    if result.model_reason == "no_age_events" and result.age_population_years:
        return t("model_which_incomplete", la, years="–".join(str(y) for y in result.age_population_years))
    return t("model_which", la)


def age_groups(result: model.Result, window: int, fertility: float, custom: float | None,
               until: int | None) -> None:
    """The goal scenario's net migration a year by age group, against what was seen (cohort model only)."""
    if not result.groups or not result.age_years:
        return
    la = state.lang()
    st.subheader(t("model_groups_title", la))
    st.text(t("model_groups_intro", la, first=result.start_year + 1, last=result.target_year,
              seen_first=result.age_years[0], seen_last=result.age_years[1]))
    rows = [{t("model_col_group", la): goal_words.group_name(g.low, g.high, la),
             t("model_col_needed", la): fmt_number(g.needed, la, signed=True),
             t("model_col_seen", la): fmt_number(g.observed, la, signed=True),
             t("model_col_gap", la): fmt_number(g.needed - g.observed, la, signed=True)} for g in result.groups]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    spec = data.goal_chart("age_groups", (window, fertility, custom, until))
    if spec is not None:
        widgets.show(spec, state.goal_embed("age_groups"))


def what_changed() -> None:
    """New figures, revisions, imports and comments since a date the viewer chooses: by default the viewer's
    previous visit in this browser, else 30 days back."""
    import datetime as dt

    la = state.lang()
    expander = st.expander(t("changes_title", la), icon=":material/update:", key="changes", on_change="rerun")
    if not expander.open:  # built only when opened
        return
    with expander:
        last = visits.previous()
        default = last or dt.date.today() - dt.timedelta(days=30)
        since = st.date_input(t("changes_since", la), value=default, key="changes_since", format="YYYY-MM-DD",
                              help=t("changes_since_visit" if last else "changes_since_month", la))
        found = data.changes_since(since, staff=staff.signed_in() is not None)
        if found.empty:
            st.caption(t("changes_none", la))
        else:
            widgets.listing(listings.readable(found))


def chart_tabs(kinds: tuple[str, ...], key: str) -> None:
    """Charts about the goal in tabs (the catalog's ``[goal] overview``); only the open tab's chart is built."""
    la = state.lang()
    tabs = st.tabs([t(f"tab_{kind}", la) for kind in kinds], key=key, on_change="rerun")
    for tab, kind in zip(tabs, kinds, strict=True):
        if tab.open:
            with tab:
                history = state.history_toggle() if kind == "goal" else False
                spec = data.goal_chart(kind, history=history)
                if spec is not None:
                    widgets.show(spec, state.goal_embed(kind))


# ------------------------------------------------------------------ Sweden's municipalities


def ranked_kpi_picker() -> str | None:
    """The KPI to draw among all municipalities (``?kpi=``), from those the store can rank; None when none can."""
    cat = state.catalog()
    options = [k for k in sweden_data.ranked_kpis() if cat.kpis[k].place_charts and k in
               {kpi.id for kpi in state.visible_kpis(list(cat.kpis.values()))}]
    if not options:
        return None
    asked = urls.get("kpi")
    default = cat.goal.kpi if cat.goal.kpi in options else options[0]
    if asked is not None and asked not in options:
        state.notice(t("url_bad_kpi", state.lang(), title=cat.kpis[default].title[state.lang()]))
        urls.drop("kpi")
        asked = None
    chosen = st.selectbox(t("sweden_kpi", state.lang()), options, index=options.index(asked or default),
                          format_func=state.kpi_label, key="sweden_kpi")
    if chosen != default or asked is not None:  # the KPI's id in the link (``?kpi=net_migration``)
        urls.put("kpi", chosen)
    return chosen


def places_block(kpi_id: str) -> None:
    """The map (its buttons zoom to Sweden, the county, the north) with the table of every municipality beside it,
    then the spread and the rank over time."""
    la = state.lang()
    cat = state.catalog()
    spec = sweden_data.place_chart("map", kpi_id)
    if spec is None:
        st.info(t("sweden_none", la))
        return
    st.subheader(spec.title)
    st.markdown(said.once(spec.summary, spec.title))
    chart, table = st.columns([3, 2])
    with chart:
        st.plotly_chart(spec.fig, config=widgets.PLOTLY_CONFIG, key=f"chart_{spec.key}", theme=None)
    with table:
        # The figures as on the rest of the page (``6,86`` in Swedish, the unit's decimals); the CSV keeps numbers.
        kpi = cat.kpis[kpi_id]
        decimals = places_charts.decimals_of(kpi)
        as_shown = spec.table.assign(
            value=[fmt_number(v, la, decimals) for v in spec.table["value"]],
            raw_value=[fmt_number(v, la, kpi.decimals) for v in spec.table["raw_value"]])
        shown = provenance.inert(provenance.localised(as_shown, la))
        home = cat.region_name(cat.home, la)
        st.dataframe(shown.style.apply(lambda row: ["font-weight: bold; background-color: #e8eef6"
                                                    if row.iloc[1] == home else "" for _ in row], axis=1),
                     hide_index=True, height=560, width="stretch")
    widgets.source_and_notes(spec)
    st.download_button(t("download_csv", la), data=provenance.csv_bytes(provenance.for_download(spec.table, la), la),
                       file_name=f"tillvaxtpanelen-{spec.key}.csv", mime="text/csv", key=f"download_{spec.key}")
    for kind in cat.kpis[kpi_id].place_charts:  # the map above; then the spread and the rank over time
        if kind == "map":
            continue
        found = sweden_data.place_chart(kind, kpi_id)
        if found is not None:
            widgets.show(found, state.embed_params(kpi_id, kind, list(cat.always), None))


def similar_sentence() -> None:
    """How the similar municipalities marked in the spread were chosen (Kolada's groups), with their names."""
    groups = sweden_data.similar_groups()
    if groups.empty:
        return
    la = state.lang()
    first = places.overall_group(groups)
    row = first.iloc[0]
    st.caption(t("peer_set_kolada_why", la, title=plain(str(row["title"])), year=int(row["year"]),
                 place=state.region_label(state.catalog().home), date=str(row["retrieved_at"])[:10])
               + " " + ", ".join(state.region_label(str(c)) for c in first["member_code"]) + ".")


def population_map() -> None:
    """The overview's map: every municipality's population change since ``[home] change_from``, the growth the
    goal needs marked on the scale; a link to the page of all KPIs among Sweden's municipalities."""
    cat = state.catalog()
    if "map" not in sweden_data.place_kinds(cat.goal.kpi):
        return
    spec = sweden_data.place_chart("map", cat.goal.kpi)
    if spec is None:
        return
    la = state.lang()
    st.header(t("overview_map_title", la))
    widgets.show(spec, state.embed_params(cat.goal.kpi, "map", list(cat.always), None))
    st.page_link(view_files.view_file(view_files.SWEDEN), label=t("nav_sweden", la), icon=":material/map:")


def similar_groups_listing() -> None:
    """Kolada's groups of similar municipalities as stored: area, title, year and members, with how RKA chose them."""
    groups = sweden_data.similar_groups()
    if groups.empty:
        return
    la = state.lang()
    st.subheader(t("data_similar", la))
    st.caption(t("data_similar_how", la, place=state.region_label(state.catalog().home)))
    listed = groups.groupby(["area", "title", "year"], sort=False).agg(
        members=("member_code", lambda codes: ", ".join(state.region_label(str(c)) for c in codes))).reset_index()
    widgets.listing(listed.rename(columns={"area": t("col_area", la), "title": t("col_title", la),
                                           "year": t("col_year", la), "members": t("col_members", la)}))
