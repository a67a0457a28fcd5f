"""Members of the current organization, workspace and project: roles, additions, removals, invitations.

Every rule (who may add, make admins, remove, invite) is the core's; this
screen only asks and shows. A refusal (403), a clash (409) or an unknown email
(404) comes back as a notification in the service's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, TabbedContent, TabPane

from stellary_core.event_types import DomainEvent
from stellary_core.operations import Operation
from stellary_core.operations.catalog import organizations as org_ops
from stellary_core.operations.catalog import projects as project_ops
from stellary_core.operations.catalog import workspaces as workspace_ops
from stellary_core.operations.catalog.tui_screens import (
    GetMembersOverview,
    Member,
    MembersOverview,
    get_members_overview,
)
from stellary_core.operations.catalog.views import OrgNode, ProjectNode, WorkspaceNode
from stellary_core.schemas.organizations import (
    InviteIn,
    OrgMemberAddIn,
    OrgMemberUpdateIn,
    WorkspaceMemberUpdateIn,
)
from stellary_core.schemas.projects import ProjectMemberAddIn
from stellary_tui.human_errors import validation_text
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from stellary_tui.screens.form_dialogs import EmailRoleDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import members_changed
from stellary_tui.screens.secret_dialog import SecretDialog
from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key, refill

TABS = ("org", "workspace", "project")


def project_member_problem(email: str) -> str | None:
    """The API's own check of a project member's email, asked before the dialog closes."""
    try:
        ProjectMemberAddIn.model_validate({"email": email})
    except ValidationError as error:
        return validation_text(error)
    return None


def _date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d")


class MembersScreen(KeyedModal[None]):
    DEFAULT_CSS = """
    MembersScreen #members {
        width: 90%;
        max-width: 150;
        height: 85%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    MembersScreen #members-title { margin-top: 1; }
    MembersScreen TabbedContent { height: 1fr; }
    MembersScreen TabPane { padding: 0; }
    MembersScreen DataTable { height: auto; max-height: 20; }
    MembersScreen .members-of { text-style: bold; margin: 1 0 0 0; }
    MembersScreen .members-note { color: $text-muted; }
    MembersScreen #invitations-title { text-style: bold; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="members.close"),
        Binding("1", "tab('org')", "Organization", show=False, id="members.tab_org"),
        Binding("2", "tab('workspace')", "Workspace", show=False, id="members.tab_workspace"),
        Binding("3", "tab('project')", "Project", show=False, id="members.tab_project"),
        Binding("a", "add", "Add member", id="members.add"),
        Binding("r", "change_role", "Change role", id="members.role"),
        Binding("p", "change_pilotage", "Pilotage role", id="members.pilotage"),
        Binding("d,delete", "remove", "Remove", id="members.remove"),
        Binding("i", "invite", "Invite", id="members.invite"),
    ]

    def __init__(self, org: OrgNode, workspace: WorkspaceNode | None, project: ProjectNode | None, *, tab: str = "org") -> None:
        super().__init__()
        self.org = org
        self.workspace = workspace
        self.project = project
        self.initial_tab = tab if tab in TABS else "org"
        self.data: MembersOverview | None = None
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="members"):
            yield Label("Members", id="members-title", classes="dialog-title")
            with TabbedContent(initial=self.initial_tab, id="member-tabs"):
                # Tabs name the level only: with the names too they would not fit 80 columns.
                with TabPane("1 Organization", id="org"):
                    yield Label(self.org.name, classes="members-of")
                    yield Label("Owners and admins manage members; only the owner makes admins.", classes="members-note")
                    yield KeyedTable(id="org-table", cursor_type="row", zebra_stripes=True)
                with TabPane("2 Workspace", id="workspace"):
                    yield Label(self.workspace.name if self.workspace else "—", classes="members-of")
                    yield Label(
                        "Add a member of the organization directly, or invite anyone by email (i).", classes="members-note"
                    )
                    yield KeyedTable(id="workspace-table", cursor_type="row", zebra_stripes=True)
                    yield Label("Pending invitations", id="invitations-title")
                    yield KeyedTable(id="invitation-table", cursor_type="none", zebra_stripes=True)
                with TabPane("3 Project", id="project"):
                    yield Label(self.project.name if self.project else "—", classes="members-of")
                    yield Label("Project members hear about its changes. Add members of the workspace.", classes="members-note")
                    yield KeyedTable(id="project-table", cursor_type="row", zebra_stripes=True)
            yield Label(
                "1 2 3 tabs · a add · r role · p pilotage role · d remove · i invite to the workspace · escape close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.table("org").add_columns("Name", "Email", "Role", "Joined")
        self.table("workspace").add_columns("Name", "Email", "Role", "Pilotage role", "Joined")
        self.query_one("#invitation-table", DataTable).add_columns("Email", "Role", "Expires")
        self.query_one("#invitation-table", DataTable).can_focus = False
        self.table("project").add_columns("Name", "Email", "Joined")
        self.table(self.initial_tab).focus()
        self.reload()

    def table(self, tab: str) -> DataTable[Any]:
        return self.query_one(f"#{tab}-table", DataTable)

    @property
    def tab(self) -> str:
        return self.query_one("#member-tabs", TabbedContent).active or "org"

    @property
    def me(self) -> str | None:
        actor = getattr(self.app, "actor", None)
        return actor.user_id if actor is not None else None

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if members_changed(event):
            self.debounced_reload.request()

    def reload(self) -> None:
        org_slug = self.org.slug
        workspace_id = self.workspace.id if self.workspace else None
        project_id = self.project.id if self.project else None
        self._asked += 1
        asked = self._asked
        self.app.run_operation(  # type: ignore[attr-defined]
            get_members_overview,
            GetMembersOverview(org_slug=org_slug, workspace_id=workspace_id, project_id=project_id),
            then=lambda data: self._loaded(asked, data),
            group="members",
        )

    def _loaded(self, asked: int, data: MembersOverview) -> None:
        # A worker thread cannot be cancelled: an answer older than the latest is stale.
        if not self.is_mounted or asked != self._asked:
            return
        self.data = data
        self._fill("org", data.org, lambda m: (m.role or "",))
        self._fill("workspace", data.workspace, lambda m: (m.role or "", m.pilotage_role or ""))
        self._fill("project", data.project, lambda m: ())
        invitations = self.query_one("#invitation-table", DataTable)
        invitations.clear()
        if data.invitations is None:
            invitations.add_row("Only workspace admins see pending invitations.", "", "")
        elif not data.invitations:
            invitations.add_row("None pending.", "", "")
        for pending in data.invitations or []:
            invitations.add_row(pending.email, pending.role, _date(pending.expires_at))

    def _fill(self, tab: str, members: list[Member], roles: Callable[[Member], tuple[str, ...]]) -> None:
        rows = []
        for member in members:
            name = f"{member.name} (you)" if member.user_id == self.me else member.name
            rows.append((member.user_id, (name, member.email, *roles(member), _date(member.joined_at))))
        refill(self.table(tab), rows)

    def current_member(self) -> Member | None:
        if self.data is None:
            return None
        members = {"org": self.data.org, "workspace": self.data.workspace, "project": self.data.project}[self.tab]
        key = cursor_key(self.table(self.tab))
        return next((m for m in members if m.user_id == key), None)

    def _run(self, op: Operation[Any, Any], given: BaseModel, done: str) -> None:
        def finished(_result: object) -> None:
            self.notify(done)
            self.reload()

        self.app.run_operation(op, given, then=finished)  # type: ignore[attr-defined]

    # -- actions -------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#member-tabs", TabbedContent).active = tab
        self.table(tab).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in TABS:
            self.table(event.pane.id).focus()

    def action_add(self) -> None:
        tab, org, workspace, project = self.tab, self.org, self.workspace, self.project
        if tab == "org":

            def add_to_org(answer: tuple[str, str] | None) -> None:
                if answer:
                    email, role = answer
                    self._run(
                        org_ops.add_org_member,
                        org_ops.AddOrgMember(
                            org_slug=org.slug, data=OrgMemberAddIn.model_validate({"email": email, "role": role})
                        ),
                        f"{email} joined {org.name} as {role}.",
                    )

            hint = "They need a Stellary account already; otherwise invite them to a workspace (i)."
            self.app.push_screen(EmailRoleDialog(f"Add to {org.name}", model=OrgMemberAddIn, hint=hint), add_to_org)
        elif tab == "workspace" and workspace is not None:

            def add_to_workspace(answer: tuple[str, str] | None) -> None:
                if answer:
                    email, role = answer
                    self._run(
                        workspace_ops.add_workspace_member,
                        workspace_ops.AddWorkspaceMember(
                            workspace_id=workspace.id,
                            data=OrgMemberAddIn.model_validate({"email": email, "role": role}),
                        ),
                        f"{email} joined {workspace.name} as {role}.",
                    )

            hint = "Someone already in the organization; for anyone else, send an invitation (i)."
            self.app.push_screen(EmailRoleDialog(f"Add to {workspace.name}", model=InviteIn, hint=hint), add_to_workspace)
        elif tab == "project" and workspace is not None and project is not None:

            def add_to_project(email: str | None) -> None:
                if email:
                    self._run(
                        project_ops.add_project_member,
                        project_ops.AddProjectMember(
                            workspace_id=workspace.id,
                            project=project.id,
                            data=ProjectMemberAddIn.model_validate({"email": email}),
                        ),
                        f"{email} now follows {project.name}.",
                    )

            dialog = PromptDialog(
                f"Add to {project.name}", placeholder="email of a workspace member", validate=project_member_problem
            )
            self.app.push_screen(dialog, add_to_project)
        else:
            self.notify("Open a project first.", severity="warning")

    def action_change_role(self) -> None:
        member, tab = self.current_member(), self.tab
        if member is None:
            return
        if tab == "project":
            self.notify("Project members have no roles; workspace roles apply (tab 2).", severity="warning")
            return
        choices = [("member", "member"), ("admin", "admin")]

        def chosen(role: str | None) -> None:
            if role is None or role == member.role:
                return
            if tab == "org":
                slug = self.org.slug
                self._run(
                    org_ops.update_org_member,
                    org_ops.UpdateOrgMember(
                        org_slug=slug, user_id=member.user_id, data=OrgMemberUpdateIn.model_validate({"role": role})
                    ),
                    f"{member.name} is now {role} of the organization.",
                )
            elif self.workspace is not None:
                workspace_id = self.workspace.id
                self._run(
                    workspace_ops.update_workspace_member,
                    workspace_ops.UpdateWorkspaceMember(
                        workspace_id=workspace_id,
                        user_id=member.user_id,
                        data=WorkspaceMemberUpdateIn.model_validate({"role": role}),
                    ),
                    f"{member.name} is now {role} of the workspace.",
                )

        where = "organization" if tab == "org" else "workspace"
        self.app.push_screen(ChoiceDialog(f"{member.name}'s {where} role (now {member.role})", choices), chosen)

    def action_change_pilotage(self) -> None:
        member = self.current_member()
        if self.tab != "workspace" or member is None or self.workspace is None:
            self.notify("Pilotage roles belong to workspace members (tab 2).", severity="warning")
            return
        workspace_id = self.workspace.id

        def chosen(role: str | None) -> None:
            if role is None or role == member.pilotage_role:
                return
            self._run(
                workspace_ops.update_workspace_member,
                workspace_ops.UpdateWorkspaceMember(
                    workspace_id=workspace_id,
                    user_id=member.user_id,
                    data=WorkspaceMemberUpdateIn.model_validate({"pilotageRole": role}),
                ),
                f"{member.name}'s pilotage role is now {role}.",
            )

        choices = [(r, r) for r in ("viewer", "reviewer", "owner")]
        self.app.push_screen(ChoiceDialog(f"{member.name}'s pilotage role (now {member.pilotage_role})", choices), chosen)

    def action_remove(self) -> None:
        member, tab, org, workspace, project = self.current_member(), self.tab, self.org, self.workspace, self.project
        if member is None:
            return
        if tab == "org":
            where = f"the organization {org.name} (and all its workspaces and projects)"
            op: Operation[Any, Any] = org_ops.remove_org_member
            given: BaseModel = org_ops.OnOrgMember(org_slug=org.slug, user_id=member.user_id)
        elif tab == "workspace" and workspace is not None:
            where = f"the workspace {workspace.name} (and its projects)"
            op = workspace_ops.remove_workspace_member
            given = workspace_ops.OnWorkspaceMember(workspace_id=workspace.id, user_id=member.user_id)
        elif tab == "project" and workspace is not None and project is not None:
            where = f"the project {project.name}"
            op = project_ops.remove_project_member
            given = project_ops.RemoveProjectMember(workspace_id=workspace.id, project=project.id, user=member.user_id)
        else:
            return
        who = "yourself" if member.user_id == self.me else member.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(op, given, f"Removed {member.name} from {where.split(' (')[0]}.")

        self.app.push_screen(ConfirmDialog(f"Remove {who} from {where}?", yes="Remove"), confirmed)

    def action_invite(self) -> None:
        workspace = self.workspace
        if workspace is None:
            self.notify("Open a project first: invitations are to its workspace.", severity="warning")
            return
        self.action_tab("workspace")

        def send(answer: tuple[str, str] | None) -> None:
            if not answer:
                return
            email, role = answer
            self.app.run_operation(  # type: ignore[attr-defined]
                workspace_ops.invite_to_workspace,
                workspace_ops.InviteToWorkspace(
                    workspace_id=workspace.id, data=InviteIn.model_validate({"email": email, "role": role})
                ),
                then=lambda made: self._invited(email, role, made.token),
            )

        hint = "Anyone, with or without an account yet. You get a token to pass on; it works once, for 7 days."
        self.app.push_screen(EmailRoleDialog(f"Invite to {workspace.name}", model=InviteIn, confirm="Invite", hint=hint), send)

    def _invited(self, email: str, role: str, token: str | None) -> None:
        self.reload()
        if token is None:
            return
        where = self.workspace.name if self.workspace else "the workspace"
        how = (
            f"To accept, {email} signs in (POST /auth/register or /auth/login) and calls:\n"
            f"  POST /invitations/{token}/accept\n"
            f"for example: curl -X POST http://localhost:3001/invitations/{token}/accept \\\n"
            f'               -H "Authorization: Bearer THEIR_TOKEN"'
        )
        notes = (f"It lets {email} join {where} as {role}, once, within 7 days.", how)
        self.app.push_screen(SecretDialog(f"Invitation for {email}", token, notes=notes))

    def action_close(self) -> None:
        self.dismiss(None)
