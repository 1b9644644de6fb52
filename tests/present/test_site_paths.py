from kpis.present import site_paths


def test_the_first_language_is_at_the_root_and_every_other_in_its_folder():
    assert site_paths.folder("sv") == "" and site_paths.folder("en") == "en/" and site_paths.folder("fr") == "fr/"
    assert site_paths.in_language("sv", "en", "population.html") == "en/population.html"
    assert site_paths.in_language("en", "sv", "population.html") == "../population.html"
    assert site_paths.in_language("en", "fr", "embed/population-goal.html") == "../../fr/embed/population-goal.html"
    assert site_paths.to_root("sv", "embed/x.html") == "../"


def test_public_addresses_follow_the_same_scheme_as_the_files():
    assert site_paths.absolute("https://example.org/site/", "en", site_paths.embed("population", "goal")) == \
        "https://example.org/site/en/embed/population-goal.html"
    assert site_paths.data("population", "csv") == "data/population.csv"


def test_a_link_between_two_pages_of_one_language_climbs_out_of_subfolders():
    assert site_paths.from_page("embed/population-goal.html", "population.html") == "../population.html"
    assert site_paths.from_page("population.html", site_paths.index()) == "index.html"
