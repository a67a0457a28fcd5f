"""Automation rules on the demo project for the Automations screen's tests, snapshots and screenshots.

Made through the operations, as REST or MCP would make them, and run by the
real engine: one rule has succeeded on a card, one has failed (its column was
deleted), one is off, one nests its conditions deeper than the editor edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, Label, User
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal


@dataclass(frozen=True)
class Rules:
    done_low: str  # task_moved to Done → priority low (ran once, succeeded)
    broken: str  # task_moved to In Review → move to a deleted column (ran once, failed)
    nested: str  # conditions two groups deep
    off: str  # disabled
    moved_key: str  # the card whose moves ran them
    columns: dict[str, str]  # name → id
    labels: dict[str, str]  # name → id


def _ids(db: Database, project_id: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    with db.session() as session:
        columns = dict(session.execute(select(BoardColumn.name, BoardColumn.id).where(BoardColumn.project_id == project_id)).all())
        labels = dict(session.execute(select(Label.name, Label.id).where(Label.project_id == project_id)).all())
        people = dict(session.execute(select(User.email, User.id)).all())
    return columns, labels, people


def create_rule(db: Database, actor: Principal, workspace_id: str, project_id: str, **data: Any) -> str:
    """A rule made through the operation (as REST's POST P/automations makes it); its id."""
    made = OperationRunner(db).run(
        "create_automation", actor, {"workspaceId": workspace_id, "project": project_id, "data": data}
    )
    return str(made.id)


def move(db: Database, actor: Principal, workspace_id: str, project_id: str, card_key: str, column: str) -> None:
    OperationRunner(db).run(
        "move_card", actor, {"workspaceId": workspace_id, "project": project_id, "card": card_key, "column": column}
    )


def seed_rules(db: Database, actor: Principal, workspace_id: str, project_id: str) -> Rules:
    columns, labels, people = _ids(db, project_id)
    ada = people.get("ada@demo.stellary.local")
    where = (db, actor, workspace_id, project_id)
    done_low = create_rule(
        *where, name="Done cards go low", trigger="task_moved",
        conditions={"all": [{"field": "toColumnId", "op": "eq", "value": columns["Done"]}]},
        action={"type": "set_priority", "priority": "low"},
    )
    shelf = OperationRunner(db).run(
        "create_column", actor, {"workspaceId": workspace_id, "project": project_id, "data": {"name": "Shelf"}}
    )
    broken = create_rule(
        *where, name="Reviewed cards to the shelf", trigger="task_moved",
        conditions={"all": [{"field": "toColumnId", "op": "eq", "value": columns["In Review"]}]},
        action={"type": "move_card", "columnId": shelf.id},
    )
    OperationRunner(db).run("delete_column", actor, {"workspaceId": workspace_id, "project": project_id, "column": shelf.id})
    urgent: dict[str, Any] = {"type": "assign_user", "userId": "actor"}
    create_rule(
        *where, name="Urgent bugs to the filer", trigger="task_created",
        conditions={"all": [
            {"field": "priority", "op": "eq", "value": "high"},
            {"field": "labelIds", "op": "in", "value": [labels["bug"]]} if "bug" in labels else
            {"field": "title", "op": "contains", "value": "bug"},
        ]},
        action=urgent,
    )
    nested = create_rule(
        *where, name="Crashes get the bug label", trigger="task_created",
        conditions={"any": [
            {"all": [{"field": "priority", "op": "eq", "value": "high"}, {"field": "title", "op": "contains", "value": "crash"}]},
            {"field": "title", "op": "contains", "value": "panic"},
        ]},
        action={"type": "add_label", "labelId": labels["bug"]} if "bug" in labels else {"type": "set_priority", "priority": "high"},
    )
    notify = {"type": "notify", "userId": ada or actor.user_id, "message": "A card needs a review"}
    create_rule(
        *where, name="Tell Ada about reviews", trigger="task_status_changed",
        conditions={"all": [{"field": "status", "op": "eq", "value": "in_progress"}]}, action=notify,
    )
    off = create_rule(
        *where, name="Archive overdue cards", trigger="due_date_reached", action={"type": "archive_card"}, enabled=False,
    )
    with db.session() as session:
        card = session.scalars(
            select(Card).where(Card.project_id == project_id, Card.column_id == columns["To Do"], Card.archived.is_(False))
            .order_by(Card.order)
        ).first()
        assert card is not None
        key = card.key
    move(*where, key, "In Review")  # the broken rule fails
    move(*where, key, "Done")  # done_low succeeds
    return Rules(done_low, broken, nested, off, key, columns, labels)
