"""find_cards and locate_card: a card found across a workspace by key or title words, and where it lives."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.models import Card, Project, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.search import FindCards, FoundCard, LocateCard
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import accounts, board, cards, projects, scopes


def _make_cards(session: Any, actor: Principal, workspace_id: str, project_id: str, titles: list[str], scope_id: str | None = None) -> list[str]:
    column_id = board.load_board(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id, scope_id=scope_id
    ).columns[0].id
    return [
        cards.create_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=column_id,
            data=CardCreateIn(title=title),
        ).card.key
        for title in titles
    ]


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        ops = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops")).project
        web = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Web")).project
        ops_keys = _make_cards(session, actor, workspace_id, ops.id, [f"Task {n}" for n in range(1, 13)])
        sprint = scopes.create_scope(
            session, actor=actor, workspace_id=workspace_id, project_id=web.id, data=ScopeCreateIn(name="Sprint 2")
        ).scope
        web_keys = _make_cards(session, actor, workspace_id, web.id, ["Write copy for the home page", "SEO audit"], sprint.id)
        # Someone else's workspace: never searched.
        other = accounts.create_user(session, email="bob@example.com", name="Bob", password=None)
        other_actor = Principal(user_id=other.id, kind="jwt")
        other_ws = session.scalars(select(Workspace.id).where(Workspace.owner_id == other.id)).one()
        hidden = projects.create_project(session, actor=other_actor, workspace_id=other_ws, data=ProjectCreateIn(name="Ops"))
        _make_cards(session, other_actor, other_ws, hidden.project.id, ["Write copy in secret"])
    return {
        "actor": actor, "workspace_id": workspace_id, "ops": ops.id, "web": web.id, "sprint": sprint.id,
        "ops_keys": ops_keys, "web_keys": web_keys,
    }


def _find(db: Database, world: dict[str, Any], text: str, **extra: Any) -> list[FoundCard]:
    found: list[FoundCard] = OperationRunner(db).run(
        "find_cards", world["actor"], FindCards(workspace_id=world["workspace_id"], text=text, **extra)
    )
    return found


def _locate(db: Database, world: dict[str, Any], card: str) -> FoundCard:
    found: FoundCard = OperationRunner(db).run(
        "locate_card", world["actor"], LocateCard(workspace_id=world["workspace_id"], card=card)
    )
    return found


def test_a_key_finds_that_card_first_then_the_keys_it_starts(db: Database, world: dict[str, Any]) -> None:
    found = _find(db, world, "ops-1")
    assert [c.key for c in found] == ["OPS-1", "OPS-10", "OPS-11", "OPS-12"]
    assert found[0].project_name == "Ops" and found[0].scope_name == "Main"


def test_title_words_match_in_any_order_and_case_within_the_workspace_only(db: Database, world: dict[str, Any]) -> None:
    found = _find(db, world, "COPY write")
    assert [(c.key, c.title) for c in found] == [(world["web_keys"][0], "Write copy for the home page")]
    card = found[0]
    assert (card.project_id, card.project_name, card.scope_id, card.scope_name) == (world["web"], "Web", world["sprint"], "Sprint 2")
    assert _find(db, world, "secret") == []
    assert _find(db, world, "   ") == []


def test_the_answer_is_limited_and_leaves_archived_cards_out_unless_asked(db: Database, world: dict[str, Any]) -> None:
    assert len(_find(db, world, "task", limit=5)) == 5
    with db.session(write=True) as session:
        session.execute(select(Card).where(Card.key == "OPS-3")).scalar_one().archived = True
    assert "OPS-3" not in [c.key for c in _find(db, world, "task")]
    archived = _find(db, world, "ops-3", include_archived=True)
    assert archived[0].key == "OPS-3" and archived[0].archived


def test_like_wildcards_in_the_text_are_plain_characters(db: Database, world: dict[str, Any]) -> None:
    assert _find(db, world, "%") == [] and _find(db, world, "_") == []


def test_locate_resolves_a_key_in_any_case_or_an_id_to_its_project_and_scope(db: Database, world: dict[str, Any]) -> None:
    key = world["web_keys"][1]
    located = _locate(db, world, key.lower())
    assert (located.key, located.project_id, located.scope_id, located.scope_name) == (key, world["web"], world["sprint"], "Sprint 2")
    assert _locate(db, world, located.id) == located


def test_locate_says_what_is_wrong(db: Database, world: dict[str, Any]) -> None:
    with pytest.raises(NotFound, match="No card OPS-99 in this workspace"):
        _locate(db, world, "ops-99")
    with pytest.raises(Invalid):
        _locate(db, world, "copy")
    # Bob's OPS-1 is not in Ada's workspace; Ada's own is found.
    assert _locate(db, world, "OPS-1").project_id == world["ops"]


def test_locate_refuses_a_key_two_projects_share(db: Database, world: dict[str, Any]) -> None:
    with db.session(write=True) as session:
        # A project made by hand (not imported) may repeat a prefix, and so the keys of its cards.
        session.get(Project, world["web"]).key_prefix = "OPS"
        session.execute(select(Card).where(Card.key == world["web_keys"][0])).scalar_one().key = "OPS-1"
    with pytest.raises(Conflict, match="Several projects"):
        _locate(db, world, "OPS-1")
