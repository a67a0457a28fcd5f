"""Attachment files on disk: stored under the data directory by attachment id, never by name."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from stellary_core.config import Settings
from stellary_core.db import database_of
from stellary_core.events import call_after_commit
from stellary_core.ids import is_id
from stellary_core.models import Attachment, Card, Project, TrashedCard, Workspace

log = logging.getLogger(__name__)


def attachment_path(settings: Settings, attachment_id: str) -> Path:
    if not is_id(attachment_id):  # ids are the only names used on disk
        raise ValueError("not an attachment id")
    return settings.attachments_dir / attachment_id[-2:] / attachment_id


def remove_attachment_files(settings: Settings, attachment_ids: Iterable[str]) -> None:
    """Delete stored files; called after the rows are gone, so a failure leaves only an orphan file."""
    for attachment_id in attachment_ids:
        try:
            attachment_path(settings, attachment_id).unlink(missing_ok=True)
        except OSError:
            log.exception("could not delete attachment file %s", attachment_id)


def remove_files_after_commit(session: Session, attachment_ids: list[str]) -> None:
    """Delete the files of deleted attachment rows once (and only if) their deletion commits."""
    if not attachment_ids:
        return
    settings = database_of(session).settings
    ids = list(attachment_ids)
    call_after_commit(session, lambda: remove_attachment_files(settings, ids))


def attachment_ids_of_cards(session: Session, card_ids: list[str]) -> list[str]:
    if not card_ids:
        return []
    return list(session.scalars(select(Attachment.id).where(Attachment.card_id.in_(card_ids))))


def attachment_ids_of_project(session: Session, project_id: str) -> list[str]:
    """The project's attachments, those of its cards in the trash included (their rows go with the project)."""
    live = session.scalars(select(Attachment.id).join(Card, Card.id == Attachment.card_id).where(Card.project_id == project_id))
    return [*live, *_trashed_attachment_ids(session, TrashedCard.project_id == project_id)]


def attachment_ids_of_org(session: Session, org_id: str) -> list[str]:
    live = session.scalars(
        select(Attachment.id)
        .join(Card, Card.id == Attachment.card_id)
        .join(Project, Project.id == Card.project_id)
        .join(Workspace, Workspace.id == Project.workspace_id)
        .where(Workspace.org_id == org_id)
    )
    of_org = TrashedCard.project_id.in_(
        select(Project.id).join(Workspace, Workspace.id == Project.workspace_id).where(Workspace.org_id == org_id)
    )
    return [*live, *_trashed_attachment_ids(session, of_org)]


def _trashed_attachment_ids(session: Session, where: ColumnElement[bool]) -> list[str]:
    """Attachments of deleted cards kept in the trash: their files stay on disk until the copy goes."""
    return [a["id"] for copy in session.scalars(select(TrashedCard.copy).where(where)) for a in copy.get("attachments", [])]
