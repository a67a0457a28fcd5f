"""Pilot tests of "Export project…" and "Import project…" in the command palette."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.models import Attachment, Card, Project
from stellary_core.principal import Principal
from stellary_core.services import attachments, transfer
from stellary_core.services.files import attachment_path
from stellary_tui.app import StellaryApp
from stellary_tui.screens.dialogs import ConfirmDialog, PromptDialog
from stellary_tui.screens.main import MainScreen
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]
_ID = re.compile(r"^[0-9a-f]{24}$")
_NOT_KEPT = {"exportedAt", "createdAt", "updatedAt", "completedAt"}  # an import makes fresh ids and times


def canonical(document: Any, names: dict[str, str] | None = None) -> Any:
    """The document with ids renamed in order of first appearance and the times an import renews left out."""
    names = {} if names is None else names
    if isinstance(document, dict):
        return {k: canonical(v, names) for k, v in document.items() if k not in _NOT_KEPT}
    if isinstance(document, list):
        return [canonical(v, names) for v in document]
    if isinstance(document, str) and _ID.match(document):
        return names.setdefault(document, f"#{len(names)}")
    return document


def export_of(db: Database, me: Principal, workspace_id: str, project_id: str) -> dict[str, Any]:
    with db.session() as session:
        return transfer.export_project(session, actor=me, workspace_id=workspace_id, project_id=project_id)


def project_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(Project.id))) or 0)


def capture_notifications(app: StellaryApp) -> list[str]:
    said: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return said


async def palette(pilot: Any, command: str) -> None:
    await pilot.press("ctrl+p", *command)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_export_writes_a_file_that_imports_back_equal(demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, me, workspace_id, project_id = demo
    monkeypatch.chdir(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Export project")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog) and dialog.initial == "./demo-project.json"
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "demo-project.json"
        document = json.loads(written.read_text(encoding="utf-8"))
        assert document["format"] == "stellary.project/1" and len(document["cards"]) == 24
        assert canonical(document) == canonical(export_of(db, me, workspace_id, project_id))

        said = capture_notifications(app)
        await palette(pilot, "Import project")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"demo-project.json", "enter")
        await settle(pilot, rounds=5)
        main = app.screen
        assert isinstance(main, MainScreen)
        # Beside the original it takes the next free name and key prefix, and says so.
        assert main.project is not None and main.project.id != project_id and main.project.name == "Demo Project (2)"
        assert said[-1] == (
            "Imported Demo Project (2) into Personal (24 cards, keys DPA-n). "
            "A project named 'Demo Project' already exists there, so this one is 'Demo Project (2)'. "
            "The key prefix DP is taken there, so its cards are DPA-1, DPA-2…"
        )
        assert main.board is not None and main.board.card_count == 24  # the new project is open
        imported = export_of(db, me, workspace_id, main.project.id)
    assert imported["project"]["keyPrefix"] == "DPA"
    imported["project"].update(name="Demo Project", keyPrefix="DP")
    for card in imported["cards"]:
        assert card["key"] == f"DPA-{card['number']}"
        card["key"] = f"DP-{card['number']}"
    assert canonical(imported) == canonical(document)


async def test_export_asks_before_replacing_a_file(demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, *_ = demo
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "demo-project.json"
    existing.write_text("keep me", encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Export project")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert existing.read_text(encoding="utf-8") == "keep me"
        await palette(pilot, "Export project")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert json.loads(existing.read_text(encoding="utf-8"))["format"] == "stellary.project/1"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "missing.json does not exist"),
        ("{not json", "missing.json is not valid JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
        (json.dumps({"project": {}}), "project.name: is required"),
        (
            json.dumps({"project": {"name": "X"}, "columns": [{"name": "A"}], "cards": [{"title": "t", "columnId": "nope"}]}),
            "cards.0.columnId: is not the id of a column in this document",
        ),
    ],
)
async def test_a_bad_file_is_a_readable_error_and_creates_nothing(
    demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, expected: str
) -> None:
    db, _me, _workspace_id, project_id = demo
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "missing.json").write_text(content, encoding="utf-8")
    before = project_count(db)
    app = make_app(db)
    said = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Import project")
        await pilot.press(*"missing.json", "enter")
        await settle(pilot)
        assert any(expected in message for message in said), said
        main = app.screen
        assert isinstance(main, MainScreen) and main.project is not None and main.project.id == project_id
    assert project_count(db) == before


async def test_export_with_files_carries_the_attachments_back_in(
    demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, me, workspace_id, project_id = demo
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "wireframe.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n pixels")
    with db.session(write=True) as session:
        first = session.scalars(select(Card).where(Card.project_id == project_id).order_by(Card.number)).first()
        assert first is not None
        key, number = first.key, first.number
        attachments.attach_file(
            session, actor=me, workspace_id=workspace_id, project_id=project_id, card_id=first.id, path=source
        )
    app = make_app(db)
    said = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Export project with files")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog) and dialog.title_text == "Export Demo Project and its files to a JSON file"
        await pilot.press("enter")
        await settle(pilot)
        assert said[-1] == "Exported Demo Project with its files to ./demo-project.json"
        document = json.loads((tmp_path / "demo-project.json").read_text(encoding="utf-8"))
        [carried] = [a for card in document["cards"] for a in card.get("attachments", [])]
        assert (carried["name"], carried["mimeType"]) == ("wireframe.png", "image/png")

        await palette(pilot, "Import project")
        await pilot.press(*"demo-project.json", "enter")
        await settle(pilot, rounds=5)
        assert said[-1].startswith("Imported Demo Project (2) into Personal (24 cards, 1 file, keys DPA-n).")
        main = app.screen
        assert isinstance(main, MainScreen) and main.project is not None
        copy_id = main.project.id
    with db.session() as session:
        copied = session.scalars(select(Card).where(Card.project_id == copy_id, Card.number == number)).one()
        [row] = session.scalars(select(Attachment).where(Attachment.card_id == copied.id)).all()
        assert (copied.key, copied.attachment_count) == (key.replace("DP-", "DPA-"), 1)
        assert (row.original_name, row.mime_type) == ("wireframe.png", "image/png")
        assert attachment_path(db.settings, row.id).read_bytes() == source.read_bytes()
