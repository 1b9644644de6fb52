"""The command line: ``python -m kpis init | refresh | import | undo | template | hash-password | export``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kpis.catalog import load_catalog
from kpis.importing.cli import add_commands
from kpis.seed import SEED_DIR, SeedError, read_seed
from kpis.store import StoreVersionError, build_store, db_path
from kpis.terminal import ProgressBar


def _init(args: argparse.Namespace) -> int:
    target = Path(args.db) if args.db else db_path()
    catalog = load_catalog()
    try:
        seed = read_seed(Path(args.seed), catalog)
    except SeedError as err:
        print(err.text(args.lang), file=sys.stderr)
        return 2
    build_store(target, catalog, seed)
    done = "Databasen byggd" if args.lang == "sv" else "Store built"
    print(f"{done}: {target} ({len(seed.observations)} observations, {len(seed.targets)} targets)")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from kpis.refresh import SOURCES, refresh

    target = Path(args.db) if args.db else db_path()
    sv = args.lang == "sv"
    if not target.exists():
        print(f"{'Databasen saknas' if sv else 'The store is missing'}: {target}. "
              f"{'Kör' if sv else 'Run'} `python -m kpis init`.", file=sys.stderr)
        return 2
    bars: dict[str, ProgressBar] = {}

    def progress(source: str, total: int) -> Callable[[str], None]:
        bars[source] = ProgressBar(source, total)
        return bars[source].step

    try:
        results = refresh(target, load_catalog(), [args.source] if args.source else list(SOURCES), progress)
    except StoreVersionError:
        print(("Databasen är byggd av en äldre version; kör `python -m kpis init`." if sv
               else "The store was built by an older version; run `python -m kpis init`."), file=sys.stderr)
        return 2
    for result in results:
        bar = bars.get(result.source_id) or ProgressBar(result.source_id, 1)
        if result.ok:
            line = (f"ok: {result.rows} {'värden' if sv else 'values'}, {result.new_values} "
                    f"{'nya' if sv else 'new'}, {result.revised_values} {'reviderade' if sv else 'revised'}, "
                    f"{result.calls} {'anrop' if sv else 'calls'}, {result.seconds:.1f} s")
        else:
            line = f"{'MISSLYCKADES' if sv else 'FAILED'}: {result.message(args.lang)}"
        bar.finish(line)
    failed = [r.source_id for r in results if not r.ok]
    if failed:
        print(f"{'Misslyckades' if sv else 'Failed'}: {', '.join(failed)}; "
              f"{'deras serier är orörda' if sv else 'their series are unchanged'}.", file=sys.stderr)
        return 1
    return 0


def _export(args: argparse.Namespace) -> int:
    from kpis.export import export
    from kpis.store import connect_read_only

    source = Path(args.db) if args.db else db_path()
    if not source.exists():
        print(f"{'Databasen saknas' if args.lang == 'sv' else 'The store is missing'}: {source}", file=sys.stderr)
        return 2
    con = connect_read_only(source)
    try:
        files = export(Path(args.dir), con, load_catalog())
    finally:
        con.close()
    pages = sum(1 for f in files if f.suffix == ".html")
    sv = args.lang == "sv"
    print(f"{pages} {'sidor' if sv else 'pages'}, {len(files)} {'filer i' if sv else 'files in'} {args.dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpis", description="Tillväxtpanelen's data commands.")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of messages (sv, en)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="build the store from the catalog and the bundled snapshot")
    init.add_argument("--db", help="the store to write (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    init.add_argument("--seed", default=str(SEED_DIR), help="the snapshot folder (default: data/seed)")
    init.set_defaults(run=_init)
    refresh = commands.add_parser("refresh", help="fetch SCB, Kolada and Tillväxtverket and publish a new store")
    refresh.add_argument("--source", choices=("scb", "kolada", "tillvaxtverket"), help="refresh only this source")
    refresh.add_argument("--db", help="the store to refresh (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    refresh.set_defaults(run=_refresh)
    add_commands(commands)
    exp = commands.add_parser("export", help="write the public site as static files (HTML, CSV, JSON)")
    exp.add_argument("dir")
    exp.add_argument("--db", help="the store (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    exp.set_defaults(run=_export)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
