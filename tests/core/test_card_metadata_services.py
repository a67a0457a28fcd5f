"""Labels, custom fields, relations and checklists called directly, as the TUI does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.models import Card, ChecklistItem, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn, CardOut
from stellary_core.schemas.checklists import ChecklistItemCreateIn, ChecklistItemUpdateIn
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.relations import RelationCreateIn
from stellary_core.services import (
    accounts,
    cards,
    checklists,
    columns,
    custom_fields,
    labels,
    projects,
    relations,
)


@dataclass
class Board:
    session: Session
    actor: Principal
    workspace_id: str
    project_id: str
    column_id: str

    @property
    def where(self) -> dict[str, Any]:
        return {"actor": self.actor, "workspace_id": self.workspace_id, "project_id": self.project_id}

    def card(self, title: str) -> str:
        data = CardCreateIn(title=title)
        return cards.create_card(self.session, column_id=self.column_id, data=data, **self.where).card.id


@pytest.fixture
def board(db: Database) -> Iterator[Board]:
    with db.session(write=True) as session:
        user = accounts.create_user(session, email="tui@example.com", name="Tui", password=None, is_local=True)
        session.commit()
        actor = Principal(user_id=user.id)
        workspace = session.scalars(select(Workspace).where(Workspace.owner_id == user.id)).one()
        view = projects.create_project(session, actor=actor, workspace_id=workspace.id, data=ProjectCreateIn(name="Local"))
        column_id = columns.list_columns(session, actor=actor, workspace_id=workspace.id, project_id=view.project.id)[0].id
        yield Board(session, actor, workspace.id, view.project.id, column_id)


def test_labels_through_services(board: Board) -> None:
    card_id = board.card("A")
    label = labels.create_label(board.session, data=LabelCreateIn(name="Bug", color="#ABCDEF"), **board.where)
    assert label.color == "#abcdef"
    details = labels.add_label_to_card(board.session, card_id=card_id, label_id=label.id, **board.where)
    assert details.label_ids == [label.id]
    assert [x.name for x in labels.list_labels(board.session, **board.where)] == ["Bug"]
    details = labels.remove_label_from_card(board.session, card_id=card_id, label_id=label.id, **board.where)
    assert details.label_ids == []
    with pytest.raises(NotFound):
        labels.add_label_to_card(board.session, card_id=card_id, label_id="0" * 24, **board.where)


def test_custom_field_values_through_services(board: Board) -> None:
    card_id = board.card("A")
    made = custom_fields.create_custom_field(
        board.session, data=CustomFieldCreateIn(name="Size", type="select", options=["S", "M"]), **board.where
    )
    details = custom_fields.set_field_values(board.session, card_id=card_id, values={made.id: "M"}, **board.where)
    assert details.custom_fields == {made.id: "M"}
    with pytest.raises(Invalid) as raised:
        custom_fields.set_field_values(board.session, card_id=card_id, values={made.id: "XL"}, **board.where)
    assert raised.value.details[0].field == made.id


def test_relations_through_services(board: Board) -> None:
    a, b = board.card("A"), board.card("B")
    view = relations.create_relation(
        board.session, card_id=a, data=RelationCreateIn(target_card_id=b, type="blocked_by"), **board.where
    )
    assert (view.type, view.other.id) == ("blocked_by", b)
    seen = relations.list_relations(board.session, card_id=b, **board.where)
    assert [(v.type, v.other.title) for v in seen] == [("blocks", "A")]
    assert cards.get_card(board.session, card_id=b, **board.where).blocks_count == 1
    with pytest.raises(Conflict):
        relations.create_relation(
            board.session, card_id=a, data=RelationCreateIn(target_card_id=b, type="blocks"), **board.where
        )
    relations.delete_relation(board.session, relation_id=view.relation.id, **board.where)
    assert relations.list_relations(board.session, card_id=a, **board.where) == []


def test_checklist_through_services_including_toggle(board: Board) -> None:
    card_id = board.card("A")
    details = checklists.add_checklist_item(board.session, card_id=card_id, data=ChecklistItemCreateIn(title="one"), **board.where)
    details = checklists.add_checklist_item(board.session, card_id=card_id, data=ChecklistItemCreateIn(title="two"), **board.where)
    first = details.checklist[0].id
    details = checklists.toggle_checklist_item(board.session, card_id=card_id, item_id=first, **board.where)
    assert [i.done for i in details.checklist] == [True, False]
    assert details.checklist_progress == 50
    details = checklists.toggle_checklist_item(board.session, card_id=card_id, item_id=first, **board.where)
    assert details.checklist_progress == 0
    details = checklists.update_checklist_item(
        board.session, card_id=card_id, item_id=first, data=ChecklistItemUpdateIn(order=1), **board.where
    )
    assert [(i.title, i.order) for i in details.checklist] == [("two", 0), ("one", 1)]
    details = checklists.delete_checklist_item(board.session, card_id=card_id, item_id=first, **board.where)
    assert [(i.title, i.order) for i in details.checklist] == [("two", 0)]
    with pytest.raises(NotFound):
        checklists.toggle_checklist_item(board.session, card_id=card_id, item_id=first, **board.where)


def test_a_listed_card_reads_as_the_card_alone_without_loading_orm_objects(db: Database, board: Board) -> None:
    """Lists read plain rows (thousands of ORM objects cost most of a list's time) yet show the same card."""
    a, b = board.card("A"), board.card("B")
    checklists.add_checklist_item(board.session, card_id=a, data=ChecklistItemCreateIn(title="one"), **board.where)
    checklists.add_checklist_item(board.session, card_id=a, data=ChecklistItemCreateIn(title="two", done=True), **board.where)
    label = labels.create_label(board.session, data=LabelCreateIn(name="Bug", color="#abcdef"), **board.where)
    labels.add_label_to_card(board.session, card_id=a, label_id=label.id, **board.where)
    size = custom_fields.create_custom_field(board.session, data=CustomFieldCreateIn(name="Size", type="number"), **board.where)
    custom_fields.set_field_values(board.session, card_id=a, values={size.id: 3}, **board.where)
    relations.create_relation(board.session, card_id=a, data=RelationCreateIn(target_card_id=b, type="blocked_by"), **board.where)
    board.session.commit()  # the list is read in a fresh session, whose identity map holds no card

    loaded: list[object] = []

    def count(target: object, _context: object) -> None:
        loaded.append(target)

    for model in (Card, ChecklistItem):
        event.listen(model, "load", count)
    try:
        with db.session() as session:
            listed = CardOut.many(cards.list_cards(session, **board.where))
    finally:
        for model in (Card, ChecklistItem):
            event.remove(model, "load", count)
    assert loaded == []
    with db.session() as session:
        alone = [CardOut.of(cards.get_card(session, card_id=card_id, **board.where)) for card_id in (a, b)]
    assert [c.wire() for c in listed] == [c.wire() for c in alone]
    first = listed[0].wire()
    assert ([i["title"] for i in first["checklist"]], first["checklistProgress"]) == (["one", "two"], 50)
    assert (first["labelIds"], first["customFields"], first["blockedByCount"]) == ([label.id], {size.id: 3}, 1)
    assert listed[1].wire()["blocksCount"] == 1
