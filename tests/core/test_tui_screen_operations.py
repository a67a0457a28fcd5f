"""Operations the TUI's screens run, and the shapes their callers build inputs with."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.errors import Invalid
from stellary_core.models import Attachment, Card, Project
from stellary_core.operations import OperationRunner, all_operations
from stellary_core.operations.catalog.transfer import ExportProject
from stellary_core.operations.catalog.tui_screens import ImportProjectFile, import_project_file
from stellary_core.operations.refs import NoInput
from stellary_core.principal import Principal
from stellary_core.services import seeding
from stellary_core.services.files import attachment_path


def test_every_operation_that_needs_nothing_takes_the_one_no_input() -> None:
    # The runner accepts an instance of the operation's own input class only (anything
    # else is validated as a dict and fails): a second empty class would refuse NoInput().
    empty = [op for op in all_operations() if not op.input.model_fields]
    assert empty, "no operation without input was found"
    assert [op.name for op in empty if op.input is not NoInput] == []


@pytest.fixture
def demo(db: Database) -> tuple[Principal, str, str]:
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=6)
        return actor, project.workspace_id, project.id


def _projects(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(Project.id))) or 0)


def test_a_project_file_imports_back_with_its_cards(db: Database, demo: tuple[Principal, str, str]) -> None:
    actor, workspace_id, project_id = demo
    runner = OperationRunner(db)
    document = runner.run("export_project", actor, ExportProject(workspace_id=workspace_id, project=project_id))
    given = ImportProjectFile(workspace_id=workspace_id, text=json.dumps(document), source="demo.json")
    made = runner.run(import_project_file, actor, given)
    assert (made.name, made.card_count, made.key_prefix) == ("Demo Project (2)", 6, "DPA") and made.id != project_id
    assert made.notes == (
        "A project named 'Demo Project' already exists there, so this one is 'Demo Project (2)'.",
        "The key prefix DP is taken there, so its cards are DPA-1, DPA-2…",
    )
    again = runner.run("export_project", actor, ExportProject(workspace_id=workspace_id, project=made.id))
    assert [c["title"] for c in again["cards"]] == [c["title"] for c in document["cards"]]


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("{not json", "file", "file: demo.json is not valid JSON (Expecting property name enclosed in double quotes"),
        (json.dumps({"project": {}}), "project.name", "project.name: is required"),
        (
            json.dumps({"project": {"name": "X"}, "columns": [{"name": "A"}], "cards": [{"title": "t", "columnId": "x"}]}),
            "cards.0.columnId",
            "cards.0.columnId: is not the id of a column in this document",
        ),
    ],
)
def test_a_bad_project_file_is_a_400_naming_the_problem_and_creates_nothing(
    db: Database, demo: tuple[Principal, str, str], text: str, field: str, message: str
) -> None:
    actor, workspace_id, _project_id = demo
    before = _projects(db)
    given = ImportProjectFile(workspace_id=workspace_id, text=text, source="demo.json")
    with pytest.raises(Invalid) as raised:
        OperationRunner(db).run(import_project_file, actor, given)
    assert raised.value.status == 400 and raised.value.message.startswith(message)
    assert raised.value.details and raised.value.details[0].field == field
    assert _projects(db) == before


def test_a_project_file_with_files_restores_them_and_a_bad_one_writes_none(
    db: Database, demo: tuple[Principal, str, str]
) -> None:
    actor, workspace_id, _project_id = demo
    content = b"name,points\nlogin,3\n"
    attachment = {"name": "points.csv", "mimeType": "text/csv", "content": base64.b64encode(content).decode()}
    document = {"project": {"name": "With files"}, "cards": [{"title": "Estimate", "attachments": [attachment]}]}
    runner = OperationRunner(db)
    bad = {**document, "cards": [{"title": "Estimate", "attachments": [{**attachment, "sha256": "f" * 64}]}]}
    with pytest.raises(Invalid, match="cards.0.attachments.0.sha256: does not match the content"):
        runner.run(import_project_file, actor, ImportProjectFile(workspace_id=workspace_id, text=json.dumps(bad), source="x.json"))
    assert not db.settings.attachments_dir.exists() or not any(p.is_file() for p in db.settings.attachments_dir.rglob("*"))
    made = runner.run(import_project_file, actor, ImportProjectFile(workspace_id=workspace_id, text=json.dumps(document), source="x.json"))
    assert (made.card_count, made.file_count) == (1, 1)
    with db.session() as session:
        card = session.scalars(select(Card).where(Card.project_id == made.id)).one()
        row = session.scalars(select(Attachment).where(Attachment.card_id == card.id)).one()
        assert (row.original_name, row.mime_type, row.size, row.uploaded_by, card.attachment_count) == (
            "points.csv", "text/csv", len(content), actor.user_id, 1,
        )
    assert attachment_path(db.settings, row.id).read_bytes() == content
