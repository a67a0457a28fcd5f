"""create_cards_bulk: several cards in one column through the runner, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.errors import Invalid, NotFound
from stellary_core.models import Activity, Card, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.operations.catalog.bulk import MAX_CARDS_PER_BATCH, CreateCardsBulk
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops"))
    return {"actor": actor, "workspace_id": workspace_id}


def _counts(db: Database) -> tuple[int, int]:
    """Cards and activity rows in the database, as another connection sees them."""
    with db.session() as session:
        return session.scalar(select(func.count(Card.id))) or 0, session.scalar(select(func.count(Activity.id))) or 0


def test_cards_are_created_in_the_named_column_in_the_order_given(db: Database, world: dict[str, Any]) -> None:
    given = CreateCardsBulk(
        workspace_id=world["workspace_id"],
        project="Ops",
        column="in progress",
        cards=[CardCreateIn(title="One"), CardCreateIn(title="Two", priority="high"), CardCreateIn(title="Three")],
    )
    made = OperationRunner(db).run("create_cards_bulk", world["actor"], given)
    assert [(c.title, c.key, c.order, c.priority) for c in made] == [
        ("One", "OPS-1", 0, "medium"),
        ("Two", "OPS-2", 1, "high"),
        ("Three", "OPS-3", 2, "medium"),
    ]
    assert len({c.column_id for c in made}) == 1 and made[0].status == "in_progress"
    listed = OperationRunner(db).run("list_cards", world["actor"], {"project": "Ops", "column": "In Progress"})
    assert [c.id for c in listed] == [c.id for c in made]


def test_one_card_that_cannot_be_made_leaves_no_card_made(db: Database, world: dict[str, Any]) -> None:
    before = _counts(db)
    given = CreateCardsBulk(
        project="Ops",
        column="To Do",
        cards=[
            CardCreateIn(title="Fine"),
            CardCreateIn(title="Also fine"),
            # Rejected by the card service, after the first two were written in the same transaction.
            CardCreateIn(title="Due before it starts", start_date="2026-05-02", due_date="2026-05-01"),  # type: ignore[arg-type]
        ],
    )
    with pytest.raises(Invalid) as raised:
        OperationRunner(db).run("create_cards_bulk", world["actor"], given)
    # The error names the card that failed.
    assert raised.value.message == "cards.2.dueDate: must not be before startDate"
    assert [(d.field, d.message) for d in raised.value.details] == [("cards.2.dueDate", "must not be before startDate")]
    # Neither the cards nor their activity were kept, and the card numbers were not used up.
    assert _counts(db) == before
    next_card = OperationRunner(db).run(
        "create_card", world["actor"], CreateCard(project="Ops", column="To Do", data=CardCreateIn(title="Next"))
    )
    assert next_card.key == "OPS-1"


def test_an_unknown_column_creates_nothing(db: Database, world: dict[str, Any]) -> None:
    before = _counts(db)
    given = CreateCardsBulk(project="Ops", column="Nowhere", cards=[CardCreateIn(title="Lost")])
    with pytest.raises(NotFound, match="Column not found"):
        OperationRunner(db).run("create_cards_bulk", world["actor"], given)
    assert _counts(db) == before


def test_a_batch_holds_one_to_a_hundred_cards(db: Database, world: dict[str, Any]) -> None:
    cards = [{"title": f"Card {n}"} for n in range(MAX_CARDS_PER_BATCH + 1)]
    for wrong in ([], cards):
        with pytest.raises(Invalid) as refused:
            OperationRunner(db).run("create_cards_bulk", world["actor"], {"project": "Ops", "column": "To Do", "cards": wrong})
        assert refused.value.details[0].field == "cards"
    made = OperationRunner(db).run(
        "create_cards_bulk", world["actor"], {"project": "Ops", "column": "To Do", "cards": cards[:MAX_CARDS_PER_BATCH]}
    )
    assert len(made) == MAX_CARDS_PER_BATCH and made[-1].key == f"OPS-{MAX_CARDS_PER_BATCH}"
