"""Attachment files on disk: deletions cascade to files; the TUI's attach and save-as functions."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid, NotFound, TooLarge
from stellary_core.models import Attachment, Card, Organization, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, attachments, cards, columns, organizations, projects
from stellary_core.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    StagedFile,
    clean_name,
    pick_mime_type,
)
from stellary_core.services.files import attachment_path


@dataclass
class Place:
    actor: Principal
    org_slug: str
    workspace_id: str
    project_id: str
    card_id: str


def _files(db: Database) -> list[Path]:
    root = db.settings.attachments_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _register(db: Database, email: str) -> tuple[Principal, str, str]:
    with db.session(write=True) as session:
        user = accounts.register(session, data=RegisterIn(email=email, password="secure-pass-123", name=email[:3])).user
        workspace = session.scalar(select(Workspace).where(Workspace.owner_id == user.id, Workspace.is_personal.is_(True)))
        assert workspace is not None
        org = session.get_one(Organization, workspace.org_id)
        return Principal(user_id=user.id), org.slug, workspace.id


def _new_card(db: Database, actor: Principal, workspace_id: str, project_id: str, title: str) -> str:
    with db.session(write=True) as session:
        column = columns.list_columns(session, actor=actor, workspace_id=workspace_id, project_id=project_id)[0]
        details = cards.create_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=column.id,
            data=CardCreateIn(title=title),
        )
        return details.card.id


@pytest.fixture
def place(db: Database) -> Place:
    actor, org_slug, workspace_id = _register(db, "ann@example.com")
    with db.session(write=True) as session:
        project = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Files"))
    card_id = _new_card(db, actor, workspace_id, project.project.id, "With files")
    return Place(actor, org_slug, workspace_id, project.project.id, card_id)


def _attach(
    db: Database, place: Place, path: Path, card_id: str | None = None, name: str | None = None, project_id: str | None = None
) -> str:
    with db.session(write=True) as session:
        view = attachments.attach_file(
            session, actor=place.actor, workspace_id=place.workspace_id, project_id=project_id or place.project_id,
            card_id=card_id or place.card_id, path=path, name=name,
        )
        return view.attachment.id


@pytest.fixture
def local_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Notes\n")
    return path


# -- deleting a card, project or organization deletes its files ---------------


def test_deleting_a_card_deletes_its_files_only(db: Database, place: Place, local_file: Path) -> None:
    other_card = _new_card(db, place.actor, place.workspace_id, place.project_id, "Keeps its file")
    doomed = [_attach(db, place, local_file), _attach(db, place, local_file)]
    kept = _attach(db, place, local_file, card_id=other_card)
    assert len(_files(db)) == 3
    with db.session(write=True) as session:
        cards.delete_card(session, actor=place.actor, workspace_id=place.workspace_id, project_id=place.project_id, card_id=place.card_id)
    assert _files(db) == [attachment_path(db.settings, kept)]
    for attachment_id in doomed:
        assert not attachment_path(db.settings, attachment_id).exists()
    with db.session() as session:
        assert session.scalars(select(Attachment.id)).all() == [kept]


def test_deleting_a_project_deletes_its_files_only(db: Database, place: Place, local_file: Path) -> None:
    second_card = _new_card(db, place.actor, place.workspace_id, place.project_id, "Second")
    _attach(db, place, local_file)
    _attach(db, place, local_file, card_id=second_card)
    with db.session(write=True) as session:
        other = projects.create_project(session, actor=place.actor, workspace_id=place.workspace_id, data=ProjectCreateIn(name="Other"))
    other_card = _new_card(db, place.actor, place.workspace_id, other.project.id, "Elsewhere")
    kept = _attach(db, place, local_file, card_id=other_card, project_id=other.project.id)
    with db.session(write=True) as session:
        projects.delete_project(session, actor=place.actor, workspace_id=place.workspace_id, project_id=place.project_id)
    assert _files(db) == [attachment_path(db.settings, kept)]


def test_deleting_an_organization_deletes_its_files_only(db: Database, place: Place, local_file: Path) -> None:
    _attach(db, place, local_file)
    other_actor, _, other_workspace = _register(db, "ben@example.com")
    with db.session(write=True) as session:
        other_project = projects.create_project(session, actor=other_actor, workspace_id=other_workspace, data=ProjectCreateIn(name="Ben's"))
    other_card = _new_card(db, other_actor, other_workspace, other_project.project.id, "Ben's card")
    with db.session(write=True) as session:
        kept = attachments.attach_file(
            session, actor=other_actor, workspace_id=other_workspace, project_id=other_project.project.id,
            card_id=other_card, path=local_file,
        ).attachment.id
    with db.session(write=True) as session:
        organizations.delete_organization(session, actor=place.actor, org_slug=place.org_slug)
    assert _files(db) == [attachment_path(db.settings, kept)]


# -- attach_file ----------------------------------------------------------------


def test_attach_file_keeps_name_size_hash_and_guessed_type(db: Database, place: Place, local_file: Path) -> None:
    attachment_id = _attach(db, place, local_file)
    with db.session() as session:
        row = session.get_one(Attachment, attachment_id)
        card = session.get_one(Card, place.card_id)
        assert (row.original_name, row.size, row.mime_type) == ("notes.md", 8, "text/markdown")
        assert row.sha256 == hashlib.sha256(b"# Notes\n").hexdigest()
        assert row.uploaded_by == place.actor.user_id
        assert card.attachment_count == 1
    assert attachment_path(db.settings, attachment_id).read_bytes() == b"# Notes\n"


def test_attach_file_can_rename(db: Database, place: Place, local_file: Path) -> None:
    attachment_id = _attach(db, place, local_file, name="../Meeting notes.md")
    with db.session() as session:
        assert session.get_one(Attachment, attachment_id).original_name == "Meeting notes.md"


def test_attach_file_over_10_mb_is_refused_and_leaves_nothing(db: Database, place: Place, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x00" * (MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(TooLarge):
        _attach(db, place, big)
    assert _files(db) == []
    with db.session() as session:
        assert session.scalars(select(Attachment)).all() == []
        assert session.get_one(Card, place.card_id).attachment_count == 0


def test_attach_file_of_exactly_10_mb_is_kept(db: Database, place: Place, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x01" * MAX_ATTACHMENT_BYTES)
    attachment_id = _attach(db, place, big)
    assert attachment_path(db.settings, attachment_id).stat().st_size == MAX_ATTACHMENT_BYTES


def test_attach_file_of_a_directory_or_missing_path_is_invalid(db: Database, place: Place, tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "nope.txt"):
        with pytest.raises(Invalid) as raised:
            _attach(db, place, path)
        assert raised.value.details[0].field == "path"
    assert _files(db) == []


def test_attach_file_to_a_card_the_actor_cannot_see_is_not_found(db: Database, place: Place, local_file: Path) -> None:
    stranger, _, _ = _register(db, "eve@example.com")
    with db.session(write=True) as session, pytest.raises(NotFound):
        attachments.attach_file(
            session, actor=stranger, workspace_id=place.workspace_id, project_id=place.project_id,
            card_id=place.card_id, path=local_file,
        )
    assert _files(db) == []


# -- save_attachment_to ---------------------------------------------------------


def _save(db: Database, place: Place, attachment_id: str, destination: Path, overwrite: bool = False) -> Path:
    with db.session() as session:
        return attachments.save_attachment_to(
            session, actor=place.actor, workspace_id=place.workspace_id, project_id=place.project_id,
            card_id=place.card_id, attachment_id=attachment_id, destination=destination, overwrite=overwrite,
        )


def test_save_to_a_new_path_copies_the_bytes(db: Database, place: Place, local_file: Path, tmp_path: Path) -> None:
    attachment_id = _attach(db, place, local_file)
    target = tmp_path / "out" / "copy.md"
    target.parent.mkdir()
    assert _save(db, place, attachment_id, target) == target
    assert target.read_bytes() == b"# Notes\n"


def test_save_to_a_directory_uses_the_original_name(db: Database, place: Place, local_file: Path, tmp_path: Path) -> None:
    attachment_id = _attach(db, place, local_file, name="report.md")
    folder = tmp_path / "downloads"
    folder.mkdir()
    assert _save(db, place, attachment_id, folder) == folder / "report.md"
    assert (folder / "report.md").read_bytes() == b"# Notes\n"


def test_save_refuses_to_overwrite_unless_asked(db: Database, place: Place, local_file: Path, tmp_path: Path) -> None:
    attachment_id = _attach(db, place, local_file)
    target = tmp_path / "existing.md"
    target.write_bytes(b"precious")
    with pytest.raises(Conflict):
        _save(db, place, attachment_id, target)
    assert target.read_bytes() == b"precious"
    _save(db, place, attachment_id, target, overwrite=True)
    assert target.read_bytes() == b"# Notes\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".stellary-")) == []


def test_save_into_a_missing_directory_is_invalid(db: Database, place: Place, local_file: Path, tmp_path: Path) -> None:
    attachment_id = _attach(db, place, local_file)
    with pytest.raises(Invalid):
        _save(db, place, attachment_id, tmp_path / "no" / "such" / "dir.md")


def test_save_of_an_unknown_attachment_is_not_found(db: Database, place: Place, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        _save(db, place, "0123456789abcdef01234567", tmp_path / "x")
    assert not (tmp_path / "x").exists()


# -- the pieces -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\secret.txt", "secret.txt"),
        ("a\r\nb\tc\x00d\x7f.txt", "abcd.txt"),
        ("evil\u202etxt.exe", "eviltxt.exe"),
        ("  spaced  ", "spaced"),
        (".", "file"),
        ("..", "file"),
        ("dir/", "file"),
        (None, "file"),
        ("ü" * 300, "ü" * 255),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
        ("x" * 300 + "." + "y" * 40, ("x" * 300 + "." + "y" * 40)[:255]),  # no real extension: cut
    ],
)
def test_clean_name(raw: str | None, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("declared", "name", "expected"),
    [
        ("application/pdf", "x.bin", "application/pdf"),
        ("IMAGE/PNG", "x", "image/png"),
        ("text/plain; charset=latin-1", "x", "text/plain"),
        ("", "x.json", "application/json"),
        (None, "x.nothing-known", "application/octet-stream"),
        ("bad type", "x.csv", "text/csv"),
        ("a/b/c", "x", "application/octet-stream"),
    ],
)
def test_pick_mime_type(declared: str | None, name: str, expected: str) -> None:
    assert pick_mime_type(declared, name) == expected


def test_staged_file_past_its_limit_deletes_itself(db: Database) -> None:
    staged = StagedFile(db.settings, limit=10)
    staged.write(b"0123456789")
    with pytest.raises(TooLarge):
        staged.write(b"!")
    assert not staged.path.exists()
    assert _files(db) == []


def test_staged_file_left_unfinished_is_deleted_on_exit(db: Database) -> None:
    with pytest.raises(RuntimeError), StagedFile(db.settings) as staged:
        staged.write(b"partial")
        raise RuntimeError("client went away")
    assert _files(db) == []


def test_temp_files_abandoned_for_a_day_are_swept(db: Database) -> None:
    incoming = db.settings.attachments_dir / attachments.INCOMING_DIR
    incoming.mkdir(parents=True)
    old, recent = incoming / "upload-old.part", incoming / "upload-recent.part"
    for path in (old, recent):
        path.write_bytes(b"left behind")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    with StagedFile(db.settings) as staged:
        staged.write(b"new")
    assert not old.exists()
    assert recent.exists()
