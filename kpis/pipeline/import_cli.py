"""``python -m kpis import FILE``, ``template DIR`` and ``undo ID``: the same checks as the Redigera page."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kpis.core.catalog import load_catalog
from kpis.core.i18n import t
from kpis.core.problems import ProblemError, listed
from kpis.pipeline import editing
from kpis.pipeline.importing import templates
from kpis.pipeline.terminal import existing_store


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    la = args.lang
    path = Path(args.file)
    if not path.is_file():
        _err(t("cli_no_such_file", la, path=path))
        return 2
    target = existing_store(args.db, la)
    if target is None:
        return 2
    plan = editing.check_file(path.read_bytes(), path.name, load_catalog())
    if not plan.ok:
        _err("\n".join([t("cli_file_faults", la), *listed(plan.problems, la)]))
        return 2
    try:
        seen = editing.preview(target, plan)
        print(t("cli_preview", la, new=len(seen.new), changed=len(seen.changed), unchanged=len(seen.unchanged)))
        if plan.warnings and not args.yes:
            _err("\n".join([t("cli_confirm", la), *listed(plan.warnings, la)]))
            return 3
        if args.dry_run:
            print("\n".join(editing.preview_lines(seen, plan.kind, la)))
            return 0
        applied = editing.apply(target, plan, args.who or getpass.getuser(), confirmed=args.yes)
    except ProblemError as err:
        _err(err.text(la))
        return 2
    print(t("cli_imported", la, id=applied.import_id, new=applied.rows_new, changed=applied.rows_changed))
    return 0


def run_undo(args: argparse.Namespace) -> int:
    target = existing_store(args.db, args.lang)
    if target is None:
        return 2
    try:
        count = editing.undo(target, args.id, args.who or getpass.getuser())
    except ProblemError as err:
        _err(err.text(args.lang))
        return 2
    print(t("cli_undone", args.lang, n=count))
    return 0


def run_template(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    catalog = load_catalog()
    if directory.exists() and not directory.is_dir():
        _err(t("cli_not_a_folder", args.lang, path=directory))
        return 2
    existing = templates.existing_templates(directory, catalog)
    if existing and not args.force:
        _err(t("cli_templates_exist", args.lang, files=", ".join(p.name for p in existing)))
        return 2
    for path in templates.write_templates(directory, catalog, args.lang):
        print(path)
    return 0


def run_hash_password(args: argparse.Namespace) -> int:
    from kpis.pipeline.auth import hash_password

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass()
    if len(password) < 12:
        _err(t("cli_password_short", args.lang))
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
    tpl.add_argument("--force", action="store_true", help="overwrite template files that are already there")
    tpl.set_defaults(run=run_template)
    pw = commands.add_parser("hash-password", help="hash an editor's password for .streamlit/secrets.toml")
    pw.set_defaults(run=run_hash_password)
