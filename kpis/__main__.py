"""The command line: ``python -m kpis init``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpis.catalog import load_catalog
from kpis.seed import SEED_DIR, SeedError, read_seed
from kpis.store import build_store, db_path


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpis", description="Tillväxtpanelen's data commands.")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of messages (sv, en)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="build the store from the catalog and the bundled snapshot")
    init.add_argument("--db", help="the store to write (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    init.add_argument("--seed", default=str(SEED_DIR), help="the snapshot folder (default: data/seed)")
    init.set_defaults(run=_init)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
