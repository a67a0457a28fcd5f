"""Proposed actions: proposed, reviewed, then applied (contract section 6).

Lifecycle: ``suggested`` → ``approved`` or ``rejected`` (review, from
``suggested`` only) → ``applied`` (apply, from ``approved`` only); anything
else is a 409. Reviewers and owners propose and review; only owners apply.
The payload of a type apply runs (``schemas.action_payloads``) is checked when
proposed, so a malformed one is a 400 then rather than a failure later.

Running an action is the operations layer's (``operations.catalog.pilotage_actions``):
it runs the same operation REST runs, inside a savepoint, and reports here with
``mark_applied`` or ``mark_failed``. A proposal notifies the workspace's
reviewers and owners, a review the proposer (``action_proposed`` and
``action_reviewed`` activities).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.errors import Conflict, StellaryError
from stellary_core.event_types import ActionApplied, ActionApplyFailed, ActionProposed, ActionReviewed, Actor
from stellary_core.events import emit
from stellary_core.models import ProposedAction
from stellary_core.principal import Principal
from stellary_core.schemas.action_payloads import parse_payload
from stellary_core.schemas.proposed_actions import ProposeActionIn, ReviewActionIn
from stellary_core.services import access
from stellary_core.services.limits import list_limit
from stellary_core.services.pilotage_access import item_of, require_owner, require_reviewer

ERROR_MAX = 1000


def action_of(session: Session, workspace_id: str, action_id: str) -> ProposedAction:
    return item_of(session, ProposedAction, workspace_id, action_id, "Proposed action")


def _activity_data(action: ProposedAction, **more: Any) -> dict[str, Any]:
    # ``title`` is what the notifications panel shows beside who did it.
    return {"actionId": action.id, "actionType": action.action_type, "title": action.explanation, **more}


def list_actions(
    session: Session, *, actor: Principal, workspace_id: str, status: str | None = None, limit: int | None = None
) -> list[ProposedAction]:
    """The workspace's proposed actions (of one status), newest first (``limit`` 50 by default, at most 500)."""
    count = list_limit(limit)
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    query = select(ProposedAction).where(ProposedAction.workspace_id == workspace_id)
    if status is not None:
        query = query.where(ProposedAction.status == status)
    newest = (ProposedAction.created_at.desc(), ProposedAction.id.desc())
    return list(session.scalars(query.order_by(*newest).limit(count)))


# Waiting on a person: a review (suggested), or an owner to apply it (approved).
PENDING = ("suggested", "approved")


def pending_actions(session: Session, *, actor: Principal, workspace_id: str, limit: int | None = None) -> list[ProposedAction]:
    """The actions still waiting on a person: suggested ones first (to review), then approved ones (to apply),
    oldest first within each, as a queue is worked through (``limit`` 50 by default, at most 500)."""
    count = list_limit(limit)
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    waiting_review = case((ProposedAction.status == "suggested", 0), else_=1)
    query = (
        select(ProposedAction)
        .where(ProposedAction.workspace_id == workspace_id, ProposedAction.status.in_(PENDING))
        .order_by(waiting_review, ProposedAction.created_at, ProposedAction.id)
        .limit(count)
    )
    return list(session.scalars(query))


def get_action(session: Session, *, actor: Principal, workspace_id: str, action_id: str) -> ProposedAction:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return action_of(session, workspace_id, action_id)


def propose(session: Session, *, actor: Principal, workspace_id: str, data: ProposeActionIn) -> ProposedAction:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    require_reviewer(ws, "propose actions")
    parse_payload(data.action_type, data.payload)
    action = ProposedAction(
        workspace_id=workspace_id, action_type=data.action_type, explanation=data.explanation,
        payload=dict(data.payload), status="suggested", proposed_by=actor.user_id,
    )
    session.add(action)
    session.flush()
    emit(session, ActionProposed(actor=Actor.of(actor), workspace_id=workspace_id, data=_activity_data(action)))
    return action


def review(
    session: Session, *, actor: Principal, workspace_id: str, action_id: str, data: ReviewActionIn
) -> ProposedAction:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    require_reviewer(ws, "review proposed actions")
    action = action_of(session, workspace_id, action_id)
    if action.status != "suggested":
        raise Conflict(f"Only a suggested action can be reviewed; this one is {action.status}")
    action.status = "approved" if data.approved else "rejected"
    action.reviewed_by, action.reviewed_at, action.review_reason = actor.user_id, utcnow(), data.reason or None
    session.flush()
    data_out = _activity_data(
        action, approved=data.approved, reason=action.review_reason, proposedBy=action.proposed_by
    )
    emit(session, ActionReviewed(actor=Actor.of(actor), workspace_id=workspace_id, data=data_out))
    return action


def action_to_apply(session: Session, *, actor: Principal, workspace_id: str, action_id: str) -> ProposedAction:
    """The approved action an owner is about to apply (403 for anyone else, 409 unless approved)."""
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    require_owner(ws, "apply proposed actions")
    action = action_of(session, workspace_id, action_id)
    if action.status != "approved":
        raise Conflict(f"Only an approved action can be applied; this one is {action.status}")
    return action


def mark_applied(session: Session, *, actor: Principal, action: ProposedAction, result: dict[str, Any]) -> ProposedAction:
    """Record what applying made; the action is now ``applied``."""
    action.status, action.result, action.error = "applied", result, None
    action.applied_by, action.applied_at = actor.user_id, utcnow()
    session.flush()
    data = {"actionId": action.id, "actionType": action.action_type, "manual": bool(result.get("manual"))}
    emit(session, ActionApplied(actor=Actor.of(actor), workspace_id=action.workspace_id, data=data))
    return action


def mark_failed(session: Session, *, actor: Principal, action: ProposedAction, error: StellaryError) -> None:
    """Record why applying failed; the action stays ``approved`` so it can be fixed and applied again."""
    action.error = error.message[:ERROR_MAX]
    session.flush()
    # Announced like a success: other clients' cockpits show the failure on the proposal too.
    data = {"actionId": action.id, "actionType": action.action_type, "error": action.error}
    emit(session, ActionApplyFailed(actor=Actor.of(actor), workspace_id=action.workspace_id, data=data))
