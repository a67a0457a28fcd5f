"""Export with files (``?withFiles=true``) and the import that restores them, over REST."""

from __future__ import annotations

import base64
import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.models import Attachment, Card, Project
from stellary_core.schemas.transfer import MAX_FILE_BYTES
from tests.conftest import ApiUser

PDF = b"%PDF-1.7 " + bytes(range(256)) * 40
NOTES = "Compte rendu: réunion ✓\n".encode()


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def stored_files(db: Database) -> list[Path]:
    root = db.settings.attachments_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0 for model in (Project, Card, Attachment)
        )


def add_card(user: ApiUser, project: dict[str, Any], title: str, column: int = 0) -> dict[str, Any]:
    card = ok(user.post(f"{project['path']}/columns/{project['columns'][column]['id']}/cards", json={"title": title}), 201)
    card["attachments"] = f"{project['path']}/cards/{card['id']}/attachments"
    return card  # type: ignore[no-any-return]


def upload(user: ApiUser, card: dict[str, Any], name: str, data: bytes, mime: str) -> dict[str, Any]:
    return ok(user.post(card["attachments"], files={"file": (name, data, mime)}), 201)  # type: ignore[no-any-return]


@pytest.fixture
def filed(alice: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    """Two cards with files (two on the first), and one without."""
    spec = add_card(alice, project, "Write the spec")
    upload(alice, spec, "api spec.pdf", PDF, "application/pdf")
    upload(alice, spec, "notes.txt", NOTES, "text/plain")
    shots = add_card(alice, project, "Review screens", column=1)
    upload(alice, shots, "raw.bin", b"\x00\x01\x02", "application/octet-stream")
    add_card(alice, project, "No files")
    return project


def export(user: ApiUser, project: dict[str, Any], **params: Any) -> dict[str, Any]:
    return ok(user.get(f"{project['path']}/export", params=params))  # type: ignore[no-any-return]


def files_by_card(user: ApiUser, project_path: str) -> dict[str, list[tuple[str, str, bytes, str]]]:
    """Each card title with its files as (name, mime type, bytes, uploader), downloaded back."""
    found = {}
    for card in ok(user.get(f"{project_path}/cards")):
        listed = ok(user.get(f"{project_path}/cards/{card['id']}/attachments"))
        downloads = [user.get(f"{project_path}/cards/{card['id']}/attachments/{a['id']}") for a in listed]
        found[card["title"]] = [
            (a["originalName"], a["mimeType"], d.content, a["uploadedBy"]) for a, d in zip(listed, downloads, strict=True)
        ]
        assert card["attachmentCount"] == len(listed)
    return found


def test_a_plain_export_has_no_files_as_in_the_reference(alice: ApiUser, filed: dict[str, Any]) -> None:
    document = export(alice, filed)
    assert all("attachments" not in card for card in document["cards"])
    assert all("attachments" not in card for card in export(alice, filed, withFiles="false")["cards"])


def test_an_export_with_files_carries_their_bytes_names_and_types(alice: ApiUser, filed: dict[str, Any]) -> None:
    document = export(alice, filed, withFiles="true")
    by_title = {card["title"]: card["attachments"] for card in document["cards"]}
    assert by_title["No files"] == []
    spec = by_title["Write the spec"]
    assert [(a["name"], a["mimeType"], a["size"], a["uploaderEmail"]) for a in spec] == [
        ("api spec.pdf", "application/pdf", len(PDF), "alice@example.com"),
        ("notes.txt", "text/plain", len(NOTES), "alice@example.com"),
    ]
    assert base64.b64decode(spec[0]["content"]) == PDF
    assert spec[1]["sha256"] == hashlib.sha256(NOTES).hexdigest()


def test_import_restores_every_file_on_its_card(db: Database, alice: ApiUser, filed: dict[str, Any]) -> None:
    before = files_by_card(alice, filed["path"])
    created = ok(alice.post(f"{alice.ws_path}/projects/import", json=export(alice, filed, withFiles="true")), 201)
    after = files_by_card(alice, f"{alice.ws_path}/projects/{created['id']}")
    assert after == before
    assert after["Write the spec"][0] == ("api spec.pdf", "application/pdf", PDF, alice.id)
    assert len(stored_files(db)) == 6  # three originals, three copies under fresh ids


def test_an_import_elsewhere_credits_files_of_strangers_to_the_importer(
    alice: ApiUser, bob: ApiUser, filed: dict[str, Any]
) -> None:
    """Alice is nobody in Bob's workspace: her files, like her comments, are not said to be hers there."""
    document = export(alice, filed, withFiles="true")
    created = ok(bob.post(f"{bob.ws_path}/projects/import", json=document), 201)
    copied = files_by_card(bob, f"{bob.ws_path}/projects/{created['id']}")
    assert {uploader for files in copied.values() for *_, uploader in files} == {bob.id}


def test_an_export_past_the_cap_says_so_and_a_plain_one_still_works(alice: ApiUser, project: dict[str, Any]) -> None:
    card = add_card(alice, project, "Big")
    upload(alice, card, "video.mp4", b"v" * (6 * 1024 * 1024), "video/mp4")
    response = alice.get(f"{project['path']}/export", params={"withFiles": "true"})
    assert response.status_code == 413
    assert response.json()["message"] == (
        "The project's attachments come to 6.0 MB; an export holds at most 5 MB of files. "
        "Export it without files, or remove the largest attachments first."
    )
    assert export(alice, project)["cards"][0]["title"] == "Big"


def _with_file(**changes: Any) -> dict[str, Any]:
    content = base64.b64encode(b"hello").decode()
    attachment = {"name": "hello.txt", "mimeType": "text/plain", "content": content, **changes}
    return {"project": {"name": "Files"}, "cards": [{"title": "Card", "attachments": [attachment]}]}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (_with_file(content="not base64!"), "cards.0.attachments.0.content", "is not base64"),
        (_with_file(size=6), "cards.0.attachments.0.size", "is 6 but the content holds 5 bytes"),
        (_with_file(sha256="0" * 64), "cards.0.attachments.0.sha256", "does not match the content"),
        (_with_file(name=""), "cards.0.attachments.0.name", ""),
        (_with_file(path="/etc/passwd"), "cards.0.attachments.0.path", ""),
    ],
)
def test_a_bad_file_is_a_400_that_imports_nothing(
    db: Database, alice: ApiUser, project: dict[str, Any], body: dict[str, Any], field: str, message: str
) -> None:
    before, files_before = counts(db), stored_files(db)
    response = alice.post(f"{alice.ws_path}/projects/import", json=body)
    assert response.status_code == 400, response.text
    assert [d for d in response.json()["details"] if d["field"] == field and message in d["message"]]
    assert counts(db) == before and stored_files(db) == files_before


def test_files_past_the_cap_in_one_document_are_refused(db: Database, alice: ApiUser) -> None:
    chunk = base64.b64encode(b"x" * (MAX_FILE_BYTES // 2)).decode()
    body = {
        "project": {"name": "Heavy"},
        "cards": [{"title": "a", "attachments": [{"name": "1", "content": chunk}, {"name": "2", "content": chunk}]},
                  {"title": "b", "attachments": [{"name": "3", "content": base64.b64encode(b"y").decode()}]}],
    }
    before = counts(db)
    response = alice.post(f"{alice.ws_path}/projects/import", json=body)
    assert response.status_code == 400
    assert response.json()["details"][0] == {
        "field": "cards.1.attachments.0",
        "message": "takes the document's files past the 5 MB an import holds",
    }
    assert counts(db) == before and stored_files(db) == []


def test_a_failure_after_the_files_are_written_removes_them(
    db: Database, alice: ApiUser, filed: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stellary_core.services import transfer, transfer_files

    document = export(alice, filed, withFiles="true")
    original = transfer_files.make_attachments
    written: list[list[Path]] = []

    def fail_after_writing(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        written.append(stored_files(db))
        raise RuntimeError("disk full")

    monkeypatch.setattr(transfer_files, "make_attachments", fail_after_writing)
    before, files_before = counts(db), stored_files(db)
    workspace_id = ok(alice.get(alice.ws_path))["id"]
    with db.session(write=True) as session, pytest.raises(RuntimeError):
        transfer.import_project(session, actor=alice.principal, workspace_id=workspace_id, data=transfer.parse_snapshot(document))
    assert len(written[0]) == len(files_before) + 3  # the copies were on disk...
    assert counts(db) == before and stored_files(db) == files_before  # ...and went with the rows


def test_the_import_route_leaves_no_file_when_a_late_step_fails(
    db: Database, alice: ApiUser, filed: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the runner: the refused import's files are gone with its rows."""
    from stellary_core.errors import Invalid
    from stellary_core.services import transfer

    document = copy.deepcopy(export(alice, filed, withFiles="true"))
    original = transfer._make_cards

    def refuse_after_writing(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)
        raise Invalid.field("cards", "refused late")

    monkeypatch.setattr(transfer, "_make_cards", refuse_after_writing)
    before, files_before = counts(db), stored_files(db)
    response = alice.post(f"{alice.ws_path}/projects/import", json=document)
    assert response.status_code == 400
    assert counts(db) == before and stored_files(db) == files_before
