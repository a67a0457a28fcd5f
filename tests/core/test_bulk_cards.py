"""Bulk card changes: each card through the ordinary services, failures reported per card."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.db import Database
from stellary_core.errors import Invalid, NotFound
from stellary_core.models import Activity, BoardColumn, Card, CardLabel, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, bulk_cards, cards, columns, labels, projects


@dataclass
class Project:
    session: Session
    actor: Principal
    workspace_id: str
    project_id: str
    column_ids: list[str]

    @property
    def where(self) -> dict[str, Any]:
        return {"actor": self.actor, "workspace_id": self.workspace_id, "project_id": self.project_id}

    def card(self, title: str, column: int = 0, priority: str | None = "medium") -> str:
        data = CardCreateIn(title=title, priority=priority)  # type: ignore[arg-type]
        return cards.create_card(self.session, column_id=self.column_ids[column], data=data, **self.where).card.id

    def fetch(self, card_id: str) -> Card:
        self.session.expire_all()
        return self.session.get_one(Card, card_id)


def _new_project(session: Session, actor: Principal, workspace_id: str, name: str) -> Project:
    view = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name=name))
    ids = [c.id for c in columns.list_columns(session, actor=actor, workspace_id=workspace_id, project_id=view.project.id)]
    return Project(session, actor, workspace_id, view.project.id, ids)


@pytest.fixture
def project(db: Database) -> Iterator[Project]:
    with db.session(write=True) as session:
        user = accounts.create_user(session, email="bulk@example.com", name="Bulk", password=None, is_local=True)
        session.commit()
        actor = Principal(user_id=user.id)
        workspace = session.scalars(select(Workspace).where(Workspace.owner_id == user.id)).one()
        yield _new_project(session, actor, workspace.id, "Bulk")


def _orders(project: Project, column: int) -> list[int]:
    project.session.expire_all()
    return list(
        project.session.scalars(
            select(Card.order).where(Card.column_id == project.column_ids[column], Card.archived.is_(False)).order_by(Card.order)
        )
    )


def test_move_cards_moves_each_card_and_counts_the_ones_already_there(project: Project) -> None:
    a, b = project.card("A"), project.card("B")
    there = project.card("C", column=2)
    outcome = bulk_cards.move_cards(project.session, card_ids=[a, there, b], column_id=project.column_ids[2], **project.where)
    assert outcome.changed == [a, b]
    assert outcome.unchanged == [there]
    assert outcome.failures == []
    assert {project.fetch(x).column_id for x in (a, b, there)} == {project.column_ids[2]}
    assert _orders(project, 2) == [0, 1, 2]
    assert _orders(project, 0) == []
    moved = project.session.scalars(select(Activity).where(Activity.type == "card_moved")).all()
    assert len(moved) == 2, "every card is moved through the card service, with its own activity"


def test_move_to_a_column_of_another_project_fails_as_a_whole(project: Project) -> None:
    a = project.card("A")
    other = _new_project(project.session, project.actor, project.workspace_id, "Other")
    with pytest.raises(Invalid, match="columnId"):
        bulk_cards.move_cards(project.session, card_ids=[a], column_id=other.column_ids[1], **project.where)
    assert project.fetch(a).column_id == project.column_ids[0]


def test_a_missing_card_is_reported_and_the_others_still_change(project: Project) -> None:
    a, gone, b = project.card("A"), project.card("Gone"), project.card("B")
    cards.delete_card(project.session, card_id=gone, **project.where)
    outcome = bulk_cards.set_priority(project.session, card_ids=[a, gone, b], priority="high", **project.where)
    assert outcome.changed == [a, b]
    assert [(f.card_id, f.key) for f in outcome.failures] == [(gone, None)]
    assert outcome.failures[0].message == "Card not found"
    assert project.fetch(a).priority == project.fetch(b).priority == "high"


def test_set_priority_counts_cards_that_already_have_it_and_can_clear_it(project: Project) -> None:
    high, medium = project.card("A", priority="high"), project.card("B", priority="medium")
    outcome = bulk_cards.set_priority(project.session, card_ids=[high, medium, medium], priority="high", **project.where)
    assert (outcome.changed, outcome.unchanged) == ([medium], [high])
    cleared = bulk_cards.set_priority(project.session, card_ids=[high, medium], priority=None, **project.where)
    assert cleared.changed == [high, medium]
    assert project.fetch(high).priority is None


def test_add_label_puts_it_on_each_card_once(project: Project) -> None:
    a, b = project.card("A"), project.card("B")
    label = labels.create_label(project.session, data=LabelCreateIn(name="Bug", color="#ff0000"), **project.where)
    labels.add_label_to_card(project.session, card_id=a, label_id=label.id, **project.where)
    outcome = bulk_cards.add_label(project.session, card_ids=[a, b], label_id=label.id, **project.where)
    assert (outcome.changed, outcome.unchanged) == ([b], [a])
    links = project.session.scalars(select(CardLabel.card_id).where(CardLabel.label_id == label.id)).all()
    assert sorted(links) == sorted([a, b])


@pytest.mark.parametrize("change", [bulk_cards.add_label, bulk_cards.remove_label])
def test_a_label_of_another_project_fails_as_a_whole(project: Project, change: Any) -> None:
    a = project.card("A")
    other = _new_project(project.session, project.actor, project.workspace_id, "Other")
    foreign = labels.create_label(project.session, data=LabelCreateIn(name="Bug", color="#ff0000"), **other.where)
    with pytest.raises(NotFound):
        change(project.session, card_ids=[a], label_id=foreign.id, **project.where)


def test_remove_label_takes_it_off_each_card_and_counts_the_ones_without_it(project: Project) -> None:
    a, b, bare = project.card("A"), project.card("B"), project.card("C")
    label = labels.create_label(project.session, data=LabelCreateIn(name="Bug", color="#ff0000"), **project.where)
    for card_id in (a, b):
        labels.add_label_to_card(project.session, card_id=card_id, label_id=label.id, **project.where)
    outcome = bulk_cards.remove_label(project.session, card_ids=[a, bare, b], label_id=label.id, **project.where)
    assert (outcome.changed, outcome.unchanged, outcome.failures) == ([a, b], [bare], [])
    assert project.session.scalars(select(CardLabel.card_id).where(CardLabel.label_id == label.id)).all() == []


def test_archive_cards_keeps_orders_contiguous(project: Project) -> None:
    a, b, c = project.card("A"), project.card("B"), project.card("C")
    outcome = bulk_cards.archive_cards(project.session, card_ids=[a, c], **project.where)
    assert outcome.changed == [a, c]
    assert project.fetch(a).archived and project.fetch(c).archived and not project.fetch(b).archived
    assert _orders(project, 0) == [0]
    again = bulk_cards.archive_cards(project.session, card_ids=[a, b], **project.where)
    assert (again.changed, again.unchanged) == ([b], [a])


def test_cards_of_another_project_are_not_found(project: Project) -> None:
    other = _new_project(project.session, project.actor, project.workspace_id, "Other")
    foreign = other.card("Foreign")
    outcome = bulk_cards.archive_cards(project.session, card_ids=[foreign], **project.where)
    assert outcome.changed == [] and [f.card_id for f in outcome.failures] == [foreign]
    assert not other.fetch(foreign).archived
    assert project.session.scalars(select(BoardColumn).where(BoardColumn.project_id == other.project_id)).all()
