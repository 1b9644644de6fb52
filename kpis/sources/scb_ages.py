"""SCB's series by single year of age and sex for the home municipality, and SCB's own projection.

The cohort-component model needs, by age and sex: the population on 31 December, births by the mother's
age (and the child's sex), deaths, and in- and out-migration, for the latest years of each; the catalog's
``[cohort]`` section names them. Every table is asked for by its id, and its label is a check (a differing
label is a warning in the run's message, never a silent skip). Only when an id answers 404 is SCB's table list
searched for tables whose label, less its period (``.  År 1968-2024``), is exactly the catalog's ``label`` and
that lie under its ``path``; old first, so the 2024 | 2025 split is stitched as for the KPIs (a later table
wins a year both have).

Ages are read from the labels (``"37 år"``, ``"100+ år"``, the mothers' open group ``"–14 år"`` with SCB's en
dash; several codes per label in the CKM tables: the first is taken), sexes by their labels (``män``,
``kvinnor``, ``pojkar``, ``flickor``). Births of mothers of unknown age (``us``, "uppgift saknas") are spread
over the mothers' ages in proportion, so births by age add up to the published total. Every other variable is
set to its published total or left out when it has none, as for the KPIs. In the CKM tables (2025 on) single
ages carry noise and do not add up to the published total; the model uses them as shares and rates and scales
the start population to the published total, never the other way round. SCB's projection has sexes and single
ages with no total (and no noise): its total is their sum.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from kpis.core.catalog import Catalog, CohortSeries
from kpis.core.problems import Problem, note
from kpis.sources.errors import FetchError, from_exception
from kpis.sources.jsonstat import dataset_frame
from kpis.sources.result import AGE_COLUMNS, CODE_LABEL_COLUMNS, PROJECTION_COLUMNS, Fetched, observation_frame
from kpis.sources.scb import ScbClient, find_total, missing_table, resolve_label, variable_labels

OPEN_AGE = 100
SEXES = {"män": "1", "pojkar": "1", "man": "1", "kvinnor": "2", "flickor": "2", "kvinna": "2"}
_AGE = re.compile(r"^\s*[-–−]?\s*(\d{1,3})\s*(\+)?\s*år")
_RANGE = re.compile(r"^\s*\d{1,3}\s*[-–−]\s*\d")
_PERIOD = re.compile(r"\.\s+år\s.*$")
UNKNOWN_AGE = ("uppgift saknas", "okänd ålder", "okänd")


def age_codes(meta: dict[str, Any], variable: str) -> dict[str, int]:
    """Code → single year of age (the open age as 100), the first code of each age; groups and totals left out."""
    found: dict[int, str] = {}
    below: list[tuple[int, str, str]] = []  # "-4 år": the open group 0–4, as SCB means it
    for code, label in variable_labels(meta, variable).items():
        if _RANGE.match(label):
            continue
        match = _AGE.match(label)
        if match:
            age = int(match.group(1))
            if label.lstrip().startswith(("-", "–", "−")):
                below.append((age, label, code))
                continue
            if age > OPEN_AGE or (age == OPEN_AGE and not match.group(2) and "+" not in label):
                # An age beyond the open group "100+" is not one the model knows: never read as another age.
                raise FetchError("fetch_scb_age_outside", variable=variable, label=label)
            found.setdefault(age, code)  # SCB lists some ages under two codes with one label: the first counts
    for high, label, code in below:
        if any(age <= high for age in found):  # "-5 år" beside "5 år": the same ages counted twice
            raise FetchError("fetch_scb_age_overlap", variable=variable, label=label)
        found[high] = code  # the open group read at its highest age ("-14 år": mothers of 14 and younger)
    return {code: age for age, code in found.items()}


def unknown_age_code(meta: dict[str, Any], variable: str) -> str | None:
    """The code of an age variable's "uppgift saknas" (unknown age), if it has one."""
    for code, label in variable_labels(meta, variable).items():
        if " ".join(label.lower().split()) in UNKNOWN_AGE:
            return code
    return None


def _label_core(label: str) -> str:
    """A table label without its period and with SCB's double spaces folded: what the catalog names."""
    return _PERIOD.sub("", " ".join(str(label).lower().split())).rstrip(". ")


def label_matches(label: str, wanted: str) -> bool:
    return _label_core(label) == _label_core(wanted)


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


def _search(client: ScbClient, series: CohortSeries) -> list[str]:
    """Tables whose label, less its period, is exactly the series' label (under its path), old first."""
    if not series.search or not series.label:
        raise FetchError("fetch_scb_table_none", label=series.label or series.id)
    answer = client.search(query=series.search, page_size=100)
    found = []
    for table in answer.get("tables", []):
        on_path = not series.path or any(node.get("id", "").startswith(series.path)
                                         for path in table.get("paths", []) for node in path)
        if label_matches(str(table.get("label", "")), series.label) and on_path and not table.get("discontinued"):
            number = int(re.sub(r"\D", "", str(table["id"])) or 0)
            found.append((str(table.get("firstPeriod", "")), str(table.get("updated", "")), number, str(table["id"])))
    if not found:
        raise FetchError("fetch_scb_table_none", label=series.label)
    found.sort()
    if not series.by_age:  # a projection: only the latest one counts
        found = found[-1:]
    return [table_id for *_rest, table_id in found]


def find_tables(client: ScbClient, series: CohortSeries, metadata: dict[str, dict[str, Any]]
                ) -> tuple[list[str], list[Problem]]:
    """The series' tables (old first), their metadata kept in ``metadata``, and warnings in words: the ids the
    catalog names, with their labels checked; the label search only when an id answers 404."""
    warnings: list[str] = []
    tables = list(series.tables)
    if tables:
        try:
            for table_id in tables:
                if table_id not in metadata:
                    metadata[table_id] = client.get_table_metadata(table_id)
        except Exception as exc:
            if not missing_table(exc):
                raise
            warnings.append(Problem("fetch_scb_table_gone_search", {"table": table_id, "label": series.label}))
            tables = _search(client, series)
    else:
        tables = _search(client, series)
    for table_id in tables:
        if table_id not in metadata:
            metadata[table_id] = client.get_table_metadata(table_id)
        label = str(metadata[table_id].get("label", ""))
        if series.label and not label_matches(label, series.label):
            warnings.append(Problem("fetch_scb_label_differs", {"table": table_id, "label": label,
                                                                "wanted": series.label}))
    return tables, warnings


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
    if not series.by_age:
        # The projection: sexes and ages at their total, or every sex and single age where there is none.
        for variable in ("Kon", series.age):
            if variable in dims and find_total(meta, variable) is None:
                codes = list(sex_codes(meta, variable, table_id)) if variable == "Kon" else list(
                    age_codes(meta, variable))
                if not codes:
                    raise FetchError("fetch_scb_total", table=table_id, variable=variable)
                selection[variable] = codes
    if series.by_age:
        if series.age not in dims:
            raise FetchError("fetch_scb_lacks", table=table_id, variable=series.age)
        ages = age_codes(meta, series.age)
        if not ages:
            raise FetchError("fetch_scb_label_none", table=table_id, variable=series.age, label="0 år")
        unknown = unknown_age_code(meta, series.age)
        selection[series.age] = [*ages, *([unknown] if unknown else [])]
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
        elif not series.by_age or not dims[variable].get("extension", {}).get("elimination", False):
            # The projection's other variables (alternatives: main, low, high) are never summed away.
            raise FetchError("fetch_scb_total", table=table_id, variable=variable)
    periods = [code for code in variable_labels(meta, "Tid") if re.fullmatch(r"\d{4}", code)]
    selection["Tid"] = periods if not series.by_age else periods[-years:]
    return selection, ages, sexes


def spread_unknown(frame: pd.DataFrame, unknown: pd.DataFrame) -> pd.DataFrame:
    """Events of unknown age (per year and sex) spread over the known ages in proportion to them."""
    if unknown.empty:
        return frame
    totals = frame.groupby(["year", "sex"])["value"].transform("sum")
    extra = frame[["year", "sex"]].merge(unknown.groupby(["year", "sex"], as_index=False)["value"].sum(),
                                         on=["year", "sex"], how="left")["value"].fillna(0.0).to_numpy()
    share = frame["value"].to_numpy() / totals.where(totals > 0, 1.0).to_numpy()
    return frame.assign(value=frame["value"].to_numpy() + extra * share)


def to_age_reached(frame: pd.DataFrame) -> pd.DataFrame:
    """Events counted by the exact age at the event, as ages reached during the year: half at ``a``, half at
    ``a + 1`` (the open group keeps its own)."""
    half = frame.assign(value=frame["value"] / 2)
    older = half.assign(age=(half["age"] + 1).clip(upper=OPEN_AGE))
    key = ["series", "region_code", "year", "sex", "age"]
    both = pd.concat([half, older], ignore_index=True)
    return both.groupby([*key, "table_id", "source_url"], as_index=False)["value"].sum()


def fetch_series(client: ScbClient, series: CohortSeries, region: str, years: int, base_url: str,
                 metadata: dict[str, dict[str, Any]] | None = None
                 ) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]], list[Problem]]:
    """One series' rows (AGE_COLUMNS, or PROJECTION_COLUMNS for the projection) from its tables, stitched, with
    the code/label pairs used and notes (the tables read, and warnings in words). ``metadata`` keeps each
    table's metadata for the next series from the same table."""
    frames, used = [], []
    metadata = {} if metadata is None else metadata
    tables, notes = find_tables(client, series, metadata)
    for table_id in tables:
        meta = metadata[table_id]
        selection, ages, sexes = _selection(meta, table_id, series, region, years)
        datasets = client.get_datasets(table_id, selection)
        data = pd.concat([dataset_frame(ds) for ds in datasets], ignore_index=True)
        if set(data["Region"].astype(str)) - {region}:
            raise FetchError("fetch_scb_region", table=table_id, region=region)
        if data.drop(columns=["value", "status"]).duplicated().any():  # one cell twice: which one is true?
            raise FetchError("fetch_scb_duplicate_cells", table=table_id)
        data = data[data["value"].notna()]
        url = f"{base_url.rstrip('/')}/tables/{table_id}"
        if series.by_age:
            frame = pd.DataFrame({"series": series.id, "region_code": region, "year": data["Tid"].astype(int),
                                  "sex": data["Kon"].astype(str).map(sexes),
                                  "age": data[series.age].astype(str).map(ages),
                                  "value": data["value"].astype(float), "table_id": table_id, "source_url": url})
            unknown = frame[frame["age"].isna() & (data[series.age].astype(str) == unknown_age_code(
                meta, series.age)).to_numpy()]
            frame = frame[frame["age"].notna()].assign(age=lambda f: f["age"].astype(int))
            frame = spread_unknown(frame, unknown)
            if series.age_basis == "exact":
                frame = to_age_reached(frame)
        else:
            summed = data.groupby(data["Tid"].astype(int))["value"].sum()
            updated = str(datasets[0].get("updated", "") if datasets else "") or str(meta.get("updated", ""))
            frame = pd.DataFrame({"region_code": region, "year": summed.index.astype(int),
                                  "value": summed.to_numpy(dtype=float), "table_id": table_id,
                                  "table_label": str(meta.get("label", "")), "source_url": url,
                                  "published": updated[:10]})
        frames.append(frame)
        labels = variable_labels(meta, "ContentsCode")
        used.extend((table_id, "ContentsCode", code, labels[code]) for code in selection["ContentsCode"])
        notes.append(note(table_id))
    columns = AGE_COLUMNS if series.by_age else [*PROJECTION_COLUMNS, "published"]
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
                notes.append(Problem("ages_series_failed", {"series": series.id, "error": err.problems[0]}) if found
                             else note(f"{series.id}: –"))
                progress(step)
                continue
            if series.by_age:
                ages.append(frame)
            else:
                projection = frame
            used.extend(pairs)
            read = [str(p.params["text"]) for p in tables if p.key == "note_text"]
            notes.append(note(f"{series.id}: {', '.join(read)}"))
            notes.extend(p for p in tables if p.key != "note_text")  # the warnings, worded when shown
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


def wanted(catalog: Catalog) -> bool:
    """Only for a catalog that asks for the series by age (its [cohort] section)."""
    return catalog.cohort is not None
