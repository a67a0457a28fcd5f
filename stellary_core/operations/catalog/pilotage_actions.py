"""Proposed actions: propose, list, review, apply.

Apply runs the operation REST runs for the action (``move_card``,
``update_card``, ``create_card``, ``create_todo``, ``update_pilotage_mission``)
in the same unit of work, inside a savepoint: if it fails, what it wrote is
rolled back, the error is recorded on the proposal (which stays ``approved``)
and committed, and the caller gets a 409 saying why. The inner operation's
token scope is checked too: applying a card move needs ``projects:write``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel

from stellary_core.db import keep_on_error
from stellary_core.errors import Conflict, StellaryError
from stellary_core.models import ProposedAction
from stellary_core.operations import refs
from stellary_core.operations.catalog import board, pilotage
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import Operation, OperationContext, operation
from stellary_core.operations.runner import authorize
from stellary_core.schemas.action_payloads import (
    CreateCardPayload,
    CreateTodoPayload,
    MoveCardPayload,
    UpdateCardPayload,
    UpdateMissionPayload,
    parse_payload,
)
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn
from stellary_core.schemas.common import InputModel
from stellary_core.schemas.pilotage import MissionUpdateIn, TodoCreateIn
from stellary_core.schemas.proposed_actions import ActionStatus, ProposeActionIn, ProposedActionOut, ReviewActionIn
from stellary_core.services import proposed_actions

READ = "pilotage:read"
WRITE = "pilotage:write"


class ProposeAction(InWorkspace):
    data: ProposeActionIn


@operation("propose_action", input=ProposeAction, output=ProposedActionOut, scope=WRITE, writes=True)
def propose_action(ctx: OperationContext, given: ProposeAction) -> ProposedActionOut:
    """Propose an action for review (pilotage reviewers and owners); the reviewers and owners are notified."""
    ws = refs.workspace(ctx, given)
    action = proposed_actions.propose(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    return ProposedActionOut.model_validate(action)


class ListProposedActions(InWorkspace):
    status: ActionStatus | None = None
    limit: int | None = None


@operation(
    "list_proposed_actions", input=ListProposedActions, output=list[ProposedActionOut], scope=READ, writes=False
)
def list_proposed_actions(ctx: OperationContext, given: ListProposedActions) -> list[ProposedActionOut]:
    """A workspace's proposed actions (of one status: suggested ones wait for review), newest first."""
    ws = refs.workspace(ctx, given)
    found = proposed_actions.list_actions(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, status=given.status, limit=given.limit
    )
    return [ProposedActionOut.model_validate(a) for a in found]


class ListPendingProposals(InWorkspace):
    limit: int | None = None


@operation(
    "list_pending_proposals", input=ListPendingProposals, output=list[ProposedActionOut], scope=READ, writes=False
)
def list_pending_proposals(ctx: OperationContext, given: ListPendingProposals) -> list[ProposedActionOut]:
    """The proposed actions waiting on a person: suggested ones to review, then approved ones to apply, oldest first."""
    ws = refs.workspace(ctx, given)
    found = proposed_actions.pending_actions(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, limit=given.limit)
    return [ProposedActionOut.model_validate(a) for a in found]


class OnAction(InWorkspace):
    action_id: str


@operation("get_proposed_action", input=OnAction, output=ProposedActionOut, scope=READ, writes=False)
def get_proposed_action(ctx: OperationContext, given: OnAction) -> ProposedActionOut:
    """One proposed action with its review, result or last error."""
    ws = refs.workspace(ctx, given)
    action = proposed_actions.get_action(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, action_id=given.action_id)
    return ProposedActionOut.model_validate(action)


class ReviewAction(OnAction):
    data: ReviewActionIn


@operation("review_action", input=ReviewAction, output=ProposedActionOut, scope=WRITE, writes=True)
def review_action(ctx: OperationContext, given: ReviewAction) -> ProposedActionOut:
    """Approve or reject a suggested action, with a reason; the proposer is notified."""
    ws = refs.workspace(ctx, given)
    action = proposed_actions.review(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, action_id=given.action_id, data=given.data
    )
    return ProposedActionOut.model_validate(action)


# -- apply -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """The operation an action stands for, with its input."""

    op: Operation[Any, Any]
    given: BaseModel


InT = TypeVar("InT", bound=InputModel)


def _fields(payload: InputModel, model: type[InT], *leave_out: str) -> InT:
    # Only what the payload gave, so a PATCH-like body keeps "absent" apart from null.
    return model(**{name: getattr(payload, name) for name in payload.model_fields_set if name not in leave_out})


def _plan(workspace_id: str, action: ProposedAction) -> _Plan | None:
    payload = parse_payload(action.action_type, action.payload)
    where: dict[str, Any] = {"workspace_id": workspace_id}
    if isinstance(payload, MoveCardPayload):
        moved = board.MoveCard(**where, project=payload.project_id, card=payload.card_id, column=payload.target_column)
        return _Plan(board.move_card, moved)
    if isinstance(payload, UpdateCardPayload):
        edits = _fields(payload, CardUpdateIn, "card_id")
        return _Plan(board.update_card, board.UpdateCard(**where, card=payload.card_id, data=edits))
    if isinstance(payload, CreateCardPayload):
        card = _fields(payload, CardCreateIn, "project_id", "column")
        made = board.CreateCard(**where, project=payload.project_id, column=payload.column, data=card)
        return _Plan(board.create_card, made)
    if isinstance(payload, CreateTodoPayload):
        return _Plan(pilotage.create_todo, pilotage.CreateTodo(**where, data=_fields(payload, TodoCreateIn)))
    if isinstance(payload, UpdateMissionPayload):
        mission = _fields(payload, MissionUpdateIn, "mission_id")
        changed = pilotage.UpdateMission(**where, mission_id=payload.mission_id, data=mission)
        return _Plan(pilotage.update_mission, changed)
    return None


def _failed(ctx: OperationContext, action: ProposedAction, error: StellaryError) -> NoReturn:
    proposed_actions.mark_failed(ctx.session, actor=ctx.actor, action=action, error=error)
    keep_on_error(ctx.session)  # the savepoint undid the action; the record of its failure commits
    raise Conflict(
        f"Applying {action.action_type} failed and changed nothing; the action stays approved: {error.message}",
        details=error.details,
    ) from error


@operation("apply_action", input=OnAction, output=ProposedActionOut, scope=WRITE, writes=True)
def apply_action(ctx: OperationContext, given: OnAction) -> ProposedActionOut:
    """Apply an approved action (pilotage owners): run it, store its result; a failure leaves nothing half-done."""
    ws = refs.workspace(ctx, given)
    action = proposed_actions.action_to_apply(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, action_id=given.action_id
    )
    try:
        plan = _plan(ws.workspace.id, action)
    except StellaryError as error:
        _failed(ctx, action, error)
    if plan is None:
        result: dict[str, Any] = {"manual": True}
    else:
        authorize(plan.op, ctx.actor)
        try:
            with ctx.session.begin_nested():
                result = plan.op.dump(plan.op.run(ctx, plan.given))
        except StellaryError as error:
            _failed(ctx, action, error)
    proposed_actions.mark_applied(ctx.session, actor=ctx.actor, action=action, result=result)
    return ProposedActionOut.model_validate(action)

