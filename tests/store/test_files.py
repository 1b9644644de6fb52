import os

import duckdb
import pytest

from kpis.pipeline.seed import build
from kpis.store import files, schema
from kpis.store.schema import V9_TEXTS
from tests.conftest import as_version_9


def test_build_replaces_atomically_and_leaves_no_temp_files(tmp_path, catalog, seed):
    path = tmp_path / "t.duckdb"
    build(path, catalog, seed)
    first = path.stat().st_ino
    build(path, catalog, seed)
    assert path.stat().st_ino != first  # a new file was renamed into place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.duckdb"]


def test_failed_build_keeps_the_old_store(tmp_path, catalog, seed):
    path = tmp_path / "t.duckdb"
    build(path, catalog, seed)
    before = path.read_bytes()

    def broken(con):
        raise RuntimeError("disk full halfway")

    with pytest.raises(RuntimeError):
        files.build_store(path, broken)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.duckdb"]


def test_failed_change_keeps_the_store_and_no_temp_files(fresh_db):
    before = fresh_db.read_bytes()

    def change(con):
        con.execute("DELETE FROM observation")
        raise RuntimeError("halfway")

    with pytest.raises(RuntimeError):
        files.rewrite_store(fresh_db, change)
    assert fresh_db.read_bytes() == before
    assert [p.name for p in fresh_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_db_path_follows_env_and_resolves_links(monkeypatch, tmp_path):
    monkeypatch.setenv("TILLVAXT_DB", str(tmp_path / "x.duckdb"))
    assert files.db_path() == tmp_path / "x.duckdb"
    real = tmp_path / "real.duckdb"
    real.write_bytes(b"")
    (tmp_path / "link.duckdb").symlink_to(real)
    monkeypatch.setenv("TILLVAXT_DB", str(tmp_path / "link.duckdb"))
    assert files.db_path() == real
    monkeypatch.delenv("TILLVAXT_DB")
    assert files.db_path() == files.DEFAULT_DB


def test_a_change_through_a_symlink_reaches_the_real_store_and_keeps_the_link(tmp_path, catalog, seed):
    real = build(tmp_path / "real.duckdb", catalog, seed)
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    files.rewrite_store(files.db_path(link), lambda con: con.execute("DELETE FROM fact"))
    assert link.is_symlink() and os.readlink(link) == str(real)
    con = duckdb.connect(str(real), read_only=True)
    assert con.execute("SELECT count(*) FROM fact").fetchone()[0] == 0
    con.close()


def _make_v3(path):
    """A store as version 3 left it: no source_class column."""
    con = duckdb.connect(str(path))
    as_version_9(con)
    con.execute("ALTER TABLE observation DROP COLUMN source_class")
    con.execute("DROP TABLE comment")
    con.execute("DROP TABLE age_observation")
    con.execute("DROP TABLE projection")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()


def test_an_older_store_is_migrated_with_its_data_kept(fresh_db):
    _make_v3(fresh_db)
    con = duckdb.connect(str(fresh_db), read_only=True)
    before = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    con.close()
    assert files.migrate_store(fresh_db) == "3"
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert schema.version(con) == schema.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == before
    classes = dict(con.execute("SELECT source_class, count(*) FROM observation GROUP BY 1").fetchall())
    assert set(classes) <= {"official", "republished", "unofficial", "own"} and None not in classes
    assert con.execute("SELECT count(*) FROM age_observation").fetchone()[0] == 0  # version 6's tables are there
    assert con.execute("SELECT count(*) FROM projection").fetchone()[0] == 0
    con.close()
    assert files.migrate_store(fresh_db) is None  # already current


def test_a_write_to_an_older_store_migrates_it_first(fresh_db):
    _make_v3(fresh_db)
    files.rewrite_store(fresh_db, lambda con: con.execute("DELETE FROM fact WHERE year = 2010"))
    assert files.is_store(fresh_db)
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert schema.version(con) == schema.SCHEMA_VERSION
    con.close()


def test_new_ages_replace_a_year_and_keep_the_others(fresh_db):
    import datetime as dt

    import pandas as pd

    from kpis.store import reads, writes

    def ages(year, value):
        return pd.DataFrame({"series": "population", "region_code": "2380", "year": year, "sex": ["1", "2"],
                             "age": [30, 30], "value": value, "table_id": "TAB638", "source_url": "u"})

    empty = pd.DataFrame()
    day = dt.date(2026, 11, 28)
    files.rewrite_store(fresh_db, lambda con: writes.replace_ages(con, pd.concat([ages(2024, 5.0), ages(2025, 6.0)]),
                                                                  empty, day))
    written = files.rewrite_store(fresh_db, lambda con: writes.replace_ages(con, ages(2025, 7.0), empty, day))
    assert written == (2, 0)
    with files.reading(fresh_db) as con:
        found = reads.age_observations(con, "2380")
    assert found.groupby("year")["value"].sum().to_dict() == {2024: 10.0, 2025: 14.0}


def test_the_next_write_cleans_the_copies_a_killed_writer_left(fresh_db):
    from kpis.store.files import rewrite_store
    from kpis.store.lock import writer_lock

    left = fresh_db.parent / f".{fresh_db.name}.k1ll3d.tmp"
    left.mkdir()
    (left / fresh_db.name).write_bytes(b"\0" * 1024)
    with writer_lock(fresh_db):
        rewrite_store(fresh_db, lambda con: None)
    assert not left.exists() and not list(fresh_db.parent.glob(f".{fresh_db.name}.*.tmp"))


def test_a_read_only_store_stays_read_only_and_the_command_says_so(fresh_db):
    import os

    from tests.conftest import cli

    before = fresh_db.read_bytes()
    os.chmod(fresh_db, 0o444)
    try:
        (fresh_db.parent / "k.csv").write_bytes(b"kpi;period;value\nevents_held;2024;41\n")
        done = cli("import", fresh_db.parent / "k.csv", "--db", fresh_db)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert "skrivskyddad" in done.stderr
        assert fresh_db.stat().st_mode & 0o222 == 0 and fresh_db.read_bytes() == before
    finally:
        os.chmod(fresh_db, 0o644)


def test_a_version_8_store_learns_every_municipality_and_kolada_groups(fresh_db, catalog):
    con = duckdb.connect(str(fresh_db))
    as_version_9(con)
    con.execute("DROP TABLE municipality_group")
    con.execute("DELETE FROM region WHERE NOT list_contains(?, code)", [list(catalog.regions)])
    con.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    before = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    con.close()
    assert files.migrate_store(fresh_db) == "8"
    con = duckdb.connect(str(fresh_db), read_only=True)
    levels = dict(con.execute("SELECT level, count(*) FROM region GROUP BY 1").fetchall())
    assert levels["kommun"] == 290 and levels["lan"] == 21
    assert con.execute("""SELECT text FROM wording WHERE subject = 'region' AND id = '2380' AND field = 'name'
                          AND lang = 'sv'""").fetchone()[0] == "Östersund"
    assert con.execute("SELECT peer FROM region WHERE code = '2281'").fetchone()[0]  # the catalog's row kept
    assert con.execute("SELECT count(*) FROM municipality_group").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == before
    con.close()


def test_a_version_9_store_keeps_every_text_by_language_code(refreshed_db, tmp_path):
    """Version 10 moves every ``_sv``/``_en`` column's text to ``wording`` (by language code): none lost, no such
    column left, and the refresh runs' messages still read in both languages."""
    from tests.conftest import copy_store

    db = copy_store(refreshed_db, tmp_path / "v9.duckdb")
    con = duckdb.connect(str(db))
    as_version_9(con)
    before = {}
    for table, _key, field, columns in V9_TEXTS:
        for lang, column in columns.items():
            rows = con.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()  # noqa: S608
            before[(table, field, lang)] = sorted(text for (text,) in rows)
    con.close()
    assert files.migrate_store(db) == "9"
    con = duckdb.connect(str(db), read_only=True)
    assert schema.version(con) == schema.SCHEMA_VERSION
    for (table, field, lang), texts in before.items():
        kept = con.execute("SELECT text FROM wording WHERE subject = ? AND field = ? AND lang = ? ORDER BY text",
                           [table, field, lang]).fetchall()
        assert sorted(text for (text,) in kept) == texts, (table, field, lang)
    assert len(before[("refresh_run", "message", "en")]) > 0 and len(before[("fact", "text", "sv")]) > 0
    columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'v9' AND ("
                          "column_name LIKE '%\\_sv' ESCAPE '\\' OR column_name LIKE '%\\_en' ESCAPE '\\' "
                          "OR column_name = 'message')").fetchall()
    assert columns == []
    from kpis.store import reads

    runs = reads.refresh_runs(con)
    assert runs["message_sv"].notna().all() and runs["message_en"].notna().all()
    con.close()
