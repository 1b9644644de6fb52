"""The blocks pages are built of: a chart with its source, table and embed snippet; KPI cards; listings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from kpis.app import chart_by_kind, data, said, sweden_data, urls, view_files
from kpis.app.state import catalog, current_path, embed_params, lang, permalink
from kpis.core import release, settings
from kpis.core import status as statuses
from kpis.core.catalog import Kpi
from kpis.core.i18n import DEFAULT_LANG, fmt_number, fmt_period, months_long, t, texts
from kpis.core.kpi_state import KpiState, change_signal
from kpis.core.registry import KINDS
from kpis.present import links, provenance, site_paths, specs
from kpis.present.text import plain

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": "hover",
                 "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart_block(spec: specs.ChartSpec, embed: dict[str, str] | None = None) -> None:
    """A chart with its title, one-sentence summary, source line and notes, its table with a CSV download, and
    the "Bädda in" action (iframe snippet and permalink) where the chart has an embed view."""
    la = lang()
    download = provenance.for_download(spec.table, la)
    table = provenance.inert(provenance.localised(provenance.for_readers(spec.table), la))
    key = spec.key
    st.subheader(spec.title)
    summary = said.once(spec.summary, spec.title)
    if summary:
        st.markdown(summary)
    st.plotly_chart(spec.fig, config=PLOTLY_CONFIG, key=f"chart_{key}", theme=None)
    source_and_notes(spec)
    table_col, embed_col = st.columns([4, 1]) if embed else (st.container(), None)
    # Lazy: the table, its CSV and the embed snippet are only built while their expander/popover is open.
    with table_col:
        expander = st.expander(t("show_table", la), key=f"table_{key}", on_change="rerun")
        if expander.open:
            with expander:
                st.dataframe(table, hide_index=True, width="stretch",
                             column_config={t("col_source", la): st.column_config.LinkColumn(t("col_source", la)),
                                            table.columns[0]: st.column_config.Column(pinned=True)})
                st.download_button(
                    t("download_csv", la),
                    data=provenance.csv_bytes(download, la),
                    file_name=f"tillvaxtpanelen-{key}.csv",
                    mime="text/csv",
                    key=f"download_{key}",
                )
    if embed and embed_col is not None:
        with embed_col:
            popover = st.popover(t("embed", la), icon=":material/code:", width="stretch", key=f"embed_{key}",
                                 on_change="rerun")
        if popover.open:
            with popover:
                src = embed_url(embed)
                st.markdown(t("embed_help", la))
                st.code(links.iframe_snippet(src, spec.title), language="html", wrap_lines=True)
                st.markdown(t("permalink", la))
                st.code(permalink(current_path(), urls.everything()), language=None, wrap_lines=True)


def source_and_notes(spec: specs.ChartSpec) -> None:
    """The chart's source line and notes, each sentence once on the page: sources named under a chart above are
    referred to by that chart's title, notes said above are not said again."""
    la = lang()
    line = said.page().source_line(spec.source, plain(spec.title), la)
    if line:
        st.caption(line)
    notes = said.page().notes((plain(note) for note in spec.footnotes), spec.title)
    if notes:
        st.caption(f"{t('footnotes_title', la)}: " + " · ".join(notes))


def embed_url(embed: dict[str, str]) -> str:
    """The static embed on the public site when ``TILLVAXT_PUBLIC_URL`` is set, else the live ``/embed``."""
    public = settings.public_url()
    if public:
        name = site_paths.embed(embed["kpi"], embed["chart"])
        return site_paths.absolute(public, embed.get("lang", DEFAULT_LANG), name)
    return permalink("embed", {**embed, "embed": "true"})


def listing(frame: pd.DataFrame, **column_config: object) -> None:
    """A table of the store's own records, its headers in the chosen language (the data keeps its names)."""
    if frame.empty:  # Streamlit would print its own English "empty" in the table
        st.caption(t("listing_empty", lang()))
        return
    config: dict[str, object] = {c: t(f"label_{c}", lang()) for c in frame.columns if f"label_{c}" in texts(lang())}
    first = frame.columns[0]
    # The key column stays in view while a phone scrolls the rest of a wide table sideways.
    config[first] = st.column_config.Column(str(config.get(first, first)), pinned=True)
    config.update(column_config)
    st.dataframe(provenance.inert(frame), hide_index=True, width="stretch", column_config=config)


def status_words(status: str) -> str:
    """A status as icon and words (never colour alone)."""
    return f"{icon(status)} {t(f'status_{status}', lang())}"


def icon(status: str) -> str:
    """The status's icon as Markdown (a Material icon, drawn by Streamlit's own font)."""
    return f":material/{statuses.ICONS[status]}:"


def card_note(state: KpiState) -> str:
    """The caveat of the card's figure, as plain text ("" when it has none)."""
    return plain(provenance.caveat_text(state.note, lang())) if state.note else ""


def kpi_card(state: KpiState, shared: frozenset[str] = frozenset()) -> None:
    """Value, period, change since the figure before it, and the target with its status where there is one.

    The arrow follows the change's sign and the colour whether that is good for the KPI, in both languages.
    """
    la = lang()
    kpi, latest = state.kpi, state.latest
    if latest is None:
        return
    label = f"{kpi.title[la]} {fmt_period(latest.period, la)}" + (
        f" ({t('preliminary', la)})" if latest.preliminary else "")
    delta, arrow, colour = None, "off", "gray"
    if latest.change is not None:
        diff = fmt_number(latest.change, la, kpi.decimals, signed=True)
        delta = t("card_change", la, diff=(f"{t('approx', la)} " if state.approximate else "") + diff,
                  period=fmt_period(str(latest.previous_period), la))
        arrow, colour = change_signal(latest.change, kpi.direction)
    st.metric(label, value_with_unit(kpi, latest.value), delta, delta_color=colour,
              delta_arrow=arrow, help=f"{kpi.description[la]} ({kpi.unit[la]})", border=True)
    lines = []
    if short_unit(kpi) != kpi.unit[la]:  # the whole unit where the card's figure carries a part or none of it
        lines.append(t("card_unit", la, unit=kpi.unit[la]))
    old_line = None
    if state.old:
        old_line = f"{status_words(statuses.OLD_FIGURE)}: " + t("card_old", la, period=fmt_period(latest.period, la)) \
            + " " + next_words(kpi, latest.period)
        lines.append(old_line)
    if state.target is not None:
        lines.append(f"{status_words(state.status) if not state.old else ''} " + t(
            "card_target", la, year=state.target.year, value=fmt_number(state.target.value, la, kpi.decimals)))
    note_line = None
    if state.note and card_note(state) not in shared:  # a caveat of several cards is said once under them
        note_line = f":material/info: {card_note(state)}"
        lines.append(note_line)
    standing = sweden_data.standings().get(kpi.id)
    if standing is not None:
        key = "card_rank" if str(standing.period) == str(latest.period) else "card_rank_earlier"
        lines.append(":material/leaderboard: " + t(key, la, rank=standing.rank, of=standing.of,
                                                    period=fmt_period(standing.period, la)))
    for line in lines:
        # A card's own figures (unit, target, rank) always; a sentence about when figures come, said once a page.
        icon_part, words = _ICON.match(line.strip()).groups()
        kept = said.once(words) if line is old_line else words
        if line is note_line:
            said.page().note(words)  # the card says its caveat; the charts below need not say it again
        if kept:
            st.caption(f"{icon_part}{kept}")


_ICON = re.compile(r"^((?::material/\w+:\s*)?)(.*)$", re.S)  # a line's leading icon, then its words
UNIT_ON_CARD = 12  # characters of a unit that fit beside the figure on a card
FIRST_CHARTS = 3  # KPI charts drawn on a function page's first look; the rest fold into "Fler diagram"


def short_unit(kpi: Kpi) -> str:
    """The unit as it fits beside a figure (``tkr`` of ``tkr (fasta priser)``); empty when even that is long."""
    unit = kpi.unit[lang()].split(" (")[0]
    return unit if len(unit) <= UNIT_ON_CARD else ""


def value_with_unit(kpi: Kpi, value: float) -> str:
    """``84,2 %``, ``415,7 tkr``: the figure and its unit (what the card's own line does not say)."""
    unit = short_unit(kpi)
    return f"{fmt_number(value, lang(), kpi.decimals)} {unit}".strip()


def kpi_cards(states: Sequence[KpiState], per_row: int = 3) -> None:
    """The cards of the KPIs with a current figure; old figures step aside (:func:`older_figures`), KPIs without
    figures are listed apart (:func:`waiting_list`)."""
    shown = [s for s in states if s.current]
    notes = [card_note(s) for s in shown]
    shared = frozenset(n for n in notes if n and notes.count(n) > 1)
    for start in range(0, len(shown), per_row):
        for column, state in zip(st.columns(per_row), shown[start:start + per_row], strict=False):
            with column:
                kpi_card(state, shared)
    la = lang()
    for note in sorted(shared, key=notes.index):  # once, naming the cards it is about
        titles = ", ".join(s.kpi.title[la] for s, n in zip(shown, notes, strict=True) if n == note)
        st.caption(f":material/info: {plain(titles)}: {said.once(note)}")


def older_figures(states: Sequence[KpiState], key: str, draw: Callable[[KpiState], None]) -> None:
    """The KPIs whose latest figure is older than their maximum age, in one folded part: each with its year and
    figure and why there is no newer one (a series that ended, or no newer figure in the store yet and who brings
    it). Their charts are built only while the part is open (``draw``)."""
    older = [s for s in states if s.latest is not None and not s.current]
    if not older:
        return
    la = lang()
    part = st.expander(t("older_title", la, n=len(older)), icon=":material/history:", key=f"older_{key}",
                       on_change="rerun")
    with part:
        by_why: dict[str, list[str]] = {}  # KPIs with the same reason are listed under it, said once
        for state in older:
            kpi, latest = state.kpi, state.latest
            if kpi.succeeded_by is not None:
                why = t("older_succeeded", la, title=catalog().kpis[kpi.succeeded_by].title[la])
            else:
                why = t("older_why", la) + " " + next_words(kpi, latest.period)
            by_why.setdefault(why.strip(), []).append(
                f"- **{kpi.title[la]}** {fmt_period(latest.period, la)}: {value_with_unit(kpi, latest.value)}")
        for why, items in by_why.items():
            st.markdown("\n".join(items))
            kept = said.once(why)
            if kept:
                st.caption(kept)
        if part.open:
            for state in older:
                draw(state)


def more_charts(states: Sequence[KpiState], key: str, draw: Callable[[KpiState], None]) -> None:
    """The charts of the KPIs after the first :data:`FIRST_CHARTS`, in one folded part named by their titles and
    built only while it is open: the first look draws a few charts fast, every card is above them."""
    if not states:
        return
    la = lang()
    part = st.expander(t("more_charts_title", la, titles=", ".join(s.kpi.title[la] for s in states)),
                       icon=":material/stacked_line_chart:", key=f"more_{key}", on_change="rerun")
    if part.open:
        with part:
            for state in states:
                draw(state)


def waiting_list(states: Sequence[KpiState], editor_link: bool) -> None:
    """One compact list of the KPIs still waiting for figures, with who provides them; for staff only."""
    la = lang()
    waiting = [s.kpi for s in states if s.latest is None]
    if not waiting:
        return
    with st.expander(t("waiting_title", la, n=len(waiting)), icon=":material/hourglass_empty:"):
        by_words: dict[str, list[str]] = {}  # KPIs from the same provider at the same time, named together
        for kpi in waiting:
            by_words.setdefault(f"{who_provides(kpi)} {next_words(kpi, None)}".strip(), []).append(kpi.title[la])
        for words, titles in by_words.items():
            st.markdown("- " + ", ".join(f"**{title}**" for title in titles) + f": {said.once(words) or words}")
        if editor_link:
            st.page_link(view_files.view_file(view_files.EDIT), label=t("waiting_edit", la), icon=":material/edit:")


def publisher_of(kpi: Kpi) -> str:
    """Who publishes or enters the KPI's figures: SCB, Kolada, Tillväxtverket, or the function itself."""
    la = lang()
    if kpi.is_own_data:
        return catalog().functions[kpi.function].name[la]
    if kpi.source_kind in KINDS and kpi.source_kind != "published":
        return KINDS[kpi.source_kind].name[la]
    return t("who_published", la)


def next_words(kpi: Kpi, latest_period: str | None) -> str:
    """When the next figure usually comes, and from whom (empty when the catalog gives no rhythm)."""
    la = lang()
    today = dt.date.today()
    found = release.next_figure(kpi, latest_period, today)
    if found is None:
        return ""
    if found.is_due(today):
        return t("next_figure_due", la, who=publisher_of(kpi), period=fmt_period(str(release.latest_out(kpi, today)),
                                                                                 la))
    return t("next_figure_expected", la, period=fmt_period(found.period, la), who=publisher_of(kpi),
             month=months_long(la)[found.month - 1], year=found.year)


def who_provides(kpi: Kpi) -> str:
    return provenance.provided_by(kpi, catalog(), lang())


def target_table(states: Sequence[KpiState]) -> None:
    """Per KPI with a target: baseline year and value, target year and value, latest figure and status."""
    la = lang()
    rows = [{
        t("col_kpi", la): s.kpi.title[la],
        t("label_baseline_year", la): s.assessment.baseline_year or s.target.baseline_year or "–",
        t("col_baseline_value", la): fmt_number(s.assessment.baseline_value, la, s.kpi.decimals),
        t("label_target_year", la): s.target.year,
        t("label_target_value", la): fmt_number(s.target.value, la, s.kpi.decimals),
        t("col_latest", la): (f"{fmt_number(s.latest.value, la, s.kpi.decimals)} ({fmt_period(s.latest.period, la)})"
                              if s.latest else "–"),
        t("card_status", la): t(f"status_{s.status}", la),  # a table cell: the word (no Markdown there)
    } for s in states if s.target is not None]
    if rows:
        st.markdown(f"**{t('targets_table_title', la)}**")
        st.dataframe(pd.DataFrame(rows).astype(str), hide_index=True, width="stretch")


def show(spec: specs.ChartSpec, embed: dict[str, str] | None = None) -> None:
    chart_block(spec, embed)


def kpi_charts(kpi: Kpi, regions: Sequence[str], events: list[tuple[int, str]] | None = None,
               years: tuple[int, int] | None = None, measure: str | None = None) -> None:
    """The KPI's charts in tabs: its trend and comparison (or seasons), then, where nearly every municipality has
    figures, the map, the spread and the rank among Sweden's municipalities. Only the open tab is built and drawn."""
    specs = data.kpi_specs(kpi.id, regions, events, years, measure)
    places = sweden_data.place_kinds(kpi.id)
    kinds = [*(spec.kind for spec in specs), *places]
    if len(kinds) < 2:
        for spec in specs:
            show(spec, embed_params(kpi.id, spec.kind, regions, years))
        comment_block(kpi)
        return
    la = lang()
    tabs = st.tabs([t(f"tab_{kind}", la) for kind in kinds], key=f"tabs_{kpi.id}", on_change="rerun")
    for tab, kind in zip(tabs, kinds, strict=True):
        if tab.open:
            with tab:
                spec = chart_by_kind.chart(kind, kpi.id, regions, years, events, measure)
                if spec is not None:
                    show(spec, embed_params(kpi.id, kind, regions, years))
    comment_block(kpi)


def comment_block(kpi: Kpi, public_only: bool = False) -> None:
    """The KPI's latest analysis and actions, with who wrote them and when; always as plain text."""
    found = data.comments([kpi.id], public_only)
    if found.empty:
        return
    la = lang()
    latest = found.iloc[0]
    with st.container(border=True):
        # The function that wrote it, never the editor's login (a public line).
        who = catalog().owner(kpi, la)
        st.caption(t("comment_head", la, period=fmt_period(str(latest["period"]), la), who=plain(who),
                     at=str(latest["written_at"])[:10]))
        for name, key in (("analysis", "comment_analysis"), ("actions", "comment_actions")):
            if isinstance(latest[name], str) and latest[name]:
                st.markdown(f"**{t(key, la)}:** {plain(latest[name])}")


def embedded_chart(spec: specs.ChartSpec) -> None:
    """One chart alone for an iframe: title, summary, chart, source line and its table."""
    la = lang()
    st.subheader(spec.title)
    st.markdown(spec.summary)
    st.plotly_chart(spec.fig, config=PLOTLY_CONFIG, key="embed_chart", theme=None)
    st.caption(spec.source)
    if spec.footnotes:
        st.caption(f"{t('footnotes_title', la)}: " + " · ".join(plain(note) for note in spec.footnotes))
    table = st.expander(t("show_table", la), key="embed_table", on_change="rerun")
    if table.open:
        with table:
            shown = provenance.inert(provenance.localised(provenance.for_readers(spec.table), la))
            st.dataframe(shown, hide_index=True,
                         width="stretch")
