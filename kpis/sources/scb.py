"""SCB's Statistikdatabasen through PxWebApi 2.0 (https://statistikdatabasen.scb.se/api/v2), in a short client of
the documented API.

The client reads ``/config`` once and keeps to its call limit (``maxCallsPerTimeWindow`` per ``timeWindow``),
splits a selection over ``maxDataCells`` into as few calls as the limit allows (largest variable first, as pxwebpy
does), asks for json-stat2 and checks every answer against its question. Time-outs, the call count, the read
limit and the one retry policy on 429 (``Retry-After`` honoured, capped) come from :mod:`kpis.sources.http`.
pxwebpy's public API cannot give a time-out, json-stat2's ``status`` or the answers unread, so it is not used here;
its splitting and rate limiting are what this client follows.

SCB split its population tables at 2024 | 2025 into old tables and new CKM tables with other content codes
and explicit total codes whose parts do not add up to the totals. Every code is resolved by its label in
the table's metadata; totals are always read as published, never summed from parts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import requests

from kpis.core import places
from kpis.core.catalog import Catalog
from kpis.core.problems import Problem, note
from kpis.sources import http
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.http import mount_counter
from kpis.sources.jsonstat import dataset_frame
from kpis.sources.result import CODE_LABEL_COLUMNS, Fetched, observation_frame

TOTAL_PREFERENCE = ("TotSA", "TotSa", "SC", "tot", "1+2")
PRELIMINARY_STATUS = {"p", "P"}


@dataclass(frozen=True)
class ScbTable:
    """What the refresh expects of one SCB table: its variables (checked when known), and which variable names
    the KPIs."""

    id: str
    variables: frozenset[str] | None
    measure: str = "ContentsCode"
    fixed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Wanted:
    """One KPI of a query: its content label (a check, or how the code is found), the codes that may name it
    (the first the table has is taken), and the KPI id."""

    label: str
    codes: tuple[str, ...]
    kpi: str


_POPULATION = frozenset({"Region", "Civilstand", "Alder", "Kon", "ContentsCode", "Tid"})
_CHANGES = frozenset({"Region", "Forandringar", "Period", "Kon", "ContentsCode", "Tid"})
_MIGRATION = frozenset({"Region", "Alder", "Kon", "ContentsCode", "Tid"})
_MONTHS = frozenset({"Region", "Forandringar", "Kon", "ContentsCode", "Tid"})  # population changes by month

TABLES: dict[str, ScbTable] = {
    "TAB638": ScbTable("TAB638", _POPULATION, "ContentsCode"),
    "TAB5557": ScbTable("TAB5557", _POPULATION, "ContentsCode"),
    "TAB5169": ScbTable("TAB5169", _CHANGES, "Forandringar", {"Period": "hel"}),
    "TAB6481": ScbTable("TAB6481", _CHANGES, "Forandringar", {"Period": "hel"}),
    "TAB1212": ScbTable("TAB1212", _MIGRATION, "ContentsCode"),
    "TAB6640": ScbTable("TAB6640", _MIGRATION, "ContentsCode"),
    "TAB1625": ScbTable("TAB1625", _MONTHS, "Forandringar"),  # 2000M01–2024M12
    "TAB6473": ScbTable("TAB6473", _MONTHS, "Forandringar"),  # 2025M01 on, with CKM
}


class ScbClient:
    """SCB's PxWebApi 2.0: ``/config``, ``/tables`` (search), a table's metadata and its data, in Swedish."""

    LANGUAGE = "sv"

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.adapter = mount_counter(self.session, timeout)
        self._config: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._stamps: list[float] = []

    @property
    def calls(self) -> int:
        return self.adapter.calls

    @property
    def configuration(self) -> dict[str, Any]:
        if self._config is None:
            answer = self._call("GET", "/config", limited=False)
            self._config = answer if isinstance(answer, dict) else {}
        return self._config

    def limits(self) -> tuple[int, int, float]:
        """``/config``'s cell and call limits, refused in words when no real server would give them (0 or 1
        cells a call would split a refresh into millions of calls)."""
        config = self.configuration
        try:
            cells, calls = int(config["maxDataCells"]), int(config["maxCallsPerTimeWindow"])
            window = float(config["timeWindow"])
        except (KeyError, TypeError, ValueError):
            raise FetchError("fetch_scb_config", cells="?", calls="?", window="?") from None
        if not (MIN_CELLS <= cells <= MAX_CELLS and 1 <= calls <= 10_000 and 0 < window <= 600):
            raise FetchError("fetch_scb_config", cells=cells, calls=calls, window=f"{window:g}")
        return cells, calls, window

    def _wait_for_a_slot(self) -> None:
        """At most ``maxCallsPerTimeWindow`` calls in any ``timeWindow`` seconds: wait for the oldest to leave."""
        _cells, calls, window = self.limits()
        with self._lock:
            now = http.time.monotonic()
            self._stamps = [t for t in self._stamps if now - t < window]
            wait = window - (now - self._stamps[0]) if len(self._stamps) >= calls else 0.0
            self._stamps.append(now + max(wait, 0.0))
        if wait > 0:
            http.time.sleep(wait)

    def _call(self, method: str, endpoint: str, params: dict[str, str] | None = None,
              body: dict[str, Any] | None = None, limited: bool = True) -> Any:
        if limited:
            self._wait_for_a_slot()
        response = self.session.request(method, self.url + endpoint, params={"lang": self.LANGUAGE, **(params or {})},
                                        json=body)
        if not response.ok:
            raise requests.HTTPError(f"Error {response.status_code}: {response.reason}", response=response)
        return response.json()

    def search(self, query: str, page_size: int = 100) -> Any:
        """``/tables?query=``: the tables whose label has the query's words."""
        return self._call("GET", "/tables", {"query": query, "pageSize": str(page_size)})

    def get_table_metadata(self, table_id: str) -> Any:
        return self._call("GET", f"/tables/{table_id}/metadata")

    def get_datasets(self, table_id: str, value_codes: dict[str, list[str]]) -> list[dict[str, Any]]:
        """json-stat2 answers for the selection, split when it exceeds ``maxDataCells``; an answer is checked
        against its question (variables, codes, cell count) before anything reads it."""
        limit = self.limits()[0]
        answers = []
        for part in split_value_codes(value_codes, limit):
            body = {"selection": [{"variableCode": v, "valueCodes": codes} for v, codes in part.items()]}
            answer = self._call("POST", f"/tables/{table_id}/data", {"outputFormat": "json-stat2"}, body)
            check_answer(answer, part, table_id, limit)
            answers.append(answer)
        return answers


def split_value_codes(value_codes: dict[str, list[str]], max_cells: int) -> list[dict[str, list[str]]]:
    """The selection in parts of at most ``max_cells`` cells, every cell in exactly one part: the variable with
    the most codes is cut first, into chunks as large as the limit allows (as pxwebpy splits)."""
    sizes = {k: len(v) for k, v in value_codes.items()}
    total = 1
    for size in sizes.values():
        total *= size
    several = [k for k, size in sizes.items() if size > 1]
    if total <= max_cells or not several:
        return [value_codes]
    largest = max(several, key=lambda k: sizes[k])
    chunk = max(max_cells // (total // sizes[largest]), 1)
    codes = value_codes[largest]
    parts: list[dict[str, list[str]]] = []
    for i in range(0, len(codes), chunk):
        parts += split_value_codes({**value_codes, largest: codes[i:i + chunk]}, max_cells)
    return parts


MIN_CELLS, MAX_CELLS = 1_000, 10_000_000  # a sane /config: SCB says 150 000 cells a call


def check_answer(answer: Any, asked: dict[str, list[str]], table_id: str, limit: int) -> None:
    """The answer is to the question asked: only asked-for variables, only asked-for codes (the region, the
    periods), and no more cells than asked for or than the server's own limit."""
    if not isinstance(answer, dict) or not isinstance(answer.get("id"), list) or not isinstance(
            answer.get("size"), list):
        raise FetchError("fetch_scb_lacks", table=table_id, variable="id/size")
    cells = 1
    for variable, size in zip(answer["id"], answer["size"], strict=False):
        if not isinstance(size, int) or size < 0:
            raise FetchError("fetch_scb_lacks", table=table_id, variable=str(variable))
        cells *= size
    wanted = 1
    for codes in asked.values():
        wanted *= len(codes)
    if cells > min(wanted, limit):
        raise FetchError("fetch_scb_too_many_cells", table=table_id, cells=cells, asked=min(wanted, limit))
    for variable in answer["id"]:
        if variable not in asked:
            raise FetchError("fetch_scb_answer_other", table=table_id, variable=str(variable), code="–")
        category = answer.get("dimension", {}).get(variable, {}).get("category", {})
        index = category.get("index") or category.get("label") or {}
        found = [str(c) for c in (index if isinstance(index, list) else list(index))]
        strange = [c for c in found if c not in set(asked[variable])]
        if strange:
            raise FetchError("fetch_scb_answer_other", table=table_id, variable=str(variable), code=strange[0])


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def variable_labels(meta: dict[str, Any], variable: str) -> dict[str, str]:
    """A variable's codes and their labels, as the table's metadata gives them."""
    return {str(code): str(label) for code, label in meta["dimension"][variable]["category"]["label"].items()}


def resolve_label(meta: dict[str, Any], variable: str, wanted: str, table_id: str) -> str:
    """The code whose label is ``wanted`` (exactly, else the one label starting with it)."""
    labels = variable_labels(meta, variable)
    exact = [code for code, label in labels.items() if _norm(label) == _norm(wanted)]
    if len(exact) == 1:
        return exact[0]
    starts = [code for code, label in labels.items() if _norm(label).startswith(_norm(wanted))]
    if len(starts) == 1:
        return starts[0]
    raise FetchError("fetch_scb_label_several" if starts else "fetch_scb_label_none", table=table_id,
                     variable=variable, label=wanted)


def find_total(meta: dict[str, Any], variable: str) -> str | None:
    """The code of a variable's published total (``totalt …``, or its only code); None when it has none."""
    labels = variable_labels(meta, variable)
    if len(labels) == 1:
        return next(iter(labels))
    totals = [code for code, label in labels.items() if _norm(label).startswith("totalt")]
    preferred = [code for code in TOTAL_PREFERENCE if code in totals or (code in labels and
                 _norm(labels[code]).startswith(("totalt", "båda", "samtliga")))]
    if preferred:
        return preferred[0]
    if len(totals) == 1:
        return totals[0]
    return None


def resolve_total(meta: dict[str, Any], variable: str, table_id: str) -> str:
    """The published total of a variable that cannot be left out (``totalt …``)."""
    total = find_total(meta, variable)
    if total is not None:
        return total
    raise FetchError("fetch_scb_total", table=table_id, variable=variable)


def check_variables(meta: dict[str, Any], table: ScbTable) -> None:
    if table.variables is None:
        return
    found = set(meta.get("id", []))
    if found != set(table.variables):
        missing = sorted(table.variables - found)
        extra = sorted(found - table.variables)
        raise FetchError("fetch_scb_variables", table=table.id, missing=", ".join(missing) or "–",
                         new=", ".join(extra) or "–")


def resolve_content(meta: dict[str, Any], variable: str, want: Wanted, table_id: str) -> tuple[str, Problem | None]:
    """The code of one wanted content: the first of its codes the table has (its label then only checked: a
    differing label is a warning, returned in words), else the one code whose label is the wanted one."""
    labels = variable_labels(meta, variable)
    for code in want.codes:
        if code in labels:
            if _norm(labels[code]).startswith(_norm(want.label)):
                return code, None
            return code, note(f"{table_id} {code}: '{labels[code]}' ≠ '{want.label}'")
    return resolve_label(meta, variable, want.label, table_id), None


def _chosen(meta: dict[str, Any], variable: str, codes: Sequence[str], table_id: str) -> str:
    """The first of ``codes`` the variable has; a variable that has none of them fails in words."""
    known = variable_labels(meta, variable)
    for code in codes:
        if code in known:
            return code
    raise FetchError("fetch_scb_code_gone", table=table_id, variable=variable, code=" | ".join(codes))


def build_selection(
    meta: dict[str, Any], table: ScbTable, wanted: Sequence[Wanted], regions: Sequence[str],
    select: dict[str, tuple[str, ...]] | None = None, everyone: bool = False,
) -> tuple[dict[str, list[str]], dict[str, str], list[tuple[str, str, str, str]], list[Problem]]:
    """The query's value codes, measure code → KPI id, the code/label pairs used and label warnings.

    ``everyone``: every municipality, county and the country the table has, in the same call (one selection
    of about 312 codes; pxwebpy splits it should it pass ``maxDataCells``)."""
    check_variables(meta, table)
    dims = meta["dimension"]
    if table.measure not in dims or "Region" not in dims:
        raise FetchError("fetch_scb_lacks", table=table.id, variable=table.measure if "Region" in dims else "Region")
    region_labels = variable_labels(meta, "Region")
    present = (places.with_everyone(regions, region_labels) if everyone
               else [code for code in regions if code in region_labels])
    if regions and regions[0] not in region_labels:
        raise FetchError("fetch_scb_region", table=table.id, region=regions[0])
    measure_codes: dict[str, str] = {}
    warnings: list[Problem] = []
    for want in wanted:
        code, warning = resolve_content(meta, table.measure, want, table.id)
        measure_codes[code] = want.kpi
        warnings += [warning] if warning else []
    selection: dict[str, list[str]] = {"Region": present, table.measure: list(measure_codes)}
    for variable, codes in (select or {}).items():
        if variable not in dims:
            raise FetchError("fetch_scb_lacks", table=table.id, variable=variable)
        selection[variable] = [_chosen(meta, variable, codes, table.id)]
    for variable in meta["id"]:
        if variable in selection or variable == "Tid":
            continue
        if variable in table.fixed:
            selection[variable] = [_chosen(meta, variable, [table.fixed[variable]], table.id)]
        elif dims[variable].get("extension", {}).get("elimination", False):
            # Leaving an eliminable variable out makes SCB sum its parts; in the CKM tables (2025 on) the
            # parts carry noise and do not add up to the published total, so the total is asked for by code
            # whenever the variable has one, and the variable is left out only when it has none.
            total = find_total(meta, variable)
            if total is not None:
                selection[variable] = [total]
        else:
            selection[variable] = [resolve_total(meta, variable, table.id)]
    selection["Tid"] = list(variable_labels(meta, "Tid"))  # explicit codes, so pxwebpy can count cells and split
    used = [(table.id, var, code, variable_labels(meta, var)[code]) for var, codes in selection.items()
            if var != "Tid" for code in codes]
    return selection, measure_codes, used, warnings


@dataclass(frozen=True)
class Query:
    """One call's worth of a table: the KPIs it gives and the fixed codes it needs (``Hustyp = FLERBO``)."""

    table_id: str
    select: tuple[tuple[str, tuple[str, ...]], ...] = ()
    wanted: tuple[Wanted, ...] = ()


def fetch_table(client: ScbClient, query: Query, regions: Sequence[str], base_url: str, everyone: bool = False
                ) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]], str, list[Problem]]:
    """One query's rows, with the code/label pairs used, the table's ``updated`` and label warnings."""
    table = TABLES.get(query.table_id, ScbTable(query.table_id, None))
    meta = client.get_table_metadata(query.table_id)
    # A monthly table is read whole for the catalog's regions; with everyone, every other municipality only for
    # the last RECENT_MONTHS months (a second selection): all their months since 2000 would be some 750 000 cells.
    monthly = any("M" in code for code in variable_labels(meta, "Tid")) if "Tid" in meta.get("dimension", {}) \
        else False
    selection, measure_codes, used, warnings = build_selection(meta, table, query.wanted, regions,
                                                               dict(query.select), everyone and not monthly)
    datasets = client.get_datasets(query.table_id, selection)
    if monthly and everyone:
        datasets += _everyone_recent(client, query.table_id, selection, variable_labels(meta, "Region"))
    frames = [dataset_frame(ds) for ds in datasets]
    data = pd.concat(frames, ignore_index=True)
    for variable in ("Region", table.measure, "Tid"):
        if variable not in data.columns:
            raise FetchError("fetch_scb_lacks", table=query.table_id, variable=variable)
    url = f"{base_url.rstrip('/')}/tables/{query.table_id}"
    rows = [
        {"kpi_id": measure_codes[str(r[table.measure])], "region_code": str(r["Region"]),
         "period": str(r["Tid"]), "value": r["value"],
         "status": r["status"] if isinstance(r["status"], str) else None,
         "preliminary": (isinstance(r["status"], str) and r["status"] in PRELIMINARY_STATUS)
         or preliminary_month(str(r["Tid"])),
         "source_url": url, "note": f"SCB {query.table_id}"}
        for r in data.to_dict("records") if str(r[table.measure]) in measure_codes
    ]
    updated = str(datasets[0].get("updated", "")) if datasets else ""
    return observation_frame(rows), used, updated, warnings


RECENT_MONTHS = 36  # with everyone: the months every municipality is read for (the catalog's regions: all)


def recent_months(codes: Sequence[str], today: date | None = None) -> list[str]:
    """The month codes (``2025M01``) among ``codes`` within the last :data:`RECENT_MONTHS` months before today's."""
    now = today or date.today()
    this = now.year * 12 + now.month - 1
    return [c for c in codes if "M" in c and this - RECENT_MONTHS <= int(c[:4]) * 12 + int(c[5:7]) - 1 < this]


def _everyone_recent(client: ScbClient, table_id: str, selection: dict[str, list[str]],
                     region_labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every municipality the table has beyond the catalog's regions, for the recent months: one more selection
    (pxwebpy splits it should it pass ``maxDataCells``)."""
    asked = set(selection["Region"])
    others = [c for c in region_labels if c not in asked and places.is_municipality(c)]
    recent = recent_months(selection["Tid"])
    if not others or not recent:
        return []
    return list(client.get_datasets(table_id, {**selection, "Region": others, "Tid": recent}))


def preliminary_month(period: str, today: date | None = None) -> bool:
    """A month of a year whose yearly figures SCB has not yet published (they come in February): preliminary."""
    if "M" not in period:
        return False
    now = today or date.today()
    return int(period[:4]) >= (now.year if now.month >= 3 else now.year - 1)


def stitch(parts: dict[str, pd.DataFrame], order: Sequence[str]) -> pd.DataFrame:
    """One series from a table pair: a later table's rows win where both have a period."""
    frames = [parts[t] for t in order if t in parts]
    if not frames:
        return observation_frame([])
    combined = pd.concat(frames, ignore_index=True)
    return combined.drop_duplicates(["kpi_id", "region_code", "period"], keep="last").reset_index(drop=True)


def scb_plan(catalog: Catalog) -> list[Query]:
    """The queries a refresh makes: one per table and fixed selection, each with the KPIs it gives."""
    plan: dict[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], list[Wanted]] = {}
    for kpi in catalog.kpis.values():
        if kpi.source_kind != "scb":
            continue
        select = tuple(sorted((str(v), tuple(str(c) for c in codes))
                              for v, codes in dict(kpi.source.get("select", {})).items()))
        want = Wanted(str(kpi.source["content"]), tuple(str(c) for c in kpi.source.get("codes", ())), kpi.id)
        for table_id in kpi.source.get("tables", []):
            plan.setdefault((table_id, select), []).append(want)
    return [Query(table_id, select, tuple(wanted)) for (table_id, select), wanted in plan.items()]


def missing_table(exc: Exception) -> bool:
    """SCB answered that the table does not exist (404): the catalog names a table SCB no longer has. pxwebpy
    raises a bare ``HTTPError`` whose text starts with the status (no response attached)."""
    response = getattr(exc, "response", None)
    status = response.status_code if response is not None else None
    return isinstance(exc, requests.HTTPError) and (status == 404 or str(exc).startswith("Error 404"))


def fetch_scb(catalog: Catalog, regions: Sequence[str], base_url: str, timeout: float,
              progress: Callable[[str], None] = lambda _step: None) -> Fetched:
    """Every SCB KPI of the catalog for the regions, the old and new tables stitched into one series.

    A table SCB answers 404 for is left out with a warning (its KPIs keep their series); any other failure fails
    the whole source, so nothing half-read is written.
    """
    plan = scb_plan(catalog)
    client: ScbClient | None = None
    table_id = "/config"
    per_table: dict[str, pd.DataFrame] = {}
    used: list[tuple[str, str, str, str]] = []
    notes: list[Problem] = []
    try:
        client = ScbClient(base_url, timeout)
        progress("/config")
        for query in plan:
            table_id = query.table_id
            try:
                frame, pairs, updated, warnings = fetch_table(client, query, regions, base_url, catalog.everyone)
            except Exception as exc:
                if not missing_table(exc):
                    raise
                notes.append(Problem("fetch_scb_table_gone", {"table": table_id}))
                progress(table_id)
                continue
            per_table[table_id] = pd.concat([per_table.get(table_id, frame.iloc[0:0]), frame], ignore_index=True)
            used.extend(pairs)
            notes.append(note(f"{table_id} {updated[:10]}".strip()))
            notes.extend(warnings)
            progress(table_id)
    except Exception as exc:  # every failure becomes a worded FetchError
        raise from_exception(exc, f"SCB {table_id}", timeout) from exc
    series = []
    for kpi in catalog.kpis.values():
        tables = kpi.source.get("tables", []) if kpi.source_kind == "scb" else []
        parts = {t: per_table[t][per_table[t]["kpi_id"] == kpi.id] for t in tables if t in per_table}
        series.append(stitch(parts, tables))
    observations = pd.concat(series, ignore_index=True) if series else observation_frame([])
    labels = pd.DataFrame(sorted(set(used)), columns=CODE_LABEL_COLUMNS)
    return Fetched("scb", observations, labels, client.calls if client else 0,
                   [n for i, n in enumerate(notes) if n not in notes[:i]])


def scb_steps(catalog: Catalog) -> int:
    return 1 + len(scb_plan(catalog))


fetch = fetch_scb
steps = scb_steps


def wanted(catalog: Catalog) -> bool:
    """Always fetched: a catalog without KPIs of this source records a run that fetched nothing."""
    return True
