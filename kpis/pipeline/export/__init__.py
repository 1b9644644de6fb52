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
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from plotly.offline import get_plotlyjs

from kpis.core import model, places, settings
from kpis.core.catalog import Catalog
from kpis.core.goal import chart_kpis
from kpis.core.i18n import LANGS, t
from kpis.core.problems import Problem, ProblemError
from kpis.pipeline.export import dcat, feed
from kpis.pipeline.export.site import chart_section, comment_html, embed_page, page
from kpis.pipeline.model_inputs import goal_run, read_goal
from kpis.present import chart_list, goal_message, provenance, site_paths
from kpis.store import reads
from kpis.store.files import clean_leftovers

MARKER = ".tillvaxtpanelen-export"


class ExportRefused(ProblemError):  # noqa: N818 - reads as a sentence: raise ExportRefused(...)
    """The export would replace a folder that is not an earlier export; nothing was written."""


def _lead(obs: pd.DataFrame, catalog: Catalog, result: model.Result | None, lang: str) -> str:
    """The overview's message (the same builder as the app's overview and the report)."""
    message = goal_message.build(obs, catalog, result, lang)
    return message.text() if message else ""


def _write(path: Path, text: str | bytes, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    written.append(path)


def _build(out: Path, final: Path, con: duckdb.DuckDBPyConnection, catalog: Catalog, base_url: str) -> list[Path]:
    written: list[Path] = []
    panel = catalog.site.panel
    _write(out / "assets" / "plotly.min.js", get_plotlyjs(), written)
    regions = [*catalog.always, *catalog.peers_default]
    public = [k for k in catalog.kpis.values() if k.public]
    obs = reads.observations(con, [k.id for k in public] + list(chart_kpis(catalog)), regions)
    facts = reads.facts(con)
    goal = read_goal(con, catalog)
    extras, result = goal.extras, goal_run(goal, catalog)  # as every surface runs it
    comments = reads.comments(con, [k.id for k in public], public_only=True)
    # Every region's figures of the KPIs that can be drawn among Sweden's municipalities (map, spread, rank).
    placed = [k.id for k in public if k.place_charts] if catalog.everyone else []
    everyone = reads.observations(con, list(dict.fromkeys([*placed, catalog.goal.kpi]))) if placed else None
    groups = reads.similar_groups(con)
    similar = tuple(str(c) for c in places.overall_group(groups)["member_code"])
    generated = datetime.now(UTC).strftime("%Y-%m-%d")
    coverage: dict[str, dcat.Coverage] = {}
    for lang in LANGS:
        base = out / site_paths.folder(lang)
        inputs = chart_list.Inputs(obs, catalog, lang, result, extras, facts, regions, everyone=everyone,
                                   similar=similar)
        listed: dict[str, list[str]] = {f: [] for f in catalog.functions}
        for kpi in public:
            specs = chart_list.kpi_charts(kpi, inputs)
            if not specs:
                continue
            rows = obs[(obs["kpi_id"] == kpi.id) & obs["value"].notna()]
            csv_name, json_name = site_paths.data(kpi.id, "csv"), site_paths.data(kpi.id, "json")
            readers = provenance.for_readers(provenance.observations_csv(rows, catalog, lang))
            table = provenance.localised(readers, lang)
            _write(base / csv_name, provenance.csv_bytes(table, lang), written)
            meta = {"kpi": kpi.id, "title": kpi.title[lang], "description": kpi.description[lang],
                    "unit": kpi.unit[lang], "function": catalog.functions[kpi.function].name[lang],
                    "periodicity": kpi.periodicity, "source": provenance.source_line(rows, lang),
                    "retrieved": pd.to_datetime(rows["retrieved_at"]).max().date().isoformat(),
                    "first_period": str(rows["period"].min()), "last_period": str(rows["period"].max()),
                    "regions": sorted(set(rows["region_code"])), "csv": Path(csv_name).name, "generated": generated,
                    "observations": json.loads(readers.to_json(orient="records", force_ascii=False))}
            _write(base / json_name, json.dumps(meta, ensure_ascii=False, indent=1), written)
            if lang == LANGS[0]:
                coverage[kpi.id] = dcat.Coverage(meta["first_period"], meta["last_period"], meta["retrieved"])
            name = site_paths.kpi_page(kpi.id)
            body = (f"<h1>{html.escape(kpi.title[lang])}</h1>\n<p>{html.escape(kpi.description[lang])}</p>\n"
                    + "\n".join(chart_section(spec, i, lang) for i, spec in enumerate(specs))
                    + comment_html(comments[comments["kpi_id"] == kpi.id], lang, catalog.owner(kpi, lang))
                    + f"\n<p><a href=\"{csv_name}\" download>{html.escape(t('download_csv', lang))}</a> · "
                      f"<a href=\"{json_name}\">JSON</a></p>")
            _write(base / name, page(lang, kpi.title[lang], body, name, panel), written)
            for spec in specs:
                embed_name = site_paths.embed(kpi.id, spec.kind)
                _write(base / embed_name, embed_page(spec, lang, embed_name, name, panel), written)
            listed[kpi.function].append(f"<li><a href=\"{name}\">{html.escape(kpi.title[lang])}</a></li>")
        for key, function in catalog.functions.items():
            drawn = chart_list.charts(chart_list.function_kinds(key, catalog), inputs)
            if not drawn:
                continue
            name = site_paths.function_page(key)
            body = (f"<h1>{html.escape(function.name[lang])}</h1>\n"
                    + "\n".join(chart_section(spec, i, lang) for i, spec in enumerate(drawn)))
            _write(base / name, page(lang, function.name[lang], body, name, panel), written)
            label = html.escape(t("export_function_goal", lang, function=function.name[lang]))
            listed[key].insert(0, f"<li><a href=\"{name}\">{label}</a></li>")
        sections = "".join(
            f"<h2>{html.escape(function.name[lang])}</h2>"
            + (f"<ul class=\"kpis\">{''.join(listed[key])}</ul>" if listed[key]
               else f"<p>{html.escape(t('export_no_public', lang))}</p>")
            for key, function in catalog.functions.items())
        intro = html.escape(t("export_intro", lang, date=generated))
        lead = html.escape(_lead(obs, catalog, result, lang))
        name = site_paths.index()
        first_map = chart_list.build("map", inputs, catalog.kpis[catalog.goal.kpi]) if everyone is not None else None
        drawn_map = (f"<h2>{html.escape(t('overview_map_title', lang))}</h2>" + chart_section(first_map, 0, lang)
                     if first_map is not None else "")
        _write(base / name, page(lang, panel,
                                 f"<h1>{html.escape(panel)}</h1><p class=\"lead\">{lead}</p>{drawn_map}<p>{intro}</p>"
                                 f"<p><a href=\"{site_paths.to_root(lang)}catalog.jsonld\">"
                                 f"{html.escape(t('export_catalog', lang))}</a></p>{sections}", name, panel), written)
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
    base_url = base_url or settings.public_url() or None
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
