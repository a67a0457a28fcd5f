"""Deleting a card into the trash and restoring it; refusing a change meant for a card that changed since."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.errors import Conflict, NotFound
from stellary_core.models import Activity, Card, Organization, TrashedCard, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_core.schemas.organizations import OrgMemberAddIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, attachments, organizations, projects, workspaces
from stellary_core.services.trash import TRASH_DAYS

Ops = dict[str, Any]


@pytest.fixture
def ops(db: Database) -> Ops:
    """A project "Ops" with cards A, B, C in To Do and D in Done, by an owner who can invite."""
    with db.session(write=True) as session:
        user = accounts.register(session, data=RegisterIn(email="ada@example.com", password="secure-pass-123", name="Ada")).user
        actor = Principal(user_id=user.id)
        workspace = session.scalars(select(Workspace).where(Workspace.owner_id == user.id)).one()
        project = projects.create_project(session, actor=actor, workspace_id=workspace.id, data=ProjectCreateIn(name="Ops"))
    runner = OperationRunner(db)
    made = {
        title: runner.run("create_card", actor, {"project": "Ops", "column": column, "data": {"title": title}})
        for title, column in (("A", "To Do"), ("B", "To Do"), ("C", "To Do"), ("D", "Done"))
    }
    return {"db": db, "actor": actor, "runner": runner, "cards": made, "workspace_id": workspace.id, "project_id": project.project.id}


def _run(ops: Ops, name: str, payload: dict[str, Any], actor: Principal | None = None) -> Any:
    return ops["runner"].run(name, actor or ops["actor"], {"project": "Ops", **payload})


def _files(db: Database) -> list[Path]:
    root = db.settings.attachments_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _attach(ops: Ops, card_id: str, tmp_path: Path) -> str:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Notes\n")
    with ops["db"].session(write=True) as session:
        view = attachments.attach_file(
            session, actor=ops["actor"], workspace_id=ops["workspace_id"], project_id=ops["project_id"], card_id=card_id, path=path
        )
        return view.attachment.id


def _teammate(ops: Ops) -> Principal:
    db = ops["db"]
    with db.session(write=True) as session:
        user = accounts.register(session, data=RegisterIn(email="bob@example.com", password="secure-pass-123", name="Bob")).user
    with db.session(write=True) as session:
        org_slug = session.get_one(Organization, session.get_one(Workspace, ops["workspace_id"]).org_id).slug
        organizations.add_member(session, actor=ops["actor"], org_slug=org_slug, data=OrgMemberAddIn(email="bob@example.com", role="member"))
    with db.session(write=True) as session:
        workspaces.add_member(session, actor=ops["actor"], workspace_id=ops["workspace_id"], email="bob@example.com")
    return Principal(user_id=user.id)


def _titles(ops: Ops, column: str) -> list[str]:
    return [c.title for c in _run(ops, "list_cards", {"column": column})]


def test_a_deleted_card_comes_back_whole_under_its_id_key_and_place(ops: Ops, tmp_path: Path) -> None:
    b, c = ops["cards"]["B"], ops["cards"]["C"]
    on_b = {"card": b.key}
    _run(ops, "add_comment", {**on_b, "data": {"content": "Looks good"}})
    _run(ops, "add_checklist_item", {**on_b, "data": {"title": "Step one"}})
    label = _run(ops, "create_label", {"data": {"name": "Bug", "color": "#FF0000"}})
    _run(ops, "add_label_to_card", {**on_b, "label": label.id})
    size = _run(ops, "create_custom_field", {"data": {"name": "Size", "type": "text"}})
    _run(ops, "set_card_field_values", {**on_b, "values": {size.id: "L"}})
    _run(ops, "create_relation", {**on_b, "data": {"targetCardId": c.id, "type": "blocks"}})
    _run(ops, "create_relation", {"card": ops["cards"]["D"].key, "data": {"targetCardId": b.id, "type": "parent_of"}})
    attachment_id = _attach(ops, b.id, tmp_path)
    before = _run(ops, "get_card_details", on_b)

    trashed = _run(ops, "trash_card", on_b)
    assert (trashed.id, trashed.key) == (b.id, b.key)
    assert _titles(ops, "To Do") == ["A", "C"]
    with pytest.raises(NotFound):
        _run(ops, "get_card_details", on_b)
    assert len(_files(ops["db"])) == 1  # the file waits in the trash with the copy

    restored = _run(ops, "restore_card", {"card": b.key})
    assert restored.left_out == []
    after = restored.card
    assert (after.id, after.key, after.order) == (b.id, b.key, 1)
    assert _titles(ops, "To Do") == ["A", "B", "C"]
    same = ("title", "column_id", "status", "checklist", "label_ids", "custom_fields", "comment_count", "attachment_count",
            "blocks_count", "created_at", "created_by")  # fmt: skip
    assert {f: getattr(after, f) for f in same} == {f: getattr(before, f) for f in same}
    assert [x.content for x in _run(ops, "get_card_comments", on_b)] == ["Looks good"]
    seen = {(r.type, r.target_card.key) for r in _run(ops, "list_relations", on_b)}
    assert seen == {("blocks", c.key), ("child_of", ops["cards"]["D"].key)}
    found = _run(ops, "get_attachment_file", {**on_b, "attachment": attachment_id})
    assert found.path.read_bytes() == b"# Notes\n"
    with ops["db"].session() as session:
        assert session.scalar(select(TrashedCard)) is None
        kinds = [a.type for a in session.scalars(select(Activity).where(Activity.card_id == b.id).order_by(Activity.created_at))]
        restoring = session.scalars(select(Activity).where(Activity.card_id == b.id, Activity.type == "card_created")).all()
    assert kinds[-2:] == ["card_deleted", "card_created"]  # the history was kept, and says it came back
    assert [a.meta.get("restored") for a in restoring] == [None, True]


def test_what_was_deleted_since_is_left_out_and_said(ops: Ops) -> None:
    a, b = ops["cards"]["A"], ops["cards"]["B"]
    label = _run(ops, "create_label", {"data": {"name": "Bug", "color": "#FF0000"}})
    size = _run(ops, "create_custom_field", {"data": {"name": "Size", "type": "text"}})
    on_a = {"card": a.key}
    _run(ops, "add_label_to_card", {**on_a, "label": label.id})
    _run(ops, "set_card_field_values", {**on_a, "values": {size.id: "L"}})
    _run(ops, "create_relation", {**on_a, "data": {"targetCardId": b.id, "type": "related_to"}})
    _run(ops, "trash_card", on_a)
    _run(ops, "delete_label", {"label": label.id})
    _run(ops, "delete_custom_field", {"field": size.id})
    _run(ops, "delete_card", {"card": b.key})
    to_do = _run(ops, "list_columns", {})[0]
    _run(ops, "create_column", {"data": {"name": "Inbox", "order": 0}})
    _run(ops, "delete_column", {"column": to_do.id, "moveCardsTo": "Inbox"})

    restored = _run(ops, "restore_card", {"card": a.id})

    assert restored.left_out == [
        "its column To Do (deleted since): it is in Inbox",
        "the label “Bug” (deleted since)",
        "the field “Size” (deleted since)",
        f"its relation to {b.key} (deleted since)",
    ]
    assert (restored.card.label_ids, restored.card.custom_fields) == ([], {})
    assert _titles(ops, "Inbox") == ["A", "C"]


def test_a_relation_the_rules_now_refuse_stays_out(ops: Ops) -> None:
    a, b, d = ops["cards"]["A"], ops["cards"]["B"], ops["cards"]["D"]
    _run(ops, "create_relation", {"card": a.key, "data": {"targetCardId": b.id, "type": "parent_of"}})
    _run(ops, "trash_card", {"card": a.key})
    _run(ops, "create_relation", {"card": d.key, "data": {"targetCardId": b.id, "type": "parent_of"}})  # B's new parent
    restored = _run(ops, "restore_card", {"card": a.key})
    assert restored.left_out == [f"its relation to {b.key} (a card can have only one parent)"]
    assert [(r.type, r.target_card.key) for r in _run(ops, "list_relations", {"card": b.key})] == [("child_of", d.key)]


def test_only_the_person_who_deleted_a_card_can_restore_it(ops: Ops) -> None:
    bob = _teammate(ops)
    a = ops["cards"]["A"]
    _run(ops, "trash_card", {"card": a.key})
    with pytest.raises(NotFound, match="not in your trash"):
        _run(ops, "restore_card", {"card": a.key}, actor=bob)
    assert _run(ops, "restore_card", {"card": a.key}).card.id == a.id
    with pytest.raises(NotFound, match="not in your trash"):  # once back, it is no longer in the trash
        _run(ops, "restore_card", {"card": a.key})


def test_copies_older_than_the_trash_keeps_are_purged_with_their_files(ops: Ops, tmp_path: Path) -> None:
    a, b = ops["cards"]["A"], ops["cards"]["B"]
    _attach(ops, a.id, tmp_path)
    start = datetime(2026, 12, 1, 9, 0)
    clock.freeze(start)
    _run(ops, "trash_card", {"card": a.key})
    assert len(_files(ops["db"])) == 1
    clock.freeze(start + timedelta(days=TRASH_DAYS, minutes=1))
    _run(ops, "trash_card", {"card": b.key})  # the next deletion purges what is too old
    assert _files(ops["db"]) == []
    with pytest.raises(NotFound):
        _run(ops, "restore_card", {"card": a.key})
    assert _run(ops, "restore_card", {"card": b.key}).card.title == "B"


def test_deleting_the_project_deletes_the_files_waiting_in_its_trash(ops: Ops, tmp_path: Path) -> None:
    a = ops["cards"]["A"]
    _attach(ops, a.id, tmp_path)
    _run(ops, "trash_card", {"card": a.key})
    assert len(_files(ops["db"])) == 1
    with ops["db"].session(write=True) as session:
        projects.delete_project(session, actor=ops["actor"], workspace_id=ops["workspace_id"], project_id=ops["project_id"])
    assert _files(ops["db"]) == []


def test_an_attachment_whose_file_is_gone_is_left_out(ops: Ops, tmp_path: Path) -> None:
    a = ops["cards"]["A"]
    _attach(ops, a.id, tmp_path)
    _run(ops, "trash_card", {"card": a.key})
    for path in _files(ops["db"]):
        path.unlink()
    restored = _run(ops, "restore_card", {"card": a.key})
    assert restored.left_out == ["1 attachment whose file is gone"]
    assert restored.card.attachment_count == 0


# -- a change meant for the card as it was ---------------------------------------------


def test_an_edit_of_a_card_changed_since_is_refused_naming_who(ops: Ops) -> None:
    bob = _teammate(ops)
    a = ops["cards"]["A"]
    seen = a.updated_at
    clock.freeze(datetime(2030, 1, 1, 12, 0))
    _run(ops, "update_card", {"card": a.key, "data": {"title": "Bob's title"}}, actor=bob)
    with pytest.raises(Conflict, match=f"{a.key} was changed by Bob since; nothing was overwritten"):
        _run(ops, "save_card", {"card": a.key, "update": {"title": "Mine"}, "expectedUpdatedAt": seen.isoformat()})
    with pytest.raises(Conflict, match="changed by Bob"):
        _run(ops, "trash_card", {"card": a.key, "expectedUpdatedAt": seen.isoformat()})
    assert _run(ops, "get_card_details", {"card": a.key}).title == "Bob's title"
    current = _run(ops, "get_card_details", {"card": a.key}).updated_at
    assert _run(ops, "save_card", {"card": a.key, "update": {"title": "Mine"}, "expectedUpdatedAt": current}).title == "Mine"


def test_the_version_is_compared_at_the_wires_millisecond_precision(ops: Ops) -> None:
    a = ops["cards"]["A"]
    clock.freeze(datetime(2030, 1, 1, 12, 0, 0, 123456))
    changed = _run(ops, "update_card", {"card": a.key, "data": {"title": "New"}})
    as_sent = changed.updated_at.replace(microsecond=123000)  # what a client reading JSON holds
    assert _run(ops, "save_card", {"card": a.key, "update": {"title": "Newer"}, "expectedUpdatedAt": as_sent}).title == "Newer"


def test_a_neighbours_move_does_not_change_a_cards_version(ops: Ops) -> None:
    a, b, c = (ops["cards"][t] for t in "ABC")
    clock.freeze(datetime(2030, 1, 1, 12, 0))
    _run(ops, "move_card", {"card": a.key, "column": "Done"})  # B and C move up a place
    with ops["db"].session() as session:
        stored = {card.key: (card.order, card.updated_at) for card in session.scalars(select(Card).where(Card.id.in_([b.id, c.id])))}
    assert stored == {b.key: (0, b.updated_at), c.key: (1, c.updated_at)}


def test_place_and_archive_say_where_the_card_was_and_its_versions(ops: Ops) -> None:
    a = ops["cards"]["A"]
    clock.freeze(datetime(2030, 1, 1, 12, 0))
    moved = _run(ops, "place_card", {"card": a.key, "column": "Done"})
    assert (moved.before.column_name, moved.before.order, moved.before.status) == ("To Do", 0, "todo")
    assert (moved.after.column_name, moved.after.order, moved.after.status) == ("Done", 1, "done")
    assert (moved.version_before, moved.version_after) == (a.updated_at, datetime(2030, 1, 1, 12, 0))
    clock.freeze(datetime(2030, 1, 1, 12, 5))
    archived = _run(ops, "archive_card", {"card": a.key})
    assert (archived.before.archived, archived.after.archived) == (False, True)
    assert (archived.version_before, archived.version_after) == (datetime(2030, 1, 1, 12, 0), datetime(2030, 1, 1, 12, 5))
