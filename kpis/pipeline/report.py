"""``python -m kpis report --period 2025 [--lang sv|en] --out rapport.pdf``: the board report as an A4 PDF.

The goal and the population model's headline first, then per function each KPI with its chart, latest
figure, target, status and comment, its sources and retrieval dates; overdue figures; page numbers, the
date and the publisher (the catalog's ``[site]``) on every page. Charts come from the same chart specs as the
pages. Every text a user wrote is escaped: nothing in it is read as markup.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb
import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kpis.core import model, months
from kpis.core.catalog import Catalog
from kpis.core.i18n import fmt_number, fmt_pct, fmt_period, t
from kpis.core.kpi_state import KpiState, fresh_first, kpi_state
from kpis.core.periods import is_overdue, year_of
from kpis.pipeline.model_inputs import goal_run, read_goal
from kpis.pipeline.report_charts import drawing
from kpis.present import chart_list, goal_message, year_so_far
from kpis.present.provenance import provided_by
from kpis.present.said_once import Said
from kpis.present.specs import ChartSpec
from kpis.store import reads


def _text(value: object) -> str:
    """Plain text for a Paragraph: markup characters escaped, the true minus as a plain one (font coverage)."""
    return escape(str(value)).replace("−", "-").replace("\u202f", " ")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {"title": base["Title"], "h1": base["Heading1"], "h2": base["Heading2"], "body": base["BodyText"],
            "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10,
                                    textColor=colors.HexColor("#4d4d4d"))}


def _footer(lang: str, made: str, catalog: Catalog):  # noqa: ANN202 - reportlab's page callback
    site = catalog.site

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, 12 * mm, f"{site.publisher[lang]} · {site.panel} · {made}")
        canvas.drawRightString(190 * mm, 12 * mm, t("report_page", lang, n=doc.page))
        canvas.restoreState()
    return draw


def _kpi_block(state: KpiState, spec: ChartSpec | None, comment: pd.Series | None, lang: str,
               styles: dict[str, ParagraphStyle], function: str, said: Said) -> list:
    kpi = state.kpi
    parts: list = [Paragraph(_text(kpi.title[lang]), styles["h2"])]
    facts = []
    if state.latest is not None:
        facts.append(t("report_latest", lang, value=fmt_number(state.latest.value, lang, kpi.decimals),
                       unit=kpi.unit[lang], period=fmt_period(state.latest.period, lang)))
    if state.target is not None:
        facts.append(t("card_target", lang, year=state.target.year,
                       value=fmt_number(state.target.value, lang, kpi.decimals)))
    facts.append(f"{t('card_status', lang)}: {t(f'status_{state.status}', lang)}")
    parts.append(Paragraph(_text(" · ".join(facts)), styles["body"]))
    if spec is not None:
        parts.append(drawing(spec.fig, lang))
        source = said.source_line(spec.source, kpi.title[lang], lang)  # each sentence once a section
        if source:
            parts.append(Paragraph(_text(source), styles["small"]))
    if comment is not None:
        for name, key in (("analysis", "comment_analysis"), ("actions", "comment_actions")):
            text = comment.get(name)
            if isinstance(text, str) and text:
                parts.append(Paragraph(f"<b>{_text(t(key, lang))}:</b> {_text(text)}", styles["body"]))
        parts.append(Paragraph(_text(t("comment_head", lang, period=comment["period"], who=function,
                                         at=str(comment["written_at"])[:10])), styles["small"]))
    parts.append(Spacer(1, 6 * mm))
    return [KeepTogether(parts)]


def _table(rows: list[list[str]], widths: list[float], styles: dict[str, ParagraphStyle]) -> Table:
    table = Table([[Paragraph(_text(c), styles["small"]) for c in row] for row in rows], colWidths=widths,
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f7")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _missing(catalog: Catalog, every: dict[str, KpiState], period: int, lang: str,
             styles: dict[str, ParagraphStyle], today: date) -> list:
    """One table of the KPIs without figures (not assessed), and the own figures that are overdue."""
    rows = [[t("col_kpi", lang), t("col_function", lang), t("col_provided_by", lang)]]
    for kpi in catalog.kpis.values():
        latest = every[kpi.id].latest
        overdue = kpi.is_own_data and latest is not None and (
            is_overdue(latest.period, kpi.periodicity, today) or year_of(latest.period) < period)
        if latest is None or overdue:
            rows.append([kpi.title[lang] + (f" ({t('report_overdue_since', lang, period=latest.period)})"
                                            if latest is not None else ""),
                         catalog.functions[kpi.function].name[lang], provided_by(kpi, catalog, lang)])
    if len(rows) == 1:
        return []
    return [PageBreak(), Paragraph(_text(t("report_missing", lang)), styles["h1"]),
            Paragraph(_text(t("report_missing_intro", lang)), styles["body"]),
            _table(rows, [78 * mm, 38 * mm, 54 * mm], styles)]


def _status_method(catalog: Catalog, lang: str, styles: dict[str, ParagraphStyle]) -> list:
    """How the status is judged, as on Data och källor: the report's last page."""
    thresholds = catalog.status
    text = t("data_status_text", lang, on_track=fmt_pct(thresholds.on_track_min_ratio, lang, 0),
             acceleration=fmt_pct(thresholds.acceleration_min_ratio, lang, 0), pace_years=thresholds.pace_years,
             min_points=thresholds.min_points, max_age=thresholds.max_age_years)
    story: list = [PageBreak(), Paragraph(_text(t("data_status_method", lang)), styles["h1"])]
    for line in filter(None, (part.strip() for part in text.split("\n"))):
        bullet = line.startswith("- ")
        body = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", _text(line[2:] if bullet else line))
        story.append(Paragraph(("• " if bullet else "") + body, styles["body"]))
    return story


def _year_so_far(obs: pd.DataFrame, catalog: Catalog, result: model.Result | None, lang: str,
                 styles: dict[str, ParagraphStyle], everyone: pd.DataFrame | None = None) -> list:
    """A page on the year so far (SCB's monthly statistics, as the overview says it), or one sentence saying the
    monthly figures come with the next refresh."""
    block = year_so_far.build(obs, catalog, result, lang, everyone)
    if block is None:
        return [Paragraph(_text(year_so_far.none_yet(lang)), styles["small"])]
    story: list = [PageBreak(), Paragraph(_text(block.title), styles["h1"])]
    story += [Paragraph(_text(sentence.strip()), styles["body"]) for sentence in block.sentences]
    if block.preliminary:
        story.append(Paragraph(_text(t("so_far_preliminary", lang)), styles["small"]))
    spec = year_so_far.chart(obs, catalog, lang)
    if spec is not None:
        story += [Paragraph(_text(spec.title), styles["body"]), drawing(spec.fig, lang),
                  Paragraph(_text(spec.source), styles["small"])]
    return story


def build(con: duckdb.DuckDBPyConnection, catalog: Catalog, out: Path, period: int, lang: str = "sv",
          today: date | None = None) -> Path:
    """Write the report for ``period`` (figures up to that year) to ``out``; returns the path."""
    made = (today or date.today()).isoformat()
    styles = _styles()
    kpi_ids = list(catalog.kpis)
    everything = reads.observations(con, kpi_ids, list(catalog.regions))  # the catalog's regions, not all of Sweden
    obs = everything[everything["period"].astype(str).str[:4].astype(int) <= period]
    targets = reads.targets(con, kpi_ids)
    comments = reads.comments(con, kpi_ids)
    comments = comments[comments["period"].astype(str).str[:4].astype(int) <= period]
    goal = catalog.goal
    story: list = [Paragraph(_text(t("report_title", lang, period=period)), styles["title"]),
                   Paragraph(_text(t("app_publisher", lang, publisher=catalog.site.publisher[lang],
                                     unit=catalog.site.unit[lang])), styles["body"]),
                   Paragraph(_text(t("report_made", lang, date=made)), styles["small"]), Spacer(1, 6 * mm)]
    home = obs[obs["region_code"] == goal.region]
    result = goal_run(read_goal(con, catalog, until=period), catalog)  # as every surface runs it
    message = goal_message.build(home, catalog, result, lang, groups_in_full=True)
    if message is not None:
        story.append(Paragraph(_text(message.figures), styles["body"]))
        story += [Paragraph(_text(sentence), styles["body"]) for sentence in message.sentences]
    goal_spec = chart_list.build("goal", chart_list.Inputs(home, catalog, lang, result))
    if goal_spec is not None:
        story += [drawing(goal_spec.fig, lang), Paragraph(_text(goal_spec.source), styles["small"])]
    monthly = [k for k in (months.MONTHLY["change"], months.MONTHLY["population"]) if k in catalog.kpis]
    sweden = reads.observations(con, monthly) if catalog.everyone and monthly else None
    story += _year_so_far(everything[everything["region_code"] == goal.region], catalog, result, lang, styles,
                          sweden)
    regions = [*catalog.always, *catalog.peers_default]
    every = {k.id: kpi_state(k, obs, targets, catalog, today) for k in catalog.kpis.values()}
    for function in catalog.functions.values():
        states = [s for s in fresh_first([every[k.id] for k in catalog.kpis_of(function.id)]) if s.latest is not None]
        story += [PageBreak(), Paragraph(_text(function.name[lang]), styles["h1"])]
        if not states:
            story.append(Paragraph(_text(t("report_function_empty", lang)), styles["body"]))
            continue
        rows = [[t("col_kpi", lang), t("col_latest", lang), t("label_target_value", lang), t("card_status", lang)]]
        for s in states:
            unit = s.kpi.unit[lang]
            rows.append([s.kpi.title[lang],
                         f"{fmt_number(s.latest.value, lang, s.kpi.decimals)} {unit} "
                         f"({fmt_period(s.latest.period, lang)})",
                         f"{fmt_number(s.target.value, lang, s.kpi.decimals)} {unit} ({s.target.year})"
                         if s.target else "–",
                         t(f"status_{s.status}", lang)])
        # The text's width (170 mm of A4 between 20 mm margins): the table ends where the paragraphs do.
        story += [_table(rows, [62 * mm, 42 * mm, 32 * mm, 34 * mm], styles), Spacer(1, 6 * mm)]
        said = Said()
        for s in states:
            charts = chart_list.charts(s.kpi.charts, chart_list.Inputs(obs, catalog, lang, regions=regions,
                                                                       target=s.target), s.kpi)
            trend = next((c for c in charts if c.kind == "trend"), charts[0] if charts else None)
            found = comments[comments["kpi_id"] == s.kpi.id]
            story += _kpi_block(s, trend, found.iloc[0] if not found.empty else None, lang, styles,
                                catalog.owner(s.kpi, lang), said)
    story += _missing(catalog, every, period, lang, styles, today or date.today())
    story += _status_method(catalog, lang, styles)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=A4, title=t("report_title", lang, period=period),
                            author=catalog.site.publisher[lang],
                            leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=20 * mm)
    footer = _footer(lang, made, catalog)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out
