"""``python -m kpis export DIR``: the public site as static files, for any web server or CDN.

For every public KPI with figures, in Swedish (``DIR/``) and English (``DIR/en/``): an HTML page with its
charts, their text summaries and tables, a CSV of the figures and a JSON of its metadata; an index page
per language. All pages share one copy of plotly.js (``DIR/assets/plotly.min.js``); links are relative,
so the folder works from a web server or straight from disk. No Python runs when it is read.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from plotly.offline import get_plotlyjs

from kpis.core.catalog import Catalog, Kpi
from kpis.core.i18n import LANGS, t
from kpis.present import provenance as notes
from kpis.present import specs as kpi_view
from kpis.store import reads

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;line-height:1.5}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
header{border-bottom:3px solid #1f4e79;padding-top:12px}
a{color:#1f4e79}
h1{font-size:1.6rem;margin:.4em 0}
h2{font-size:1.25rem;margin-top:1.6em}
.chart{width:100%;min-height:420px}
.source{color:#4d4d4d;font-size:.9rem}
table{border-collapse:collapse;font-size:.85rem;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #c8c8c8;padding:2px 6px;text-align:left}
caption{text-align:left;font-weight:600}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
ul.kpis li{margin:.3em 0}
"""


def _page(lang: str, title: str, body: str, depth: int, other: str) -> str:
    up = "../" * depth
    switch = "English" if lang == "sv" else "Svenska"
    other_lang = "en" if lang == "sv" else "sv"
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – Tillväxtpanelen</title>
<style>{CSS}</style>
<script src="{up}assets/plotly.min.js"></script>
</head>
<body>
<a class="skip" href="#main">{"Till innehållet" if lang == "sv" else "Skip to content"}</a>
<header><p><a href="index.html">Tillväxtpanelen</a> ·
<a href="{html.escape(other)}" lang="{other_lang}">{switch}</a></p>
</header>
<main id="main">
{body}
</main>
<footer><p class="source">{html.escape(t("export_footer", lang))}</p></footer>
</body>
</html>
"""


def _chart_html(spec: kpi_view.ChartSpec, index: int, lang: str) -> str:
    div = spec.fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG,
                           div_id=f"chart-{index}", default_height="420px", default_width="100%")
    table = notes.localised(spec.table, lang).to_html(index=False, escape=True, border=0, na_rep="–")
    return (f"<section aria-labelledby=\"h-{index}\"><h2 id=\"h-{index}\">{html.escape(spec.title)}</h2>\n"
            f"<p>{html.escape(spec.summary.replace('**', ''))}</p>\n"
            f"<figure role=\"group\" aria-label=\"{html.escape(spec.title, quote=True)}\">{div}\n"
            f"<figcaption class=\"source\">{html.escape(spec.source)}</figcaption></figure>\n"
            f"<details><summary>{html.escape(t('show_table', lang))}</summary>{table}</details>"
            "</section>")


def _specs(kpi: Kpi, obs: pd.DataFrame, regions: Sequence[str], catalog: Catalog, lang: str
           ) -> list[kpi_view.ChartSpec]:
    specs = kpi_view.kpi_specs(kpi, obs, regions, catalog, lang)
    if kpi.id == catalog.goal.kpi:
        goal = kpi_view.goal_chart(obs, catalog, lang)
        specs = [goal, *specs] if goal else specs
    return specs


def export(directory: Path, con: duckdb.DuckDBPyConnection, catalog: Catalog) -> list[Path]:
    """Write the static site; returns the files written."""
    written: list[Path] = []
    assets = directory / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    written.append(assets / "plotly.min.js")
    regions = [*catalog.always, *catalog.peers_default]
    public = [k for k in catalog.kpis.values() if k.public]
    obs = reads.observations(con, [k.id for k in public] + ["population"], regions)
    generated = datetime.now(UTC).strftime("%Y-%m-%d")
    for lang in LANGS:
        base = directory if lang == "sv" else directory / "en"
        depth = 0 if lang == "sv" else 1
        (base / "data").mkdir(parents=True, exist_ok=True)
        listed: dict[str, list[str]] = {}
        for kpi in public:
            specs = _specs(kpi, obs, regions, catalog, lang)
            if not specs:
                continue
            rows = obs[(obs["kpi_id"] == kpi.id) & obs["value"].notna()]
            csv = notes.localised(notes.observations_csv(rows, catalog, lang), lang)
            (base / "data" / f"{kpi.id}.csv").write_text(csv.to_csv(index=False), encoding="utf-8")
            meta = {"kpi": kpi.id, "title": kpi.title[lang], "description": kpi.description[lang],
                    "unit": kpi.unit[lang], "function": kpi.function, "periodicity": kpi.periodicity,
                    "source": notes.source_line(rows, lang),
                    "retrieved": pd.to_datetime(rows["retrieved_at"]).max().date().isoformat(),
                    "first_period": str(rows["period"].min()), "last_period": str(rows["period"].max()),
                    "regions": sorted(set(rows["region_code"])), "csv": f"{kpi.id}.csv", "generated": generated}
            (base / "data" / f"{kpi.id}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                                          encoding="utf-8")
            body = (f"<h1>{html.escape(kpi.title[lang])}</h1>\n<p>{html.escape(kpi.description[lang])}</p>\n"
                    + "\n".join(_chart_html(spec, i, lang) for i, spec in enumerate(specs))
                    + f"\n<p><a href=\"data/{kpi.id}.csv\" download>{html.escape(t('download_csv', lang))}</a> · "
                      f"<a href=\"data/{kpi.id}.json\">JSON</a></p>")
            other = f"en/{kpi.id}.html" if lang == "sv" else f"../{kpi.id}.html"
            page = base / f"{kpi.id}.html"
            page.write_text(_page(lang, kpi.title[lang], body, depth, other), encoding="utf-8")
            written += [page, base / "data" / f"{kpi.id}.csv", base / "data" / f"{kpi.id}.json"]
            listed.setdefault(kpi.function, []).append(
                f"<li><a href=\"{kpi.id}.html\">{html.escape(kpi.title[lang])}</a></li>")
        sections = "".join(
            f"<h2>{html.escape(t(f'nav_{f}' if f != 'oversikt' else 'nav_overview', lang))}</h2>"
            f"<ul class=\"kpis\">{''.join(items)}</ul>" for f, items in listed.items())
        intro = html.escape(t("export_intro", lang, date=generated))
        index = base / "index.html"
        index.write_text(_page(lang, "Tillväxtpanelen", f"<h1>Tillväxtpanelen</h1><p>{intro}</p>{sections}",
                               depth, "en/index.html" if lang == "sv" else "../index.html"), encoding="utf-8")
        written.append(index)
    return written
