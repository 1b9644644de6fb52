"""The command line: ``python -m kpis init | migrate | refresh | import | undo | template | hash-password | export``.

Every message goes through the text files, in the language of ``--lang``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb

from kpis.core.catalog import CatalogError, load_catalog
from kpis.core.i18n import LANGS, refused_languages, t
from kpis.core.periods import has_ended
from kpis.core.problems import ProblemError
from kpis.core.registry import FETCHED
from kpis.pipeline.computed import recompute
from kpis.pipeline.import_cli import add_commands
from kpis.pipeline.model_cli import add_model_command
from kpis.pipeline.seed import SEED_DIR, SeedError, build, read_seed
from kpis.pipeline.terminal import ProgressBar, existing_store
from kpis.store import reads, writes
from kpis.store.files import db_path, is_store, migrate_store, reading, rewrite_store
from kpis.store.lock import writer_lock
from kpis.store.schema import MIGRATIONS


def _say(args: argparse.Namespace, key: str, error: bool = False, **params: object) -> None:
    print(t(key, args.lang, **params), file=sys.stderr if error else sys.stdout)


def _init(args: argparse.Namespace) -> int:
    """Build the store where there is none; with ``--force`` replace it, keeping a dated backup."""
    target = db_path(args.db)
    if target.exists() and not target.is_file():
        _say(args, "cli_not_a_file", error=True, path=target)
        return 2
    if target.exists() and not args.force:
        key = "cli_store_exists" if is_store(target) else "cli_not_a_store_file"
        _say(args, key, error=True, path=target)
        return 2
    catalog = load_catalog()
    try:
        seed = read_seed(Path(args.seed), catalog)
    except SeedError as err:
        print(err.text(args.lang), file=sys.stderr)
        return 2
    try:
        with writer_lock(target):
            if target.exists():
                backup = target.with_name(f"{target.name}.{datetime.now():%Y%m%d-%H%M%S}.bak")
                shutil.copy2(target, backup)
                _say(args, "cli_backup", path=backup)
            build(target, catalog, seed)
    except ProblemError as err:
        print(err.text(args.lang), file=sys.stderr)
        return 2
    _say(args, "cli_built", path=target, rows=len(seed.observations), targets=len(seed.targets))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    target = existing_store(args.db, args.lang)
    if target is None:
        return 2
    catalog = load_catalog()
    removed: list[str] = []

    def clean(con: duckdb.DuckDBPyConnection) -> None:  # figures a source once gave for a period still under way
        removed.extend(writes.remove_unended(con, list(FETCHED), date.today()))
        if removed:
            recompute(con, catalog)

    try:
        with writer_lock(target):
            old = migrate_store(target, lambda con: recompute(con, catalog))
            with reading(target) as con:
                unended = [p for p in reads.fetched_periods(con, FETCHED) if not has_ended(p)]
            if unended:
                rewrite_store(target, clean)
    except ProblemError as err:  # another writer held the store past the time-out
        print(err.text(args.lang), file=sys.stderr)
        return 2
    except duckdb.Error as err:  # a store too old to migrate, or one that is not readable
        _say(args, "cli_migrate_failed", error=True, path=target, error_text=str(err).splitlines()[0],
             oldest=min(MIGRATIONS))
        return 2
    if removed:
        _say(args, "cli_unended_removed", path=target, periods=", ".join(removed))
    _say(args, "cli_migrated" if old else "cli_current", path=target, old=old)
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from kpis.pipeline.refresh import refresh

    target = existing_store(args.db, args.lang)
    if target is None:
        return 2
    bars: dict[str, ProgressBar] = {}

    def progress(source: str, total: int) -> Callable[[str], None]:
        bars[source] = ProgressBar(source, total)
        return bars[source].step

    try:
        results = refresh(target, load_catalog(), [args.source] if args.source else list(FETCHED), progress)
    except ProblemError as err:
        print(err.text(args.lang), file=sys.stderr)
        return 2
    for result in results:
        bar = bars.get(result.source_id) or ProgressBar(result.source_id, 1)
        if result.ok:
            line = t("cli_refresh_ok", args.lang, rows=result.rows, new=result.new_values,
                     revised=result.revised_values, calls=result.calls, seconds=f"{result.seconds:.1f}")
        else:
            line = t("cli_refresh_failed", args.lang, message=result.message(args.lang))
        bar.finish(line)
    failed = [r.source_id for r in results if not r.ok]
    if failed:
        _say(args, "cli_refresh_failed_sources", error=True, sources=", ".join(failed))
        return 1
    return 0


def _export(args: argparse.Namespace) -> int:
    from kpis.pipeline.export import export

    source = existing_store(args.db, args.lang)
    if source is None:
        return 2
    out = Path(args.dir)
    if out.exists() and not out.is_dir():
        _say(args, "cli_not_a_folder", error=True, path=out)
        return 2
    try:
        with reading(source) as con:
            files = export(out, con, load_catalog())
    except ProblemError as err:
        print(err.text(args.lang), file=sys.stderr)
        return 2
    pages = sum(1 for f in files if f.suffix == ".html")
    _say(args, "cli_exported", pages=pages, files=len(files), dir=args.dir)
    return 0


def global_options(commands: argparse._SubParsersAction) -> None:
    """``--lang`` and ``--db`` where users type them: before the command or after it. A command's own copy
    defaults to "not given", so the value given before the command stands unless one is given after it."""
    for command in commands.choices.values():
        options = {option for action in command._actions for option in action.option_strings}
        if "--lang" not in options:
            command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="language of messages")
        if "--db" in options:
            for action in command._actions:
                if "--db" in action.option_strings:
                    action.default = argparse.SUPPRESS
        else:
            command.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpis", description="Tillväxtpanelen's data commands.")
    parser.add_argument("--lang", choices=LANGS, default="sv", help="language of messages")
    parser.add_argument("--db", default=None, help="the store (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True)
    store_help = "the store (default: TILLVAXT_DB or data/tillvaxt.duckdb)"
    init = commands.add_parser("init", help="build the store from the catalog and the bundled snapshot, where none is")
    init.add_argument("--db", help=store_help)
    init.add_argument("--seed", default=str(SEED_DIR), help="the snapshot folder (default: data/seed)")
    init.add_argument("--force", action="store_true",
                      help="replace an existing store (a dated backup is kept beside it)")
    init.set_defaults(run=_init)
    migrate = commands.add_parser("migrate", help="bring a store from an older version up to date, data kept")
    migrate.add_argument("--db", help=store_help)
    migrate.set_defaults(run=_migrate)
    refresh = commands.add_parser("refresh", help="fetch the public sources and publish a new store")
    refresh.add_argument("--source", choices=FETCHED, help="refresh only this source")
    refresh.add_argument("--db", help=store_help)
    refresh.set_defaults(run=_refresh)
    add_commands(commands)
    exp = commands.add_parser("export", help="write the public site as static files (HTML, CSV, JSON)")
    exp.add_argument("dir")
    exp.add_argument("--db", help=store_help)
    exp.set_defaults(run=_export)
    add_model_command(commands)
    add_report_command(commands)
    global_options(commands)
    args = parser.parse_args(argv)
    for line in refused_languages(args.lang):  # a language file that is not used, said once before the command
        print(line, file=sys.stderr)
    try:
        return int(args.run(args))
    except CatalogError as err:
        print(f"kpis/catalog.toml: {err}", file=sys.stderr)
        return 2
    except ProblemError as err:  # a store or lock problem any command may meet, said in the user's language
        print(err.text(args.lang), file=sys.stderr)
        return 2
    except OSError as err:  # a read-only folder, a full disk: words, never a traceback
        print(t("cli_os_error", args.lang, path=err.filename or "", error=err.strerror or str(err)),
              file=sys.stderr)
        return 2


def _report(args: argparse.Namespace) -> int:
    from kpis.pipeline.report import build as build_report

    source = existing_store(args.db, args.lang)
    if source is None:
        return 2
    out = Path(args.out)
    if out.exists() and out.is_dir():
        _say(args, "cli_not_a_file", error=True, path=out)
        return 2
    with reading(source) as con:
        build_report(con, load_catalog(), out, args.period, args.lang)
    _say(args, "cli_report", path=out)
    return 0


def add_report_command(commands: argparse._SubParsersAction) -> None:
    from datetime import date

    report = commands.add_parser("report", help="the board report as an A4 PDF")
    report.add_argument("--period", type=int, default=date.today().year - 1, help="the year reported on")
    report.add_argument("--out", default="rapport.pdf", help="the PDF to write (default: rapport.pdf)")
    report.add_argument("--db", help="the store (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    report.set_defaults(run=_report)
