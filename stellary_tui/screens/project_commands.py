"""Project commands of the main screen: create, rename and delete projects from the navigator."""

from __future__ import annotations

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


class ProjectCommands:
    """Mixed into MainScreen."""

    def on_navigator_project_chosen(self: MainScreen, message: Navigator.ProjectChosen) -> None:
        self.open_project(message.project.id)
        self.focus_view()

    def on_navigator_project_command(self: MainScreen, message: Navigator.ProjectCommand) -> None:
        item = message.item
        if message.command == "new":
            self.action_new_project(item.workspace if item else None)
        elif item is not None and item.project is not None and item.workspace is not None:
            if message.command == "rename":
                self.rename_project(item)
            elif message.command == "delete":
                self.delete_project(item)
        else:
            self.notify("Highlight a project first.", severity="warning")

    def action_new_project(self: MainScreen, workspace: WorkspaceNode | None = None) -> None:
        target = workspace or self.workspace
        if target is None:
            self.notify("Open a workspace first.", severity="warning")
            return

        def create(name: str | None) -> None:
            if not name:
                return

            def run(session: Session, actor: Principal) -> str:
                view = projects.create_project(session, actor=actor, workspace_id=target.id, data=ProjectCreateIn(name=name))
                return view.project.id

            self.app.call_service(run, write=True, then=self.project_created)  # type: ignore[attr-defined]

        self.app.push_screen(PromptDialog(f"New project in {target.name}", placeholder="Project name", validate=check_name), create)

    def project_created(self: MainScreen, project_id: str) -> None:
        def reopen(tree: list[OrgNode]) -> None:
            self.show_tree(tree, project_id)
            self.open_project(project_id)
            self.focus_view()

        self.app.call_service(  # type: ignore[attr-defined]
            lambda s, a: navigation.navigation_tree(s, actor=a), then=reopen, group="tree", exclusive=True
        )

    def rename_project(self: MainScreen, item: NavItem) -> None:
        assert item.project is not None and item.workspace is not None
        project, workspace = item.project, item.workspace

        def rename(name: str | None) -> None:
            if not name or name == project.name:
                return
            self.app.call_service(  # type: ignore[attr-defined]
                lambda s, a: projects.update_project(
                    s, actor=a, workspace_id=workspace.id, project_id=project.id, data=ProjectUpdateIn(name=name)
                ),
                write=True,
                then=lambda _: self.refresh_data(),
            )

        self.app.push_screen(PromptDialog("Rename project", value=project.name, validate=check_name), rename)

    def delete_project(self: MainScreen, item: NavItem) -> None:
        assert item.project is not None and item.workspace is not None
        project, workspace = item.project, item.workspace

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            if self.project and self.project.id == project.id:
                self.close_project()
            self.app.call_service(  # type: ignore[attr-defined]
                lambda s, a: projects.delete_project(s, actor=a, workspace_id=workspace.id, project_id=project.id),
                write=True,
                then=lambda _: self.load_tree(),
            )

        self.app.push_screen(
            ConfirmDialog(f"Delete the project “{project.name}” with all its cards? This cannot be undone."), delete
        )
