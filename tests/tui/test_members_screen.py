"""Pilot tests of the members screen: add, change roles, remove, invite; errors in the services' words."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from stellary_core.db import Database
from stellary_core.models import OrgMember, ProjectMember, User, WorkspaceMember
from stellary_core.principal import Principal
from stellary_core.schemas.organizations import OrgMemberAddIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import organizations, projects, workspaces
from stellary_tui.app import StellaryApp
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from stellary_tui.screens.form_dialogs import EmailRoleDialog
from stellary_tui.screens.members import MembersScreen
from stellary_tui.screens.secret_dialog import SecretDialog
from tests.tui.conftest import SIZE, make_app, settle
from tests.tui.teammates import demo_teammate, new_user

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def org_id_of(db: Database, workspace_id: str) -> str:
    from stellary_core.models import Workspace

    with db.session() as session:
        return session.get_one(Workspace, workspace_id).org_id


def org_role(db: Database, org_id: str, user_id: str) -> str | None:
    with db.session() as session:
        member = session.get(OrgMember, (org_id, user_id))
        return member.role if member else None


def workspace_roles(db: Database, workspace_id: str, user_id: str) -> tuple[str, str] | None:
    with db.session() as session:
        member = session.get(WorkspaceMember, (workspace_id, user_id))
        return (member.role, member.pilotage_role) if member else None


def in_project(db: Database, project_id: str, user_id: str) -> bool:
    with db.session() as session:
        return session.get(ProjectMember, (project_id, user_id)) is not None


def table_emails(app: StellaryApp, tab: str) -> list[str]:
    table: DataTable[Any] = app.screen.query_one(f"#{tab}-table", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def capture_notifications(app: StellaryApp) -> list[str]:
    said: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


async def open_members(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("M")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MembersScreen)


async def test_the_three_tabs_list_members_with_their_roles(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        emails = table_emails(app, "org")
        assert "ada@demo.stellary.local" in emails and "me@stellary.local" in emails
        org_table: DataTable[Any] = app.screen.query_one("#org-table", DataTable)
        me_row = org_table.get_row_at(emails.index("me@stellary.local"))
        assert me_row[0] == "Demo User (you)" and me_row[2] == "owner"
        await pilot.press("2")
        ws_table: DataTable[Any] = app.screen.query_one("#workspace-table", DataTable)
        assert app.focused is ws_table
        ada = ws_table.get_row_at(table_emails(app, "workspace").index("ada@demo.stellary.local"))
        assert (ada[2], ada[3]) == ("member", "viewer")
        await pilot.press("3")
        assert len(table_emails(app, "project")) == 5


async def test_add_someone_to_the_organization_then_the_workspace_then_the_project(demo: Demo) -> None:
    db, _me, workspace_id, project_id = demo
    bob = new_user(db, "bob@example.com", "Bob Builder")
    org_id = org_id_of(db, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, EmailRoleDialog)
        await pilot.press(*"bob@example.com", "enter")
        await settle(pilot)
        assert org_role(db, org_id, bob.user_id) == "member"
        assert "bob@example.com" in table_emails(app, "org")
        await pilot.press("2", "a")
        await pilot.press(*"BOB@example.com", "tab", "down", "enter")  # the admin role
        await settle(pilot)
        assert workspace_roles(db, workspace_id, bob.user_id) == ("admin", "viewer")
        assert "bob@example.com" in table_emails(app, "workspace")
        await pilot.press("3", "a")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"bob@example.com", "enter")
        await settle(pilot)
        assert in_project(db, project_id, bob.user_id)
        assert "bob@example.com" in table_emails(app, "project")


async def test_the_form_checks_the_email_like_the_api(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        await pilot.press("a", *"not-an-email", "enter")
        assert isinstance(app.screen, EmailRoleDialog)
        assert "Email: use an address like name@example.com" in str(app.screen.query_one("#form-error").render())

        await pilot.press("escape", "3", "a", *"not-an-email", "enter")
        assert isinstance(app.screen, PromptDialog)  # the project's add asks the same before closing
        assert "Email: use an address like name@example.com" in str(app.screen.query_one("#prompt-error").render())


async def test_service_refusals_are_readable_notifications(demo: Demo) -> None:
    db, _me, workspace_id, _project_id = demo
    stranger = new_user(db, "stranger@example.com", "Stranger")
    app = make_app(db)
    said = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        await pilot.press("a", *"ada@demo.stellary.local", "enter")  # already in the organization: 409
        await settle(pilot)
        assert "This user is already a member of the organization" in said
        await pilot.press("2", "a", *"stranger@example.com", "enter")  # not in the organization: 404
        await settle(pilot)
        assert "No member of this organization has this email; send an invitation instead" in said
        assert workspace_roles(db, workspace_id, stranger.user_id) is None


async def test_change_org_role_workspace_role_and_pilotage_role(demo: Demo) -> None:
    db, _me, workspace_id, _project_id = demo
    ada = demo_teammate(db, "ada")
    org_id = org_id_of(db, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        assert table_emails(app, "org")[0] == "ada@demo.stellary.local"
        await pilot.press("r")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # admin
        await settle(pilot)
        assert org_role(db, org_id, ada.user_id) == "admin"
        await pilot.press("2", "r", "down", "enter")
        await settle(pilot)
        assert workspace_roles(db, workspace_id, ada.user_id) == ("admin", "viewer")
        await pilot.press("p", "down", "enter")  # viewer, reviewer, owner
        await settle(pilot)
        assert workspace_roles(db, workspace_id, ada.user_id) == ("admin", "reviewer")
        ws_table: DataTable[Any] = app.screen.query_one("#workspace-table", DataTable)
        assert ws_table.cursor_row == 0  # the cursor stays on Ada across reloads
        assert tuple(ws_table.get_row_at(0)[2:4]) == ("admin", "reviewer")


async def test_remove_asks_first_then_removes(demo: Demo) -> None:
    db, _me, workspace_id, project_id = demo
    ada, grace = demo_teammate(db, "ada"), demo_teammate(db, "grace")
    org_id = org_id_of(db, workspace_id)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        await pilot.press("3", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert in_project(db, project_id, ada.user_id)
        await pilot.press("d", "y")
        await settle(pilot)
        assert not in_project(db, project_id, ada.user_id)
        assert workspace_roles(db, workspace_id, ada.user_id) is not None  # still in the workspace
        await pilot.press("1")
        assert table_emails(app, "org")[1] == "grace@demo.stellary.local"
        await pilot.press("down", "d", "y")
        await settle(pilot)
        assert org_role(db, org_id, grace.user_id) is None
        assert workspace_roles(db, workspace_id, grace.user_id) is None
        assert "grace@demo.stellary.local" not in table_emails(app, "org")


async def test_an_invitation_shows_a_token_that_the_invited_user_can_accept(demo: Demo) -> None:
    db, _me, workspace_id, _project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_members(pilot)
        await pilot.press("i")
        assert isinstance(app.screen, EmailRoleDialog)
        await pilot.press(*"carol@example.com", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SecretDialog)
        token = dialog.secret
        assert len(token) >= 40
        assert app.clipboard == token
        shown = "\n".join(str(w.render()) for w in dialog.query("Static"))
        assert token in shown and "shown once" in shown and f"/invitations/{token}/accept" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        pending: DataTable[Any] = app.screen.query_one("#invitation-table", DataTable)
        assert [str(pending.get_row_at(i)[0]) for i in range(pending.row_count)] == ["carol@example.com"]
        carol = new_user(db, "carol@example.com", "Carol")
        with db.session(write=True) as session:
            workspaces.accept_invitation(session, actor=carol, token=token)
        assert workspace_roles(db, workspace_id, carol.user_id) == ("member", "viewer")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("M", "2")
        await settle(pilot)
        assert "carol@example.com" in table_emails(app, "workspace")


async def test_a_plain_member_sees_the_refusals(demo: Demo) -> None:
    """In someone else's organization the local profile is a member: adding is a 403, invitations are hidden."""
    db, me, _workspace_id, _project_id = demo
    bob = new_user(db, "bob@example.com", "Bob")
    with db.session(write=True) as session:
        slug = organizations.list_organizations(session, actor=bob)[0].org.slug
        me_email = session.get_one(User, me.user_id).email
        organizations.add_member(session, actor=bob, org_slug=slug, data=OrgMemberAddIn.model_validate({"email": me_email, "role": "member"}))
        bob_ws = workspaces.list_workspaces(session, actor=bob, org_slug=slug)[0].workspace.id
        workspaces.add_member(session, actor=bob, workspace_id=bob_ws, email=me_email)
        bobs = projects.create_project(session, actor=bob, workspace_id=bob_ws, data=ProjectCreateIn(name="Bob's Plans")).project
        projects.add_member(session, actor=bob, workspace_id=bob_ws, project_id=bobs.id, email=me_email)
    app = make_app(db)
    said = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        main.switch_project(bobs.id)  # type: ignore[attr-defined]
        await settle(pilot)
        await open_members(pilot)
        assert "bob@example.com" in table_emails(app, "org")
        await pilot.press("a", *"ada@demo.stellary.local", "enter")
        await settle(pilot)
        assert "Only organization owners and admins can manage members" in said
        await pilot.press("2")
        pending: DataTable[Any] = app.screen.query_one("#invitation-table", DataTable)
        assert "Only workspace admins" in str(pending.get_row_at(0)[0])
        await pilot.press("i", *"dave@example.com", "enter")
        await settle(pilot)
        assert any("admin" in message.lower() for message in said[-1:])
        assert not isinstance(app.screen, SecretDialog)


async def test_the_palette_opens_members(demo: Demo) -> None:
    db, *_ = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Members")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
