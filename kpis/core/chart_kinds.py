"""Every chart kind the panel draws, declared once: its name, its family (which part of the catalog may name it)
and what it is drawn from. The catalog is checked against it (``kpis.core.catalog``); each kind's builder is
registered beside it in ``kpis.present.chart_list`` (which fails at import when a kind has no builder or a builder
no kind); its words are the text keys ``chart_<name>`` (a title where the builder asks for one) and ``tab_<name>``.

Adding a chart about the goal: one :class:`ChartKind` here, one builder in ``chart_list``, its ``tab_`` key in
each text file, and its name in ``catalog.toml`` (``[goal] charts`` or a function's ``charts``).
"""

from __future__ import annotations

from dataclasses import dataclass

GOAL = "goal"  # the goal KPI's charts: ``[goal] charts`` (the overview's tabs, Vägen, the embed, the static site)
FUNCTION = "function"  # charts about the goal under a function page's KPIs: a function's ``charts``
KPI = "kpi"  # any KPI's own figures (built together)
PLACE = "place"  # a KPI among all of Sweden's municipalities (``[home] everyone``)
FAMILIES = (GOAL, FUNCTION, KPI, PLACE)


@dataclass(frozen=True)
class ChartKind:
    name: str
    family: str
    needs_model: bool = False  # drawn from the population model's run
    needs_facts: bool = False  # drawn from the facts (the big events)


KINDS: dict[str, ChartKind] = {k.name: k for k in (
    ChartKind("goal", GOAL, needs_model=True),
    ChartKind("model", GOAL, needs_model=True),
    ChartKind("components", GOAL),
    ChartKind("age_groups", GOAL, needs_model=True),
    ChartKind("pyramid", GOAL),
    ChartKind("age_change", GOAL),
    ChartKind("months", GOAL),
    ChartKind("required_net", FUNCTION, needs_model=True),
    ChartKind("plan", FUNCTION),
    ChartKind("timeline", FUNCTION, needs_facts=True),
    ChartKind("trend", KPI),
    ChartKind("compare", KPI),
    ChartKind("season", KPI),
    ChartKind("map", PLACE),
    ChartKind("distribution", PLACE),
    ChartKind("rank", PLACE),
)}


def of_family(family: str) -> tuple[str, ...]:
    """The kinds of one family, in the order declared (the goal's: the default order of ``[goal] charts``)."""
    return tuple(name for name, kind in KINDS.items() if kind.family == family)


def about_the_goal(name: str) -> bool:
    """Drawn from the goal's series (goal and function charts), not from one KPI's own figures."""
    found = KINDS.get(name)
    return found is not None and found.family in (GOAL, FUNCTION)
