"""The activity log and notification fan-out, an in-transaction subscriber of domain events.

``stellary_core.subscribers.register_all`` subscribes it. It runs inside the
emitting transaction: a change and its record commit together. Only the
contract's activity types are recorded; the other events pass by. Each
activity notifies the project's members and the card's assignee (and, for
membership changes, the member concerned; for a proposed action, the
workspace's pilotage reviewers and owners; for its review, the proposer), never
the actor.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.event_types import DomainEvent
from stellary_core.ids import new_id
from stellary_core.models import (
    ACTIVITY_TYPES,
    MISSION_NOTICES,
    Activity,
    AutomationRule,
    Card,
    Notification,
    ProjectMember,
    WorkspaceMember,
)


# Built once: every card write runs these under the write lock, and building a statement
# (and its cache key) costs SQLAlchemy about as much as running it.
_MEMBERS_OF_PROJECT = select(ProjectMember.user_id).where(ProjectMember.project_id == bindparam("project_id"))


def _project_members(session: Session, project_id: str) -> set[str]:
    cache: dict[str, set[str]] = session.info.setdefault("project_members_cache", {})
    if project_id not in cache:
        cache[project_id] = set(session.scalars(_MEMBERS_OF_PROJECT, {"project_id": project_id}))
    return cache[project_id]


def forget_project_members(session: Session) -> None:
    session.info.pop("project_members_cache", None)


def _pilotage_reviewers(session: Session, workspace_id: str) -> set[str]:
    """Who reviews proposed actions in a workspace: its pilotage reviewers and owners."""
    query = select(WorkspaceMember.user_id).where(
        WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.pilotage_role.in_(("reviewer", "owner"))
    )
    return set(session.scalars(query))


def recipients(session: Session, domain_event: DomainEvent) -> set[str]:
    if domain_event.type == "automation_notified":
        # The rule names whom it tells, and tells them even when they triggered it.
        return {str(domain_event.data["userId"])}
    if domain_event.type in MISSION_NOTICES:
        return _mission_requester(domain_event)
    people: set[str] = set()
    if domain_event.project_id:
        people |= _project_members(session, domain_event.project_id)
    if domain_event.card_id:
        # The emitting service has usually just loaded (or changed) the card: the session holds it.
        card = session.get(Card, domain_event.card_id)
        if card is not None and card.assignee_id:
            people.add(card.assignee_id)
    if domain_event.type.startswith("member_") and domain_event.data.get("userId"):
        people.add(str(domain_event.data["userId"]))
    if domain_event.type == "action_proposed" and domain_event.workspace_id:
        people |= _pilotage_reviewers(session, domain_event.workspace_id)
    if domain_event.type == "action_reviewed" and domain_event.data.get("proposedBy"):
        people.add(str(domain_event.data["proposedBy"]))
    people.discard(domain_event.actor_id or "")
    return people


def _mission_requester(domain_event: DomainEvent) -> set[str]:
    """The person who started the mission, unless they made this change themselves.

    The agent acts on the requester's behalf (its events carry them as the user), yet the
    point of the notice is to tell them what the agent did: only their own hand is left out.
    """
    requester = domain_event.data.get("requesterId")
    if not requester:
        return set()
    by_themselves = domain_event.actor.kind in ("user", "token") and domain_event.actor.user_id == requester
    return set() if by_themselves else {str(requester)}


_INSERT_ACTIVITY = insert(cast(Table, Activity.__table__))
_INSERT_NOTIFICATIONS = insert(cast(Table, Notification.__table__))


def _meta(session: Session, domain_event: DomainEvent) -> dict[str, object]:
    """The event's data; a change an automation made also says which rule made it (notifications show it)."""
    meta = dict(domain_event.data)
    if domain_event.actor.kind == "automation":
        # The engine loaded the rule in this transaction: the session holds it.
        rule = session.get(AutomationRule, domain_event.actor.id)
        meta["automation"] = {"ruleId": domain_event.actor.id, "name": rule.name if rule is not None else None}
    return meta


def record_activity(session: Session, domain_event: DomainEvent) -> None:
    if domain_event.type not in ACTIVITY_TYPES:
        return
    if domain_event.type.startswith("member_"):
        forget_project_members(session)
    created_at = utcnow()
    # Id and time given here rather than at flush: the notifications need them, not a round trip.
    activity_id = new_id()
    # Plain INSERTs on the tables, not ORM objects: nothing reads these rows back in the
    # transaction, and every card write pays for them inside the write lock. Pending
    # changes go first (the event may name a project or card this transaction made).
    session.flush()
    connection = session.connection()
    connection.execute(
        _INSERT_ACTIVITY,
        {
            "id": activity_id,
            "created_at": created_at,
            "workspace_id": domain_event.workspace_id,
            "project_id": domain_event.project_id,
            "card_id": domain_event.card_id,
            "actor_id": domain_event.actor_id,
            "type": domain_event.type,
            "meta": _meta(session, domain_event),
        },
    )
    people = sorted(recipients(session, domain_event))
    if people:
        connection.execute(
            _INSERT_NOTIFICATIONS,
            [{"id": new_id(), "user_id": user_id, "activity_id": activity_id, "created_at": created_at} for user_id in people],
        )
