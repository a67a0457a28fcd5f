"""Typed domain events: one frozen class per kind of change.

Every event carries an id, the time it happened (naive UTC, like every time in
the core), the actor, the event that caused it (if any) and its depth in such
a chain: 0 for a direct action, one more for each event an automation emits in
answer to another, so loops can be stopped. Where a change happened is in
``workspace_id``, ``project_id`` and ``card_id``, and its details in ``data``:
the activity log stores ``data`` as an activity's ``meta``, so its keys are the
contract's.

``type`` is the event's name, a class attribute: the activity log records the
nine types of the contract and pilotage's proposals and reviews
(``models.ACTIVITY_TYPES``) and ignores the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from stellary_core.clock import utcnow
from stellary_core.ids import new_id
from stellary_core.models.activity import ACTIVITY_TYPES
from stellary_core.principal import Principal, PrincipalKind

if TYPE_CHECKING:
    from stellary_core.models import Project

ActorKind = Literal["user", "token", "automation", "agent"]

_ACTOR_KINDS: dict[PrincipalKind, ActorKind] = {
    "jwt": "user",
    "local": "user",
    "pat": "token",
    "automation": "automation",
    "agent": "agent",
}


@dataclass(frozen=True)
class Actor:
    """Who made a change. ``id`` names the acting thing (a user, a token...); ``user_id`` whom it acts for."""

    kind: ActorKind
    id: str
    user_id: str

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        kind = _ACTOR_KINDS[principal.kind]
        # A person acts as themselves; a token, automation or agent is named by its own id when it has one.
        acting = principal.user_id if kind == "user" else (principal.token_id or principal.user_id)
        return cls(kind, acting, principal.user_id)

    @classmethod
    def user(cls, user_id: str) -> Actor:
        """A person acting without a principal yet (signing up creates their account and personal space)."""
        return cls("user", user_id, user_id)


EVENT_CLASSES: dict[str, type[DomainEvent]] = {}


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """What every event carries. Concrete classes set ``type`` and which places they require."""

    type: ClassVar[str] = ""

    actor: Actor
    workspace_id: str | None = None
    project_id: str | None = None
    card_id: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    cause: str | None = None
    depth: int = 0
    id: str = field(default_factory=new_id)
    at: datetime = field(default_factory=utcnow)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("type")
        if isinstance(name, str) and name:
            if name in EVENT_CLASSES:
                raise TypeError(f"two event classes are named {name!r}")
            EVENT_CLASSES[name] = cls

    @property
    def actor_id(self) -> str:
        """The person the change was made for (an activity's actor, never notified of it)."""
        return self.actor.user_id

    @property
    def may_notify(self) -> bool:
        """Whether the activity log records it, and so may notify someone."""
        return self.type in ACTIVITY_TYPES


# -- places ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WorkspaceEvent(DomainEvent):
    workspace_id: str


@dataclass(frozen=True, kw_only=True)
class ProjectEvent(DomainEvent):
    workspace_id: str
    project_id: str


@dataclass(frozen=True, kw_only=True)
class CardEvent(ProjectEvent):
    card_id: str


ProjectEventT = TypeVar("ProjectEventT", bound=ProjectEvent)


def project_event(kind: type[ProjectEventT], actor: Principal, project: Project, **data: Any) -> ProjectEventT:
    """An event about a project or something of it; one card's events are built by ``services.cards.card_event``."""
    return kind(actor=Actor.of(actor), workspace_id=project.workspace_id, project_id=project.id, data=data)


# -- cards (activity types) --------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CardCreated(CardEvent):
    type = "card_created"


@dataclass(frozen=True, kw_only=True)
class CardUpdated(CardEvent):
    type = "card_updated"


@dataclass(frozen=True, kw_only=True)
class CardMoved(CardEvent):
    type = "card_moved"


@dataclass(frozen=True, kw_only=True)
class CardArchived(CardEvent):
    type = "card_archived"


@dataclass(frozen=True, kw_only=True)
class CardDeleted(CardEvent):
    type = "card_deleted"


@dataclass(frozen=True, kw_only=True)
class CardAssigned(CardEvent):
    type = "card_assigned"


@dataclass(frozen=True, kw_only=True)
class CommentAdded(CardEvent):
    type = "comment_added"


@dataclass(frozen=True, kw_only=True)
class CardRecurred(CardEvent):
    """A recurring card was done and its next occurrence made: ``card_id`` is the new card.

    Not an activity type: the new card's ``card_created`` activity records it, with
    ``recurredFrom`` (the done card's key) in its meta.
    """

    type = "card_recurred"


# -- members (activity types, plus role changes) ---------------------------
# One class per change for the three levels: ``data["orgId"]`` names an
# organization's member, ``workspace_id`` a workspace's, ``project_id`` a project's.


@dataclass(frozen=True, kw_only=True)
class MemberAdded(DomainEvent):
    type = "member_added"


@dataclass(frozen=True, kw_only=True)
class MemberRemoved(DomainEvent):
    type = "member_removed"


@dataclass(frozen=True, kw_only=True)
class MemberRoleChanged(DomainEvent):
    type = "member_role_changed"


# -- the board's structure ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ColumnCreated(ProjectEvent):
    type = "column_created"


@dataclass(frozen=True, kw_only=True)
class ColumnUpdated(ProjectEvent):
    type = "column_updated"


@dataclass(frozen=True, kw_only=True)
class ColumnMoved(ProjectEvent):
    type = "column_moved"


@dataclass(frozen=True, kw_only=True)
class ColumnDeleted(ProjectEvent):
    type = "column_deleted"


@dataclass(frozen=True, kw_only=True)
class ScopeCreated(ProjectEvent):
    type = "scope_created"


@dataclass(frozen=True, kw_only=True)
class ScopeUpdated(ProjectEvent):
    type = "scope_updated"


@dataclass(frozen=True, kw_only=True)
class ScopeViewChanged(ProjectEvent):
    type = "scope_view_changed"


@dataclass(frozen=True, kw_only=True)
class ScopeDeleted(ProjectEvent):
    type = "scope_deleted"


@dataclass(frozen=True, kw_only=True)
class LabelCreated(ProjectEvent):
    type = "label_created"


@dataclass(frozen=True, kw_only=True)
class LabelUpdated(ProjectEvent):
    type = "label_updated"


@dataclass(frozen=True, kw_only=True)
class LabelDeleted(ProjectEvent):
    type = "label_deleted"


@dataclass(frozen=True, kw_only=True)
class CustomFieldCreated(ProjectEvent):
    type = "custom_field_created"


@dataclass(frozen=True, kw_only=True)
class CustomFieldUpdated(ProjectEvent):
    type = "custom_field_updated"


@dataclass(frozen=True, kw_only=True)
class CustomFieldDeleted(ProjectEvent):
    type = "custom_field_deleted"


@dataclass(frozen=True, kw_only=True)
class SavedFilterCreated(ProjectEvent):
    type = "saved_filter_created"


@dataclass(frozen=True, kw_only=True)
class SavedFilterDeleted(ProjectEvent):
    type = "saved_filter_deleted"


# -- projects, workspaces, organizations -------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProjectCreated(ProjectEvent):
    type = "project_created"


@dataclass(frozen=True, kw_only=True)
class ProjectUpdated(ProjectEvent):
    type = "project_updated"


@dataclass(frozen=True, kw_only=True)
class ProjectDeleted(ProjectEvent):
    type = "project_deleted"


@dataclass(frozen=True, kw_only=True)
class WorkspaceCreated(WorkspaceEvent):
    type = "workspace_created"


@dataclass(frozen=True, kw_only=True)
class InvitationCreated(WorkspaceEvent):
    type = "invitation_created"


@dataclass(frozen=True, kw_only=True)
class InvitationAccepted(WorkspaceEvent):
    type = "invitation_accepted"


@dataclass(frozen=True, kw_only=True)
class OrganizationCreated(DomainEvent):
    type = "organization_created"


@dataclass(frozen=True, kw_only=True)
class OrganizationUpdated(DomainEvent):
    type = "organization_updated"


@dataclass(frozen=True, kw_only=True)
class OrganizationDeleted(DomainEvent):
    type = "organization_deleted"


# -- documents ---------------------------------------------------------------
# ``data`` names the document (``documentId``, ``title``) and its ``status`` after the change.


@dataclass(frozen=True, kw_only=True)
class DocumentCreated(WorkspaceEvent):
    type = "document_created"


@dataclass(frozen=True, kw_only=True)
class DocumentUpdated(WorkspaceEvent):
    """Title, content, type, place in the tree or context changed; ``data["fields"]`` says which."""

    type = "document_updated"


@dataclass(frozen=True, kw_only=True)
class DocumentDeleted(WorkspaceEvent):
    type = "document_deleted"


@dataclass(frozen=True, kw_only=True)
class DocumentSubmitted(WorkspaceEvent):
    """Submitted for review: now ``pending_review``."""

    type = "document_submitted"


@dataclass(frozen=True, kw_only=True)
class DocumentReviewed(WorkspaceEvent):
    """Reviewed: ``data["status"]`` is ``approved`` or ``changes_requested``; ``authorId`` whose document it is."""

    type = "document_reviewed"


# -- project drafts (the wizard) -----------------------------------------------
# ``data`` names the draft (``draftId``, ``name``) and its ``stage`` after the change.


@dataclass(frozen=True, kw_only=True)
class ProjectDraftCreated(WorkspaceEvent):
    type = "project_draft_created"


@dataclass(frozen=True, kw_only=True)
class ProjectDraftUpdated(WorkspaceEvent):
    """Edited, refined, given a roadmap or executed (then ``data["projectId"]`` names the new project)."""

    type = "project_draft_updated"


@dataclass(frozen=True, kw_only=True)
class ProjectDraftDeleted(WorkspaceEvent):
    type = "project_draft_deleted"


# -- the account -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class UserCreated(DomainEvent):
    type = "user_created"


@dataclass(frozen=True, kw_only=True)
class ProfileUpdated(DomainEvent):
    type = "profile_updated"


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(DomainEvent):
    type = "password_changed"


@dataclass(frozen=True, kw_only=True)
class TokenCreated(DomainEvent):
    type = "token_created"


@dataclass(frozen=True, kw_only=True)
class TokenRevoked(DomainEvent):
    type = "token_revoked"


@dataclass(frozen=True, kw_only=True)
class NotificationsRead(DomainEvent):
    type = "notifications_read"


@dataclass(frozen=True, kw_only=True)
class PreferenceSet(DomainEvent):
    """A remembered choice of the interface (the last project opened...): no data anyone else reads."""

    type = "preference_set"


# -- pilotage ----------------------------------------------------------------
# ``data`` names the item (``missionId``, ``priorityId``...). Only a proposal and its
# review are activities: they notify the workspace's reviewers and owners, then the proposer.


@dataclass(frozen=True, kw_only=True)
class PilotageCycleChanged(WorkspaceEvent):
    type = "pilotage_cycle_changed"


@dataclass(frozen=True, kw_only=True)
class PilotageMissionCreated(WorkspaceEvent):
    type = "pilotage_mission_created"


@dataclass(frozen=True, kw_only=True)
class PilotageMissionUpdated(WorkspaceEvent):
    type = "pilotage_mission_updated"


@dataclass(frozen=True, kw_only=True)
class PilotageMissionDeleted(WorkspaceEvent):
    type = "pilotage_mission_deleted"


@dataclass(frozen=True, kw_only=True)
class PilotagePriorityCreated(WorkspaceEvent):
    type = "pilotage_priority_created"


@dataclass(frozen=True, kw_only=True)
class PilotagePriorityUpdated(WorkspaceEvent):
    type = "pilotage_priority_updated"


@dataclass(frozen=True, kw_only=True)
class PilotagePriorityDeleted(WorkspaceEvent):
    type = "pilotage_priority_deleted"


@dataclass(frozen=True, kw_only=True)
class PilotageTodoCreated(WorkspaceEvent):
    type = "pilotage_todo_created"


@dataclass(frozen=True, kw_only=True)
class PilotageTodoUpdated(WorkspaceEvent):
    type = "pilotage_todo_updated"


@dataclass(frozen=True, kw_only=True)
class PilotageTodoDeleted(WorkspaceEvent):
    type = "pilotage_todo_deleted"


@dataclass(frozen=True, kw_only=True)
class PilotageDecisionRecorded(WorkspaceEvent):
    type = "pilotage_decision_recorded"


@dataclass(frozen=True, kw_only=True)
class PilotageDecisionUpdated(WorkspaceEvent):
    type = "pilotage_decision_updated"


@dataclass(frozen=True, kw_only=True)
class PilotageDecisionDeleted(WorkspaceEvent):
    type = "pilotage_decision_deleted"


@dataclass(frozen=True, kw_only=True)
class PilotageDocAdded(WorkspaceEvent):
    type = "pilotage_doc_added"


@dataclass(frozen=True, kw_only=True)
class PilotageDocUpdated(WorkspaceEvent):
    type = "pilotage_doc_updated"


@dataclass(frozen=True, kw_only=True)
class PilotageDocDeleted(WorkspaceEvent):
    type = "pilotage_doc_deleted"


@dataclass(frozen=True, kw_only=True)
class ActionProposed(WorkspaceEvent):
    """An activity: notifies the workspace's pilotage reviewers and owners."""

    type = "action_proposed"


@dataclass(frozen=True, kw_only=True)
class ActionReviewed(WorkspaceEvent):
    """An activity: notifies whoever proposed the action (``data["proposedBy"]``)."""

    type = "action_reviewed"


@dataclass(frozen=True, kw_only=True)
class ActionApplied(WorkspaceEvent):
    type = "action_applied"


@dataclass(frozen=True, kw_only=True)
class ActionApplyFailed(WorkspaceEvent):
    """Applying an approved action failed and changed nothing but its recorded error (``data["error"]``)."""

    type = "action_apply_failed"


# -- automations -------------------------------------------------------------
# ``data`` names the rule (``ruleId``, ``name``). A rule's own changes to cards are the
# ordinary card events, with the rule as their actor (``Actor.kind == "automation"``).


@dataclass(frozen=True, kw_only=True)
class AutomationCreated(ProjectEvent):
    type = "automation_created"


@dataclass(frozen=True, kw_only=True)
class AutomationUpdated(ProjectEvent):
    """Edited or toggled; ``data["enabled"]`` is its state after the change."""

    type = "automation_updated"


@dataclass(frozen=True, kw_only=True)
class AutomationDeleted(ProjectEvent):
    type = "automation_deleted"


@dataclass(frozen=True, kw_only=True)
class AutomationRan(ProjectEvent):
    """A trace was written: ``data["result"]`` is ``success`` or ``failure``."""

    type = "automation_ran"


@dataclass(frozen=True, kw_only=True)
class AutomationNotified(CardEvent):
    """A rule's ``notify`` action: an activity that notifies ``data["userId"]`` alone, with ``data["message"]``."""

    type = "automation_notified"


@dataclass(frozen=True, kw_only=True)
class DueDateReached(CardEvent):
    """A card's due date has passed (``data["dueDate"]``): raised once per card and due date by the scheduler."""

    type = "due_date_reached"
# -- agents and their missions --------------------------------------------------------------
# ``data`` of a mission event names ``missionId``, ``agentId``, ``cardId``, ``status`` and the
# ``requesterId`` to notify; of a proposal event also ``proposalId`` and ``tool``.


@dataclass(frozen=True, kw_only=True)
class AgentCreated(WorkspaceEvent):
    type = "agent_created"


@dataclass(frozen=True, kw_only=True)
class AgentUpdated(WorkspaceEvent):
    type = "agent_updated"


@dataclass(frozen=True, kw_only=True)
class AgentDeleted(WorkspaceEvent):
    type = "agent_deleted"


@dataclass(frozen=True, kw_only=True)
class MissionQueued(WorkspaceEvent):
    type = "mission_queued"


@dataclass(frozen=True, kw_only=True)
class MissionStarted(WorkspaceEvent):
    type = "mission_started"


@dataclass(frozen=True, kw_only=True)
class MissionAwaitingApproval(WorkspaceEvent):
    """An activity: notifies the mission's requester that proposals wait for a decision."""

    type = "mission_awaiting_approval"


@dataclass(frozen=True, kw_only=True)
class MissionEnded(WorkspaceEvent):
    """An activity: notifies the requester that the mission completed, failed or was cancelled (``data["status"]``)."""

    type = "mission_ended"


@dataclass(frozen=True, kw_only=True)
class AgentProposalMade(WorkspaceEvent):
    type = "agent_proposal_made"


@dataclass(frozen=True, kw_only=True)
class AgentProposalDecided(WorkspaceEvent):
    type = "agent_proposal_decided"
