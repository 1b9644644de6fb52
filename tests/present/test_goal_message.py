"""One overview message for the app, the static site and the report."""

from __future__ import annotations

from kpis.core.goal import chart_kpis, try_model
from kpis.core.i18n import fmt_number
from kpis.present import goal_message
from kpis.store import reads
from kpis.store.files import reading


def test_the_message_says_the_figures_the_need_and_the_sum_in_both_languages(seeded_db, catalog):
    with reading(seeded_db) as con:
        obs = reads.observations(con, chart_kpis(catalog), [catalog.goal.region])
    result = try_model(obs, catalog)
    for lang in ("sv", "en"):
        message = goal_message.build(obs, catalog, result, lang)
        assert message is not None and message.status
        assert fmt_number(catalog.goal.target_value, lang) in message.figures
        assert catalog.site.place[lang] in message.figures
        assert fmt_number(result.needed_net_migration, lang) in message.text()
        assert len(message.sentences) >= 4  # change, need, the reconciling sum, the natural increase


def test_without_a_population_figure_there_is_no_message(catalog):
    import pandas as pd

    empty = pd.DataFrame(columns=["kpi_id", "region_code", "period", "value"])
    assert goal_message.build(empty, catalog, None, "sv") is None
