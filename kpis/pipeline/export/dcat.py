"""The open-data catalog of the static site: DCAT-AP-SE (the Swedish profile that Sveriges dataportal harvests),
one dataset per public KPI with its CSV and JSON distributions, written as JSON-LD and RDF/XML with rdflib."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from kpis.core.catalog import Catalog, Kpi
from kpis.core.i18n import LANGS, fmt_number, t
from kpis.core.registry import CC_BY, KINDS
from kpis.present import site_paths

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EUROVOC_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
CONTACT_EMAIL = "mailto:kommunen@ostersund.se"


# ISO 639-1 codes by their ISO 639-2/3 code, which the EU's language authority uses (SWE, ENG, SMA, FIT …).
_THREE_LETTERS = {"sv": "SWE", "en": "ENG", "fi": "FIN", "se": "SME", "no": "NOR", "nb": "NOB", "nn": "NNO",
                  "da": "DAN", "de": "DEU", "fr": "FRA", "es": "SPA", "ar": "ARA", "so": "SOM", "fa": "FAS",
                  "pl": "POL", "uk": "UKR", "ru": "RUS", "ti": "TIR", "is": "ISL", "et": "EST"}


def authority_code(lang: str) -> str:
    """The language's code in the EU's language authority: its three-letter ISO 639 code, in capitals."""
    return _THREE_LETTERS.get(lang, lang).upper()


@dataclass(frozen=True)
class Coverage:
    first: str
    last: str
    modified: str


def _year_date(period: str, end: bool) -> Literal:
    year = period[:4]
    if "M" in period:
        month = int(period[5:])
        return Literal(f"{year}-{month:02d}-01", datatype=XSD.date) if not end else Literal(
            f"{year}-{month:02d}-28", datatype=XSD.date)
    return Literal(f"{year}-12-31" if end else f"{year}-01-01", datatype=XSD.date)


def build(catalog: Catalog, base_url: str, coverage: dict[str, Coverage]) -> Graph:
    """The catalog graph for the public KPIs in ``coverage`` (their first and last period, last change)."""
    base = base_url.rstrip("/") + "/"
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    site, goal = catalog.site, catalog.goal
    publisher = URIRef(site.home_page)
    graph.add((publisher, RDF.type, FOAF.Agent))
    for lang, name in site.publisher.items():
        graph.add((publisher, FOAF.name, Literal(name, lang=lang)))
    cat = URIRef(f"{base}catalog")
    graph.add((cat, RDF.type, DCAT.Catalog))
    for lang in LANGS:  # every language the panel has texts in (a place name the catalog lacks reads English)
        graph.add((cat, DCTERMS.title, Literal(t("dcat_title", lang, panel=site.panel, place=site.place[lang]),
                                               lang=lang)))
        graph.add((cat, DCTERMS.description, Literal(t(
            "dcat_description", lang, place=site.place[lang], target=fmt_number(goal.target_value, lang),
            year=goal.target_year), lang=lang)))
    graph.add((cat, DCTERMS.publisher, publisher))
    graph.add((cat, FOAF.homepage, URIRef(f"{base}index.html")))
    graph.add((cat, DCTERMS.license, URIRef(CC_BY)))
    for lang in LANGS:  # the site's languages, as the EU's language authority names them
        graph.add((cat, DCTERMS.language, URIRef(f"{LANGUAGE}{authority_code(lang)}")))
    for kpi_id, cover in coverage.items():
        graph.add((cat, DCAT.dataset, _dataset(graph, catalog.kpis[kpi_id], base, cover, publisher, catalog)))
    return graph


def _dataset(graph: Graph, kpi: Kpi, base: str, cover: Coverage, publisher: URIRef, catalog: Catalog) -> URIRef:
    dataset = URIRef(f"{base}data/{kpi.id}")
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for lang in [code for code in LANGS if code in kpi.title]:  # the languages the catalog gives this KPI in
        graph.add((dataset, DCTERMS.title, Literal(kpi.title[lang], lang=lang)))
        graph.add((dataset, DCTERMS.description, Literal(kpi.description[lang], lang=lang)))
    graph.add((dataset, DCTERMS.identifier, Literal(kpi.id)))
    graph.add((dataset, DCTERMS.publisher, publisher))
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(catalog.site.publisher["sv"])))
    graph.add((contact, VCARD.hasEmail, URIRef(CONTACT_EMAIL)))
    graph.add((dataset, DCAT.contactPoint, contact))
    theme = catalog.functions[kpi.function].theme if kpi.function in catalog.functions else "SOCI"
    graph.add((dataset, DCAT.theme, URIRef(f"{EUROVOC_THEME}{theme}")))
    for lang in sorted({lang for lang in LANGS if lang in catalog.site.place}):
        graph.add((dataset, DCAT.keyword, Literal(catalog.site.place[lang], lang=lang)))
    graph.add((dataset, DCTERMS.accrualPeriodicity,
               URIRef(f"{FREQUENCY}{'MONTHLY' if kpi.periodicity == 'month' else 'ANNUAL'}")))
    period = BNode()
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, _year_date(cover.first, end=False)))
    graph.add((period, DCAT.endDate, _year_date(cover.last, end=True)))
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((dataset, DCTERMS.modified, Literal(cover.modified, datatype=XSD.date)))
    graph.add((dataset, DCAT.landingPage, URIRef(f"{base}{kpi.id}.html")))
    licence = URIRef(KINDS[kpi.source_kind].licence_url if kpi.source_kind in KINDS else CC_BY)
    files = [(site_paths.folder(lang) + site_paths.data(kpi.id, "csv"), "text/csv", "CSV", lang) for lang in LANGS]
    files.append((site_paths.data(kpi.id, "json"), "application/json", "JSON", LANGS[0]))
    for path, media, file_type, lang in files:
        distribution = URIRef(f"{base}{path}")
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{kpi.title[lang]} ({file_type})", lang=lang)))
        graph.add((distribution, DCAT.accessURL, distribution))
        graph.add((distribution, DCAT.downloadURL, distribution))
        graph.add((distribution, DCAT.mediaType, Literal(media)))
        graph.add((distribution, DCTERMS.format, URIRef(f"{FILE_TYPE}{file_type}")))
        graph.add((distribution, DCTERMS.license, licence))
        graph.add((dataset, DCAT.distribution, distribution))
    return dataset
