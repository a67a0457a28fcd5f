"""``stellary export`` and ``stellary import``: projects as JSON files, acting as the local profile.

    stellary export PROJECT [--with-files] > project.json   (PROJECT: its id, name or key prefix)
    stellary import project.json [--workspace ORG/WS]

Both run the same operations as the REST routes, so a file written
by one is read by the other and by ``POST .../projects/import``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from stellary_core.errors import Invalid
from stellary_tui.cli.context import database_from, local_actor
from stellary_tui.plurals import count

# The operations are imported by the commands that run them: ``stellary --help`` registers these too.


def register(subparsers: Any) -> None:
    export = subparsers.add_parser("export", help="print a project as JSON (stellary.project/1)")
    export.add_argument("project", metavar="PROJECT", help="the project's id, name or card-key prefix (e.g. GS)")
    export.add_argument(
        "--with-files",
        action="store_true",
        help="include the cards' attachments (as base64 in the JSON; 5 MB of files in all at most)",
    )
    export.set_defaults(handler=run_export)

    load = subparsers.add_parser("import", help="create a project from a JSON file written by export")
    load.add_argument("file", metavar="FILE", help="the JSON file ('-' reads standard input)")
    load.add_argument(
        "--workspace",
        metavar="ORG/WS",
        help="organization and workspace slugs to import into (default: your personal workspace)",
    )
    load.set_defaults(handler=run_import)

    for sub in (export, load):
        sub.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")


def run_export(args: argparse.Namespace) -> int:
    from stellary_core.operations import OperationRunner
    from stellary_core.operations.catalog.transfer import ExportProject, export_project

    db = database_from(args)
    try:
        given = ExportProject(project=args.project, with_files=args.with_files)
        document = OperationRunner(db).run(export_project, local_actor(db), given)
    finally:
        db.dispose()
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=not utf8) + "\n")
    return 0


def _read(file: str) -> Any:
    from stellary_core.services import transfer

    try:
        text = sys.stdin.read() if file == "-" else Path(file).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise Invalid.field("file", f"cannot read {file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise Invalid.field("file", f"{file} is not UTF-8 text") from None
    return transfer.decode_snapshot_file(text, file)


def run_import(args: argparse.Namespace) -> int:
    from stellary_core.operations import OperationRunner
    from stellary_core.operations.catalog.organizations import list_organizations
    from stellary_core.operations.catalog.transfer import ImportProject, import_project
    from stellary_core.operations.catalog.workspaces import get_workspace
    from stellary_core.operations.refs import InWorkspace, NoInput
    from stellary_core.services import transfer

    data = transfer.parse_snapshot(_read(args.file))
    given, where = ImportProject(data=data), ""
    if args.workspace:
        org_slug, slash, ws_slug = args.workspace.partition("/")
        if not slash or not org_slug or not ws_slug:
            raise Invalid.field("workspace", "must be ORG/WS (organization and workspace slugs)")
        given, where = ImportProject(org_slug=org_slug, ws_slug=ws_slug, data=data), args.workspace
    db = database_from(args)
    try:
        runner, actor = OperationRunner(db), local_actor(db)
        made = runner.run(import_project, actor, given)
        if not args.workspace:
            personal = runner.run(get_workspace, actor, InWorkspace())
            orgs = runner.run(list_organizations, actor, NoInput())
            where = next(f"{o.slug}/{personal.slug}" for o in orgs if o.id == personal.organization_id)
    finally:
        db.dispose()
    card_total, attached = len(data.cards), sum(len(card.attachments) for card in data.cards)
    files = f", {count(attached, 'file')}" if attached else ""
    print(f"Imported project {made.name!r} into {where}: {count(card_total, 'card')}{files}, keys {made.key_prefix}-n")
    for note in transfer.import_notes(data.project, made.name, made.key_prefix):
        print(f"  {note}")
    print(f"  id: {made.id}")
    return 0
