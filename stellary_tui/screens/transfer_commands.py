"""Export and import of projects from the command palette (the ``stellary.project/1`` JSON files).

The same files as ``stellary export``/``import`` and the REST routes. The core
builds the snapshot and checks and imports a file's text; this module reads and
writes the local files, in the worker thread, never on the UI thread. Every
problem (unreadable file, bad JSON, a field the snapshot rejects) comes back as
a domain error the app shows in a notification.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from stellary_core.errors import Invalid
from stellary_core.operations.catalog.transfer import ExportProject, export_project
from stellary_core.operations.catalog.tui_screens import ImportedProject, ImportProjectFile, import_project_file
from stellary_core.slugs import slugify
from stellary_tui.core import Core
from stellary_tui.plurals import count
from stellary_tui.screens.dialogs import ConfirmDialog, PromptDialog
from stellary_tui.screens.project_commands import project_created

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen


def default_export_path(project_name: str) -> str:
    return f"./{slugify(project_name, fallback='project')}.json"


def write_export(
    core: Core,
    *,
    workspace_id: str,
    project_id: str,
    path: str,
    overwrite: bool,
    with_files: bool = False,
) -> bool:
    """Write the project's snapshot to ``path``; False (and nothing written) if it exists and ``overwrite`` is off."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise Invalid.field("file", f"{path} is a directory")
    if target.exists() and not overwrite:
        return False
    document = core.run(export_project, ExportProject(workspace_id=workspace_id, project=project_id, with_files=with_files))
    try:
        target.write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except OSError as error:
        raise Invalid.field("file", f"cannot write {path}: {error.strerror or error}") from None
    return True


def read_text(path: str) -> str:
    """The text of ``path``, or a readable Invalid saying why not."""
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
    return text


def import_file(core: Core, *, workspace_id: str, path: str) -> ImportedProject:
    """Import ``path`` into the workspace; the core decodes and checks the text."""
    given = ImportProjectFile(workspace_id=workspace_id, text=read_text(path), source=path)
    try:
        return core.run(import_project_file, given)
    except Invalid as error:
        if error.details and error.details[0].field == "file":
            raise
        # No details: the document's own paths ("cards.0.columnId") are what its author looks for in
        # the file, so the message keeps them rather than becoming form labels.
        raise Invalid(f"{path} is not a project Stellary can import — {error.message}") from None


def action_export_project(screen: MainScreen, *, with_files: bool = False) -> None:
    project, workspace = screen.project, screen.workspace
    if project is None or workspace is None:
        screen.notify("Open a project first.", severity="warning")
        return

    def write(path: str, overwrite: bool) -> None:
        def done(written: bool) -> None:
            if written:
                what = f"{project.name} with its files" if with_files else project.name
                screen.notify(f"Exported {what} to {path}", title="Exported")
                return
            screen.app.push_screen(
                ConfirmDialog(
                    f"{path} already exists. Replace it?",
                    yes="Replace",
                    title="Overwrite the file?",
                ),
                lambda yes: write(path, True) if yes else None,
            )

        screen.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: write_export(
                core,
                workspace_id=workspace.id,
                project_id=project.id,
                path=path,
                overwrite=overwrite,
                with_files=with_files,
            ),
            then=done,
            group="transfer",
        )

    screen.app.push_screen(
        PromptDialog(
            f"Export {project.name}{' and its files' if with_files else ''} to a JSON file",
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

        def done(made: ImportedProject) -> None:
            cards = count(made.card_count, "card")
            if made.file_count:
                cards += f", {count(made.file_count, 'file')}"
            said = f"Imported {made.name} into {workspace.name} ({cards}, keys {made.key_prefix}-n)."
            # A renamed project or prefix must not go unnoticed: it stays on screen longer.
            screen.notify(" ".join((said, *made.notes)), title="Imported", timeout=30 if made.notes else 5)
            project_created(screen, made.id)

        screen.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: import_file(core, workspace_id=workspace.id, path=path),
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
