"""``python -m kpis import FILE``, ``template DIR`` and ``undo ID``: the same checks as the upload page."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kpis.catalog import load_catalog
from kpis.importing import read, templates, validate, write
from kpis.store import connect_read_only, db_path


def _lines(problems: list, lang: str) -> str:
    return "\n".join(f"- {p.text(lang)}" for p in problems)


def run_import(args: argparse.Namespace) -> int:
    sv = args.lang == "sv"
    path = Path(args.file)
    target = Path(args.db) if args.db else db_path()
    if not path.is_file():
        print(f"{'Filen finns inte' if sv else 'No such file'}: {path}", file=sys.stderr)
        return 2
    if not target.exists():
        print(f"{'Databasen saknas' if sv else 'The store is missing'}: {target}", file=sys.stderr)
        return 2
    data = path.read_bytes()
    plan = validate.validate(read.read_file(data, path.name), load_catalog(), data)
    if not plan.ok:
        head = "Filen har fel; inget skrevs:" if sv else "The file has faults; nothing was written:"
        print(f"{head}\n{_lines(plan.problems, args.lang)}", file=sys.stderr)
        return 2
    con = connect_read_only(target)
    try:
        seen = write.preview(con, plan)
    finally:
        con.close()
    print(f"{len(seen.new)} {'nya' if sv else 'new'}, {len(seen.changed)} {'ändrade' if sv else 'changed'}, "
          f"{len(seen.unchanged)} {'oförändrade' if sv else 'unchanged'}")
    if plan.warnings and not args.yes:
        head = ("Bekräfta med --yes; inget skrevs:" if sv else "Confirm with --yes; nothing was written:")
        print(f"{head}\n{_lines(plan.warnings, args.lang)}", file=sys.stderr)
        return 3
    if args.dry_run:
        return 0
    applied = write.apply(target, plan, args.who or getpass.getuser(), confirmed=args.yes)
    print(f"{'Inläsning' if sv else 'Import'} {applied.import_id}: {applied.rows_new} "
          f"{'nya' if sv else 'new'}, {applied.rows_changed} {'ändrade' if sv else 'changed'}")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    target = Path(args.db) if args.db else db_path()
    try:
        count = write.undo(target, args.id, args.who or getpass.getuser())
    except write.ImportRefused as err:
        print(err.text(args.lang), file=sys.stderr)
        return 2
    print(f"{'Ångrade' if args.lang == 'sv' else 'Undid'} {count} {'rader' if args.lang == 'sv' else 'rows'}")
    return 0


def run_template(args: argparse.Namespace) -> int:
    for path in templates.write_templates(Path(args.dir), load_catalog(), args.lang):
        print(path)
    return 0


def run_hash_password(args: argparse.Namespace) -> int:
    from kpis.auth import hash_password

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()
    if len(password) < 12:
        print("Lösenordet måste ha minst 12 tecken." if args.lang == "sv" else
              "The password must have at least 12 characters.", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    imp = commands.add_parser("import", help="check and write a figures or targets file (CSV or XLSX)")
    imp.add_argument("file")
    imp.add_argument("--db", help="the store (default: TILLVAXT_DB or data/tillvaxt.duckdb)")
    imp.add_argument("--who", help="who imports (default: the login name)")
    imp.add_argument("--yes", action="store_true", help="confirm values outside the plausible range")
    imp.add_argument("--dry-run", action="store_true", help="check and preview only")
    imp.set_defaults(run=run_import)
    undo = commands.add_parser("undo", help="undo an import by its number")
    undo.add_argument("id", type=int)
    undo.add_argument("--db")
    undo.add_argument("--who")
    undo.set_defaults(run=run_undo)
    tpl = commands.add_parser("template", help="write the files to fill in, one per function and one for targets")
    tpl.add_argument("dir")
    tpl.set_defaults(run=run_template)
    pw = commands.add_parser("hash-password", help="hash an editor's password for .streamlit/secrets.toml")
    pw.set_defaults(run=run_hash_password)
