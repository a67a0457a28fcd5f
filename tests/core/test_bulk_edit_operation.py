"""bulk_edit_cards: one transaction, a savepoint per card, a bad target refuses the whole call."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import Invalid
from stellary_core.models import Card, CardLabel, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.bulk_edits import (
    AddLabel,
    Archive,
    BulkEditCards,
    MoveTo,
    RemoveLabel,
    Restore,
    SetPriority,
)
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, board, cards, labels, projects


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        ids = {}
        for name in ("Ops", "Web"):
            made = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name=name))
            columns = board.load_board(session, actor=actor, workspace_id=workspace_id, project_id=made.project.id).columns
            ids[name] = (made.project.id, [c.id for c in columns])
        ops_id, ops_columns = ids["Ops"]
        made_cards = [
            cards.create_card(
                session, actor=actor, workspace_id=workspace_id, project_id=ops_id, column_id=ops_columns[0],
                data=CardCreateIn(title=title),
            ).card.id
            for title in ("One", "Two")
        ]
    return {"actor": actor, "workspace_id": workspace_id, "ids": ids, "cards": made_cards}


def _rows(db: Database, card_ids: list[str]) -> list[tuple[str, str | None, bool]]:
    with db.session() as session:
        return [(c.column_id, c.priority, c.archived) for c in (session.get(Card, i) for i in card_ids) if c is not None]


def _edit(db: Database, world: dict[str, Any], card_ids: list[str], change: Any) -> Any:
    given = BulkEditCards(
        workspace_id=world["workspace_id"], project=world["ids"]["Ops"][0], card_ids=card_ids, change=change
    )
    return OperationRunner(db).run("bulk_edit_cards", world["actor"], given)


def test_a_card_that_fails_is_reported_while_the_others_change(db: Database, world: dict[str, Any]) -> None:
    one, two = world["cards"]
    done = world["ids"]["Ops"][1][-1]
    outcome = _edit(db, world, [one, "665f1a2b3c4d5e6f7a8b9c0d", two], MoveTo(column=done))
    assert outcome.changed == [one, two] and [f.card_id for f in outcome.failures] == ["665f1a2b3c4d5e6f7a8b9c0d"]
    assert [column for column, _p, _a in _rows(db, [one, two])] == [done, done]
    again = _edit(db, world, [one], MoveTo(column=done))
    assert again.unchanged == [one] and again.changed == []


def test_a_column_of_another_project_refuses_the_whole_call(db: Database, world: dict[str, Any]) -> None:
    before = _rows(db, world["cards"])
    with pytest.raises(Invalid):
        _edit(db, world, world["cards"], MoveTo(column=world["ids"]["Web"][1][0]))
    assert _rows(db, world["cards"]) == before


def test_priority_and_archive_reach_every_card(db: Database, world: dict[str, Any]) -> None:
    _edit(db, world, world["cards"], SetPriority(priority="high"))
    assert [p for _c, p, _a in _rows(db, world["cards"])] == ["high", "high"]
    _edit(db, world, world["cards"], Archive())
    assert [a for _c, _p, a in _rows(db, world["cards"])] == [True, True]
    # The wire form names the change by its kind.
    parsed = BulkEditCards.model_validate(
        {"project": "Ops", "cardIds": world["cards"], "change": {"kind": "priority", "priority": None}}
    )
    assert isinstance(parsed.change, SetPriority) and parsed.change.priority is None


def test_restore_brings_archived_cards_back_to_the_end_of_their_column(db: Database, world: dict[str, Any]) -> None:
    one, two = world["cards"]
    _edit(db, world, [one], Archive())
    outcome = _edit(db, world, [one, two], Restore())
    assert (outcome.changed, outcome.unchanged) == ([one], [two])  # the active one is counted apart
    with db.session() as session:
        assert [(c.archived, c.order) for c in (session.get_one(Card, i) for i in (two, one))] == [(False, 0), (False, 1)]


def test_a_label_is_put_on_and_taken_off_every_card(db: Database, world: dict[str, Any]) -> None:
    project_id = world["ids"]["Ops"][0]
    with db.session(write=True) as session:
        label_id = labels.create_label(
            session, actor=world["actor"], workspace_id=world["workspace_id"], project_id=project_id,
            data=LabelCreateIn(name="Bug", color="#ff0000"),
        ).id

    def carriers() -> set[str]:
        with db.session() as session:
            return set(session.scalars(select(CardLabel.card_id).where(CardLabel.label_id == label_id)))

    _edit(db, world, world["cards"], AddLabel(label_id=label_id))
    assert carriers() == set(world["cards"])
    removed = _edit(db, world, world["cards"], RemoveLabel(label_id=label_id))
    assert removed.changed == world["cards"] and carriers() == set()
    parsed = BulkEditCards.model_validate(
        {"project": "Ops", "cardIds": world["cards"], "change": {"kind": "remove_label", "labelId": label_id}}
    )
    assert isinstance(parsed.change, RemoveLabel)
