"""The sidebar: organizations, workspaces and projects as a keyboard-driven tree."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from stellary_core.view_rows import OrgNode, ProjectNode, WorkspaceNode


@dataclass(frozen=True)
class NavItem:
    kind: str  # org | workspace | project
    org: OrgNode
    workspace: WorkspaceNode | None = None
    project: ProjectNode | None = None


class Navigator(Tree[NavItem]):
    """Enter opens a project; n, r and d create, rename and delete projects; w opens the project wizard."""

    DEFAULT_CSS = """
    Navigator {
        width: 32;
        border-right: vkey $primary-background;
        background: $panel;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("n", "new_project", "New project", id="nav.new_project"),
        Binding(
            "w", "project_wizard", "Wizard", id="nav.project_wizard",
            tooltip="New project with the wizard, or continue a draft of the workspace",
        ),
        Binding("r", "rename_project", "Rename", id="nav.rename_project"),
        Binding("d", "delete_project", "Delete", id="nav.delete_project"),
    ]

    class ProjectChosen(Message):
        def __init__(self, project: ProjectNode, workspace: WorkspaceNode, org: OrgNode) -> None:
            super().__init__()
            self.project = project
            self.workspace = workspace
            self.org = org

    class ProjectCommand(Message):
        """new / wizard / rename / delete, for the focused workspace or project."""

        def __init__(self, command: str, item: NavItem | None) -> None:
            super().__init__()
            self.command = command
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Stellary", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._tree_shape: tuple[object, ...] = ()

    def load(self, tree: list[OrgNode], current_project_id: str | None) -> None:
        """Rebuild only when the tree changed, so focus and scroll survive live refreshes."""
        shape = tuple(tree)
        if shape == self._tree_shape:
            return
        self._tree_shape = shape
        self.clear()
        for org in tree:
            org_node = self.root.add(f"[b]{org.name}[/b]", NavItem("org", org), expand=True)
            for ws in org.workspaces:
                ws_node = org_node.add(f"{ws.name}", NavItem("workspace", org, ws), expand=True)
                for project in ws.projects:
                    label = f"{project.name} [dim]{project.key_prefix}[/dim]"
                    node = ws_node.add_leaf(label, NavItem("project", org, ws, project))
                    if project.id == current_project_id:
                        self.call_after_refresh(self._highlight, node)

    def _highlight(self, node: TreeNode[NavItem]) -> None:
        self.move_cursor(node)

    def highlight_project(self, project_id: str) -> None:
        def walk(node: TreeNode[NavItem]) -> TreeNode[NavItem] | None:
            data = node.data
            if data is not None and data.project is not None and data.project.id == project_id:
                return node
            for child in node.children:
                found = walk(child)
                if found is not None:
                    return found
            return None

        found = walk(self.root)
        if found is not None:
            self.move_cursor(found)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NavItem]) -> None:
        item = event.node.data
        if item is not None and item.project is not None and item.workspace is not None:
            event.stop()
            self.post_message(self.ProjectChosen(item.project, item.workspace, item.org))

    def _focused_item(self) -> NavItem | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def action_new_project(self) -> None:
        self.post_message(self.ProjectCommand("new", self._focused_item()))

    def action_project_wizard(self) -> None:
        self.post_message(self.ProjectCommand("wizard", self._focused_item()))

    def action_rename_project(self) -> None:
        self.post_message(self.ProjectCommand("rename", self._focused_item()))

    def action_delete_project(self) -> None:
        self.post_message(self.ProjectCommand("delete", self._focused_item()))
