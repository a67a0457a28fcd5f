"""Deleted cards kept for a while so that the person who deleted one can bring it back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base


class TrashedCard(Base):
    """A deleted card's copy: the card with its checklist, labels, values, relations, comments and attachments.

    Keyed by the card's id: a card is in the trash at most once, and comes back
    under that id and key. The copy lives in the database, never in a client, so
    what is restored is exactly what was deleted. The deleted attachments' files
    stay on disk while the row exists.
    """

    __tablename__ = "trashed_cards"
    __table_args__ = (Index("ix_trashed_cards_deleted_at", "deleted_at"),)

    card_id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = mapped_column(ID, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True)
    deleted_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    key: Mapped[str] = mapped_column(String(20), nullable=False)
    copy: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
