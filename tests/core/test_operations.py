"""The operations layer: scopes and kinds for every caller, one transaction, 503 when busy."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

import pytest

from stellary_core.db import Database, open_database
from stellary_core.errors import Busy, Conflict, Forbidden, Invalid, NotFound
from sqlalchemy import select

from stellary_core.models import Card, Workspace
from stellary_core.operations import OperationRunner, all_operations, get_operation
from stellary_core.operations.catalog.board import CreateCard, ListCards, MoveCard
from stellary_core.operations.catalog.card_editing import SaveCard
from stellary_core.principal import ALL_SCOPES, Principal
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects
from stellary_core.services.access import workspace_by_id


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        made = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops"))
    return {"actor": actor, "workspace_id": workspace_id, "project_id": made.project.id}


def _card_count(db: Database) -> int:
    with db.session() as session:
        return session.query(Card).count()


def test_every_operation_declares_a_known_scope_and_whether_it_writes() -> None:
    ops = all_operations()
    assert {"list_cards", "get_card_details", "create_card", "move_card", "update_card", "assign_card"} <= {
        op.name for op in ops
    }
    for op in ops:
        assert op.scope in ALL_SCOPES, op.name
        assert op.writes == op.scope.endswith(":write") or op.scope == "notifications:read", op.name


@pytest.mark.parametrize("name", [op.name for op in all_operations()])
def test_a_token_without_the_operations_scope_is_refused_before_anything_runs(db: Database, name: str) -> None:
    op = get_operation(name)
    # A kind-restricted operation is tried with a kind it accepts, so its scope is what refuses.
    kind = "pat" if op.kinds is None or "pat" in op.kinds else sorted(op.kinds)[0]
    token = Principal(user_id="665f1a2b3c4d5e6f7a8b9c0d", kind=kind, scopes=frozenset(ALL_SCOPES) - {op.scope})
    with pytest.raises(Forbidden, match=op.scope):
        OperationRunner(db).run(op, token, {})


@pytest.mark.parametrize("name", [op.name for op in all_operations() if op.kinds is not None and "pat" not in op.kinds])
def test_an_operation_closed_to_tokens_refuses_a_pat_holding_every_scope(db: Database, name: str) -> None:
    token = Principal(user_id="665f1a2b3c4d5e6f7a8b9c0d", kind="pat", token_id="665f1a2b3c4d5e6f7a8b9c0e")
    with pytest.raises(Forbidden, match="personal access token"):
        OperationRunner(db).run(name, token, {})


def test_a_read_only_token_cannot_create_a_card_outside_http(db: Database, world: dict[str, Any]) -> None:
    reader = dataclasses.replace(world["actor"], kind="pat", scopes=frozenset({"projects:read"}))
    given = CreateCard(workspace_id=world["workspace_id"], project="Ops", column="To Do", data=CardCreateIn(title="x"))
    before = _card_count(db)
    with pytest.raises(Forbidden, match="projects:write"):
        OperationRunner(db).run("create_card", reader, given)
    assert _card_count(db) == before
    # The same call with the scope goes through, by project and column names.
    writer = dataclasses.replace(reader, scopes=frozenset({"projects:write"}))
    made = OperationRunner(db).run("create_card", writer, given)
    assert made.title == "x" and _card_count(db) == before + 1


def test_names_resolve_to_cards_columns_and_projects(db: Database, world: dict[str, Any]) -> None:
    runner, actor = OperationRunner(db), world["actor"]
    made = runner.run("create_card", actor, CreateCard(project=world["project_id"], column="to do", data=CardCreateIn(title="Ship")))
    moved = runner.run("move_card", actor, MoveCard(project="ops", card=made.key.lower(), column="Done"))
    assert moved.id == made.id and moved.status == "done"
    listed = runner.run("list_cards", actor, ListCards(project="Ops", column="Done"))
    assert [c.key for c in listed] == [made.key]
    with pytest.raises(NotFound):
        runner.run("move_card", actor, MoveCard(project="Ops", card="OPS-999", column="Done"))


def test_a_project_is_named_by_its_key_prefix_too_and_an_ambiguous_name_is_refused(db: Database, world: dict[str, Any]) -> None:
    runner, actor = OperationRunner(db), world["actor"]
    with db.session(write=True) as session:
        growth = projects.create_project(
            session, actor=actor, workspace_id=world["workspace_id"], data=ProjectCreateIn(name="Growth Sprint")
        ).project
        assert growth.key_prefix == "GS"
    runner.run("create_card", actor, CreateCard(project="gs", column="To Do", data=CardCreateIn(title="Landing page")))
    assert [c.key for c in runner.run("list_cards", actor, ListCards(project=" GS "))] == ["GS-1"]
    with db.session(write=True) as session:  # created by hand, a second project shares the prefix
        projects.create_project(session, actor=actor, workspace_id=world["workspace_id"], data=ProjectCreateIn(name="Green Shoots"))
    with pytest.raises(Conflict, match=r"'GS' names several projects: Growth Sprint \(GS\), Green Shoots \(GS\)"):
        runner.run("list_cards", actor, ListCards(project="GS"))
    assert len(runner.run("list_cards", actor, ListCards(project="growth sprint"))) == 1  # its name still says which
    with pytest.raises(NotFound, match="Project not found"):
        runner.run("list_cards", actor, ListCards(project="ZZ"))


def test_a_kind_the_operation_does_not_accept_is_refused(db: Database) -> None:
    op = dataclasses.replace(get_operation("list_cards"), kinds=frozenset({"jwt", "local"}))
    agent = Principal(user_id="665f1a2b3c4d5e6f7a8b9c0d", kind="agent")
    with pytest.raises(Forbidden, match="agent"):
        OperationRunner(db).run(op, agent, {})


def test_saving_a_card_is_all_or_nothing(db: Database, world: dict[str, Any]) -> None:
    runner, actor = OperationRunner(db), world["actor"]
    made = runner.run("create_card", actor, CreateCard(project="Ops", column="To Do", data=CardCreateIn(title="Before")))
    # The last step (a custom-field value for a field that does not exist) fails...
    edit = SaveCard(
        project="Ops",
        card=made.id,
        update=CardUpdateIn(title="After", description="changed", priority="high"),
        field_values={"665f1a2b3c4d5e6f7a8b9c0d": "x"},
    )
    with pytest.raises(Invalid):
        runner.run("save_card", actor, edit)
    # ...so nothing of the edit is kept.
    after = runner.run("get_card_details", actor, {"project": "Ops", "card": made.key})
    assert (after.title, after.description, after.priority) == ("Before", None, "medium")


@pytest.mark.sqlite_only  # SQLite's write lock; PostgreSQL's lock waits are the runner's retries
def test_a_database_locked_past_its_timeout_is_busy_and_nothing_happens(db: Database, world: dict[str, Any]) -> None:
    quick = open_database(dataclasses.replace(db.settings, busy_timeout_ms=50), migrate=False)
    blocker = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        given = CreateCard(project="Ops", column="To Do", data=CardCreateIn(title="Blocked"))
        with pytest.raises(Busy) as raised:
            OperationRunner(quick).run("create_card", world["actor"], given)
        assert raised.value.status == 503 and raised.value.retry_after >= 1
        # Reads still work while the writer waits: they never take the write lock.
        assert OperationRunner(quick).run("list_cards", world["actor"], ListCards(project="Ops")) == []
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        quick.dispose()
    assert _card_count(db) == 0
    with db.session() as session:
        assert workspace_by_id(session, actor=world["actor"], workspace_id=world["workspace_id"])


def test_a_bad_payload_from_a_script_is_a_400_naming_the_field(db: Database, world: dict[str, Any]) -> None:
    """MCP and scripts hand the runner plain dicts: a bad one is the same Invalid as a bad REST body."""
    with pytest.raises(Invalid) as raised:
        OperationRunner(db).run("move_card", world["actor"], {"project": "Ops", "card": "OPS-1", "nonsense": 1})
    assert raised.value.status == 400
    assert [d.field for d in raised.value.details] == ["column", "nonsense"]
