"""Swedish-first texts and number formats. No streamlit here: pages pass the language in."""

from __future__ import annotations

import math

from kpis.i18n_edit import EDIT_TEXTS, PUBLIC_TEXTS

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"
NBSP = "\u00a0"

TEXTS: dict[str, dict[str, str]] = {
    # navigation and shell
    "app_title": {"sv": "Tillväxtpanelen", "en": "Tillväxtpanelen (growth dashboard)"},
    "app_subtitle": {
        "sv": "Östersunds kommun, Område Näringsliv och Tillväxt",
        "en": "Östersund municipality, Business and Growth",
    },
    "language": {"sv": "Språk / Language", "en": "Språk / Language"},
    "nav_overview": {"sv": "Översikt", "en": "Overview"},
    "nav_naringsliv": {"sv": "Näringsliv", "en": "Business"},
    "nav_marknad": {"sv": "Marknad", "en": "Marketing and in-migration"},
    "nav_destination": {"sv": "Destinationsutveckling", "en": "Destination development"},
    "nav_utveckling": {"sv": "Utveckling", "en": "Development"},
    "nav_data": {"sv": "Data och källor", "en": "Data and sources"},
    "coming": {
        "sv": "Sidan byggs. Här kommer funktionens nyckeltal, jämförelser och mål.",
        "en": "This page is being built. The function's KPIs, comparisons and targets will be shown here.",
    },
    "old_store": {
        "sv": "Databasen {path} är byggd av en äldre version av Tillväxtpanelen. Bygg om den med "
              "`python -m kpis init` (och hämta sedan med `python -m kpis refresh`).",
        "en": "The store {path} was built by an older version of Tillväxtpanelen. Rebuild it with "
              "`python -m kpis init` (then fetch with `python -m kpis refresh`).",
    },
    "no_store": {
        "sv": "Databasen saknas ({path}). Kör `python -m kpis init` (eller `make run`).",
        "en": "The database is missing ({path}). Run `python -m kpis init` (or `make run`).",
    },
    # overview
    "overview_title": {"sv": "Översikt: {target} invånare år {year}", "en": "Overview: {target} inhabitants by {year}"},
    "overview_intro": {
        "sv": "Östersunds mål är {target} invånare år {target_year}. "
        "Här syns var kommunen står och vilken takt som krävs.",
        "en": "Östersund aims for {target} inhabitants by {target_year}. This is where the municipality stands "
        "and the pace it takes.",
    },
    "card_population": {"sv": "Folkmängd {year}", "en": "Population {year}"},
    "card_goal": {"sv": "Mål {year}", "en": "Target {year}"},
    "card_gap": {"sv": "Kvar till målet", "en": "Gap to the target"},
    "card_required": {"sv": "Krävs per år", "en": "Required per year"},
    "card_actual": {"sv": "Faktiskt per år ({start}–{end})", "en": "Actual per year ({start}–{end})"},
    "card_status": {"sv": "Status", "en": "Status"},
    "preliminary": {"sv": "preliminär", "en": "preliminary"},
    "persons_per_year": {"sv": "{n} personer/år", "en": "{n} persons/year"},
    "growth_per_year": {"sv": "{pct} per år", "en": "{pct} a year"},
    "status_on_track": {"sv": "I rätt riktning", "en": "On track"},
    "status_too_slow": {"sv": "För långsamt", "en": "Too slow"},
    "status_backwards": {"sv": "Går bakåt", "en": "Going backwards"},
    "status_unknown": {"sv": "Kan inte bedömas", "en": "Cannot be assessed"},
    "status_explain": {
        "sv": "Befolkningen har vuxit med {actual} per år {start}–{end}; målet kräver {required} per år från {end}. "
        "I nuvarande takt nås {target} {reached}.",
        "en": "The population grew by {actual} a year in {start}–{end}; the target needs {required} a year from "
        "{end}. At the current pace {target} is reached {reached}.",
    },
    "reached_year": {"sv": "år {year}", "en": "in {year}"},
    "reached_never": {"sv": "aldrig", "en": "never"},
    "chart_population": {"sv": "Folkmängd och målet 2040", "en": "Population and the 2040 target"},
    "chart_components": {"sv": "Befolkningsförändringens delar", "en": "Components of population change"},
    "components_intro": {
        "sv": "Födelseöverskott (födda minus döda) och flyttnetto per år. År utan publicerad siffra visas som saknade.",
        "en": "Natural increase (births minus deaths) and net migration per year. Years without a published "
        "figure are shown as missing.",
    },
    "series_observed": {"sv": "Folkmängd (publicerad)", "en": "Population (published)"},
    "series_preliminary": {"sv": "Preliminär siffra", "en": "Preliminary figure"},
    "series_target_path": {"sv": "Målbana: takt som krävs till 2040", "en": "Target path: pace needed to 2040"},
    "series_projection": {
        "sv": "Framskrivning i nuvarande takt ({start}–{end}), inte prognos",
        "en": "Projection at the current pace ({start}–{end}), not a forecast",
    },
    "series_goal": {"sv": "Mål: {value} år {year}", "en": "Target: {value} in {year}"},
    "series_natural": {"sv": "Födelseöverskott", "en": "Natural increase"},
    "series_natural_derived": {
        "sv": "Födelseöverskott, beräknat (födda − döda)",
        "en": "Natural increase, computed (births − deaths)",
    },
    "series_net_migration": {"sv": "Flyttnetto", "en": "Net migration"},
    "computed_by": {"sv": "beräknad av Tillväxtpanelen", "en": "computed by Tillväxtpanelen"},
    "series_missing": {"sv": "År utan publicerad siffra", "en": "Year without a published figure"},
    "missing_years": {"sv": "Saknade år: {years}", "en": "Missing years: {years}"},
    "axis_year": {"sv": "År", "en": "Year"},
    "axis_persons": {"sv": "Personer", "en": "Persons"},
    "axis_inhabitants": {"sv": "Invånare", "en": "Inhabitants"},
    "source_line": {"sv": "Källa: {sources}. Hämtad {retrieved}.", "en": "Source: {sources}. Retrieved {retrieved}."},
    "show_table": {"sv": "Visa tabell och ladda ned", "en": "Show table and download"},
    "download_csv": {"sv": "Ladda ned CSV", "en": "Download CSV"},
    "summary_population": {
        "sv": "Folkmängden var {value} år {year}{prelim}. {change}",
        "en": "The population was {value} in {year}{prelim}. {change}",
    },
    "summary_change": {
        "sv": "Det är {diff} jämfört med {prev_year}.",
        "en": "That is {diff} compared with {prev_year}.",
    },
    "summary_components": {
        "sv": "Senaste år med båda delarna: {year}, födelseöverskott {natural} och flyttnetto {net}.",
        "en": "Latest year with both parts: {year}, natural increase {natural} and net migration {net}.",
    },
    "no_figures": {
        "sv": "Inga siffror ännu för {title}. {how}",
        "en": "No figures yet for {title}. {how}",
    },
    "how_refresh": {
        "sv": "Hämta dem med `python -m kpis refresh --source {source}`.",
        "en": "Fetch them with `python -m kpis refresh --source {source}`.",
    },
    "chart_season": {
        "sv": "{title}: månad för månad, ett år per linje",
        "en": "{title}: month by month, one line a year",
    },
    "axis_month": {"sv": "Månad", "en": "Month"},
    "summary_season": {
        "sv": "{region} hade {value} i {period}{same}.",
        "en": "{region} had {value} in {period}{same}.",
    },
    "summary_season_same": {
        "sv": ", mot {value} samma månad året före",
        "en": ", against {value} in the same month a year before",
    },
    "how_published": {
        "sv": "Siffrorna kommer bara från publicerade sidor; det finns ingen öppen källa att hämta från.",
        "en": "These figures come from published pages only; there is no open source to fetch from.",
    },
    "how_import": {
        "sv": "Funktionen för in dem själv med `python -m kpis import FIL`.",
        "en": "The function enters them itself with `python -m kpis import FILE`.",
    },
    # function pages
    "peers": {"sv": "Jämförelsekommuner", "en": "Peer municipalities"},
    "peers_help": {
        "sv": "Östersund visas alltid med Jämtlands län och riket. Valet sparas i adressen.",
        "en": "Östersund is always shown with Jämtland County and Sweden. The choice is kept in the address.",
    },
    "intro_naringsliv": {
        "sv": "Företagande, arbetsställen och sysselsättning: hur näringslivet växer och hur Östersund står sig.",
        "en": "Enterprise, workplaces and employment: how business grows and how Östersund compares.",
    },
    "intro_marknad": {
        "sv": "Inflyttning, utflyttning och flyttnetto: de som väljer Östersund och det flyttnetto målet kräver.",
        "en": "In-migration, out-migration and net migration: who chooses Östersund and the net migration "
        "the target needs.",
    },
    "intro_destination": {
        "sv": "Besöksnäringen: kommersiella gästnätter, säsong och de stora evenemangen.",
        "en": "The visitor economy: commercial guest nights, seasons and the big events.",
    },
    "intro_utveckling": {
        "sv": "Utvecklingsplaner, externt finansierade projekt, internationellt arbete och gastronomi.",
        "en": "Development plans, externally funded projects, international work and gastronomy.",
    },
    "card_change": {"sv": "{diff} sedan {period}", "en": "{diff} since {period}"},
    "card_target": {"sv": "Mål {year}: {value}. Status: {status}.", "en": "Target {year}: {value}. Status: {status}."},
    "no_home_figure": {
        "sv": "Ingen siffra för Östersund ännu; jämförelsen nedan visar de regioner som har en.",
        "en": "No figure for Östersund yet; the comparison below shows the regions that have one.",
    },
    "chart_trend": {"sv": "{title} över tid", "en": "{title} over time"},
    "chart_compare": {"sv": "{title}, jämförelse {period}", "en": "{title}, comparison {period}"},
    "per_1000": {"sv": "per 1 000 invånare", "en": "per 1,000 inhabitants"},
    "per_1000_note": {
        "sv": "Värdena är per 1 000 invånare, beräknade med samma års folkmängd; år utan folkmängd saknas.",
        "en": "Values are per 1,000 inhabitants, computed with the same year's population; years without a "
        "population figure are missing.",
    },
    "summary_latest": {
        "sv": "Senaste siffran för {region}: {value} ({period}).",
        "en": "Latest figure for {region}: {value} ({period}).",
    },
    "summary_compare": {
        "sv": "{period}: högst {top} ({top_value}), lägst {bottom} ({bottom_value}).",
        "en": "{period}: highest {top} ({top_value}), lowest {bottom} ({bottom_value}).",
    },
    "chart_required_net": {"sv": "Flyttnetto och vad målet kräver", "en": "Net migration and what the target needs"},
    "required_net_label": {"sv": "Krävs per år till {year}", "en": "Needed a year to {year}"},
    "required_net_summary": {
        "sv": "Målet {target} år {year} kräver {per_year} fler invånare per år. Med ett födelseöverskott på i "
        "snitt {natural} per år (senaste {n} siffrorna, {first}–{last}) behövs ett flyttnetto på {needed} per år. "
        "Senaste publicerade flyttnetto: {latest} ({latest_year}).",
        "en": "The target of {target} by {year} needs {per_year} more inhabitants a year. With a natural "
        "increase of {natural} a year on average (latest {n} figures, {first}–{last}) that takes a net migration "
        "of {needed} a year. Latest published net migration: {latest} ({latest_year}).",
    },
    "chart_events": {"sv": "Gästnätter och stora evenemang", "en": "Guest nights and big events"},
    "chart_timeline": {"sv": "Utvecklingsarbetet i årtal", "en": "Development work over the years"},
    "timeline_summary": {
        "sv": "{n} händelser mellan {first} och {last}, bland dem: {example}.",
        "en": "{n} events between {first} and {last}, among them: {example}.",
    },
    "chart_plan": {"sv": "Folkökning per år och vad färdplanen kräver",
                   "en": "Population increase a year and what the roadmap needs"},
    "own_data_note": {
        "sv": "Funktionens egna uppgifter visas här när de förts in.",
        "en": "The function's own figures are shown here once they have been entered.",
    },
    "col_population": {"sv": "folkmängd", "en": "population"},
    "col_raw_value": {"sv": "antal", "en": "count"},
    "col_year": {"sv": "år", "en": "year"},
    "col_topic": {"sv": "ämne", "en": "topic"},
    "col_fact": {"sv": "händelse", "en": "event"},
    # data page
    "data_title": {"sv": "Data och källor", "en": "Data and sources"},
    "data_sources": {"sv": "Källor", "en": "Sources"},
    "data_kpis": {"sv": "Nyckeltal och definitioner", "en": "KPIs and definitions"},
    "data_loads": {"sv": "Alla hämtningar", "en": "All refreshes"},
    "data_refresh": {"sv": "Senaste hämtning per källa", "en": "Latest refresh per source"},
    "data_refresh_help": {
        "sv": "Kommandot python -m kpis refresh hämtar SCB, Kolada och Tillväxtverket. En källa som misslyckas "
              "lämnar sina serier som de var.",
        "en": "The command python -m kpis refresh fetches SCB, Kolada and Tillväxtverket. A source that fails "
              "leaves its series as they were.",
    },
    "data_refreshed": {"sv": "Senast uppdaterad från källorna: {at} (UTC).", "en": "Last refreshed: {at} (UTC)."},
    "data_never": {"sv": "Aldrig hämtad; visar den medföljande ögonblicksbilden.",
                   "en": "Never refreshed; showing the bundled snapshot."},
    "data_revisions": {"sv": "Reviderade siffror", "en": "Revised figures"},
    "data_revisions_help": {
        "sv": "När en källa ändrar en publicerad siffra sparas det gamla värdet här.",
        "en": "When a source changes a published figure, the old value is kept here.",
    },
    "data_codes": {"sv": "SCB:s koder och etiketter", "en": "SCB codes and labels"},
    "col_status_ok": {"sv": "✅ lyckades", "en": "✅ succeeded"},
    "col_status_failed": {"sv": "⛔ misslyckades", "en": "⛔ failed"},
    "data_store": {
        "sv": "Databasen byggdes {built} från {rows} publicerade siffror.",
        "en": "The database was built {built} from {rows} published figures.",
    },
    # table columns
    "col_kpi": {"sv": "nyckeltal", "en": "kpi"},
    "col_region": {"sv": "område", "en": "region"},
    "col_period": {"sv": "period", "en": "period"},
    "col_value": {"sv": "värde", "en": "value"},
    "col_unit": {"sv": "enhet", "en": "unit"},
    "col_source": {"sv": "källa", "en": "source"},
    "col_series": {"sv": "serie", "en": "series"},
    "col_note": {"sv": "anmärkning", "en": "note"},
    "col_url": {"sv": "adress", "en": "url"},
    "col_preliminary": {"sv": "preliminär", "en": "preliminary"},
    "col_retrieved": {"sv": "hämtad", "en": "retrieved"},
}
TEXTS.update(EDIT_TEXTS)
TEXTS.update(PUBLIC_TEXTS)


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


MONTHS = {
    "sv": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def fmt_period(period: str, lang: str = DEFAULT_LANG) -> str:
    """``2026M01`` → ``jan 2026`` / ``Jan 2026``; a year stays as it is."""
    text = str(period)
    if len(text) == 7 and text[4] == "M" and text[5:].isdigit():
        return f"{MONTHS[lang][int(text[5:]) - 1]} {text[:4]}"
    return text


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``kwargs``."""
    text = TEXTS[key][normalise_lang(lang)]
    return text.format(**kwargs) if kwargs else text


def fmt_number(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 0, signed: bool = False) -> str:
    """``64 979`` and ``1,4`` in Swedish, ``64,979`` and ``1.4`` in English; ``–`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if normalise_lang(lang) == "sv":
        text = text.replace(",", NBSP).replace(".", ",").replace("-", "−")
    return text


def fmt_pct(share: float | None, lang: str = DEFAULT_LANG, decimals: int = 1, signed: bool = False) -> str:
    """A share (0.014) as ``1,4 %`` in Swedish and ``1.4%`` in English."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = fmt_number(share * 100, lang, decimals, signed)
    return f"{number}{NBSP}%" if normalise_lang(lang) == "sv" else f"{number}%"


def plotly_separators(lang: str) -> str:
    """Plotly's ``separators``: decimal mark, then thousands mark."""
    return ", " if normalise_lang(lang) == "sv" else ".,"
