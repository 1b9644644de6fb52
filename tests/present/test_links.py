from kpis.present.links import choice, iframe_snippet, regions, url, year_range


def test_year_range_reads_clamps_and_falls_back_with_a_notice():
    missing = year_range(None, None, 2000, 2025)
    assert missing.value == (2000, 2025) and not missing.notice  # no years asked: all of them, no notice
    assert year_range("2010", "2020", 2000, 2025).value == (2010, 2020)
    assert not year_range("2010", "2020", 2000, 2025).notice
    assert year_range("1990", "2020", 2000, 2025).value == (2000, 2020)
    assert year_range("1990", "2020", 2000, 2025).notice
    for bad in [("abc", "2020"), ("2020", "2010"), ("2030", "2040"), ("20100", None)]:
        parsed = year_range(*bad, 2000, 2025)
        assert parsed.value == (2000, 2025) and parsed.notice, bad


def test_regions_by_code_or_name_and_unknown_ones_dropped(catalog):
    assert regions("2380,Umeå,Jämtland County", catalog, ["2380"]).value == ["2380", "2480", "23"]
    parsed = regions("2380,Atlantis", catalog, ["2380", "00"])
    assert parsed.value == ["2380"] and parsed.notice
    assert regions("Atlantis", catalog, ["2380", "00"]).value == ["2380", "00"]


def test_choice_and_urls():
    assert choice("trend", ["trend", "compare"], "trend").value == "trend"
    assert choice("<script>", ["trend"], "trend").notice
    assert url("https://x.se", "embed", {"kpi": "population", "lang": None, "regions": "2380,23"}) == \
        "https://x.se/embed?kpi=population&regions=2380%2C23"
    snippet = iframe_snippet('https://x.se/embed?a=1&b="2"', 'Folkmängd <"test">')
    assert 'title="Folkmängd &lt;&quot;test&quot;&gt;"' in snippet and "&amp;b=&quot;2&quot;" in snippet
