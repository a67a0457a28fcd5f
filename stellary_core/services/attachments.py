"""File attachments on cards.

Rules:
- a file is at most 10 MB; a larger one is refused before anything is kept:
  bytes arrive in a ``StagedFile`` (a temp file under the data directory,
  counted and hashed as they come) which is deleted the moment the count
  passes the limit, and on any other failure;
- a stored file is named by its attachment id (``files.attachment_path``),
  never by the uploaded name; the name is kept only as ``originalName``,
  stripped of path parts and control characters and cut to 255 characters;
- ``mimeType`` is the client's content type when it is a sane ``type/subtype``,
  else a guess from the name, else ``application/octet-stream``;
- anyone who can see the card may list, upload and download; deleting someone
  else's attachment needs workspace admin (403);
- ``Card.attachment_count`` changes in the same transaction as the row.

Adding or deleting emits ``card_updated`` with ``fields: ["attachments"]``.
The REST route streams multipart bodies into a ``StagedFile``; the TUI uses
``attach_file`` (a local path) and ``save_attachment_to``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.config import Settings
from stellary_core.db import database_of
from stellary_core.errors import Conflict, Forbidden, Invalid, NotFound, TooLarge
from stellary_core.event_types import CardUpdated
from stellary_core.events import call_after_rollback, emit
from stellary_core.ids import is_id, new_id
from stellary_core.models import Attachment, Card, Project, User
from stellary_core.principal import Principal
from stellary_core.services import access, files
from stellary_core.services.cards import card_event, card_of_project
from stellary_core.services.comments import display_name

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Room for the boundaries and part headers around the file in a multipart body.
MULTIPART_OVERHEAD = 64 * 1024
MAX_UPLOAD_BODY = MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD
NAME_MAX = 255
FALLBACK_NAME = "file"
DEFAULT_MIME = "application/octet-stream"
INCOMING_DIR = "incoming"
ABANDONED_AFTER_SECONDS = 24 * 3600
_CHUNK = 64 * 1024
_MIME_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")
# Control, format (e.g. right-to-left override) and surrogate characters.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


@dataclass(frozen=True)
class AttachmentView:
    attachment: Attachment
    uploader_name: str


@dataclass(frozen=True)
class AttachmentFile:
    """A stored file ready to be sent: its metadata and where it is on disk."""

    view: AttachmentView
    path: Path
    stat: os.stat_result


def too_large() -> TooLarge:
    return TooLarge(f"A file may be at most {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")


# -- names and types --------------------------------------------------------


def clean_name(raw: str | None) -> str:
    """The uploaded name, safe to keep and show: last path part, no control characters, 255 chars."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES).strip()
    if name in ("", ".", ".."):
        return FALLBACK_NAME
    if len(name) > NAME_MAX:
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and 0 < len(suffix) <= 16:  # keep a short extension, cut the stem
            name = stem[: NAME_MAX - len(suffix) - 1].rstrip() + "." + suffix
        else:
            name = name[:NAME_MAX].rstrip()
    return name


def pick_mime_type(content_type: str | None, name: str) -> str:
    """The client's type if it is a sane and informative ``type/subtype``; else a guess from the name."""
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if _MIME_RE.match(declared) and declared != DEFAULT_MIME:
        return declared
    guessed = mimetypes.guess_type(name, strict=False)[0]
    return guessed.lower() if guessed and _MIME_RE.match(guessed.lower()) else DEFAULT_MIME


# -- receiving bytes --------------------------------------------------------


class StagedFile:
    """An incoming file: a temp file under the data directory, counted and hashed as bytes arrive.

    Passing ``limit`` deletes the temp file at once and raises a 413. Use it as a
    context manager (or call ``discard``) so that any failure leaves nothing behind;
    ``add_attachment`` moves it into place.
    """

    def __init__(self, settings: Settings, limit: int = MAX_ATTACHMENT_BYTES) -> None:
        directory = settings.attachments_dir / INCOMING_DIR
        directory.mkdir(parents=True, exist_ok=True)
        _sweep_abandoned(directory)
        handle, name = tempfile.mkstemp(dir=directory, prefix="upload-", suffix=".part")
        self.path = Path(name)
        self._file = os.fdopen(handle, "wb")
        self._digest = hashlib.sha256()
        self.limit = limit
        self.size = 0
        self.done = False  # moved into place, or discarded

    def write(self, chunk: bytes) -> None:
        if self.done:
            raise RuntimeError("staged file already finished")
        if self.size + len(chunk) > self.limit:
            self.discard()
            raise too_large()
        try:
            self._file.write(chunk)
        except BaseException:
            self.discard()
            raise
        self._digest.update(chunk)
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def move_to(self, destination: Path) -> None:
        self._file.close()
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.path, destination)
        self.done = True

    def discard(self) -> None:
        """Delete the temp file (idempotent)."""
        self._file.close()
        self.path.unlink(missing_ok=True)
        self.done = True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, _kind: type[BaseException] | None, _error: BaseException | None, _trace: TracebackType | None
    ) -> None:
        if not self.done:
            self.discard()


def _sweep_abandoned(directory: Path) -> None:
    """Delete temp files a crashed process left behind (nothing uploads for a day)."""
    cutoff = time.time() - ABANDONED_AFTER_SECONDS
    for leftover in directory.glob("upload-*.part"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue  # gone already, or not ours to delete


def stage(session: Session) -> StagedFile:
    """A new staged file under this database's data directory."""
    return StagedFile(database_of(session).settings)


def check_declared_size(content_length: int | None) -> None:
    """Refuse a body whose declared length already exceeds the limit, before reading it."""
    if content_length is not None and content_length > MAX_UPLOAD_BODY:
        raise too_large()


# -- lookups ----------------------------------------------------------------


def _card(session: Session, actor: Principal, workspace_id: str, project_id: str, card_id: str) -> tuple[Project, Card]:
    project = access.project_in_workspace(session, actor=actor, workspace_id=workspace_id, project_id=project_id)
    return project, card_of_project(session, project, card_id)


def _attachment_of_card(session: Session, card: Card, attachment_id: str) -> Attachment:
    attachment = session.get(Attachment, attachment_id) if is_id(attachment_id) else None
    if attachment is None or attachment.card_id != card.id:
        raise NotFound("Attachment not found")
    return attachment


def _view(session: Session, attachment: Attachment) -> AttachmentView:
    uploader = session.get(User, attachment.uploaded_by) if attachment.uploaded_by else None
    return AttachmentView(attachment, display_name(uploader))


def _event(actor: Principal, project: Project, card: Card, attachment: Attachment) -> CardUpdated:
    return card_event(
        CardUpdated, actor, project, card, fields=["attachments"], attachmentId=attachment.id, name=attachment.original_name
    )


# -- reading ----------------------------------------------------------------


def list_attachments(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str
) -> list[AttachmentView]:
    """The card's attachments, oldest first."""
    _, card = _card(session, actor, workspace_id, project_id, card_id)
    rows = session.execute(
        select(Attachment, User)
        .outerjoin(User, User.id == Attachment.uploaded_by)
        .where(Attachment.card_id == card.id)
        .order_by(Attachment.created_at, Attachment.id)
    ).all()
    return [AttachmentView(a, display_name(u)) for a, u in rows]


def open_attachment(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, attachment_id: str
) -> AttachmentFile:
    """Metadata and on-disk location of one attachment, for a download."""
    _, card = _card(session, actor, workspace_id, project_id, card_id)
    attachment = _attachment_of_card(session, card, attachment_id)
    path = files.attachment_path(database_of(session).settings, attachment.id)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise NotFound("The attachment's file is missing from the data directory") from None
    return AttachmentFile(_view(session, attachment), path, stat)


# -- writing ----------------------------------------------------------------


def add_attachment(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    staged: StagedFile,
    filename: str | None,
    content_type: str | None = None,
) -> AttachmentView:
    """Keep a received file on the card. Owns ``staged``: on any failure nothing is left behind."""
    destination: Path | None = None
    try:
        if staged.size > MAX_ATTACHMENT_BYTES:
            raise too_large()
        project, card = _card(session, actor, workspace_id, project_id, card_id)
        name = clean_name(filename)
        attachment = Attachment(
            id=new_id(),
            card_id=card.id,
            uploaded_by=actor.user_id,
            original_name=name,
            mime_type=pick_mime_type(content_type, name),
            size=staged.size,
            sha256=staged.sha256,
        )
        session.add(attachment)
        card.attachment_count = Card.attachment_count + 1  # type: ignore[assignment]
        session.flush()
        emit(session, _event(actor, project, card, attachment))
        destination = files.attachment_path(database_of(session).settings, attachment.id)
        staged.move_to(destination)
        stored = destination
        # The row commits with the unit of work: if that fails, the file must go too.
        call_after_rollback(session, lambda: stored.unlink(missing_ok=True))
    except BaseException:
        staged.discard()
        if destination is not None:
            destination.unlink(missing_ok=True)
        session.rollback()
        raise
    return _view(session, attachment)


def attach_file(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    path: Path,
    name: str | None = None,
) -> AttachmentView:
    """Attach a local file by path (the TUI's way in), with the same limits as an upload."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise Invalid.field("path", "is not a readable file")
    if source.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise too_large()
    staged = stage(session)
    with staged:
        try:
            with source.open("rb") as reader:
                while chunk := reader.read(_CHUNK):
                    staged.write(chunk)  # a file that grows while read still stops at the limit
        except OSError as error:
            raise Invalid.field("path", f"cannot be read ({error.strerror or error})") from None
        return add_attachment(
            session,
            actor=actor,
            workspace_id=workspace_id,
            project_id=project_id,
            card_id=card_id,
            staged=staged,
            filename=name or source.name,
        )


def save_attachment_to(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    project_id: str,
    card_id: str,
    attachment_id: str,
    destination: Path,
    overwrite: bool = False,
) -> Path:
    """Copy a stored file to ``destination`` (a file path, or a directory to save it in by name).

    An existing file is refused (409) unless ``overwrite``; a copy never leaves a
    half-written file at the destination. Returns the path written.
    """
    found = open_attachment(
        session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card_id, attachment_id=attachment_id
    )
    target = Path(destination).expanduser()
    if target.is_dir():
        target = target / clean_name(found.view.attachment.original_name)
    if not target.parent.is_dir():
        raise Invalid.field("path", f"{target.parent} is not a directory")
    if target.exists() and not overwrite:
        raise Conflict(f"{target} already exists")
    try:
        if overwrite:
            _copy_replacing(found.path, target)
        else:
            _copy_exclusive(found.path, target)
    except FileExistsError:
        raise Conflict(f"{target} already exists") from None
    except OSError as error:
        raise Invalid.field("path", f"cannot write {target} ({error.strerror or error})") from None
    return target


def _copy_exclusive(source: Path, target: Path) -> None:
    """Create ``target`` (never replacing a file that appeared meanwhile); removed again if the copy fails."""
    with source.open("rb") as reader, target.open("xb") as writer:
        try:
            shutil.copyfileobj(reader, writer, _CHUNK)
        except BaseException:
            writer.close()
            target.unlink(missing_ok=True)
            raise


def _copy_replacing(source: Path, target: Path) -> None:
    """Copy beside ``target`` then rename over it, so a failure never leaves it half-written."""
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".stellary-", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as writer, source.open("rb") as reader:
            shutil.copyfileobj(reader, writer, _CHUNK)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def delete_attachment(
    session: Session, *, actor: Principal, workspace_id: str, project_id: str, card_id: str, attachment_id: str
) -> None:
    """Delete an attachment and its file: the uploader may, a workspace admin may; others get a 403."""
    project, card = _card(session, actor, workspace_id, project_id, card_id)
    attachment = _attachment_of_card(session, card, attachment_id)
    if attachment.uploaded_by != actor.user_id:
        found = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
        if not found.is_admin:
            raise Forbidden("Only the uploader or a workspace admin can delete this attachment")
    emit(session, _event(actor, project, card, attachment))
    session.delete(attachment)
    card.attachment_count = Card.attachment_count - 1  # type: ignore[assignment]
    session.flush()
    files.remove_files_after_commit(session, [attachment.id])
