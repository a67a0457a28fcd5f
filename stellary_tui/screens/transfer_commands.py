"""Export and import of projects from the command palette (the ``stellary.project/1`` JSON of ``services.transfer``).

The same files as ``stellary export``/``import`` and the REST routes. Files are
read and written in the worker thread, never on the UI thread; every problem
(unreadable file, bad JSON, a field the snapshot rejects) comes back as a
domain error the app shows in a notification.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from stellary_core.errors import Invalid
from stellary_core.principal import Principal
from stellary_core.services.slugs import slugify
from stellary_tui.screens.dialogs import ConfirmDialog, PromptDialog
from stellary_tui.screens.project_commands import project_created

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen

# services.transfer (and its snapshot schemas) is imported by the functions that use it, in the
# worker thread: the main screen imports this module, and the first screen needs none of it.


def default_export_path(project_name: str) -> str:
    return f"./{slugify(project_name, fallback='project')}.json"


def write_export(
    session: Session,
    actor: Principal,
    *,
    workspace_id: str,
    project_id: str,
    path: str,
    overwrite: bool,
) -> bool:
    """Write the project's snapshot to ``path``; False (and nothing written) if it exists and ``overwrite`` is off."""
    from stellary_core.services import transfer

    target = Path(path).expanduser()
    if target.is_dir():
        raise Invalid.field("file", f"{path} is a directory")
    if target.exists() and not overwrite:
        return False
    document = transfer.export_project(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id
    )
    try:
        target.write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except OSError as error:
        raise Invalid.field("file", f"cannot write {path}: {error.strerror or error}") from None
    return True


def read_snapshot(path: str) -> Any:
    """The decoded JSON of ``path``, or a readable Invalid saying why not."""
    from stellary_core.services import transfer

    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Invalid.field("file", f"{path} does not exist") from None
    except IsADirectoryError:
        raise Invalid.field("file", f"{path} is a directory") from None
    except OSError as error:
        raise Invalid.field("file", f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise Invalid.field("file", f"{path} is not UTF-8 text") from None
    return transfer.decode_snapshot_file(text, path)


def import_file(
    session: Session, actor: Principal, *, workspace_id: str, path: str
) -> tuple[str, str, int]:
    """Import ``path`` into the workspace: (project id, name, number of cards)."""
    from stellary_core.services import transfer

    try:
        data = transfer.parse_snapshot(read_snapshot(path))
    except Invalid as error:
        if error.details and error.details[0].field == "file":
            raise
        raise Invalid(
            f"{path} is not a project Stellary can import — {error.message}", details=error.details
        ) from None
    view = transfer.import_project(session, actor=actor, workspace_id=workspace_id, data=data)
    return view.project.id, view.project.name, len(data.cards)


def action_export_project(screen: MainScreen) -> None:
    project, workspace = screen.project, screen.workspace
    if project is None or workspace is None:
        screen.notify("Open a project first.", severity="warning")
        return

    def write(path: str, overwrite: bool) -> None:
        def done(written: bool) -> None:
            if written:
                screen.notify(f"Exported {project.name} to {path}", title="Exported")
                return
            screen.app.push_screen(
                ConfirmDialog(
                    f"{path} already exists. Replace it?",
                    yes="Replace",
                    title="Overwrite the file?",
                ),
                lambda yes: write(path, True) if yes else None,
            )

        screen.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: write_export(
                s,
                a,
                workspace_id=workspace.id,
                project_id=project.id,
                path=path,
                overwrite=overwrite,
            ),
            then=done,
            group="transfer",
        )

    screen.app.push_screen(
        PromptDialog(
            f"Export {project.name} to a JSON file",
            value=default_export_path(project.name),
            placeholder="path",
        ),
        lambda path: write(path, False) if path else None,
    )


def action_import_project(screen: MainScreen) -> None:
    workspace = screen.workspace
    if workspace is None:
        screen.notify(
            "Open a project first: the import goes into its workspace.", severity="warning"
        )
        return

    def run(path: str | None) -> None:
        if not path:
            return

        def done(result: tuple[str, str, int]) -> None:
            project_id, name, count = result
            screen.notify(
                f"Imported {name} into {workspace.name} ({count} cards).", title="Imported"
            )
            project_created(screen, project_id)

        screen.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: import_file(s, a, workspace_id=workspace.id, path=path),
            write=True,
            then=done,
            group="transfer",
        )

    screen.app.push_screen(
        PromptDialog(
            f"Import a project into {workspace.name}",
            placeholder="path to a .json file written by export",
        ),
        run,
    )
