"""The parts of pxwebpy that kpis.sources.scb uses beyond its public API: pinned, and checked here, so an upgrade
that moves or changes them fails this test before it fails a refresh."""

import inspect
from importlib.metadata import version

from pxweb._internal.client import Client
from pxweb._internal.functions import build_query, split_value_codes


def test_the_pinned_version_is_installed():
    pinned = next(line.split("==")[1].strip() for line in open("requirements.txt", encoding="utf-8")
                  if line.startswith("pxwebpy=="))
    assert version("pxwebpy") == pinned


def test_the_client_takes_what_the_scb_client_gives_it():
    params = inspect.signature(Client.__init__).parameters
    assert {"url", "timeout", "disable_cache", "language"} <= set(params)
    call = inspect.signature(Client.call).parameters
    assert {"endpoint", "query"} <= set(call)
    # The time-out and call-counting adapter is mounted on the client's requests session, and /config read from
    # its configuration (constructing one calls /config, so its source is read instead).
    source = inspect.getsource(Client)
    assert "self.session" in source and "configuration" in source


def test_a_query_is_built_as_pxwebapi_2_wants_it():
    assert build_query({"Region": ["2380"], "Tid": ["2024"]}) == {"selection": [
        {"variableCode": "Region", "valueCodes": ["2380"]}, {"variableCode": "Tid", "valueCodes": ["2024"]}]}


def test_a_selection_over_the_cell_limit_is_split_and_keeps_every_cell():
    parts = split_value_codes({"Region": ["1", "2", "3"], "Tid": ["2023", "2024"]}, 2)
    assert len(parts) > 1
    cells = {(r, y) for part in parts for r in part["Region"] for y in part["Tid"]}
    assert cells == {(r, y) for r in ("1", "2", "3") for y in ("2023", "2024")}
    assert all(len(p["Region"]) * len(p["Tid"]) <= 2 for p in parts)
