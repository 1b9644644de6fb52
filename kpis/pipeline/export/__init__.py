"""``python -m kpis export DIR``: the public site as static files, for any web server or CDN.

For every public KPI with figures, in Swedish (``DIR/``) and English (``DIR/en/``): an HTML page with its
charts, summaries, notes and tables; a CSV and a JSON at stable URLs (``data/<kpi>.csv``, ``data/<kpi>.json``);
one embed page per chart (``embed/<kpi>-<chart>.html``) that fits its iframe to its height. Also the road to
the goal, an index that leads with the overview's message and has every function, and the open-data catalog
(DCAT-AP-SE, ``catalog.jsonld`` and ``catalog.rdf``). The site is built in a new folder and swapped into place,
so it holds exactly what is public now.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from plotly.offline import get_plotlyjs

from kpis.core import progress
from kpis.core.catalog import Catalog, Kpi
from kpis.core.goal import ModelExtras, run_model
from kpis.core.i18n import LANGS, fmt_number, fmt_pct, t
from kpis.core.kpi_state import yearly_series
from kpis.core.problems import Problem, ProblemError
from kpis.pipeline.export import dcat, feed
from kpis.pipeline.export.site import chart_section, comment_html, embed_page, page
from kpis.pipeline.model_inputs import read_extras
from kpis.present import provenance as notes
from kpis.present import specs as kpi_view
from kpis.store import reads
from kpis.store.files import clean_leftovers

MARKER = ".tillvaxtpanelen-export"


class ExportRefused(ProblemError):  # noqa: N818 - reads as a sentence: raise ExportRefused(...)
    """The export would replace a folder that is not an earlier export; nothing was written."""


def kpi_charts(kpi: Kpi, obs: pd.DataFrame, regions: Sequence[str], catalog: Catalog, lang: str,
               extras: ModelExtras | None = None) -> list[kpi_view.ChartSpec]:
    """The KPI's charts as the app draws them (the goal chart and the road to it first for the goal KPI)."""
    specs = kpi_view.kpi_specs(kpi, obs, regions, catalog, lang)
    if kpi.id == catalog.goal.kpi:
        extra = [kpi_view.goal_chart(obs, catalog, lang), kpi_view.model_chart(obs, catalog, lang, extras=extras)]
        if extras is not None and extras.ages is not None:
            try:
                result = run_model(obs, catalog, extras)
                extra.append(kpi_view.age_group_chart(result, catalog, lang, extras))
            except ValueError:
                pass
            extra += [kpi_view.age_pyramid(extras, catalog, lang), kpi_view.age_change(extras, catalog, lang)]
        specs = [s for s in extra if s is not None] + specs
    return specs


def _base(directory: Path, lang: str) -> tuple[Path, int]:
    return (directory, 0) if lang == LANGS[0] else (directory / lang, 1)


def _other(lang: str, name: str) -> str:
    return f"{LANGS[1]}/{name}" if lang == LANGS[0] else f"../{name}"


def _lead(obs: pd.DataFrame, catalog: Catalog, lang: str, extras: ModelExtras | None = None) -> str:
    """The overview's message: latest figure, gap, the pace needed and seen, the status, what the goal needs."""
    goal = catalog.goal
    state = progress.progress(yearly_series(obs, goal.kpi, goal.region), goal.target_value, goal.target_year,
                              catalog.status)
    if state is None:
        return ""
    parts = [t("export_lead", lang, value=fmt_number(state.latest_value, lang), year=state.latest_year,
               gap=fmt_number(state.gap, lang), target=fmt_number(goal.target_value, lang),
               target_year=goal.target_year, required=fmt_number(state.required_per_year, lang),
               required_pct=fmt_pct(state.required_rate, lang, 2),
               actual=fmt_number(state.pace.per_year, lang) if state.pace else "–",
               start=state.pace.start if state.pace else "–", end=state.pace.end if state.pace else "–",
               status=t(f"status_{state.status}", lang))]
    try:
        result = run_model(obs, catalog, extras)
        parts += [kpi_view.headline(result, lang), kpi_view.reconcile(result, lang)]
    except ValueError:
        pass
    return " ".join(parts)


def _write(path: Path, text: str | bytes, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    written.append(path)


def _build(out: Path, final: Path, con: duckdb.DuckDBPyConnection, catalog: Catalog, base_url: str) -> list[Path]:
    written: list[Path] = []
    _write(out / "assets" / "plotly.min.js", get_plotlyjs(), written)
    regions = [*catalog.always, *catalog.peers_default]
    public = [k for k in catalog.kpis.values() if k.public]
    obs = reads.observations(con, [k.id for k in public] + ["population", "live_births", "deaths"], regions)
    facts = reads.facts(con)
    extras = read_extras(con, catalog)
    comments = reads.comments(con, [k.id for k in public], public_only=True)
    generated = datetime.now(UTC).strftime("%Y-%m-%d")
    coverage: dict[str, dcat.Coverage] = {}
    for lang in LANGS:
        base, depth = _base(out, lang)
        listed: dict[str, list[str]] = {f: [] for f in catalog.functions}
        for kpi in public:
            specs = kpi_charts(kpi, obs, regions, catalog, lang, extras)
            if not specs:
                continue
            rows = obs[(obs["kpi_id"] == kpi.id) & obs["value"].notna()]
            table = notes.localised(notes.for_readers(notes.observations_csv(rows, catalog, lang)), lang)
            _write(base / "data" / f"{kpi.id}.csv", notes.csv_bytes(table, lang), written)
            meta = {"kpi": kpi.id, "title": kpi.title[lang], "description": kpi.description[lang],
                    "unit": kpi.unit[lang], "function": catalog.functions[kpi.function].name[lang],
                    "periodicity": kpi.periodicity, "source": notes.source_line(rows, lang),
                    "retrieved": pd.to_datetime(rows["retrieved_at"]).max().date().isoformat(),
                    "first_period": str(rows["period"].min()), "last_period": str(rows["period"].max()),
                    "regions": sorted(set(rows["region_code"])), "csv": f"{kpi.id}.csv", "generated": generated,
                    "observations": json.loads(notes.for_readers(notes.observations_csv(rows, catalog, lang)).to_json(
                        orient="records", force_ascii=False))}
            _write(base / "data" / f"{kpi.id}.json", json.dumps(meta, ensure_ascii=False, indent=1), written)
            if lang == LANGS[0]:
                coverage[kpi.id] = dcat.Coverage(meta["first_period"], meta["last_period"], meta["retrieved"])
            body = (f"<h1>{html.escape(kpi.title[lang])}</h1>\n<p>{html.escape(kpi.description[lang])}</p>\n"
                    + "\n".join(chart_section(spec, i, lang) for i, spec in enumerate(specs))
                    + comment_html(comments[comments["kpi_id"] == kpi.id], lang,
                                   catalog.functions[kpi.function].name[lang])
                    + f"\n<p><a href=\"data/{kpi.id}.csv\" download>{html.escape(t('download_csv', lang))}</a> · "
                      f"<a href=\"data/{kpi.id}.json\">JSON</a></p>")
            _write(base / f"{kpi.id}.html", page(lang, kpi.title[lang], body, depth, _other(lang, f"{kpi.id}.html")),
                   written)
            for spec in specs:
                name = f"{kpi.id}-{spec.kind}.html"
                _write(base / "embed" / name, embed_page(spec, lang, f"../{kpi.id}.html", depth + 1), written)
            listed[kpi.function].append(f"<li><a href=\"{kpi.id}.html\">{html.escape(kpi.title[lang])}</a></li>")
        development = [s for s in (kpi_view.plan_chart(obs, catalog, lang), kpi_view.timeline(facts, lang)) if s]
        if development:
            body = (f"<h1>{html.escape(catalog.functions['utveckling'].name[lang])}</h1>\n"
                    + "\n".join(chart_section(spec, i, lang) for i, spec in enumerate(development)))
            _write(base / "utveckling.html", page(lang, catalog.functions["utveckling"].name[lang], body, depth,
                                                  _other(lang, "utveckling.html")), written)
            label = html.escape(t("export_development", lang))
            listed["utveckling"].insert(0, f"<li><a href=\"utveckling.html\">{label}</a></li>")
        sections = "".join(
            f"<h2>{html.escape(function.name[lang])}</h2>"
            + (f"<ul class=\"kpis\">{''.join(listed[key])}</ul>" if listed[key]
               else f"<p>{html.escape(t('export_no_public', lang))}</p>")
            for key, function in catalog.functions.items())
        intro = html.escape(t("export_intro", lang, date=generated))
        lead = html.escape(_lead(obs, catalog, lang, extras))
        _write(base / "index.html", page(lang, "Tillväxtpanelen",
                                         f"<h1>Tillväxtpanelen</h1><p class=\"lead\">{lead}</p><p>{intro}</p>"
                                         f"<p><a href=\"{'' if lang == LANGS[0] else '../'}catalog.jsonld\">"
                                         f"{html.escape(t('export_catalog', lang))}</a></p>{sections}",
                                         depth, _other(lang, "index.html")), written)
    graph = dcat.build(catalog, base_url or final.resolve().as_uri(), coverage)
    _write(out / "catalog.jsonld", graph.serialize(format="json-ld", indent=1), written)
    _write(out / "catalog.rdf", graph.serialize(format="xml"), written)
    changes = reads.changes_since(con, "1970-01-01", public_only=True)
    changes = changes[changes["kind"] != "import"]
    public_ids = {k.id for k in public}
    changes = changes[changes["kpi_id"].isin(public_ids)]
    _write(out / "feed.xml", feed.atom(changes, catalog, base_url or final.resolve().as_uri()), written)
    _write(out / MARKER, f"{generated}\n", written)
    return written


def export(directory: Path, con: duckdb.DuckDBPyConnection, catalog: Catalog, base_url: str | None = None
           ) -> list[Path]:
    """Write the static site into ``directory``, replacing an earlier export there; returns the files written.

    ``base_url`` (``TILLVAXT_PUBLIC_URL``) is the public address the catalog's links use.
    """
    directory = directory.resolve()
    if directory.exists() and (not directory.is_dir() or (any(directory.iterdir())
                                                          and not (directory / MARKER).exists())):
        raise ExportRefused([Problem("export_not_an_export", {"path": str(directory)})])
    directory.parent.mkdir(parents=True, exist_ok=True)
    base_url = base_url or os.environ.get("TILLVAXT_PUBLIC_URL") or None
    # Folders an export killed mid-way left behind (an hour old: never one that another export is writing).
    clean_leftovers(directory, (".tmp", ".old"), older_than=3600)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent))
    old = None
    try:
        written = _build(tmp, directory, con, catalog, base_url or "")
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent))
            os.replace(directory, old / directory.name)
        os.replace(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / directory.name).exists() and not directory.exists():
            os.replace(old / directory.name, directory)  # put the earlier site back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return [directory / p.relative_to(tmp) for p in written]
