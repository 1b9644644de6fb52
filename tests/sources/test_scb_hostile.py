"""Upstream answers that do not match the question are refused in words, and nothing is written."""

import pytest

from kpis.core.registry import KINDS
from kpis.pipeline.refresh import refresh
from kpis.sources.errors import FetchError
from kpis.sources.scb_ages import fetch_ages
from tests.conftest import query
from tests.fakes.sources_server import Fault


def _ages(catalog):
    return fetch_ages(catalog, list(catalog.regions), KINDS["scb_ages"].base_url(), 2.0)


def _data(transform):
    """A data answer changed on its way, as a broken or hostile server would send it."""
    return Fault(transform=transform)


def _other_region(answer):
    labels = answer["dimension"]["Region"]["category"]
    labels["index"] = {"2381" if k == "2380" else k: v for k, v in labels["index"].items()}
    labels["label"] = {"2381" if k == "2380" else k: v for k, v in labels["label"].items()}
    return answer


def _far_years(answer):
    tid = answer["dimension"]["Tid"]["category"]
    tid["index"] = {str(200000 + i): i for i in range(len(tid["index"]))}
    tid["label"] = {code: code for code in tid["index"]}
    return answer


def _billion(answer):
    answer["size"] = [*answer["size"][:-1], 1_000_000_000]
    return answer


def _twice(answer):
    alder = answer["dimension"]["Alder"]["category"]
    codes = sorted(alder["index"], key=alder["index"].get)
    codes[codes.index("6")] = "5"  # age 5 answered twice, age 6 never
    alder["index"] = codes
    return answer


@pytest.mark.parametrize(("transform", "words"), [
    (_other_region, "svaret gäller något annat än frågan (Region 2381)"),
    (_far_years, "svaret gäller något annat än frågan (Tid 200000)"),
    (_billion, "svaret har"),
    (_twice, "samma cell finns två gånger"),
])
def test_an_answer_to_another_question_is_refused(sources, catalog, transform, words):
    sources.fault("/scb/tables/TAB638/data", _data(transform))
    with pytest.raises(FetchError) as err:
        _ages(catalog)
    assert words in err.value.sv


def test_an_age_beyond_the_open_group_is_refused_not_read_as_another(sources, catalog):
    def older(meta):
        meta["dimension"]["Alder"]["category"]["label"]["150"] = "150 år"
        meta["dimension"]["Alder"]["category"]["index"]["150"] = len(meta["dimension"]["Alder"]["category"]["index"])
        meta["size"][meta["id"].index("Alder")] += 1
        return meta

    sources.fault("/scb/tables/TAB638/metadata", Fault(transform=older))
    with pytest.raises(FetchError) as err:
        _ages(catalog)
    assert "150 år" in err.value.sv and "0–100+" in err.value.sv


@pytest.mark.parametrize("cells", [0, 1])
def test_config_limits_no_server_would_give_end_the_refresh_in_words(sources, sources_catalog, fresh_db, cells):
    sources.fault("/scb/config", Fault(transform=lambda body: {**body, "maxDataCells": cells}))
    before = query(fresh_db, "SELECT count(*) FROM observation WHERE source_id = 'scb'")
    [result] = refresh(fresh_db, sources_catalog, ["scb"])
    assert result.status == "failed" and "orimliga gränser" in result.message_sv
    assert query(fresh_db, "SELECT count(*) FROM observation WHERE source_id = 'scb'") == before


def test_a_projection_with_alternatives_is_never_summed(sources, catalog):
    def alternatives(meta):
        meta["id"].insert(1, "Alternativ")
        meta["size"].insert(1, 3)
        meta["dimension"]["Alternativ"] = {"label": "alternativ", "category": {
            "index": {"H": 0, "L": 1, "Hö": 2}, "label": {"H": "huvudalternativ", "L": "lågt", "Hö": "högt"}},
            "extension": {"elimination": True}}
        return meta

    sources.fault("/scb/tables/TAB698/metadata", Fault(transform=alternatives))
    fetched = _ages(catalog)
    assert fetched.projection is None
    assert any("Alternativ" in n.message("sv") for n in fetched.notes)
