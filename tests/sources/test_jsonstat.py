import math

import pytest

from kpis.sources.jsonstat import dataset_frame


def _dataset(values, status=None):
    ds = {"class": "dataset", "id": ["Region", "Tid"], "size": [2, 2],
          "dimension": {"Region": {"category": {"index": {"2380": 0, "00": 1}, "label": {"2380": "Östersund",
                                                                                       "00": "Riket"}}},
                        "Tid": {"category": {"index": {"2024": 1, "2023": 0}}}},
          "value": values}
    if status:
        ds["status"] = status
    return ds


def test_values_are_row_major_in_category_index_order():
    frame = dataset_frame(_dataset([1, 2, 3, None], {"3": ".."}))
    assert frame[["Region", "Tid"]].values.tolist() == [["2380", "2023"], ["2380", "2024"], ["00", "2023"],
                                                        ["00", "2024"]]
    assert frame["value"].tolist()[:3] == [1.0, 2.0, 3.0]
    assert math.isnan(frame["value"].iloc[3])
    assert [s if isinstance(s, str) else None for s in frame["status"]] == [None, None, None, ".."]


def test_a_short_value_list_is_refused():
    with pytest.raises(ValueError, match="3 values for 4 cells"):
        dataset_frame(_dataset([1, 2, 3]))


def test_not_a_dataset_is_refused():
    with pytest.raises(ValueError):
        dataset_frame({"class": "collection"})
