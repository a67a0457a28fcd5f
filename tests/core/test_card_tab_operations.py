"""The operations only the card editor's tabs need: uploader names, files by a path on this machine."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import Conflict, Forbidden
from stellary_core.models import Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.operations.catalog.card_tabs import AttachLocalFile, SaveAttachmentCopy
from stellary_core.operations.refs import OnCard
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
    runner = OperationRunner(db)
    card = runner.run("create_card", actor, CreateCard(project="Ops", column="To Do", data=CardCreateIn(title="First")))
    return {"actor": actor, "runner": runner, "card": card}


def test_a_file_attached_by_path_is_listed_with_its_uploader_and_copied_back(world: dict[str, Any], tmp_path: Path) -> None:
    runner, actor, card = world["runner"], world["actor"], world["card"]
    source = tmp_path / "notes.md"
    source.write_bytes(b"# Notes\n")

    added = runner.run("attach_local_file", actor, AttachLocalFile(project="Ops", card=card.key, path=source))
    assert (added.original_name, added.size, added.uploader_name) == ("notes.md", 8, "Ada")
    listed = runner.run("list_named_attachments", actor, OnCard(project="Ops", card=card.key))
    assert listed == [added]

    # A directory as destination saves the file under its own name; a second save must not clobber it.
    copy = SaveAttachmentCopy(project="Ops", card=card.key, attachment=added.id, destination=tmp_path / "out")
    (tmp_path / "out").mkdir()
    saved = runner.run("save_attachment_copy", actor, copy)
    assert saved.path == tmp_path / "out" / "notes.md" and saved.path.read_bytes() == b"# Notes\n"
    saved.path.write_bytes(b"edited here")
    with pytest.raises(Conflict):
        runner.run("save_attachment_copy", actor, copy)
    assert saved.path.read_bytes() == b"edited here"
    runner.run("save_attachment_copy", actor, copy.model_copy(update={"overwrite": True}))
    assert saved.path.read_bytes() == b"# Notes\n"


@pytest.mark.parametrize("name", ["attach_local_file", "save_attachment_copy"])
def test_only_the_local_profile_reaches_files_by_path(world: dict[str, Any], name: str) -> None:
    """A login session over REST is a user elsewhere: the server's disk is not theirs to read or write."""
    remote = dataclasses.replace(world["actor"], kind="jwt")
    with pytest.raises(Forbidden, match="a login session cannot reach files by a path on this machine"):
        world["runner"].run(name, remote, {})
