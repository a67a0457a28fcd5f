"""Project commands of the main screen: create, rename and delete projects from the navigator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stellary_core.operations.catalog import projects as ops
from stellary_core.operations.catalog.projects import CreateProject, UpdateProject
from stellary_core.operations.catalog.views import OrgNode, WorkspaceNode, get_navigation
from stellary_core.operations.refs import InProject, NoInput
from stellary_core.schemas.projects import ProjectCreateIn, ProjectUpdateIn
from stellary_tui.screens.column_commands import check_name
from stellary_tui.screens.dialogs import ConfirmDialog, PromptDialog
from stellary_tui.widgets.navigator import NavItem, Navigator

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen


def on_navigator_project_chosen(screen: MainScreen, message: Navigator.ProjectChosen) -> None:
    screen.open_project(message.project.id)
    screen.focus_view()


def on_navigator_project_command(screen: MainScreen, message: Navigator.ProjectCommand) -> None:
    item = message.item
    if message.command == "new":
        action_new_project(screen, item.workspace if item else None)
    elif message.command == "wizard":
        from stellary_tui.screens.wizard import open_wizard  # not needed by the first screen

        open_wizard(screen, item.workspace if item else None)
    elif item is not None and item.project is not None and item.workspace is not None:
        if message.command == "rename":
            rename_project(screen, item)
        elif message.command == "delete":
            delete_project(screen, item)
    else:
        screen.notify("Highlight a project first.", severity="warning")


def action_new_project(screen: MainScreen, workspace: WorkspaceNode | None = None) -> None:
    target = workspace or screen.workspace
    if target is None:
        screen.notify("Open a workspace first.", severity="warning")
        return

    def create(name: str | None) -> None:
        if not name:
            return

        screen.app.run_operation(  # type: ignore[attr-defined]
            ops.create_project,
            CreateProject(workspace_id=target.id, data=ProjectCreateIn(name=name)),
            then=lambda made: project_created(screen, made.id),
        )

    screen.app.push_screen(
        PromptDialog(
            f"New project in {target.name}", placeholder="Project name", validate=check_name
        ),
        create,
    )


def project_created(screen: MainScreen, project_id: str) -> None:
    def reopen(tree: list[OrgNode]) -> None:
        screen.show_tree(tree, project_id)
        screen.open_project(project_id)
        screen.focus_view()

    screen.app.run_operation(  # type: ignore[attr-defined]
        get_navigation,
        NoInput(),
        then=reopen,
        group="tree",
        exclusive=True,
    )


def rename_project(screen: MainScreen, item: NavItem) -> None:
    assert item.project is not None and item.workspace is not None
    project, workspace = item.project, item.workspace

    def rename(name: str | None) -> None:
        if not name or name == project.name:
            return
        screen.app.run_operation(  # type: ignore[attr-defined]
            ops.update_project,
            UpdateProject(workspace_id=workspace.id, project=project.id, data=ProjectUpdateIn(name=name)),
            then=lambda _: screen.refresh_data(),
        )

    screen.app.push_screen(
        PromptDialog("Rename project", value=project.name, validate=check_name), rename
    )


def delete_project(screen: MainScreen, item: NavItem) -> None:
    assert item.project is not None and item.workspace is not None
    project, workspace = item.project, item.workspace

    def delete(confirmed: bool | None) -> None:
        if not confirmed:
            return
        if screen.project and screen.project.id == project.id:
            screen.close_project()
        screen.app.run_operation(  # type: ignore[attr-defined]
            ops.delete_project,
            InProject(workspace_id=workspace.id, project=project.id),
            then=lambda _: screen.load_tree(),
        )

    screen.app.push_screen(
        ConfirmDialog(
            f"Delete the project “{project.name}” with all its cards? This cannot be undone."
        ),
        delete,
    )
