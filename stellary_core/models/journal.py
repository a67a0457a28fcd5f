"""The event journal: every committed domain event, for the other processes' event streams."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import Base


class JournalEntry(Base):
    """One domain event as ``event_wire`` writes it, stamped with the Database that committed it.

    Ids only grow (SQLite's AUTOINCREMENT never hands out a pruned id again): a reader keeps the
    last id it read and asks for the rows after it.
    """

    __tablename__ = "event_journal"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    committed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    # The committing Database's ``commit_token``: its own feed already delivered these events.
    origin: Mapped[str] = mapped_column(String(32), nullable=False)
    event: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
