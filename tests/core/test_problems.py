import json

from kpis.core.problems import Problem, note, worded


def test_a_stored_message_is_worded_again_in_any_language():
    parts = [Problem("check_nothing_written", {"problems": [Problem("fetch_scb_table_gone", {"table": "TAB1"})]}),
             note("TAB638 2025-03-21")]
    stored = json.dumps([p.as_json() for p in parts])
    back = [Problem.from_json(p) for p in json.loads(stored)]
    assert back == parts
    assert worded(back, "sv") != worded(back, "en")
    assert "TAB1" in worded(back, "sv") and "TAB638 2025-03-21" in worded(back, "en")
