"""``stellary export`` and ``stellary import``: projects as JSON files, acting as the local profile.

    stellary export PROJECT_ID > project.json
    stellary import project.json [--workspace ORG/WS]

Both go through ``services.transfer``, like the REST routes, so a file written
by one is read by the other and by ``POST .../projects/import``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from stellary_core.errors import Invalid, NotFound
from stellary_core.services import access, transfer, workspaces
from stellary_tui.cli.context import database_from, local_actor


def register(subparsers: Any) -> None:
    export = subparsers.add_parser("export", help="print a project as JSON (stellary.project/1)")
    export.add_argument("project_id", metavar="PROJECT_ID", help="the project's id")
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
    db = database_from(args)
    try:
        actor = local_actor(db)
        with db.session() as session:
            document = transfer.export_project_by_id(session, actor=actor, project_id=args.project_id)
    finally:
        db.dispose()
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=not utf8) + "\n")
    return 0


def _read(file: str) -> Any:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise Invalid.field("file", f"cannot read {file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise Invalid.field("file", f"{file} is not UTF-8 text") from None
    return transfer.decode_snapshot_file(text, file)


def run_import(args: argparse.Namespace) -> int:
    data = transfer.parse_snapshot(_read(args.file))
    db = database_from(args)
    try:
        actor = local_actor(db)
        with db.session(write=True) as session:
            if args.workspace:
                org_slug, slash, ws_slug = args.workspace.partition("/")
                if not slash or not org_slug or not ws_slug:
                    raise Invalid.field("workspace", "must be ORG/WS (organization and workspace slugs)")
                target = access.workspace_by_slugs(session, actor=actor, org_slug=org_slug, ws_slug=ws_slug)
                where = args.workspace
            else:
                personal = [
                    (slug, view)
                    for slug, view in workspaces.list_my_workspaces(session, actor=actor)
                    if view.workspace.is_personal and view.workspace.owner_id == actor.user_id
                ]
                if not personal:
                    raise NotFound("Your personal workspace was not found; pass --workspace ORG/WS")
                target = access.workspace_by_id(session, actor=actor, workspace_id=personal[0][1].workspace.id)
                where = f"{personal[0][0]}/{target.workspace.slug}"
            view = transfer.import_project(session, actor=actor, workspace_id=target.workspace.id, data=data)
    finally:
        db.dispose()
    print(f"Imported project {view.project.name!r} into {where}: {len(data.cards)} cards")
    print(f"  id: {view.project.id}")
    return 0
