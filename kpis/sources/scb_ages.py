"""SCB's series by single year of age and sex for the home municipality, and SCB's own projection.

The cohort-component model needs, by age and sex: the population on 31 December, births by the mother's
age (and the child's sex), deaths, and in- and out-migration, for the latest years of each; the catalog's
``[cohort]`` section names them. Tables with verified ids are asked for by id; the others (births, deaths,
the projection) are found by searching SCB's table list and taking the tables whose label starts with the
catalog's ``label`` (and that lie under its ``path``), old first, so the 2024 | 2025 split is stitched as for
the KPIs (a later table wins a year both have).

Ages are read from the labels (``"37 år"``, ``"100+ år"``; several codes per label in the CKM tables: the first
is taken), sexes by their labels (``män``, ``kvinnor``). Every other variable is set to its published total or
left out when it has none, as for the KPIs. In the CKM tables (2025 on) single ages carry noise and do not add
up to the published total; the model uses them as shares and rates and scales the start population to the
published total, never the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from kpis.core.catalog import Catalog, CohortSeries
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.jsonstat import dataset_frame
from kpis.sources.result import AGE_COLUMNS, CODE_LABEL_COLUMNS, PROJECTION_COLUMNS, Fetched, observation_frame
from kpis.sources.scb import ScbClient, find_total, resolve_label, variable_labels

OPEN_AGE = 100
SEXES = {"män": "1", "pojkar": "1", "man": "1", "kvinnor": "2", "flickor": "2", "kvinna": "2"}
_AGE = re.compile(r"^\s*-?(\d{1,3})(\+)?\s*år")
_RANGE = re.compile(r"^\s*\d{1,3}\s*[-–]\s*\d")


def age_codes(meta: dict[str, Any], variable: str) -> dict[str, int]:
    """Code → single year of age (the open age as 100), the first code of each age; groups and totals left out."""
    found: dict[int, str] = {}
    for code, label in variable_labels(meta, variable).items():
        if _RANGE.match(label):
            continue
        match = _AGE.match(label)
        if match:
            found.setdefault(min(int(match.group(1)), OPEN_AGE), code)
    return {code: age for age, code in found.items()}


def sex_codes(meta: dict[str, Any], variable: str, table_id: str) -> dict[str, str]:
    """Code → ``1`` (men, boys) / ``2`` (women, girls), by label; SCB's own codes 1 and 2 when the labels are
    other words. A table with neither fails in words."""
    found: dict[str, str] = {}
    for code, label in variable_labels(meta, variable).items():
        sex = SEXES.get(" ".join(label.lower().split()))
        if sex and sex not in found.values():
            found[code] = sex
    if sorted(found.values()) == ["1", "2"]:
        return found
    codes = variable_labels(meta, variable)
    if "1" in codes and "2" in codes:
        return {"1": "1", "2": "2"}
    raise FetchError("fetch_scb_label_none", table=table_id, variable=variable, label="män/kvinnor")


def find_tables(client: ScbClient, series: CohortSeries) -> list[tuple[str, str]]:
    """The series' tables as (id, label), old first: the ids it names, or those its search finds by label."""
    if series.tables:
        return [(t, "") for t in series.tables]
    answer = client.search(query=series.search, page_size=100)
    wanted = " ".join(series.label.lower().split())
    found = []
    for table in answer.get("tables", []):
        label = " ".join(str(table.get("label", "")).lower().split())
        on_path = not series.path or any(node.get("id", "").startswith(series.path)
                                         for path in table.get("paths", []) for node in path)
        if label.startswith(wanted) and on_path and not table.get("discontinued", False):
            found.append((str(table.get("firstPeriod", "")), str(table["id"]), str(table.get("label", ""))))
    if not found:
        raise FetchError("fetch_scb_table_none", label=series.label)
    found.sort()
    if not series.by_age:  # a projection: only the latest one counts
        found = found[-1:]
    return [(table_id, label) for _first, table_id, label in found]


def _selection(meta: dict[str, Any], table_id: str, series: CohortSeries, region: str,
               years: int) -> tuple[dict[str, list[str]], dict[str, int], dict[str, str]]:
    dims = meta["dimension"]
    for variable in ("Region", "ContentsCode", "Tid"):
        if variable not in dims:
            raise FetchError("fetch_scb_lacks", table=table_id, variable=variable)
    if region not in variable_labels(meta, "Region"):
        raise FetchError("fetch_scb_region", table=table_id, region=region)
    selection: dict[str, list[str]] = {"Region": [region],
                                       "ContentsCode": [resolve_label(meta, "ContentsCode", series.content,
                                                                      table_id)]}
    ages: dict[str, int] = {}
    sexes: dict[str, str] = {}
    if series.by_age:
        if series.age not in dims:
            raise FetchError("fetch_scb_lacks", table=table_id, variable=series.age)
        ages = age_codes(meta, series.age)
        if not ages:
            raise FetchError("fetch_scb_label_none", table=table_id, variable=series.age, label="0 år")
        selection[series.age] = list(ages)
        if "Kon" not in dims:
            raise FetchError("fetch_scb_lacks", table=table_id, variable="Kon")
        sexes = sex_codes(meta, "Kon", table_id)
        selection["Kon"] = list(sexes)
    for variable in meta["id"]:
        if variable in selection or variable == "Tid":
            continue
        total = find_total(meta, variable)
        if total is not None:
            selection[variable] = [total]
        elif not dims[variable].get("extension", {}).get("elimination", False):
            raise FetchError("fetch_scb_total", table=table_id, variable=variable)
    periods = [code for code in variable_labels(meta, "Tid") if re.fullmatch(r"\d{4}", code)]
    selection["Tid"] = periods if not series.by_age else periods[-years:]
    return selection, ages, sexes


def fetch_series(client: ScbClient, series: CohortSeries, region: str, years: int, base_url: str,
                 metadata: dict[str, dict[str, Any]] | None = None
                 ) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]], list[str]]:
    """One series' rows (AGE_COLUMNS, or PROJECTION_COLUMNS for the projection) from its tables, stitched.
    ``metadata`` keeps each table's metadata for the next series from the same table."""
    frames, used, notes = [], [], []
    metadata = {} if metadata is None else metadata
    for table_id, table_label in find_tables(client, series):
        if table_id not in metadata:
            metadata[table_id] = client.get_table_metadata(table_id)
        meta = metadata[table_id]
        selection, ages, sexes = _selection(meta, table_id, series, region, years)
        data = pd.concat([dataset_frame(ds) for ds in client.get_datasets(table_id, selection)], ignore_index=True)
        data = data[data["value"].notna()]
        url = f"{base_url.rstrip('/')}/tables/{table_id}"
        if series.by_age:
            frame = pd.DataFrame({"series": series.id, "region_code": region, "year": data["Tid"].astype(int),
                                  "sex": data["Kon"].astype(str).map(sexes),
                                  "age": data[series.age].astype(str).map(ages),
                                  "value": data["value"].astype(float), "table_id": table_id, "source_url": url})
        else:
            frame = pd.DataFrame({"region_code": region, "year": data["Tid"].astype(int),
                                  "value": data["value"].astype(float), "table_id": table_id,
                                  "table_label": table_label or str(meta.get("label", "")), "source_url": url})
        frames.append(frame)
        labels = variable_labels(meta, "ContentsCode")
        used.extend((table_id, "ContentsCode", code, labels[code]) for code in selection["ContentsCode"])
        notes.append(table_id)
    columns = AGE_COLUMNS if series.by_age else PROJECTION_COLUMNS
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    key = ["series", "year", "sex", "age"] if series.by_age else ["year"]
    # A later table wins the years both have (2024 | 2025 split); inside a table, the first code of an age.
    combined = combined.drop_duplicates(key, keep="last").reset_index(drop=True)
    return combined[columns], used, notes


def fetch_ages(catalog: Catalog, regions: Sequence[str], base_url: str, timeout: float,
               progress: Callable[[str], None] = lambda _step: None) -> Fetched:
    """Every cohort series of the catalog for the home municipality; SCB's projection when one is found."""
    cohort = catalog.cohort
    empty = observation_frame([])
    if cohort is None:
        return Fetched("scb_ages", empty, ages=pd.DataFrame(columns=AGE_COLUMNS))
    client: ScbClient | None = None
    step = "/config"
    ages, projection, used, notes = [], None, [], []
    metadata: dict[str, dict[str, Any]] = {}
    try:
        client = ScbClient(base_url, timeout)
        progress(step)
        for series in cohort.series:
            step = series.id
            try:
                frame, pairs, tables = fetch_series(client, series, catalog.home, cohort.years, base_url, metadata)
            except FetchError as err:
                if series.by_age:
                    raise
                # The projection is optional: not found, or not readable, the model goes without it and says why.
                found = err.problems[0].key != "fetch_scb_table_none"
                notes.append(f"{series.id}: – ({err.sv} / {err.en})" if found else f"{series.id}: –")
                progress(step)
                continue
            if series.by_age:
                ages.append(frame)
            else:
                projection = frame
            used.extend(pairs)
            notes.append(f"{series.id}: {', '.join(tables)}")
            progress(step)
    except Exception as exc:  # every failure becomes a worded FetchError
        raise from_exception(exc, f"SCB ({step})", timeout) from exc
    combined = pd.concat(ages, ignore_index=True) if ages else pd.DataFrame(columns=AGE_COLUMNS)
    labels = pd.DataFrame(sorted(set(used)), columns=CODE_LABEL_COLUMNS)
    return Fetched("scb_ages", empty, labels, client.calls if client else 0, notes, combined, projection)


def age_steps(catalog: Catalog) -> int:
    return 1 + (len(catalog.cohort.series) if catalog.cohort else 0)


fetch = fetch_ages
steps = age_steps
