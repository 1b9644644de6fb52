"""Kolada v3: ``/data/kpi/{kpi}/municipality/{ids}`` and, for every municipality, ``/data/kpi/{kpi}/year/{years}``,
following ``next_url`` until it is empty; RKA's groups of similar municipalities from ``/municipality_groups``.

Kolada names regions ``00`` + county code and the country ``0000``; municipalities keep their four digits.
A missing value keeps Kolada's ``status``; rows marked ``isdeleted`` are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd
import requests

from kpis.core import places
from kpis.core.catalog import Catalog
from kpis.core.problems import Problem
from kpis.sources import http
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.result import GROUP_COLUMNS, Fetched, observation_frame

MAX_PAGES = 100
YEARS_PER_CALL = 25  # Kolada's clients chunk path lists at 25 ids


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


def _observation(row: dict[str, Any], kolada_kpi: str, kpi_id: str, base: str) -> dict[str, object] | None:
    """One row as an observation (its total over genders); None for a deleted row or one with no total."""
    total = _total(row.get("values", []))
    if total is None or total.get("isdeleted"):
        return None
    if row.get("kpi") != kolada_kpi:
        raise FetchError("fetch_kolada_other_kpi", kpi=kolada_kpi, other=str(row.get("kpi")))
    return {"kpi_id": kpi_id, "region_code": region_code(str(row["municipality"])),
            "period": str(int(row["period"])), "value": total.get("value"),
            "status": total.get("status") or None, "preliminary": False,
            "source_url": f"{base}/data/kpi/{kolada_kpi}", "note": f"Kolada {kolada_kpi}"}


def _everyone(session: requests.Session, base: str, kolada_kpi: str, years: Sequence[str]
              ) -> list[dict[str, Any]] | None:
    """Every municipality's and region's rows for the years, ``YEARS_PER_CALL`` years a call
    (``/data/kpi/{kpi}/year/{y1,y2,…}``); None when Kolada has no such route (404)."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(years), YEARS_PER_CALL):
        chunk = ",".join(years[start:start + YEARS_PER_CALL])
        try:
            rows += _pages(session, f"{base}/data/kpi/{kolada_kpi}/year/{chunk}", base)
        except requests.HTTPError as exc:
            if exc.response is not None and exc.response.status_code == 404:
                return None
            raise
    return rows


def fetch_kolada(catalog: Catalog, regions: Sequence[str], base_url: str, timeout: float,
                 progress: Callable[[str], None] = lambda _step: None) -> Fetched:
    """The catalog's Kolada KPIs for its regions (all years), and, with ``[home] everyone``, for every
    municipality and county in the years the regions have; then Kolada's groups of similar municipalities."""
    base = base_url.rstrip("/")
    session = requests.Session()
    adapter = http.mount_counter(session, timeout)
    ids = ",".join(kolada_id(r) for r in regions)
    rows: list[dict[str, object]] = []
    notes: list[Problem] = []
    groups = None
    kolada_kpi = "-"
    try:
        for kolada_kpi, kpi_id in kolada_plan(catalog).items():
            found = [_observation(r, kolada_kpi, kpi_id, base)
                     for r in _pages(session, f"{base}/data/kpi/{kolada_kpi}/municipality/{ids}", base)]
            mine = [r for r in found if r is not None]
            if catalog.everyone and mine:
                years = sorted({str(r["period"]) for r in mine})
                everyone = _everyone(session, base, kolada_kpi, years)
                if everyone is None:
                    notes.append(Problem("fetch_kolada_no_everyone", {"kpi": kolada_kpi}))
                else:
                    more = [_observation(r, kolada_kpi, kpi_id, base) for r in everyone]
                    have = {(r["region_code"], r["period"]) for r in mine}
                    mine += [r for r in more if r is not None and (r["region_code"], r["period"]) not in have
                             and places.is_place(str(r["region_code"]))]
            rows += mine
            progress(kolada_kpi)
        frame = observation_frame(rows)
    except Exception as exc:  # every failure becomes a worded FetchError
        raise from_exception(exc, f"Kolada {kolada_kpi}", timeout) from exc
    if catalog.everyone:
        # The groups are read apart: a Kolada that fails to give them keeps the stored groups and still
        # delivers its figures.
        place = catalog.region_name(catalog.home, "sv")
        try:
            groups = similar_groups(session, base, place)
        except Exception as exc:
            problem = from_exception(exc, "Kolada municipality_groups", timeout)
            notes.append(Problem("fetch_kolada_groups_failed", {"problems": list(problem.problems)}))
        else:
            notes.append(Problem("fetch_kolada_groups", {"count": groups["group_id"].nunique()}) if len(groups)
                         else Problem("fetch_kolada_no_groups", {"place": place}))
        progress("municipality_groups")
    keep = frame["region_code"].isin(list(regions))
    if catalog.everyone:
        keep |= frame["region_code"].map(places.is_place)
    return Fetched("kolada", frame[keep].reset_index(drop=True), calls=adapter.calls, notes=notes,
                   groups=groups if groups is not None and len(groups) else None)


SIMILAR = "Liknande kommuner"


def group_title(title: str, place: str) -> tuple[str, int] | None:
    """``Liknande kommuner, <area>, <place>, <year>`` → (area, year); None for any other title (another
    municipality's group, which may list the home municipality as a member, included)."""
    parts = [p.strip() for p in title.split(",")]
    if len(parts) < 4 or parts[0] != SIMILAR or parts[-2] != place or not parts[-1].isdigit():
        return None
    return ", ".join(parts[1:-2]), int(parts[-1])


def similar_groups(session: requests.Session, base: str, place: str) -> pd.DataFrame:
    """RKA's "Liknande kommuner" groups of ``place``, the latest year of each area, one row a member
    (``/municipality_groups?title=``; a group listed without members is read by its id)."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for group in _pages(session, f"{base}/municipality_groups?title={quote(place)}", base):
        parsed = group_title(str(group.get("title", "")), place)
        if parsed and (parsed[0] not in latest or parsed[1] > latest[parsed[0]][0]):
            latest[parsed[0]] = (parsed[1], group)
    rows = []
    for area, (year, group) in sorted(latest.items()):
        members = group.get("members")
        if members is None:
            one = _pages(session, f"{base}/municipality_groups/{quote(str(group['id']))}", base)
            members = one[0].get("members", []) if one else []
        for member in members:
            code = str(member.get("member_id", member.get("id", "")))
            if places.is_municipality(code):
                rows.append({"group_id": str(group["id"]), "title": str(group["title"]), "year": year,
                             "area": area, "member_code": code,
                             "member_title": str(member.get("member_title", member.get("title", code))),
                             "source_url": f"{base}/municipality_groups/{group['id']}"})
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


fetch = fetch_kolada


def steps(catalog: Catalog) -> int:
    return len(kolada_plan(catalog)) + (1 if catalog.everyone else 0)


def wanted(catalog: Catalog) -> bool:
    """Always fetched: a catalog without KPIs of this source records a run that fetched nothing."""
    return True
