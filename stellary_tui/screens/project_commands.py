"""Project commands of the main screen: create, rename and delete projects from the navigator."""

from __future__ import annotations

from functools import partial

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from stellary_core.principal import Principal
from stellary_core.schemas.projects import ProjectCreateIn, ProjectUpdateIn
from stellary_core.services import navigation, projects
from stellary_core.services.navigation import OrgNode, WorkspaceNode
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

        def run(session: Session, actor: Principal) -> str:
            view = projects.create_project(
                session, actor=actor, workspace_id=target.id, data=ProjectCreateIn(name=name)
            )
            return view.project.id

        screen.app.call_service(run, write=True, then=partial(project_created, screen))  # type: ignore[attr-defined]

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

    screen.app.call_service(  # type: ignore[attr-defined]
        lambda s, a: navigation.navigation_tree(s, actor=a),
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
        screen.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: projects.update_project(
                s,
                actor=a,
                workspace_id=workspace.id,
                project_id=project.id,
                data=ProjectUpdateIn(name=name),
            ),
            write=True,
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
        screen.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: projects.delete_project(
                s, actor=a, workspace_id=workspace.id, project_id=project.id
            ),
            write=True,
            then=lambda _: screen.load_tree(),
        )

    screen.app.push_screen(
        ConfirmDialog(
            f"Delete the project “{project.name}” with all its cards? This cannot be undone."
        ),
        delete,
    )
