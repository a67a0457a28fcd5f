"""Which committed changes each live screen reloads for.

``None`` stands for a change made by another process, seen by the change
watcher without saying what it was: everything reloads. A typed event says
what changed, so a card move reloads its board, not the navigator nor the
unread count.
"""

from __future__ import annotations

from stellary_core.event_types import (
    AutomationCreated,
    AutomationDeleted,
    AutomationRan,
    AutomationUpdated,
    ColumnCreated,
    ColumnDeleted,
    ColumnMoved,
    ColumnUpdated,
    CustomFieldCreated,
    CustomFieldDeleted,
    CustomFieldUpdated,
    DocumentCreated,
    DocumentDeleted,
    DocumentReviewed,
    DocumentSubmitted,
    DocumentUpdated,
    DomainEvent,
    InvitationAccepted,
    InvitationCreated,
    LabelCreated,
    LabelDeleted,
    LabelUpdated,
    MemberAdded,
    MemberRemoved,
    MemberRoleChanged,
    NotificationsRead,
    OrganizationCreated,
    OrganizationDeleted,
    OrganizationUpdated,
    ProfileUpdated,
    ProjectCreated,
    ProjectDeleted,
    ProjectUpdated,
    ScopeDeleted,
    ScopeViewChanged,
    TokenCreated,
    TokenRevoked,
    WorkspaceCreated,
)

# The navigator shows organizations, workspaces and projects, and which of them one may see or run.
_NAVIGATION = (
    OrganizationCreated,
    OrganizationUpdated,
    OrganizationDeleted,
    WorkspaceCreated,
    ProjectCreated,
    ProjectUpdated,
    ProjectDeleted,
    MemberAdded,
    MemberRemoved,
    MemberRoleChanged,
)
_MEMBERS = (MemberAdded, MemberRemoved, MemberRoleChanged, InvitationCreated, InvitationAccepted, ProfileUpdated)
_TOKENS = (TokenCreated, TokenRevoked)
_DOCUMENTS = (DocumentCreated, DocumentUpdated, DocumentDeleted, DocumentSubmitted, DocumentReviewed)
# The project settings show the project's labels and custom fields and the columns of one of its scopes.
_SETTINGS = (
    LabelCreated,
    LabelUpdated,
    LabelDeleted,
    CustomFieldCreated,
    CustomFieldUpdated,
    CustomFieldDeleted,
    ColumnCreated,
    ColumnUpdated,
    ColumnMoved,
    ColumnDeleted,
    ScopeDeleted,
)


def navigator_changed(event: DomainEvent | None) -> bool:
    return event is None or isinstance(event, _NAVIGATION)


def board_changed(event: DomainEvent | None, *, workspace_id: str | None, project_id: str | None) -> bool:
    """Whether the board of ``project_id`` (in ``workspace_id``) may show something else now."""
    if event is None:
        return True
    if isinstance(event, (ProjectDeleted, ScopeViewChanged)):
        return False  # the navigator closes a deleted project; a remembered view changes no data
    if project_id is not None and event.project_id == project_id:
        return True
    if isinstance(event, (MemberAdded, MemberRemoved)) and event.project_id is None:
        # The board names the workspace's people, and someone leaving gives up their cards.
        return event.workspace_id is None or event.workspace_id == workspace_id
    return isinstance(event, ProfileUpdated)  # a name shown on cards


def notifications_changed(event: DomainEvent | None, *, me: str | None) -> bool:
    """Whether ``me``'s notifications (or their unread count) may have changed: never by one's own change."""
    if event is None:
        return True
    if isinstance(event, NotificationsRead):
        return event.actor_id == me
    return event.may_notify and event.actor_id != me


def members_changed(event: DomainEvent | None) -> bool:
    return event is None or isinstance(event, _MEMBERS)


def tokens_changed(event: DomainEvent | None) -> bool:
    return event is None or isinstance(event, _TOKENS)


def settings_changed(event: DomainEvent | None, *, project_id: str) -> bool:
    """Whether the settings of ``project_id`` (labels, custom fields, the scope's columns) may read otherwise now."""
    return event is None or (isinstance(event, _SETTINGS) and event.project_id == project_id)


def documents_changed(event: DomainEvent | None, *, workspace_id: str) -> bool:
    """Whether the documents of ``workspace_id`` (or the names in their review history) may read otherwise now."""
    if event is None:
        return True
    if isinstance(event, _DOCUMENTS):
        return event.workspace_id == workspace_id
    return isinstance(event, ProfileUpdated)  # a reviewer's name, in the history


# Every event of a workspace's pilotage, and of its proposed actions, is named so: a new one is seen too.
_COCKPIT_TYPES = ("pilotage_", "action_")


def cockpit_changed(event: DomainEvent | None, *, workspace_id: str) -> bool:
    """Whether the cockpit of ``workspace_id`` may read otherwise now: its pilotage, its proposed actions,
    a role there (what one may do), or a name (a decision's author)."""
    if event is None or isinstance(event, ProfileUpdated):
        return True
    if event.workspace_id != workspace_id:
        return False
    return isinstance(event, MemberRoleChanged) or event.type.startswith(_COCKPIT_TYPES)


_RULES = (AutomationCreated, AutomationUpdated, AutomationDeleted, AutomationRan)


def automations_changed(event: DomainEvent | None, *, project_id: str) -> bool:
    """Whether the Automations screen of ``project_id`` may read otherwise now: a rule, a run (last run, count),
    or a name a rule is shown by (a column, label or custom field of the project; a member)."""
    if event is None or members_changed(event):
        return True
    return isinstance(event, (*_RULES, *_SETTINGS)) and event.project_id == project_id


def traces_changed(event: DomainEvent | None, *, rule_id: str) -> bool:
    """Whether a rule's traces may read otherwise now: it ran, or a name they show changed."""
    if event is None or isinstance(event, ProfileUpdated):
        return True
    return isinstance(event, AutomationRan) and event.data.get("ruleId") == rule_id
