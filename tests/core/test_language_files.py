"""Hostile language files (issue 35): each is refused in words and never offered; the bundled languages stay;
the commands and the export keep working beside them."""

import os
import subprocess
import sys

from kpis.core import i18n
from kpis.core.language_files import scan
from tests.conftest import PROJECT_DIR

ENGLISH = (i18n.TEXTS_DIR / "en.toml").read_text(encoding="utf-8")
BUNDLED = {"sv": i18n.texts("sv"), "en": i18n.texts("en")}


def _hostile(folder):
    (folder / "da.toml").write_text(ENGLISH.replace('language_name = "English"', 'language_name = "Dansk"'),
                                    encoding="utf-8")  # a good file
    (folder / "sma.toml").write_text(ENGLISH.replace('language_name = "English"', 'language_name = "Åarjelsaemien"'),
                                     encoding="utf-8")  # South Sami: a three-letter code
    (folder / "abc.toml").write_text(ENGLISH, encoding="utf-8")  # three letters, but no language
    (folder / "de.toml").write_text("x = [", encoding="utf-8")  # broken TOML
    (folder / "sv.toml").write_text(ENGLISH, encoding="utf-8")  # would replace Swedish
    (folder / "fi.toml").mkdir()  # a folder
    (folder / "fr.toml").symlink_to("/etc/passwd")  # a link out of the folder
    (folder / "éé.toml").write_text(ENGLISH, encoding="utf-8")  # no ISO 639-1 code
    (folder / "...toml").write_text(ENGLISH, encoding="utf-8")  # ".." as a code
    (folder / 'x"y.toml').write_text(ENGLISH, encoding="utf-8")
    (folder / "it.toml").write_text(_replace_line(ENGLISH, "months", "months = []"), encoding="utf-8")
    (folder / "nl.toml").write_text(ENGLISH.replace('language_name = "English"', 'language_name = "{nosuch}"'),
                                    encoding="utf-8")  # a placeholder the code does not give
    (folder / "es.toml").write_text(_replace_line(ENGLISH, "import_yes", 'import_yes = ["nej"]'), encoding="utf-8")
    (folder / "pt.toml").write_text(ENGLISH.replace("[import_columns]\n", '[import_columns]\n"värde" = "kpi"\n', 1),
                                    encoding="utf-8")  # a Swedish column name made to mean another column
    (folder / "pl.toml").write_text("\n".join(line for line in ENGLISH.splitlines()
                                              if not line.startswith("overview_title")), encoding="utf-8")
    return folder


def _replace_line(text, key, line):
    return "\n".join(line if row.startswith(f"{key} = ") else row for row in text.splitlines()) + "\n"


def test_every_hostile_file_is_refused_in_words_and_the_good_one_offered(tmp_path):
    accepted, refused = scan(_hostile(tmp_path), BUNDLED)
    assert set(accepted) == {"da", "sma"}
    why = {r.file: r.reason for r in refused}
    assert why == {"de.toml": "language_not_toml", "sv.toml": "language_bundled", "fi.toml": "language_not_a_file",
                   "fr.toml": "language_not_a_file", "éé.toml": "language_bad_code", "...toml": "language_bad_code",
                   'x"y.toml': "language_bad_code", "it.toml": "language_key", "nl.toml": "language_key",
                   "es.toml": "language_clash", "pt.toml": "language_clash", "pl.toml": "language_key",
                   "abc.toml": "language_bad_code"}
    for r in refused:  # every reason worded in both languages, without a path outside the folder
        text = i18n.t("language_refused", "sv", file=r.file, reason=i18n.t(r.reason, "sv", **dict(r.values)))
        assert r.file in text and "/etc" not in text
        assert i18n.t(r.reason, "en", **dict(r.values))


def test_no_folder_no_extra_language():
    assert scan(None, BUNDLED) == ({}, [])


# The export beside hostile files, in a process of its own (the languages are read when it starts), on the goal's
# KPIs only: the languages' folders are what is checked, not every page.
EXPORT = """
import dataclasses, sys
from pathlib import Path
from kpis.core.catalog import load_catalog
from kpis.core.goal import chart_kpis
from tests.conftest import export_site
catalog = load_catalog()
catalog = dataclasses.replace(catalog, kpis={k: v for k, v in catalog.kpis.items() if k in chart_kpis(catalog)},
                              everyone=False)
export_site(Path(sys.argv[1]), catalog, Path(sys.argv[2]))
"""


def test_the_commands_and_the_export_work_beside_hostile_files(tmp_path, seeded_db):
    (tmp_path / "languages").mkdir()
    folder = _hostile(tmp_path / "languages")
    env = {**os.environ, "TILLVAXT_LANGUAGES": str(folder)}
    ran = subprocess.run([sys.executable, "-m", "kpis", "model", "--scenario", "goal", "--db", str(seeded_db)],
                         cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert "Språkfilen sv.toml används inte" in ran.stderr and "Traceback" not in ran.stderr
    assert ran.stderr.count("Språkfilen de.toml") == 1  # said once
    out = tmp_path / "out" / "site"
    ran = subprocess.run([sys.executable, "-c", EXPORT, str(seeded_db), str(out)], cwd=PROJECT_DIR, env=env,
                         capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert not (tmp_path / "out" / "index.html").exists()  # nothing written outside the site
    assert sorted(p.name for p in out.iterdir() if p.is_dir() and len(p.name) in (2, 3)) == ["da", "en", "sma"]
