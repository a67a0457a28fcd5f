"""What the TUI's collaboration and transfer screens need in one call each.

The members screen shows an organization, one of its workspaces (with its
pending invitations) and one of its projects together; the notifications panel
shows the notifications with the names of the people they mention; opening a
notification marks it read and says which card to open; importing a file sends
the file's text, read by the shell, so that the core decodes and checks it (as
it would on a team server). Each is one transaction, so what a screen shows is
one consistent reading. The row types are re-exported here: the TUI imports
them from the operation that returns them, never from a service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import Field

from stellary_core.errors import Forbidden, NotFound
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.services import cards, notifications, organizations, projects, transfer, workspaces
from stellary_core.services.activity_log import ActivityEntry
from stellary_core.services.notifications import NotificationView

__all__ = [
    "ActivityEntry",
    "CardTarget",
    "GetMembersOverview",
    "GetNotificationsPanel",
    "ImportProjectFile",
    "ImportedProject",
    "Member",
    "MembersOverview",
    "NotificationLine",
    "NotificationsPanel",
    "OpenNotification",
    "PendingInvitation",
]

READ = "projects:read"
WRITE = "projects:write"
NOTIFICATIONS = "notifications:read"


# -- members ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    user_id: str
    name: str
    email: str
    role: str | None  # None for a project member: workspace roles apply
    pilotage_role: str | None  # workspace members only
    joined_at: datetime


@dataclass(frozen=True)
class PendingInvitation:
    email: str
    role: str
    expires_at: datetime


@dataclass(frozen=True)
class MembersOverview:
    org: list[Member]
    workspace: list[Member]
    invitations: list[PendingInvitation] | None  # None: only workspace admins may see them
    project: list[Member]


class GetMembersOverview(OperationInput):
    org_slug: str
    workspace_id: str | None = None
    project_id: str | None = None  # read only with a workspace


@operation("get_members_overview", input=GetMembersOverview, output=MembersOverview, scope=READ, writes=False)
def get_members_overview(ctx: OperationContext, given: GetMembersOverview) -> MembersOverview:
    """The members of an organization, of one of its workspaces (with pending invitations) and of a project."""
    session, actor = ctx.session, ctx.actor
    org = [
        Member(m.user_id, m.name, m.email, m.role, None, m.joined_at)
        for m in organizations.list_members(session, actor=actor, org_slug=given.org_slug)
    ]
    workspace: list[Member] = []
    invitations: list[PendingInvitation] | None = None
    project: list[Member] = []
    if given.workspace_id is not None:
        workspace = [
            Member(m.user_id, m.name, m.email, m.role, m.pilotage_role, m.joined_at)
            for m in workspaces.list_members(session, actor=actor, workspace_id=given.workspace_id)
        ]
        try:
            invitations = [
                PendingInvitation(v.invitation.email, v.invitation.role, v.invitation.expires_at)
                for v in workspaces.list_invitations(session, actor=actor, workspace_id=given.workspace_id)
            ]
        except Forbidden:
            invitations = None  # a member who is no admin sees the members, not the invitations
        if given.project_id is not None:
            project = [
                Member(m.user_id, m.name, m.email, None, None, m.joined_at)
                for m in projects.list_members(
                    session, actor=actor, workspace_id=given.workspace_id, project_id=given.project_id
                )
            ]
    return MembersOverview(org, workspace, invitations, project)


# -- notifications ---------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationLine:
    id: str
    unread: bool
    entry: ActivityEntry  # what happened, as a card's activity tab words it
    workspace_id: str | None
    project_id: str | None


@dataclass(frozen=True)
class NotificationsPanel:
    lines: list[NotificationLine]
    unread: int
    people: dict[str, str]  # user id -> name, to say who a card was assigned to ("you" for the reader)


class GetNotificationsPanel(OperationInput):
    unread_only: bool = False
    limit: Annotated[int, Field(ge=1, le=500)] = 200


def _line(view: NotificationView) -> NotificationLine:
    activity = view.activity
    entry = ActivityEntry(
        id=activity.id,
        type=activity.type,
        actor_id=activity.actor_id,
        actor_name=view.actor_name or "Unknown user",
        card_id=activity.card_id,
        meta=dict(activity.meta or {}),
        created_at=view.notification.created_at,
    )
    unread = view.notification.read_at is None
    return NotificationLine(view.notification.id, unread, entry, activity.workspace_id, activity.project_id)


@operation(
    "get_notifications_panel", input=GetNotificationsPanel, output=NotificationsPanel, scope=NOTIFICATIONS, writes=False
)
def get_notifications_panel(ctx: OperationContext, given: GetNotificationsPanel) -> NotificationsPanel:
    """The actor's notifications, newest first, with the unread count and the names of the people they mention."""
    session, actor = ctx.session, ctx.actor
    views = notifications.list_notifications(session, actor=actor, limit=given.limit, unread_only=given.unread_only)
    lines = [_line(v) for v in views]
    people: dict[str, str] = {}
    for workspace_id in {line.workspace_id for line in lines if line.workspace_id}:
        try:
            found = cards.people(session, actor=actor, workspace_id=workspace_id)
        except NotFound:
            continue  # a workspace the actor has left: its people are not theirs to name
        people.update({user_id: user.name for user_id, user in found.items()})
    people[actor.user_id] = "you"
    return NotificationsPanel(lines, notifications.unread_count(session, actor=actor), people)


@dataclass(frozen=True)
class CardTarget:
    """Where a notification leads: the card to open."""

    project_id: str
    card_id: str


class OpenNotification(OperationInput):
    notification_id: str


@operation("open_notification", input=OpenNotification, output=CardTarget | None, scope=NOTIFICATIONS, writes=True)
def open_notification(ctx: OperationContext, given: OpenNotification) -> CardTarget | None:
    """Mark a notification read and name its card, or None if there is none to open (deleted, or about membership)."""
    session, actor = ctx.session, ctx.actor
    view = notifications.mark_read(session, actor=actor, notification_id=given.notification_id)
    activity = view.activity
    if not (activity.card_id and activity.project_id and activity.workspace_id) or activity.type == "card_deleted":
        return None
    try:
        cards.get_card(
            session, actor=actor, workspace_id=activity.workspace_id, project_id=activity.project_id,
            card_id=activity.card_id,
        )
    except NotFound:
        return None
    return CardTarget(activity.project_id, activity.card_id)


# -- transfer --------------------------------------------------------------------------


class ImportProjectFile(InWorkspace):
    """A ``stellary.project/1`` file's text as the shell read it; ``source`` names the file in messages."""

    text: str
    source: str


@dataclass(frozen=True)
class ImportedProject:
    id: str
    name: str
    card_count: int
    key_prefix: str
    notes: tuple[str, ...] = ()  # the name or key prefix it got instead of the file's, in words
    file_count: int = 0


@operation("import_project_file", input=ImportProjectFile, output=ImportedProject, scope=WRITE, writes=True)
def import_project_file(ctx: OperationContext, given: ImportProjectFile) -> ImportedProject:
    """Create a project from an exported file's text, all or nothing; bad JSON or a bad field is a 400."""
    data = transfer.parse_snapshot(transfer.decode_snapshot_file(given.text, given.source))
    ws = refs.workspace(ctx, given)
    view = transfer.import_project(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=data)
    made = view.project
    notes = tuple(transfer.import_notes(data.project, made.name, made.key_prefix))
    files = sum(len(card.attachments) for card in data.cards)
    return ImportedProject(made.id, made.name, len(data.cards), made.key_prefix, notes, files)
