"""Attachments in a project snapshot: written by an export made with files, restored by import.

A card's files travel inside the JSON as base64 (``schemas.transfer.AttachmentPart``),
so one document still carries the whole project, through the CLI, the TUI and
the REST import alike. The price is size: an export holds at most
``MAX_FILE_BYTES`` of files in all (a clear error beyond, before anything is
written), which keeps the document within the 10 MB an import body may be.

On import every file is checked before anything is written (base64, the 10 MB
per-file limit, the cap, ``size`` and ``sha256`` when given). Rows are added in
the import's transaction and their files written under the data directory
before it commits, each one scheduled for removal if the transaction rolls
back: the import stays all or nothing, and a failure leaves at most orphan
files, never a row without its file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.clock import iso_z
from stellary_core.db import database_of
from stellary_core.errors import Conflict, Invalid, StellaryError, TooLarge
from stellary_core.events import call_after_rollback
from stellary_core.ids import new_id
from stellary_core.models import Attachment, Card, User
from stellary_core.schemas.transfer import MAX_FILE_BYTES, MAX_FILE_BYTES_TEXT, AttachmentPart, CardPart
from stellary_core.services import files
from stellary_core.services.attachments import MAX_ATTACHMENT_BYTES, clean_name, pick_mime_type


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# -- export ---------------------------------------------------------------------


def exported_attachments(session: Session, cards: list[Card]) -> dict[str, list[dict[str, Any]]]:
    """Each card's attachments with their bytes, oldest first; more than the cap in all is a TooLarge."""
    card_ids = [card.id for card in cards]
    rows = list(
        session.scalars(
            select(Attachment).where(Attachment.card_id.in_(card_ids)).order_by(Attachment.created_at, Attachment.id)
        )
    ) if card_ids else []
    uploaders = {row.uploaded_by for row in rows if row.uploaded_by}
    emails: dict[str, str] = {}
    if uploaders:
        emails = {user_id: email for user_id, email in session.execute(select(User.id, User.email).where(User.id.in_(uploaders)))}
    total = sum(row.size for row in rows)
    if total > MAX_FILE_BYTES:
        raise TooLarge(
            f"The project's attachments come to {_megabytes(total)}; an export holds at most "
            f"{MAX_FILE_BYTES_TEXT} of files. Export it without files, or remove the largest attachments first."
        )
    settings = database_of(session).settings
    keys = {card.id: card.key for card in cards}
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        try:
            content = files.attachment_path(settings, row.id).read_bytes()
        except OSError:
            raise Conflict(
                f"The file of '{row.original_name}' on {keys[row.card_id]} is missing from the data directory"
            ) from None
        found[row.card_id].append(
            {
                "id": row.id,
                "name": row.original_name,
                "mimeType": row.mime_type,
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "uploaderEmail": emails.get(row.uploaded_by) if row.uploaded_by else None,
                "createdAt": iso_z(row.created_at),
                "content": base64.b64encode(content).decode("ascii"),
            }
        )
    return found


# -- import ---------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedFile:
    part: AttachmentPart
    content: bytes
    sha256: str


def plan_files(cards: list[CardPart]) -> list[list[PlannedFile]]:
    """Every card's files decoded and checked; a problem is a 400 naming the attachment."""
    planned: list[list[PlannedFile]] = []
    total = 0
    for c, card in enumerate(cards):
        of_card = []
        for n, part in enumerate(card.attachments):
            where = f"cards.{c}.attachments.{n}"
            try:
                content = base64.b64decode(part.content, validate=True)
            except (binascii.Error, ValueError):
                raise Invalid.field(f"{where}.content", "is not base64") from None
            if len(content) > MAX_ATTACHMENT_BYTES:
                raise Invalid.field(f"{where}.content", f"is larger than the {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB a file may be")
            total += len(content)
            if total > MAX_FILE_BYTES:
                raise Invalid.field(where, f"takes the document's files past the {MAX_FILE_BYTES_TEXT} an import holds")
            if part.size is not None and part.size != len(content):
                raise Invalid.field(f"{where}.size", f"is {part.size} but the content holds {len(content)} bytes")
            digest = hashlib.sha256(content).hexdigest()
            if part.sha256 is not None and part.sha256 != digest:
                raise Invalid.field(f"{where}.sha256", "does not match the content (the file was changed or cut)")
            of_card.append(PlannedFile(part, content, digest))
        planned.append(of_card)
    return planned


def make_attachments(
    session: Session, cards: list[Card], planned: list[list[PlannedFile]], uploader: Callable[[str | None], str]
) -> None:
    """Add the rows and write the files; every file written goes again if the transaction rolls back."""
    rows: list[tuple[Attachment, bytes]] = []
    for card, of_card in zip(cards, planned, strict=True):
        for file in of_card:
            name = clean_name(file.part.name)
            rows.append(
                (
                    Attachment(
                        id=new_id(),
                        card_id=card.id,
                        uploaded_by=uploader(file.part.uploader_email),
                        original_name=name,
                        mime_type=pick_mime_type(file.part.mime_type, name),
                        size=len(file.content),
                        sha256=file.sha256,
                    ),
                    file.content,
                )
            )
        card.attachment_count = len(of_card)
    if not rows:
        return
    session.add_all(row for row, _ in rows)
    session.flush()
    settings = database_of(session).settings
    ids = [row.id for row, _ in rows]
    call_after_rollback(session, lambda: files.remove_attachment_files(settings, ids))
    try:
        for row, content in rows:
            target = files.attachment_path(settings, row.id)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as writer:  # a fresh id: an existing file there would be someone else's
                writer.write(content)
    except OSError as error:
        raise StellaryError(f"The imported files could not be stored ({error.strerror or error})") from None
