"""The operations the TUI's screens and views read through: board, start view, preferences, stats, card moves."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.filters import parse
from stellary_core.models import Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.views import GetBoard, GetViewStats, PlaceCard, ScopeBoard, narrowed
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, board, cards, projects


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        first = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops"))
        second = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Web"))
        column_id = board.load_board(
            session, actor=actor, workspace_id=workspace_id, project_id=first.project.id
        ).columns[0].id
        made = [
            cards.create_card(
                session, actor=actor, workspace_id=workspace_id, project_id=first.project.id, column_id=column_id,
                data=CardCreateIn(title=title, priority=priority),
            ).card.id
            for title, priority in (("Alpha", "high"), ("Beta", "low"), ("Gamma", "high"))
        ]
    return {
        "actor": actor, "workspace_id": workspace_id, "project_id": first.project.id,
        "other_project_id": second.project.id, "column_id": column_id, "cards": made,
    }


def _get_board(db: Database, world: dict[str, Any]) -> ScopeBoard:
    given = GetBoard(workspace_id=world["workspace_id"], project=world["project_id"])
    result: ScopeBoard = OperationRunner(db).run("get_board", world["actor"], given)
    return result


def test_get_board_answers_the_rows_the_board_service_reads_without_model_rows(db: Database, world: dict[str, Any]) -> None:
    got = _get_board(db, world)
    with db.session() as session:
        expected = board.load_board(
            session, actor=world["actor"], workspace_id=world["workspace_id"], project_id=world["project_id"]
        )
    assert got.columns == expected.columns and got.cards == expected.cards and got.labels == expected.labels
    assert got.people == expected.people
    assert (got.project.id, got.project.name, got.scope.id, got.scope.active_view) == (
        expected.project.id, "Ops", expected.scope.id, "kanban",
    )
    # Plain values all the way down: the same board can travel as JSON to a remote client.
    from stellary_core.operations import get_operation

    assert get_operation("get_board").dump(got)["project"]["name"] == "Ops"


def test_narrowed_keeps_the_cards_the_filter_language_matches(db: Database, world: dict[str, Any]) -> None:
    got = _get_board(db, world)
    high = narrowed(got, parse("priority:high"), me=world["actor"].user_id)
    assert [c.title for c in high.all_cards()] == ["Alpha", "Gamma"]
    assert high.query is not None and high.query.text == "priority:high"
    assert got.card_count == 3  # the loaded board is left whole


def test_the_start_view_opens_the_last_project_remembered(db: Database, world: dict[str, Any]) -> None:
    runner, actor = OperationRunner(db), world["actor"]
    first = runner.run("get_start_view", actor, {})
    assert first.project_id == world["project_id"] and first.board is not None and first.board.card_count == 3
    runner.run("set_preference", actor, {"name": "last_project", "value": world["other_project_id"]})
    assert runner.run("get_preference", actor, {"name": "last_project"}) == world["other_project_id"]
    again = runner.run("get_start_view", actor, {})
    assert again.project_id == world["other_project_id"] and again.board is not None
    assert again.board.project.name == "Web"
    assert [p.name for org in again.tree for ws in org.workspaces for p in ws.projects] == ["Ops", "Web"]


def test_place_card_puts_a_card_between_its_neighbours(db: Database, world: dict[str, Any]) -> None:
    alpha, beta, gamma = world["cards"]
    moved = OperationRunner(db).run(
        "place_card", world["actor"],
        PlaceCard(workspace_id=world["workspace_id"], project=world["project_id"], card=gamma,
                  column=world["column_id"], after_id=alpha),
    )
    assert moved.id == gamma
    assert [c.id for c in _get_board(db, world).cards[world["column_id"]]] == [alpha, gamma, beta]


def test_archive_card_takes_it_off_the_board(db: Database, world: dict[str, Any]) -> None:
    alpha = world["cards"][0]
    OperationRunner(db).run(
        "archive_card", world["actor"], {"workspace_id": world["workspace_id"], "project": world["project_id"], "card": alpha}
    )
    assert alpha not in {c.id for c in _get_board(db, world).all_cards()}


def test_view_stats_count_only_the_cards_given(db: Database, world: dict[str, Any]) -> None:
    runner, actor = OperationRunner(db), world["actor"]
    base = {"workspace_id": world["workspace_id"], "project": world["project_id"]}
    every = runner.run("get_view_stats", actor, GetViewStats(**base))
    some = runner.run("get_view_stats", actor, GetViewStats(**base, card_ids=world["cards"][:1], days=7))
    assert (every.total, some.total, len(some.window)) == (3, 1, 7)


def test_editor_data_offers_the_cards_scope_and_the_other_cards(db: Database, world: dict[str, Any]) -> None:
    runner, actor = OperationRunner(db), world["actor"]
    alpha = world["cards"][0]
    where = {"workspace_id": world["workspace_id"], "project": world["project_id"]}
    editing = runner.run("get_editor_data", actor, {**where, "card": alpha})
    assert editing.card is not None and editing.card.title == "Alpha"
    assert [key for _id, key, _title in editing.others] == ["OPS-2", "OPS-3"]
    assert world["column_id"] in editing.categories and editing.people == [("Ada", actor.user_id)]
    new = runner.run("get_editor_data", actor, where)
    assert new.card is None and len(new.others) == 3 and new.columns == editing.columns
