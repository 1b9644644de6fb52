"""JSON-stat 2.0 datasets (SCB's data format) into a flat frame of codes, value and status."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pandas as pd


def _codes(dimension: dict[str, Any]) -> list[str]:
    category = dimension["category"]
    index = category.get("index")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        return [str(c) for c, _ in sorted(index.items(), key=lambda item: item[1])]
    return [str(c) for c in category["label"]]


def _at(container: Any, position: int) -> Any:
    if isinstance(container, dict):
        return container.get(str(position))
    if isinstance(container, list):
        return container[position] if position < len(container) else None
    return container


def dataset_frame(dataset: dict[str, Any]) -> pd.DataFrame:
    """One row per cell: a column per dimension (its codes), ``value`` (float or NaN) and ``status``.

    ``value`` is row-major over ``id`` (the last dimension varies fastest). A value list shorter or longer
    than the product of ``size`` means a broken answer and raises ``ValueError``.
    """
    if dataset.get("class") != "dataset":
        raise ValueError("not a json-stat2 dataset")
    ids: list[str] = dataset["id"]
    codes = [_codes(dataset["dimension"][dim]) for dim in ids]
    if [len(c) for c in codes] != list(dataset["size"]):
        raise ValueError("dimension sizes do not match their categories")
    cells = math.prod(dataset["size"])
    values = dataset["value"]
    if isinstance(values, list) and len(values) != cells:
        raise ValueError(f"{len(values)} values for {cells} cells")
    status = dataset.get("status") or {}
    rows = []
    for position, combo in enumerate(itertools.product(*codes)):
        value = _at(values, position)
        rows.append((*combo, float(value) if value is not None else math.nan, _at(status, position)))
    return pd.DataFrame(rows, columns=[*ids, "value", "status"])
