"""One answer everywhere: when 75 000 is reached at today's pace, what the goal needs, and sums that add up.

The overview, *Vägen till 75 000*, the static site's front page, the board report and ``python -m kpis model
--json`` must give the same year for today's pace (the model's scenario, not the population growth extended)
and the same net migration needed; every printed "A = B + C" adds up as printed.
"""

import html
import json
import re

import pytest

from tests.conftest import cli, pdf_text
from tests.test_one_number_per_concept import _app

NUMBER = r"[+−-]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})*(?:,\d+)?"
PACE = re.compile(rf"I nuvarande takt, med flyttnetto som snittet (\d{{4}})–(\d{{4}}) \(({NUMBER}) per år\) "
                  rf"och födelse- och dödstal som snittet \d{{4}}–\d{{4}}, nås 75[\s\u00a0]000 "
                  rf"(år \d{{4}}|inte före \d{{4}})")
NEEDED = re.compile(rf"({NUMBER}) inflyttade netto per år behövs")


def number(text: str) -> float:
    return float(re.sub(r"[\s\u00a0\u202f]", "", text).replace("−", "-").replace(",", "."))


def _pages_text(db, monkeypatch) -> dict[str, str]:
    overview = _app(db, monkeypatch)
    overview.session_state["overview_charts"] = "Befolkningsförändringens delar"  # the components tab, opened
    overview.run()
    vagen = _app(db, monkeypatch, "views/vagen.py")

    def words(at) -> str:
        return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])

    return {"overview": words(overview), "vagen": words(vagen)}


@pytest.fixture(scope="module")
def surfaces(seeded_db, seed_site, seed_report):
    """What each surface says, read once for the module: the overview (its components tab opened), Vägen, the
    static site's front page and the report."""
    front = (seed_site / "index.html").read_text(encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        pages = _pages_text(seeded_db, monkeypatch)
    return {**pages, "site": html.unescape(re.sub(r"<[^>]+>", " ", front)),
            "report": re.sub(r"\s+", " ", pdf_text(seed_report))}


def test_every_surface_gives_the_models_year_for_todays_pace(seeded_db, surfaces):
    ran = cli("model", "--json", "--db", str(seeded_db))
    assert ran.returncode == 0, ran.stderr
    model = json.loads(ran.stdout)
    pace = model["today_pace"]
    assert pace["scenario"] == "avg5" and model["scenarios"]["avg5"]["reached_year"] == pace["reached_year"]
    # The bundled figures: +186 a year (2021–2025) reaches 75 000 in 2080, found by following the road to 2100.
    assert (pace["net_migration_first"], pace["net_migration_last"], pace["reached_year"]) == (2021, 2025, 2080)
    assert pace["reached_searched_until"] == 2100
    expected = f"år {pace['reached_year']}"
    needed = round(model["needed_net_migration_per_year"])
    for surface, text in surfaces.items():
        found = PACE.findall(text)
        assert len(found) == 1, (surface, found)  # said once, in the same words
        first, last, net, reached = found[0]
        assert (int(first), int(last), reached) == (2021, 2025, expected), surface
        assert number(net) == round(pace["net_migration_per_year"]), surface
        assert {number(n) for n in NEEDED.findall(text)} == {needed}, surface
        assert "2073" not in text, surface  # the population growth extended is not a second answer


def test_a_scenario_that_does_not_reach_the_goal_says_not_before_the_horizon(seeded_db):
    ran = cli("model", "--scenario", "zero", "--db", str(seeded_db))
    assert ran.returncode == 0, ran.stderr
    assert "målet nås inte före 2100" in ran.stdout and "aldrig" not in ran.stdout


RECONCILE = re.compile(rf"kräver ({NUMBER}) fler invånare per år \d{{4}}–\d{{4}}, alltså ({NUMBER}) inflyttade netto "
                       rf"och ett födelseöverskott på ({NUMBER}) per år")
COMPONENTS = re.compile(rf"födelseöverskott ({NUMBER}) och flyttnetto ({NUMBER})(?:; med SCB:s justering ({NUMBER}) "
                        rf"blir det folkmängdens förändring ({NUMBER}))?")


def test_every_printed_sum_adds_up_as_printed(surfaces):
    texts = surfaces
    sums = 0
    for surface, text in texts.items():
        for total, net, natural in RECONCILE.findall(text):
            assert number(total) == pytest.approx(number(net) + number(natural)), (surface, total, net, natural)
            sums += 1
        for natural, net, adjustment, change in COMPONENTS.findall(text):
            if change:
                assert number(change) == number(natural) + number(net) + number(adjustment), surface
                sums += 1
    assert sums >= 4  # the overview, its components tab, the site and the report each print one
    # The bundled 2025: −48 + 29 + 3 (SCB's adjustment, named) = −16, the population's change.
    assert "födelseöverskott −48 och flyttnetto +29; med SCB:s justering +3 blir det folkmängdens förändring −16" \
        in texts["overview"]
