"""An Atom feed of what changed (new and revised figures, imports, public comments): one entry per change, so
that people can subscribe to the panel. Built with ElementTree, so every text is escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pandas as pd

from kpis.core.catalog import Catalog
from kpis.core.i18n import t

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow (control characters, lone surrogates, U+FFFE/U+FFFF): a comment holding one
# would make the whole feed unreadable, so they are removed from every text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _iso(value: object) -> str:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(UTC)
    return stamp.isoformat()


def atom(changes: pd.DataFrame, catalog: Catalog, base_url: str, lang: str = "sv") -> bytes:
    """The feed document for ``changes`` (as :func:`kpis.store.reads.changes_since` gives them)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = t("feed_title", lang)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base_url.rstrip('/')}/feed.xml"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": f"{base_url.rstrip('/')}/index.html"})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = catalog.site.publisher[lang]
    updated = _iso(changes["changed_at"].max()) if not changes.empty else datetime.now(UTC).isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    for number, row in enumerate(changes.itertuples()):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        kpi = catalog.kpis.get(str(row.kpi_id))
        subject = kpi.title[lang] if kpi else str(row.kpi_id)
        region = catalog.region_name(str(row.region_code), lang) if isinstance(row.region_code, str) else ""
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(t(
            f"feed_{row.kind}", lang, subject=subject, region=region, period=row.period or "", new=row.new or "",
            old=row.old or ""))
        ET.SubElement(entry, f"{{{ATOM}}}id").text = (
            f"{base_url.rstrip('/')}/feed.xml#{row.kind}-{row.kpi_id}-{row.region_code}-{row.period}-"
            f"{pd.Timestamp(row.changed_at).strftime('%Y%m%dT%H%M%S')}-{number}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(row.changed_at)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "text"})
        content.text = xml_text(str(row.new) if row.kind == "comment" else t(
            "feed_content", lang, kind=t(f"change_{row.kind}", lang), subject=subject, region=region,
            period=row.period or "", new=row.new or "", old=row.old or "–"))
        if kpi:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"href": f"{base_url.rstrip('/')}/{kpi.id}.html"})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
