"""The static site's HTML: one page per public KPI, the road to the goal, the functions' pages, the index,
and one small embed page per public KPI and chart. All pages share one copy of plotly.js; links are relative,
so the folder works from any web server or straight from disk. No Python runs when it is read."""

from __future__ import annotations

import html

import pandas as pd

from kpis.core.i18n import LANGS, t
from kpis.present import links, provenance, site_paths
from kpis.present.specs import ChartSpec

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;line-height:1.5}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
header{border-bottom:3px solid #1f4e79;padding-top:12px}
a{color:#1f4e79}
h1{font-size:1.6rem;margin:.4em 0;overflow-wrap:normal;hyphens:manual}
h2{font-size:1.25rem;margin-top:1.6em}
.source,.notes{color:#4d4d4d;font-size:.9rem}
.lead{font-size:1.1rem;border-left:4px solid #1f4e79;padding-left:12px}
table{border-collapse:collapse;font-size:.85rem;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #c8c8c8;padding:2px 6px;text-align:left}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
ul.kpis li{margin:.3em 0}
"""
EMBED_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;padding:8px;
line-height:1.4}
h1{font-size:1.15rem;margin:0 0 .3em}
p{margin:.3em 0}
.source{color:#4d4d4d;font-size:.85rem}
"""


def page(lang: str, title: str, body: str, name: str, panel: str) -> str:
    """A whole page of the site (``name``: its path in its language's folder), with a link to the same page in
    every other language and the shared plotly.js."""
    up = site_paths.to_root(lang, name)
    others = " · ".join(
        f'<a href="{html.escape(site_paths.in_language(lang, other, name))}" lang="{other}">'
        f'{html.escape(t("language_name", other))}</a>' for other in LANGS if other != lang)
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – {html.escape(panel)}</title>
<style>{CSS}</style>
<script src="{up}assets/plotly.min.js"></script>
</head>
<body>
<a class="skip" href="#main">{html.escape(t("skip_to_content", lang))}</a>
<header><p><a href="{site_paths.from_page(name, site_paths.index())}">{html.escape(panel)}</a> · {others}</p>
</header>
<main id="main">
{body}
</main>
<footer><p class="source">{html.escape(t("export_footer", lang))}</p></footer>
</body>
</html>
"""


def figure_div(spec: ChartSpec, index: int) -> str:
    return spec.fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG, div_id=f"chart-{index}",
                            default_height="420px", default_width="100%")


def chart_section(spec: ChartSpec, index: int, lang: str) -> str:
    """A chart with its title, summary, source, notes and table; every text escaped."""
    shown = provenance.localised(provenance.for_readers(spec.table), lang)
    table = shown.to_html(index=False, escape=True, border=0, na_rep="–")
    footnotes = (f"<p class=\"notes\">{html.escape(t('footnotes_title', lang))}: "
                 f"{html.escape(' · '.join(spec.footnotes))}</p>\n") if spec.footnotes else ""
    return (f"<section aria-labelledby=\"h-{index}\"><h2 id=\"h-{index}\">{html.escape(spec.title)}</h2>\n"
            f"<p>{html.escape(spec.summary.replace('**', ''))}</p>\n"
            f"<figure role=\"group\" aria-label=\"{html.escape(spec.title, quote=True)}\">{figure_div(spec, index)}\n"
            f"<figcaption class=\"source\">{html.escape(spec.source)}</figcaption></figure>\n{footnotes}"
            f"<details><summary>{html.escape(t('show_table', lang))}</summary>{table}</details>"
            "</section>")


def embed_page(spec: ChartSpec, lang: str, name: str, back: str, panel: str) -> str:
    """One chart alone for an iframe on another site (``name``: its path in its language's folder): title,
    chart, one-sentence summary, source line and a link back (``back``, from the language's folder); it posts
    its height to the host page, whose snippet listens and fits the iframe to it."""
    up = site_paths.to_root(lang, name)
    back = site_paths.from_page(name, back)
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(spec.title)} – {html.escape(panel)}</title>
<style>{EMBED_CSS}</style>
<script src="{up}assets/plotly.min.js"></script>
</head>
<body>
<h1>{html.escape(spec.title)}</h1>
{figure_div(spec, 0)}
<p>{html.escape(spec.summary.replace('**', ''))}</p>
<p class="source">{html.escape(spec.source)}</p>
<p><a href="{html.escape(back, quote=True)}" target="_top">{html.escape(t("embed_open", lang))}</a></p>
{links.HEIGHT_REPORTER}
</body>
</html>
"""


def comment_html(comments: pd.DataFrame, lang: str, function: str) -> str:
    """The latest public comment of a KPI: analysis and actions, the function that wrote it (never an editor's
    login) and when; every text escaped."""
    if comments.empty:
        return ""
    row = comments.iloc[0]
    parts = [f"<p><strong>{html.escape(t(key, lang))}:</strong> {html.escape(str(row[name]))}</p>"
             for name, key in (("analysis", "comment_analysis"), ("actions", "comment_actions"))
             if isinstance(row[name], str) and row[name]]
    head = t("comment_head", lang, period=row["period"], who=function, at=str(row["written_at"])[:10])
    return f"<section class=\"comment\"><p class=\"notes\">{html.escape(head)}</p>{''.join(parts)}</section>"
