"""A workspace's pilotage for cockpit tests, snapshots and screenshots: a weekly review waiting to happen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, Project
from stellary_core.principal import Principal
from stellary_core.schemas.pilotage import (
    DecisionCreateIn,
    DocCreateIn,
    MissionCreateIn,
    PriorityCreateIn,
    TodoCreateIn,
)
from stellary_core.schemas.proposed_actions import ProposeActionIn, ReviewActionIn
from stellary_core.services import pilotage, pilotage_priorities, proposed_actions


@dataclass(frozen=True)
class Cockpit:
    card_key: str  # the card the suggested move would move
    card_id: str
    done_column_id: str
    move_id: str  # the suggested card move
    approved_id: str  # an approved todo, waiting to be applied


def seed_cockpit(db: Database, actor: Principal, workspace_id: str) -> Cockpit:
    where = {"actor": actor, "workspace_id": workspace_id}
    with db.session(write=True) as session:
        blocked = pilotage.create_mission(
            session, **where,
            data=MissionCreateIn(objective="Ship the billing API", module="billing", status="blocked",
                                 blocked_reason="waits for the payment provider's sandbox"),
        )
        pilotage.create_mission(session, **where, data=MissionCreateIn(objective="Onboarding flow v2", module="web", status="in_progress"))
        pilotage.create_mission(session, **where, data=MissionCreateIn(objective="Offline mode", module="tui"))
        for label, module in (("Revenue: billing first", "billing"), ("Keep the app fast", "perf"), ("Docs people read", None)):
            pilotage_priorities.create_priority(session, **where, data=PriorityCreateIn(label=label, module=module))
        pilotage.create_todo(session, **where, data=TodoCreateIn(label="Call the payment provider", mission_id=blocked.id))
        pilotage.create_todo(session, **where, data=TodoCreateIn(label="Measure board load at 10k cards", status="in_progress"))
        pilotage.record_decision(session, **where, data=DecisionCreateIn(title="Postpone offline mode to Q2", impact="Frees two weeks for billing"))
        pilotage.add_doc(session, **where, data=DocCreateIn(title="Billing API spec", owner="Ada Lovelace", source_type="product"))
        pilotage.add_doc(session, **where, data=DocCreateIn(title="Sprint 12 plan", source_type="sprint"))
        project = session.scalars(select(Project).where(Project.workspace_id == workspace_id)).first()
        assert project is not None
        columns = list(session.scalars(select(BoardColumn).where(BoardColumn.project_id == project.id).order_by(BoardColumn.order)))
        card = session.scalars(
            select(Card).where(Card.column_id == columns[0].id, Card.archived.is_(False)).order_by(Card.order)
        ).first()
        assert card is not None
        done = columns[-1]
        move = proposed_actions.propose(
            session, **where,
            data=ProposeActionIn(
                action_type="move_card", explanation="Its pull request was merged yesterday",
                payload={"cardId": card.key, "targetColumn": done.name},
            ),
        )
        todo = proposed_actions.propose(
            session, **where,
            data=ProposeActionIn(
                action_type="create_todo", explanation="The sandbox has no date yet: chase it",
                payload={"label": "Ask for a sandbox date"},
            ),
        )
        proposed_actions.review(session, **where, action_id=todo.id, data=ReviewActionIn(approved=True))
        return Cockpit(card.key, card.id, done.id, move.id, todo.id)
