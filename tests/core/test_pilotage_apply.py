"""Applying proposed actions through the operations runner: each type runs the operation REST runs, in one
unit of work, and a failing one leaves nothing of itself behind but the recorded error."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.errors import Conflict
from stellary_core.event_types import DomainEvent
from stellary_core.models import Activity, Card, ChecklistItem, PilotageMission, PilotageTodo, ProposedAction, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.operations.catalog.pilotage import CreateMission
from stellary_core.operations.catalog.pilotage_actions import OnAction, ProposeAction, ReviewAction
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn, ChecklistItemIn
from stellary_core.schemas.pilotage import MissionCreateIn
from stellary_core.schemas.proposed_actions import ProposeActionIn, ReviewActionIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    """Ada, pilotage owner of her personal workspace, with a project Ops and a card OPS-1 in To Do."""
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        project = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops")).project
    runner = OperationRunner(db)
    checklist = [ChecklistItemIn(title="Draft"), ChecklistItemIn(title="Review")]
    card = runner.run(
        "create_card", actor,
        CreateCard(workspace_id=workspace_id, project="Ops", column="To Do", data=CardCreateIn(title="Launch", checklist=checklist)),
    )
    return {"actor": actor, "ws": workspace_id, "project": project.id, "card": card, "runner": runner, "db": db}


def approve(world: dict[str, Any], action_type: str, payload: dict[str, Any]) -> str:
    runner: OperationRunner = world["runner"]
    data = ProposeActionIn.model_validate({"actionType": action_type, "explanation": "Because", "payload": payload})
    action = runner.run("propose_action", world["actor"], ProposeAction(workspace_id=world["ws"], data=data))
    review = ReviewAction(workspace_id=world["ws"], action_id=action.id, data=ReviewActionIn(approved=True))
    runner.run("review_action", world["actor"], review)
    return str(action.id)


def apply(world: dict[str, Any], action_id: str) -> Any:
    return world["runner"].run("apply_action", world["actor"], OnAction(workspace_id=world["ws"], action_id=action_id))


def stored(db: Database, action_id: str) -> ProposedAction:
    with db.session() as session:
        found = session.get(ProposedAction, action_id)
        assert found is not None
        return found


def test_move_card_by_key_and_column_name(world: dict[str, Any]) -> None:
    applied = apply(world, approve(world, "move_card", {"cardId": world["card"].key, "targetColumn": "done"}))
    assert applied.status == "applied" and applied.result["key"] == world["card"].key
    with world["db"].session() as session:
        card = session.get_one(Card, world["card"].id)
        assert card.status == "done"
        assert stored(world["db"], applied.id).result == applied.result


def test_update_card_keeps_what_the_payload_leaves_out(world: dict[str, Any]) -> None:
    applied = apply(world, approve(world, "update_card", {"cardId": world["card"].id, "priority": "high"}))
    assert (applied.result["priority"], applied.result["title"]) == ("high", "Launch")
    assert applied.result["checklistProgress"] == 0 and len(applied.result["checklist"]) == 2


def test_create_card_in_a_named_project_and_column(world: dict[str, Any]) -> None:
    applied = apply(
        world, approve(world, "create_card", {"projectId": "Ops", "column": "In Progress", "title": "Follow-up"})
    )
    assert (applied.result["title"], applied.result["priority"], applied.result["status"]) == ("Follow-up", "medium", "in_progress")
    first = apply(world, approve(world, "create_card", {"projectId": world["project"], "title": "Triage"}))
    assert first.result["columnId"] == world["card"].column_id  # no column: the first one


def test_create_todo_and_update_mission(world: dict[str, Any]) -> None:
    runner: OperationRunner = world["runner"]
    mission = runner.run(
        "create_pilotage_mission", world["actor"], CreateMission(workspace_id=world["ws"], data=MissionCreateIn(objective="Launch"))
    )
    todo = apply(world, approve(world, "create_todo", {"label": "Checklist", "missionId": mission.id}))
    assert (todo.result["label"], todo.result["missionId"]) == ("Checklist", mission.id)
    changed = apply(world, approve(world, "update_mission", {"missionId": mission.id, "status": "in_progress"}))
    assert changed.result["status"] == "in_progress"
    with world["db"].session() as session:
        assert session.get_one(PilotageMission, mission.id).status == "in_progress"
        assert session.scalar(select(func.count()).select_from(PilotageTodo)) == 1


def test_another_type_is_recorded_as_applied_by_hand(world: dict[str, Any]) -> None:
    applied = apply(world, approve(world, "send_newsletter", {"audience": "all"}))
    assert (applied.status, applied.result) == ("applied", {"manual": True})


def _snapshot(db: Database) -> tuple[Any, ...]:
    with db.session() as session:
        items = session.execute(select(ChecklistItem.title, ChecklistItem.order).order_by(ChecklistItem.order)).all()
        card = session.scalars(select(Card)).one()
        activities = session.scalar(select(func.count()).select_from(Activity))
        return tuple(items), card.checklist_total, card.column_id, card.title, activities


def test_a_failing_action_leaves_nothing_behind_but_its_error(world: dict[str, Any]) -> None:
    """The checklist is replaced (rows deleted and written) before the bad column is found: all of it rolls back."""
    db: Database = world["db"]
    action_id = approve(
        world, "update_card",
        {"cardId": world["card"].id, "title": "Renamed", "checklist": [{"title": "Only"}], "columnId": "0" * 24},
    )
    before = _snapshot(db)
    published: list[DomainEvent] = []
    unsubscribe = db.events.subscribe(published.append)
    try:
        with pytest.raises(Conflict, match="columnId"):
            apply(world, action_id)
    finally:
        unsubscribe()
    assert _snapshot(db) == before
    # No event of the undone change reaches a subscriber; the failure is announced (other cockpits show it).
    assert [(e.type, e.data["actionId"]) for e in published] == [("action_apply_failed", action_id)]
    failed = stored(db, action_id)
    assert (failed.status, failed.result, failed.applied_at) == ("approved", None, None)
    assert failed.error is not None and "columnId" in failed.error
    assert published[0].data["error"] == failed.error


def test_a_payload_made_invalid_since_it_was_proposed_is_recorded_too(world: dict[str, Any]) -> None:
    db: Database = world["db"]
    action_id = approve(world, "move_card", {"cardId": world["card"].id, "targetColumn": "Done"})
    with db.session(write=True) as session:
        session.get_one(ProposedAction, action_id).payload = {"cardId": world["card"].id}
    with pytest.raises(Conflict, match="targetColumn"):
        apply(world, action_id)
    assert "payload.targetColumn" in (stored(db, action_id).error or "")
