"""The store's tables, and the steps that bring an older store up to them with its data kept.

Bump ``SCHEMA_VERSION`` with every change and add the step from the previous version to ``MIGRATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from kpis.core import places

SCHEMA_VERSION = "10"

_GROUP_TABLE = """
CREATE TABLE municipality_group (
    group_id VARCHAR NOT NULL, title VARCHAR NOT NULL, year INTEGER, area VARCHAR NOT NULL,
    member_code VARCHAR NOT NULL, member_title VARCHAR NOT NULL, source_url VARCHAR NOT NULL,
    retrieved_at DATE NOT NULL,
    PRIMARY KEY (group_id, member_code)
);
"""

# Every stored text by language code (ISO 639): a region's name, a KPI's title, description and unit, a fact, a
# refresh run's message. ``subject`` is the table, ``id`` its row's key, ``field`` what the text is.
_WORDING_TABLE = """
CREATE TABLE wording (
    subject VARCHAR NOT NULL, id VARCHAR NOT NULL, field VARCHAR NOT NULL, lang VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (subject, id, field, lang)
);
"""

_AGE_TABLES = """
CREATE TABLE age_observation (
    series VARCHAR NOT NULL, region_code VARCHAR NOT NULL, year INTEGER NOT NULL, sex VARCHAR NOT NULL,
    age INTEGER NOT NULL, value DOUBLE NOT NULL, table_id VARCHAR NOT NULL, source_url VARCHAR NOT NULL,
    retrieved_at DATE NOT NULL, caveat VARCHAR,
    PRIMARY KEY (series, region_code, year, sex, age)
);
CREATE TABLE projection (
    region_code VARCHAR NOT NULL, year INTEGER NOT NULL, value DOUBLE NOT NULL, table_id VARCHAR NOT NULL,
    table_label VARCHAR NOT NULL, source_url VARCHAR NOT NULL, retrieved_at DATE NOT NULL, published VARCHAR,
    PRIMARY KEY (region_code, year)
);
"""

TABLES = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE region (code VARCHAR PRIMARY KEY, level VARCHAR NOT NULL, peer BOOLEAN NOT NULL);
CREATE TABLE kpi (
    id VARCHAR PRIMARY KEY, function VARCHAR NOT NULL,
    direction VARCHAR NOT NULL, periodicity VARCHAR NOT NULL, decimals INTEGER NOT NULL,
    source_kind VARCHAR NOT NULL, source_spec VARCHAR NOT NULL, compare VARCHAR
);
CREATE TABLE source (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, url VARCHAR, table_id VARCHAR,
    licence VARCHAR, published VARCHAR, next_release VARCHAR
);
CREATE TABLE observation (
    kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
    value DOUBLE, status VARCHAR, preliminary BOOLEAN NOT NULL DEFAULT false,
    source_id VARCHAR NOT NULL, source_url VARCHAR NOT NULL, source_type VARCHAR, note VARCHAR,
    retrieved_at DATE NOT NULL, source_class VARCHAR, caveat VARCHAR, provenance VARCHAR,
    PRIMARY KEY (kpi_id, region_code, period)
);
CREATE TABLE observation_revision (
    kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
    old_value DOUBLE, new_value DOUBLE, old_source_id VARCHAR, old_preliminary BOOLEAN, old_retrieved_at DATE,
    changed_at TIMESTAMP NOT NULL, source_id VARCHAR NOT NULL, change VARCHAR NOT NULL DEFAULT 'refresh'
);
CREATE TABLE target (
    kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, target_year INTEGER NOT NULL,
    target_value DOUBLE NOT NULL, baseline_year INTEGER, set_by VARCHAR, set_at TIMESTAMP,
    source_url VARCHAR, note VARCHAR,
    PRIMARY KEY (kpi_id, region_code, target_year)
);
CREATE TABLE fact (
    id INTEGER PRIMARY KEY, topic VARCHAR NOT NULL, year INTEGER,
    value DOUBLE, unit VARCHAR, source_url VARCHAR NOT NULL, source_type VARCHAR
);
CREATE TABLE code_label (
    table_id VARCHAR NOT NULL, variable VARCHAR NOT NULL, code VARCHAR NOT NULL, label VARCHAR NOT NULL,
    PRIMARY KEY (table_id, variable, code)
);
CREATE TABLE refresh_run (
    id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
    status VARCHAR NOT NULL, rows INTEGER, new_values INTEGER, revised_values INTEGER,
    calls INTEGER, message_parts VARCHAR
);
CREATE TABLE import_run (
    id INTEGER PRIMARY KEY, who VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL, file_hash VARCHAR NOT NULL, rows_new INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL, rows_unchanged INTEGER NOT NULL, status VARCHAR NOT NULL,
    undone_by VARCHAR, undone_at TIMESTAMP
);
CREATE TABLE comment (
    id INTEGER PRIMARY KEY, kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
    analysis VARCHAR, actions VARCHAR, public BOOLEAN NOT NULL DEFAULT false, who VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL, import_id INTEGER
);
CREATE TABLE import_change (
    import_id INTEGER NOT NULL, kind VARCHAR NOT NULL, kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL, old_value DOUBLE, new_value DOUBLE, old_row VARCHAR
);
""" + _AGE_TABLES + _GROUP_TABLE + _WORDING_TABLE


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the current schema in an empty database and stamp its version."""
    con.execute(TABLES)
    con.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", [SCHEMA_VERSION])


def version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The schema version a store was built with; None when it is not a store of this project."""
    cur = con.cursor()
    try:
        row = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        return None
    finally:
        cur.close()
    return row[0] if row else None


def _v3_to_v4(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4 classes every row's source: official, republished, unofficial or own."""
    con.execute("ALTER TABLE observation ADD COLUMN IF NOT EXISTS source_class VARCHAR")
    con.execute("""UPDATE observation SET source_class = CASE
        WHEN source_id IN ('scb', 'kolada', 'tillvaxtverket') OR lower(source_type) LIKE 'official%' THEN 'official'
        WHEN source_id = 'own' THEN 'own'
        WHEN regexp_matches(lower(coalesce(source_type, '')), '^(wikipedia|aggregator|blog|private_site)')
             OR lower(source_type) LIKE '%unofficial%' THEN 'unofficial'
        ELSE 'republished' END""")


def _v4_to_v5(con: duckdb.DuckDBPyConnection) -> None:
    """Version 5 keeps comments (analysis and actions) per KPI and period, every version of them."""
    con.execute("""CREATE TABLE IF NOT EXISTS comment (
        id INTEGER PRIMARY KEY, kpi_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
        analysis VARCHAR, actions VARCHAR, public BOOLEAN NOT NULL DEFAULT false, who VARCHAR NOT NULL,
        written_at TIMESTAMP NOT NULL, import_id INTEGER)""")


def _v5_to_v6(con: duckdb.DuckDBPyConnection) -> None:
    """Version 6 keeps SCB's series by age and sex (the cohort model) and SCB's own projection."""
    for statement in _AGE_TABLES.strip().split(";"):
        if statement.strip():
            con.execute(statement.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))


def _v6_to_v7(con: duckdb.DuckDBPyConnection) -> None:
    """Version 7 splits a row's note: a caveat for readers (a code of a small vocabulary) and the assembler's
    provenance (downloads only); the series by age keep their caveat and the projection its publication date."""
    con.execute("ALTER TABLE observation ADD COLUMN IF NOT EXISTS caveat VARCHAR")
    con.execute("ALTER TABLE observation ADD COLUMN IF NOT EXISTS provenance VARCHAR")
    con.execute("UPDATE observation SET provenance = note, note = NULL WHERE source_id = 'seed' AND note IS NOT NULL")
    con.execute("ALTER TABLE age_observation ADD COLUMN IF NOT EXISTS caveat VARCHAR")
    con.execute("ALTER TABLE projection ADD COLUMN IF NOT EXISTS published VARCHAR")


def _v7_to_v8(con: duckdb.DuckDBPyConnection) -> None:
    """Version 8 keeps a refresh run's message as text keys and values (``message_parts``, JSON), worded in the
    reader's language when shown; the Swedish and English words stay for readers of the file itself."""
    con.execute("ALTER TABLE refresh_run ADD COLUMN IF NOT EXISTS message_parts VARCHAR")


def _sweden_places() -> pd.DataFrame:
    return pd.DataFrame([{"code": code, "name": name, "name_en": places.name(code, "en"), "level": level}
                         for code, (name, level) in places.sweden().items()])


def add_places(con: duckdb.DuckDBPyConnection) -> None:
    """Every county and municipality of Sweden in ``region`` with its names in ``wording`` (the rank and the map
    need them); a region already there keeps its row and its names."""
    con.register("sweden_places", _sweden_places())
    try:
        con.execute("""INSERT INTO wording (subject, id, field, lang, text)
                       SELECT 'region', code, 'name', lang, text FROM (
                           SELECT code, 'sv' AS lang, name AS text FROM sweden_places
                           UNION ALL SELECT code, 'en', name_en FROM sweden_places)
                       WHERE code NOT IN (SELECT code FROM region)""")
        con.execute("""INSERT INTO region (code, level, peer) SELECT code, level, false FROM sweden_places
                       WHERE code NOT IN (SELECT code FROM region)""")
    finally:
        con.unregister("sweden_places")


def _v8_to_v9(con: duckdb.DuckDBPyConnection) -> None:
    """Version 9 knows every municipality and county (the rank and the map) and keeps Kolada's groups of
    similar municipalities (the regions' names as version 9 kept them, in ``name_sv`` and ``name_en``)."""
    con.execute(_GROUP_TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
    con.register("sweden_places", _sweden_places())
    try:
        con.execute("""INSERT INTO region (code, name_sv, name_en, level, peer)
                       SELECT code, name, name_en, level, false FROM sweden_places
                       WHERE code NOT IN (SELECT code FROM region)""")
    finally:
        con.unregister("sweden_places")


# Version 9's texts by language in columns: (table, key column, field, {language: column}).
V9_TEXTS = (("region", "code", "name", {"sv": "name_sv", "en": "name_en"}),
             ("kpi", "id", "title", {"sv": "title_sv", "en": "title_en"}),
             ("kpi", "id", "description", {"sv": "description_sv", "en": "description_en"}),
             ("kpi", "id", "unit", {"sv": "unit_sv", "en": "unit_en"}),
             ("fact", "id", "text", {"sv": "fact_sv", "en": "fact_en"}),
             ("refresh_run", "id", "message", {"sv": "message", "en": "message_en"}))


def _v9_to_v10(con: duckdb.DuckDBPyConnection) -> None:
    """Version 10 keeps every stored text by language code in ``wording`` (no ``_sv``/``_en`` columns): every
    name, title, description, unit, fact and run message moves there, none lost. Facts and refresh runs get a
    key for their texts."""
    con.execute(_WORDING_TABLE)
    con.execute("""CREATE TABLE fact_v10 (
        id INTEGER PRIMARY KEY, topic VARCHAR NOT NULL, fact_sv VARCHAR, fact_en VARCHAR, year INTEGER,
        value DOUBLE, unit VARCHAR, source_url VARCHAR NOT NULL, source_type VARCHAR)""")
    con.execute("""INSERT INTO fact_v10 SELECT row_number() OVER (ORDER BY year, topic, fact_sv), topic, fact_sv,
                   fact_en, year, value, unit, source_url, source_type FROM fact""")
    con.execute("DROP TABLE fact")
    con.execute("ALTER TABLE fact_v10 RENAME TO fact")
    con.execute("ALTER TABLE refresh_run ADD COLUMN id VARCHAR")
    con.execute("UPDATE refresh_run SET id = source_id || '@' || strftime(started_at, '%Y-%m-%dT%H:%M:%S.%f')")
    for table, key, field, columns in V9_TEXTS:
        for lang, column in columns.items():
            con.execute(  # fixed names from V9_TEXTS, no input
                f"""INSERT OR IGNORE INTO wording (subject, id, field, lang, text)
                    SELECT ?, CAST({key} AS VARCHAR), ?, ?, {column} FROM {table}
                    WHERE {column} IS NOT NULL""", [table, field, lang])  # noqa: S608
    for table, _key, _field, columns in V9_TEXTS:
        for column in columns.values():
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


MIGRATIONS: dict[str, tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = {
    "3": ("4", _v3_to_v4),
    "4": ("5", _v4_to_v5),
    "5": ("6", _v5_to_v6),
    "6": ("7", _v6_to_v7),
    "7": ("8", _v7_to_v8),
    "8": ("9", _v8_to_v9),
    "9": ("10", _v9_to_v10),
}


def migrate(con: duckdb.DuckDBPyConnection, found: str) -> None:
    """Run every step from ``found`` to the current version, inside the caller's transaction."""
    current = found
    while current != SCHEMA_VERSION:
        if current not in MIGRATIONS:
            raise duckdb.Error(f"no migration from schema version {current}")
        current, step = MIGRATIONS[current]
        step(con)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])
