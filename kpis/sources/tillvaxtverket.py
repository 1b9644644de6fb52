"""Tillväxtverket's open data on commercial guest nights: tab-separated Latin-1 files, one row per
year (and month), area and type of accommodation. A place's total is the sum over accommodation types,
as Tillväxtverket publishes no total row. A year not yet over is flagged preliminary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date

import requests

from kpis.core.catalog import Catalog
from kpis.sources import http
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.result import Fetched, observation_frame

REQUIRED = ("AR", "NIVA_NAMN", "KOMMUN_KOD", "LAN_KOD", "ANTAL_GASTNATTER")
LEVELS = {"Kommun": "KOMMUN_KOD", "Län": "LAN_KOD"}


def tvv_plan(catalog: Catalog) -> dict[str, str]:
    """File name → catalog KPI id."""
    return {str(k.source["file"]): k.id for k in catalog.kpis.values() if k.source_kind == "tillvaxtverket"}


def _count(text: str) -> float | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text or not text.lstrip("-").isdigit():
        return None
    return float(text)


def parse_file(text: str, file_name: str, kpi_id: str, regions: Sequence[str], url: str,
               today: date) -> list[dict[str, object]]:
    """Totals per region and period from one file's text."""
    monthly = "Month" in file_name
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    required = (*REQUIRED, "MANAD_NUMMER") if monthly else REQUIRED
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise FetchError("fetch_tvv_columns", file=file_name, columns=", ".join(missing))
    totals: dict[tuple[str, str], float] = {}
    for line, row in enumerate(reader, start=2):
        level = (row.get("NIVA_NAMN") or "").strip()
        code = "00" if level == "Riket" else (row.get(LEVELS.get(level, ""), "") or "").strip()
        if code not in regions:
            continue
        year = (row.get("AR") or "").strip()
        if not (year.isdigit() and len(year) == 4):
            raise FetchError("fetch_tvv_year", file=file_name, line=line, year=year)
        period = year
        if monthly:
            month = (row.get("MANAD_NUMMER") or "").strip()
            if not (month.isdigit() and 1 <= int(month) <= 12):
                raise FetchError("fetch_tvv_month", file=file_name, line=line, month=month)
            period = f"{year}M{int(month):02d}"
        nights = _count(row.get("ANTAL_GASTNATTER") or "")
        if nights is not None:
            totals[(code, period)] = totals.get((code, period), 0.0) + nights
    return [
        {"kpi_id": kpi_id, "region_code": code, "period": period, "value": value, "status": None,
         "preliminary": int(period[:4]) >= today.year, "source_url": url, "note": f"Tillväxtverket {file_name}"}
        for (code, period), value in sorted(totals.items())
    ]


def fetch_tillvaxtverket(catalog: Catalog, regions: Sequence[str], base_url: str, timeout: float,
                         progress: Callable[[str], None] = lambda _step: None,
                         today: date | None = None) -> Fetched:
    session = requests.Session()
    adapter = http.mount_counter(session, timeout)
    rows: list[dict[str, object]] = []
    file_name = "-"
    try:
        for file_name, kpi_id in tvv_plan(catalog).items():
            url = f"{base_url.rstrip('/')}/{file_name}"
            response = http.get(session, url)
            text = response.content.decode("latin-1")
            rows.extend(parse_file(text, file_name, kpi_id, regions, url, today or date.today()))
            progress(file_name)
        frame = observation_frame(rows)
    except Exception as exc:  # every failure becomes a worded FetchError
        raise from_exception(exc, f"Tillväxtverket {file_name}", timeout) from exc
    return Fetched("tillvaxtverket", frame, calls=adapter.calls)


fetch = fetch_tillvaxtverket


def steps(catalog: Catalog) -> int:
    return len(tvv_plan(catalog))


def wanted(catalog: Catalog) -> bool:
    """Always fetched: a catalog without KPIs of this source records a run that fetched nothing."""
    return True
