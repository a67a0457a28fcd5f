"""A rule's action, carried out by the card services inside the run's one transaction.

The services apply their usual rules (a deleted column, a label gone, an
assignee who left the workspace are errors), so a failing action raises, the
run's transaction rolls back and nothing changes; the engine then records the
failure. The principal is the rule acting for the person who triggered it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.errors import Invalid
from stellary_core.event_types import AutomationNotified
from stellary_core.events import emit
from stellary_core.models import AutomationRule, BoardColumn, Card, Project, WorkspaceMember
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.services import cards, labels
from stellary_core.services.automation_rules import ACTOR


def carry_out(session: Session, *, actor: Principal, project: Project, card: Card, rule: AutomationRule) -> None:
    """Do ``rule.action`` to ``card``; raises a domain error (and changes nothing) when it cannot."""
    action: dict[str, Any] = rule.action
    kind = action["type"]
    if kind == "notify":
        _notify(session, actor, project, card, rule, str(action["userId"]), str(action["message"]))
        return
    if kind == "add_label":
        labels.add_label_to_card(
            session, actor=actor, workspace_id=project.workspace_id, project_id=project.id, card_id=card.id,
            label_id=str(action["labelId"]),
        )
        return
    data = _card_change(session, actor, card, action)
    if data is None:
        return
    cards.update_card(
        session, actor=actor, workspace_id=project.workspace_id, project_id=project.id, card_id=card.id, data=data
    )


def _card_change(session: Session, actor: Principal, card: Card, action: dict[str, Any]) -> CardUpdateIn | None:
    kind = action["type"]
    if kind == "move_card":
        return CardUpdateIn(column_id=str(action["columnId"]))
    if kind == "set_priority":
        return CardUpdateIn(priority=action["priority"])
    if kind == "archive_card":
        return CardUpdateIn(archived=True)
    if kind == "assign_user":
        user_id = actor.user_id if action["userId"] == ACTOR else str(action["userId"])
        return CardUpdateIn(assignee_id=user_id)
    if kind == "set_status":
        return _status_change(session, card, str(action["status"]))
    raise Invalid.field("action.type", f'unknown action "{kind}"')


def _status_change(session: Session, card: Card, status: str) -> CardUpdateIn | None:
    """To the first column of the status' category in the card's scope; the status alone where there is none."""
    current = session.get(BoardColumn, card.column_id)
    if card.status == status and current is not None and current.category == status:
        return None
    first = session.scalar(
        select(BoardColumn)
        .where(BoardColumn.scope_id == card.scope_id, BoardColumn.category == status)
        .order_by(BoardColumn.order, BoardColumn.id)
        .limit(1)
    )
    if first is not None:
        return CardUpdateIn(column_id=first.id)
    return None if card.status == status else CardUpdateIn(status=status)  # type: ignore[arg-type]


def _notify(
    session: Session, actor: Principal, project: Project, card: Card, rule: AutomationRule, user_id: str, message: str
) -> None:
    if session.get(WorkspaceMember, (project.workspace_id, user_id)) is None:
        raise Invalid.field("action.userId", "is no longer a member of the workspace")
    emit(
        session,
        cards.card_event(AutomationNotified, actor, project, card, userId=user_id, message=message, ruleName=rule.name),
    )
