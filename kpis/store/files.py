"""The store file: where it is, building a new one, changing a copy and swapping it into place.

Writers never touch the file readers have open: they build or change a copy in a private temporary folder
beside it (created exclusively, so its name cannot be guessed or pre-empted) and rename the copy into place.
A failed write leaves the old store whole. A store from an older schema is migrated in the copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from kpis.core import settings
from kpis.core.problems import Problem, ProblemError
from kpis.store import schema

T = TypeVar("T")
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_DB = PROJECT_DIR / "data" / "tillvaxt.duckdb"


def db_path(given: str | Path | None = None) -> Path:
    """The store's real path: ``given``, else ``TILLVAXT_DB``, else ``data/tillvaxt.duckdb``.

    Symbolic links are resolved once here, so that the lock, the copy and the rename all act on the real
    file and a link keeps pointing at the store it named.
    """
    raw = given or settings.db() or DEFAULT_DB
    return Path(raw).expanduser().resolve()


def now() -> datetime:
    """The current UTC time without time zone and microseconds, as the store keeps it."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class StoreError(ProblemError):
    """The store cannot be used or written as asked; nothing was changed."""


def is_store(path: Path) -> bool:
    """True when ``path`` is a DuckDB file with this project's ``meta`` table."""
    if not path.is_file():
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        return schema.version(con) is not None
    finally:
        con.close()


def read_only(path: Path) -> bool:
    """No write bit on the file or folder (root included, whom the system would let write anyway), or no
    permission to write it."""
    return path.stat().st_mode & 0o222 == 0 or not os.access(path, os.W_OK)


def clean_leftovers(path: Path, suffixes: tuple[str, ...] = (".tmp",), older_than: float = 0.0) -> int:
    """Remove the temporary folders a killed writer left beside ``path`` (``.<name>.*.tmp``), those older than
    ``older_than`` seconds; returns how many. Writers call it holding the writer lock, so none is in use."""
    removed = 0
    cutoff = time.time() - older_than
    for suffix in suffixes:
        for folder in path.parent.glob(f".{path.name}.*{suffix}"):
            if folder.is_dir() and folder.stat().st_mtime <= cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed


@contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    """A path for a new store file in an exclusively created temporary folder beside ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield folder / path.name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _commit(con: duckdb.DuckDBPyConnection, change: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    con.execute("BEGIN TRANSACTION")
    try:
        result = change(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")
    return result


def build_store(path: Path, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> Path:
    """Write a new store at ``path``: the schema, then ``fill``; atomically replacing any old file."""
    with _private_copy(path) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            _commit(con, lambda c: (schema.create(c), fill(c)))
        finally:
            con.close()
        os.replace(tmp, path)
    return path


def rewrite_store(path: Path, change: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Apply ``change`` to a copy of the store in one transaction and rename the copy into place.

    A store from an older schema is migrated in the copy first (its data kept). Readers keep the old file
    until they reconnect; if ``change`` raises, the store is untouched. Callers hold
    :func:`kpis.store.lock.writer_lock` so that writers never overwrite each other.
    """
    if not path.is_file():
        raise StoreError([Problem("store_missing", {"path": str(path)})])
    if read_only(path) or read_only(path.parent):
        # A store someone made read-only stays read-only: it is never replaced by a writable copy.
        raise StoreError([Problem("store_read_only", {"path": str(path)})])
    clean_leftovers(path)  # copies a killed writer left (hundreds of MB each)
    with _private_copy(path) as tmp:
        shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            found = schema.version(con)
            if found is None:
                raise StoreError([Problem("store_not_a_store", {"path": str(path)})])
            if found != schema.SCHEMA_VERSION:
                _commit(con, lambda c: schema.migrate(c, found))
            result = _commit(con, change)
        finally:
            con.close()
        os.replace(tmp, path)
    return result


def migrate_store(path: Path, after: Callable[[duckdb.DuckDBPyConnection], object] | None = None) -> str | None:
    """Bring an older store up to the current schema in place (copy, migrate, rename); the old version or None.
    ``after`` runs in the same transaction once the schema is current (the concepts are computed anew)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = schema.version(con)
    finally:
        con.close()
    if found is None or found == schema.SCHEMA_VERSION:
        return None
    rewrite_store(path, after or (lambda _c: None))
    return found


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


@contextmanager
def reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store for one task (a command, a report), closed afterwards."""
    con = connect_read_only(path)
    try:
        yield con
    finally:
        con.close()
