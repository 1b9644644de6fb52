"""Sweden's municipalities: the KPI picker of the map page, the map with every municipality's table, the spread
and the rank over time, how Kolada's similar municipalities were chosen, and the overview's population map."""

from __future__ import annotations

import streamlit as st

from kpis.app import said, state, sweden_data, urls, view_files, widgets
from kpis.core import places
from kpis.core.i18n import fmt_number, t
from kpis.present import places_charts, provenance
from kpis.present.text import plain


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
    summary = said.once(spec.summary, spec.title)
    if summary:
        st.markdown(summary)
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
