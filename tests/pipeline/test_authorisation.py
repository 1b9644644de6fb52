"""Who may do what: every editing action is checked against the editor's functions in the pipeline function
that the Redigera page and the command line share (None: the command line's operator, every function)."""

import pytest

from kpis.pipeline import editing

FIGURES = b"kpi;period;value\nevents_held;2024;41\n"  # Destinationsutveckling's own KPI
TARGETS = b"kpi;target_year;target_value\nevents_held;2030;60\n"
COMMENTS = b"kpi;period;analysis;actions;public\nevents_held;2024;Fler evenemang;;ja\n"


def _actions(catalog, functions):
    return {
        "figures file": lambda: editing.check_file(FIGURES, "f.csv", catalog, functions),
        "targets file": lambda: editing.check_file(TARGETS, "t.csv", catalog, functions),
        "comments file": lambda: editing.check_file(COMMENTS, "c.csv", catalog, functions),
        "target form": lambda: editing.target_plan(catalog, "events_held", 2030, 60.0, functions=functions),
        "comment form": lambda: editing.comment_plan(catalog, "events_held", "2024", "Fler", "", True,
                                                     functions=functions),
    }


@pytest.mark.parametrize("action", ["figures file", "targets file", "comments file", "target form", "comment form"])
@pytest.mark.parametrize(("functions", "allowed"), [({"destination"}, True), ({"naringsliv"}, False),
                                                    (None, True)])
def test_every_action_is_checked_against_the_editors_functions(catalog, action, functions, allowed):
    plan = _actions(catalog, functions)[action]()
    assert plan.ok == allowed, [p.key for p in plan.problems]
    if not allowed:
        assert {p.key for p in plan.problems} == {"import_not_your_kpi"}


@pytest.mark.parametrize(("functions", "allowed"), [({"destination"}, True), ({"marknad"}, False), (None, True)])
def test_undo_is_checked_against_the_editors_functions(fresh_db, catalog, functions, allowed):
    applied = editing.apply(fresh_db, editing.check_file(FIGURES, "f.csv", catalog), "anna")
    if allowed:
        assert editing.undo(fresh_db, applied.import_id, "bertil", functions, catalog) == 1
    else:
        with pytest.raises(editing.ImportRefused) as err:
            editing.undo(fresh_db, applied.import_id, "bertil", functions, catalog)
        assert err.value.problems[0].key == "import_not_your_kpi"


@pytest.mark.parametrize("action", ["figures file", "targets file", "comments file", "target form", "comment form"])
@pytest.mark.parametrize(("groups", "allowed"), [(["g-destination"], True), (["g-naringsliv"], False),
                                                 (["g-admin"], True)])
def test_an_identity_providers_editor_is_checked_the_same_way(catalog, action, groups, allowed):
    """Roles from a ``groups`` claim (kpis/pipeline/oidc.py) bound every action as a password editor's functions do."""
    from datetime import UTC, datetime

    from kpis.pipeline import oidc

    roles = oidc.roles_from({"sign_in": {"functions": {"g-destination": ["destination"], "g-naringsliv": ["naringsliv"],
                                                       "g-admin": ["*"]}}})
    now = datetime.now(UTC)
    decision = oidc.decide({"sub": "s-1", "name": "Karin", "iat": now.timestamp(), "groups": groups}, roles,
                           set(catalog.functions), now)
    assert decision.editor is not None
    plan = _actions(catalog, decision.editor.functions)[action]()
    assert plan.ok == allowed, [p.key for p in plan.problems]
