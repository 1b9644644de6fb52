"""The SCB client of PxWebApi 2.0's documented API (kpis/sources/scb.py): what it asks for and how, its split of a
selection over ``maxDataCells``, its call limit, and the one retry policy on 429 (kpis/sources/http.py)."""


import pytest
import requests

from kpis.sources import http
from kpis.sources.scb import ScbClient, split_value_codes
from tests.fakes.clock import Clock
from tests.fakes.sources_server import Fault


def test_a_selection_over_the_cell_limit_is_split_and_keeps_every_cell():
    parts = split_value_codes({"Region": ["1", "2", "3"], "Tid": ["2023", "2024"]}, 2)
    assert len(parts) == 3  # the largest variable cut first, into chunks as large as the limit allows
    cells = [(r, y) for part in parts for r in part["Region"] for y in part["Tid"]]
    assert sorted(cells) == sorted((r, y) for r in ("1", "2", "3") for y in ("2023", "2024"))  # each cell once
    assert all(len(p["Region"]) * len(p["Tid"]) <= 2 for p in parts)
    assert split_value_codes({"Region": ["1"], "Tid": ["2024"]}, 2) == [{"Region": ["1"], "Tid": ["2024"]}]


def test_the_client_asks_as_the_documented_api_wants(sources):
    client = ScbClient(f"{sources.base}/scb", 5.0)
    before = len(sources.requests)
    meta = client.get_table_metadata("TAB638")
    [answer] = client.get_datasets("TAB638", {"Region": ["2380"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]})
    assert meta["id"] and answer["value"]
    asked = sources.requests[before:]
    assert ("GET", "/scb/config") in asked  # read once, before the first limited call
    assert ("GET", "/scb/tables/TAB638/metadata") in asked
    assert ("POST", "/scb/tables/TAB638/data") in asked
    assert client.calls == len(asked)


def _noted(monkeypatch) -> list[float]:
    clock = Clock()
    monkeypatch.setattr(http, "time", clock)
    return clock.waits


def test_a_429_is_retried_as_retry_after_says_and_counted(sources, monkeypatch):
    waits = _noted(monkeypatch)
    sources.fault("/scb/tables/TAB638/metadata", Fault(status=429, retry_after="3", times=2))
    client = ScbClient(f"{sources.base}/scb", 5.0)
    assert client.get_table_metadata("TAB638")["id"]
    assert waits.count(3.0) == 2
    assert client.calls == 4  # /config, two 429s and the answer


def test_a_retry_after_of_a_day_is_capped_and_three_429s_end_in_an_error(sources, monkeypatch):
    waits = _noted(monkeypatch)
    sources.fault("/scb/tables/TAB638/metadata", Fault(status=429, retry_after="86400"))
    client = ScbClient(f"{sources.base}/scb", 5.0)
    with pytest.raises(requests.HTTPError, match="429"):
        client.get_table_metadata("TAB638")
    assert waits == [http.MAX_RETRY_AFTER] * http.RETRIES
