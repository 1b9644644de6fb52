"""What a fetcher hands to the refresh: observations, code/label pairs and the number of calls made."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

OBSERVATION_COLUMNS = ["kpi_id", "region_code", "period", "value", "status", "preliminary", "source_url", "note"]
CODE_LABEL_COLUMNS = ["table_id", "variable", "code", "label"]


@dataclass
class Fetched:
    source_id: str
    observations: pd.DataFrame
    code_labels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CODE_LABEL_COLUMNS))
    calls: int = 0
    notes: list[str] = field(default_factory=list)


def observation_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    frame["preliminary"] = [bool(p) if isinstance(p, bool) else False for p in frame["preliminary"]]
    return frame
