"""Attachments over REST: upload limits, hostile names, download headers, counters, permissions, tenancy."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stellary_core.db import Database, open_database
from stellary_core.server.app import create_app
from stellary_core.server.routers import attachments as uploads_route
from stellary_core.services.attachments import MAX_ATTACHMENT_BYTES
from stellary_core.services.files import attachment_path
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

MISSING = "0123456789abcdef01234567"


@pytest.fixture
def card(alice: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    created = alice.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": "Spec"})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    body["path"] = f"{project['path']}/cards/{body['id']}"
    body["attachments"] = f"{body['path']}/attachments"
    return body


def stored_files(db: Database) -> list[Path]:
    """Every file under the attachments directory (temp files included)."""
    root = db.settings.attachments_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(user: ApiUser, card: dict[str, Any], name: str = "api-spec.pdf", data: bytes = b"%PDF-1.7", mime: str | None = "application/pdf") -> Any:
    file: tuple[Any, ...] = (name, data, mime) if mime is not None else (name, data)
    return user.post(card["attachments"], files={"file": file})


def raw_multipart(user: ApiUser, card: dict[str, Any], disposition: bytes, data: bytes, part_type: bytes = b"text/plain") -> Any:
    """An upload with hand-written part headers (httpx would escape hostile names)."""
    body = (
        b"--BOUNDARY\r\nContent-Disposition: " + disposition + b"\r\nContent-Type: " + part_type + b"\r\n\r\n"
        + data + b"\r\n--BOUNDARY--\r\n"
    )
    headers = {**user.headers, "Content-Type": "multipart/form-data; boundary=BOUNDARY"}
    return user.client.post(card["attachments"], content=body, headers=headers)


def card_counts(user: ApiUser, card: dict[str, Any]) -> int:
    count: int = user.get(card["path"]).json()["attachmentCount"]
    return count


# -- upload and download ----------------------------------------------------


def test_upload_returns_the_reference_shape_with_size_and_hash(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    data = b"%PDF-1.7 spec" * 100
    response = upload(alice, card, data=data)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "cardId", "uploadedBy", "originalName", "mimeType", "size", "sha256", "createdAt"}
    assert body["cardId"] == card["id"]
    assert body["uploadedBy"] == alice.id
    assert body["originalName"] == "api-spec.pdf"
    assert body["mimeType"] == "application/pdf"
    assert body["size"] == len(data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert stored_files(db) == [attachment_path(db.settings, body["id"])]
    assert attachment_path(db.settings, body["id"]).read_bytes() == data


def test_list_shows_attachments_oldest_first(alice: ApiUser, card: dict[str, Any]) -> None:
    upload(alice, card, name="one.txt", mime="text/plain")
    upload(alice, card, name="two.txt", mime="text/plain")
    listed = alice.get(card["attachments"])
    assert listed.status_code == 200
    assert [a["originalName"] for a in listed.json()] == ["one.txt", "two.txt"]


def test_download_sends_the_bytes_with_safe_headers(alice: ApiUser, card: dict[str, Any]) -> None:
    data = bytes(range(256)) * 10
    created = upload(alice, card, name="dump.bin", data=data, mime="application/x-custom").json()
    response = alice.get(f"{card['attachments']}/{created['id']}")
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "application/x-custom"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == "attachment; filename=\"dump.bin\"; filename*=UTF-8''dump.bin"


def test_download_keeps_a_text_type_as_stored(alice: ApiUser, card: dict[str, Any]) -> None:
    created = upload(alice, card, name="notes.txt", data=b"latin-1 \xe9", mime="text/plain").json()
    response = alice.get(f"{card['attachments']}/{created['id']}")
    assert response.headers["content-type"] == "text/plain"  # no invented charset


def test_download_of_a_non_ascii_name_uses_rfc_6266(alice: ApiUser, card: dict[str, Any]) -> None:
    disposition = 'form-data; name="file"; filename="résumé \\"final\\" ✓.pdf"'.encode()
    created = raw_multipart(alice, card, disposition, b"%PDF", part_type=b"application/pdf").json()
    assert created["originalName"] == 'résumé "final" ✓.pdf'
    disposition = alice.get(f"{card['attachments']}/{created['id']}").headers["content-disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%20%E2%9C%93.pdf" in disposition
    fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.isascii() and fallback == "resume _final_ .pdf"


def test_download_of_a_file_missing_on_disk_is_a_404(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    created = upload(alice, card).json()
    attachment_path(db.settings, created["id"]).unlink()
    response = alice.get(f"{card['attachments']}/{created['id']}")
    assert response.status_code == 404
    assert response.json()["statusCode"] == 404


# -- names and types --------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.dll", "evil.dll"),
        ("/absolute/path/report.csv", "report.csv"),
        ("..", "file"),
        ("", "file"),
    ],
)
def test_path_parts_are_stripped_from_names(db: Database, alice: ApiUser, card: dict[str, Any], sent: str, kept: str) -> None:
    response = upload(alice, card, name=sent, mime="text/plain")
    assert response.status_code == 201
    body = response.json()
    assert body["originalName"] == kept
    # On disk the file is named by its id, and nothing else was written.
    assert stored_files(db) == [attachment_path(db.settings, body["id"])]


def test_a_1000_character_name_is_cut_to_255_keeping_the_extension(alice: ApiUser, card: dict[str, Any]) -> None:
    body = upload(alice, card, name="a" * 996 + ".pdf").json()
    assert len(body["originalName"]) == 255
    assert body["originalName"].endswith("a.pdf")


@pytest.mark.parametrize(
    ("disposition", "kept"),
    [
        (b'form-data; name="file"; filename="line\nbreak.txt"', "linebreak.txt"),
        (b'form-data; name="file"; filename="tab\there\x1b[31m.txt"', "tabhere[31m.txt"),
        (b'form-data; name="file"; filename="nul\x00\x07bell.txt"', "nulbell.txt"),
        ('form-data; name="file"; filename="invoice\u202egpj.exe"'.encode(), "invoicegpj.exe"),
        (b'form-data; name="file"; filename="\x01\x02"', "file"),
    ],
)
def test_control_characters_are_removed_from_names(alice: ApiUser, card: dict[str, Any], disposition: bytes, kept: str) -> None:
    response = raw_multipart(alice, card, disposition, b"data")
    assert response.status_code == 201, response.text
    assert response.json()["originalName"] == kept


def test_a_file_field_without_a_filename_is_named_file(alice: ApiUser, card: dict[str, Any]) -> None:
    response = raw_multipart(alice, card, b'form-data; name="file"', b"plain text part")
    assert response.status_code == 201
    assert response.json()["originalName"] == "file"
    assert response.json()["size"] == len(b"plain text part")


@pytest.mark.parametrize(
    ("name", "declared", "stored"),
    [
        ("spec.pdf", "application/pdf", "application/pdf"),
        ("page.html", "Text/HTML; charset=utf-8", "text/html"),
        ("photo.png", "not a type", "image/png"),
        ("photo.png", "application/octet-stream", "image/png"),
        ("photo.png", "image/png\r\nX-Evil: 1", "image/png"),
        ("blob.unknownext", "", "application/octet-stream"),
    ],
)
def test_mime_type_is_the_declared_one_if_sane_else_guessed(
    alice: ApiUser, card: dict[str, Any], name: str, declared: str, stored: str
) -> None:
    disposition = f'form-data; name="file"; filename="{name}"'.encode()
    response = raw_multipart(alice, card, disposition, b"x", part_type=declared.encode())
    assert response.status_code == 201, response.text
    assert response.json()["mimeType"] == stored


# -- the 10 MB limit --------------------------------------------------------


def test_exactly_10_mb_is_accepted(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    data = b"\x5a" * MAX_ATTACHMENT_BYTES
    response = upload(alice, card, name="big.bin", data=data, mime="application/octet-stream")
    assert response.status_code == 201
    assert response.json()["size"] == 10 * 1024 * 1024
    assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()
    assert attachment_path(db.settings, response.json()["id"]).stat().st_size == MAX_ATTACHMENT_BYTES


def test_10_mb_and_one_byte_is_a_413_that_stores_nothing(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    response = upload(alice, card, name="big.bin", data=b"\x5a" * (MAX_ATTACHMENT_BYTES + 1), mime="application/octet-stream")
    assert response.status_code == 413
    assert response.json()["statusCode"] == 413
    assert stored_files(db) == []
    assert alice.get(card["attachments"]).json() == []
    assert card_counts(alice, card) == 0


def test_an_oversized_streamed_upload_without_length_is_a_413_that_stores_nothing(
    db: Database, alice: ApiUser, card: dict[str, Any]
) -> None:
    def body() -> Iterator[bytes]:
        yield b'--B\r\nContent-Disposition: form-data; name="file"; filename="stream.bin"\r\n\r\n'
        for _ in range(11):
            yield b"\x00" * (1024 * 1024)
        yield b"\r\n--B--\r\n"

    headers = {**alice.headers, "Content-Type": "multipart/form-data; boundary=B"}
    response = alice.client.post(card["attachments"], content=body(), headers=headers)
    assert response.status_code == 413
    assert stored_files(db) == []
    assert alice.get(card["attachments"]).json() == []


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(
    db: Database, alice: ApiUser, card: dict[str, Any]
) -> None:
    headers = {
        **alice.headers,
        "Content-Type": "multipart/form-data; boundary=B",
        "Content-Length": str(20 * 1024 * 1024),
    }
    # The body is tiny (and not even multipart): only the declared length can explain a 413.
    response = alice.client.post(card["attachments"], content=b"tiny", headers=headers)
    assert response.status_code == 413
    assert stored_files(db) == []


def test_a_token_that_may_not_write_is_refused_before_the_body_is_read(
    db: Database, alice: ApiUser, card: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    receive = uploads_route.receive_file

    async def counted(request: Any, **kwargs: Any) -> Any:
        reads.append(request.url.path)
        return await receive(request, **kwargs)

    monkeypatch.setattr(uploads_route, "receive_file", counted)
    made = alice.post("/api-tokens", json={"name": "reader", "scopes": ["projects:read"]})
    assert made.status_code == 201, made.text
    reader = {"Authorization": f"Bearer {made.json()['token']}"}
    response = alice.client.post(card["attachments"], headers=reader, files={"file": ("a.txt", b"x" * 4096, "text/plain")})
    assert response.status_code == 403
    assert "projects:write" in response.json()["message"]
    assert reads == [] and stored_files(db) == []
    # The same upload with the write scope reads the body and keeps the file.
    alice_upload = upload(alice, card)
    assert alice_upload.status_code == 201 and reads == [card["attachments"]]


@pytest.mark.sqlite_only  # SQLite's write lock; PostgreSQL's lock waits are the runner's retries
def test_an_upload_while_the_database_stays_locked_is_a_503_that_stores_nothing(
    db: Database, alice: ApiUser, card: dict[str, Any]
) -> None:
    quick = open_database(dataclasses.replace(db.settings, busy_timeout_ms=50), migrate=False)
    blocker = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        with TestClient(create_app(quick)) as client:
            blocker.execute("BEGIN IMMEDIATE")
            response = client.post(
                card["attachments"], headers=alice.headers, files={"file": ("late.txt", b"late", "text/plain")}
            )
            blocker.execute("ROLLBACK")
    finally:
        blocker.close()
        quick.dispose()
    assert response.status_code == 503 and int(response.headers["retry-after"]) >= 1
    assert stored_files(db) == []
    assert alice.get(card["attachments"]).json() == []


# -- malformed uploads ------------------------------------------------------


def test_a_body_without_a_file_field_is_a_400(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    response = alice.post(card["attachments"], files={"document": ("a.txt", b"x", "text/plain")})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "file"
    assert stored_files(db) == []


def test_a_json_body_is_a_400(alice: ApiUser, card: dict[str, Any]) -> None:
    response = alice.post(card["attachments"], json={"file": "aGVsbG8="})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "file"


def test_two_files_are_a_400_that_stores_nothing(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    response = alice.post(card["attachments"], files=[("file", ("a.txt", b"a", "text/plain")), ("file", ("b.txt", b"b", "text/plain"))])
    assert response.status_code == 400
    assert stored_files(db) == []
    assert card_counts(alice, card) == 0


def test_a_truncated_body_is_a_400_that_stores_nothing(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    body = b'--B\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\n\r\nhalf of the da'
    headers = {**alice.headers, "Content-Type": "multipart/form-data; boundary=B"}
    response = alice.client.post(card["attachments"], content=body, headers=headers)
    assert response.status_code == 400
    assert stored_files(db) == []
    assert alice.get(card["attachments"]).json() == []


# -- counters, activity, deletion -------------------------------------------


def test_attachment_count_follows_uploads_and_deletes(db: Database, alice: ApiUser, card: dict[str, Any]) -> None:
    first = upload(alice, card).json()
    upload(alice, card)
    assert card_counts(alice, card) == 2
    assert alice.delete(f"{card['attachments']}/{first['id']}").json() == {"ok": True}
    assert card_counts(alice, card) == 1
    assert not attachment_path(db.settings, first["id"]).exists()
    assert len(stored_files(db)) == 1


def test_upload_and_delete_are_recorded_as_card_updates(alice: ApiUser, card: dict[str, Any]) -> None:
    created = upload(alice, card).json()
    alice.delete(f"{card['attachments']}/{created['id']}")
    updates = [a for a in alice.get(f"{card['path']}/activity").json() if a["type"] == "card_updated"]
    assert [u["meta"]["fields"] for u in updates] == [["attachments"], ["attachments"]]
    assert {u["meta"]["attachmentId"] for u in updates} == {created["id"]}


def test_member_cannot_delete_someone_elses_attachment(db: Database, alice: ApiUser, bob: ApiUser, card: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    created = upload(alice, card).json()
    assert bob.get(card["attachments"]).status_code == 200
    response = bob.delete(f"{card['attachments']}/{created['id']}")
    assert response.status_code == 403
    assert attachment_path(db.settings, created["id"]).exists()
    assert card_counts(alice, card) == 1


def test_uploader_can_delete_their_attachment(db: Database, alice: ApiUser, bob: ApiUser, card: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    created = upload(bob, card).json()
    assert created["uploadedBy"] == bob.id
    assert bob.delete(f"{card['attachments']}/{created['id']}").status_code == 200
    assert stored_files(db) == []


def test_workspace_admin_can_delete_a_members_attachment(db: Database, alice: ApiUser, bob: ApiUser, card: dict[str, Any]) -> None:
    join_workspace(alice, bob)
    created = upload(bob, card).json()
    assert alice.delete(f"{card['attachments']}/{created['id']}").status_code == 200
    assert stored_files(db) == []
    assert card_counts(alice, card) == 0


# -- not found, tenancy -----------------------------------------------------


def test_attachment_of_another_card_is_a_404(alice: ApiUser, card: dict[str, Any], project: dict[str, Any]) -> None:
    other = alice.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": "Other"}).json()
    created = upload(alice, card).json()
    elsewhere = f"{project['path']}/cards/{other['id']}/attachments/{created['id']}"
    assert alice.get(elsewhere).status_code == 404
    assert alice.delete(elsewhere).status_code == 404
    assert card_counts(alice, card) == 1


@pytest.mark.parametrize("attachment_id", [MISSING, "not-an-id", "..%2F..%2Fstellary.db"])
def test_unknown_attachment_ids_are_404(alice: ApiUser, card: dict[str, Any], attachment_id: str) -> None:
    assert alice.get(f"{card['attachments']}/{attachment_id}").status_code == 404
    assert alice.delete(f"{card['attachments']}/{attachment_id}").status_code == 404


def test_unknown_card_is_a_404_and_stores_nothing(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    path = f"{project['path']}/cards/{MISSING}/attachments"
    assert alice.get(path).status_code == 404
    assert alice.post(path, files={"file": ("a.txt", b"x", "text/plain")}).status_code == 404
    assert stored_files(db) == []


def test_another_organization_gets_404_on_every_route(db: Database, alice: ApiUser, mallory: ApiUser, card: dict[str, Any]) -> None:
    created = upload(alice, card, name="secret-plan.pdf", data=b"top secret").json()
    item = f"{card['attachments']}/{created['id']}"
    calls = [
        mallory.get(card["attachments"]),
        mallory.post(card["attachments"], files={"file": ("x.txt", b"intrusion", "text/plain")}),
        mallory.get(item),
        mallory.delete(item),
    ]
    for response in calls:
        assert response.status_code == 404
        assert b"top secret" not in response.content and "secret-plan" not in response.text
    assert stored_files(db) == [attachment_path(db.settings, created["id"])]
    assert card_counts(alice, card) == 1


def test_download_fallback_name_has_no_percent_escapes(alice: ApiUser, card: dict[str, Any]) -> None:
    created = upload(alice, card, name="100%25 done.txt", mime="text/plain").json()
    disposition = alice.get(f"{card['attachments']}/{created['id']}").headers["content-disposition"]
    assert disposition == "attachment; filename=\"100_25 done.txt\"; filename*=UTF-8''100%2525%20done.txt"
