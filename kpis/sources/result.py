"""What a fetcher hands to the refresh: observations, code/label pairs and the number of calls made."""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real

import pandas as pd

from kpis.core.problems import Problem
from kpis.sources.errors import FetchError

OBSERVATION_COLUMNS = ["kpi_id", "region_code", "period", "value", "status", "preliminary", "source_url", "note"]
CODE_LABEL_COLUMNS = ["table_id", "variable", "code", "label"]
AGE_COLUMNS = ["series", "region_code", "year", "sex", "age", "value", "table_id", "source_url"]
GROUP_COLUMNS = ["group_id", "title", "year", "area", "member_code", "member_title", "source_url"]
PROJECTION_COLUMNS = ["region_code", "year", "value", "table_id", "table_label", "source_url"]


@dataclass
class Fetched:
    source_id: str
    observations: pd.DataFrame
    code_labels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CODE_LABEL_COLUMNS))
    calls: int = 0
    notes: list[Problem] = field(default_factory=list)  # what the run should say (tables, warnings), as keys
    ages: pd.DataFrame | None = None  # AGE_COLUMNS: series by age and sex (the cohort model), when fetched
    projection: pd.DataFrame | None = None  # PROJECTION_COLUMNS: SCB's own projection, when found
    groups: pd.DataFrame | None = None  # GROUP_COLUMNS: Kolada's groups of similar municipalities, when found
    # KPI -> the only regions whose stored figures its answer covers this time (Kolada's route for everyone
    # missing: none): the others stay as they are and are not counted as lost.
    scope: dict[str, frozenset[str]] = field(default_factory=dict)


def observation_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows as a frame; a value that is neither a number nor empty means the answer changed form."""
    bad = [r.get("value") for r in rows
           if r.get("value") is not None and (isinstance(r.get("value"), bool) or not isinstance(r.get("value"), Real))]
    if bad:
        raise FetchError("fetch_not_numbers", items=", ".join(repr(v)[:20] for v in bad[:3]))
    frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"]).astype(float)
    frame["preliminary"] = [bool(p) if isinstance(p, bool) else False for p in frame["preliminary"]]
    return frame
