"""Kolada v3: ``/data/kpi/{kpi}/municipality/{ids}`` and, for every municipality, ``/data/kpi/{kpi}/year/{years}``,
following ``next_url`` until it is empty; RKA's groups of similar municipalities from ``/municipality_groups``.

Kolada names regions ``00`` + county code and the country ``0000``; municipalities keep their four digits.
A missing value keeps Kolada's ``status``; rows marked ``isdeleted`` are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

import pandas as pd
import requests

from kpis.core import places
from kpis.core.catalog import Catalog
from kpis.core.problems import Problem
from kpis.core.registry import KINDS
from kpis.sources import http
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.result import GROUP_COLUMNS, Fetched, observation_frame

MAX_PAGES = 100
FIRST_YEAR = KINDS["kolada"].first_year  # Kolada's first year, as the registry names it
YEARS_PER_CALL = 25  # Kolada's clients chunk path lists at 25 ids
YEARS_AT_MOST = 60  # a call for all years gives at most this many a region (Kolada's series start in 1970)
REGIONS_AT_MOST = 313  # the year route's regions: 290 municipalities, 21 counties, the country and a spare
BYTES_A_ROW = 2048  # a row with its three genders is a few hundred bytes: an answer may not outgrow this a row


def kolada_id(region: str) -> str:
    return region if len(region) == 4 else f"00{region}".rjust(4, "0")


def region_code(kolada: str) -> str:
    if kolada == "0000":
        return "00"
    return kolada[2:] if kolada.startswith("00") else kolada


def kolada_plan(catalog: Catalog) -> dict[str, str]:
    """Kolada KPI id → catalog KPI id."""
    return {str(k.source["kpi"]): k.id for k in catalog.kpis.values() if k.source_kind == "kolada"}


def _pages(session: requests.Session, url: str, base_url: str, most_rows: int,
           adapter: http.CountingAdapter | None = None) -> list[dict[str, Any]]:
    """Every page of an answer, following ``next_url`` within Kolada; refused past ``most_rows`` rows in all (what
    the question can give), checked page by page, and no page read past what those rows can weigh."""
    rows: list[dict[str, Any]] = []
    pages = 0
    next_url: str | None = url
    params: dict[str, str] | None = {"per_page": "5000"}
    if adapter is not None:
        adapter.max_bytes = max(1024 * 1024, most_rows * BYTES_A_ROW)
    try:
        while next_url:
            if not next_url.startswith(base_url):
                raise FetchError("fetch_kolada_outside", base=base_url)
            body = http.get(session, next_url, params=params).json()
            if not isinstance(body, dict) or not isinstance(body.get("values"), list):
                raise FetchError("fetch_kolada_no_values")
            rows.extend(body["values"])
            if len(rows) > most_rows:
                raise FetchError("fetch_too_many_rows", what="Kolada", rows=len(rows), most=most_rows)
            next_url, params = body.get("next_url") or None, None
            pages += 1
            if pages > MAX_PAGES:
                raise FetchError("fetch_kolada_pages")
    finally:
        if adapter is not None:
            adapter.max_bytes = http.MAX_BYTES
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


def _everyone(session: requests.Session, base: str, kolada_kpi: str, years: Sequence[str],
              adapter: http.CountingAdapter | None = None) -> list[dict[str, Any]] | None:
    """Every municipality's and region's rows for the years, ``YEARS_PER_CALL`` years a call
    (``/data/kpi/{kpi}/year/{y1,y2,…}``); None when Kolada has no such route (404). An answer with a year not
    asked for is refused."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(years), YEARS_PER_CALL):
        asked = list(years[start:start + YEARS_PER_CALL])
        try:
            found = _pages(session, f"{base}/data/kpi/{kolada_kpi}/year/{','.join(asked)}", base,
                           REGIONS_AT_MOST * len(asked), adapter)
        except requests.HTTPError as exc:
            if exc.response is not None and exc.response.status_code == 404:
                return None
            raise
        _only_asked(found, asked)
        rows += found
    return rows


def _only_asked(rows: list[dict[str, Any]], asked: Sequence[str]) -> None:
    """Refuse an answer that brings years it was not asked for."""
    other = sorted({str(r.get("period")) for r in rows} - set(asked))
    if other:
        raise FetchError("fetch_other_periods", what="Kolada", items=", ".join(other[:5]))


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
    scope: dict[str, frozenset[str]] = {}
    kolada_kpi = "-"
    try:
        for kolada_kpi, kpi_id in kolada_plan(catalog).items():
            answer = _pages(session, f"{base}/data/kpi/{kolada_kpi}/municipality/{ids}", base,
                            len(regions) * YEARS_AT_MOST, adapter)
            found = [_observation(r, kolada_kpi, kpi_id, base) for r in answer]
            mine = [r for r in found if r is not None]
            if catalog.everyone and mine:
                years = sorted({str(r["period"]) for r in mine})
                everyone = _everyone(session, base, kolada_kpi, years, adapter)
                if everyone is None:
                    notes.append(Problem("fetch_kolada_no_everyone", {"kpi": kolada_kpi}))
                    # Stored rows of this KPI (everyone's, and the regions' years that came by the route for
                    # everyone) are not judged lost by an answer that could not bring them: they stay as they are.
                    scope[kpi_id] = frozenset()
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
            groups, skipped = similar_groups(session, base, place, adapter)
        except Exception as exc:
            problem = from_exception(exc, "Kolada municipality_groups", timeout)
            notes.append(Problem("fetch_kolada_groups_failed", {"problems": list(problem.problems)}))
        else:
            notes.append(Problem("fetch_kolada_groups", {"count": groups["group_id"].nunique()}) if len(groups)
                         else Problem("fetch_kolada_no_groups", {"place": place}))
            if skipped:
                notes.append(Problem("fetch_kolada_groups_skipped", {"items": ", ".join(skipped[:5])}))
        progress("municipality_groups")
    keep = frame["region_code"].isin(list(regions))
    if catalog.everyone:
        keep |= frame["region_code"].map(places.is_place)
    return Fetched("kolada", frame[keep].reset_index(drop=True), calls=adapter.calls, notes=notes,
                   groups=groups if groups is not None and len(groups) else None, scope=scope)


SIMILAR = "Liknande kommuner"


def group_title(title: str, place: str) -> tuple[str, int] | None:
    """``Liknande kommuner, <area>, <place>, <year>`` → (area, year); None for any other title (another
    municipality's group, which may list the home municipality as a member, included)."""
    parts = [p.strip() for p in title.split(",")]
    if len(parts) < 4 or parts[0] != SIMILAR or parts[-2] != place or not parts[-1].isdigit():
        return None
    return ", ".join(parts[1:-2]), int(parts[-1])


GROUP_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
GROUPS_AT_MOST = 5000  # groups that a title search may list


def _group_year_ok(year: int, today: date | None = None) -> bool:
    """A group's year between Kolada's first year and next year (RKA publishes next year's groups in autumn)."""
    return FIRST_YEAR <= year <= (today or date.today()).year + 1


def similar_groups(session: requests.Session, base: str, place: str, adapter: http.CountingAdapter | None = None,
                   today: date | None = None) -> tuple[pd.DataFrame, list[str]]:
    """RKA's "Liknande kommuner" groups of ``place``, the latest year of each area, one row a member
    (``/municipality_groups?title=``; a group listed without members is read by its id), and the groups skipped
    because they do not make sense (an id that is not Kolada's form, a year out of range, a member twice or a code
    that is no municipality): each skipped apart, the others kept."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    skipped: list[str] = []
    for group in _pages(session, f"{base}/municipality_groups?title={quote(place, safe='')}", base, GROUPS_AT_MOST,
                        adapter):
        parsed = group_title(str(group.get("title", "")), place)
        if not parsed:
            continue
        if not GROUP_ID.match(str(group.get("id", ""))) or not _group_year_ok(parsed[1], today):
            skipped.append(str(group.get("id", ""))[:40])
            continue
        if parsed[0] not in latest or parsed[1] > latest[parsed[0]][0]:
            latest[parsed[0]] = (parsed[1], group)
    rows = []
    for area, (year, group) in sorted(latest.items()):
        group_id = str(group["id"])
        members = group.get("members")
        if members is None:
            one = _pages(session, f"{base}/municipality_groups/{quote(group_id, safe='')}", base, 1, adapter)
            members = one[0].get("members", []) if one and isinstance(one[0], dict) else []
        codes = [str(m.get("member_id", m.get("id", ""))) if isinstance(m, dict) else "" for m in members]
        if not codes or len(set(codes)) != len(codes) or not all(places.is_municipality(c) for c in codes):
            skipped.append(group_id)
            continue
        for member, code in zip(members, codes, strict=True):
            rows.append({"group_id": group_id, "title": str(group["title"]), "year": year,
                         "area": area, "member_code": code,
                         "member_title": str(member.get("member_title", member.get("title", code))),
                         "source_url": f"{base}/municipality_groups/{quote(group_id, safe='')}"})
    return pd.DataFrame(rows, columns=GROUP_COLUMNS), skipped


fetch = fetch_kolada


def steps(catalog: Catalog) -> int:
    return len(kolada_plan(catalog)) + (1 if catalog.everyone else 0)


def wanted(catalog: Catalog) -> bool:
    """Always fetched: a catalog without KPIs of this source records a run that fetched nothing."""
    return True
