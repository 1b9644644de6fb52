"""``python -m kpis``: every command in this process (``main([...])``), and each once as a real process."""

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from kpis.pipeline.seed import SEED_DIR
from tests.conftest import PROJECT_DIR, as_version_9, cli, copy_store

# Each command once as a user starts it (a real process); what it must say. Everything else runs in this process.
PROCESSES = {
    "init": (["init", "--db", "{new}"], None, 0, "värden"),
    "migrate": (["migrate", "--db", "{db}"], None, 0, "s.duckdb"),
    "refresh": (["refresh", "--db", "{new}"], None, 2, "saknas"),  # no store: a sentence, no traceback
    "import": (["--lang", "en", "import", "{csv}", "--db", "{db}", "--who", "anna"], None, 0, "1"),
    "undo": (["undo", "999", "--db", "{db}", "--who", "anna"], None, 2, "999"),
    "template": (["template", "{folder}/mallar"], None, 0, "mallar"),
    "hash-password": (["hash-password"], "ett långt lösenord\n", 0, "$argon2"),
    "export": (["export", "{csv}", "--db", "{db}"], None, 2, "ingen mapp"),  # the whole export: in-process tests
    "model": (["model", "--db", "{db}", "--scenario", "zero"], None, 0, "inflyttade netto per år behövs"),
    "report": (["report", "--period", "2025", "--out", "{folder}/r.pdf", "--db", "{db}"], None, 0, "r.pdf"),
}


def test_every_command_has_a_process_test():
    usage = cli("--help").stdout
    listed = usage[usage.index("{init") + 1:usage.index("}", usage.index("{init"))].split(",")
    assert set(listed) == set(PROCESSES)


@pytest.mark.parametrize("command", list(PROCESSES))
def test_each_command_runs_as_a_process(command, seeded_db, tmp_path):
    args, stdin, code, words = PROCESSES[command]
    db = copy_store(seeded_db, tmp_path / "s.duckdb")
    (tmp_path / "d.csv").write_text("kpi;period;value\nevents_held;2024;41\n", encoding="utf-8")
    names = {"db": db, "new": tmp_path / "new.duckdb", "csv": tmp_path / "d.csv", "folder": tmp_path}
    done = subprocess.run([sys.executable, "-m", "kpis", *(a.format(**names) for a in args)], cwd=PROJECT_DIR,
                          capture_output=True, text=True, input=stdin, timeout=180, check=False,
                          env={**os.environ, "TILLVAXT_DB": ""})
    assert (done.returncode, "Traceback" in done.stderr) == (code, False), done.stderr
    assert words in done.stdout + done.stderr, done.stdout + done.stderr


def _count(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_init_builds_a_store(tmp_path):
    db = tmp_path / "s.duckdb"
    result = cli("init", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert db.exists() and "värden" in result.stdout


def test_init_refuses_a_bad_seed_and_leaves_the_store_byte_for_byte(tmp_path, seeded_db):
    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    before = db.read_bytes()
    bad = tmp_path / "seed"
    shutil.copytree(SEED_DIR, bad)
    text = (bad / "observations.csv").read_text(encoding="utf-8").splitlines()
    head, first = text[0], text[1].split(",")
    first[3] = "sextiofyra"  # value
    (bad / "observations.csv").write_text("\n".join([head, ",".join(first), *text[2:], text[2]]) + "\n",
                                          encoding="utf-8")
    result = cli("init", "--force", "--db", str(db), "--seed", str(bad))
    assert result.returncode == 2
    assert "rad 2, kolumn value" in result.stderr and "inte ett tal" in result.stderr
    assert "dubblett" in result.stderr  # every fault at once
    assert db.read_bytes() == before
    english = cli("--lang", "en", "init", "--force", "--db", str(db), "--seed", str(bad))
    assert "row 2, column value" in english.stderr and "not a number" in english.stderr
    assert db.read_bytes() == before


def test_init_never_wipes_a_live_store(tmp_path, seeded_db):
    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM fact")  # a change init must not undo
    con.close()
    before = db.read_bytes()
    again = cli("init", "--db", str(db))
    assert again.returncode == 2 and "finns redan" in again.stderr and "--force" in again.stderr
    assert db.read_bytes() == before
    english = cli("--lang", "en", "init", "--db", str(db))
    assert "already exists" in english.stderr


def test_init_force_keeps_a_dated_backup(tmp_path, seeded_db):
    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM fact")
    con.close()
    result = cli("init", "--force", "--db", str(db))
    assert result.returncode == 0, result.stderr
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("s.duckdb.") and p.suffix == ".bak"]
    assert len(backups) == 1
    assert _count(backups[0], "SELECT count(*) FROM fact") == 0  # the old data, kept
    assert _count(db, "SELECT count(*) FROM fact") > 0


def test_init_does_not_overwrite_a_file_that_is_not_a_store(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("important notes\n", encoding="utf-8")
    result = cli("init", "--db", str(text))
    assert result.returncode == 2
    assert text.read_text(encoding="utf-8") == "important notes\n"


def test_migrate_brings_an_older_store_up_to_date_with_its_data(tmp_path, seeded_db):
    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    con = duckdb.connect(str(db))
    as_version_9(con)
    con.execute("ALTER TABLE observation DROP COLUMN source_class")
    con.execute("DROP TABLE comment")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    rows = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    con.close()
    result = cli("migrate", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert _count(db, "SELECT count(*) FROM observation") == rows
    assert _count(db, "SELECT count(*) FROM observation WHERE source_class IS NULL") == 0


def test_a_misspelt_kolada_id_in_the_catalog_names_the_kpi(tmp_path):
    import tomllib

    from kpis.core.catalog import CatalogError, parse_catalog
    raw = tomllib.loads((PROJECT_DIR / "kpis" / "catalog.toml").read_text(encoding="utf-8"))
    entry = next(k for k in raw["kpis"] if k["source"]["kind"] == "kolada")
    entry["source"]["kpi"] = "N0999"
    try:
        parse_catalog(raw)
    except CatalogError as err:
        assert entry["id"] in str(err) and "source.kpi" in str(err)
    else:
        raise AssertionError("a misspelt Kolada id was accepted")


def test_global_options_are_taken_before_or_after_the_command(tmp_path, seeded_db):
    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    after = cli("model", "--db", str(db), "--lang", "en", "--scenario", "zero")
    before = cli("--lang", "en", "--db", str(db), "model", "--scenario", "zero")
    assert after.returncode == 0 and before.returncode == 0, after.stderr + before.stderr
    assert after.stdout == before.stdout and "net in-movers a year are needed" in after.stdout
    out = tmp_path / "r.pdf"
    report = cli("report", "--period", "2025", "--lang", "en", "--out", str(out), "--db", str(db))
    assert report.returncode == 0, report.stderr
    assert out.read_bytes().startswith(b"%PDF") and "report was written" in report.stdout
    # The value after the command wins over the one before it, as a user who corrects a line expects.
    mixed = cli("--lang", "en", "model", "--lang", "sv", "--db", str(db), "--scenario", "zero")
    assert "inflyttade netto per år behövs" in mixed.stdout


def test_migrate_refuses_a_store_too_old_in_words_and_leaves_it(tmp_path, seeded_db):
    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    before = db.read_bytes()
    result = cli("migrate", "--db", str(db))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "kunde inte uppdateras" in result.stderr and "äldsta versionen som kan uppdateras är 3" in result.stderr
    assert db.read_bytes() == before


def test_migrate_while_another_writer_holds_the_lock_says_so(tmp_path, seeded_db):
    from kpis.store.lock import writer_lock

    db = copy_store(seeded_db, tmp_path / "s.duckdb")  # as init builds it
    with writer_lock(db):
        result = cli("migrate", "--db", str(db), env={"TILLVAXT_LOCK_TIMEOUT": "0.2"})
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.strip()
