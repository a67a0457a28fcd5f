"""The operations on a card's parts (comments, labels, checklist, fields, relations, attachments) outside HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import NotFound
from stellary_core.models import Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.attachments import AddAttachment, OnAttachment
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects
from stellary_core.services.attachments import StagedFile


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops"))
    runner = OperationRunner(db)
    first = runner.run("create_card", actor, CreateCard(project="Ops", column="To Do", data=CardCreateIn(title="First")))
    second = runner.run("create_card", actor, CreateCard(project="Ops", column="To Do", data=CardCreateIn(title="Second")))
    return {"actor": actor, "runner": runner, "first": first, "second": second}


def _files(db: Database) -> list[Path]:
    root = db.settings.attachments_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_cards_parts_are_reached_by_project_name_and_card_key(world: dict[str, Any]) -> None:
    runner, actor, first, second = world["runner"], world["actor"], world["first"], world["second"]
    on_first = {"project": "ops", "card": first.key.lower()}

    runner.run("add_comment", actor, {**on_first, "data": {"content": "Looks good"}})
    assert [c.content for c in runner.run("get_card_comments", actor, on_first)] == ["Looks good"]

    label = runner.run("create_label", actor, {"project": "Ops", "data": {"name": "Bug", "color": "#FF0000"}})
    labelled = runner.run("add_label_to_card", actor, {**on_first, "label": label.id})
    assert labelled.label_ids == [label.id]

    checked = runner.run("add_checklist_item", actor, {**on_first, "data": {"title": "Step"}})
    assert [item.title for item in checked.checklist] == ["Step"]

    size = runner.run("create_custom_field", actor, {"project": "Ops", "data": {"name": "Size", "type": "text"}})
    valued = runner.run("set_card_field_values", actor, {**on_first, "values": {size.id: "L"}})
    assert valued.custom_fields == {size.id: "L"}

    runner.run("create_relation", actor, {**on_first, "data": {"targetCardId": second.id, "type": "blocks"}})
    seen = runner.run("list_relations", actor, {"project": "Ops", "card": second.key})
    assert [(r.type, r.target_card.key) for r in seen] == [("blocked_by", first.key)]


def test_add_attachment_keeps_the_staged_file_on_the_card(db: Database, world: dict[str, Any]) -> None:
    runner, actor, first = world["runner"], world["actor"], world["first"]
    staged = StagedFile(db.settings)
    staged.write(b"# Notes\n")
    made = runner.run("add_attachment", actor, AddAttachment(project="Ops", card=first.key, staged=staged, filename="notes.md"))
    assert (made.original_name, made.size) == ("notes.md", 8)
    found = runner.run("get_attachment_file", actor, OnAttachment(project="Ops", card=first.key, attachment=made.id))
    assert found.attachment == made and found.path.read_bytes() == b"# Notes\n"
    assert _files(db) == [found.path]


def test_add_attachment_deletes_the_staged_file_when_the_card_is_not_found(db: Database, world: dict[str, Any]) -> None:
    runner, actor = world["runner"], world["actor"]
    staged = StagedFile(db.settings)
    staged.write(b"orphan")
    with pytest.raises(NotFound, match="Card not found"):
        runner.run("add_attachment", actor, AddAttachment(project="Ops", card="OPS-999", staged=staged, filename="x.txt"))
    assert not staged.path.exists()
    assert _files(db) == []
