"""A function's page from the catalog (title, intro, cards, targets, one chart per KPI) and the overview's blocks: the
goal's message, this year so far, the functions' roll-up, what changed, the goal's charts in tabs."""

from __future__ import annotations

import streamlit as st

from kpis.app import data, listings, pickers, staff, state, sweden_data, view_files, visits, widgets
from kpis.core import goal as goal_model
from kpis.core import languages, progress
from kpis.core import status as statuses
from kpis.core.i18n import t
from kpis.core.kpi_state import KpiState, fresh_first
from kpis.present import chart_list
from kpis.present import goal_message as message_builder
from kpis.present import year_so_far as months_block


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
    regions = pickers.peer_picker(set(everywhere["region_code"]), similar)
    measure = pickers.measure_picker()
    years = pickers.year_picker(everywhere["period"], f"years_{function}")
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
                history = pickers.history_toggle() if kind == "goal" else False
                spec = data.goal_chart(kind, history=history)
                if spec is not None:
                    widgets.show(spec, state.goal_embed(kind))
