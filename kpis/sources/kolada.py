"""Kolada v3: ``/data/kpi/{kpi}/municipality/{ids}``, following ``next_url`` until it is empty.

Kolada names regions ``00`` + county code and the country ``0000``; municipalities keep their four digits.
A missing value keeps Kolada's ``status``; rows marked ``isdeleted`` are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import requests

from kpis.core.catalog import Catalog
from kpis.sources import http
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.result import Fetched, observation_frame

MAX_PAGES = 100


def kolada_id(region: str) -> str:
    return region if len(region) == 4 else f"00{region}".rjust(4, "0")


def region_code(kolada: str) -> str:
    if kolada == "0000":
        return "00"
    return kolada[2:] if kolada.startswith("00") else kolada


def kolada_plan(catalog: Catalog) -> dict[str, str]:
    """Kolada KPI id → catalog KPI id."""
    return {str(k.source["kpi"]): k.id for k in catalog.kpis.values() if k.source_kind == "kolada"}


def _pages(session: requests.Session, url: str, base_url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    pages = 0
    next_url: str | None = url
    params: dict[str, str] | None = {"per_page": "5000"}
    while next_url:
        if not next_url.startswith(base_url):
            raise FetchError("fetch_kolada_outside", base=base_url)
        body = http.get(session, next_url, params=params).json()
        if not isinstance(body.get("values"), list):
            raise FetchError("fetch_kolada_no_values")
        rows.extend(body["values"])
        next_url, params = body.get("next_url") or None, None
        pages += 1
        if pages > MAX_PAGES:
            raise FetchError("fetch_kolada_pages")
    return rows


def _total(values: list[dict[str, Any]]) -> dict[str, Any] | None:
    for value in values:
        if value.get("gender") == "T":
            return value
    return None


def fetch_kolada(catalog: Catalog, regions: Sequence[str], base_url: str, timeout: float,
                 progress: Callable[[str], None] = lambda _step: None) -> Fetched:
    base = base_url.rstrip("/")
    session = requests.Session()
    adapter = http.mount_counter(session, timeout)
    ids = ",".join(kolada_id(r) for r in regions)
    rows: list[dict[str, object]] = []
    kolada_kpi = "-"
    try:
        for kolada_kpi, kpi_id in kolada_plan(catalog).items():
            for row in _pages(session, f"{base}/data/kpi/{kolada_kpi}/municipality/{ids}", base):
                total = _total(row.get("values", []))
                if total is None or total.get("isdeleted"):
                    continue
                if row.get("kpi") != kolada_kpi:
                    raise FetchError("fetch_kolada_other_kpi", kpi=kolada_kpi, other=str(row.get("kpi")))
                rows.append({
                    "kpi_id": kpi_id, "region_code": region_code(str(row["municipality"])),
                    "period": str(int(row["period"])), "value": total.get("value"),
                    "status": total.get("status") or None, "preliminary": False,
                    "source_url": f"{base}/data/kpi/{kolada_kpi}", "note": f"Kolada {kolada_kpi}",
                })
            progress(kolada_kpi)
        frame = observation_frame(rows)
    except Exception as exc:  # every failure becomes a worded FetchError
        raise from_exception(exc, f"Kolada {kolada_kpi}", timeout) from exc
    return Fetched("kolada", frame[frame["region_code"].isin(list(regions))].reset_index(drop=True),
                   calls=adapter.calls)


fetch = fetch_kolada


def steps(catalog: Catalog) -> int:
    return len(kolada_plan(catalog))


def wanted(catalog: Catalog) -> bool:
    """Always fetched: a catalog without KPIs of this source records a run that fetched nothing."""
    return True
